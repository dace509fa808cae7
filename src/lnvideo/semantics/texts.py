"""Every status message, reason and explanation note, in English and Chinese.

Input: a key and the values its template names. Output: the text in `lang`
(`en` or `zh`; anything else falls back to English). Both compilers render
statuses and reasons from these tables only: the SQL generator fills the same
templates with SQL values, so the two engines' texts cannot drift apart.

Reasons are small tuples (`("missing", "site.in_use_on")`) carried by unknown
values and outcomes; `render_reason` turns one into a sentence fragment.
"""

from __future__ import annotations

from typing import Any

LANGS = ("en", "zh")


def bilingual(en: str, zh: str) -> dict[str, str]:
    """One entry of a text table: its template in each of `LANGS`."""
    return dict(zip(LANGS, (en, zh), strict=True))


#: A finding's message when the rule's own `message` is not used (it is, when violated).
STATUS_TEXTS: dict[str, dict[str, str]] = {
    "satisfied": bilingual("{title}: satisfied", "{title}：已满足"),
    "pending": bilingual("{title}: pending, due {due}", "{title}：尚未履行，期限至{due}"),
    "unknown": bilingual("{title}: cannot be judged ({why})", "{title}：无法判断（{why}）"),
    "not_applicable": bilingual("{title}: not applicable ({why})", "{title}：不适用（{why}）"),
}

#: How each status is named in running text.
STATUS_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "satisfied": "satisfied",
        "violated": "violated",
        "pending": "pending",
        "unknown": "unknown",
        "not_applicable": "not applicable",
    },
    "zh": {
        "satisfied": "已满足",
        "violated": "违反",
        "pending": "尚未履行",
        "unknown": "无法判断",
        "not_applicable": "不适用",
    },
}

#: Why a finding is unknown or not applicable.
REASON_TEXTS: dict[str, dict[str, str]] = {
    "applies": bilingual("its conditions do not hold", "适用条件不成立"),
    "before": bilingual(
        "dated before the Measures took effect on {date}", "发生于本办法施行日{date}之前"
    ),
    "not_yet_in_force": bilingual("{name} is in force from {date}", "{name}自{date_zh}起施行"),
    "ceased": bilingual("{name} ceased to be in force on {date}", "{name}已于{date_zh}失效"),
    "outside_area": bilingual(
        "{name} covers county codes {area} only", "{name}仅适用于行政区划代码以{area}开头的地区"
    ),
    "displaced": bilingual("set aside by {rule} ({ground})", "因 {rule} 排除适用（{ground}）"),
    "displaced_unknown": bilingual(
        "whether {rule} sets it aside ({ground}) cannot be decided",
        "无法判断 {rule} 是否排除适用（{ground}）",
    ),
    "scope_na": bilingual(
        "outside the Measures' scope (Art. 3, Art. 5 para. 2)",
        "不在本办法适用范围内（第三条、第五条第二款）",
    ),
    "scope_unknown": bilingual("scope cannot be decided", "无法判断是否适用本办法"),
    "undecidable": bilingual("missing or undecidable data", "数据缺失或无法判断"),
    "missing": bilingual("{what} is missing", "缺少 {what}"),
    "empty": bilingual("{what} is empty", "{what} 为空"),
    "gap": bilingual(
        "the working-day calendar does not cover {year} (load it with --calendar FILE)",
        "工作日历未覆盖{year}年（可用 --calendar 加载）",
    ),
    "where": bilingual(
        "whether the {etype} of {on} counts cannot be decided: {what}",
        "无法判断 {on} 的 {etype} 是否符合条件：{what}",
    ),
}

#: Explanation notes: how a deadline was met or missed, which event decided, who overrode.
NOTE_TEXTS: dict[str, dict[str, str]] = {
    "due_at": bilingual("due by {at} (Asia/Shanghai)", "期限为 {at}（北京时间）"),
    "event": bilingual("{etype} on {on}{organ}", "{etype} 于 {on}{organ}"),
    "organ": bilingual(" with {name}", "，备案机关：{name}"),
    "late_event": bilingual("{event}: {late}", "{event}，{late}"),
    "unmatched": bilingual(
        "{event} does not count: it does not meet the rule's conditions",
        "{event}，不符合规则条件，不予计入",
    ),
    # the first false conjunct of the `where`, both sides' values (compile/unmatched.py)
    "unmatched_where": bilingual(
        "{event} does not count: the rule requires {cond}, but {sides}",
        "{event}，不予计入：规则要求 {cond}，而 {sides}",
    ),
    "side": bilingual("{expr} is {value}", "{expr} 为 {value}"),
    "side_sep": bilingual(" and ", "，"),
    "county_value": bilingual("{value} ({organ})", "{value}（{organ}）"),
    "late": bilingual("done on {on}: {late}", "于{on}履行，{late}"),
    "never": bilingual(
        "not done by {as_of}; the deadline {due} has passed", "截至{as_of}仍未履行，期限{due}已过"
    ),
    "override": bilingual(
        "decided by rule {rule} of pack {pack}, which overrides this rule",
        "由规则包 {pack} 的规则 {rule} 替代判断",
    ),
    "days_late": bilingual("{n} day{s} late", "逾期{n}日"),
    "hours_late": bilingual("{n} hour{s} late", "逾期{n}小时"),
}


def _pick(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    texts = table[key]
    return texts.get(lang) or texts["en"]


def status_text(status: str, lang: str, **values: Any) -> str:
    """A status message, e.g. `status_text("pending", "en", title="X", due="2026-01-02")`."""
    return _pick(STATUS_TEXTS, status, lang).format(**values)


def reason_text(key: str, lang: str, **values: Any) -> str:
    return _pick(REASON_TEXTS, key, lang).format(**values)


def note_text(key: str, lang: str, **values: Any) -> str:
    return _pick(NOTE_TEXTS, key, lang).format(**values)


def late_text(n: int, unit: str, lang: str) -> str:
    """`3 days late` / `1 hour late` (unit `days` or `hours`), in `lang`.

    Example:
        >>> late_text(1, "hours", "en"), late_text(2, "days", "zh")
        ('1 hour late', '逾期2日')
    """
    return note_text(f"{unit}_late", lang, n=n, s="" if n == 1 else "s")


def zh_date(day: Any) -> str:
    """A date as Chinese text: `zh_date(date(2025, 4, 1)) == "2025年4月1日"`."""
    return f"{day.year}年{day.month}月{day.day}日"


def instrument_reason(key: str, inst: Any, lang: str) -> str:
    """A gate's reason naming the instrument (`ir.Instrument`): in force, ceased, area.

    Example:
        >>> import datetime as dt
        >>> from lnvideo.ir import Instrument
        >>> i = Instrument("national", (("en", "Decree No. 799"), ("zh", "国务院令第799号")),
        ...                effective=dt.date(2025, 4, 1))
        >>> instrument_reason("not_yet_in_force", i, "en")
        'Decree No. 799 is in force from 2025-04-01'
        >>> instrument_reason("not_yet_in_force", i, "zh")
        '国务院令第799号自2025年4月1日起施行'
    """
    day = inst.ceased if key == "ceased" else inst.effective
    sep = "、" if lang == "zh" else ", "
    return reason_text(
        key,
        lang,
        name=inst.name(lang),
        date=day.isoformat() if day else "",
        date_zh=zh_date(day) if day else "",
        area=sep.join(f"{p}…" for p in inst.area),
    )


def displaced_reason(key: str, rule: str, ground: str, lang: str) -> str:
    """`set aside by PX-1 (later law)` / `因 PX-1 排除适用（新法优先）`."""
    from lnvideo.ir import GROUND_NAMES

    names = GROUND_NAMES.get(lang, GROUND_NAMES["en"])
    return reason_text(key, lang, rule=rule, ground=names.get(ground, ground))


def event_sentence(etype: str, on: Any, organ: str | None, lang: str) -> str:
    """An event as an explanation names it: its type, its date, the organ filed with.

    `organ` is the organ's display name (`counties.organ_name`), or None.

    Example:
        >>> event_sentence("registration_filed", "2026-10-08", "X PSB", "en")
        'registration_filed on 2026-10-08 with X PSB'
    """
    with_organ = note_text("organ", lang, name=organ) if organ else ""
    return note_text("event", lang, etype=etype, on=on, organ=with_organ)


def render_reason(reason: tuple[Any, ...], lang: str) -> str:
    """A reason tuple as a sentence fragment in `lang`.

    Example:
        >>> render_reason(("missing", "site.in_use_on"), "en")
        'site.in_use_on is missing'
    """
    kind = reason[0]
    if kind in {"missing", "empty"}:
        return reason_text(kind, lang, what=reason[1])
    if kind == "gap":
        return reason_text("gap", lang, year=reason[1])
    if kind in {"not_yet_in_force", "ceased", "outside_area"}:
        return instrument_reason(kind, reason[1], lang)
    if kind in {"displaced", "displaced_unknown"}:
        return displaced_reason(kind, reason[1], reason[2], lang)
    if kind == "function":  # a built-in function that could not decide (`functions`)
        from lnvideo.semantics.functions import FUNCTIONS

        return FUNCTIONS[reason[1]].reason(lang)
    if kind == "where":
        _, etype, on, inner = reason
        sep = "，" if lang == "zh" else ", "
        what = sep.join(render_reason(r, lang) for r in inner)
        return reason_text("where", lang, etype=etype, on=on, what=what)
    return " ".join(str(x) for x in reason)
