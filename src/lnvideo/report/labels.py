"""Localized labels for the human-readable reports (status names, column headings).

Input: a language code (`zh` or `en`). Output: the words the text and JUnit
reports print. Invariants: every language has every key; an unknown language
falls back to English, so a report never fails for want of a label.
"""

from __future__ import annotations

from collections.abc import Mapping

from lnvideo.findings import Status

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
        >>> label("article", "zh", article="12")
        '第12条'
    """
    return TEXT_LABELS.get(lang, TEXT_LABELS["en"])[key].format(**values)
