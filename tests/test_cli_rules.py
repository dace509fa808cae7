"""The rule tools through `lnvideo.cli.main`: lint, test, explain and coverage.

Exit codes: 0 fine (warnings allowed), 1 a lint error or a failed example, 2 the
rules or the arguments could not be used.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lnvideo
from lnvideo.cli import main

GOLDEN = Path(__file__).parent / "golden"
BAD = GOLDEN / "bad"


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


CITY = 'pack shenyang version "1.0"\n  extends liaoning\n  precedence 10\n'


# ---------------------------------------------------------------- lint
def test_lint_bundled_pack_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled Measures pack lints with no error and no warning."""
    assert main(["lint"]) == 0
    err = capsys.readouterr().err
    assert "0 error(s), 0 warning(s)" in err


def test_lint_good_golden_files_are_clean(capsys: pytest.CaptureFixture[str]) -> None:
    """The good golden packs lint clean together with the bundled pack they extend."""
    assert main(["lint", str(GOLDEN / "good")]) == 0
    assert "2 files linted: 0 error(s), 0 warning(s)" in capsys.readouterr().err


def test_lint_misspelt_field_names_file_line_and_right_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt field is reported with its file, line and column, and the right name."""
    path = _write(
        tmp_path,
        "city.lnv",
        CITY
        + (
            "article 14\n"
            "  rule SY-14 cites article 14 item 7\n"
            "    obligation on site\n"
            "    requires site.retension_days >= 30\n"
            '    message en "Too short"\n'
            '    message zh "太短"\n'
        ),
    )
    assert main(["lint", path]) == 1
    err = capsys.readouterr().err
    assert f"{path}:7:14: error[LNV101]: unknown field `retension_days` on site" in err
    assert "did you mean `retention_days`?" in err
    assert "   7 |     requires site.retension_days >= 30" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("clause", "line", "words"),
    [
        ("    requires site.has_system == true\n", 7, "`==` is not a comparison in rules"),
        ('    requires site.has_system\n    mesage en "x"\n', 8, "did you mean `message`?"),
        ("    requires site.retention_days >=\n", 7, "the file ends too early"),
        ('    message en "unclosed\n', 7, 'this text has no closing `"` on its line'),
    ],
    ids=["double-equals", "misspelt-keyword", "ends-early", "unclosed-text"],
)
def test_lint_syntax_error_at_its_line_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clause: str, line: int, words: str
) -> None:
    """A syntax error is reported at its line in words, with no parser jargon."""
    path = _write(
        tmp_path,
        "city.lnv",
        CITY + "article 6\n  rule SY-6 cites article 6\n    obligation on site\n" + clause,
    )
    assert main(["lint", path]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{line}:" in err
    assert "error[LNV102]" in err and words in err
    for jargon in ("Token", "$END", "LALR", "Traceback", "RULE_ID", "__ANON"):
        assert jargon not in err


def test_lint_warnings_only_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """Warnings (an unused parameter) are shown but do not fail the lint."""
    assert main(["lint", str(BAD / "unused.lnv")]) == 0
    err = capsys.readouterr().err
    assert "warning[LNV106]: parameter `city_days` is never used" in err
    assert "0 error(s), 3 warning(s)" in err


def test_lint_unreadable_path_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A rule file that cannot be read is LNV107 and exit 2."""
    assert main(["lint", str(tmp_path / "missing.lnv")]) == 2
    assert "error[LNV107]" in capsys.readouterr().err


def test_lint_reports_every_problem_sorted(capsys: pytest.CaptureFixture[str]) -> None:
    """All problems of a file come out in one run, in the order of their lines."""
    assert main(["lint", str(BAD / "unknown_name.lnv")]) == 1
    err = capsys.readouterr().err
    heads = [ln for ln in err.splitlines() if "error[" in ln]
    assert len(heads) == 3
    positions = [tuple(int(x) for x in h.split(":")[1:3]) for h in heads]
    assert positions == sorted(positions)


# ---------------------------------------------------------------- test
def test_test_bundled_examples_pass(capsys: pytest.CaptureFixture[str]) -> None:
    """All the bundled pack's example expectations pass, counted as the pack writes them."""
    import pathlib

    source = (pathlib.Path(__file__).parent.parent / "rules/liaoning/measures.lnv").read_text()
    lines = [line.strip() for line in source.splitlines()]
    expects = sum(line.startswith("expect ") for line in lines)
    examples = sum(line.startswith("example ") for line in lines)
    assert expects >= 93 and examples >= 17
    assert main(["test"]) == 0
    assert f"{expects} expectations in {examples} examples: all met" in capsys.readouterr().out


def test_test_wrong_expectation_is_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A failing expectation shows the rule, subject, expected and actual status, and why."""
    path = _write(
        tmp_path,
        "wrong.lnv",
        CITY
        + (
            "article 14\n"
            '  example "a deliberately wrong expectation"\n'
            "    as of 2026-11-30\n"
            '    site S1 {county_code: "210102", retention_days: 7}\n'
            "    expect LN-14.1.7 satisfied for site S1\n"
        ),
    )
    assert main(["test", path]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "a deliberately wrong expectation" in out
    assert "LN-14.1.7 for site S1" in out
    assert "status is violated, expected satisfied" in out
    assert "requires site.retention_days >= min_retention" in out
    assert "site.retention_days = 7" in out
    assert "1 expectation in 1 example: 1 failed, 0 met" in out


def test_test_broken_pack_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    """`lnvideo test` on rules that do not compile shows the diagnostics and exits 2."""
    assert main(["test", str(BAD / "unknown_field.lnv")]) == 2
    assert "did you mean `place_category`?" in capsys.readouterr().err


def test_test_good_golden_files_pass(capsys: pytest.CaptureFixture[str]) -> None:
    """The examples of the good golden packs pass, Chinese keywords included."""
    assert main(["test", str(GOLDEN / "good")]) == 0
    assert "5 expectations in 2 examples: all met" in capsys.readouterr().out


# ---------------------------------------------------------------- explain and coverage
def test_explain_shows_rule_article_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """`explain` prints the rule's text, its article, its interpretations and examples."""
    assert main(["explain", "LN-12.1a"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("LN-12.1a — Registered within 30 days of going into use")
    assert "Article 12" in out
    assert "within registration_days after site.in_use_on" in out
    assert "civil_code_periods:" in out
    assert "“filed on day 30”" in out


def test_explain_unknown_rule_suggests_and_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown rule id exits 2 with a near id suggested."""
    assert main(["explain", "LN-14.1.77"]) == 2
    err = capsys.readouterr().err
    assert "no rule `LN-14.1.77`" in err and "did you mean `LN-14.1.7`?" in err


def test_explain_with_local_pack_names_the_override(capsys: pytest.CaptureFixture[str]) -> None:
    """`explain` of an overridden rule names the rule that overrides it."""
    good = str(GOLDEN / "good" / "local_pack.lnv")
    assert main(["explain", "LN-14.1.7", "--rules", good]) == 0
    assert "overridden where they apply by: SY-14.1.7 (shenyang)" in capsys.readouterr().out


def test_coverage_lists_every_article(capsys: pytest.CaptureFixture[str]) -> None:
    """`coverage --format json` lists articles 1-14, each with rules or a reason."""
    assert main(["coverage", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    articles = {row["article"]: row for row in data["articles"]}
    assert sorted(articles) == list(range(1, 15))
    for row in articles.values():
        assert row["rules"] or row["not_checkable"], row
    assert "LN-12.1a" in articles[12]["rules"]


def test_coverage_text_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """The text coverage table renders."""
    assert main(["coverage"]) == 0
    assert "Coverage" in capsys.readouterr().out


def test_coverage_with_broken_rules_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    """Coverage over rules that do not compile exits 2 with the diagnostics."""
    assert main(["coverage", "--rules", str(BAD / "syntax_double_equals.lnv")]) == 2
    assert "error[LNV102]" in capsys.readouterr().err


# ---------------------------------------------------------------- narrow terminals
def _at_80(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> str:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(argv) == 0
    out = capsys.readouterr().out
    from rich.cells import cell_len

    too_long = [line for line in out.splitlines() if cell_len(line) > 80]
    assert not too_long, too_long
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_packs_at_80_columns_is_one_block_per_pack(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """At 80 columns nothing is squeezed: each fact stands whole on its own line."""
    out = _at_80(monkeypatch, capsys, ["packs", "--lang", lang])
    lines = [line.strip() for line in out.splitlines()]
    if lang == "en":
        assert "national · 3 rules" in lines
        assert "Level: national administrative regulation" in lines
        assert "In force: from 2025-04-01" in lines and "Area: whole country" in lines
        assert (
            "Liaoning Province Public Security Special Trades Service Management Measures" in lines
        )
    else:
        assert "national · 3 条规则" in lines and "效力层级：行政法规" in lines
        assert "辽宁省治安特业服务管理办法" in lines
    assert "┃" not in out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_coverage_of_three_instruments_at_80_columns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """`coverage --rules liaoning_trades --rules national` at 80 columns: whole words, every
    rule with its title, the decree's provisions and the trades' untitled rest with reasons."""
    argv = ["coverage", "--rules", "liaoning_trades", "--rules", "national", "--lang", lang]
    out = _at_80(monkeypatch, capsys, argv)
    lines = [line.strip() for line in out.splitlines()]
    if lang == "en":
        assert "TR-17.2b Special trades keep footage at least 60 days" in lines
        assert "LN-12.1a Registered within 30 days of going into use" in lines
        assert "NR-PRIV No camera inside a prohibited area" in lines
        assert "State Council Decree No. 799 · pack national" in lines
        assert "The rest of the instrument" in lines  # a provision without rules, with its reason
        assert "Article 17, paragraph 2 · Examples: 6" in lines
    else:
        assert "TR-17.2b 特种行业录像保存不少于60日" in lines
        assert "其余条款" in lines and "规则包 national" in lines
    rules = lnvideo.load_rules("liaoning_trades", "national").ir.all_rules()
    for r in rules:
        assert any(line.startswith(f"{r.id} ") for line in lines), r.id


def test_coverage_json_lists_provisions_without_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "--rules", "liaoning_trades", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    rest = [r for r in rows if r["title"] == "The rest of the instrument"]
    assert rest and rest[0]["rule"] is None and rest[0]["not_checkable"]
    assert rest[0]["pack"] == "liaoning_trades"
