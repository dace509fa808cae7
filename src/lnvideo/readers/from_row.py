"""One input row (a decoded JSON object or a Parquet row) -> a record or diagnostics.

Input: the record kind (or None to read it from the row's ``kind``), a mapping
of field names to plain Python values (JSON values, or what pyarrow gives:
``date``, ``datetime``, lists), and the row's `Span`.
Output: ``(record, diagnostics)``; ``record`` is None when any diagnostic is an
error. Warnings (LNV012, LNV014) never stop a record.

Invariants: validation follows `lnvideo.schema` only; ``null`` means absent;
lists become tuples; dates are Asia/Shanghai local dates; instants are aware
datetimes in Asia/Shanghai; unknown fields land in ``extra``; nothing here
raises for any input value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from lnvideo import dates, schema
from lnvideo.clock import in_zone
from lnvideo.diagnostics import Diagnostic, did_you_mean, suggest
from lnvideo.records import Camera, Event, Record, Site
from lnvideo.schema import (
    CAMERA_FIELDS,
    EVENT_COMMON_FIELDS,
    EVENT_TYPE_FIELDS,
    EVENT_TYPES,
    RECORD_KINDS,
    SITE_FIELDS,
    FieldSpec,
    Type,
    all_event_field_names,
)
from lnvideo.source import Span

MAX_INT = 2**63 - 1
_ALL_EVENT_FIELDS = frozenset(all_event_field_names())
_RECORD_CLASSES: dict[str, type[Site] | type[Camera] | type[Event]] = {
    "site": Site,
    "camera": Camera,
    "event": Event,
}


class _Bad(Exception):
    """A value failed validation; carries the diagnostic parts (never escapes this module)."""

    def __init__(self, code: str, expected: str, hint: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.expected = expected
        self.hint = hint


def describe(value: object) -> str:
    """Say briefly what a value is, for "found ..." in messages.

    Example:
        >>> describe("15"), describe(1.5), describe(True), describe([1])
        ('the string "15"', 'the number 1.5', '`true`', 'a list')
    """
    if value is None:
        return "`null`"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, int):
        if abs(value) < 10**30:
            return f"the number {value}"
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return "an empty string" if not value else f'the string "{shown}"'
    if isinstance(value, dt.datetime):
        return f"the timestamp {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if type(value).__name__ == "Unconvertible":
        return repr(value)
    return f"a value of type {type(value).__name__}"


# --- one coercer per schema type: value -> python value, or raise _Bad ------------------


def _str(spec: FieldSpec, v: object) -> str:
    if not isinstance(v, str):
        raise _Bad("LNV005", "a string", 'write the value in double quotes, e.g. "S1"')
    if spec.required and not v.strip():
        raise _Bad("LNV005", "a non-empty string", f"every record needs a `{spec.name}`")
    return v


def _int(spec: FieldSpec, v: object) -> int:
    hint = "write a whole number without quotes, e.g. 30"
    if isinstance(v, bool) or not isinstance(v, int):
        raise _Bad("LNV005", "a non-negative whole number", hint)
    if v < 0 or v > MAX_INT:
        raise _Bad("LNV005", f"a non-negative whole number up to {MAX_INT}", hint)
    return v


def _bool(spec: FieldSpec, v: object) -> bool:
    if not isinstance(v, bool):
        raise _Bad("LNV005", "`true` or `false`", "write true or false without quotes")
    return v


_YEARS = f"a date between {dates.MIN_YEAR} and {dates.MAX_YEAR}"
_YEARS_HINT = f"years outside {dates.MIN_YEAR}..{dates.MAX_YEAR} are refused, as in JSON Lines text"


def _in_range(day: dt.date) -> dt.date:
    """One rule for every input: a local date outside `dates.MIN_YEAR..MAX_YEAR` is LNV006."""
    if not dates.MIN_YEAR <= day.year <= dates.MAX_YEAR:
        raise _Bad("LNV006", _YEARS, _YEARS_HINT)
    return day


def _local(v: dt.datetime) -> dt.datetime:
    try:
        at = dates.local_instant(v)
    except (OverflowError, ValueError):  # near year 1 or 9999 the zone shift overflows
        raise _Bad("LNV006", _YEARS, _YEARS_HINT) from None
    _in_range(at.date())
    return at


def _date(spec: FieldSpec, v: object) -> dt.date:
    if isinstance(v, dt.datetime):
        return _local(v).date()
    if isinstance(v, dt.date):
        return _in_range(v)
    if type(v).__name__ == "Unconvertible":
        raise _Bad("LNV006", _YEARS, _YEARS_HINT)
    if not isinstance(v, str):
        raise _Bad("LNV006", "an ISO 8601 date like 2026-03-02", "write the date as a string")
    fast = _fast_instant(v)
    if fast is not None:
        return fast[0]
    try:
        return dates.parse_date(v)
    except ValueError as exc:
        raise _Bad("LNV006", "an ISO 8601 date like 2026-03-02", _date_hint(exc)) from None


def _instant(spec: FieldSpec, v: object) -> dt.datetime:
    # A bare date stands for 00:00 local time that day (schema.Type.INSTANT).
    if isinstance(v, dt.datetime):
        return _local(v)
    if isinstance(v, dt.date):
        _in_range(v)
        return dates.local_instant(dt.datetime(v.year, v.month, v.day))
    day, at = _on(spec, v)
    return at if at is not None else dates.local_instant(dt.datetime(day.year, day.month, day.day))


def _on(spec: FieldSpec, v: object) -> tuple[dt.date, dt.datetime | None]:
    expected = "an ISO 8601 date like 2026-03-02 or datetime like 2026-03-02T09:30:00+08:00"
    if isinstance(v, dt.datetime):
        at = _local(v)
        return at.date(), at
    if isinstance(v, dt.date):
        return _in_range(v), None
    if type(v).__name__ == "Unconvertible":
        raise _Bad("LNV006", _YEARS, _YEARS_HINT)
    if not isinstance(v, str):
        raise _Bad("LNV006", expected, "write the date or datetime as a string")
    fast = _fast_instant(v)
    if fast is not None:
        return fast
    try:
        return dates.parse_instant(v)
    except ValueError as exc:
        raise _Bad("LNV006", expected, _date_hint(exc)) from None


_FROM_ISO = dt.datetime.fromisoformat


def _fast_instant(v: str) -> tuple[dt.date, dt.datetime | None] | None:
    """`dates.parse_instant(v)` for the two shapes exports write (``2026-03-02`` and
    ``2026-03-02T09:30:00+08:00`` from 1992 on), by slicing; None: ask `dates`."""
    n = len(v)
    if n == 25:
        if v[19:] != "+08:00" or v[10] != "T" or v[4] != "-" or v[7] != "-":
            return None
        if v[13] != ":" or v[16] != ":" or not v.isascii():
            return None
        try:  # the shape is fixed above; the C parser checks the digits and the ranges
            at = _FROM_ISO(v)
        except ValueError:
            return None
        if not dates.SHANGHAI_FIXED_FROM <= at.year <= dates.MAX_YEAR:
            return None
        at = in_zone(at)
        return at.date(), at
    if n == 10 and v[4] == "-" and v[7] == "-":
        digits = v[0:4] + v[5:7] + v[8:10]
        if not (digits.isascii() and digits.isdigit()):
            return None
        year = int(v[0:4])
        if not dates.MIN_YEAR <= year <= dates.MAX_YEAR:
            return None
        try:
            return dt.date(year, int(v[5:7]), int(v[8:10])), None
        except ValueError:
            return None
    return None


def _date_hint(exc: ValueError) -> str:
    text = str(exc)
    if "(" in text and text.endswith(")"):
        return text[text.rindex("(") + 1 : -1]
    return "use YYYY-MM-DD, optionally followed by THH:MM:SS and an offset such as +08:00 or Z"


def _enum(spec: FieldSpec, v: object) -> str:
    if not isinstance(v, str):
        raise _Bad("LNV005", f"one of the words {_words(spec)}", "write the word in double quotes")
    if v not in spec.values:
        hint = did_you_mean(v, spec.values) or f"allowed: {', '.join(spec.values)}"
        raise _Bad("LNV007", f"one of {_words(spec)}", hint)
    return v


def _words(spec: FieldSpec) -> str:
    if len(spec.values) <= 6:
        return ", ".join(spec.values)
    return f"{', '.join(spec.values[:4])}, ... ({len(spec.values)} words)"


def _open_enum(spec: FieldSpec, v: object) -> str:
    if not isinstance(v, str):
        raise _Bad("LNV005", "a word (a string)", f'e.g. "{spec.values[0]}" or any other word')
    return v


def _str_list(spec: FieldSpec, v: object) -> tuple[str, ...]:
    hint = 'write a list of strings, e.g. ["GB 50348"]'
    if not isinstance(v, list | tuple):
        raise _Bad("LNV005", "a list of strings", hint)
    for i, item in enumerate(v, start=1):
        if not isinstance(item, str):
            raise _Bad("LNV005", f"a list of strings (item {i} is {describe(item)})", hint)
    return tuple(v)


def _county(spec: FieldSpec, v: object) -> str:
    hint = 'write the 6-digit administrative division code as a string, e.g. "210102"'
    if isinstance(v, int) and not isinstance(v, bool):
        raise _Bad("LNV013", "a 6-digit county code as a string", hint)
    if not isinstance(v, str):
        raise _Bad("LNV005", "a 6-digit county code as a string", hint)
    if len(v) != 6 or not v.isascii() or not v.isdigit():
        raise _Bad("LNV013", "a county code of exactly 6 digits", hint)
    return v


_COERCE: dict[Type, Callable[[FieldSpec, object], Any]] = {
    Type.STR: _str,
    Type.INT: _int,
    Type.BOOL: _bool,
    Type.DATE: _date,
    Type.INSTANT: _instant,
    Type.ENUM: _enum,
    Type.OPEN_ENUM: _open_enum,
    Type.STR_LIST: _str_list,
    Type.COUNTY: _county,
}


#: Prepared once: the fields of each kind and event type, and the fields of other types.
_COMMON_ONLY = (dict(EVENT_COMMON_FIELDS), _ALL_EVENT_FIELDS - EVENT_COMMON_FIELDS.keys())
_SPECS: dict[str, tuple[dict[str, FieldSpec], frozenset[str]]] = {
    "site": (dict(SITE_FIELDS), frozenset()),
    "camera": (dict(CAMERA_FIELDS), frozenset()),
}
_EVENT_SPECS: dict[str, tuple[dict[str, FieldSpec], frozenset[str]]] = {
    t: (
        {**EVENT_COMMON_FIELDS, **own},
        _ALL_EVENT_FIELDS - EVENT_COMMON_FIELDS.keys() - own.keys(),
    )
    for t, own in EVENT_TYPE_FIELDS.items()
}


_REQUIRED: dict[str, tuple[str, ...]] = {
    "site": tuple(n for n, f in SITE_FIELDS.items() if f.required),
    "camera": tuple(n for n, f in CAMERA_FIELDS.items() if f.required),
    "event": tuple(n for n, f in EVENT_COMMON_FIELDS.items() if f.required),
}


_VOCAB_SPECS: dict[tuple[int, str], tuple[schema.Vocabulary, dict[str, FieldSpec]]] = {}


def _specs_for(kind: str, etype: object) -> tuple[dict[str, FieldSpec], frozenset[str]]:
    """The fields of a record, and (events) the known fields of other event types.

    Sites and cameras: the schema's fields with what the loaded packs declare
    (`schema.vocabulary()`, SPEC §8).
    """
    if kind != "event":
        vocab = schema.vocabulary()
        if vocab is schema.EMPTY_VOCABULARY:
            return _SPECS[kind]
        key = (id(vocab), kind)
        hit = _VOCAB_SPECS.get(key)
        if hit is None or hit[0] is not vocab:
            specs = schema.site_fields(vocab) if kind == "site" else schema.camera_fields(vocab)
            if len(_VOCAB_SPECS) > 64:
                _VOCAB_SPECS.clear()
            hit = _VOCAB_SPECS[key] = (vocab, specs)
        return hit[1], frozenset()
    if isinstance(etype, str) and etype in _EVENT_SPECS:
        return _EVENT_SPECS[etype]
    # Without a known type its own fields are unknown; say nothing about them.
    return _COMMON_ONLY


def _short(value: object) -> str | None:
    return value if isinstance(value, str) and value and len(value) <= 60 else None


def _record_name(kind: str, row: Mapping[str, object]) -> str:
    """How messages name a record: `site "S1"`, `event "E1" of site "S1"`."""
    rid = row.get("id")
    name = f'{kind} "{rid}"' if isinstance(rid, str) and 0 < len(rid) <= 60 else kind
    if kind != "site":
        site = row.get("site")
        if isinstance(site, str) and 0 < len(site) <= 60:
            name += f' of site "{site}"'
    return name


def _read_field(
    kind: str,
    name: str,
    value: object,
    spec: FieldSpec,
    who: str,
    span: Span,
    values: dict[str, Any],
    diags: list[Diagnostic],
) -> None:
    """Coerce one declared field into `values`, or add the diagnostic that says why not."""
    if kind == "event" and name == "type":
        diag = _event_type(value, who, span)
        if diag is not None:
            diags.append(diag)
        else:
            values[name] = value
        return
    if (
        kind == "site"
        and name == "place_category"
        and isinstance(value, str)
        and value not in spec.values
    ):
        diags.append(_undeclared(value, who, spec, span))
        return
    try:
        if kind == "event" and name == "on":
            values["on"], values["on_at"] = _on(spec, value)
        else:
            values[name] = _COERCE[spec.type](spec, value)
    except _Bad as bad:
        diags.append(
            Diagnostic(
                bad.code,
                f"{who}: field `{name}`: expected {bad.expected}, found {describe(value)}",
                span,
                hint=bad.hint,
                field=name,
            )
        )


def _missing(
    kind: str,
    fields: Mapping[str, object],
    specs: Mapping[str, FieldSpec],
    who: str,
    span: Span,
) -> list[Diagnostic]:
    """LNV004 for each required field of `kind` the row lacks."""
    return [
        Diagnostic(
            "LNV004",
            f"{who}: required field `{name}` is missing; expected {_expect(specs[name])}",
            span,
            hint=f"every {kind} record needs `{name}`",
            field=name,
        )
        for name in _REQUIRED[kind]
        if name not in fields
    ]


def build_record(
    kind: str | None, row: Mapping[str, object], span: Span
) -> tuple[Record | None, list[Diagnostic]]:
    """Validate one row and build its record; ``kind=None`` reads the row's ``kind`` field.

    Example:
        >>> rec, diags = build_record(None, {"kind": "site", "id": "S1"}, Span("a.jsonl", 1))
        >>> rec, diags
        (Site(id='S1', ...), [])
    """
    diags: list[Diagnostic] = []
    fields = {k: v for k, v in row.items() if v is not None}
    if kind is None:
        given = fields.pop("kind", None)
        if not isinstance(given, str) or given not in RECORD_KINDS:
            diags.append(_kind_error(given, span))
            return None, diags
        kind = given
    else:
        fields.pop("kind", None)

    specs, other_type_fields = _specs_for(kind, fields.get("type"))
    who = _record_name(kind, fields)
    etype = fields.get("type") if kind == "event" else None
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for name, value in fields.items():
        spec = specs.get(name)
        if spec is None:
            extra[name] = value
            diag = _unknown_field(name, who, etype, specs, other_type_fields, span)
            if diag is not None:
                diags.append(diag)
            continue
        _read_field(kind, name, value, spec, who, span, values, diags)
    diags.extend(_missing(kind, fields, specs, who, span))

    if any(d.is_error for d in diags):
        return None, diags
    cls = _RECORD_CLASSES[kind]
    if kind == "site":  # fields a pack declares live in `extra`
        for name in [n for n in values if n not in SITE_FIELDS]:
            extra[name] = values.pop(name)
    try:
        record = cls(**values, extra=extra, origin=span)
    except (TypeError, ValueError) as exc:  # a schema field the record class lacks
        msg = f"{who}: cannot build the record ({exc})"
        return None, [*diags, Diagnostic("LNV005", msg, span)]
    return record, diags


def _undeclared(value: str, who: str, spec: FieldSpec, span: Span) -> Diagnostic:
    """LNV016: a place category no loaded pack declares; the field reads as missing (§8)."""
    from lnvideo.packs import declaring_pack

    pack = declaring_pack(value)
    hint = (
        f"`{value}` is declared by the bundled pack `{pack}`: add `--rules {pack}`"
        if pack
        else did_you_mean(value, spec.values) or f"known: {', '.join(spec.values)}"
    )
    return Diagnostic(
        "LNV016",
        f"{who}: field `place_category`: `{value}` is declared by no loaded rule pack; "
        "the field is read as missing and the record is still checked",
        span,
        hint=hint,
        field="place_category",
    )


def _unknown_field(
    name: str,
    who: str,
    etype: object,
    specs: Mapping[str, FieldSpec],
    other_type_fields: frozenset[str],
    span: Span,
) -> Diagnostic | None:
    """LNV014 for a field of another event type, LNV012 for a near miss, else nothing."""
    if name in other_type_fields:
        if not (isinstance(etype, str) and etype in EVENT_TYPE_FIELDS):
            return None
        return Diagnostic(
            "LNV014",
            f"{who}: field `{name}` does not belong to a `{etype}` event; it is kept but ignored",
            span,
            hint=f"`{name}` is a field of {_types_with(name)}",
            field=name,
        )
    if who.startswith("site"):
        from lnvideo.packs import bundled_packs

        pack = next(
            (p.name for p in bundled_packs() if any(f == f"site.{name}" for f, _ in p.fields)), None
        )
        if pack is not None:
            return Diagnostic(
                "LNV016",
                f"{who}: field `{name}` is declared by no loaded rule pack; it is kept but ignored",
                span,
                hint=f"`{name}` is declared by the bundled pack `{pack}`: add `--rules {pack}`",
                field=name,
            )
    near = suggest(name, specs)
    if near is None:
        return None
    return Diagnostic(
        "LNV012",
        f"{who}: unknown field `{name}` looks like a misspelling of `{near}`; "
        "it is kept but ignored",
        span,
        hint=f"did you mean `{near}`?",
        field=name,
    )


def _expect(spec: FieldSpec) -> str:
    return {
        Type.STR: "a string",
        Type.INT: "a non-negative whole number",
        Type.BOOL: "`true` or `false`",
        Type.DATE: "an ISO 8601 date",
        Type.INSTANT: "an ISO 8601 datetime",
        Type.ENUM: "one of " + _words(spec),
        Type.OPEN_ENUM: "a word",
        Type.STR_LIST: "a list of strings",
        Type.COUNTY: "a 6-digit county code",
    }[spec.type]


def _types_with(name: str) -> str:
    owners = [f"`{t}`" for t, fs in EVENT_TYPE_FIELDS.items() if name in fs]
    if len(owners) > 1:
        return f"{', '.join(owners[:-1])} and {owners[-1]} events"
    return f"{owners[0]} events"


def _event_type(value: object, who: str, span: Span) -> Diagnostic | None:
    if isinstance(value, str) and value in EVENT_TYPES:
        return None
    if not isinstance(value, str):
        return Diagnostic(
            "LNV005",
            f"{who}: field `type`: expected an event type word, found {describe(value)}",
            span,
            hint=f"one of: {', '.join(EVENT_TYPES)}",
            field="type",
        )
    return Diagnostic(
        "LNV008",
        f"{who}: field `type`: expected a known event type, found {describe(value)}",
        span,
        hint=did_you_mean(value, EVENT_TYPES) or f"one of: {', '.join(EVENT_TYPES)}",
        field="type",
    )


def _kind_error(given: object, span: Span) -> Diagnostic:
    kinds = ", ".join(RECORD_KINDS)
    if given is None:
        return Diagnostic(
            "LNV003",
            f"record has no `kind`; expected one of {kinds}",
            span,
            hint='add "kind": "site", "camera" or "event"',
            field="kind",
        )
    hint = (did_you_mean(given, RECORD_KINDS) if isinstance(given, str) else None) or (
        f"one of: {kinds}"
    )
    return Diagnostic(
        "LNV003",
        f"field `kind`: expected one of {kinds}, found {describe(given)}",
        span,
        hint=hint,
        field="kind",
    )


_Maker = Callable[[Any, Span], "Record | None"]
#: id(specs) -> (specs, the keys of a row -> its maker, None when rows of that shape
#: need `build_record`, or how many rows of that shape were seen before it has a maker)
_QUICK: dict[int, tuple[Mapping[str, FieldSpec], dict[tuple[str, ...], _Maker | int | None]]] = {}
#: A shape of row gets its maker at its `MAKE_AFTER`-th row (before: `build_record`).
#: Compiling one costs about what reading a few dozen rows the general way costs, and
#: sites come in many shapes (which optional fields a row gives), most of them rare.
MAKE_AFTER = 32
#: Shapes remembered per set of specs before the memory starts again.
MAX_SHAPES = 4096


def _quick_maker(specs: Mapping[str, FieldSpec], kind: str, keys: tuple[str, ...]) -> _Maker | None:
    """The maker of a row with these keys (in this order), made once per shape of row;
    None when a key is unknown, a required field is absent, or the shape is still rare."""
    hit = _QUICK.get(id(specs))
    if hit is None or hit[0] is not specs:
        if len(_QUICK) > 64:
            _QUICK.clear()
        hit = _QUICK[id(specs)] = (specs, {})
    makers = hit[1]
    got = makers.get(keys, 0)
    if type(got) is int:
        if got + 1 < MAKE_AFTER:
            if len(makers) >= MAX_SHAPES:
                makers.clear()
            makers[keys] = got + 1
            return None
        got = makers[keys] = _make_maker(specs, kind, keys)
    return got  # type: ignore[return-value]


def _make_maker(specs: Mapping[str, FieldSpec], kind: str, keys: tuple[str, ...]) -> _Maker | None:
    """A function ``(the row's values in key order, span) -> record or None`` for rows
    of one shape: Python source written for the shape and compiled once (as attrs
    writes ``__init__``), so a row costs one call and no loop over its fields.

    Per field, the check is the coercer's own test written out where it is a type
    test (text, a word of a closed set, true/false; never laxer than the coercer),
    else a call of the coercer itself (`_COERCE`); anything doubtful returns None.
    The source names values by position only: no text of the input reaches it.
    """
    if not set(_REQUIRED[kind]) <= set(keys):
        return None
    cls = _RECORD_CLASSES[kind]
    names = [f.name for f in attrs.fields(cls)]
    args = dict.fromkeys(names, "None")
    args["extra"], args["origin"] = "{}", "span"
    env: dict[str, Any] = {"cls": cls, "_Bad": _Bad, "fast_on": _fast_instant, "on": _on}
    lines: list[str] = []
    for i, name in enumerate(keys):
        v = f"v{i}"
        if name == "kind":
            continue
        spec = specs.get(name)
        if spec is None or name not in args:
            return None
        if kind == "event" and name == "type":
            args[name] = v  # checked before the maker is asked for
            continue
        if kind == "event" and name == "on":
            lines += [
                f"    at = fast_on({v}) if type({v}) is str else None",
                "    if at is None:",
                f"        if {v} is None:",
                "            return None",
                f"        at = on(s{i}, {v})",
            ]
            env[f"s{i}"] = spec
            args["on"], args["on_at"] = "at[0]", "at[1]"
            continue
        args[name] = v
        if spec.type in (Type.STR, Type.OPEN_ENUM):
            blank = f" or not {v}.strip()" if spec.required and spec.type is Type.STR else ""
            lines += [f"    if type({v}) is not str{blank}:", "        return None"]
        elif spec.type is Type.ENUM:
            env[f"w{i}"] = frozenset(spec.values)
            lines += [f"    if type({v}) is not str or {v} not in w{i}:", "        return None"]
        elif spec.type is Type.BOOL:
            lines += [f"    if type({v}) is not bool:", "        return None"]
        else:
            env[f"c{i}"], env[f"s{i}"] = _COERCE[spec.type], spec
            lines += [f"    if {v} is None:", "        return None", f"    {v} = c{i}(s{i}, {v})"]
    unpack = ", ".join(f"v{i}" for i in range(len(keys)))
    source = "\n".join(
        [
            "def make(values, span):",
            f"    {unpack}, = values",
            "    try:",
            *("    " + line for line in lines),
            "    except _Bad:",
            "        return None",
            f"    return cls({', '.join(args[n] for n in names)})",
        ]
    )
    exec(compile(source, f"<lnvideo reader of {kind} rows {keys}>", "exec"), env)
    maker: _Maker = env["make"]
    return maker


def quick_record(row: Mapping[str, object], span: Span) -> Record | None:
    """The record of a JSON row that `build_record` would accept silently.

    None whenever there is any doubt (a null, an unknown or misplaced field, a field a
    rule pack declares, a value a coercer refuses): the caller then asks
    `build_record`, which says why.
    The values are checked as the coercers check them (`_make_maker`); only the
    message and diagnostic bookkeeping of `build_record` is skipped.
    """
    kind = row.get("kind")
    if kind == "event":
        etype = row.get("type")
        if type(etype) is not str or etype not in _EVENT_SPECS or etype not in EVENT_TYPES:
            return None
        make = _quick_maker(_EVENT_SPECS[etype][0], kind, tuple(row))
    elif kind == "camera" or kind == "site":
        make = _quick_maker(_specs_for(kind, None)[0], kind, tuple(row))
    else:
        return None
    if make is None:
        return None
    return make(row.values(), span)
