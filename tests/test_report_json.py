"""Tests for the JSON, JSON Lines and Parquet reports (lnvideo.report.json)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from lnvideo.findings import Explanation, Fact, Finding, Severity, Status, Subject
from lnvideo.report import FORMATS
from lnvideo.report.json import render_json, write_jsonl, write_parquet

AS_OF = dt.date(2026, 10, 1)
RULES = "liaoning@1.0.0"

FINDINGS = [
    Finding(
        "LN-12.1a",
        "12",
        Subject("site", "S1", "S1"),
        Status.PENDING,
        due=dt.date(2026, 10, 8),
        message="未备案",
        explanation=Explanation(
            clauses=(("within 30 days after site.in_use_on", "pending"),),
            facts=(Fact("site.in_use_on", dt.date(2026, 9, 5)),),
            reasons=("no filing yet",),
        ),
    ),
    Finding(
        "LN-9",
        "9",
        Subject("camera", "C1", "S1"),
        Status.VIOLATED,
        message="camera in a toilet",
    ),
    Finding(
        "LN-14.1.4e",
        "14",
        Subject("event", None, "S1"),
        Status.SATISFIED,
        fulfilled_on=dt.date(2026, 9, 6),
        severity=Severity.WARNING,
    ),
]

GOLDEN = """{
  "as_of": "2026-10-01",
  "rules": "liaoning@1.0.0",
  "findings": [
    {
      "rule": "LN-12.1a",
      "article": "12",
      "subject": {
        "kind": "site",
        "id": "S1",
        "site": "S1"
      },
      "status": "pending",
      "due": "2026-10-08",
      "fulfilled_on": null,
      "severity": "error",
      "message": "未备案"
    },
    {
      "rule": "LN-9",
      "article": "9",
      "subject": {
        "kind": "camera",
        "id": "C1",
        "site": "S1"
      },
      "status": "violated",
      "due": null,
      "fulfilled_on": null,
      "severity": "error",
      "message": "camera in a toilet"
    },
    {
      "rule": "LN-14.1.4e",
      "article": "14",
      "subject": {
        "kind": "event",
        "id": null,
        "site": "S1"
      },
      "status": "satisfied",
      "due": null,
      "fulfilled_on": "2026-09-06",
      "severity": "warning",
      "message": ""
    }
  ],
  "summary": {
    "satisfied": 1,
    "violated": 1,
    "pending": 1,
    "not_applicable": 0,
    "unknown": 0
  }
}"""


def test_render_json_matches_golden() -> None:
    """The JSON report is exactly the SPEC §5 object, findings in input order, every status counted."""
    assert render_json(FINDINGS, as_of=AS_OF, rules=RULES, explain=False) == GOLDEN


def test_render_json_accepts_an_iterator() -> None:
    """A generator of findings gives the same report as a list."""
    text = render_json(iter(FINDINGS), as_of=AS_OF, rules=RULES, explain=False)
    assert text == GOLDEN


def test_render_json_explain_adds_explanations() -> None:
    """With explain, each finding carries its clauses, facts and reasons."""
    obj = json.loads(render_json(FINDINGS, as_of=AS_OF, rules=RULES, explain=True))
    assert set(obj) == {"as_of", "rules", "findings", "summary"}
    first = obj["findings"][0]["explanation"]
    assert first["facts"] == [{"path": "site.in_use_on", "value": "2026-09-05"}]
    assert first["reasons"] == ["no filing yet"]


def test_render_json_of_nothing_counts_zeros() -> None:
    """An empty run still lists every status with a zero count."""
    obj = json.loads(render_json([], as_of=AS_OF, rules=RULES))
    assert obj["findings"] == []
    assert obj["summary"] == {s.value: 0 for s in Status}


def test_json_format_entry_writes_the_object_and_a_newline() -> None:
    """FORMATS["json"] writes the same text as render_json, ending in a newline."""
    buf = io.StringIO()
    FORMATS["json"](FINDINGS, as_of=AS_OF, rules=RULES, lang="zh", explain=False, out=buf)
    assert buf.getvalue() == GOLDEN + "\n"


def test_write_jsonl_writes_one_finding_per_line() -> None:
    """JSON Lines has one compact object per finding and returns the count."""
    buf = io.StringIO()
    assert write_jsonl(iter(FINDINGS), buf) == 3
    lines = buf.getvalue().splitlines()
    assert len(lines) == 3
    assert json.loads(lines[0]) == FINDINGS[0].to_json(explain=False)
    assert "未备案" in lines[0]


@pytest.mark.parametrize("batch_size", [1, 2, 1000], ids=["batch1", "batch2", "batch1000"])
def test_write_parquet_round_trips(tmp_path: Path, batch_size: int) -> None:
    """Parquet holds every finding in the fixed columns, whatever the batch size."""
    path = tmp_path / "findings.parquet"
    assert write_parquet(iter(FINDINGS), path, batch_size=batch_size) == 3
    table = pq.read_table(path)
    assert table.column_names == [
        "rule",
        "article",
        "subject_kind",
        "subject_id",
        "site",
        "status",
        "due",
        "fulfilled_on",
        "severity",
        "message",
    ]
    rows = table.to_pylist()
    assert rows[0]["due"] == dt.date(2026, 10, 8)
    assert rows[2]["subject_id"] is None
    assert [r["status"] for r in rows] == ["pending", "violated", "satisfied"]


def test_write_parquet_of_nothing_keeps_the_schema(tmp_path: Path) -> None:
    """An empty run still writes a readable file with the schema."""
    path = tmp_path / "empty.parquet"
    assert write_parquet([], path) == 0
    table = pq.read_table(path)
    assert table.num_rows == 0
    assert "status" in table.column_names
