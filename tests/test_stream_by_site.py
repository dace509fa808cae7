"""Streaming a site-sorted Parquet province site by site gives what grouping in memory gives.

`readers.bundle.group_sorted` against `group_by_site` (Hypothesis: duplicates,
orphans, bad rows, sites without records), and the python engine on Parquet
directories written in site order and out of it: the same findings and the same
diagnostics, in the same order.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given
from hypothesis import strategies as st

from lnvideo.diagnostics import Diagnostic
from lnvideo.engines import python_engine
from lnvideo.readers.bundle import MAX_SUGGESTIONS, group_by_site, group_sorted
from lnvideo.records import Camera, Event, Site
from lnvideo.source import Span

_SITES = ["S1", "S2", "S3", "S4"]


def _items(draw, kind, order):
    out = []
    for n, sid in enumerate(draw(st.lists(st.sampled_from([*order, "S9", "SX"]), max_size=30))):
        if draw(st.integers(0, 9)) == 0:
            out.append(Diagnostic("LNV005", f"bad {kind} {n}", Span(f"{kind}.parquet", n + 1)))
            continue
        rid = draw(st.sampled_from(["A", "B", "C", None] if kind == "event" else ["A", "B", "C"]))
        span = Span(f"{kind}.parquet", n + 1)
        if kind == "camera":
            out.append(Camera(rid, sid, origin=span))
        else:
            day = dt.date(2026, 1, draw(st.integers(1, 3)))
            out.append(Event(sid, "registration_filed", day, id=rid, origin=span))
    # in the order of the sites; orphans anywhere
    rank = {s: i for i, s in enumerate(order)}
    valid = sorted(
        (x for x in out if not isinstance(x, Diagnostic) and x.site in rank),
        key=lambda x: rank[x.site],
    )
    it = iter(valid)
    return [x if isinstance(x, Diagnostic) or x.site not in rank else next(it) for x in out]


@st.composite
def provinces(draw):
    ids = draw(st.lists(st.sampled_from(_SITES), min_size=0, max_size=6))
    sites = [Site(s, origin=Span("sites.parquet", i + 1)) for i, s in enumerate(ids)]
    if draw(st.booleans()):
        sites.insert(0, Diagnostic("LNV004", "bad site", Span("sites.parquet", 99)))
    order = list(dict.fromkeys(ids))
    return sites, _items(draw, "camera", order), _items(draw, "event", order)


@given(provinces())
def test_group_sorted_equals_group_by_site(province):
    sites, cameras, events = province
    want_bundles, want_diags = group_by_site([*sites, *cameras, *events])
    _, bundles, diags = group_sorted(sites, cameras, events)
    got = list(bundles)
    assert got == want_bundles
    assert [b.events for b in got] == [b.events for b in want_bundles]
    assert [(b.site.origin, [e.origin for e in b.events]) for b in got] == [
        (b.site.origin, [e.origin for e in b.events]) for b in want_bundles
    ]
    assert diags() == want_diags


def test_orphan_suggestions_stop_at_the_same_orphan():
    sites = [Site("S1")]
    cams = [Camera(f"C{i}", "S2", origin=Span("c", i)) for i in range(MAX_SUGGESTIONS + 5)]
    evs = [Event("S2", "registration_filed", dt.date(2026, 1, 1), origin=Span("e", 1))]
    want = group_by_site([*sites, *cams, *evs])[1]
    _, bundles, diags = group_sorted(sites, cams, evs)
    list(bundles)
    assert [(d.message, d.hint) for d in diags()] == [(d.message, d.hint) for d in want]


def _write(tmp, sites, cameras, events):
    tmp.mkdir()
    pq.write_table(pa.table(sites), tmp / "sites.parquet")
    pq.write_table(pa.table(cameras), tmp / "cameras.parquet")
    pq.write_table(pa.table(events), tmp / "events.parquet")
    return tmp


def _run(directory, *, stream):
    import lnvideo

    rules = lnvideo.load_rules()
    eng = python_engine.PythonEngine()
    saved = python_engine._sorted_parquet
    if not stream:
        python_engine._sorted_parquet = lambda inputs: None
    try:
        diags: list[Diagnostic] = []
        found = list(
            eng.findings(rules, [directory], as_of=dt.date(2026, 11, 30), diagnostics=diags)
        )
    finally:
        python_engine._sorted_parquet = saved
    assert diags == eng.last_diagnostics
    return [f.to_json(explain=True) for f in found], eng.last_diagnostics


def _province(sorted_events):
    sites = {
        "id": ["S1", "S2", "S1", "S3"],
        "county_code": ["210102", "210103", "210102", "21x"],
        "has_system": [True, True, False, True],
        "in_use_on": [dt.date(2026, 9, 5)] * 4,
    }
    cameras = {"id": ["C1", "C1", "C2", "C3"], "site": ["S1", "S1", "S9", "S2"]}
    sites_order = (
        ["S1", "S1", "S2", "S9", "S2"] if sorted_events else ["S2", "S1", "S2", "S1", "S9"]
    )
    events = {
        "id": ["E1", "E1", "E2", "E3", None],
        "site": sites_order,
        "type": ["registration_filed", "registration_filed", "nope", "registration_filed", "x"],
        "on": [dt.date(2026, 9, 20), dt.date(2026, 9, 1), None, dt.date(2026, 9, 2), None],
        "authority": ["210102", "210102", None, "210103", None],
    }
    return sites, cameras, events


def test_engine_streams_a_sorted_directory_alike(tmp_path):
    directory = _write(tmp_path / "p", *_province(sorted_events=True))
    assert python_engine._sorted_parquet([directory]) is not None
    assert _run(directory, stream=True) == _run(directory, stream=False)
    assert _run(directory, stream=True)[1]  # there are diagnostics to compare


def test_engine_groups_an_unsorted_directory_in_memory(tmp_path):
    directory = _write(tmp_path / "p", *_province(sorted_events=False))
    assert python_engine._sorted_parquet([directory]) is None


def test_engine_streams_synth_alike(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "synth"
    cmd = [sys.executable, "-m", "lnvideo", "synth", "--sites", "40", "--seed", "3"]
    subprocess.run([*cmd, "--out", str(out)], check=True, capture_output=True)
    assert python_engine._sorted_parquet([out]) is not None
    assert _run(out, stream=True) == _run(out, stream=False)


@given(
    st.lists(
        st.tuples(
            st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 1, 4)),
            st.one_of(st.none(), st.integers(0, 3 * 24 * 3600)),
        ),
        max_size=30,
    )
)
def test_sort_events_is_the_full_key_sort(items) -> None:
    """Sorting by day, then by instant only within a crowded day, is the one-key sort, ties
    in input order (compared by identity)."""
    from lnvideo.clock import ZONE
    from lnvideo.readers.bundle import _event_key, sort_events
    from lnvideo.records import Event

    start = dt.datetime(2026, 1, 1, tzinfo=ZONE)
    events = [
        Event(
            "S1",
            "footage_accessed",
            day,
            on_at=None if s is None else start + dt.timedelta(seconds=s),
        )
        for day, s in items
    ]
    got = sort_events(events)
    want = sorted(events, key=_event_key)
    assert [id(e) for e in got] == [id(e) for e in want]
