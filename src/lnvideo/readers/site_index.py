"""JSON Lines files -> one bundle per site in bounded memory, for any order of lines.

Input: JSON Lines files (or directories of ``*.jsonl``), seekable. Output: a
`JsonlGroups`: the bundles streamed one site at a time and, once they are all
yielded, the diagnostics; both exactly what
``group_by_site(read_records(paths))`` gives (same bundles in the same order,
same diagnostics in the same order).

Two passes:
1. An index: each line's claimed key (a site line: its ``id``; a camera or an
   event: its ``site``), found without a full parse when that is safe (a line
   with no backslash and one ``{`` holds no nested object and no escaped text,
   so a top-level ``"site": "..."`` is found exactly by a pattern; any other line
   is decoded by `json.loads`). After a camera or an event line, the lines that
   follow with the same ``"site":"<key>"`` are vouched for in blocks by counting
   (`_same_key`), so a run of one site's lines costs one claim. Per key: the byte
   ranges of its lines, adjacent lines merged into one range. Lines with no key
   (invalid JSON, no kind...) are kept under a key of their own.
2. Per key, in the order of the sites' first valid site line: its lines are read
   again (one seek and read per range) through the reader (`readers.jsonl`, same coercion, same
   located diagnostics), then judged as `group_by_site` judges them (first site
   wins, duplicates among the records of that site, orphans set aside).

Invariants: memory holds the index (a few ints per run of adjacent lines of one
site), one site's records, the input diagnostics, the orphans and the valid site
ids; the claimed key of every line that yields a record is checked against the
record (a mismatch is regrouped under the record's own key when that site is
still to come, else an internal error: never a wrong grouping). Standard input,
Parquet directories, missing paths and anything that cannot be indexed are not
handled here (`group_jsonl` returns None: the caller groups in memory).
"""

from __future__ import annotations

import heapq
import json
import re
from array import array
from collections.abc import Iterator, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any, BinaryIO

from lnvideo.diagnostics import Diagnostic
from lnvideo.readers.bundle import (
    MAX_SUGGESTIONS,
    SiteBundle,
    _duplicate,
    _orphan,
    sort_events,
)
from lnvideo.readers.jsonl import _read_line, plain_record
from lnvideo.readers.parquet import PARQUET_TABLES
from lnvideo.records import Camera, Event, Site

#: Lines of one file: a position is ``file index << _SHIFT | line number``.
_SHIFT = 40
_LINE = (1 << _SHIFT) - 1
_BOM = b"\xef\xbb\xbf"
_WS = b" \t\r\n"
_WS_START = frozenset([b"", b" ", b"\t", b"\r", b"\n"])
#: A top-level ``"kind"``, ``"site"`` or ``"id"`` with a string value, in a line without
#: backslashes or nested objects (where a string followed by ``:`` is always a key).
_KEYS = re.compile(rb'"(kind|site|id)"[ \t\r\n]*:[ \t\r\n]*"([^"]*)"')


def jsonl_files(inputs: Sequence[str | Path]) -> list[Path] | None:
    """The JSON Lines files `read_records` would read, in its order; None if any input is
    something else (``-``, a Parquet directory, a missing or odd path, an empty directory)."""
    files: list[Path] = []
    try:
        for item in inputs:
            if str(item) == "-":
                return None
            path = Path(item)
            if path.is_dir():
                if any((path / name).exists() for _, name in PARQUET_TABLES):
                    return None
                found = sorted(p for p in path.glob("*.jsonl") if p.is_file())
                if not found:
                    return None
                files.extend(found)
            elif path.is_file() and path.suffix != ".parquet":
                files.append(path)
            else:
                return None
    except OSError:
        return None
    return files


def _claim(raw: bytes) -> tuple[str | None, bool]:
    """(the line's key, whether it is a site line); (None, False) when no record can come of it.

    A line without backslashes or nested objects is searched: first plainly, when
    `"kind"` and the key's name each occur once, each followed at once by `:"`
    (what `synth` and most writers produce), else by the pattern `_KEYS`, which
    also finds a key given twice (then the full parse says which one counts).
    """
    if b"\\" not in raw and raw.count(b"{") == 1:
        if raw.count(b'"kind"') == 1 and (at := raw.find(b'"kind":"')) >= 0:
            at += 8
            wanted = _KEY_OF.get(word := raw[at : raw.find(b'"', at)])
            if wanted is None:
                return None, False
            name, opening = wanted
            if raw.count(name) == 1 and (at := raw.find(opening)) >= 0:
                at += len(opening)
                end = raw.find(b'"', at)
                if end >= 0:
                    try:
                        return raw[at:end].decode(), word == b"site"
                    except UnicodeDecodeError:
                        return None, False
        pairs = _KEYS.findall(raw)
        found = dict(pairs)
        if len(found) == len(pairs):  # else a key given twice: the full parse says which
            kind = found.get(b"kind")
            try:
                if kind == b"site":
                    rid = found.get(b"id")
                    return (rid.decode() if rid is not None else None), True
                if kind == b"camera" or kind == b"event":
                    key = found.get(b"site")
                    return (key.decode() if key is not None else None), False
            except UnicodeDecodeError:
                return None, False
            return None, False
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return None, False
    if not isinstance(value, dict):
        return None, False
    kind = value.get("kind")
    if kind == "site":
        rid = value.get("id")
        return (rid if isinstance(rid, str) else None), True
    if kind == "camera" or kind == "event":
        key = value.get("site")
        return (key if isinstance(key, str) else None), False
    return None, False


#: kind -> (the name of the key field, that name followed by `:"`)
_KEY_OF = {
    kind: (name, name + b':"')
    for kind, name in ((b"site", b'"id"'), (b"camera", b'"site"'), (b"event", b'"site"'))
}


class _Key:
    """One key's lines: runs of adjacent lines (file, start, end, first line number)."""

    __slots__ = ("first_site", "runs")

    def __init__(self) -> None:
        self.first_site = -1
        self.runs = array("q")


#: Pass 1 reads this many bytes at a time.
_CHUNK = 1 << 22
#: The most lines `_same_key` vouches for at once.
_MAX_BLOCK = 4096


def _chunks(f: BinaryIO) -> Iterator[tuple[list[bytes], int]]:
    """The lines of `f` without their newline, a chunk at a time, and how many bytes
    each line's newline adds (1; 0 for a last line without one)."""
    pending: list[bytes] = []  # the pieces of a line not yet ended (joined once, at its end)
    while chunk := f.read(_CHUNK):
        lines = chunk.split(b"\n")
        if len(lines) == 1:
            pending.append(chunk)
            continue
        if pending:
            lines[0] = b"".join([*pending, lines[0]])
        pending = [lines.pop()]
        yield lines, 1
    last = b"".join(pending)
    if last:
        yield [last], 0


def _same_key(block: list[bytes], token: bytes) -> bool:
    """Whether every line of `block` is a camera or an event line whose record, if it
    has one, is grouped under the key in `token` (``"site":"<key>"``), by counting.

    Each line holds `"kind"` once and `"site"` once, and no backslash (so no
    escaped key can hide another `site`); over the block, `token` occurs once per
    line (so in each line, `"site"` is `token`) and so do `"kind":"camera"` and
    `"kind":"event"` together (so each line's one `kind` is one of them). A line
    that is not a valid record anyway yields no record, whatever key it is read under.
    """
    n = len(block)
    joined = b"\n".join(block)
    return (
        b"\\" not in joined
        and joined.count(token) == n
        and joined.count(b'"kind":"event"') + joined.count(b'"kind":"camera"') == n
        and list(map(bytes.count, block, repeat(b'"site"'))).count(1) == n
        and list(map(bytes.count, block, repeat(b'"kind"'))).count(1) == n
    )


def _same_run(lines: list[bytes], start: int, key: str) -> int:
    """How many of the lines from `start` on `_same_key` vouches for as lines of `key`,
    taken in blocks of growing size, up to the first line without ``"site":"<key>"``."""
    # (a key from a `\u` escape may be a lone surrogate: no valid line holds it)
    token = b'"site":"' + key.encode("utf-8", "surrogatepass") + b'"'
    taken, step = 0, 16
    while start + taken < len(lines):
        block = lines[start + taken : start + taken + step]
        has = list(map(bytes.__contains__, block, repeat(token)))
        if False in has:  # the run ends in this block, at the latest
            block = block[: has.index(False)]
        if not block or not _same_key(block, token):
            break
        taken += len(block)
        if len(block) < step:
            break
        step = min(step * 2, _MAX_BLOCK)
    return taken


def build_index(files: Sequence[Path]) -> tuple[dict[str | None, _Key], int] | None:
    """Pass 1: the index by key (None: lines with no key) and the number of site keys.

    Each line's key is claimed (`_claim`); after a camera or an event line, the lines
    that follow and hold the same ``"site":"<key>"`` are taken in blocks of growing
    size while `_same_key` vouches for them all (the lines of one site usually come
    together), so most lines are only counted.
    None when a file cannot be read to the end (the in-memory path reports it, located).
    """
    index: dict[str | None, _Key] = {}
    site_keys = 0
    for fi, file in enumerate(files):
        base = fi << _SHIFT
        try:
            with open(file, "rb") as f:
                offset = number = 0
                last: _Key | None = None
                for lines, newline in _chunks(f):
                    i, count = 0, len(lines)
                    while i < count:
                        raw = lines[i]
                        i += 1
                        number += 1
                        size = len(raw) + newline
                        text = raw[3:] if number == 1 and raw.startswith(_BOM) else raw
                        if text[:1] in _WS_START and not text.strip(_WS):
                            offset += size
                            last = None
                            continue
                        key, is_site = _claim(text)
                        entry = index.get(key)
                        if entry is None:
                            entry = index[key] = _Key()
                        if is_site and entry.first_site < 0 and key is not None:
                            entry.first_site = base | number
                            site_keys += 1
                        runs = entry.runs
                        if entry is last and runs[-2] == offset:
                            runs[-2] = offset + size
                        else:
                            runs.extend((fi, offset, offset + size, number))
                        last = entry
                        offset += size
                        if key is None or is_site or i == count:
                            continue
                        taken = _same_run(lines, i, key)
                        if taken:
                            offset += sum(map(len, lines[i : i + taken])) + taken * newline
                            runs[-2] = offset
                            number += taken
                            i += taken
        except (OSError, ValueError):
            return None
    return index, site_keys


def _key_of(record: Site | Camera | Event) -> str:
    """The key a record is grouped under: a site's id, a camera's or an event's site."""
    return record.id if isinstance(record, Site) else record.site


class JsonlGroups:
    """The bundles of JSON Lines files, site by site (`group_jsonl`)."""

    def __init__(self, files: Sequence[Path], index: dict[str | None, _Key], sites: int) -> None:
        self.files = list(files)
        self.names = [str(f) for f in files]
        self.index = index
        #: How many site ids the index found (the bundles are at most that many).
        self.total = sites
        self._passed: list[tuple[int, Diagnostic]] = []
        self._found: list[tuple[int, int, Diagnostic]] = []
        self._orphans: list[tuple[int, Camera | Event]] = []
        self._valid: list[str] = []
        self._extra: dict[str, list[tuple[int, Any]]] = {}
        self._done: set[str | None] = set()
        self._finished = False

    # ------------------------------------------------------------ reading
    def _records(self, key: str | None, fds: list[BinaryIO]) -> list[tuple[int, Any]]:
        """The records of `key` in input order; its diagnostics go to the passed ones.

        A record whose own key is another one is moved there (`_misplaced`).
        """
        out: list[tuple[int, Any]] = []
        entry = self.index.get(key)
        if entry is not None:
            passed = self._passed
            runs = entry.runs
            for i in range(0, len(runs), 4):
                fi, start, end, number = runs[i], runs[i + 1], runs[i + 2], runs[i + 3]
                fh = fds[fi]
                fh.seek(start)
                data = fh.read(end - start)
                if len(data) != end - start:
                    msg = f"{self.names[fi]} changed while it was read"
                    raise OSError(msg)
                parts = data.split(b"\n")
                if data.endswith(b"\n"):
                    parts.pop()
                name = self.names[fi]
                pos = (fi << _SHIFT | number) - 1
                for raw in parts:
                    pos += 1
                    plain = plain_record(raw, pos & _LINE, name)
                    for item in (
                        (plain,) if plain is not None else _read_line(raw, pos & _LINE, name)
                    ):
                        if isinstance(item, Diagnostic):
                            passed.append((pos, item))
                        elif key is None or key != _key_of(item):
                            self._misplaced(_key_of(item), pos, item)
                        else:
                            out.append((pos, item))
        extra = self._extra.pop(key, []) if key is not None else []
        if extra:
            out.extend(extra)
            out.sort(key=lambda t: t[0])
        return out

    def _misplaced(self, own: str, pos: int, item: Any) -> None:
        """A record the index put under another key: to its own key, if that is to come."""
        if own in self._done or (isinstance(item, Site) and pos < self._emitted):
            msg = f"site index mismatch for a record of `{own}` at {item.origin}"
            raise RuntimeError(msg)
        self._extra.setdefault(own, []).append((pos, item))
        if isinstance(item, Site):
            heapq.heappush(self._heap, (pos, own))

    # ------------------------------------------------------------ grouping
    def bundles(self) -> Iterator[SiteBundle]:
        """The bundles in the input order of their sites (the first valid site line)."""
        fds: list[BinaryIO] = []
        try:
            for f in self.files:
                fds.append(open(f, "rb", buffering=0))  # noqa: SIM115 - closed below
            yield from self._bundles(fds)
        finally:
            for fh in fds:
                fh.close()

    def _bundles(self, fds: list[BinaryIO]) -> Iterator[SiteBundle]:
        self._emitted = -1
        self._heap: list[tuple[int, str]] = []
        waiting: dict[str, list[tuple[int, Any]]] = {}
        # Lines with no key, then keys with no site line: records here are orphans
        # (or, never by construction, misplaced), all set aside before any bundle.
        self._records(None, fds)
        self._done.add(None)
        for key, entry in self.index.items():
            if key is None:
                continue
            if entry.first_site >= 0:
                self._heap.append((entry.first_site, key))
                continue
            lone = self._records(key, fds)
            first = next((pos for pos, r in lone if isinstance(r, Site)), None)
            if first is None:
                self._orphan_key(key, lone)
            else:  # never by construction: a site line the index did not see as one
                waiting[key] = lone
                self._heap.append((first, key))
        heapq.heapify(self._heap)
        while self._heap:
            at, key = heapq.heappop(self._heap)
            if key in self._done:
                continue
            recs: list[tuple[int, Any]] | None = waiting.pop(key, None)
            if recs is None:
                recs = self._records(key, fds)
            elif key in self._extra:
                recs.extend(self._extra.pop(key))
                recs.sort(key=lambda t: t[0])
            first = next((pos for pos, r in recs if isinstance(r, Site)), None)
            if first is None:
                self._orphan_key(key, recs)
                continue
            if first > at:  # its first site line was refused: the site comes later
                waiting[key] = recs
                heapq.heappush(self._heap, (first, key))
                continue
            self._emitted = first
            self._done.add(key)
            self._valid.append(key)
            yield self._bundle(recs)
        for key, recs in [*waiting.items(), *self._extra.items()]:
            self._orphan_key(key, recs)  # misplaced records of a key with no site
        self._extra.clear()
        self._finished = True

    def _orphan_key(self, key: str, recs: list[tuple[int, Any]]) -> None:
        self._done.add(key)
        self._orphans.extend((pos, r) for pos, r in recs if not isinstance(r, Site))

    def _bundle(self, recs: list[tuple[int, Any]]) -> SiteBundle:
        found = self._found
        site: Site | None = None
        cameras: list[Camera] = []
        events: list[Event] = []
        camera_ids: dict[str, Any] = {}
        event_ids: dict[str, Any] = {}
        for pos, rec in recs:
            if isinstance(rec, Event):
                rid = rec.id
                if rid is None or event_ids.setdefault(rid, rec) is rec:
                    events.append(rec)
                else:
                    found.append((1, pos, _duplicate("event", rid, rec, event_ids[rid])))
            elif isinstance(rec, Camera):
                if camera_ids.setdefault(rec.id, rec) is rec:
                    cameras.append(rec)
                else:
                    found.append((1, pos, _duplicate("camera", rec.id, rec, camera_ids[rec.id])))
            elif site is None:
                site = rec
            else:
                found.append((0, pos, _duplicate("site", rec.id, rec, site)))
        assert site is not None
        return SiteBundle(site, tuple(cameras), sort_events(events))

    def diagnostics(self) -> list[Diagnostic]:
        """The input diagnostics, once `bundles()` is exhausted: those of `group_by_site`."""
        if not self._finished:
            msg = "diagnostics() before the last bundle"
            raise RuntimeError(msg)
        self._orphans.sort(key=lambda t: t[0])
        for n, (pos, rec) in enumerate(self._orphans, start=1):
            near = self._valid if n <= MAX_SUGGESTIONS else []
            self._found.append((1, pos, _orphan(rec, near)))
        self._orphans.clear()
        self._passed.sort(key=lambda t: t[0])
        self._found.sort(key=lambda t: (t[0], t[1]))
        found = sorted((d for _, _, d in self._found), key=Diagnostic.sort_key)
        return [d for _, d in self._passed] + found


def group_jsonl(inputs: Sequence[str | Path]) -> JsonlGroups | None:
    """The inputs' bundles site by site, or None when they are not all JSON Lines files.

    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "r.jsonl").write_text(
        ...     '{"kind": "camera", "id": "C1", "site": "S1"}\\n{"kind": "site", "id": "S1"}\\n'
        ... )
        >>> groups = group_jsonl([d / "r.jsonl"])
        >>> [(b.site.id, len(b.cameras)) for b in groups.bundles()], groups.diagnostics()
        ([('S1', 1)], [])
    """
    files = jsonl_files(inputs)
    if files is None:
        return None
    built = build_index(files)
    if built is None:
        return None
    return JsonlGroups(files, *built)
