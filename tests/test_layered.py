"""Layered law (issue 10, SPEC §8): several instruments over the same records.

The "Done when" of the issue, as tests: the bundled packs' findings, in-force and
area gating, displacement, open vocabulary in the readers, and the worked packs
of `examples/` passing lint, `fmt --check`, their examples and `check`.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest

import lnvideo
from lnvideo import schema
from lnvideo.cli import main
from lnvideo.examples import run_example

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 30)
BEFORE_DECREE = dt.date(2025, 3, 31)

THREE = lnvideo.load_rules("liaoning_trades", "national")

RECORDS = [
    {"kind": "site", "id": "H30", "county_code": "210102", "place_category": "hotel",
     "has_system": True, "retention_days": 30},
    {"kind": "site", "id": "PAWN", "county_code": "210202", "place_category": "pawnshop",
     "has_system": False},
    {"kind": "site", "id": "HALL", "county_code": "210102",
     "place_category": "government_service_hall", "has_system": True, "signage": False},
    {"kind": "site", "id": "MALL", "county_code": "210103", "place_category": "mall",
     "has_system": True, "signage": True},
    {"kind": "camera", "id": "C1", "site": "HALL", "place": "nursing_room"},
    {"kind": "event", "type": "footage_deleted", "site": "PAWN", "id": "D1",
     "on": "2026-07-31", "recorded_on": "2026-06-01"},
]  # fmt: skip


def _write(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _statuses(report: Any) -> dict[tuple[str, str | None], str]:
    return {(f.rule, f.subject.id): f.status.value for f in report.findings}


def test_three_instruments_give_spec_8_findings(tmp_path: Path) -> None:
    """`--rules liaoning_trades --rules national`: every instrument reports under its own ids."""
    got = _statuses(THREE.check_files([_write(tmp_path, RECORDS)], as_of=AS_OF))
    assert got[("LN-14.1.7", "H30")] == "satisfied"  # cumulative: both are true
    assert got[("TR-17.2b", "H30")] == "violated"
    assert got[("TR-17.2a", "PAWN")] == "violated"
    assert got[("TR-17.2c", "D1")] == "violated"
    assert got[("NR-7.2", "HALL")] == "satisfied"
    assert got[("NR-SIGN", "HALL")] == "violated"
    assert got[("NR-SIGN", "MALL")] == "satisfied"
    assert got[("NR-PRIV", "C1")] == "violated"
    assert got[("LN-9", "C1")] == "satisfied"
    assert got[("NR-7.2", "H30")] == "not_applicable"


def test_cli_three_packs_exit_1_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _write(tmp_path, RECORDS)
    args = ["check", "--rules", "liaoning_trades", "--rules", "national", str(src)]
    code = main([*args, "--as-of", "2026-11-30", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert out["rules"].startswith("liaoning@1.0.0+")
    rules = {f["rule"] for f in out["findings"]}
    assert {"TR-17.2b", "NR-SIGN", "NR-PRIV", "LN-14.1.7"} <= rules


def test_before_the_decree_its_rules_are_not_applicable(tmp_path: Path) -> None:
    """As of 2025-03-31 every NR finding is not_applicable, naming the decree and its date."""
    report = THREE.check_files([_write(tmp_path, RECORDS)], as_of=BEFORE_DECREE)
    nr = [f for f in report.findings if f.rule.startswith("NR-")]
    assert nr and all(f.status.value == "not_applicable" for f in nr)
    assert any("Decree No. 799 is in force from 2025-04-01" in f.message for f in nr)
    zh = THREE.check_files([_write(tmp_path, RECORDS)], as_of=BEFORE_DECREE, lang="zh")
    assert any("自2025年4月1日起施行" in f.message for f in zh.findings if f.rule == "NR-SIGN")


def test_trades_event_rule_uses_the_event_date(tmp_path: Path) -> None:
    """An event rule is gated by the event's local date, not the as-of day."""
    rows = [
        RECORDS[1],
        {"kind": "event", "type": "footage_deleted", "site": "PAWN", "id": "OLD",
         "on": "2019-12-20", "recorded_on": "2019-12-01"},
    ]  # fmt: skip
    f = THREE.check_files([_write(tmp_path, rows)], as_of=AS_OF).finding("TR-17.2c", "OLD")
    assert f.status.value == "not_applicable"
    assert "in force from 2020-01-01" in f.message


def test_pawnshop_under_the_measures_alone_is_kept_and_unknown(tmp_path: Path) -> None:
    """An undeclared place category: a located warning naming the pack; LN-6 unknown."""
    src = _write(
        tmp_path,
        [{"kind": "site", "id": "P", "county_code": "210102", "place_category": "pawnshop"}],
    )
    report = lnvideo.load_rules().check_files([src], as_of=AS_OF)
    assert report.finding("LN-6", "P").status.value == "unknown"
    (warning,) = [d for d in report.diagnostics if d.code == "LNV016"]
    assert not warning.is_error and warning.span is not None and warning.span.line == 1
    assert "liaoning_trades" in (warning.hint or "")


def test_cli_pawnshop_warning_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write(
        tmp_path,
        [{"kind": "site", "id": "P", "county_code": "210102", "place_category": "pawnshop",
          "has_system": True}],
    )  # fmt: skip
    code = main(["check", str(src), "--as-of", "2026-11-30"])
    err = capsys.readouterr().err
    assert code != 2
    assert "LNV016" in err and "--rules liaoning_trades" in err


DALIAN = lnvideo.load_rules(ROOT / "examples" / "dalian-designations")


def test_dalian_overlay() -> None:
    """Violated for a Dalian pharmacy without a system, not_applicable in Shenyang, never silent."""
    report = DALIAN.check_files(
        [ROOT / "examples" / "dalian-designations" / "records.jsonl"], as_of=AS_OF
    )
    got = _statuses(report)
    assert got[("DL-6", "DL-PH-1")] == "violated"
    assert got[("DL-6", "SY-PH-1")] == "not_applicable"
    assert got[("DL-6", "DL-PH-2")] == "unknown"  # no system recorded: never silently n/a
    shenyang = report.finding("DL-6", "SY-PH-1")
    assert "2102" in shenyang.message


def test_stricter_trade_displaces_tr_17_2b_for_pawnshops() -> None:
    rules = lnvideo.load_rules("liaoning_trades", ROOT / "examples" / "stricter-trade")
    report = rules.check_files(
        [ROOT / "examples" / "stricter-trade" / "records.jsonl"], as_of=AS_OF
    )
    displaced = report.finding("TR-17.2b", "PAWN-60")
    assert displaced.status.value == "not_applicable"
    assert "set aside by PX-1 (later law)" in displaced.message
    winner = report.finding("PX-1", "PAWN-60")
    assert winner.status.value == "violated" and "less than 90" in winner.message
    assert report.finding("TR-17.2b", "HOTEL-30").status.value == "violated"
    zh = rules.check_files(
        [ROOT / "examples" / "stricter-trade" / "records.jsonl"], as_of=AS_OF, lang="zh"
    )
    assert "因 PX-1 排除适用（新法优先）" in zh.finding("TR-17.2b", "PAWN-60").message


def test_before_the_stricter_rule_tr_17_2b_decides() -> None:
    rules = lnvideo.load_rules("liaoning_trades", ROOT / "examples" / "stricter-trade")
    report = rules.check_files(
        [ROOT / "examples" / "stricter-trade" / "records.jsonl"], as_of=dt.date(2026, 5, 31)
    )
    assert report.finding("TR-17.2b", "PAWN-60").status.value == "satisfied"
    assert report.finding("PX-1", "PAWN-60").status.value == "not_applicable"


def test_equal_displacements_are_an_error_naming_both(tmp_path: Path) -> None:
    """Two rules of equal standing displacing one rule: LNV203 at load, naming the other file."""
    text = (ROOT / "examples" / "stricter-trade" / "pawnshops.lnv").read_text(encoding="utf-8")
    twin = text.replace("pack pawnshop_footage", "pack pawnshop_twin").replace("PX-1", "PX-2")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "p.lnv").write_text(text, encoding="utf-8")
    (tmp_path / "b" / "p.lnv").write_text(twin, encoding="utf-8")
    with pytest.raises(lnvideo.LnvideoError) as err:
        lnvideo.load_rules("liaoning_trades", tmp_path / "a", tmp_path / "b")
    (d,) = [d for d in err.value.diagnostics if d.code == "LNV203"]
    assert "also displaced by" in d.message and "p.lnv" in d.message


def test_displacing_rule_without_messages_is_a_lint_error(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "stricter-trade" / "pawnshops.lnv").read_text(encoding="utf-8")
    bare = "\n".join(line for line in text.splitlines() if "    message " not in line)
    (tmp_path / "p.lnv").write_text(bare + "\n", encoding="utf-8")
    with pytest.raises(lnvideo.LnvideoError) as err:
        lnvideo.load_rules("liaoning_trades", tmp_path / "p.lnv")
    codes = [d.code for d in err.value.diagnostics]
    assert "LNV206" in codes


def test_lnv016_has_help_in_both_languages() -> None:
    from lnvideo import diagnostic_help

    texts = repr(vars(diagnostic_help))
    assert texts.count("LNV016") >= 3


def test_ln_11_due_is_the_main_project_date() -> None:
    site = lnvideo.Site(
        "S",
        county_code="210102",
        has_system=True,
        project_kind="new",
        in_use_on=dt.date(2026, 5, 1),
        main_project_in_use_on=dt.date(2026, 4, 1),
    )
    f = lnvideo.load_rules().check_site(site, as_of=AS_OF).finding("LN-11", "S")
    assert (f.status.value, f.due) == ("violated", dt.date(2026, 4, 1))


def test_system_stopped_is_judged_by_ln_12_1b() -> None:
    site = lnvideo.Site("S", county_code="210102", has_system=True)
    stop = lnvideo.Event("S", "system_stopped", dt.date(2026, 10, 9), id="ST")
    f = lnvideo.load_rules().check_site(site, events=[stop], as_of=AS_OF).finding("LN-12.1b", "ST")
    assert f.status.value == "violated"


def test_declared_site_field_is_read_only_under_its_pack(tmp_path: Path) -> None:
    src = _write(tmp_path, [RECORDS[2]])
    with schema.using(THREE.ir.vocabulary):
        assert "signage" in schema.site_fields()
    report = THREE.check_files([src], as_of=AS_OF)
    assert report.finding("NR-SIGN", "HALL").status.value == "violated"


# ---------------------------------------------------------------- the worked packs
PACKS = [
    ("rules/liaoning_trades", ()),
    ("rules/national", ()),
    ("examples/dalian-designations", ()),
    ("examples/stricter-trade", ("liaoning_trades",)),
]


@pytest.mark.parametrize(("pack", "with_"), PACKS, ids=[p for p, _ in PACKS])
def test_pack_examples_hold(pack: str, with_: tuple[str, ...]) -> None:
    rules = lnvideo.load_rules(*with_, ROOT / pack)
    assert rules.ir.examples
    for ex in rules.ir.examples:
        result = run_example(rules, ex)
        assert not result.mismatches, (ex.name, result.mismatches)


@pytest.mark.parametrize(
    "path",
    [*sorted((ROOT / "examples").rglob("*.lnv")), ROOT / "docs" / "examples" / "shenyang.lnv"],
    ids=lambda p: p.name,
)
def test_fmt_check_and_test_pass(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", "--check", str(path)]) == 0
    assert main(["lint", str(path)]) == 0
    assert main(["test", str(path)]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("directory", ["examples/dalian-designations", "examples/stricter-trade"])
def test_check_worked_records(directory: str, capsys: pytest.CaptureFixture[str]) -> None:
    d = ROOT / directory
    extra = ["--rules", "liaoning_trades"] if "stricter" in directory else []
    code = main(
        ["check", *extra, "--rules", str(d), str(d / "records.jsonl"), "--as-of", "2026-11-30"]
    )
    assert code in {0, 1}
    assert "Traceback" not in capsys.readouterr().err


def test_undeclared_word_in_a_rule_names_the_bundled_pack(tmp_path: Path) -> None:
    """A set literal using a word only a bundled pack declares: LNV108 naming that pack."""
    text = (ROOT / "examples" / "stricter-trade" / "pawnshops.lnv").read_text(encoding="utf-8")
    (tmp_path / "p.lnv").write_text(text.replace("extends liaoning_trades", "extends liaoning"))
    with pytest.raises(lnvideo.LnvideoError) as err:
        lnvideo.load_rules(tmp_path / "p.lnv")
    (d,) = [d for d in err.value.diagnostics if d.code == "LNV108"]
    assert "liaoning_trades" in (d.hint or "")


def test_misspelt_place_category_is_a_warning_with_the_near_word() -> None:
    """SPEC §8: a place category no loaded pack declares is a warning; the field is missing."""
    from lnvideo.readers.from_row import build_record
    from lnvideo.source import Span

    row = {"id": "S1", "county_code": "210102", "place_category": "hotal"}
    record, diags = build_record("site", row, Span("a.jsonl", 3))
    assert record is not None and record.place_category is None
    (d,) = diags
    assert (d.code, d.is_error, d.span.line if d.span else 0) == ("LNV016", False, 3)
    assert d.hint == "did you mean `hotel`?"


def test_text_report_keeps_each_instruments_articles_apart(tmp_path: Path) -> None:
    """Decree No. 799's Article 7 is headed apart from the Measures' Article 7."""
    import io

    import lnvideo
    from lnvideo.records import Site
    from lnvideo.report import FORMATS

    rules = lnvideo.load_rules("national")
    site = Site(
        id="SQ", county_code="210102", place_category="square", has_system=True, builder_kind="unit"
    )
    park = Site(id="PK", county_code="210102", place_category="park", has_system=False)
    findings = [
        *rules.check_site(site, as_of=dt.date(2026, 11, 30)).findings,
        *rules.check_site(park, as_of=dt.date(2026, 11, 30)).findings,
    ]
    out = io.StringIO()
    FORMATS["text"](
        findings, as_of=dt.date(2026, 11, 30), rules=rules.label, out=out, ruleset=rules, width=200
    )
    heads = [line for line in out.getvalue().splitlines() if "Article 7" in line]
    assert heads[0].startswith("Article 7 · Systems on public roads and squares"), heads
    assert any(h.startswith("Regulation on the Administration") for h in heads[1:]), heads


# ---------------------------------------------------------------- leftovers (issue 10)
def _pack(tmp_path: Path, body: str, header: str = "") -> Path:
    """A small overlay pack extending the Measures; `header` adds header lines."""
    text = (
        'pack probe version "0.1.0"\n'
        '  title en "Probe" zh "探针"\n'
        "  level city designation\n"
        "  effective 2026-01-01\n"
        '  area "2102"\n'
        f"{header}"
        "  extends liaoning\n\n"
        f"{body}"
    )
    path = tmp_path / "probe.lnv"
    path.write_text(text, encoding="utf-8")
    return path


_PROBE_RULE = (
    'article {art} title en "Probe" zh "探针"\n'
    '  rule PB-1 title en "Probe" zh "探针"\n'
    "    cites article {cite}\n"
    "    obligation on site\n"
    "    requires site.has_system\n"
    '    message en "No system"\n'
    '    message zh "未安装系统"\n'
)


def test_citation_past_the_source_end_is_a_located_lint_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`source ends at article 7` and a rule citing article 9: LNV207 at the citation, naming 7."""
    path = _pack(tmp_path, _PROBE_RULE.format(art=7, cite=9), header="  source ends at article 7\n")
    assert main(["lint", str(path)]) == 1
    err = capsys.readouterr().err
    assert "probe.lnv:11:" in err and "error[LNV207]" in err
    assert "article 9" in err and "ends at article 7" in err


def test_article_heading_past_the_source_end_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _pack(tmp_path, _PROBE_RULE.format(art=8, cite=7), header="  source ends at article 7\n")
    assert main(["lint", str(path)]) == 1
    err = capsys.readouterr().err
    assert "probe.lnv:9:" in err and "article 8" in err and "ends at article 7" in err


def test_citation_up_to_the_source_end_is_fine(tmp_path: Path) -> None:
    path = _pack(tmp_path, _PROBE_RULE.format(art=7, cite=7), header="  source ends at article 7\n")
    lnvideo.load_rules(path)  # no error


def test_bundled_packs_cite_within_their_source() -> None:
    """The Measures end at art. 14 and Decree No. 799 (in our sources) at art. 7: all load."""
    rs = lnvideo.load_rules("liaoning_trades", "national").ir
    ends = {p.name: p.source_ends for p in rs.packs}
    assert ends["liaoning"] == 14 and ends["national"] == 7
    for r in rs.all_rules():
        end = ends.get(r.pack)
        for c in r.cites:
            assert end is None or c.article is None or c.article <= end, r.id


def test_a_name_defined_differently_in_two_packs_is_an_error(tmp_path: Path) -> None:
    """A second pack redefining the Measures' `inclusive_bounds` would change the Measures' rules."""
    body = (
        "interpretation inclusive_bounds\n"
        '  en "Something else" zh "另一种理解"\n\n' + _PROBE_RULE.format(art=6, cite=6)
    )
    with pytest.raises(lnvideo.LnvideoError) as err:
        lnvideo.load_rules(_pack(tmp_path, body))
    (d,) = [d for d in err.value.diagnostics if d.code == "LNV105"]
    assert "inclusive_bounds" in d.message and "measures.lnv" in d.message
    assert d.span is not None and d.span.line == 8


def test_explain_shows_each_packs_own_interpretation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """TR-17.2b's interpretation is the trades pack's text, not the decree's of the same name."""
    assert main(["explain", "TR-17.2b", "--rules", "liaoning_trades", "--rules", "national"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # the texts are wrapped at the width
    assert "a hotel keeping 30 days satisfies LN-14.1.7 and violates TR-17.2b" in out
    assert "The decree ranks above the Measures" not in out


_VOCAB_PACK = """\
pack vocab   version "0.1.0"
  title en "Vocabulary probe"   zh "词汇"
  level city designation
  effective 2026-01-01
  area "2102"
  extends liaoning
value pharmacy for site.place_category   en "A pharmacy"   zh "药店"
value   sauna_room for camera.place en "A sauna room" zh "桑拿房"
field site.night_shift  is bool en "Night shift staffed"  zh "夜班有人值守"
set dl = {pharmacy}
article 6 title en "Places" zh "场所"
  rule VP-1 title en "A pharmacy has a system" zh "药店已安装系统"
    cites article 6 last paragraph
    obligation on site
    applies when site.place_category in dl and site.night_shift
    requires site.has_system
    message en "No system"
    message zh "未安装系统"
  example "a pharmacy"
    as of 2026-11-30
    site P {county_code: "210202", place_category: pharmacy, night_shift: true, has_system: false}
    camera C {site: P, place: sauna_room}
    expect VP-1 violated for site P
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_fmt_round_trips_pack_declared_vocabulary(
    tmp_path: Path, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`fmt` of a pack with `value` and `field` declarations keeps them, and is a fixed point."""
    from lnvideo.syntax.from_tree import parse

    path = tmp_path / "vocab.lnv"
    path.write_text(_VOCAB_PACK, encoding="utf-8")
    before, _ = parse(_VOCAB_PACK, str(path))
    assert main(["fmt", "--lang", lang, str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    after, diags = parse(text, str(path))
    assert before is not None and after is not None and not diags
    assert after.items == before.items and after.header == before.header
    assert main(["fmt", "--check", "--lang", lang, str(path)]) == 0
    assert main(["test", str(path)]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    "path", ["rules/national", "rules/liaoning_trades", "examples/dalian-designations"]
)
def test_fmt_check_passes_on_packs_declaring_vocabulary(
    path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["fmt", "--check", str(ROOT / path)]) == 0
    assert capsys.readouterr().out == ""


def test_lnv103_help_mentions_functions() -> None:
    from lnvideo.diagnostic_help import help_for

    for lang, word in (("en", "function"), ("zh", "函数")):
        assert word in " ".join(help_for("LNV103", lang)), lang


def test_overlay_article_title_does_not_replace_the_measures_title(tmp_path: Path) -> None:
    """Dalian's `article 6` heading "(Dalian)" must not rename the Measures' Article 6."""
    import io

    from lnvideo.report import FORMATS

    d = ROOT / "examples" / "dalian-designations"
    report = DALIAN.check_files([d / "records.jsonl"], as_of=AS_OF)
    out = io.StringIO()
    FORMATS["text"](
        report.findings, as_of=AS_OF, rules=DALIAN.label, out=out, ruleset=DALIAN, width=80
    )
    heads = [line for line in out.getvalue().splitlines() if line.startswith("Article 6")]
    assert heads == ["Article 6 · Places that must have a system"], heads
    first = next(a for a in DALIAN.ir.articles if a.number == 6)
    assert first.pack == "liaoning"


HOTEL_30 = ROOT / "examples" / "hotel-30.jsonl"
_THREE_ARGS = ["--rules", "liaoning_trades", "--rules", "national"]


def test_hotel_keeping_30_days_both_instruments_speak(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The closing note of issue 10, as the user sees it at 80 columns, in en and zh."""
    monkeypatch.setenv("COLUMNS", "80")
    argv = ["check", *_THREE_ARGS, str(HOTEL_30), "--as-of", "2026-11-30", "--all"]
    assert main(argv) == 1
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    assert "LN-14.1.7  site HOTEL-30  satisfied" in lines
    assert "TR-17.2b  site HOTEL-30  violated" in lines
    assert "Footage retention is set to 30 days, less than the 60 days the special" in lines
    assert "1 violated · 0 pending · 0 unknown · 11 satisfied · 7 not applicable" in lines
    assert main([*argv, "--lang", "zh"]) == 1
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    assert "LN-14.1.7  场所 HOTEL-30  满足" in lines
    assert "TR-17.2b  场所 HOTEL-30  违反" in lines
    assert "录像保存期设为30日，少于特种行业规定的60日" in lines


def test_explain_a_finding_in_chinese_at_80_columns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`explain RULE --subject` in zh names the subject kind in Chinese; lines fit 80 columns."""
    monkeypatch.setenv("COLUMNS", "80")
    argv = ["explain", "TR-17.2b", "--subject", "HOTEL-30", *_THREE_ARGS, str(HOTEL_30)]
    argv += ["--as-of", "2026-11-30"]
    assert main([*argv, "--lang", "zh"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "TR-17.2b  场所 HOTEL-30  结论：违反"
    assert "事实：" in out and "site.retention_days = 30" in out
    assert main(argv) == 1
    out = capsys.readouterr().out
    from rich.cells import cell_len

    assert all(cell_len(line) <= 80 for line in out.splitlines()), out
    assert "trade_system_present  →  true" in out


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_overridden_finding_explains_with_the_overriding_rules_clauses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    """Issue 10: an override's finding showed the provincial clause (`>= min_retention`)."""
    src = _write(
        tmp_path,
        [
            {"kind": "site", "id": "K1", "county_code": "210102", "has_system": True,
             "retention_days": 20},
            {"kind": "site", "id": "DL", "county_code": "210202", "has_system": True,
             "retention_days": 20},
        ],
    )  # fmt: skip
    shenyang = str(ROOT / "docs" / "examples" / "shenyang.lnv")
    argv = ["check", "--rules", shenyang, str(src), "--as-of", "2026-11-30", "--format", "json"]
    assert main([*argv, "--engine", engine]) == 1
    found = {
        f["subject"]["id"]: f
        for f in json.loads(capsys.readouterr().out)["findings"]
        if f["rule"] == "LN-14.1.7"
    }
    k1 = [(c["clause"], c["outcome"]) for c in found["K1"]["explanation"]["clauses"]]
    assert k1 == [
        ('applies when system_present and site.county_code starts with "2101"', "true"),
        ("requires site.retention_days >= 30", "false"),
    ]
    assert "less than Shenyang's 30" in found["K1"]["message"]
    dl = [(c["clause"], c["outcome"]) for c in found["DL"]["explanation"]["clauses"]]
    assert dl[-1] == ("requires site.retention_days >= min_retention", "true")  # Measures decide


# ---------------------------------------------------------------- the "Why", item by item
def test_why_pawnshop_keeping_30_days_is_violated_under_the_trades_pack(tmp_path: Path) -> None:
    """Why 1: a pawnshop keeping 30 days came out satisfied (its category was refused)."""
    src = _write(
        tmp_path,
        [{"kind": "site", "id": "P30", "county_code": "210102", "place_category": "pawnshop",
          "has_system": True, "retention_days": 30}],
    )  # fmt: skip
    report = lnvideo.load_rules("liaoning_trades").check_files([src], as_of=AS_OF)
    assert report.finding("TR-17.2b", "P30").status.value == "violated"
    assert report.finding("LN-14.1.7", "P30").status.value == "satisfied"
    assert not [d for d in report.diagnostics if d.code in {"LNV007", "LNV016"}]


def test_why_effective_in_a_pack_is_that_packs_own_date(tmp_path: Path) -> None:
    """Why 2: `effective` in a local pack's rule meant the Measures' 2008-01-01, silently."""
    body = _PROBE_RULE.format(art=6, cite=6).replace(
        "    requires site.has_system\n",
        "    applies when site.in_use_on >= effective\n    requires site.has_system\n",
    )
    rules = lnvideo.load_rules(_pack(tmp_path, body))
    for in_use, status in (
        (dt.date(2015, 1, 1), "not_applicable"),
        (dt.date(2026, 2, 1), "violated"),
    ):
        site = lnvideo.Site("S", county_code="210202", has_system=False, in_use_on=in_use)
        assert rules.check_site(site, as_of=AS_OF).finding("PB-1", "S").status.value == status


def test_why_an_override_without_messages_is_a_lint_error(tmp_path: Path) -> None:
    """Why 3: an override with no `message` passed lint and spoke the provincial text."""
    text = (ROOT / "docs" / "examples" / "shenyang.lnv").read_text(encoding="utf-8")
    bare = "\n".join(line for line in text.splitlines() if "    message " not in line)
    (tmp_path / "s.lnv").write_text(bare + "\n", encoding="utf-8")
    with pytest.raises(lnvideo.LnvideoError) as err:
        lnvideo.load_rules(tmp_path / "s.lnv")
    msgs = [d.message for d in err.value.diagnostics if d.code == "LNV206"]
    assert len(msgs) == 2 and all("sets another aside" in m for m in msgs)


def test_why_coverage_and_explain_with_an_overlay(capsys: pytest.CaptureFixture[str]) -> None:
    """Why 4: duplicate coverage rows with blank titles; "Article 14 (None)"; English in zh."""
    shenyang = str(ROOT / "docs" / "examples" / "shenyang.lnv")
    assert main(["coverage", "--rules", shenyang, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert all(r["title"] for r in rows)
    keys = [(r["pack"], r["article"], r["rule"]) for r in rows]
    assert len(keys) == len(set(keys))
    art14 = {r["title"] for r in rows if r["article"] == 14}
    assert art14 == {"Duties of system users"}  # the untitled overlay heading takes it
    assert main(["explain", "LN-14.1.7", "--rules", shenyang, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "(None)" not in out and "None" not in out
    assert "第十四条（使用单位的义务）" in out and "法律文件：" in out
    for english in ("Instrument:", "Examples:", "Interpretations it relies on:"):
        assert english not in out


def test_why_explanations_show_iso_dates(capsys: pytest.CaptureFixture[str]) -> None:
    """Why 5: explanations leaked Python (`datetime.date(2026, 7, 31)`)."""
    src = str(ROOT / "examples" / "layered.jsonl")
    argv = ["explain", "TR-17.2c", "--subject", "DEL-1", *_THREE_ARGS, src, "--as-of", "2026-11-30"]
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert "event.on = 2026-07-31" in out and "event.recorded_on = 2026-06-01" in out
    assert "datetime" not in out


def test_why_fmt_check_prints_a_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Why 6: `fmt --check` said "would reformat" without showing what."""
    path = tmp_path / "vocab.lnv"
    path.write_text(_VOCAB_PACK, encoding="utf-8")
    assert main(["fmt", "--check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"would reformat {path}" in out
    assert "\n--- " in out and "\n+++ " in out and "\n-value   sauna_room" in out
    assert path.read_text(encoding="utf-8") == _VOCAB_PACK  # --check writes nothing


def test_why_a_wrong_field_name_gives_one_error_only(tmp_path: Path) -> None:
    """Why 6: a misspelt field also drew a wrong LNV201 ("is a duration")."""
    body = (
        'article 14 title en "Probe" zh "探针"\n'
        '  rule PB-1 title en "Probe" zh "探针"\n'
        "    cites article 14 item 7\n"
        "    prohibition on event footage_deleted\n"
        "    requires event.on is at least 60 days after event.recorded_onn\n"
        '    message en "Deleted too early"\n'
        '    message zh "删除过早"\n'
        '  rule PB-2 title en "Probe" zh "探针"\n'
        "    cites article 14 item 7\n"
        "    obligation on site\n"
        "    requires site.retention_dayz >= 15\n"
        '    message en "Kept too short"\n'
        '    message zh "保存过短"\n'
    )
    with pytest.raises(lnvideo.LnvideoError) as err:
        lnvideo.load_rules(_pack(tmp_path, body))
    errors = [d for d in err.value.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["LNV101", "LNV101"], [d.message for d in errors]
    assert [d.hint for d in errors] == [
        "did you mean `recorded_on`?",
        "did you mean `retention_days`?",
    ]


# ---------------------------------------------------------------- spark on generated data
def _spark_why() -> str | None:
    from lnvideo.engines.spark_engine import spark_available

    return spark_available()


@pytest.mark.spark
@pytest.mark.skipif(_spark_why() is not None, reason="spark engine unavailable")
def test_spark_agrees_on_generated_layered_provinces() -> None:
    """Hypothesis data sets mixing the three packs, the Dalian overlay and the stricter trade
    rule, dated either side of each instrument's start: spark gives python's findings."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from test_engines_differential import LAYERED, STARTS, key, layered_province

    from lnvideo.engines import ENGINES
    from lnvideo.readers.bundle import group_by_site

    def renamed(k: int, records: list[Any]) -> list[Any]:
        """One province's records with ids of their own, so several share one spark run."""
        out = []
        for r in records:
            if isinstance(r, lnvideo.Site):
                out.append(attrs.evolve(r, id=f"P{k}-{r.id}"))
            else:
                out.append(attrs.evolve(r, id=f"P{k}-{r.id}", site=f"P{k}-{r.site}"))
        return out

    # several provinces a spark run: starting the job, not the data, is what costs
    @settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(layered_province(), min_size=3, max_size=3), st.sampled_from(STARTS))
    def agree(provinces: list[list[Any]], as_of: dt.date) -> None:
        records = [r for k, p in enumerate(provinces) for r in renamed(k, p)]
        bundles, _ = group_by_site(records)
        py = {key(f) for f in LAYERED.iter_findings(bundles, as_of=as_of, explain=False)}
        spark = ENGINES["spark"]
        sp = {key(f) for f in spark.findings_from_records(LAYERED, records, as_of=as_of)}  # type: ignore[attr-defined]
        assert sorted(py - sp, key=repr)[:5] == [] and sorted(sp - py, key=repr)[:5] == []

    agree()


def test_explain_names_the_instrument_by_its_title(capsys: pytest.CaptureFixture[str]) -> None:
    """The trades pack's designation alone ("…Government rules") does not say which rules."""
    assert main(["explain", "TR-17.2b", *_THREE_ARGS]) == 0
    lines = capsys.readouterr().out.splitlines()
    first = " ".join(line.strip() for line in lines[1:4])  # wrapped at the width
    assert first.startswith(
        "Instrument: Liaoning Province Public Security Special Trades Service Management "
        "Measures (Liaoning Provincial People's Government rules); level: provincial"
    ), first
    assert main(["explain", "NR-SIGN", *_THREE_ARGS, "--lang", "zh"]) == 0
    assert (
        capsys.readouterr()
        .out.splitlines()[1]
        .startswith("法律文件：《公共安全视频图像信息系统管理条例》；")
    )
