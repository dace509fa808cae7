"""The documentation site: it builds with warnings as errors, and what it shows is true.

Builds the Sphinx site from `docs/` into a temporary directory (the generated
pages go into a temporary copy of the source tree, never into the checkout),
checks the Article 12 page, and parses every rule-language example of the
language reference with the real parser.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lnvideo.syntax.from_tree import parse

DOCS = Path(__file__).resolve().parent.parent / "docs"
LANGUAGE_PAGE = DOCS / "reference" / "language.md"
HEADER = 'pack demo version "1"\n'


def _blocks(page: Path) -> list[tuple[int, str]]:
    """The ```lnvideo fenced blocks of a Markdown page, with their line numbers."""
    text = page.read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r"^```lnvideo[ \t]*\n(.*?)^```[ \t]*$", text, re.S | re.M):
        out.append((text.count("\n", 0, m.start()) + 1, m.group(1)))
    return out


def _standalone(block: str) -> str:
    """A block as a whole file: a block that is not a pack gets a one-line header,
    and a rule quoted on its own is put under an article, as in a real file."""
    if re.search(r"^\s*(pack|规则包)\s", block, re.M):
        return block
    if re.match(r"\s*(rule|规则)\s", block):
        return HEADER + "article 1\n" + block
    return HEADER + block


LANGUAGE_BLOCKS = _blocks(LANGUAGE_PAGE)


def test_language_reference_has_examples() -> None:
    """The language reference shows at least one example per family of constructs."""
    assert len(LANGUAGE_BLOCKS) >= 15


@pytest.mark.parametrize(
    "block", [b for _, b in LANGUAGE_BLOCKS], ids=[f"line{n}" for n, _ in LANGUAGE_BLOCKS]
)
def test_language_reference_block_parses(block: str) -> None:
    """Every ```lnvideo block of the language reference parses with the real parser."""
    rule_file, diags = parse(_standalone(block), "language.md")
    assert diags == [], "\n".join(d.render() for d in diags)
    assert rule_file is not None


@pytest.mark.parametrize("page", ["guides/legal.md"], ids=["legal-guide"])
def test_guide_blocks_parse(page: str) -> None:
    """The rule-language blocks quoted in the guides parse too."""
    for _, block in _blocks(DOCS / page):
        _, diags = parse(_standalone(block), page)
        assert diags == [], "\n".join(d.render() for d in diags)


def test_every_diagnostic_code_is_documented() -> None:
    """Each code of the diagnostics catalogue has a help entry for the reference page."""
    from lnvideo.sphinxext import missing_diagnostic_help

    assert missing_diagnostic_help() == []


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built with `sphinx-build -W` from a temporary copy of docs/."""
    pytest.importorskip("sphinx")
    pytest.importorskip("furo")
    pytest.importorskip("myst_parser")
    from sphinx.cmd.build import build_main

    root = tmp_path_factory.mktemp("docs")
    src = root / "src"
    shutil.copytree(DOCS, src, ignore=shutil.ignore_patterns("_build", "articles"))
    out = root / "html"
    status = build_main(
        ["-W", "-q", "-b", "html", "-d", str(root / "doctrees"), str(src), str(out)]
    )
    assert status == 0, "sphinx-build -W failed; run it on docs/ to see the warnings"
    return out


@pytest.mark.docs
def test_site_builds_with_every_article(built_site: Path) -> None:
    """The build with warnings as errors produces one page per article 1-14 and the coverage matrix."""
    for n in range(1, 15):
        assert (built_site / "articles" / f"article-{n:02d}.html").is_file()
    assert (built_site / "articles" / "coverage.html").is_file()
    assert (built_site / "reference" / "diagnostics.html").is_file()
    assert (built_site / "reference" / "cli.html").is_file()


@pytest.mark.docs
def test_article_12_page_names_its_rules(built_site: Path) -> None:
    """The Article 12 page names LN-12.1a, LN-12.1b and LN-12.2 and shows the worked example."""
    page = (built_site / "articles" / "article-12.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert "Article 12 — Registration and changes" in text
    assert "备案与变更" in text
    for rule in ("LN-12.1a", "LN-12.1b", "LN-12.2"):
        assert rule in text
    assert "Worked explanation" in text
    assert "moved to 2026-10-08" in text
    assert "DIFFERS" not in text


@pytest.mark.docs
def test_not_checkable_article_says_why(built_site: Path) -> None:
    """An article without rules (Article 1) says why none can be written."""
    page = (built_site / "articles" / "article-01.html").read_text(encoding="utf-8")
    assert "Why no rule checks this article" in page


@pytest.mark.docs
def test_diagnostics_page_lists_every_code(built_site: Path) -> None:
    """The diagnostics reference has an entry for every catalogue code."""
    from lnvideo.diagnostics import CATALOGUE

    page = (built_site / "reference" / "diagnostics.html").read_text(encoding="utf-8")
    for code in CATALOGUE:
        assert f'id="{code.lower()}"' in page, code


@pytest.mark.docs
def test_api_reference_examples_run(tmp_path: Path) -> None:
    """The `Example:` doctests shown in the API reference pass under Sphinx's doctest builder."""
    pytest.importorskip("sphinx")
    from sphinx.cmd.build import build_main

    src = tmp_path / "src"
    shutil.copytree(DOCS, src, ignore=shutil.ignore_patterns("_build", "articles"))
    out = tmp_path / "doctest"
    status = build_main(["-q", "-b", "doctest", "-d", str(tmp_path / "dt"), str(src), str(out)])
    report = (out / "output.txt").read_text(encoding="utf-8")
    assert status == 0, report
    assert " 0 failures in tests" in report
