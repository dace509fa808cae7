"""`from_row.quick_record` builds a JSON row's record only when `build_record` would build the
same record with no diagnostic at all (Hypothesis over rows mixing good and bad values)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lnvideo.readers import from_row
from lnvideo.readers.from_row import build_record, quick_record
from lnvideo.schema import EVENT_TYPES
from lnvideo.source import Span

_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            " ",
            "S1",
            "210102",
            "21010x",
            "purpose",
            "position",
            "toilet",
            "2026-03-02",
            "2026-03-02T09:30:00+08:00",
            "2026-03-02T09:30:00",
            "1988-06-01T09:30:00",
            "1899-12-31",
            "2026-02-30",
            "2026-03-01T20:00:00Z",
            "school",
            "pawnshop",
        ]
    ),
    st.lists(st.sampled_from(["x", 1, None]), max_size=2),
    st.integers(0, 2**64),
)
_NAMES = st.sampled_from(
    [
        "id",
        "site",
        "type",
        "on",
        "authority",
        "change",
        "by",
        "purpose",
        "to",
        "authorized",
        "camera",
        "recorded_on",
        "important",
        "reported_on",
        "place",
        "private_area",
        "colour",
        "sitee",
        # site fields (and one a pack declares)
        "name",
        "county_code",
        "place_category",
        "has_system",
        "in_use_on",
        "retention_days",
        "standards",
        "privacy_safeguards",
        "hotel_rooms",
    ]
)


@st.composite
def rows(draw):
    kind = draw(st.sampled_from(["event", "camera", "site", "evnt"]))
    row = {"kind": kind}
    if kind == "event" and draw(st.booleans()):
        row["type"] = draw(st.sampled_from([*EVENT_TYPES, "nope"]))
        row["site"] = "S1"
        row["on"] = draw(st.sampled_from(["2026-03-02", "2026-03-02T09:30:00+08:00"]))
    if kind == "camera" and draw(st.booleans()):
        row.update(id="C1", site="S1")
    if kind == "site" and draw(st.booleans()):
        row["id"] = draw(st.sampled_from(["S1", " ", ""]))
    row.update(draw(st.dictionaries(_NAMES, _VALUES, max_size=5)))
    return row


@pytest.fixture(autouse=True)
def _make_at_once(monkeypatch):
    """Every shape of row gets its maker at its first row (not at its `MAKE_AFTER`-th)."""
    monkeypatch.setattr(from_row, "MAKE_AFTER", 1)
    monkeypatch.setattr(from_row, "_QUICK", {})


@given(rows())
def test_quick_record_is_build_record_without_diagnostics(row):
    span = Span("t.jsonl", 3)
    quick = quick_record(row, span)
    record, diags = build_record(None, dict(row), span)
    if quick is not None:
        assert diags == []
        assert quick == record
        assert repr(quick) == repr(record)
        assert quick.origin == record.origin
        assert quick.extra == record.extra
        for name in ("on_at", "reported_on"):
            x, y = getattr(quick, name, None), getattr(record, name, None)
            assert (x is None) == (y is None)
            if x is not None:
                assert x.isoformat() == y.isoformat() and x.tzinfo is y.tzinfo


def test_good_rows_take_the_quick_way():
    span = Span("t.jsonl", 1)
    event = {"kind": "event", "site": "S1", "type": "registration_filed", "on": "2026-03-02"}
    camera = {"kind": "camera", "id": "C1", "site": "S1", "place": "toilet"}
    assert quick_record({**event, "authority": "210102"}, span) is not None
    assert quick_record(camera, span) is not None
    assert quick_record({**event, "authority": "21010"}, span) is None  # LNV013
    assert quick_record({**camera, "colour": "red"}, span) is None  # kept in extra
    assert quick_record({"kind": "site", "id": "S1", "retention_days": 30}, span) is not None
    assert quick_record({"kind": "site", "id": "S1", "retention_days": -1}, span) is None


def test_a_shape_gets_its_maker_at_its_make_after_th_row(monkeypatch):
    monkeypatch.setattr(from_row, "MAKE_AFTER", 3)
    span = Span("t.jsonl", 1)
    row = {"kind": "camera", "id": "C1", "site": "S1", "private_area": False}
    assert [quick_record(row, span) is not None for _ in range(4)] == [False, False, True, True]
    other = {"kind": "camera", "site": "S1", "id": "C1", "private_area": False}  # another order
    assert quick_record(other, span) is None


@given(st.text(max_size=8), st.integers(1, 10**9))
def test_span_at_is_span(source: str, line: int) -> None:
    from lnvideo.source import Span

    fast, slow = Span.at(source, line), Span(source, line)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
