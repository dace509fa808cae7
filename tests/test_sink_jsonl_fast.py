"""The JSON Lines sink writes, byte for byte, `json.dumps(Finding.to_json(explain=False))`."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from lnvideo import sink
from lnvideo.findings import Finding, Severity, Status, Subject
from lnvideo.report.safe import json_text

_TEXT = st.text(max_size=12)
_FINDINGS = st.builds(
    Finding,
    rule=st.sampled_from(["LN-6", "LN-12.1a", 'LN-"x"', "规则"]),
    article=st.sampled_from(["6", "12", ""]),
    subject=st.builds(
        Subject,
        kind=st.sampled_from(["site", "camera", "event"]),
        id=st.one_of(st.none(), _TEXT),
        site=_TEXT,
    ),
    status=st.sampled_from(list(Status)),
    due=st.one_of(st.none(), st.dates()),
    fulfilled_on=st.one_of(st.none(), st.dates()),
    severity=st.sampled_from(list(Severity)),
    message=_TEXT,
)


@given(st.lists(_FINDINGS, max_size=40))
def test_fast_lines_equal_json_dumps(findings):
    out = io.StringIO()
    assert sink.write_jsonl(findings, out) == len(findings)
    assert out.getvalue() == "".join(sink._generic_line(f, explain=False) for f in findings)


@given(st.lists(_FINDINGS, max_size=40))
def test_the_fast_way_itself_writes_them(findings):
    """Without its self-check falling back: every line made the fast way is the generic one."""
    line = sink._FastLines()
    for f in findings * 2:  # the second time the texts come from its memory
        assert json_text(line(f)) == sink._generic_line(f, explain=False)
    assert not line.generic


def test_a_line_that_differs_turns_the_generic_way_on():
    lines = sink._FastLines()
    f = Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED)
    lines.heads[("LN-6", "6")] = '{"rule":"XX","article":"6","subject":{"kind":'
    lines.checked = 0
    assert lines(f) == sink._generic_line(f, explain=False)
    assert lines.generic


@settings(max_examples=60, deadline=None)
@given(st.lists(_FINDINGS, max_size=40))
def test_a_file_is_valid_utf8_and_reads_back(tmp_path_factory, findings):
    """Written to a path, the lines are those written to a stream, made valid UTF-8 (a
    lone surrogate in a text becomes its escape), and parse back to the same values."""
    path = tmp_path_factory.mktemp("sink") / "f.jsonl"
    assert sink.write_jsonl(findings, path) == len(findings)
    data = path.read_bytes().decode("utf-8")  # strict: valid UTF-8
    out = io.StringIO()
    sink.write_jsonl(findings, out)
    assert data == json_text(out.getvalue())
    assert [json.loads(line) for line in data.split("\n")[:-1]] == [
        f.to_json(explain=False) for f in findings
    ]
