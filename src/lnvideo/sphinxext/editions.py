"""The two editions of the site: `lang` on every snippet, and a link to the same page in the other.

Input: the resolved doctree of each page and Sphinx's page context; the
configuration value `lnvideo_editions` (Sphinx language -> output directory
name, default `{"en": "en", "zh_CN": "zh_CN"}`), which says where the editions
are built side by side (`OUT/en`, `OUT/zh_CN`).
Output: in the English edition, every run of Chinese characters in running text
becomes `<span lang="zh-CN">`; in the Chinese edition, every paragraph, title or
list item without a Chinese character (text the catalogues do not translate)
gets `lang="en"`; every page starts with a link to the same page in the other
edition and declares it as `<link rel="alternate" hreflang=...>`.

Invariant: code and literal blocks are never touched.
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from lnvideo.sphinxext.text import HTML_LANG, page_lang

__all__ = ["LanguageMarks", "fix_stemmer", "on_build_finished", "on_page_context", "switch_target"]

DEFAULT_EDITIONS = {"en": "en", "zh_CN": "zh_CN"}

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u201c\u201d]+")
_HAS_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z]{3,}")
_SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.target, nodes.math)
_BLOCKS = (nodes.paragraph, nodes.title, nodes.caption, nodes.term, nodes.rubric, nodes.line)


def _marked(node: nodes.Node) -> bool:
    n: Any = node
    while n is not None:
        if isinstance(n, nodes.Element) and any(
            c.startswith("language-") for c in n.get("classes", [])
        ):
            return True
        if isinstance(n, _SKIP):
            return True
        n = n.parent
    return False


def _own_text(node: nodes.Element) -> str:
    parts = []
    for t in node.findall(nodes.Text):
        if not _marked_below(t, node):
            parts.append(str(t))
    return "".join(parts)


def _marked_below(t: nodes.Node, top: nodes.Element) -> bool:
    n: Any = t.parent
    while n is not None and n is not top:
        if isinstance(n, _SKIP) or any(c.startswith("language-") for c in n.get("classes", [])):
            return True
        n = n.parent
    return False


class LanguageMarks(SphinxPostTransform):
    """Mark text of the language other than the edition's with `language-XX` classes."""

    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        if page_lang(self.config.language) == "zh":
            for node in list(self.document.findall(lambda n: isinstance(n, _BLOCKS))):
                if _marked(node):
                    continue
                text = _own_text(node)
                if _WORD.search(text) and not _HAS_CJK.search(text):
                    node["classes"].append("language-en")
            return
        for t in list(self.document.findall(nodes.Text)):
            if _marked(t) or not _HAS_CJK.search(str(t)) or t.parent is None:
                continue
            if isinstance(t.parent, nodes.Element) and not isinstance(t.parent, nodes.TextElement):
                continue
            pieces: list[nodes.Node] = []
            pos = 0
            s = str(t)
            for m in _CJK.finditer(s):
                if not _HAS_CJK.search(m.group()):
                    continue
                if m.start() > pos:
                    pieces.append(nodes.Text(s[pos : m.start()]))
                pieces.append(nodes.inline(m.group(), m.group(), classes=["language-zh-CN"]))
                pos = m.end()
            if pos < len(s):
                pieces.append(nodes.Text(s[pos:]))
            t.parent.replace(t, pieces)


def switch_target(
    pagename: str, language: str | None, editions: dict[str, str]
) -> tuple[str, str, str] | None:
    """(relative URL, HTML lang, label) of the same page in the other edition, or None.

    Example:
        >>> switch_target("articles/article-12", "en", {"en": "en", "zh_CN": "zh_CN"})
        ('../../zh_CN/articles/article-12.html', 'zh-CN', '中文版')
        >>> switch_target("index", "zh_CN", {"en": "en", "zh_CN": "zh_CN"})
        ('../en/index.html', 'en', 'English edition')
    """
    current = language or "en"
    others = [k for k in editions if page_lang(k) != page_lang(current)]
    if current not in editions and page_lang(current) == "en" and "en" not in editions:
        return None
    if not others:
        return None
    target = others[0]
    depth = pagename.count("/") + 1
    url = "../" * depth + f"{editions[target]}/{pagename}.html"
    lang = page_lang(target)
    return url, HTML_LANG[lang], "中文版" if lang == "zh" else "English edition"


def on_page_context(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Put the link to the other edition at the top of the page body, and in the page's head."""
    editions = getattr(app.config, "lnvideo_editions", None) or DEFAULT_EDITIONS
    found = switch_target(pagename, app.config.language, editions)
    if found is None or "body" not in context:
        return
    url, lang, text = found
    here = "English" if page_lang(app.config.language) == "en" else "中文"
    link = (
        f'<p class="lnv-edition"><span>{html.escape(here)}</span> · '
        f'<a href="{html.escape(url)}" hreflang="{lang}" lang="{lang}">{html.escape(text)}</a></p>'
    )
    context["body"] = link + context["body"]
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{lang}" href="{html.escape(url)}" />'
    )


_STEMMER_ASSIGN = re.compile(r"window\.Stemmer = (\w+)Stemmer;")


def fix_stemmer(js: str) -> str:
    """`language_data.js` with its stemmer bound to a stemmer the file defines.

    Sphinx's Chinese search ships the English stemmer (for Latin words in
    Chinese pages) but binds `window.Stemmer` to `ChineseStemmer`, which no
    file defines: the browser stops at a ReferenceError and the search page
    never finds anything. Bind it to the stemmer that is there.

    Example:
        >>> fix_stemmer("var EnglishStemmer=function(){};\\nwindow.Stemmer = ChineseStemmer;")
        'var EnglishStemmer=function(){};\\nwindow.Stemmer = EnglishStemmer;'
        >>> fix_stemmer("var EnglishStemmer=1;\\nwindow.Stemmer = EnglishStemmer;")
        'var EnglishStemmer=1;\\nwindow.Stemmer = EnglishStemmer;'
    """
    m = _STEMMER_ASSIGN.search(js)
    if m is None or re.search(rf"\b{m.group(1)}Stemmer\s*=", js):
        return js
    defined = re.search(r"\b(?:var|let|const)\s+(\w+Stemmer)\s*=", js)
    if defined is None or defined.group(1) == "BaseStemmer":
        return js
    return js[: m.start()] + f"window.Stemmer = {defined.group(1)};" + js[m.end() :]


def on_build_finished(app: Any, exc: Exception | None) -> None:
    """After an HTML build: make the search page's stemmer one that exists (see `fix_stemmer`)."""
    from pathlib import Path

    if exc is not None or getattr(app.builder, "format", "") != "html":
        return
    path = Path(app.outdir) / "_static" / "language_data.js"
    if path.is_file():
        js = path.read_text(encoding="utf-8")
        fixed = fix_stemmer(js)
        if fixed != js:
            path.write_text(fixed, encoding="utf-8")
