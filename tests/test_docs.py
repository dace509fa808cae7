"""The documentation site: both editions build, and what they show is true.

Builds the English edition with warnings as errors and the Chinese edition
(`-D language=zh_CN`) from a temporary copy of `docs/` (the generated pages go
into the copy, never into the checkout), side by side as `html/en` and
`html/zh_CN`; checks the article pages, the coverage and parameters pages,
languages, search, and parses every rule-language example of the language
reference with the real parser.
"""

from __future__ import annotations

import json
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
    from lnvideo.diagnostic_help import missing_help
    from lnvideo.sphinxext import missing_diagnostic_help

    assert missing_help() == []
    assert missing_diagnostic_help() == []


def _text(page: Path) -> str:
    return re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both editions built with -W from a temporary copy of docs/: `en`, then `zh_CN`."""
    pytest.importorskip("sphinx")
    pytest.importorskip("furo")
    pytest.importorskip("myst_parser")
    from sphinx.cmd.build import build_main

    root = tmp_path_factory.mktemp("docs")
    src = root / "src"
    shutil.copytree(DOCS, src, ignore=shutil.ignore_patterns("_build", "articles", "*.mo"))
    out = root / "html"
    status = build_main(
        ["-W", "-q", "-b", "html", "-d", str(root / "doctrees-en"), str(src), str(out / "en")]
    )
    assert status == 0, "sphinx-build -W failed; run it on docs/ to see the warnings"
    status = build_main(
        [
            "-W",
            "-q",
            "-b",
            "html",
            "-D",
            "language=zh_CN",
            "-d",
            str(root / "doctrees-zh"),
            str(src),
            str(out / "zh_CN"),
        ]
    )
    assert status == 0, "the Chinese edition failed to build"
    return out


@pytest.fixture(scope="module")
def built_site(editions: Path) -> Path:
    """The English edition."""
    return editions / "en"


@pytest.fixture(scope="module")
def zh_site(editions: Path) -> Path:
    """The Chinese edition."""
    return editions / "zh_CN"


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
def test_chinese_article_pages_are_chinese(zh_site: Path) -> None:
    """Every Chinese article page is `lang="zh-CN"`, headed 第N条 with its Chinese title, in Chinese words."""
    for n in range(1, 15):
        page = (zh_site / "articles" / f"article-{n:02d}.html").read_text(encoding="utf-8")
        assert '<html class="no-js" lang="zh-CN"' in page or 'lang="zh-CN"' in page.split(">", 2)[1]
        h1 = re.search(r"<h1>(.*?)<a", page, re.S)
        assert h1 is not None
        assert re.match(r"第[一二三四五六七八九十]+条 [\u4e00-\u9fff]", h1.group(1)), h1.group(1)
        assert "本条出处" in page
    a12 = _text(zh_site / "articles" / "article-12.html")
    for words in ("第一款的规则", "第二款的规则", "判断过程示例", "示例", "引用", "期限"):
        assert words in a12, words
    assert "Worked explanation" not in a12


@pytest.mark.docs
def test_english_snippets_on_chinese_pages_are_marked(zh_site: Path, built_site: Path) -> None:
    """The Chinese pages mark English snippets `lang="en"`; the English pages mark Chinese ones `lang="zh-CN"`."""
    zh = (zh_site / "articles" / "article-12.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="[^"]*" lang="en">Article 12 — Registration and changes', zh)
    assert re.search(r'<span class="[^"]*" lang="en">Not registered with', zh)
    en = (built_site / "articles" / "article-12.html").read_text(encoding="utf-8")
    assert '<html class="no-js" lang="en"' in en
    assert re.search(r'lang="zh-CN">第十二条 备案与变更', en)
    index = (built_site / "index.html").read_text(encoding="utf-8")
    assert (
        '<span class="language-zh-CN" lang="zh-CN">辽宁省公共安全视频图像信息系统管理办法</span>'
        in index
        or ('lang="zh-CN">辽宁省公共安全视频图像信息系统管理办法' in index)
    )
    legal = (zh_site / "guides" / "legal.html").read_text(encoding="utf-8")
    assert "<h1>法务与合规人员指南" in legal
    diagnostics = _text(zh_site / "reference" / "diagnostics.html")
    assert "LNV101 — 未知字段" in diagnostics and "如何修正" in diagnostics


@pytest.mark.docs
def test_every_page_links_to_the_other_edition(editions: Path) -> None:
    """Each page of each edition links to the same page in the other edition."""
    for lang, other in (("en", "zh_CN"), ("zh_CN", "en")):
        for page in (editions / lang).rglob("*.html"):
            if page.name in ("search.html", "genindex.html", "py-modindex.html"):
                continue
            rel = page.relative_to(editions / lang)
            html = page.read_text(encoding="utf-8")
            m = re.search(r'<p class="lnv-edition">.*?href="([^"]+)"', html)
            assert m is not None, f"{lang}/{rel}: no edition link"
            target = (page.parent / m.group(1)).resolve()
            assert target == (editions / other / rel).resolve(), f"{lang}/{rel} -> {m.group(1)}"
            assert target.is_file(), f"{lang}/{rel} -> {m.group(1)}"


def _search_terms(site: Path) -> dict[str, object]:
    raw = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    return index


@pytest.mark.docs
def test_chinese_search_finds_words(zh_site: Path) -> None:
    """The Chinese search index splits words: 备案, 录像, 保存, 变更 each lead to article pages."""
    index = _search_terms(zh_site)
    terms, titles, docnames = index["terms"], index["titleterms"], index["docnames"]
    assert isinstance(terms, dict) and isinstance(titles, dict) and isinstance(docnames, list)
    for word in ("备案", "录像"):
        assert word in terms, word
    for word in ("备案", "录像", "保存", "变更"):
        docs = []
        for table in (terms, titles):
            hits = table.get(word, [])
            docs += [docnames[i] for i in (hits if isinstance(hits, list) else [hits])]
        assert any(d.startswith("articles/article-") for d in docs), (word, docs)


@pytest.mark.docs
def test_every_article_page_names_its_source(built_site: Path, zh_site: Path) -> None:
    """Each article page, in both editions, names its instrument, order number, dates and where it is published."""
    for n in range(1, 15):
        en = _text(built_site / "articles" / f"article-{n:02d}.html")
        for words in (
            "Where this article comes from",
            "Liaoning Province Public Security Video Image Information System Management Measures",
            "Order No. 211",
            "Adopted: 2007-10-07",
            "In force from: 2008-01-01",
            "Official text published in",
        ):
            assert words in en, (n, words)
        zh = _text(zh_site / "articles" / f"article-{n:02d}.html")
        for words in (
            "辽宁省公共安全视频图像信息系统管理办法",
            "第211号",
            "通过日期: 2007-10-07",
            "施行日期: 2008-01-01",
            "官方文本刊载于",
        ):
            assert words in zh, (n, words)


@pytest.mark.docs
def test_coverage_goes_down_to_parts(built_site: Path, zh_site: Path) -> None:
    """The coverage matrix has one row per instrument, rows per part, the reasons for parts not checkable,
    and says what an expectation is."""
    en = _text(built_site / "articles" / "coverage.html")
    assert "By instrument" in en
    assert "the paragraphs after paragraph 1" in en  # Art. 13 beyond para. 1
    assert "no record shows a principle kept or broken" in en  # Art. 5 para. 1
    assert "A statement of purpose" in en  # Art. 1
    assert "Expectations counts" in en
    zh = _text(zh_site / "articles" / "coverage.html")
    for words in ("按法规", "按条、款、项", "第一款以外的各款", "不可检查", "预期结论数为"):
        assert words in zh, words


@pytest.mark.docs
def test_parameters_page_lists_every_number(built_site: Path, zh_site: Path) -> None:
    """The parameters page gives each number, its article and the rules that use it."""
    en = _text(built_site / "articles" / "parameters.html")
    for words in ("24 hours", "15 days", "1 year", "30 days", "3 working days"):
        assert words in en, words
    row = re.search(r"registration_days.*?LN-12\.1a.*?LN-12\.2", en, re.S)
    assert row is not None
    zh = _text(zh_site / "articles" / "parameters.html")
    for words in ("24小时", "15日", "1年", "30日", "3个工作日", "第十二条第一款"):
        assert words in zh, words


@pytest.mark.docs
def test_article_14_folds_what_repeats(built_site: Path) -> None:
    """Art. 14's interpretations appear once each, folded; examples are folded; rule sources wrap."""
    page = (built_site / "articles" / "article-14.html").read_text(encoding="utf-8")
    assert page.count("<summary><code>missing_is_unknown</code>") == 1
    assert page.count('<details class="lnv-example">') >= 3
    assert "lnv-rule-source" in page
    css = (built_site / "_static" / "lnvideo.css").read_text(encoding="utf-8")
    assert re.search(r"div\.lnv-rule-source pre[^{]*\{[^}]*pre-wrap", css)


@pytest.mark.docs
def test_done_on_shows_the_filing_date(built_site: Path) -> None:
    """An example whose filing date the engine found shows it under "Done on" instead of a dash."""
    text = _text(built_site / "articles" / "article-12.html")
    assert "(2026-10-08)" in text


@pytest.mark.docs
def test_diagrams_are_drawn(built_site: Path, zh_site: Path) -> None:
    """The pipeline and the status decision are drawn as SVG in both languages."""
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="lnv-diagram"' in (
        built_site / "guides" / "developers.html"
    ).read_text(encoding="utf-8")
    zh_index = (zh_site / "index.html").read_text(encoding="utf-8")
    assert "结论如何得出" in zh_index and "违反" in zh_index


@pytest.mark.docs
def test_no_page_mentions_the_internal_spec(built_site: Path) -> None:
    """No page refers to "SPEC", a document the site does not have."""
    for page in built_site.rglob("*.html"):
        assert "SPEC" not in _text(page), page.name


@pytest.mark.docs
def test_no_zero_days_late_for_hours(editions: Path) -> None:
    """No page says "0 days late" (or 逾期0日) for a deadline counted in hours."""
    for page in editions.rglob("*.html"):
        text = _text(page)
        assert "0 days late" not in text and "逾期0日" not in text, page.name


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


# --------------------------------------------------------------------------- seen on the built site


def _untranslated(html: str) -> list[str]:
    """Paragraphs, headings, list items and cells marked English on a Chinese page because
    nothing translated them (not the English lines the generators add on purpose, which are
    `lnv-other`): their text, without code and identifiers, has two or more English words."""
    out = []
    for m in re.finditer(r"<(p|h[1-6]|li|dt|dd|td|th|caption)\b([^>]*)>(.*?)</\1>", html, re.S):
        attrs, body = m.group(2), m.group(3)
        if 'lang="en"' not in attrs or "lnv-other" in attrs:
            continue
        body = re.sub(r"<(code|pre)\b.*?</\1>", "", body, flags=re.S)
        text = re.sub(r"<[^>]+>", "", body)
        text = re.sub(r"\b\w*_\w*\b|lnvideo \w+", "", text)
        if len(re.findall(r"[A-Za-z]{3,}", text)) >= 2:
            out.append(text.strip()[:80])
    return out


@pytest.mark.docs
@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "guides/legal.html",
        "guides/developers.html",
        "time.html",
        "calendar-format.html",
        "reference/language.html",
        "reference/records.html",
        "reference/cli.html",
        "reference/diagnostics.html",
        "articles/index.html",
        "articles/article-12.html",
        "articles/coverage.html",
        "articles/parameters.html",
        "articles/national-provisions.html",
    ],
)
def test_chinese_pages_leave_no_english_paragraph(zh_site: Path, page: str) -> None:
    """The reader's pages of the Chinese edition are translated: no paragraph, heading or list
    item is left in English. (The Python API reference is English docstrings; the architecture
    and scale pages are translated too but change with the code and the benchmarks, so they are
    not held to this here.)"""
    assert _untranslated((zh_site / page).read_text(encoding="utf-8")) == []


def _sidebar(page: str) -> str:
    """The navigation tree of a built page."""
    start = page.index('class="sidebar-tree"')
    return page[start : page.index("</aside>", start)]


@pytest.mark.docs
def test_chinese_theme_words(zh_site: Path) -> None:
    """The theme's own words (footer, previous/next, navigation) are Chinese on Chinese pages."""
    page = (zh_site / "articles" / "article-12.html").read_text(encoding="utf-8")
    footer = page[page.index("<footer>") :]
    footer_text = re.sub(r"<[^>]+>", " ", footer)
    for words in ("上一页", "下一页", "版权所有", "本站以 Sphinx 及 Furo 主题构建"):
        assert words in footer_text, words
    for english in ("Previous", "Next", "Made with", "pradyunsg", "Copyright"):
        assert english not in footer_text, english
    nav = _sidebar(page)
    assert ">架构<" in nav and ">Architecture<" not in nav


@pytest.mark.docs
def test_chinese_search_page_runs(zh_site: Path, built_site: Path) -> None:
    """The search page's stemmer is one its scripts define: Sphinx's Chinese search binds
    `ChineseStemmer`, which no file defines, and the browser stopped before searching."""
    for site in (zh_site, built_site):
        js = (site / "_static" / "language_data.js").read_text(encoding="utf-8")
        m = re.search(r"window\.Stemmer = (\w+);", js)
        assert m is not None
        assert re.search(rf"\b(var|let|const)\s+{m.group(1)}\s*=", js), m.group(1)


@pytest.mark.docs
def test_navigation_tells_instruments_apart(zh_site: Path, built_site: Path) -> None:
    """The sidebar lists each instrument's articles together, and an article of another
    instrument than the Measures says which: two "第一条 立法目的" are told apart."""
    for site, mine, other in (
        (zh_site, "第一条 立法目的（国家条例）", "第三条（国家条例）"),
        (built_site, "Article 1 Purpose (national Regulation)", "Article 3 (national Regulation)"),
    ):
        page = (site / "articles" / "article-12.html").read_text(encoding="utf-8")
        nav = _sidebar(page)
        titles = [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<a [^>]*>(.*?)</a>", nav)]
        assert mine in titles and other in titles
        shown = [t for t in titles if t]
        assert len(shown) == len(set(shown)), sorted(t for t in shown if shown.count(t) > 1)
        docs = re.findall(r'href="([\w-]+)\.html"', nav)
        measures = [i for i, d in enumerate(docs) if re.fullmatch(r"article-\d\d", d)]
        national = [i for i, d in enumerate(docs) if d.startswith("national-")]
        assert measures and national and max(measures) < min(national)


@pytest.mark.docs
def test_unnumbered_provisions_have_anchors(zh_site: Path, built_site: Path) -> None:
    """The provisions without an article number have a page, an anchor each, their rules,
    and the coverage matrix links their rules there."""
    for site, title in ((built_site, "Notice signs"), (zh_site, "提示标识")):
        page = (site / "articles" / "national-provisions.html").read_text(encoding="utf-8")
        for anchor in ("national-provision-1", "national-provision-2", "rule-nr-sign"):
            assert f'id="{anchor}"' in page, anchor
        assert title in _text(site / "articles" / "national-provisions.html")
        assert 'id="liaoning-trades-provision-1"' in (
            site / "articles" / "liaoning_trades-provisions.html"
        ).read_text(encoding="utf-8")
        coverage = (site / "articles" / "coverage.html").read_text(encoding="utf-8")
        assert 'href="national-provisions.html#rule-nr-priv"' in coverage
        assert 'href="national-provisions.html#national-provision-2"' in coverage
    zh = _text(zh_site / "articles" / "national-provisions.html")
    assert "引用: 未编号规定" in zh and "全条" not in zh


@pytest.mark.docs
def test_records_page_lists_pack_vocabulary(zh_site: Path, built_site: Path) -> None:
    """The records page lists the values and site fields the bundled packs declare, with the pack."""
    for site, meaning in ((built_site, "A pawnshop"), (zh_site, "典当行")):
        text = _text(site / "reference" / "records.html")
        row = re.search(r"site\.place_category\s*pawnshop\s*liaoning_trades\s*(.*?)\n", text)
        assert row is not None and meaning in row.group(1), text[-2000:]
        assert re.search(r"site\.signage\s*\S.*?\s*national", text, re.S)
        assert re.search(r"camera\.place\s*fitting_room\s*national", text)


@pytest.mark.docs
def test_chinese_periods_and_orders(zh_site: Path) -> None:
    """Chinese pages count periods in Chinese words and give the instruments' numbers in Chinese;
    a parameter's citations are in article order."""
    time = _text(zh_site / "time.html")
    assert "2026-09-05 + 30日 → 2026-10-08。" in time and "days →" not in time
    index = _text(zh_site / "articles" / "index.html")
    assert "辽宁省人民政府令第211号" in index and "国务院令第799号" in index
    assert "Order No. 211" not in index
    params = _text(zh_site / "articles" / "parameters.html")
    assert "第十七条第二款、第十七条第三款" in params
    coverage = (zh_site / "articles" / "coverage.html").read_text(encoding="utf-8")
    assert "（第三条）" in coverage  # Art. 5 para. 2 applied through LN-3, in Chinese brackets
    assert '<span class="lnv-repeat">第五条</span>' in coverage  # named again on a phone


@pytest.mark.docs
def test_api_reference_has_read_records(built_site: Path) -> None:
    """`read_records`, which the package re-exports, is in the API reference with its example."""
    page = (built_site / "reference" / "api.html").read_text(encoding="utf-8")
    assert 'id="lnvideo.readers.read_records"' in page
    entry = page[page.index('id="lnvideo.readers.read_records"') :][:4000]
    assert "Example" in entry and "LNV011" in entry


@pytest.mark.docs
def test_chinese_command_output(zh_site: Path, built_site: Path) -> None:
    """The Chinese edition runs the guides' commands with `--lang zh` and shows Chinese output;
    the English edition shows them as written."""
    zh = _text(zh_site / "guides" / "developers.html")
    assert "$ lnvideo check --lang zh --as-of 2026-11-30 examples/registration.jsonl" in zh
    assert "第十二条 · 备案与变更" in zh and "# 退出状态" in zh
    en = _text(built_site / "guides" / "developers.html")
    assert "$ lnvideo check --as-of 2026-11-30 examples/registration.jsonl" in en
    assert "--lang zh --as-of" not in en
