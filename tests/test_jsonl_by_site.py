"""JSON Lines grouped site by site (`readers.site_index`) gives exactly what grouping in memory gives.

The reference is ``group_by_site(read_records(paths))`` (every record held); the
streamed path must yield the same bundles in the same order and the same
diagnostics (codes, locations, messages, hints) in the same order, for any order
of lines: shuffled files, duplicates, orphans, refused lines, repeated keys,
lone surrogates, nested objects and escapes, several files.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lnvideo.readers import group_by_site, read_records, site_index
from lnvideo.readers.site_index import _claim, group_jsonl, jsonl_files

SITE_IDS = ["S1", "S2", "S3", "S10", "S1 ", "Ś1", "S\\u0032", ""]
CAMERA_IDS = ["C1", "C2", "C3"]
EVENT_TYPES = ["footage_accessed", "system_stopped", "inspection_done", "nope"]


def reference(paths: list[Path]) -> tuple[list[Any], list[Any]]:
    return group_by_site(read_records([str(p) for p in paths]))


def streamed(paths: list[Path]) -> tuple[list[Any], list[Any]]:
    groups = group_jsonl(paths)
    assert groups is not None
    bundles = list(groups.bundles())
    return bundles, groups.diagnostics()


def same(paths: list[Path]) -> None:
    want_b, want_d = reference(paths)
    got_b, got_d = streamed(paths)
    assert [b.site.id for b in got_b] == [b.site.id for b in want_b]
    assert got_b == want_b
    assert [d.render() for d in got_d] == [d.render() for d in want_d]
    assert got_d == want_d


def _obj(fields: list[tuple[str, str]], compact: bool = False) -> str:
    """A JSON object from raw (key, JSON text) pairs: repeated keys stay repeated."""
    if compact:  # as `synth` and most exports write it (what pass 1 counts in blocks)
        return "{" + ",".join(f'"{k}":{v}' for k, v in fields) + "}"
    return "{" + ", ".join(f'"{k}": {v}' for k, v in fields) + "}"


def _str(text: str) -> str:
    return '"' + text + '"' if "\\" in text else json.dumps(text, ensure_ascii=False)


@st.composite
def lines(draw: st.DrawFn, compact: bool = False) -> str:
    kind = draw(st.sampled_from(["site", "site", "camera", "camera", "event", "event", "bad"]))
    sid = _str(draw(st.sampled_from(SITE_IDS)))
    if kind == "site":
        fields = [("kind", '"site"'), ("id", sid)]
        county = draw(st.sampled_from([None, '"210102"', "210102", '"21"']))
        if county is not None:
            fields.append(("county_code", county))
        if draw(st.booleans()):
            fields.append(("name", _str(draw(st.sampled_from(["x", "{", 'a\\"b', "\\ud800"])))))
    elif kind == "camera":
        fields = [("kind", '"camera"'), ("id", _str(draw(st.sampled_from(CAMERA_IDS))))]
        fields.append(("site", sid))
        if draw(st.booleans()):
            fields.append(("place", '"lobby"'))
    elif kind == "event":
        fields = [("kind", '"event"'), ("type", _str(draw(st.sampled_from(EVENT_TYPES))))]
        fields.append(("site", sid))
        fields.append(
            (
                "on",
                _str(
                    draw(
                        st.sampled_from(
                            ["2026-01-02", "2026-01-02T09:00:00+08:00", "2026-01-01", "2026-13-01"]
                        )
                    )
                ),
            )
        )
        if draw(st.booleans()):
            fields.append(("id", _str(draw(st.sampled_from(["E1", "E2"])))))
        if draw(st.booleans()):
            fields.append(("note", '{"site": "S3", "kind": "site"}'))
        if draw(st.integers(0, 5)) == 0:
            fields.append(("note", '{"x":{"kind":"site"}}' if compact else '{"y": 1}'))
    else:
        return draw(
            st.sampled_from(
                [
                    "",
                    "   ",
                    "not json",
                    "[1, 2]",
                    '{"kind": "cam", "id": "C1", "site": "S1"}',
                    '{"id": "S1"}',
                    '{"kind": "site", "id": 12}',
                    '{"kind": "camera", "id": "C1", "site": 5}',
                    '{"kind": "site", "id": "S1", "n": NaN}',
                    '{"kind": "camera", "id": "C9", "site": "S\\ud800"}',
                    '{"kind": "site", "id": "S2"',
                    '{"kind": "site" , "id" : "S3" , "x": {"y": 1}}',
                    '{"kind":"site","id":"S3","site":"S1"}',
                    '{"kind":"event","type":"footage_accessed","site":"S1","site":"S2","on":"2026-01-02"}',
                    '{"kind":"camera","id":"C7","x":{"site":"S1"}}',
                    '{"kind":"camera","kind":"site","id":"S2","site":"S1"}',
                    '{"site":"S1","kind":"camera","id":"C8"}',
                    '{"kind":"event","site":"S1"',
                ]
            )
        )
    if draw(st.integers(0, 9)) == 0:  # a repeated key (LNV015)
        fields.append((draw(st.sampled_from(["site", "id", "kind"])), sid))
    draw(st.randoms()).shuffle(fields) if draw(st.integers(0, 4)) == 0 else None
    return _obj(fields, compact)


_SITE_OF = re.compile(r'"site": ?"([^"]*)"')


@st.composite
def files(draw: st.DrawFn) -> list[bytes]:
    out = []
    for _ in range(draw(st.integers(1, 3))):
        body = draw(st.lists(lines(compact=draw(st.booleans())), max_size=30))
        if draw(st.booleans()):  # the lines of one site together, as exports write them
            body.sort(key=lambda line: ((m := _SITE_OF.search(line)) and m[1]) or "")
        eol = draw(st.sampled_from(["\n", "\r\n"]))
        text = eol.join(body) + (eol if draw(st.booleans()) else "")
        data = text.encode("utf-8", "surrogatepass")
        if draw(st.integers(0, 5)) == 0:
            data = b"\xef\xbb\xbf" + data
        if draw(st.integers(0, 8)) == 0:
            data = data.replace(b"S2", b"S\xff2", 1)  # undecodable UTF-8
        out.append(data)
    return out


SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(files(), st.sampled_from([1 << 22, 1, 7, 64]))
def test_streamed_equals_in_memory(
    tmp_path_factory: pytest.TempPathFactory, data: list[bytes], chunk: int
) -> None:
    """Any JSON Lines files, any order, read by pass 1 in chunks of any size: the same
    bundles and diagnostics as in memory."""
    d = tmp_path_factory.mktemp("j")
    paths = []
    for i, content in enumerate(data):
        p = d / f"f{i}.jsonl"
        p.write_bytes(content)
        paths.append(p)
    saved, site_index._CHUNK = site_index._CHUNK, chunk
    try:
        same(paths)
    finally:
        site_index._CHUNK = saved


@given(st.binary(max_size=80).map(lambda b: b.replace(b"\x00", b"\n")), st.integers(1, 9))
def test_pass_one_reads_the_lines_a_file_iteration_reads(data: bytes, chunk: int) -> None:
    """The chunks of pass 1 hold the lines `for line in file` gives, a long one too."""
    saved, site_index._CHUNK = site_index._CHUNK, chunk
    try:
        got = [
            line + b"\n" * newline
            for lines, newline in site_index._chunks(io.BytesIO(data))
            for line in lines
        ]
    finally:
        site_index._CHUNK = saved
    assert got == list(io.BytesIO(data))


@SETTINGS
@given(files(), st.randoms())
def test_shuffled_lines_and_the_same_file_twice(
    tmp_path_factory: pytest.TempPathFactory, data: list[bytes], rnd: random.Random
) -> None:
    """Shuffling the lines of one file and reading it twice keeps both paths equal."""
    d = tmp_path_factory.mktemp("j")
    body = b"\n".join(data).split(b"\n")
    rnd.shuffle(body)
    p = d / "all.jsonl"
    p.write_bytes(b"\n".join(body))
    same([p])
    same([p, p])


def test_many_orphans_keep_the_suggestion_cut_off(tmp_path: Path) -> None:
    """Over 200 orphans: the first 200 in input order get a near-site hint, as in memory."""
    rows = [json.dumps({"kind": "camera", "id": f"C{i}", "site": f"S{i % 7}x"}) for i in range(260)]
    rows.insert(130, json.dumps({"kind": "site", "id": "S1x"}))
    rows.append(json.dumps({"kind": "site", "id": "S2x"}))
    rows.append(json.dumps({"kind": "site", "id": "S2x"}))  # a duplicate site: LNV010
    random.Random(4).shuffle(rows)
    p = tmp_path / "o.jsonl"
    p.write_text("\n".join(rows) + "\n")
    same([p])


def test_a_refused_first_site_line_puts_the_site_where_its_valid_line_is(tmp_path: Path) -> None:
    p = tmp_path / "r.jsonl"
    p.write_text(
        '{"kind": "site", "id": "S1", "county_code": 21}\n'
        '{"kind": "site", "id": "S2"}\n'
        '{"kind": "camera", "id": "C1", "site": "S1"}\n'
        '{"kind": "site", "id": "S1"}\n'
        '{"kind": "site", "id": "S1"}\n'
    )
    same([p])
    bundles, _ = streamed([p])
    assert [b.site.id for b in bundles] == ["S2", "S1"]


def test_directory_of_jsonl_files_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b.jsonl").write_text('{"kind": "site", "id": "S1"}\n')
    (tmp_path / "a.jsonl").write_text('{"kind": "camera", "id": "C1", "site": "S1"}\n')
    assert jsonl_files([tmp_path]) == [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    same([tmp_path])


def test_other_inputs_are_left_to_the_in_memory_path(tmp_path: Path) -> None:
    (tmp_path / "sites.parquet").write_bytes(b"")
    assert group_jsonl(["-"]) is None
    assert group_jsonl([tmp_path]) is None
    assert group_jsonl([tmp_path / "missing.jsonl"]) is None


@pytest.mark.parametrize(
    ("line", "claimed"),
    [
        (b'{"kind":"site","id":"S1"}', ("S1", True)),
        (b'{"kind":"camera","id":"C1","site":"S1"}', ("S1", False)),
        (b'{"kind":"event","site":"S\\u0031"}', ("S1", False)),
        (b'{"kind":"event","x":{"site":"S9"},"site":"S1"}', ("S1", False)),
        (b'{"kind":"event","site":"S9","site":"S1"}', ("S1", False)),
        (b'{"kind":"event","site":5}', (None, False)),
        (b'{"kind":"sites","id":"S1"}', (None, False)),
        (b"nonsense", (None, False)),
    ],
)
def test_claimed_keys(line: bytes, claimed: tuple[str | None, bool]) -> None:
    """The cheap key of pass 1 is the key the full parse gives (a nested or repeated
    `site`, an escape: decoded in full)."""
    assert _claim(line) == claimed


_KEY_NAMES = st.sampled_from(["kind", "site", "id", "name", "type", "sitex", "kin"])
_VALUES = st.sampled_from(["site", "camera", "event", "S1", "S2", "kind", "id", "", "中"])


@given(
    pairs=st.lists(st.tuples(_KEY_NAMES, _VALUES), min_size=1, max_size=6),
    colon=st.sampled_from([":", " : ", ":\t"]),
)
def test_claim_is_the_full_parse(pairs: list[tuple[str, str]], colon: str) -> None:
    """The plain searches of pass 1 give the key of the full parse (the last of repeated
    keys wins there; the searches must then step aside)."""
    line = ("{" + ",".join(f'"{k}"{colon}"{v}"' for k, v in pairs) + "}").encode()
    value = json.loads(line)
    kind = value.get("kind")
    want = (
        (value.get("id"), True)
        if kind == "site"
        else (value.get("site"), False)
        if kind in ("camera", "event")
        else (None, False)
    )
    assert _claim(line) == want


def test_fuzz_corpus_cases(tmp_path: Path) -> None:
    """The hostile JSON Lines of the fuzz corpus: both paths agree."""
    from tests.fuzz.generators import jsonl_case

    for seed in range(40):
        case = jsonl_case(seed)
        p = tmp_path / f"c{seed}.jsonl"
        p.write_bytes(case.files["data.jsonl"])
        same([p])


def _shuffled_records(path: Path, seed: int = 3) -> Path:
    from tests.fuzz.generators import jsonl_case

    lines = [x for x in jsonl_case(seed).files["data.jsonl"].split(b"\n") if x]
    random.Random(seed).shuffle(lines)
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary directory of this test's own, so other processes' staging is not seen."""
    own = tmp_path / "tmp"
    own.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own))
    return own


def _key(f: Any) -> tuple[Any, ...]:
    return (f.rule, f.subject.kind, f.subject.id, f.subject.site, f.status.value, f.due)


@pytest.mark.parametrize("seed", [3, 8])
def test_engines_read_shuffled_jsonl_as_the_in_memory_path(
    tmp_path: Path, seed: int, own_tmp: Path
) -> None:
    """Python (site by site) and DuckDB (staged Parquet) give the findings and the
    diagnostics of the in-memory grouping; the staging directory is gone afterwards."""
    import datetime as dt

    import lnvideo
    from lnvideo.engines import ENGINES
    from lnvideo.readers import SiteBundle

    rules = lnvideo.load_rules()
    as_of = dt.date(2026, 11, 30)
    path = _shuffled_records(tmp_path / "r.jsonl", seed)
    before = set(own_tmp.glob("lnvideo_stage_*"))
    bundles, diags = reference([path])
    want = sorted(
        _key(f)
        for b in bundles
        for f in rules.compiled.check_bundle(b.site, b.cameras, b.events, as_of, explain=False)
        if isinstance(b, SiteBundle)
    )
    for name in ("python", "duckdb"):
        engine = ENGINES[name]
        got = sorted(_key(f) for f in engine.findings(rules, [path], as_of=as_of))
        assert got == want, name
        assert [d.render() for d in engine.last_diagnostics] == [d.render() for d in diags], name
    assert set(own_tmp.glob("lnvideo_stage_*")) <= before


def test_staging_is_deleted_on_close_and_on_error(tmp_path: Path, own_tmp: Path) -> None:
    from lnvideo.engines.inputs import records_input, stage

    path = _shuffled_records(tmp_path / "r.jsonl")
    groups = group_jsonl([path])
    inp = records_input(groups)
    assert inp.staging is not None and (inp.staging / "events.parquet").is_file()
    assert inp.tables["sites"].count_rows() == len(reference([path])[0])
    inp.close()
    assert not inp.staging.exists()

    def broken() -> Any:
        yield from group_jsonl([path]).bundles()
        raise RuntimeError("boom")

    before = set(own_tmp.glob("lnvideo_stage_*"))
    with pytest.raises(RuntimeError):
        stage(broken(), list, batch=2)
    assert set(own_tmp.glob("lnvideo_stage_*")) == before


_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=4)


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        when = draw(
            st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31))
        )
        shape = draw(
            st.sampled_from(
                [
                    "%Y-%m-%dT%H:%M:%S+08:00",
                    "%Y-%m-%d",
                    "%Y-%m-%dT%H:%M:%S+09:00",
                    "%Y-%m-%d %H:%M:%S",
                ]
            )
        )
        return f"{when.year:04d}" + when.strftime(shape)[len(str(when.year)) :]
    parts = draw(st.lists(_DIGITS, min_size=3, max_size=6))
    text = "-".join(parts[:3])
    if len(parts) > 3:
        text += "T" + ":".join(p.rjust(2, "0")[:2] for p in parts[3:]) + "+08:00"
    return draw(st.sampled_from([text, text.replace("-", "/"), "２０２６-01-02", text + " "]))


@settings(max_examples=500, deadline=None)
@given(date_texts())
def test_fast_instant_equals_dates(text: str) -> None:
    """The readers' sliced parse of the common date shapes is `dates.parse_instant`'s answer."""
    from lnvideo import dates
    from lnvideo.readers.from_row import _fast_instant

    fast = _fast_instant(text)
    if fast is None:
        return
    want = dates.parse_instant(text)
    assert fast == want
    if fast[1] is not None:
        assert want[1] is not None
        assert fast[1].tzinfo is want[1].tzinfo
        assert fast[1].utcoffset() == want[1].utcoffset()


@pytest.mark.parametrize(
    "text",
    [
        "2026-W10-1T09:30:00+08:00",  # an ISO week date is 25 characters too
        "2026-03-02T09:30:0٣+08:00",  # a non-ASCII digit
        "2026-03-02T24:00:00+08:00",
        "2026-02-29T09:30:00+08:00",
        "1991-03-02T09:30:00+08:00",  # before Shanghai's offset was fixed
        "2201-01-01T00:00:00+08:00",
    ],
)
def test_fast_instant_leaves_odd_shapes_to_dates(text: str) -> None:
    from lnvideo.readers.from_row import _fast_instant

    assert _fast_instant(text) is None
