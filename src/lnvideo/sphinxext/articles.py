"""Page generators for the law: one page per article, the articles index and the coverage matrix.

Input: an `lnvideo.api.Ruleset` (its `.ir`: packs, rules, articles, examples,
interpretations), the docs data of `docs/_data/sources.toml` (where each
instrument is published, its area, and the parts of articles no rule checks
with the reason) and a page language, `"en"` or `"zh"`.
Output: MyST Markdown text. Each article page opens with where the article comes
from (instrument, order number, adoption and effective dates, where the official
text is published), places every rule under the paragraph or item it cites,
folds the interpretations it relies on, and runs the pack's examples through the
engine for a worked explanation with the month calendars of its dates.

Invariants: every word about the law comes from the rule packs, the docs data or
the engine run on the pack's own examples, never from an instrument's text; the
generators read only the public fields of `ir.Ruleset`, `ir.Rule`, `ir.PackInfo`,
`ir.ArticleInfo` and `ir.Example`, and work for any number of packs.
"""

from __future__ import annotations

import datetime as dt
import textwrap
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from lnvideo.findings import Finding
from lnvideo.packs import pack_items
from lnvideo.sphinxext import calendars
from lnvideo.sphinxext.text import (
    article_name,
    block,
    both,
    citation,
    code,
    label,
    list_table,
    md,
    page_head,
    part_name,
    pick,
    ref,
    span,
    value,
    w,
    zh_number,
)
from lnvideo.sphinxext.text import other as other_lang

__all__ = [
    "DocsData",
    "article_doc",
    "article_label",
    "article_page",
    "articles_index",
    "coverage_page",
    "parts_of",
    "provisions_doc",
    "provisions_of",
    "provisions_page",
]

PartKey = tuple[int | None, int | None, bool]  # (paragraph, item, last paragraph)
WHOLE: PartKey = (None, None, False)


@attrs.frozen
class NotCheckablePart:
    """A part of an article that no rule checks, with the reason (docs data)."""

    pack: str
    article: int
    key: PartKey
    rest: bool
    part: dict[str, str]
    reason: dict[str, str]


@attrs.frozen
class DocsData:
    """What the docs know about instruments beyond the packs: `docs/_data/sources.toml`."""

    instruments: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    parts: tuple[NotCheckablePart, ...] = ()

    @classmethod
    def load(cls, path: Path | None) -> DocsData:
        """Read the TOML file at `path`; an absent file gives empty data."""
        import tomllib

        if path is None or not path.is_file():
            return cls()
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        parts = []
        for p in raw.get("part", []):
            key = (p.get("paragraph"), p.get("item"), bool(p.get("last_paragraph", False)))
            parts.append(
                NotCheckablePart(
                    pack=p["pack"],
                    article=int(p["article"]),
                    key=key,
                    rest=bool(p.get("rest", False)),
                    part=dict(p.get("part", {})),
                    reason={k: p[k] for k in ("en", "zh") if k in p},
                )
            )
        return cls(instruments=dict(raw.get("instrument", {})), parts=tuple(parts))


# --------------------------------------------------------------------------- naming


def _base_pack(checked: Any) -> str:
    return str(checked.packs[0].name) if checked.packs else ""


def article_doc(checked: Any, info: Any) -> str:
    """The page name (under `articles/`) of an article: `article-12`, or `PACK-article-12` for
    articles of packs other than the first (base) pack.

    Example:
        >>> import lnvideo
        >>> rs = lnvideo.load_rules()
        >>> article_doc(rs.ir, rs.ir.articles[11])
        'article-12'
    """
    head = "" if info.pack == _base_pack(checked) else f"{info.pack}-"
    return f"{head}article-{info.number:02d}"


def article_label(checked: Any, info: Any) -> str:
    """The cross-reference label of an article page (`article-12`, `PACK-article-12`)."""
    head = "" if info.pack == _base_pack(checked) else f"{info.pack.replace('_', '-')}-"
    return f"{head}article-{info.number}"


def _pack(checked: Any, name: str) -> Any:
    for p in checked.packs:
        if p.name == name:
            return p
    return None


def _pack_title(pack: Any, lang: str) -> tuple[str, str]:
    titles = dict(getattr(pack, "titles", {}) or {})
    text, text_lang = pick(titles, lang)
    return (text or str(pack.name)), text_lang


# --------------------------------------------------------------------------- engine runs


def _run(ruleset: Any, example: Any, lang: str) -> list[Finding]:
    from lnvideo.readers import group_by_site

    bundles, _ = group_by_site(example.records)
    assert example.as_of is not None
    return list(ruleset.iter_findings(bundles, as_of=example.as_of, lang=lang, explain=True))


def _find(findings: Iterable[Finding], rule: str, kind: str, sid: str) -> Finding | None:
    for f in findings:
        if f.rule == rule and f.subject.kind == kind and f.subject.id == sid:
            return f
    return None


def _worked_choice(examples: list[Any], rule_ids: tuple[str, ...]) -> tuple[Any, Any] | None:
    """The (example, expectation) that best shows a deadline at work: violated with a due date first."""

    def score(exp: Any) -> int:
        s = {"violated": 4, "pending": 3, "satisfied": 1}.get(exp.status, 0)
        return s + (2 if exp.due is not None else 0)

    best: tuple[int, Any, Any] | None = None
    for ex in examples:
        for exp in ex.expects:
            if exp.rule in rule_ids and (best is None or score(exp) > best[0]):
                best = (score(exp), ex, exp)
    return None if best is None else (best[1], best[2])


# --------------------------------------------------------------------------- pieces


def _status(status: str, lang: str) -> str:
    return (
        w(status, lang)
        if status in ("satisfied", "violated", "pending", "not_applicable", "unknown")
        else status
    )


def _subject(rule: Any, lang: str) -> str:
    if rule.event_type:
        return w("each_event_type", lang, type=code(rule.event_type))
    return w(f"each_{rule.subject_kind}", lang)


def part_of(rule: Any, number: int) -> PartKey:
    """The part of article `number` a rule cites first (the whole article if it cites none)."""
    for c in rule.cites:
        if c.article == number:
            return (c.paragraph, c.item, bool(c.last_paragraph))
    return WHOLE


def _part_sort(key: PartKey) -> tuple[int, int, int, int]:
    para, item, last = key
    if key == WHOLE:
        return (0, 0, 0, 0)
    return (1, 1 if last else 0, para or 0, item or 0)


def _cites(rule: Any, lang: str) -> str:
    return (
        "；".join(citation(c, lang) for c in rule.cites)
        if lang == "zh"
        else "; ".join(citation(c, lang) for c in rule.cites)
        or article_name(int(rule.article), lang)
    )


def _source_box(
    checked: Any, info: Any, data: DocsData, lang: str, title_key: str = "source_title"
) -> list[str]:
    pack = _pack(checked, info.pack)
    if pack is None:
        return []
    extra = data.instruments.get(pack.name, {})
    title, title_lang = _pack_title(pack, lang)
    alt, alt_lang = pick(dict(pack.titles), "en" if lang == "zh" else "zh")
    rows = [f"- **{w('instrument', lang)}:** {span(md(title), title_lang, lang)}"]
    if alt and alt != title:
        rows[-1] += f" ({span(md(alt), alt_lang, lang)})"
    order = _order(pack, extra, lang)
    rows.append(f"- **{w('order', lang)}:** {order or w('not_stated', lang)}")
    for key in ("adopted", "promulgated", "effective", "ceased"):
        day = getattr(pack, key, None) or extra.get(key)
        if day is not None or key in ("adopted", "effective"):
            shown = (
                day.isoformat()
                if isinstance(day, dt.date)
                else (str(day) if day else w("not_stated", lang))
            )
            rows.append(f"- **{w(key, lang)}:** {shown}")
    area = getattr(pack, "area", None)
    if area is None:
        area = extra.get("area")
    if area is not None:
        shown = w("area_prefix", lang, prefix=code(str(area))) if area else w("area_all", lang)
        rows.append(f"- **{w('area', lang)}:** {shown}")
    published = dict(extra.get("published", {}))
    pub = getattr(pack, "published", None)
    if pub and not published:
        published = {"en": str(pub)}
    text, text_lang = pick(published, lang)
    rows.append(
        f"- **{w('published', lang)}:** "
        + (span(md(text), text_lang, lang) if text else w("published_unknown", lang))
    )
    rows.append(f"- **{w('pack', lang)}:** {code(f'{pack.name}@{pack.version}')}")
    return [
        f"```{{admonition}} {w(title_key, lang)}",
        ":class: lnv-source",
        "",
        *rows,
        "```",
        "",
    ]


def _order(pack: Any, extra: dict[str, Any], lang: str) -> str:
    """The instrument's order number and dates in words, in the page's language when the
    docs data has it (the pack header states it in English), marked when it is not."""
    order = getattr(pack, "instrument", None) or extra.get("order", {}).get("en")
    order_texts = dict(extra.get("order", {}))
    if order and "en" not in order_texts:
        order_texts["en"] = order
    text, text_lang = pick(order_texts, lang)
    return span(md(text), text_lang, lang) if text else ""


def _interp_label(prefix: str, name: str) -> str:
    return f"{prefix}-interp-{name.replace('_', '-')}"


def _rule_section(
    checked: Any, rule: Any, lang: str, level: str = "###", prefix: str = ""
) -> list[str]:
    title, title_lang = pick(dict(rule.titles), lang)
    heading = (
        f"{level} {rule.id} — {span(md(title), title_lang, lang)}"
        if title
        else f"{level} {rule.id}"
    )
    lines = [f"({label(rule.id)})=", heading, ""]
    alt, alt_lang = pick(dict(rule.titles), "en" if lang == "zh" else "zh")
    if alt and alt != title:
        lines += block(md(alt), alt_lang, lang, "lnv-alt")
    modality = (
        w(rule.modality, lang)
        if rule.modality in ("obligation", "prohibition", "permission", "scope")
        else rule.modality
    )
    lines += [
        f"- **{w('cites', lang)}:** {md(_cites(rule, lang))}",
        f"- **{w('kind', lang)}:** {modality}",
        f"- **{w('checked_for', lang)}:** {_subject(rule, lang)}",
        f"- **{w('severity', lang)}:** {w(rule.severity, lang) if rule.severity in ('error', 'warning') else rule.severity}",
    ]
    if rule.overrides:
        lines.append(f"- **{w('overrides', lang)}:** {ref(rule.overrides)}")
    if rule.applies_text:
        lines.append(
            f"- **{w('applies_when', lang)}:** {code(' '.join(rule.applies_text.split()))}"
        )
    order = ("zh", "en") if lang == "zh" else ("en", "zh")
    for m_lang in order:
        if m_lang in rule.messages:
            lines.append(
                f"- **{w('message_' + m_lang, lang)}:** {span(md(rule.messages[m_lang]), m_lang, lang)}"
            )
    source_name = Path(rule.span.source).name if rule.span else "?"
    caption = (
        w("source_caption", lang, where=f"{rule.pack}/{source_name}", line=rule.span.line)
        if rule.span
        else rule.pack
    )
    lines += ["", f"```{{code-block}} lnvideo\n:caption: {md(caption)}\n:class: lnv-rule-source\n"]
    lines += [textwrap.dedent(rule.source_text).rstrip(), "```", ""]
    if rule.interprets:
        names = ", ".join(f"{{ref}}`{n} <{_interp_label(prefix, n)}>`" for n in rule.interprets)
        lines += [f"**{w('interprets', lang)}:** {names}", ""]
    else:
        lines += [w("no_interpretation", lang), ""]
    return lines


def _interpretations(
    checked: Any, rules: list[Any], lang: str, prefix: str = "", level: str = "##"
) -> list[str]:
    used: dict[str, list[str]] = {}
    for r in rules:
        for name in r.interprets:
            used.setdefault(name, []).append(r.id)
    if not used:
        return []
    lines = [f"({prefix}-interpretations)=", f"{level} {w('interpretations_heading', lang)}", ""]
    lines += [w("interpretations_intro", lang), ""]
    for name, rule_ids in used.items():
        texts = dict(checked.interpretations.get(name, {}))
        first, first_lang = pick(texts, lang)
        lines += [
            f"({_interp_label(prefix, name)})=",
            '<details class="lnv-interp">'
            f"<summary><code>{name}</code> — {w('used_by', lang)} {', '.join(rule_ids)}</summary>",
            "",
            *both(texts, lang),
            "</details>",
            "",
        ]
        del first, first_lang
    return lines


def _text_lang(text: str) -> str:
    """The language a pack text is written in: Chinese if it has a Chinese character."""
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


def _summary_name(name: str, lang: str) -> str:
    """An example's name for a `<summary>` (raw HTML), with `lang` when it is not the page's."""
    import html

    text = html.escape(name)
    if _text_lang(name) != lang:
        code_ = "zh-CN" if _text_lang(name) == "zh" else "en"
        text = f'<span class="lnv-other" lang="{code_}">{text}</span>'
    return w("example", lang, name=text)


def _example_section(ruleset: Any, example: Any, rule_ids: tuple[str, ...], lang: str) -> list[str]:
    lines = [
        '<details class="lnv-example">',
        f"<summary>{_summary_name(example.name, lang)}</summary>",
        "",
        w("checked_as_of", lang, as_of=example.as_of),
        "",
        *list_table("lnv-records", [w(h, lang) for h in ("record", "id", "states")]),
    ]
    for rec in example.records:
        what, rid, stated = _record_cells(rec, lang)
        lines += [f"* - {what}", f"  - {rid}", f"  - {stated}"]
    lines += ["```", "", w("expected_out", lang), ""]
    findings = _run(ruleset, example, lang)
    heads = ("rule", "for", "status", "due", "done_on", "engine")
    lines += list_table("lnv-expects", [w(h, lang) for h in heads])
    for exp in example.expects:
        actual = _find(findings, exp.rule, exp.subject_kind, exp.subject_id)
        agrees = (
            actual is not None
            and actual.status.value == exp.status
            and (exp.due is None or actual.due == exp.due)
            and (exp.fulfilled is None or actual.fulfilled_on == exp.fulfilled)
        )
        due = str(exp.due) if exp.due else (w("none", lang) if exp.no_due else "")
        if not due and actual is not None and actual.due is not None:
            due = f"({actual.due})"
        done = str(exp.fulfilled) if exp.fulfilled else ""
        if not done and actual is not None and actual.fulfilled_on is not None:
            done = f"({actual.fulfilled_on})"
        rule = ref(exp.rule) if exp.rule in rule_ids else exp.rule
        status = _status(exp.status, lang)
        if exp.status == "violated":
            status = f"**{status}**"
        lines += [
            f"* - {rule}",
            f"  - {w(exp.subject_kind, lang)} {md(exp.subject_id)}",
            f"  - {status}",
            f"  - {due or '—'}",
            f"  - {done or '—'}",
            f"  - {w('agrees', lang) if agrees else w('differs', lang)}",
        ]
    lines += ["```", "", "</details>", ""]
    return lines


#: attributes of record objects that are bookkeeping, not record fields
_NOT_FIELDS = frozenset({"extra", "origin"})


def _record_cells(rec: object, lang: str) -> tuple[str, str, str]:
    """(what, id, fields) of an example record, only the fields it states."""
    fields = attrs.asdict(rec, recurse=False)  # type: ignore[arg-type]
    kind = type(rec).__name__.lower()
    rid = fields.pop("id", None)
    if kind == "event":
        what = f"{w('event', lang)} {code(str(fields.pop('type')))}"
        if fields.get("on_at") is not None:
            fields["on"] = fields["on_at"]
        fields.pop("on_at", None)
    else:
        what = w(kind, lang) if kind in ("site", "camera") else kind
    stated = [
        f"{code(k)} {md(value(v))}"
        for k, v in fields.items()
        if v is not None and k not in _NOT_FIELDS
    ]
    return what, md(str(rid)) if rid is not None else "—", "; ".join(stated) or "—"


def _date_of(v: object) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return None


def _worked_section(ruleset: Any, example: Any, exp: Any, lang: str) -> list[str]:
    found = _find(_run(ruleset, example, lang), exp.rule, exp.subject_kind, exp.subject_id)
    if found is None:
        return []
    alt_lang = "en" if lang == "zh" else "zh"
    alt = _find(_run(ruleset, example, alt_lang), exp.rule, exp.subject_kind, exp.subject_id)
    head = w(
        "worked_head",
        lang,
        name=span(md(example.name), _text_lang(example.name), lang),
        as_of=example.as_of,
        kind=w(exp.subject_kind, lang),
        sid=md(exp.subject_id),
        rule=ref(found.rule),
        status=_status(found.status.value, lang),
    )
    if found.due:
        head += w("worked_due", lang, due=found.due)
    if found.fulfilled_on:
        head += w("worked_done", lang, done=found.fulfilled_on)
    anchor = f"{example.pack.replace('_', '-')}-{example.article}-worked"
    lines = [
        f"({anchor})=",
        f"## {w('worked_heading', lang)}",
        "",
        head + ("。" if lang == "zh" else "."),
        "",
    ]
    lines += [f"- **{w('message', lang)}:** {md(found.message)}", ""]
    if alt is not None:
        lines += ["  " + x if x else "" for x in block(md(alt.message), alt_lang, lang)]
    lines += [f"- **{w('why', lang)}:**", ""]
    alt_reasons = alt.explanation.reasons if alt is not None else ()
    for i, reason in enumerate(found.explanation.reasons):
        lines += [f"  1. {md(reason)}", ""]
        if i < len(alt_reasons):
            lines += ["     " + x if x else "" for x in block(md(alt_reasons[i]), alt_lang, lang)]
    if found.explanation.clauses:
        lines += [f"- **{w('clauses', lang)}:**", ""]
        for clause, outcome in found.explanation.clauses:
            lines.append(f"  - {code(clause)} → **{md(outcome)}**")
        lines.append("")
    marks: dict[dt.date, str] = {}
    if found.explanation.facts:
        lines += [f"- **{w('facts', lang)}:**", ""]
        for fact in found.explanation.facts:
            lines.append(f"  - {code(fact.path)} = {md(value(fact.value))}")
            day = _date_of(fact.value)
            if day is not None:
                marks.setdefault(day, fact.path.rsplit(".", 1)[-1])
        lines.append("")
    if marks:
        marks[min(marks)] = w("cal_start", lang)
    if found.fulfilled_on:
        marks[found.fulfilled_on] = w("cal_done", lang)
    if found.due:
        marks[found.due] = w("cal_due", lang)
    grids = _calendar(ruleset, marks, lang)
    if grids:
        lines += [w("calendar_intro", lang), "", grids, ""]
    return lines


def _calendar(ruleset: Any, marks: dict[dt.date, str], lang: str) -> str:
    if not marks:
        return ""
    from lnvideo.calendar import WorkCalendar

    cal = getattr(ruleset, "calendar", None) or WorkCalendar.bundled()
    try:
        return calendars.months_html(cal, marks, lang)
    except Exception:
        return calendars.months_html(WorkCalendar.bundled(), marks, lang)


def _cited_by(checked: Any, info: Any) -> list[Any]:
    return [
        r
        for r in checked.all_rules()
        if r.pack == info.pack
        and r.article != str(info.number)
        and any(c.article == info.number for c in r.cites)
    ]


def parts_of(
    checked: Any, info: Any, data: DocsData
) -> list[tuple[PartKey, str, list[Any], NotCheckablePart | None]]:
    """The parts of an article, in order: (key, kind, rules, not-checkable entry).

    `kind` is `"rules"` (rules cite this part), `"cited"` (rules of other
    articles apply it), or `"none"` (not checkable, with the docs data's reason
    or, for the whole article, the pack's own).
    """
    rules = [r for rid in info.rule_ids if (r := checked.rule(rid)) is not None]
    by_part: dict[PartKey, list[Any]] = {}
    for r in rules:
        by_part.setdefault(part_of(r, info.number), []).append(r)
    for r in _cited_by(checked, info):
        by_part.setdefault(part_of(r, info.number), []).append(r)
    out: list[tuple[PartKey, str, list[Any], NotCheckablePart | None]] = []
    for key, prules in by_part.items():
        kind = "rules" if any(r in rules for r in prules) else "cited"
        out.append((key, kind, prules, None))
    out += [
        (p.key, "none", [], p)
        for p in data.parts
        if p.pack == info.pack and p.article == info.number
    ]
    out.sort(key=lambda part: (part[3] is not None and part[3].rest, _part_sort(part[0])))
    if not out:
        out.append((WHOLE, "none", [], None))
    return out


def _part_words(key: PartKey, entry: NotCheckablePart | None, lang: str) -> str:
    if entry is not None and entry.part:
        text, text_lang = pick(entry.part, lang)
        return span(md(text), text_lang, lang)
    return part_name(key[0], key[1], key[2], lang)


# --------------------------------------------------------------------------- pages


def article_page(ruleset: Any, info: Any, lang: str = "en", data: DocsData | None = None) -> str:
    """The Markdown page of one article: source, summary, rules by part, examples, worked explanation.

    Args:
        ruleset: an `lnvideo.api.Ruleset` (its `.ir` holds the articles).
        info: the article's coverage entry (`ir.ArticleInfo`).
        lang: the page language, `"en"` or `"zh"`.
        data: the docs data (publication, area, parts not checkable).

    Example:
        >>> import lnvideo
        >>> rs = lnvideo.load_rules()
        >>> page = article_page(rs, rs.ir.articles[11])
        >>> page.splitlines()[1]
        '# Article 12 — Registration and changes'
        >>> article_page(rs, rs.ir.articles[11], "zh").splitlines()[1]
        '# 第十二条 备案与变更'
    """
    data = data or DocsData()
    checked = ruleset.ir
    rules = [r for rid in info.rule_ids if (r := checked.rule(rid)) is not None]
    parts = parts_of(checked, info, data)
    lines = _page_head(checked, info, data, lang)
    if not rules:
        return "\n".join(lines + _why_none(checked, info, parts, lang))
    lines += _rules_intro(checked, info, rules, parts, lang)
    lines += _rules_by_part(checked, info, rules, parts, lang)
    lines += _interpretations(checked, rules, lang, article_label(checked, info))
    lines += _examples_part(ruleset, info, rules, lang)
    return "\n".join(lines)


def _page_head(checked: Any, info: Any, data: DocsData, lang: str) -> list[str]:
    """Title, the other language's title, where the article comes from, and the summary."""
    n = info.number
    title, title_lang = pick(dict(info.titles), lang)
    sep = " " if lang == "zh" else " — "
    lines = [
        f"({article_label(checked, info)})=",
        f"# {article_name(n, lang)}{sep}{span(md(title), title_lang, lang)}",
        "",
    ]
    alt_lang = "en" if lang == "zh" else "zh"
    alt = dict(info.titles).get(alt_lang)
    if alt:
        alt_sep = " " if alt_lang == "zh" else " — "
        lines += block(
            f"{article_name(n, alt_lang)}{alt_sep}{md(alt)}", alt_lang, lang, "lnv-subtitle"
        )
    lines += _source_box(checked, info, data, lang)
    lines += [f"```{{admonition}} {w('summary_title', lang)}", ":class: note", ""]
    lines += both(dict(info.summary), lang) or [w("no_reason", lang), ""]
    return [*lines, w("summary_note", lang), "```", ""]


def _cited_refs(cited: list[Any], lang: str) -> str:
    if lang == "zh":
        return "、".join(f"{ref(r.id)}（{article_name(int(r.article), lang)}）" for r in cited)
    return ", ".join(f"{ref(r.id)} ({article_name(int(r.article), lang)})" for r in cited)


def _why_none(checked: Any, info: Any, parts: list[Any], lang: str) -> list[str]:
    """The section of an article no rule checks: the reason for each part."""
    lines = [f"## {w('why_none', lang)}", ""]
    for key, kind, _, entry in parts:
        if kind == "none":
            texts = dict(entry.reason) if entry else dict(info.not_checkable)
            if len(parts) > 1 or entry is not None:
                lines += [f"**{_part_words(key, entry, lang)}**", ""]
            lines += both(texts, lang) or [w("no_reason", lang), ""]
    cited = _cited_by(checked, info)
    if cited:
        lines += [w("applied_through", lang, refs=_cited_refs(cited, lang)), ""]
    return lines


def _rules_intro(
    checked: Any, info: Any, rules: list[Any], parts: list[Any], lang: str
) -> list[str]:
    """How many rules check the article, who else cites it, and what the rules leave out."""
    count = len(rules)
    lines = [
        f"## {w('rules_heading', lang)}",
        "",
        w(
            "rules_count",
            lang,
            count=count,
            s="s" if count != 1 else "",
            s2="" if count != 1 else "s",
            refs=", ".join(ref(r.id) for r in rules),
        ),
        "",
    ]
    cited = _cited_by(checked, info)
    if cited:
        lines += [w("also_cited", lang, refs=_cited_refs(cited, lang)), ""]
    left_out = [(k, e) for k, kind, _, e in parts if kind == "none"]
    if not left_out and not info.not_checkable:
        return lines
    lines += [f"```{{admonition}} {w('left_out', lang)}", ":class: lnv-left-out", ""]
    for key, entry in left_out:
        texts = dict(entry.reason) if entry else dict(info.not_checkable)
        text, text_lang = pick(texts, lang)
        lines += [f"- **{_part_words(key, entry, lang)}:** {span(md(text), text_lang, lang)}"]
    if not left_out:
        text, text_lang = pick(dict(info.not_checkable), lang)
        lines += [span(md(text), text_lang, lang)]
    return [*lines, "```", ""]


def _rules_by_part(
    checked: Any, info: Any, rules: list[Any], parts: list[Any], lang: str
) -> list[str]:
    """Each rule under a heading for the paragraph or item it cites (when there is more than one)."""
    lines: list[str] = []
    multi = len({k for k, kind, _, _ in parts if kind == "rules"}) > 1
    for key, kind, prules, _ in parts:
        if kind != "rules":
            continue
        if multi:
            part = part_name(key[0], key[1], key[2], lang)
            lines += [f"## {w('part_rules', lang, part=part)}", ""]
        for rule in prules:
            if rule in rules:
                lines += _rule_section(checked, rule, lang, "###", article_label(checked, info))
    return lines


def _examples_part(ruleset: Any, info: Any, rules: list[Any], lang: str) -> list[str]:
    """The worked explanation and the folded examples of the article."""
    checked = ruleset.ir
    examples = [e for e in checked.examples if e.article == info.number and e.pack == info.pack]
    rule_ids = tuple(r.id for r in rules)
    lines: list[str] = []
    chosen = _worked_choice(examples, rule_ids)
    if chosen is not None:
        lines += _worked_section(ruleset, *chosen, lang)
    lines += [f"## {w('examples_heading', lang)}", ""]
    if not examples:
        return [*lines, w("no_examples", lang), ""]
    s = "s" if len(examples) != 1 else ""
    lines += [w("examples_intro", lang, count=len(examples), s=s), ""]
    for ex in examples:
        lines += _example_section(ruleset, ex, rule_ids, lang)
    return lines


def _expect_counts(checked: Any) -> dict[str, tuple[int, int]]:
    """rule id -> (examples that mention it, expectations about it)."""
    out: dict[str, tuple[int, int]] = {}
    for ex in checked.examples:
        seen: set[str] = set()
        for exp in ex.expects:
            n_ex, n_exp = out.get(exp.rule, (0, 0))
            out[exp.rule] = (n_ex + (exp.rule not in seen), n_exp + 1)
            seen.add(exp.rule)
    return out


def _articles_of(checked: Any, pack: str) -> list[Any]:
    return [a for a in checked.articles if a.pack == pack]


def coverage_page(ruleset: Any, lang: str = "en", data: DocsData | None = None) -> str:
    """The coverage matrix: one row per instrument, then every article part by part, then every rule.

    Example:
        >>> import lnvideo
        >>> "LN-12.1b" in coverage_page(lnvideo.load_rules())
        True
    """
    data = data or DocsData()
    checked = ruleset.ir
    intro = w("coverage_intro", lang, label=code(checked.label))
    lines = page_head("coverage", w("coverage_title", lang), intro)
    lines += _by_instrument(checked, data, lang)
    lines += [f"## {w('by_part', lang)}", ""]
    for pack in checked.packs:
        lines += _by_part(checked, pack, data, lang)
    return "\n".join(lines + _by_rule(checked, lang))


def _by_instrument(checked: Any, data: DocsData, lang: str) -> list[str]:
    """One row per instrument (pack): its date, articles, rules and parts not checkable."""
    heads = ["instrument", "effective", "articles_col", "rules_col", "not_checkable_col"]
    lines = [f"## {w('by_instrument', lang)}", ""]
    lines += list_table("lnv-coverage lnv-byinstrument", [w(h, lang) for h in heads])
    for pack in checked.packs:
        arts = _articles_of(checked, pack.name)
        if not arts:
            continue
        title, title_lang = _pack_title(pack, lang)
        n_rules = sum(1 for r in checked.all_rules() if r.pack == pack.name)
        parts = [p for a in arts for p in parts_of(checked, a, data)]
        n_none = sum(1 for _, kind, _, _ in parts if kind == "none")
        n_none += sum(1 for p in provisions_of(checked) if p.pack == pack.name and not p.rule_ids)
        lines += [
            f"* - {span(md(title), title_lang, lang)} ({code(pack.name)})",
            f"  - {pack.effective or '—'}",
            f"  - {len(arts)}",
            f"  - {n_rules}",
            f"  - {n_none}",
        ]
    return [*lines, "```", ""]


def _part_cell(info: Any, kind: str, prules: list[Any], entry: Any, lang: str) -> str:
    if kind == "none":
        texts = dict(entry.reason) if entry else dict(info.not_checkable)
        text, text_lang = pick(texts, lang)
        return f"*{w('not_checkable', lang)}:* {span(md(text), text_lang, lang)}"
    if kind == "cited":
        return _cited_refs(prules, lang)
    return ", ".join(ref(r.id) for r in prules)


def _by_part(checked: Any, pack: Any, data: DocsData, lang: str) -> list[str]:
    """The articles of one instrument, one row per part: the rules, or why it is not checkable."""
    arts = _articles_of(checked, pack.name)
    if not arts:
        return []
    lines: list[str] = []
    if len(checked.packs) > 1:
        title, title_lang = _pack_title(pack, lang)
        lines += [f"### {span(md(title), title_lang, lang)}", ""]
    heads = ["article_col", "part_col", "checked_by", "examples_col"]
    lines += list_table("lnv-coverage lnv-byarticle", [w(h, lang) for h in heads])
    for info in arts:
        t, t_lang = pick(dict(info.titles), lang)
        name = f"{{ref}}`{article_name(info.number, lang)} <{article_label(checked, info)}>`"
        first = f"{name} {span(md(t), t_lang, lang)}"
        n_examples = sum(
            1 for e in checked.examples if e.article == info.number and e.pack == info.pack
        )
        # a later part's row says "ditto" on a desktop; on a phone, where each row is a card
        # of its own, it names the article again (lnvideo.css)
        again = f"[〃]{{.lnv-ditto}}[{article_name(info.number, lang)}]{{.lnv-repeat}}"
        for i, (key, kind, prules, entry) in enumerate(parts_of(checked, info, data)):
            lines += [
                f"* - {first if i == 0 else again}",
                f"  - {_part_words(key, entry, lang)}",
                f"  - {_part_cell(info, kind, prules, entry, lang)}",
                f"  - {(n_examples or w('none', lang)) if i == 0 else ''}",
            ]
    for p in provisions_of(checked):
        if p.pack != pack.name:
            continue
        t, t_lang = pick(p.titles, lang)
        name = f"{{ref}}`{w('provision_name', lang, n=zh_number(p.n) if lang == 'zh' else p.n)} <{provision_label(p.pack, p.n)}>`"
        if p.rule_ids:
            cell = ", ".join(ref(rid) for rid in p.rule_ids)
        else:
            text, text_lang = pick(p.not_checkable, lang)
            cell = f"*{w('not_checkable', lang)}:* {span(md(text), text_lang, lang)}"
        n_examples = len(p.example_names)
        lines += [
            f"* - {name} {span(md(t), t_lang, lang)}",
            f"  - {w('provision_part', lang)}",
            f"  - {cell}",
            f"  - {n_examples or w('none', lang)}",
        ]
    return [*lines, "```", ""]


def _by_rule(checked: Any, lang: str) -> list[str]:
    """One row per rule: its citation, subject, examples and expectations."""
    counts = _expect_counts(checked)
    provision_rules = {rid for p in provisions_of(checked) for rid in p.rule_ids}
    heads = ["rule", "cites", "for", "examples_col", "expectations_col"]
    lines = [f"## {w('by_rule', lang)}", "", w("expectations_explained", lang), ""]
    lines += list_table("lnv-coverage lnv-byrule", [w(h, lang) for h in heads])
    missing: list[str] = []
    for rule in checked.all_rules():
        n_ex, n_exp = counts.get(rule.id, (0, 0))
        if not n_exp:
            missing.append(rule.id)
        # a rule of an unnumbered provision is on its pack's provisions page
        linked = rule.article or rule.id in provision_rules
        lines += [
            f"* - {ref(rule.id) if linked else code(rule.id)}",
            f"  - {md(_cites(rule, lang))}",
            f"  - {code(rule.event_type or rule.subject_kind)}",
            f"  - {n_ex or w('none', lang)}",
            f"  - {n_exp or w('none', lang)}",
        ]
    lines += ["```", ""]
    if missing:
        return [*lines, w("untested", lang, ids=", ".join(missing)), ""]
    return [*lines, w("all_tested", lang), ""]


def articles_index(ruleset: Any, lang: str = "en", data: DocsData | None = None) -> str:
    """The index of the article pages: the instruments, their dates, and the toctree."""
    data = data or DocsData()
    checked = ruleset.ir
    lines = [
        f"# {w('index_title', lang)}",
        "",
        w(
            "index_intro",
            lang,
            coverage=f"{{ref}}`{w('coverage_link', lang)} <coverage>`",
            parameters=f"{{ref}}`{w('parameters_link', lang)} <parameters>`",
        ),
        "",
    ]
    for pack in checked.packs:
        arts = _articles_of(checked, pack.name)
        if not arts:
            continue
        title, title_lang = _pack_title(pack, lang)
        lines += [f"## {span(md(title), title_lang, lang)}", ""]
        alt, alt_lang = pick(dict(pack.titles), "en" if lang == "zh" else "zh")
        if alt and alt != title:
            lines += block(md(alt), alt_lang, lang, "lnv-alt")
        facts = []
        order = _order(pack, data.instruments.get(pack.name, {}), lang)
        if order:
            facts.append(order)
        if pack.effective:
            facts.append(f"{w('effective', lang)} {pack.effective}")
        facts.append(f"{w('pack', lang)} {code(f'{pack.name}@{pack.version}')}")
        lines += [("；" if lang == "zh" else "; ").join(facts), ""]
        for info in arts:
            t, _ = pick(dict(info.titles), lang)
            plain = t.replace("<", "").replace(">", "").replace("`", "")
            lines.append(
                f"- {{doc}}`{article_name(info.number, lang)} {plain} <{article_doc(checked, info)}>`"
            )
        provisions = [p for p in provisions_of(checked) if p.pack == pack.name]
        if provisions:
            names = "、" if lang == "zh" else ", "
            titles = names.join(
                f"{{ref}}`{_plain(pick(p.titles, lang)[0]) or p.n} <{provision_label(p.pack, p.n)}>`"
                for p in provisions
            )
            lines.append(
                f"- {{doc}}`{w('provisions_link', lang)} <{provisions_doc(pack.name)}>`"
                + ("：" if lang == "zh" else ": ")
                + titles
            )
        lines.append("")
    lines += ["```{toctree}", ":maxdepth: 1", ":hidden:", "", "coverage", "parameters"]
    base = _base_pack(checked)
    for pack in checked.packs:
        for info in _articles_of(checked, pack.name):
            doc = article_doc(checked, info)
            if pack.name == base:
                lines.append(doc)
            else:
                lines.append(f"{_nav_title(info, pack, data, lang)} <{doc}>")
        if any(p.pack == pack.name for p in provisions_of(checked)):
            short, _ = pick(dict(data.instruments.get(pack.name, {}).get("short", {})), lang)
            entry = w("provisions_link", lang)
            if short:
                entry += f"（{short}）" if lang == "zh" else f" ({short})"
            lines.append(f"{entry} <{provisions_doc(pack.name)}>")
    lines += ["```", ""]
    return "\n".join(lines)


def _plain(text: str) -> str:
    """Text for a link's title: no markup characters, one line."""
    return " ".join(text.replace("<", "").replace(">", "").replace("`", "").split())


def _nav_title(info: Any, pack: Any, data: DocsData, lang: str) -> str:
    """The navigation entry of an article of a pack other than the base pack: the article,
    its title and the instrument's short name, so that two "Article 1"s can be told apart.

    Example:
        >>> from lnvideo.sphinxext.pages import docs_ruleset
        >>> rs = docs_ruleset()
        >>> info = next(a for a in rs.ir.articles if a.pack == "national" and a.number == 3)
        >>> pack = next(p for p in rs.ir.packs if p.name == "national")
        >>> data = DocsData(instruments={"national": {"short": {"zh": "国家条例"}}})
        >>> _nav_title(info, pack, data, "zh")
        '第三条（国家条例）'
    """
    t, _ = pick(dict(info.titles), lang)
    plain = " ".join(t.replace("<", "").replace(">", "").replace("`", "").split())
    short, _ = pick(dict(data.instruments.get(pack.name, {}).get("short", {})), lang)
    short = short or str(pack.name)
    head = article_name(info.number, lang) + (f" {plain}" if plain else "")
    return f"{head}（{short}）" if lang == "zh" else f"{head} ({short})"


# --------------------------------------------------------------------------- unnumbered provisions


@attrs.frozen
class ProvisionInfo:
    """An `unnumbered provision` of a pack: its place in the pack (1, 2, …) and what it holds."""

    pack: str
    n: int
    titles: dict[str, str]
    summary: dict[str, str]
    not_checkable: dict[str, str]
    rule_ids: tuple[str, ...]
    example_names: tuple[str, ...]


def _texts(text: Any) -> dict[str, str]:
    return dict(text.items) if text is not None else {}


def provisions_of(checked: Any) -> list[ProvisionInfo]:
    """The unnumbered provisions of every loaded pack, in pack and file order, read from the
    packs' sources (the checked rule set keeps only their rules).

    Example:
        >>> from lnvideo.sphinxext.pages import docs_ruleset
        >>> [(p.pack, p.n, p.titles["en"]) for p in provisions_of(docs_ruleset().ir)][:3]
        [('liaoning_trades', 1, 'The rest of the instrument'), ('national', 1, 'Prohibited areas'), ('national', 2, 'Notice signs')]
    """
    from lnvideo.syntax import ast

    known = {r.id for r in checked.all_rules()}
    out: list[ProvisionInfo] = []
    counts: dict[str, int] = {}
    for pack, item in pack_items(checked, ast.Provision):
        counts[pack] = counts.get(pack, 0) + 1
        out.append(
            ProvisionInfo(
                pack=pack,
                n=counts[pack],
                titles=_texts(item.title),
                summary=_texts(item.summary),
                not_checkable=_texts(item.not_checkable),
                rule_ids=tuple(r.id for r in item.rules if r.id in known),
                example_names=tuple(e.name for e in item.examples),
            )
        )
    order = {p.name: i for i, p in enumerate(checked.packs)}
    return sorted(out, key=lambda p: (order.get(p.pack, len(order)), p.n))


def provisions_doc(pack: str) -> str:
    """The page (under `articles/`) of a pack's unnumbered provisions: `national-provisions`."""
    return f"{pack}-provisions"


def provision_label(pack: str, n: int) -> str:
    """The cross-reference label of one unnumbered provision: `national-provision-1`."""
    return f"{pack.replace('_', '-')}-provision-{n}"


def _provision_heading(p: ProvisionInfo, lang: str) -> str:
    title, title_lang = pick(p.titles, lang)
    name = w("provision_name", lang, n=zh_number(p.n) if lang == "zh" else p.n)
    sep = "：" if lang == "zh" else ": "
    return f"{name}{sep}{span(md(title), title_lang, lang)}" if title else name


def provisions_page(
    ruleset: Any, pack_name: str, lang: str = "en", data: DocsData | None = None
) -> str:
    """The page of one pack's unnumbered provisions: for each, its summary, what is not
    checkable, its rules and its examples, each provision under its own anchor.

    Example:
        >>> from lnvideo.sphinxext.pages import docs_ruleset
        >>> page = provisions_page(docs_ruleset(), "national", "zh")
        >>> "(national-provision-2)=" in page and "NR-SIGN" in page
        True
    """
    checked = ruleset.ir
    pack = _pack(checked, pack_name)
    title, title_lang = _pack_title(pack, lang) if pack is not None else (pack_name, lang)
    lines = page_head(
        provisions_doc(pack_name),
        w("provisions_title", lang, instrument=span(md(title), title_lang, lang)),
        w("provisions_intro", lang),
    )
    where = types.SimpleNamespace(pack=pack_name)  # what `_source_box` reads of an article
    lines += _source_box(checked, where, data or DocsData(), lang, "provisions_source_title")
    for p in provisions_of(checked):
        if p.pack != pack_name:
            continue
        anchor = provision_label(p.pack, p.n)
        lines += [f"({anchor})=", f"## {_provision_heading(p, lang)}", ""]
        alt, alt_lang = pick(p.titles, other_lang(lang))
        if alt and alt != pick(p.titles, lang)[0]:
            lines += block(md(alt), alt_lang, lang, "lnv-alt")
        lines += [f"```{{admonition}} {w('summary_title', lang)}", ":class: note", ""]
        lines += both(p.summary, lang) or [w("no_reason", lang), ""]
        lines += [w("summary_note", lang), "```", ""]
        if p.not_checkable:
            lines += [f"```{{admonition}} {w('left_out', lang)}", ":class: lnv-left-out", ""]
            lines += [*both(p.not_checkable, lang), "```", ""]
        rules = [r for rid in p.rule_ids if (r := checked.rule(rid)) is not None]
        for rule in rules:
            lines += _rule_section(checked, rule, lang, "###", anchor)
        lines += _interpretations(checked, rules, lang, anchor, level="###")
        examples = [e for e in checked.examples if e.pack == p.pack and e.name in p.example_names]
        if examples:
            lines += [f"### {w('examples_heading', lang)}", ""]
            s = "s" if len(examples) != 1 else ""
            lines += [w("examples_intro", lang, count=len(examples), s=s), ""]
            rule_ids = tuple(r.id for r in rules)
            for ex in examples:
                lines += _example_section(ruleset, ex, rule_ids, lang)
    return "\n".join(lines)
