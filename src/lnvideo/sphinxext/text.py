"""Markdown text helpers and the words of the generated pages, in English and Chinese.

Input: plain strings (from the rule packs, the engine, the catalogue) and a page
language, `"en"` or `"zh"`.
Output: MyST Markdown fragments: escaped text, inline code, cross-references,
and blocks or spans marked with their language, so that every snippet in the
other language than the page's gets a `lang` attribute (docutils turns a
`language-XX` class into `lang="XX"`).

Invariant: the page generators take every fixed word from `WORDS` (read from
`words.toml`, both languages for every key), so a page in one language has no
fixed word of the other.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable
from pathlib import Path

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
    if n is None:  # `cites unnumbered provision`
        return w("provision_part", lang) if part in ("全条", "the whole article") else part
    head = article_name(int(n), lang)
    if part in ("全条", "the whole article"):
        return head
    return f"{head}{part}" if lang == "zh" else f"{head}, {part}"


def page_head(anchor: str, title: str, *paragraphs: str) -> list[str]:
    """A generated page's first lines: its label, its title, then its opening paragraphs.

    Example:
        >>> page_head("cli", "Command-line reference", "Generated.")
        ['(cli)=', '# Command-line reference', '', 'Generated.', '']
    """
    lines = [f"({anchor})=", f"# {title}", ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    return lines


def w(key: str, lang: str, **kw: object) -> str:
    """The fixed word `key` in `lang`, formatted with `kw`.

    Example:
        >>> w("rules_heading", "zh")
        '规则'
    """
    en, zh = WORDS[key]
    return (zh if lang == "zh" else en).format(**kw)


#: key -> (English, Chinese). Every fixed word of a generated page (`words.toml`).
WORDS: dict[str, tuple[str, str]] = {
    key: (en, zh)
    for key, (en, zh) in tomllib.loads(
        Path(__file__).with_name("words.toml").read_text(encoding="utf-8")
    ).items()
}


def list_table(classes: str, heads: Iterable[str]) -> list[str]:
    """The opening lines of a MyST list-table with a header row (rows and the closing
    fence follow).

    Example:
        >>> list_table("lnv-x", ["A", "B"])
        ['```{list-table}', ':header-rows: 1', ':class: lnv-x', '', '* - A', '  - B']
    """
    first, *rest = heads
    return ["```{list-table}", ":header-rows: 1", f":class: {classes}", "", f"* - {first}"] + [
        f"  - {h}" for h in rest
    ]
