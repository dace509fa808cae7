"""Why an event did not count for a `requires event … where …`: one wording for every engine.

Input: a `where` condition (IR) and, for an event it rejected, the values of
the two sides of its first false conjunct — python values from the python
engine (`compile.to_python`), text from SQL (`compile.to_sql` puts the
conjunct's number and both sides, cast to text, into `lnv_unmatched`;
`compile.sql_explain` reads them back with `from_text`).
Output: the explanation note, e.g. "registration_filed on 2026-10-28 with the
Laobian District (Yingkou) public security organ does not count: the rule
requires filing.authority = site.county_code, but filing.authority is
"210811" (the Laobian District (Yingkou) public security organ) and
site.county_code is "210802" (the Zhanqian District (Yingkou) public security
organ)", in `en` or `zh`.

Invariants: a conjunct is described only when it is a comparison whose sides
are fields or literals of a type whose text both engines write alike
(`describable`); otherwise, and when no conjunct is false, the note keeps the
general sentence ("it does not meet the rule's conditions"). Values are shown
as a rule file writes them (`semantics.show`), county codes with their
organ's name (`counties.organ_name`). Nothing here decides a status.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lnvideo import ir
from lnvideo.counties import organ_name
from lnvideo.semantics.texts import note_text
from lnvideo.semantics.values import show

#: the side types whose values read back from SQL text exactly as python holds them
_TYPES = frozenset({"str", "county", "enum", "open_enum", "int", "bool", "date"})


def conjuncts(where: Any) -> tuple[Any, ...]:
    """The conjuncts of a `where`, in source order (`a and (b and c)` -> a, b, c).

    Example:
        >>> a, b, c = (ir.Literal(x, "bool") for x in (True, False, True))
        >>> len(conjuncts(ir.And(a, ir.And(b, c)))), conjuncts(None)
        (3, ())
    """
    if where is None:
        return ()
    if isinstance(where, ir.And):
        return (*conjuncts(where.left), *conjuncts(where.right))
    return (where,)


def describable_side(e: Any) -> bool:
    """Whether `e` is a field or literal whose value both engines show alike."""
    return isinstance(e, ir.Path | ir.Literal) and e.type in _TYPES


def describable(c: Any) -> bool:
    """Whether a false conjunct `c` is described with its two sides' values."""
    return isinstance(c, ir.Compare) and describable_side(c.left) and describable_side(c.right)


def from_text(text: str, type_: str) -> Any:
    """A side's value as SQL wrote it (`CAST(… AS VARCHAR)`), as python holds it.

    Example:
        >>> from_text("2026-10-28", "date"), from_text("true", "bool"), from_text("7", "int")
        (datetime.date(2026, 10, 28), True, 7)
    """
    if type_ == "int":
        return int(text)
    if type_ == "bool":
        return text.lower() == "true"
    if type_ == "date":
        return dt.date.fromisoformat(text[:10])
    return text


def _expr(e: Any) -> str:
    return str(e) if isinstance(e, ir.Path) else show(e.value)


def _value(e: Any, v: Any, lang: str) -> str:
    shown = show(v)
    if e.type == "county" and isinstance(v, str):
        return note_text("county_value", lang, value=shown, organ=organ_name(v, lang))
    return shown


def unmatched_text(event: str, c: Any, left: Any, right: Any, lang: str) -> str:
    """The note for an event (`event`, its sentence) rejected by conjunct `c` (None: unsaid).

    Example:
        >>> c = ir.Compare("=", ir.Path("filing", "authority", "county"),
        ...                ir.Path("site", "county_code", "county"))
        >>> unmatched_text("registration_filed on 2026-10-28", c, "210811", "210802", "en")
        ... # doctest: +NORMALIZE_WHITESPACE
        'registration_filed on 2026-10-28 does not count: the rule requires
        filing.authority = site.county_code, but filing.authority is "210811" (the Laobian
        District (Yingkou) public security organ) and site.county_code is "210802" (the
        Zhanqian District (Yingkou) public security organ)'
    """
    if c is None or not describable(c):
        return note_text("unmatched", lang, event=event)
    sides = [
        note_text("side", lang, expr=_expr(e), value=_value(e, v, lang))
        for e, v in ((c.left, left), (c.right, right))
        if isinstance(e, ir.Path)
    ]
    return note_text(
        "unmatched_where",
        lang,
        event=event,
        cond=f"{_expr(c.left)} {c.op} {_expr(c.right)}",
        sides=note_text("side_sep", lang).join(sides),
    )


__all__ = ["conjuncts", "describable", "describable_side", "from_text", "unmatched_text"]
