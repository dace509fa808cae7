"""A new built-in function is one entry in `semantics/functions.py` (plus tests).

The fixtures below register functions the bundled packs do not have, exactly as
a developer would add one to `FUNCTIONS`, and nothing else: no grammar rule, no
AST or IR class, no checker, printer, compiler or SQL-reason code. A rule using
them then lints, prints (a `fmt` round trip), evaluates alike on the python and
DuckDB engines (status, message, reasons, explanation, in both languages), and
is refused with LNV402 on a dialect the entry marks as lacking it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import lnvideo
from lnvideo.api import Ruleset, compile_sources
from lnvideo.cli import main
from lnvideo.compile.to_sql import compile_ruleset
from lnvideo.diagnostics import LnvideoError
from lnvideo.engines.duckdb_engine import DuckDBEngine
from lnvideo.readers import group_by_site
from lnvideo.records import Site
from lnvideo.semantics import functions
from lnvideo.semantics.functions import FUNCTIONS, Function, exp_of
from lnvideo.syntax import ast
from lnvideo.syntax.from_tree import parse
from lnvideo.syntax.printer import format_rule_file, format_text

SPARK_WHY = "this test pretends Spark SQL has no LENGTH"

LENGTH = Function(
    "length",
    params=("text",),
    result="int",
    python=len,
    sql=lambda args, types: exp_of("Length")(this=args[0]),
    doc={"en": "the number of characters of a text", "zh": "文本的字符数"},
    lacks={"spark": SPARK_WHY},
)


def _digits_sql(args: list[Any], types: tuple[str, ...]) -> Any:
    """The number a text of ASCII digits writes, else NULL (the python side: None)."""
    is_digits = exp_of("RegexpLike")(
        this=args[0], expression=exp_of("Literal").string("^[0-9]{1,18}$")
    )
    as_int = exp_of("Cast")(this=args[0].copy(), to=exp_of("DataType").build("BIGINT"))
    return exp_of("Case")().when(is_digits, as_int)


DIGITS = Function(
    "digits",
    params=("text",),
    result="int",
    python=lambda s: int(s) if re.fullmatch(r"[0-9]{1,18}", s) else None,
    sql=_digits_sql,
    doc={"en": "the number a text of digits writes", "zh": "数字文本所表示的数"},
    unknown_reason={"en": "a text is not written in digits", "zh": "文本不是纯数字"},
)

PACK = """\
pack lengths version "1.0"
  extends liaoning
  precedence 10

article 14
  rule LX-1 title en "A short site name" zh "场所名称不过长"
    cites article 14
    obligation on site
    severity warning
    applies when site.has_system
    requires length(site.name) <= 8
    message en "The site name of {site.id} has more than 8 characters"
    message zh "场所{site.id}的名称超过8个字符"

  rule LX-2 title en "A numbered site" zh "场所编号"
    cites article 14
    obligation on site
    severity warning
    requires digits(site.name) > 100 or site.county_code starts with "2102"
    message en "Site {site.id} is not numbered above 100"
    message zh "场所{site.id}编号不大于100"

  example "names and numbers"
    as of 2026-11-30
    site S1 {county_code: "210102", has_system: true, name: "Mall"}
    site S2 {county_code: "210102", has_system: true, name: "Shopping centre"}
    site S3 {county_code: "210102", has_system: true}
    site S4 {county_code: "210102", has_system: false, name: "12345"}
    site S5 {county_code: "210102", has_system: true, name: "42"}
    site S6 {county_code: "210202", has_system: true, name: "Harbour"}
    expect LX-1 satisfied for site S1
    expect LX-1 violated for site S2
    expect LX-1 unknown for site S3
    expect LX-1 not_applicable for site S4
    expect LX-2 unknown for site S1
    expect LX-2 unknown for site S3
    expect LX-2 satisfied for site S4
    expect LX-2 violated for site S5
    expect LX-2 satisfied for site S6
"""


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`length` and `digits` registered as a developer would: one entry each."""
    monkeypatch.setitem(FUNCTIONS, "length", LENGTH)
    monkeypatch.setitem(FUNCTIONS, "digits", DIGITS)
    yield


@pytest.fixture
def pack(registered: None, tmp_path: Path) -> Path:
    path = tmp_path / "lengths.lnv"
    path.write_text(PACK, encoding="utf-8")
    return path


def test_a_rule_using_a_new_function_lints_clean(pack: Path) -> None:
    """`lnvideo lint` accepts the new function: it is typed from its entry."""
    assert main(["lint", str(pack)]) == 0


def test_its_examples_pass(pack: Path) -> None:
    """`lnvideo test` runs the pack's examples with the new functions."""
    assert main(["test", str(pack)]) == 0


def test_a_rule_using_a_new_function_prints_and_reads_back(registered: None) -> None:
    """`fmt` prints `length(site.name)` and reads back the same rule file."""
    out, diags = format_text(PACK, "lengths.lnv")
    assert out is not None and not diags
    assert "requires length(site.name) <= 8" in out
    assert 'digits(site.name) > 100 or site.county_code starts with "2102"' in out
    first, _ = parse(PACK, "a.lnv")
    again, _ = parse(out, "b.lnv")
    assert first == again
    assert format_rule_file(again) == out  # canonical: a second fmt changes nothing


def test_a_new_function_prints_in_chinese_keywords_too(registered: None) -> None:
    """With Chinese keywords the call keeps its name; `starts with` is spelt 开头为."""
    out, _ = format_text(PACK, "lengths.lnv", lang="zh")
    assert out is not None and "length(场所.name) <= 8" in out and "开头为" in out
    first, _ = parse(PACK, "a.lnv")
    again, _ = parse(out, "b.lnv")
    assert first == again


def test_the_call_is_one_generic_node(registered: None) -> None:
    """Both the call form and the keyword form parse to `ast.Call` (no class per function)."""
    rf, _ = parse(PACK, "a.lnv")
    assert rf is not None
    rule = rf.items[0].rules[0]  # type: ignore[union-attr]
    call = rule.requirement.expr.left  # type: ignore[union-attr]
    assert call == ast.Call("length", (ast.Path("site", ("name",)),))
    lx2 = rf.items[0].rules[1]  # type: ignore[union-attr]
    assert lx2.requirement.expr.right.name == "starts_with"  # type: ignore[union-attr]


def _findings(rules: Any, engine: str, lang: str) -> dict[tuple[str, str], Any]:
    ex = next(e for e in rules.ir.examples if e.name == "names and numbers")
    records = list(ex.records)
    if engine == "python":
        bundles, _ = group_by_site(records)
        found = rules.iter_findings(bundles, as_of=ex.as_of, lang=lang, explain=True)
    else:
        found = DuckDBEngine().findings_from_records(
            rules, records, as_of=ex.as_of, lang=lang, explain=True
        )
    return {(f.rule, f.subject.id): f for f in found if f.rule.startswith("LX-")}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_python_and_duckdb_agree_on_a_new_function(pack: Path, lang: str) -> None:
    """Status, message, reasons and explanation are the same from both engines."""
    rules = lnvideo.load_rules(pack)
    py, db = _findings(rules, "python", lang), _findings(rules, "duckdb", lang)
    assert py.keys() == db.keys() and len(py) == 12
    for key, f in py.items():
        g = db[key]
        assert (g.status, g.message, g.explanation) == (f.status, f.message, f.explanation), key
    s3 = py[("LX-1", "S3")]
    assert s3.status.value == "unknown"
    assert ("site.name is missing" if lang == "en" else "缺少 site.name") in s3.message
    s1 = py[("LX-2", "S1")]
    assert s1.status.value == "unknown"
    reason = "a text is not written in digits" if lang == "en" else "文本不是纯数字"
    assert reason in s1.message and reason in s1.explanation.reasons


def test_a_dialect_marked_lacking_refuses_it_with_lnv402(pack: Path) -> None:
    """Spark is marked as lacking `length`: compiling is LNV402 at the call, never a guess."""
    rules = lnvideo.load_rules(pack)
    with pytest.raises(LnvideoError) as info:
        compile_ruleset(rules.ir, "spark", as_of=dt.date(2026, 11, 30), lang="en")
    (d,) = info.value.diagnostics
    assert d.code == "LNV402" and SPARK_WHY in d.message and "`length`" in d.message
    assert d.span is not None and d.span.line == 11  # `requires length(site.name) <= 8`
    compile_ruleset(rules.ir, "duckdb", as_of=dt.date(2026, 11, 30), lang="en")


def _diags(registered: None, requires: str) -> list[str]:
    src = PACK.replace("requires length(site.name) <= 8", f"requires {requires}")
    base = lnvideo.load_rules().ir.sources
    _, diags = compile_sources({**base, "lengths.lnv": src})
    return [f"{d.code} {d.message} | {d.hint}" for d in diags if d.is_error]


def test_an_unknown_function_is_lnv103_with_the_nearest_name(registered: None) -> None:
    """A misspelt function name is located and the hint names the nearest function."""
    (d,) = _diags(None, "lenght(site.name) <= 8")
    assert d.startswith("LNV103 unknown function `lenght`") and "`length`" in d


def test_a_wrong_number_of_arguments_names_the_signature(registered: None) -> None:
    (d,) = _diags(None, 'length(site.name, "x") <= 8')
    assert d.startswith("LNV201 `length` takes 1 argument, not 2")
    assert "length(text) -> number" in d


def test_an_argument_of_the_wrong_type_names_the_signature(registered: None) -> None:
    (d,) = _diags(None, "length(site.retention_days) <= 8")
    assert d.startswith("LNV201 argument 1 of `length` is a number, but it takes a text")
    assert "length(text) -> number" in d


def test_the_result_type_is_the_entrys(registered: None) -> None:
    """`length(…)` is a number: using it as a condition is a type error."""
    (d,) = _diags(None, "length(site.name)")
    assert d.startswith("LNV201 expected a condition")


def test_starts_with_is_an_entry_and_keeps_its_keyword_form() -> None:
    """The built-in `starts with` is the `starts_with` entry; both spellings mean it."""
    f = FUNCTIONS["starts_with"]
    assert f.infix == "STARTS_WITH" and f.signature == "starts_with(text, text) -> true/false"
    assert set(f.doc) == {"en", "zh"}
    src = lnvideo.load_rules().ir.sources
    path = next(p for p in src if p.endswith("measures.lnv"))
    text = src[path].replace(
        'in scope when site.county_code starts with "21"',
        'in scope when starts_with(site.county_code, "21")',
    )
    assert text != src[path]
    ruleset, diags = compile_sources({**src, path: text})
    assert ruleset is not None, [str(d) for d in diags if d.is_error]
    rules = Ruleset(ruleset)
    as_of = dt.date(2026, 11, 30)
    for code, status in (("110101", "not_applicable"), ("210102", "satisfied")):
        report = rules.check_site(Site(id="S1", county_code=code), as_of=as_of)
        assert report.finding("LN-3", "S1").status.value == status


def test_every_entry_is_complete() -> None:
    """Every registered function has its lowerings, a doc in both languages, known kinds."""
    for name, f in functions.FUNCTIONS.items():
        assert f.name == name
        assert callable(f.python) and callable(f.sql)
        assert set(f.doc) >= {"en", "zh"}, name
        assert all(p in functions.KINDS for p in f.params), name
        assert f.result in {"bool", "int", "str", "date"}, name
        if f.unknown_reason is not None:
            assert set(f.unknown_reason) >= {"en", "zh"}, name
