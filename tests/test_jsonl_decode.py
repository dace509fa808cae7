"""The JSON Lines reader's two parses agree: a line parsed into plain dicts (at C speed) gives
the same value as the parse that remembers repeated keys, and a repeated key is never missed."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from lnvideo.readers.jsonl import _DECODER, _decode, _distinct_keys

_KEYS = st.sampled_from(["kind", "site", "id", "on", "a", "b", 'q"uote', "back\\slash", "中"])
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.sampled_from(["", "x", 'say "hi"', "\\", "中文"]),
)


@st.composite
def objects(draw: st.DrawFn, depth: int = 0) -> str:
    """The text of a JSON object whose keys may repeat, with nested lists and objects."""
    pairs = []
    for _ in range(draw(st.integers(0, 5))):
        key = json.dumps(draw(_KEYS), ensure_ascii=draw(st.booleans()))
        if depth < 2 and draw(st.integers(0, 4)) == 0:
            value = draw(objects(depth + 1))
        elif depth < 2 and draw(st.integers(0, 4)) == 0:
            items = draw(st.lists(_SCALARS, max_size=3))
            value = json.dumps(items, ensure_ascii=False)
        else:
            value = json.dumps(draw(_SCALARS), ensure_ascii=False)
        pairs.append(f"{key}:{value}")
    return "{" + ",".join(pairs) + "}"


@settings(max_examples=600, deadline=None)
@given(objects())
def test_decode_is_the_remembering_parse(text: str) -> None:
    want = _DECODER.decode(text)
    got = _decode(text)
    assert got == want
    assert getattr(got, "repeated", ()) == getattr(want, "repeated", ())


def test_a_repeated_key_is_seen_on_a_plain_line() -> None:
    assert _decode('{"kind":"site","id":"S1","id":"S2"}').repeated == ("id",)
    assert _decode('{"kind":"site","n":1,"n":2}').repeated == ("n",)
    assert getattr(_decode('{"kind":"site","id":"S1"}'), "repeated", ()) == ()


_SEPS = st.sampled_from([":", ": ", " :", "\t:", "\r:", ":\t"])


@settings(max_examples=600, deadline=None)
@given(objects(), st.lists(_SEPS, min_size=12, max_size=12))
def test_distinct_keys_by_counting_never_misses_a_repeated_key(text: str, seps: list[str]) -> None:
    """Where `_distinct_keys` says each key came once (a plain line), none came twice."""
    parts = text.split('":')  # each key's colon (and any `":` inside a value) gets its own
    text = parts[0] + "".join('"' + seps[i % 12] + p for i, p in enumerate(parts[1:]))
    try:
        value = _DECODER.decode(text)
    except ValueError:
        return
    if not isinstance(value, dict) or "\\" in text:
        return  # `plain_record` asks `_distinct_keys` only about such lines
    if _distinct_keys(text, len(value)):
        assert getattr(value, "repeated", ()) == ()


def test_distinct_keys_answers_for_a_compact_line() -> None:
    assert _distinct_keys('{"kind":"site","id":"S1","on":"2026-03-02T09:30:00+08:00"}', 3)
    assert not _distinct_keys('{"kind":"site","id":"S1","id":"S2"}', 2)  # repeated
    assert not _distinct_keys('{"kind":"site","id" :"S1"}', 2)  # a blank before a colon
