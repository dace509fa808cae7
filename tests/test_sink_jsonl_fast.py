"""The JSON Lines sink writes, byte for byte, `json.dumps(Finding.to_json(explain=False))`."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from lnvideo import sink
from lnvideo.findings import Finding, Severity, Status, Subject

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


def test_a_line_that_differs_turns_the_generic_way_on():
    lines = sink._FastLines()
    f = Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED)
    lines.heads[("LN-6", "6")] = '{"rule":"XX","article":"6","subject":{"kind":'
    lines.checked = 0
    assert lines(f) == sink._generic_line(f, explain=False)
    assert lines.generic
