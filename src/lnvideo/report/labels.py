"""Localized labels for the human-readable reports (status names, column headings).

Input: a language code (`zh` or `en`). Output: the words the text and JUnit
reports print. Invariants: every language has every key; an unknown language
falls back to English, so a report never fails for want of a label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lnvideo.findings import Finding, Status

LANGS: tuple[str, ...] = ("zh", "en")

STATUS_LABELS: Mapping[str, Mapping[Status, str]] = {
    "en": {
        Status.SATISFIED: "satisfied",
        Status.VIOLATED: "violated",
        Status.PENDING: "pending",
        Status.NOT_APPLICABLE: "not applicable",
        Status.UNKNOWN: "unknown",
    },
    "zh": {
        Status.SATISFIED: "满足",
        Status.VIOLATED: "违反",
        Status.PENDING: "待履行",
        Status.NOT_APPLICABLE: "不适用",
        Status.UNKNOWN: "未知",
    },
}

TEXT_LABELS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "rule": "Rule",
        "subject": "Subject",
        "status": "Status",
        "due": "Due",
        "message": "Message",
        "article": "Article {article}",
        "article_short": "Art. {article}",
        "unnumbered": "Provisions without an article number in our sources",
        "engine": "engine {engine}",
        "as_of": "as of {as_of}",
        "rules": "rules {rules}",
        "nothing": "Nothing to show ({hidden} findings hidden).",
        "site": "site",
        "camera": "camera",
        "event": "event",
    },
    "zh": {
        "rule": "规则",
        "subject": "对象",
        "status": "状态",
        "due": "期限",
        "message": "说明",
        "article": "第{article}条",
        "article_short": "第{article}条",
        "unnumbered": "资料中无条文序号的规定",
        "engine": "引擎 {engine}",
        "as_of": "截至 {as_of}",
        "rules": "规则包 {rules}",
        "nothing": "没有需要显示的结论（已隐藏 {hidden} 条）。",
        "site": "场所",
        "camera": "摄像机",
        "event": "事件",
    },
}


def status_label(status: Status, lang: str) -> str:
    """The name of `status` in `lang` (English when `lang` is not shipped).

    Example:
        >>> status_label(Status.PENDING, "zh")
        '待履行'
        >>> status_label(Status.NOT_APPLICABLE, "fr")
        'not applicable'
    """
    return STATUS_LABELS.get(lang, STATUS_LABELS["en"])[status]


def label(key: str, lang: str, **values: object) -> str:
    """The heading or phrase `key` in `lang`, with `values` filled in.

    Example:
        >>> label("as_of", "zh", as_of="2026-11-30")
        '截至 2026-11-30'
    """
    return TEXT_LABELS.get(lang, TEXT_LABELS["en"])[key].format(**values)


_ARTICLE_ID = re.compile(r"(?P<n>[0-9]{1,3})(?:-(?P<sub>[0-9]{1,3}))?")


def article_label(article: str, lang: str, *, short: bool = False) -> str:
    """An article's heading: `Article 12` / `Art. 12` (`short`); `第十二条` in Chinese.

    Every report that names an article (text, html, ics, sarif) spells it here,
    with the docs' numerals (`sphinxext.text.zh_number`). `14-1` is `第十四条之一`;
    numbers beyond 999 and ids that are not numbers keep their digits.

    Example:
        >>> article_label("12", "zh"), article_label("12", "en"), article_label("7", "en", short=True)
        ('第十二条', 'Article 12', 'Art. 7')
        >>> article_label("14-1", "zh"), article_label("A", "zh")
        ('第十四条之一', '第A条')
    """
    m = _ARTICLE_ID.fullmatch(article)
    if lang == "zh" and m is not None:
        from lnvideo.sphinxext.text import zh_number

        head = f"第{zh_number(int(m['n']))}条"
        return f"{head}之{zh_number(int(m['sub']))}" if m["sub"] else head
    return label("article_short" if short else "article", lang, article=article)


# The engines' status templates (compile/to_python.py, to_sql.py) end a message
# with the status and due date; the human reports show both in their own
# columns, so they take that tail off, and turn "X: cannot be judged (why)" into
# a sentence that says what is unknown instead of reading as the assertion X.
_PENDING_TAIL = re.compile(r"(?::\s*pending, due [0-9-]+|：尚未履行，期限至[0-9-]+)\s*$")
_UNKNOWN_EN = re.compile(r"^(?P<title>.+?): cannot be judged \((?P<why>.+)\)\s*$", re.S)
_UNKNOWN_ZH = re.compile(r"^(?P<title>.+?)：无法判断（(?P<why>.+)）\s*$", re.S)


def display_message(message: str, status: Status, *, due_shown: bool = True) -> str:
    """A finding's message as the human reports print it (status and due date shown apart).

    Example:
        >>> display_message("Registered in time: pending, due 2026-10-08", Status.PENDING)
        'Registered in time'
        >>> display_message("Privacy safeguards are in place: cannot be judged (x is missing)", Status.UNKNOWN)
        'Unknown (x is missing): cannot tell whether “Privacy safeguards are in place” holds'
        >>> display_message("已采取隐私保护措施：无法判断（缺少 x）", Status.UNKNOWN)
        '无法判断是否“已采取隐私保护措施”（缺少 x）'
    """
    if status is Status.PENDING and due_shown:
        return _PENDING_TAIL.sub("", message) or message
    if status is Status.UNKNOWN:
        m = _UNKNOWN_EN.match(message)
        if m:
            return f"Unknown ({m['why']}): cannot tell whether “{m['title']}” holds"
        m = _UNKNOWN_ZH.match(message)
        if m:
            return f"无法判断是否“{m['title']}”（{m['why']}）"
    return message


def decided_by(f: Finding, lang: str) -> str:
    """The record values a violation or unknown was decided on, as one line ("" for none).

    Explains the findings whose reasons are silent (LN-6, LN-7, LN-9, …): which
    facts the rule read, written as the rule language writes values.

    Example:
        >>> from lnvideo.findings import Explanation, Fact, Subject, Severity
        >>> f = Finding("LN-6", "6", Subject("site", "S", "S"), Status.VIOLATED, None, None,
        ...             Severity.ERROR, "m", Explanation(facts=(Fact("site.has_system", False),)))
        >>> decided_by(f, "en")
        'decided on: site.has_system = false'
    """
    if f.status not in (Status.VIOLATED, Status.UNKNOWN) or not f.explanation.facts:
        return ""
    from lnvideo.semantics import show

    facts = "; ".join(f"{x.path} = {show(x.value)}" for x in f.explanation.facts)
    return ("依据：" if lang == "zh" else "decided on: ") + facts
