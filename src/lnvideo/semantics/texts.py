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

#: A finding's message when the rule's own `message` is not used (it is, when violated).
STATUS_TEXTS: dict[str, dict[str, str]] = {
    "satisfied": {"en": "{title}: satisfied", "zh": "{title}：已满足"},
    "pending": {"en": "{title}: pending, due {due}", "zh": "{title}：尚未履行，期限至{due}"},
    "unknown": {"en": "{title}: cannot be judged ({why})", "zh": "{title}：无法判断（{why}）"},
    "not_applicable": {"en": "{title}: not applicable ({why})", "zh": "{title}：不适用（{why}）"},
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
    "applies": {"en": "its conditions do not hold", "zh": "适用条件不成立"},
    "before": {
        "en": "dated before the Measures took effect on {date}",
        "zh": "发生于本办法施行日{date}之前",
    },
    "not_yet_in_force": {"en": "{name} is in force from {date}", "zh": "{name}自{date_zh}起施行"},
    "ceased": {"en": "{name} ceased to be in force on {date}", "zh": "{name}已于{date_zh}失效"},
    "outside_area": {
        "en": "{name} covers county codes {area} only",
        "zh": "{name}仅适用于行政区划代码以{area}开头的地区",
    },
    "displaced": {"en": "set aside by {rule} ({ground})", "zh": "因 {rule} 排除适用（{ground}）"},
    "displaced_unknown": {
        "en": "whether {rule} sets it aside ({ground}) cannot be decided",
        "zh": "无法判断 {rule} 是否排除适用（{ground}）",
    },
    "scope_na": {
        "en": "outside the Measures' scope (Art. 3, Art. 5 para. 2)",
        "zh": "不在本办法适用范围内（第三条、第五条第二款）",
    },
    "scope_unknown": {"en": "scope cannot be decided", "zh": "无法判断是否适用本办法"},
    "undecidable": {"en": "missing or undecidable data", "zh": "数据缺失或无法判断"},
    "missing": {"en": "{what} is missing", "zh": "缺少 {what}"},
    "empty": {"en": "{what} is empty", "zh": "{what} 为空"},
    "gap": {
        "en": "the working-day calendar does not cover {year} (load it with --calendar FILE)",
        "zh": "工作日历未覆盖{year}年（可用 --calendar 加载）",
    },
    "where": {
        "en": "whether the {etype} of {on} counts cannot be decided: {what}",
        "zh": "无法判断 {on} 的 {etype} 是否符合条件：{what}",
    },
}

#: Explanation notes: how a deadline was met or missed, which event decided, who overrode.
NOTE_TEXTS: dict[str, dict[str, str]] = {
    "due_at": {"en": "due by {at} (Asia/Shanghai)", "zh": "期限为 {at}（北京时间）"},
    "event": {"en": "{etype} on {on}{organ}", "zh": "{etype} 于 {on}{organ}"},
    "organ": {"en": " with {name}", "zh": "，备案机关：{name}"},
    "late_event": {"en": "{event}: {late}", "zh": "{event}，{late}"},
    "unmatched": {
        "en": "{event} does not count: it does not meet the rule's conditions",
        "zh": "{event}，不符合规则条件，不予计入",
    },
    # the first false conjunct of the `where`, both sides' values (compile/unmatched.py)
    "unmatched_where": {
        "en": "{event} does not count: the rule requires {cond}, but {sides}",
        "zh": "{event}，不予计入：规则要求 {cond}，而 {sides}",
    },
    "side": {"en": "{expr} is {value}", "zh": "{expr} 为 {value}"},
    "side_sep": {"en": " and ", "zh": "，"},
    "county_value": {"en": "{value} ({organ})", "zh": "{value}（{organ}）"},
    "late": {"en": "done on {on}: {late}", "zh": "于{on}履行，{late}"},
    "never": {
        "en": "not done by {as_of}; the deadline {due} has passed",
        "zh": "截至{as_of}仍未履行，期限{due}已过",
    },
    "override": {
        "en": "decided by rule {rule} of pack {pack}, which overrides this rule",
        "zh": "由规则包 {pack} 的规则 {rule} 替代判断",
    },
    "days_late": {"en": "{n} day{s} late", "zh": "逾期{n}日"},
    "hours_late": {"en": "{n} hour{s} late", "zh": "逾期{n}小时"},
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
    if kind == "where":
        _, etype, on, inner = reason
        sep = "，" if lang == "zh" else ", "
        what = sep.join(render_reason(r, lang) for r in inner)
        return reason_text("where", lang, etype=etype, on=on, what=what)
    return " ".join(str(x) for x in reason)
