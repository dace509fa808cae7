"""Page generator: every number the rules count with, where it comes from and who uses it.

Input: an `lnvideo.api.Ruleset`: the parameter declarations of its packs' source
texts (`ir.Ruleset.sources`, parsed again for their en/zh wording), its rules
(their citations, source text and checked requirement) and its overrides.
Output: the MyST page `articles/parameters.md`: one row per parameter (value in
words, instrument and article, meaning, the rules that use it, the packs that
change it) and one row per period written directly in a rule.

Invariants: which rules use a number is found from the checked rules (the
parameter's name in the rule, or a period of the same length in its checked
requirement), never listed by hand; any number of packs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import attrs

from lnvideo.packs import pack_items
from lnvideo.sphinxext.text import citation, code, list_table, md, page_head, pick, ref, span, w

__all__ = ["Declared", "declared_parameters", "durations_in", "parameters_page", "period_words"]


@attrs.frozen
class Declared:
    """A parameter as a pack declares it."""

    name: str
    pack: str
    n: int
    unit: str | None  # None: a plain number
    doc: dict[str, str]


def declared_parameters(checked: Any) -> list[Declared]:
    """Every `parameter` of the packs' sources, in pack order then written order."""
    from lnvideo.syntax import ast

    out: list[Declared] = []
    for pack, item in pack_items(checked, ast.Parameter):
        doc = {lang: item.doc.get(lang) for lang in ("en", "zh")} if item.doc else {}
        texts = {k: v for k, v in doc.items() if v}
        val = item.value
        if isinstance(val, int):
            out.append(Declared(item.name, pack, val, None, texts))
        else:
            out.append(Declared(item.name, pack, val.n, val.unit, texts))
    order = {p.name: i for i, p in enumerate(checked.packs)}
    return sorted(out, key=lambda d: order.get(d.pack, len(order)))


def _children(node: Any) -> Iterator[Any]:
    if isinstance(node, tuple | list):
        yield from node
    elif hasattr(node, "__attrs_attrs__"):
        for a in node.__attrs_attrs__:
            if a.name != "span":
                yield getattr(node, a.name)


def durations_in(*roots: Any) -> list[tuple[int, str]]:
    """Every period (n, unit) in checked rule parts, depth first.

    Example:
        >>> from lnvideo.syntax import ast
        >>> durations_in(ast.DurationLit(3, "working_days"))
        [(3, 'working_days')]
    """
    out: list[tuple[int, str]] = []
    stack = list(roots)
    while stack:
        node = stack.pop()
        n, unit = getattr(node, "n", None), getattr(node, "unit", None)
        if isinstance(n, int) and isinstance(unit, str):
            out.append((n, unit))
        stack.extend(reversed(list(_children(node))))
    return out


def period_words(n: int, unit: str | None, lang: str) -> str:
    """'3 working days', '3个工作日', '1 year', '24小时'.

    Example:
        >>> period_words(3, "working_days", "zh"), period_words(1, "years", "en")
        ('3个工作日', '1 year')
    """
    if unit is None:
        return str(n)
    base = unit.rstrip("s") if n == 1 else unit
    key = f"unit_{base}"
    if key == "unit_working_day" and n != 1:
        key = "unit_working_days"
    try:
        return w(key, lang, n=n)
    except KeyError:
        return f"{n} {unit}"


def _uses(rule: Any, name: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", rule.source_text or "") is not None


def _rule_periods(rule: Any) -> list[tuple[int, str]]:
    return durations_in(rule.applies, rule.requirement)


def parameters_page(ruleset: Any, lang: str = "en") -> str:
    """The parameters page.

    Example:
        >>> import lnvideo
        >>> page = parameters_page(lnvideo.load_rules())
        >>> "registration_days" in page and "LN-12.2" in page
        True
    """
    checked = ruleset.ir
    rules = list(checked.all_rules())
    params = declared_parameters(checked)
    rows: dict[str, list[str]] = {}
    accounted: dict[str, set[tuple[int, str]]] = {}
    for p in params:
        users = _users(rules, p)
        for r in users:
            accounted.setdefault(r.id, set()).add((p.n, p.unit or ""))
        rows.setdefault(p.pack, []).extend(_param_row(checked, params, p, users, lang))
    for r in rules:
        rows.setdefault(r.pack, []).extend(_literal_rows(r, accounted.get(r.id, set()), lang))
    lines = page_head(
        "parameters",
        w("parameters_title", lang),
        w("parameters_intro", lang, label=code(checked.label)),
        w("counting_note", lang, time=f"{{doc}}`{w('time_link', lang)} </time>`"),
    )
    heads = ["param_col", "value_col", "source_col", "meaning_col", "used_by_col", "changed_by_col"]
    for pack in checked.packs:
        if not rows.get(pack.name):
            continue
        title, title_lang = pick(dict(pack.titles), lang)
        lines += [f"## {span(md(title or pack.name), title_lang, lang)}", ""]
        lines += list_table("lnv-params", [w(h, lang) for h in heads])
        lines += [*rows[pack.name], "```", ""]
    lines += [w("changed_note", lang), ""]
    return "\n".join(lines)


def _users(rules: list[Any], p: Declared) -> list[Any]:
    """The rules of `p`'s pack that use it: by name, else by a period of its length."""
    users = [r for r in rules if r.pack == p.pack and _uses(r, p.name)]
    if not users and p.unit is not None:
        users = [r for r in rules if r.pack == p.pack and (p.n, p.unit) in _rule_periods(r)]
    return users


def _changes(checked: Any, params: list[Declared], p: Declared, users: list[Any], lang: str) -> str:
    """Who changes the number: overriding rules of other packs, and packs that set the same name."""
    changes = []
    for r in users:
        for o in checked.overrides.get(r.id, ()):
            vals = [
                period_words(q.n, q.unit, lang)
                for q in params
                if q.pack == o.pack and _uses(o, q.name)
            ]
            changes.append(
                w(
                    "changed_by",
                    lang,
                    rule=ref(o.id),
                    pack=code(o.pack),
                    value=", ".join(vals) or "—",
                )
            )
    for q in params:
        if q.name == p.name and q.pack != p.pack:
            value = period_words(q.n, q.unit, lang)
            changes.append(w("redeclared_by", lang, pack=code(q.pack), value=value))
    return "; ".join(dict.fromkeys(changes)) or "—"


def _param_row(
    checked: Any, params: list[Declared], p: Declared, users: list[Any], lang: str
) -> list[str]:
    """One parameter's row of the table."""
    own = [c for r in users for c in r.cites if str(c.article) == r.article]
    cited = own or [c for r in users for c in r.cites]
    # in article, paragraph, item order (not the words' order: 第十七条第三款 after 第二款)
    cited.sort(
        key=lambda c: (c.article or 0, bool(c.last_paragraph), c.paragraph or 0, c.item or 0)
    )
    cites = list(dict.fromkeys(citation(c, lang) for c in cited))
    source = md(("、" if lang == "zh" else "; ").join(cites)) if cites else "—"
    meaning, m_lang = pick(p.doc, lang)
    alt_lang = "en" if lang == "zh" else "zh"
    alt = p.doc.get(alt_lang, "")
    meaning_cell = span(md(meaning), m_lang, lang) if meaning else "—"
    if alt and alt != meaning:
        # the other language's wording on a line of its own, smaller (lnvideo.css)
        meaning_cell += " " + span(md(alt), alt_lang, lang).replace("{.", "{.lnv-alt-line .", 1)
    return [
        f"* - {code(p.name)}",
        f"  - **{period_words(p.n, p.unit, lang)}**",
        f"  - {source}",
        f"  - {meaning_cell}",
        f"  - {', '.join(ref(r.id) for r in users) or w('unused', lang)}",
        f"  - {_changes(checked, params, p, users, lang)}",
    ]


def _literal_rows(rule: Any, accounted: set[tuple[int, str]], lang: str) -> list[str]:
    """Rows for the periods a rule writes out instead of naming a parameter."""
    out: list[str] = []
    for n, unit in dict.fromkeys(_rule_periods(rule)):
        if (n, unit) in accounted:
            continue
        where = ("；" if lang == "zh" else "; ").join(citation(c, lang) for c in rule.cites)
        out += [
            f"* - *{w('written_in_rule', lang)}*",
            f"  - **{period_words(n, unit, lang)}**",
            f"  - {md(where)}",
            "  - —",
            f"  - {ref(rule.id)}",
            "  - —",
        ]
    return out
