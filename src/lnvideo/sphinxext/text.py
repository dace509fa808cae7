"""Markdown text helpers and the words of the generated pages, in English and Chinese.

Input: plain strings (from the rule packs, the engine, the catalogue) and a page
language, `"en"` or `"zh"`.
Output: MyST Markdown fragments: escaped text, inline code, cross-references,
and blocks or spans marked with their language, so that every snippet in the
other language than the page's gets a `lang` attribute (docutils turns a
`language-XX` class into `lang="XX"`).

Invariant: the page generators take every fixed word from `WORDS`, so a page in
one language has no fixed word of the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

#: page language -> the HTML `lang` value
HTML_LANG = {"en": "en", "zh": "zh-CN"}


def page_lang(sphinx_language: str | None) -> str:
    """The generated pages' language for a Sphinx `language` setting.

    Example:
        >>> page_lang("zh_CN"), page_lang("en"), page_lang(None)
        ('zh', 'en', 'en')
    """
    return "zh" if (sphinx_language or "en").lower().startswith("zh") else "en"


def other(lang: str) -> str:
    """The other of the two languages."""
    return "en" if lang == "zh" else "zh"


# --------------------------------------------------------------------------- escaping


def md(text: str) -> str:
    """Escape the characters that Markdown would read as markup in running text.

    Example:
        >>> md("a | b * c")
        'a \\\\| b \\\\* c'
    """
    out = text
    for ch in ("\\", "|", "*", "_", "`", "<", ">", "[", "]", "{", "}"):
        out = out.replace(ch, "\\" + ch)
    return out


def code(text: str) -> str:
    """Inline code that survives backticks inside the text."""
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def label(rule_id: str) -> str:
    """The cross-reference label of a rule section.

    Example:
        >>> label("LN-12.1a")
        'rule-ln-12-1a'
    """
    return "rule-" + rule_id.lower().replace(".", "-").replace("_", "-")


def ref(rule_id: str) -> str:
    """A cross-reference to a rule's section."""
    return f"{{ref}}`{rule_id} <{label(rule_id)}>`"


def value(v: object) -> str:
    """A record value as the rule language writes it."""
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, tuple | list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    return str(v)


# --------------------------------------------------------------------------- languages


def _classes(text_lang: str, lang: str, extra: Iterable[str]) -> list[str]:
    classes = list(extra)
    if text_lang == "zh":
        classes.append("zh")
    if text_lang != lang:
        classes += ["lnv-other", f"language-{HTML_LANG[text_lang]}"]
    return classes


def block(text: str, text_lang: str, lang: str, *extra: str) -> list[str]:
    """A paragraph of (already escaped) `text` in `text_lang` on a page in `lang`.

    Example:
        >>> block("备案", "zh", "en")
        ['{.zh .lnv-other .language-zh-CN}', '备案', '']
        >>> block("Registration", "en", "en")
        ['Registration', '']
    """
    classes = _classes(text_lang, lang, extra)
    head = ["{" + " ".join("." + c for c in classes) + "}"] if classes else []
    return [*head, text, ""]


def span(text: str, text_lang: str, lang: str) -> str:
    """An inline snippet of (already escaped) `text`, marked when its language is not the page's.

    Example:
        >>> span("Registration", "en", "zh")
        '[Registration]{.lnv-other .language-en}'
        >>> span("备案", "zh", "zh")
        '备案'
    """
    if text_lang == lang or not text:
        return text
    classes = _classes(text_lang, lang, ())
    return f"[{text}]{{{' '.join('.' + c for c in classes)}}}"


def pick(texts: dict[str, str], lang: str) -> tuple[str, str]:
    """(text, its language) from a {lang: text} dict, preferring `lang`, else the other."""
    if texts.get(lang):
        return texts[lang], lang
    alt = other(lang)
    if texts.get(alt):
        return texts[alt], alt
    return "", lang


def both(texts: dict[str, str], lang: str, *extra: str) -> list[str]:
    """Blocks of a two-language text: the page's language first, the other after it, marked."""
    out: list[str] = []
    for text_lang in (lang, other(lang)):
        if texts.get(text_lang):
            out += block(md(texts[text_lang]), text_lang, lang, *extra)
    return out


_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """Chinese numerals for 0-999, as article, paragraph and item numbers are written.

    Example:
        >>> zh_number(12), zh_number(20), zh_number(7), zh_number(105)
        ('十二', '二十', '七', '一百零五')
    """
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        head = "" if tens == 1 else _ZH_DIGITS[tens]
        return f"{head}十{_ZH_DIGITS[ones] if ones else ''}"
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + _ZH_DIGITS[rest]
    else:
        tail = zh_number(rest) if rest >= 20 else "一" + zh_number(rest)
    return f"{_ZH_DIGITS[hundreds]}百{tail}"


def article_name(n: int, lang: str) -> str:
    """'Article 12' or '第十二条'."""
    return f"第{zh_number(n)}条" if lang == "zh" else f"Article {n}"


def part_name(paragraph: int | None, item: int | None, last: bool, lang: str) -> str:
    """The name of a part of an article: 'para. 1 item 3', '第一款第三项', 'last paragraph', '末款'.

    Example:
        >>> part_name(1, None, False, "zh"), part_name(None, 3, False, "en")
        ('第一款', 'item 3')
        >>> part_name(None, None, True, "zh"), part_name(None, None, False, "en")
        ('末款', 'the whole article')
    """
    if lang == "zh":
        out = "末款" if last else ""
        out += f"第{zh_number(paragraph)}款" if paragraph is not None else ""
        out += f"第{zh_number(item)}项" if item is not None else ""
        return out or "全条"
    words = ["last paragraph"] if last else []
    if paragraph is not None:
        words.append(f"paragraph {paragraph}")
    if item is not None:
        words.append(f"item {item}")
    return ", ".join(words) or "the whole article"


def citation(cite: object, lang: str) -> str:
    """One citation (`ast.Citation`-like: article, paragraph, item, last_paragraph) in words."""
    n = getattr(cite, "article", None)
    part = part_name(
        getattr(cite, "paragraph", None),
        getattr(cite, "item", None),
        bool(getattr(cite, "last_paragraph", False)),
        lang,
    )
    if n is None:
        return part
    head = article_name(int(n), lang)
    if part in ("全条", "the whole article"):
        return head
    return f"{head}{part}" if lang == "zh" else f"{head}, {part}"


def w(key: str, lang: str, **kw: object) -> str:
    """The fixed word `key` in `lang`, formatted with `kw`.

    Example:
        >>> w("rules_heading", "zh")
        '规则'
    """
    en, zh = WORDS[key]
    return (zh if lang == "zh" else en).format(**kw)


#: key -> (English, Chinese). Every fixed word of a generated page.
WORDS: dict[str, tuple[str, str]] = {
    # article pages
    "summary_title": ("Summary, in our own words", "本规则包的概述（非原文）"),
    "summary_note": (
        "This is a summary written for these rules, not the text of the instrument. "
        "Read the official text for the law itself.",
        "以上为编写本规则时所作的概述，不是法规原文。法规内容以官方公布的文本为准。",
    ),
    "source_title": ("Where this article comes from", "本条出处"),
    "instrument": ("Instrument", "法规"),
    "order": ("Issued as", "发布文号"),
    "adopted": ("Adopted", "通过日期"),
    "promulgated": ("Promulgated", "公布日期"),
    "effective": ("In force from", "施行日期"),
    "ceased": ("Ceased to be in force", "失效日期"),
    "area": ("Area covered", "适用地域"),
    "area_prefix": ("county codes starting with {prefix}", "行政区划代码以 {prefix} 开头"),
    "area_all": ("the whole country", "全国"),
    "published": ("Official text published in", "官方文本刊载于"),
    "published_unknown": (
        "The pack does not say where the official text is published.",
        "规则包未载明官方文本的刊载处。",
    ),
    "pack": ("Rule pack", "规则包"),
    "not_stated": ("not stated in the pack", "规则包未载明"),
    "why_none": ("Why no rule checks this article", "为何本条没有规则"),
    "no_reason": ("The pack gives no rule and no reason.", "规则包既未给出规则，也未说明理由。"),
    "applied_through": (
        "Part of this article is applied through {refs}.",
        "本条部分内容通过 {refs} 体现。",
    ),
    "rules_heading": ("Rules", "规则"),
    "rules_count": (
        "{count} rule{s} check{s2} this article, each under the part of the article it cites: {refs}.",
        "共有 {count} 条规则检查本条，按其引用的款、项排列：{refs}。",
    ),
    "also_cited": ("It is also cited by {refs}.", "另有 {refs} 引用本条。"),
    "left_out": ("What the rules leave out", "规则未涵盖的内容"),
    "part_rules": ("Rules under {part}", "{part}的规则"),
    "cites": ("Cites", "引用"),
    "kind": ("Kind", "类型"),
    "checked_for": ("Checked for", "检查对象"),
    "severity": ("Severity", "严重程度"),
    "overrides": ("Overrides", "替代"),
    "applies_when": ("Applies when", "适用条件"),
    "message_zh": ("Message (Chinese)", "消息（中文）"),
    "message_en": ("Message (English)", "消息（英文）"),
    "interprets": ("Interpretations it relies on", "所依据的解释"),
    "no_interpretation": (
        "This rule relies on no interpretation: the text decides it directly.",
        "本规则不依赖任何解释，由条文直接决定。",
    ),
    "interpretations_heading": ("Interpretations used on this page", "本页规则所依据的解释"),
    "interpretations_intro": (
        "Choices the text leaves open, written down once for every rule above that relies on them. "
        "Open one to read it.",
        "条文未明确、由本规则包作出的选择；上文各规则引用的解释统一列于此处，点击展开阅读。",
    ),
    "used_by": ("used by", "使用者"),
    "source_caption": ("{where}, line {line}", "{where}，第 {line} 行"),
    "worked_heading": ("Worked explanation", "判断过程示例"),
    "worked_head": (
        "The engine was run while these pages were built, on the example “{name}” as of {as_of}. "
        "For {kind} **{sid}** it decided {rule} is **{status}**",
        "本页生成时，引擎以 {as_of} 为评判日运行了示例“{name}”。对{kind} **{sid}**，"
        "{rule} 的结论为**{status}**",
    ),
    "worked_due": (", due **{due}**", "，期限 **{due}**"),
    "worked_done": (", done on {done}", "，履行于 {done}"),
    "message": ("Message", "消息"),
    "why": ("Why", "理由"),
    "clauses": ("Clauses of the rule and how they came out", "规则各子句及其结果"),
    "facts": ("Facts from the records that took part", "参与判断的记录事实"),
    "calendar_intro": (
        "The days that decided it, on the working-day calendar:",
        "决定结论的日期在工作日日历上的位置：",
    ),
    "examples_heading": ("Examples", "示例"),
    "no_examples": ("The pack has no example for this article yet.", "规则包尚无本条的示例。"),
    "examples_intro": (
        "The pack states {count} example{s} for this article. Each was run through the engine "
        "while this page was built, and ✓ marks an expectation the engine reproduces "
        "(a date in brackets: computed by the engine, not stated in the example).",
        "规则包为本条给出 {count} 个示例。本页生成时每个示例都经引擎运行，✓ 表示引擎的结论与预期一致"
        "（括号中的日期由引擎计算，示例中未写明）。",
    ),
    "example": ("Example: “{name}”", "示例：“{name}”"),
    "checked_as_of": ("Checked as of **{as_of}**. Records in:", "评判日 **{as_of}**。输入记录："),
    "record": ("Record", "记录"),
    "id": ("Id", "编号"),
    "states": ("What it states", "记载内容"),
    "expected_out": ("Expected out:", "预期结论："),
    "rule": ("Rule", "规则"),
    "for": ("For", "对象"),
    "status": ("Status", "结论"),
    "due": ("Due", "期限"),
    "done_on": ("Done on", "履行日"),
    "engine": ("Engine", "引擎"),
    "agrees": ("✓ agrees", "✓ 一致"),
    "differs": ("✗ DIFFERS", "✗ 不一致"),
    "none": ("none", "无"),
    # subjects and kinds
    "each_site": ("each site", "每个场所（系统）"),
    "each_camera": ("each camera", "每台摄像机"),
    "each_event": ("each event", "每个事件"),
    "each_event_type": ("each {type} event", "每个 {type} 事件"),
    "site": ("site", "场所"),
    "camera": ("camera", "摄像机"),
    "event": ("event", "事件"),
    "obligation": ("Obligation — something must be done or be so", "义务——应当做到"),
    "prohibition": ("Prohibition — something must not be done or be so", "禁止——不得如此"),
    "permission": ("Permission — something may be done", "许可——可以如此"),
    "scope": (
        "Scope — decides which sites the instrument covers at all",
        "适用范围——决定哪些场所受本法规调整",
    ),
    "satisfied": ("satisfied", "符合"),
    "violated": ("violated", "违反"),
    "pending": ("pending", "待定"),
    "not_applicable": ("not applicable", "不适用"),
    "unknown": ("unknown", "未知"),
    "error": ("error", "错误"),
    "warning": ("warning", "警告"),
    # articles index
    "index_title": ("The rules, article by article", "逐条规则"),
    "index_intro": (
        "One page per article: where it comes from, our summary, the rules that check it "
        "(or why none can), the examples, and an explanation produced by the engine. The "
        "{coverage} shows it all on one page, and the {parameters} lists every number the rules use.",
        "每条一页：出处、概述、检查该条的规则（或无法检查的理由）、示例，以及引擎给出的判断过程。"
        "{coverage}在一页中汇总全部内容，{parameters}列出规则使用的每个数值。",
    ),
    "coverage_link": ("coverage matrix", "覆盖矩阵"),
    "parameters_link": ("parameters page", "参数页"),
    "instruments_heading": ("Instruments", "法规"),
    # coverage
    "coverage_title": ("Coverage matrix", "覆盖矩阵"),
    "coverage_intro": (
        "Every article of every loaded instrument and what the rule packs {label} do with it, "
        "down to the paragraph or item: the rules that check a part, or why that part cannot be "
        "checked from records. Generated from the packs while these pages were built.",
        "已加载的每部法规的每一条，以及规则包 {label} 如何处理，细化到款、项：检查该部分的规则，"
        "或该部分无法依据记录检查的理由。本页在文档生成时由规则包生成。",
    ),
    "by_instrument": ("By instrument", "按法规"),
    "articles_col": ("Articles", "条数"),
    "rules_col": ("Rules", "规则数"),
    "not_checkable_col": ("Parts not checkable", "不可检查的部分"),
    "by_part": ("By article and part", "按条、款、项"),
    "article_col": ("Article", "条"),
    "part_col": ("Part", "款项"),
    "checked_by": ("Checked by, or why not", "检查规则或不可检查的理由"),
    "examples_col": ("Examples", "示例数"),
    "not_checkable": ("not checkable", "不可检查"),
    "by_rule": ("By rule", "按规则"),
    "expectations_col": ("Expectations", "预期结论数"),
    "expectations_explained": (
        "**Examples** counts the pack's examples that mention the rule; **Expectations** counts "
        "their `expect` lines about it — each one a status (and often a due date) the example "
        "says the rule must give for one record. `lnvideo test` and this site's build check every "
        "expectation against the engine.",
        "**示例数**为提及该规则的示例个数；**预期结论数**为其中关于该规则的 `expect` 行数——每行写明该规则"
        "对某一记录应得出的结论（常含期限）。`lnvideo test` 和本站构建都会用引擎逐条核对这些预期。",
    ),
    "untested": ("Rules no example tests yet: {ids}.", "尚无示例检验的规则：{ids}。"),
    "all_tested": ("Every rule is tested by at least one example.", "每条规则至少有一个示例检验。"),
    # parameters
    "parameters_title": ("Parameters: every number the rules use", "参数：规则使用的每个数值"),
    "parameters_intro": (
        "Every period and number the rules count with: where it comes from, what it means, the "
        "rules that use it (found by walking the checked rules) and the packs that change it. "
        "Generated from the packs {label} while these pages were built.",
        "规则计算所用的每个期间和数值：出处、含义、使用它的规则（遍历已检查的规则得出）以及对其作出调整的规则包。"
        "本页在文档生成时由规则包 {label} 生成。",
    ),
    "param_col": ("Parameter", "参数"),
    "value_col": ("Value", "数值"),
    "source_col": ("Article", "条款"),
    "changed_note": (
        "**Changed by** lists the rules of other packs that override a rule using the number, with "
        "the number they use instead, and packs that set the same parameter; — means none of the "
        "loaded packs changes it.",
        "**调整**一栏列出替代使用该数值的规则的其他规则包规则及其所用数值，以及设定同名参数的规则包；"
        "“—”表示已加载的规则包均未调整。",
    ),
    "meaning_col": ("Meaning", "含义"),
    "used_by_col": ("Used by", "使用的规则"),
    "changed_by_col": ("Changed by", "调整"),
    "written_in_rule": ("written in the rule", "直接写在规则中"),
    "unused": ("no rule", "无规则使用"),
    "unchanged": ("no pack changes it", "无规则包调整"),
    "changed_by": ("{rule} of pack {pack} ({value})", "规则包 {pack} 的 {rule}（{value}）"),
    "redeclared_by": ("pack {pack} sets it to {value}", "规则包 {pack} 将其设为 {value}"),
    "counting_note": (
        "How each kind of period is counted (the day it starts from is not counted, a deadline "
        "on a rest day moves to the next working day, a minimum duration never moves) is "
        "explained on {time}.",
        "各类期间如何计算（起算当日不计入，期限末日为休息日的顺延至休息日结束的次日，最短保存期不顺延），"
        "见{time}。",
    ),
    "time_link": ("How time is counted", "期间如何计算"),
    "unit_days": ("{n} days", "{n}日"),
    "unit_day": ("{n} day", "{n}日"),
    "unit_working_days": ("{n} working days", "{n}个工作日"),
    "unit_working_day": ("{n} working day", "{n}个工作日"),
    "unit_hours": ("{n} hours", "{n}小时"),
    "unit_hour": ("{n} hour", "{n}小时"),
    "unit_months": ("{n} months", "{n}个月"),
    "unit_month": ("{n} month", "{n}个月"),
    "unit_years": ("{n} years", "{n}年"),
    "unit_year": ("{n} year", "{n}年"),
    # calendars
    "cal_start": ("start", "起算"),
    "cal_due": ("due", "期限"),
    "cal_done": ("done", "履行"),
    "cal_ends": ("ends", "届满"),
    "cal_last": ("last day", "末日"),
}
