"""Which pages are generated, from which rule packs, and writing them into the source tree.

Input: the rule packs bundled with lnvideo (every pack directory next to the
Measures pack, so a newly bundled pack appears without code changes), the docs
data file `_data/sources.toml` of the docs source directory, and a language.
Output: `GeneratedPage` values and the files under the docs source directory
(`articles/*.md`, `reference/diagnostics.md`, `reference/cli.md`,
`reference/records.md`; all git-ignored), rewritten only when their text changes.

Invariant: the pages are a pure function of (packs, docs data, language).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from lnvideo.sphinxext.articles import (
    DocsData,
    article_doc,
    article_page,
    articles_index,
    coverage_page,
    provisions_doc,
    provisions_of,
    provisions_page,
)
from lnvideo.sphinxext.parameters import parameters_page
from lnvideo.sphinxext.reference import cli_page, diagnostics_page, records_page

__all__ = [
    "GENERATED_DIRS",
    "GENERATED_FILES",
    "GeneratedPage",
    "docs_ruleset",
    "generate_pages",
    "write_pages",
]

#: Paths (relative to the docs source dir) that `generate_pages` owns.
GENERATED_DIRS: tuple[str, ...] = ("articles",)
GENERATED_FILES: tuple[str, ...] = (
    "reference/diagnostics.md",
    "reference/cli.md",
    "reference/records.md",
)

#: The docs data file, relative to the docs source dir.
DATA_FILE = "_data/sources.toml"


@attrs.frozen
class GeneratedPage:
    """One generated page: its path under the docs source dir and its Markdown text."""

    path: str
    text: str


def bundled_pack_dirs() -> list[Path]:
    """The bundled Measures pack first, then every other bundled pack directory, by name."""
    from lnvideo.resources import bundled_pack_dir

    base = bundled_pack_dir()
    others = (
        sorted(
            p for p in base.parent.iterdir() if p.is_dir() and p != base and any(p.glob("*.lnv"))
        )
        if base.parent.is_dir()
        else []
    )
    return [base, *others]


def docs_ruleset(warn: Any = None) -> Any:
    """Every bundled pack loaded together; the Measures pack alone if they do not load together."""
    import lnvideo
    from lnvideo.diagnostics import LnvideoError

    dirs = bundled_pack_dirs()
    if len(dirs) > 1:
        try:
            return lnvideo.load_rules(*dirs[1:])
        except LnvideoError as exc:
            if warn is not None:
                warn(
                    f"the bundled packs do not load together, documenting the Measures alone: {exc}"
                )
    return lnvideo.load_rules()


def generate_pages(
    ruleset: Any | None = None, lang: str = "en", data: DocsData | None = None
) -> list[GeneratedPage]:
    """Every generated page, from the bundled packs (or `ruleset`), in `lang`.

    Example:
        >>> pages = generate_pages()
        >>> sorted(p.path for p in pages)[:2]
        ['articles/article-01.md', 'articles/article-02.md']
    """
    rs = ruleset if ruleset is not None else docs_ruleset()
    data = data or DocsData()
    pages = [
        GeneratedPage("articles/index.md", articles_index(rs, lang, data)),
        GeneratedPage("articles/coverage.md", coverage_page(rs, lang, data)),
        GeneratedPage("articles/parameters.md", parameters_page(rs, lang)),
    ]
    for info in rs.ir.articles:
        pages.append(
            GeneratedPage(
                f"articles/{article_doc(rs.ir, info)}.md", article_page(rs, info, lang, data)
            )
        )
    for pack in dict.fromkeys(p.pack for p in provisions_of(rs.ir)):
        pages.append(
            GeneratedPage(
                f"articles/{provisions_doc(pack)}.md", provisions_page(rs, pack, lang, data)
            )
        )
    pages.append(GeneratedPage("reference/diagnostics.md", diagnostics_page(lang)))
    pages.append(GeneratedPage("reference/cli.md", cli_page(lang)))
    pages.append(GeneratedPage("reference/records.md", records_page(lang, rs)))
    return pages


def write_pages(srcdir: Path, pages: list[GeneratedPage]) -> list[Path]:
    """Write pages under `srcdir`, touching only files whose text changed; drop stale ones.

    Returns the paths written.
    """
    written: list[Path] = []
    keep = {srcdir / p.path for p in pages}
    for d in GENERATED_DIRS:
        for old in (srcdir / d).glob("*.md") if (srcdir / d).is_dir() else ():
            if old not in keep:
                old.unlink()
    for page in pages:
        target = srcdir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = page.text.rstrip("\n") + "\n"
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
