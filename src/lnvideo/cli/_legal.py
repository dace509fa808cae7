"""Words and lookups `coverage` and `explain` share: instruments, articles, citations.

Input: a checked `ir.Ruleset` and a language (`en` | `zh`). Output: text for legal
staff, in that language throughout: the instrument a rule belongs to, the title
of an article (an overlay's untitled heading takes the title of the article it
adds to, never blank), a citation ("Art. 17 para. 2" / "第十七条第二款"), and the
displacement relations between rules.
"""

from __future__ import annotations

from typing import Any

from lnvideo.ir import GROUND_NAMES

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "article": "Article {n}",
        "unnumbered": "{name} (article number not in our sources)",
        "cites": "cites",
        "instrument": "Instrument",
        "level": "level",
        "in_force": "in force from {date}",
        "ceased": "ceased on {date}",
        "area": "area",
        "whole": "whole country",
        "pack": "pack",
        "severity": "severity",
        "on": "on",
        "overridden": "overridden where they apply by",
        "displaced_by": "set aside where they apply by",
        "displaces": "sets aside {rule} ({ground})",
        "interpretations": "Interpretations it relies on:",
        "examples": "Examples:",
        "as_of": "as of",
        "due": "due",
        "col_instrument": "Instrument",
        "col_article": "Article",
        "col_title": "Title",
        "col_rule": "Rule",
        "col_examples": "Examples",
        "col_why": "Why not checkable",
        "coverage": "Coverage",
        "source_ends": "{name}: the source text ends at article {n}.",
        "none": "(none)",
    },
    "zh": {
        "article": "第{n}条",
        "unnumbered": "{name}（我们的资料中无条文序号）",
        "cites": "引用",
        "instrument": "法律文件",
        "level": "效力层级",
        "in_force": "自{date}起施行",
        "ceased": "于{date}失效",
        "area": "适用地域",
        "whole": "全国",
        "pack": "规则包",
        "severity": "严重程度",
        "on": "对象",
        "overridden": "在其适用时由以下规则替代判断",
        "displaced_by": "在其适用时由以下规则排除适用",
        "displaces": "排除 {rule} 的适用（{ground}）",
        "interpretations": "所依据的解释：",
        "examples": "示例：",
        "as_of": "截至",
        "due": "期限",
        "col_instrument": "法律文件",
        "col_article": "条款",
        "col_title": "标题",
        "col_rule": "规则",
        "col_examples": "示例",
        "col_why": "无法检查的原因",
        "coverage": "覆盖情况",
        "source_ends": "{name}：资料原文止于第{n}条。",
        "none": "（无）",
    },
}

MODALITIES = {
    "en": {"obligation": "obligation", "prohibition": "prohibition", "permission": "permission",
           "scope": "scope"},
    "zh": {"obligation": "义务", "prohibition": "禁止", "permission": "许可", "scope": "适用范围"},
}  # fmt: skip
KINDS = {"en": {"site": "site", "camera": "camera", "event": "event"},
         "zh": {"site": "场所", "camera": "摄像机", "event": "事件"}}  # fmt: skip
SEVERITIES = {"en": {"error": "error", "warning": "warning", "info": "info"},
              "zh": {"error": "错误", "warning": "警告", "info": "提示"}}  # fmt: skip


def word(key: str, lang: str, **values: Any) -> str:
    return WORDS.get(lang, WORDS["en"])[key].format(**values)


def pick(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def instrument_name(rs: Any, pack: str, lang: str) -> str:
    info = next((p for p in rs.packs if p.name == pack), None)
    inst = info.instrument_info if info is not None else None
    return inst.name(lang) if inst is not None else pack


def article_title(rs: Any, pack: str, number: int | None, lang: str) -> str:
    """The article's title in `pack`, else in the packs it extends, else in any pack."""
    by_pack = {(a.pack, a.number): a for a in rs.articles}
    chain, seen = [pack], {pack}
    packs = {p.name: p for p in rs.packs}
    while packs.get(chain[-1]) is not None and packs[chain[-1]].extends not in (None, *seen):
        nxt = packs[chain[-1]].extends
        chain.append(nxt)
        seen.add(nxt)
    for name in chain:
        a = by_pack.get((name, number))
        if a is not None and a.titles:
            return pick(a.titles, lang)
    for a in rs.articles:
        if a.number == number and a.titles:
            return pick(a.titles, lang)
    return ""


def citation_text(rule: Any, rs: Any, lang: str) -> str:
    """A rule's citations in words; an unnumbered provision names the instrument."""
    from lnvideo.sphinxext.text import citation

    out = []
    for c in rule.cites:
        if c.article is None:
            out.append(word("unnumbered", lang, name=instrument_name(rs, rule.pack, lang)))
        else:
            out.append(citation(c, lang))
    return ("；" if lang == "zh" else "; ").join(out)


def ground_name(ground: str, lang: str) -> str:
    return GROUND_NAMES.get(lang, GROUND_NAMES["en"]).get(ground, ground)
