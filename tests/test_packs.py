"""The bundled pack registry (`lnvideo.packs`), `lnvideo packs`, and the content of the
layered-law packs read at the syntax level (SPEC §8)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lnvideo.cli import packs as packs_cli
from lnvideo.diagnostics import LnvideoError
from lnvideo.packs import (
    BUNDLED,
    Instrument,
    bundled_pack,
    bundled_packs,
    declaring_pack,
    describe_dir,
    resolve_rules,
)
from lnvideo.syntax import ast
from lnvideo.syntax.from_tree import parse

ROOT = Path(__file__).resolve().parent.parent

#: SPEC §8's table: pack -> (effective, area)
SPEC_PACKS = {
    "liaoning": (dt.date(2008, 1, 1), ("21",)),
    "liaoning_trades": (dt.date(2020, 1, 1), ("21",)),
    "national": (dt.date(2025, 4, 1), ()),
}
SPEC_RULES = {
    "liaoning_trades": {"TR-17.2a", "TR-17.2b", "TR-17.2c"},
    "national": {"NR-7.2", "NR-PRIV", "NR-SIGN"},
}
SPEC_VALUES = {
    "liaoning_trades": {
        ("pawnshop", "site.place_category"),
        ("massage_parlour", "site.place_category"),
    },
    "national": {
        ("government_service_hall", "site.place_category"),
        ("border_port", "site.place_category"),
        ("transport_vehicle", "site.place_category"),
        ("service_area", "site.place_category"),
        ("private_dining_room", "camera.place"),
        ("staff_rest_room", "camera.place"),
        ("nursing_room", "camera.place"),
        ("fitting_room", "camera.place"),
    },
}


def _files(name: str) -> list[ast.RuleFile]:
    out = []
    for path in sorted((ROOT / "rules" / name).glob("*.lnv")):
        rf, diags = parse(path.read_text(encoding="utf-8"), str(path))
        assert rf is not None, diags
        out.append(rf)
    return out


def _rules(rf: ast.RuleFile) -> list[ast.Rule]:
    return [r for it in rf.items if isinstance(it, ast.Article | ast.Provision) for r in it.rules]


def _examples(rf: ast.RuleFile) -> list[ast.Example]:
    out = [it for it in rf.items if isinstance(it, ast.Example)]
    for it in rf.items:
        if isinstance(it, ast.Article | ast.Provision):
            out += it.examples
    return out


# ---------------------------------------------------------------- registry
def test_bundled_packs_match_spec() -> None:
    """The registry lists SPEC §8's three packs with the dates and areas their headers give."""
    got = {p.name: (p.instrument.effective, p.instrument.area) for p in bundled_packs()}
    assert got == SPEC_PACKS
    assert [p.name for p in bundled_packs()] == list(BUNDLED)
    levels = {p.name: p.instrument.level for p in bundled_packs()}
    assert levels == {
        "liaoning": "provincial_rules",
        "liaoning_trades": "provincial_rules",
        "national": "national_regulation",
    }


def test_bundled_rule_counts_and_vocabulary() -> None:
    """Each new pack holds exactly SPEC §8's rules and declares SPEC §8's vocabulary."""
    for name, ids in SPEC_RULES.items():
        pack = bundled_pack(name)
        assert set(pack.rule_ids) == ids
        assert set(pack.values) == SPEC_VALUES[name]
    assert bundled_pack("national").fields == (("site.signage", "bool"),)
    assert bundled_pack("liaoning").rule_count == 22


def test_declaring_pack_names_the_bundled_pack() -> None:
    """A word a bundled pack declares is traced to that pack (for the reader's warning)."""
    assert declaring_pack("pawnshop") == "liaoning_trades"
    assert declaring_pack("border_port") == "national"
    assert declaring_pack("fitting_room", "camera.place") == "national"
    assert declaring_pack("pharmacy") is None
    assert declaring_pack("fitting_room") is None  # a camera place, not a place category


def test_resolve_rules_names_and_paths(tmp_path: Path) -> None:
    """A bundled name adds to the Measures; a path is kept; each once, Measures first."""
    liaoning = bundled_pack("liaoning").directory
    trades = bundled_pack("liaoning_trades").directory
    national = bundled_pack("national").directory
    assert resolve_rules([]) == [liaoning]
    assert resolve_rules(["liaoning_trades", "national"]) == [liaoning, trades, national]
    assert resolve_rules(["liaoning", "national", "national"]) == [liaoning, national]
    local = tmp_path / "city.lnv"
    local.write_text('pack city version "1"\n', encoding="utf-8")
    assert resolve_rules([str(local)]) == [local]
    assert resolve_rules(["national", str(local)]) == [liaoning, national, local]


def test_resolve_rules_unknown_name_gives_near_name() -> None:
    """A name that is neither bundled nor a path is a located error with the near name."""
    with pytest.raises(LnvideoError) as info:
        resolve_rules(["liaoning_trade", "nowhere"])
    diags = info.value.diagnostics
    assert [d.code for d in diags] == ["LNV107", "LNV107"]
    assert "`liaoning_trade` is neither a bundled rule pack" in diags[0].message
    assert diags[0].hint == "did you mean `liaoning_trades`?"
    assert diags[1].hint is not None and "`national`" in diags[1].hint


def test_describe_dir_reads_the_example_overlay() -> None:
    """The Dalian overlay's header gives a city-level instrument for county codes 2102…."""
    pack = describe_dir(ROOT / "examples" / "dalian-designations")
    assert pack.instrument.level == "city_designation"
    assert pack.instrument.area == ("2102",)
    assert pack.instrument.covers("210202") and not pack.instrument.covers("210102")
    assert {w for w, _ in pack.values} == {"pharmacy", "kindergarten"}


@given(
    st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)),
    st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)),
    st.one_of(st.none(), st.integers(1, 5000)),
)
def test_in_force_is_the_half_open_interval(
    effective: dt.date, day: dt.date, length: int | None
) -> None:
    """An instrument is in force on [effective, ceased): from its first day, not on `ceased`."""
    ceased = None if length is None else effective + dt.timedelta(days=length)
    ins = Instrument((), None, None, None, None, effective, ceased, (), ())
    expected = effective <= day and (ceased is None or day < ceased)
    assert ins.in_force_on(day) is expected


# ---------------------------------------------------------------- lnvideo packs
def test_packs_command_lists_instruments(capsys: pytest.CaptureFixture[str]) -> None:
    """`lnvideo packs` prints one row per pack: instrument, level, dates, area, rule count."""
    assert packs_cli.run(argparse.Namespace(lang="en", format="text")) == 0
    out = capsys.readouterr().out
    for text in (
        "liaoning_trades",
        "national administrative regulation",
        "from 2025-04-01",
        "whole country",
        "provincial government rules",
    ):
        assert text in out


def test_packs_command_json_and_zh(capsys: pytest.CaptureFixture[str]) -> None:
    """`--format json` gives the same rows as data; `--lang zh` names levels in Chinese."""
    assert packs_cli.run(argparse.Namespace(lang="en", format="json")) == 0
    data = json.loads(capsys.readouterr().out)
    national = next(p for p in data["packs"] if p["name"] == "national")
    assert national["effective"] == "2025-04-01" and national["area"] == []
    assert national["rules"] == 3 and national["level"] == "national_regulation"
    assert packs_cli.run(argparse.Namespace(lang="zh", format="text")) == 0
    out = capsys.readouterr().out
    assert "行政法规" in out and "全国" in out and "地方政府规章" in out


# ---------------------------------------------------------------- content of the new packs
@pytest.mark.parametrize("name", ["liaoning_trades", "national"])
def test_every_rule_has_messages_and_examples_of_every_status(name: str) -> None:
    """Each rule has zh and en messages and is shown satisfied, violated, unknown and
    not_applicable (the last including before the instrument took effect)."""
    (rf,) = _files(name)
    seen: dict[str, set[str]] = {}
    before_effective: set[str] = set()
    for ex in _examples(rf):
        for e in ex.expects:
            seen.setdefault(e.rule, set()).add(e.status)
            if ex.as_of is not None and rf.header.effective and ex.as_of < rf.header.effective:
                before_effective.add(e.rule)
    for rule in _rules(rf):
        assert {lang for lang, _ in rule.messages} == {"en", "zh"}, rule.id
        assert {"satisfied", "violated", "unknown", "not_applicable"} <= seen[rule.id], rule.id
        assert rule.displaces is None and rule.overrides is None, rule.id  # cumulative
        if rule.subject is not None and rule.subject.kind != "event":
            assert rule.id in before_effective, rule.id  # in-force gating is shown


def test_event_rule_has_an_example_before_the_instrument() -> None:
    """TR-17.2c (an event rule) is shown not_applicable for a deletion before 2020-01-01."""
    (rf,) = _files("liaoning_trades")
    events = [r for ex in _examples(rf) for r in ex.records if r.kind == "event" and r.fields]
    days = [f.value for r in events for f in r.fields if f.name == "on"]
    assert any(isinstance(d, dt.date) and d < dt.date(2020, 1, 1) for d in days)


def test_decree_rules_cite_without_article_number_where_sources_lack_it() -> None:
    """NR-PRIV and NR-SIGN cite the decree without an article number; NR-7.2 cites art. 7."""
    (rf,) = _files("national")
    cites = {r.id: r.cites for r in _rules(rf)}
    assert cites["NR-PRIV"] == (ast.Citation(None),)
    assert cites["NR-SIGN"] == (ast.Citation(None),)
    assert cites["NR-7.2"] == (ast.Citation(7, 2),)
    numbered = sorted(it.number for it in rf.items if isinstance(it, ast.Article))
    assert numbered == list(range(1, 8)) and rf.header.source_ends == 7


@pytest.mark.parametrize("name", ["liaoning_trades", "national"])
def test_every_part_has_a_summary_or_a_reason(name: str) -> None:
    """Every article and provision has rules or a written reason, in zh and en."""
    (rf,) = _files(name)
    parts = [it for it in rf.items if isinstance(it, ast.Article | ast.Provision)]
    assert parts
    for part in parts:
        reason = part.not_checkable
        assert part.rules or reason is not None, part
        for text in (part.summary, reason):
            if text is not None:
                assert {lang for lang, _ in text.items} == {"en", "zh"}, part


def test_measures_state_ln11_due_and_ln121b_on_stopping() -> None:
    """LN-11's due date is main_project_in_use_on; LN-12.1b also judges system_stopped."""
    (rf,) = _files("liaoning")
    rules = {r.id: r for r in _rules(rf)}
    assert rules["LN-11"].due == ast.Path("site", ("main_project_in_use_on",))
    subject = rules["LN-12.1b"].subject
    assert subject is not None
    assert subject.event_types == ("system_changed", "system_stopped")
    assert rf.header.level == "provincial_rules" and rf.header.area == ("21",)
