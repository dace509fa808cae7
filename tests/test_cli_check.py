"""`lnvideo check` end to end: the demo data, output shape, exit codes and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lnvideo.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo.jsonl"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = main(["check", "--format", "json", "--as-of", "2026-11-30", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def test_demo_shows_every_status_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo data produces all five statuses and, having violations, exits 1."""
    code, report, _ = run_json(capsys, str(DEMO))
    assert code == 1
    assert report["as_of"] == "2026-11-30"
    assert report["rules"] == "liaoning@1.0.0"
    assert all(
        report["summary"][s] > 0
        for s in ("satisfied", "violated", "pending", "not_applicable", "unknown")
    )
    assert sum(report["summary"].values()) == len(report["findings"])


def test_finding_shape_matches_spec(capsys: pytest.CaptureFixture[str]) -> None:
    """Each finding carries the SPEC §5 keys; the late registration names its due date."""
    _, report, _ = run_json(capsys, str(DEMO))
    f = next(
        x
        for x in report["findings"]
        if x["rule"] == "LN-12.1a" and x["subject"]["id"] == "SY-HP-001"
    )
    assert set(f) >= {
        "rule",
        "article",
        "subject",
        "status",
        "due",
        "fulfilled_on",
        "severity",
        "message",
        "explanation",
    }
    assert f["subject"] == {"kind": "site", "id": "SY-HP-001", "site": "SY-HP-001"}
    assert (f["status"], f["due"], f["fulfilled_on"]) == ("violated", "2026-10-08", "2026-10-09")
    assert f["article"] == "12"


def test_bad_record_is_reported_and_others_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad line is reported with file and line; the good site is still judged; exit 2."""
    data = tmp_path / "in.jsonl"
    data.write_text(
        '{"kind": "site", "id": "A", "county_code": "210102", "retention_days": 30}\n'
        '{"kind": "site", "id": "B", "county_code": "210102", "in_use_on": "2026-02-30"}\n'
        '{"kind": "camera", "id": "C9", "site": "ZZZ"}\n',
        encoding="utf-8",
    )
    code, report, err = run_json(capsys, str(data))
    assert code == 2
    assert f"{data}:2" in err and "in_use_on" in err
    assert f"{data}:3" in err and "LNV009" in err
    assert any(f["subject"]["id"] == "A" and f["rule"] == "LN-14.1.7" for f in report["findings"])


def test_outside_liaoning_every_rule_not_applicable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Beijing site makes every finding not applicable, and nothing is violated."""
    data = tmp_path / "bj.jsonl"
    data.write_text(
        '{"kind": "site", "id": "BJ", "county_code": "110101", "retention_days": 1}\n',
        encoding="utf-8",
    )
    code, report, _ = run_json(capsys, str(data))
    assert code == 0
    assert {f["status"] for f in report["findings"]} == {"not_applicable"}


def test_chinese_messages(capsys: pytest.CaptureFixture[str]) -> None:
    """`--lang zh` gives Chinese messages."""
    _, report, _ = run_json(capsys, "--lang", "zh", str(DEMO))
    f = next(
        x
        for x in report["findings"]
        if x["rule"] == "LN-12.1a" and x["subject"]["id"] == "SY-HP-001"
    )
    assert "备案" in f["message"]


def test_text_report_groups_by_article(capsys: pytest.CaptureFixture[str]) -> None:
    """The text report names articles and ends with a summary line."""
    code = main(["check", "--as-of", "2026-11-30", str(DEMO)])
    out = capsys.readouterr().out
    assert code == 1
    assert "Article 12" in out and "violated" in out and "engine python" in out


def test_stdin_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`-` reads records from standard input."""
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(DEMO.read_text(encoding="utf-8")))
    code, report, _ = run_json(capsys, "-")
    assert code == 1 and report["findings"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        pytest.param(["--as-of", "2026-13-01"], "--as-of", id="bad-as-of"),
        pytest.param(
            ["--rules", "/nonexistent/x.lnv"],
            "neither a bundled rule pack nor a file or directory",
            id="missing-rules",
        ),
    ],
)
def test_bad_arguments_exit_2(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad arguments give one clear message and exit 2, never a traceback."""
    code = main(["check", *args, str(DEMO)])
    err = capsys.readouterr().err
    assert code == 2
    assert needle in err and "Traceback" not in err


@pytest.mark.parametrize("fmt", ["sarif", "junit", "csv"])
def test_other_formats_render(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """SARIF, JUnit and CSV outputs are produced for the demo."""
    code = main(["check", "--format", fmt, "--as-of", "2026-11-30", str(DEMO)])
    out = capsys.readouterr().out
    assert code == 1 and len(out) > 100


def test_local_pack_overrides_retention(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A local pack with higher precedence decides LN-14.1.7 for the sites it covers."""
    data = tmp_path / "d.jsonl"
    data.write_text(
        '{"kind": "site", "id": "DL1", "county_code": "210202", "place_category": "financial",'
        ' "retention_days": 30}\n',
        encoding="utf-8",
    )
    _, report, _ = run_json(capsys, "--rules", str(ROOT / "examples" / "dalian-local"), str(data))
    f = next(x for x in report["findings"] if x["rule"] == "LN-14.1.7")
    assert f["status"] == "violated"
    assert "60" in f["message"]
    assert report["rules"] == "liaoning@1.0.0+dalian_local@0.1.0"


def test_many_input_problems_are_capped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Past --max-errors, input problems are counted, not listed; the exit code stays 2."""
    data = tmp_path / "many.jsonl"
    data.write_text("not json\n" * 30, encoding="utf-8")
    code = main(["check", "--max-errors", "5", "--as-of", "2026-11-30", str(data)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("LNV001") == 5
    assert "25 more input problem(s)" in err


def test_explain_one_finding_names_the_facts_that_decided_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`explain RULE --subject ID INPUT` shows the clauses, the record values and the reasons."""
    from lnvideo.cli import main

    demo = Path(__file__).resolve().parent.parent / "examples" / "demo.jsonl"
    code = main(["explain", "LN-6", "--subject", "FS-XH-040", str(demo), "--as-of", "2026-11-30"])
    out = capsys.readouterr().out
    assert code == 1
    assert "requires site.has_system  →  false" in out
    assert 'site.place_category = "school"' in out
    assert "site.has_system = false" in out


def test_explain_an_unknown_subject_suggests_the_near_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A subject with no finding under the rule is exit 2 with the near id."""
    from lnvideo.cli import main

    demo = Path(__file__).resolve().parent.parent / "examples" / "demo.jsonl"
    code = main(["explain", "LN-6", "--subject", "FS-XH-04", str(demo), "--as-of", "2026-11-30"])
    err = capsys.readouterr().err
    assert code == 2
    assert "did you mean `FS-XH-040`" in err


def test_the_process_entry_point_tunes_the_collector_and_main_does_not(monkeypatch, capsys):
    import gc

    from lnvideo import cli

    saved = gc.get_threshold()
    seen: list[tuple[int, ...]] = []
    monkeypatch.setattr(cli, "main", lambda argv=None: seen.append(gc.get_threshold()) or 0)
    try:
        with pytest.raises(SystemExit) as exit_:
            cli.run()
        assert exit_.value.code == 0
        assert seen == [(cli.GC_YOUNG_THRESHOLD, *saved[1:])]
    finally:
        gc.set_threshold(*saved)
    monkeypatch.undo()
    assert cli.main([]) == 0  # the help
    assert gc.get_threshold() == saved
