"""Page generators for the reference: diagnostics, record fields and the command line.

Input: the diagnostics `CATALOGUE` and its help texts (`lnvideo.diagnostic_help`),
the record schema (`lnvideo.schema`) and the argument parser of
`lnvideo.cli.build_parser()`; a page language, `"en"` or `"zh"`.
Output: MyST Markdown text for `reference/diagnostics.md`, `reference/records.md`
and `reference/cli.md`; `run_cli` runs one command line in-process for the
`lnvideo-cli` directive.

Invariant: each page lists exactly what the code declares (every catalogue code,
every schema field, every subcommand); text that exists only in English is
marked `lang="en"` on the Chinese pages.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lnvideo.diagnostic_help import help_for, title_for
from lnvideo.diagnostics import CATALOGUE
from lnvideo.packs import pack_items
from lnvideo.sphinxext.text import code, list_table, md, page_head, span

__all__ = ["cli_page", "diagnostics_page", "records_page", "run_cli"]

_GROUPS = [
    ("LNV0", "Input records (JSON Lines and Parquet)", "输入记录（JSON Lines 与 Parquet）"),
    ("LNV1", "Rule files: syntax and names", "规则文件：语法与名称"),
    ("LNV2", "Rule files: types, packs, overrides, examples", "规则文件：类型、规则包、替代、示例"),
    ("LNV3", "Calendar and periods", "日历与期间"),
    ("LNV4", "Command line and engines", "命令行与引擎"),
]

_DIAG_INTRO = {
    "en": [
        "Every problem lnvideo reports carries a stable code. `lnvideo lint`, "
        "`lnvideo check` and the Python API (`LnvideoError.diagnostics`) use the same "
        "codes. A message looks like this:",
        "The file, line and column come first, then the level and code, the source line "
        "with a caret under the problem, and often a hint. **Errors** stop the rules or "
        "the input from being used (exit status 2); **warnings** are reported and the "
        "run goes on.",
    ],
    "zh": [
        "lnvideo 报告的每个问题都带有固定的编号。`lnvideo lint`、`lnvideo check` 和 Python 接口"
        "（`LnvideoError.diagnostics`）使用相同的编号。一条消息的样子如下：",
        "先是文件、行号和列号，然后是级别和编号、出错的源代码行及其下方指示位置的记号，常附有提示。"
        "**错误**使规则或输入无法使用（退出状态 2）；**警告**会被报告，检查继续进行。",
    ],
}


def diagnostics_page(lang: str = "en") -> str:
    """One entry per CATALOGUE code: level, title, what it means and how to fix it.

    Example:
        >>> "(lnv102)=" in diagnostics_page()
        True
    """
    zh = lang == "zh"
    intro = _DIAG_INTRO["zh" if zh else "en"]
    lines = [
        *page_head("diagnostics", "诊断信息参考" if zh else "Diagnostics reference", intro[0]),
        "```text",
        "examples/shenyang-typo.lnv:21:14: error[LNV101]: unknown field `retention_day` on site",
        "  21 |     requires site.retention_day >= 30",
        "     |              ^^^^^^^^^^^^^^^^^^",
        "  = hint: did you mean `retention_days`?",
        "```",
        "",
        intro[1],
        "",
    ]
    levels = {"error": "错误", "warning": "警告", "note": "说明"}
    for prefix, heading_en, heading_zh in _GROUPS:
        lines += [f"## {heading_zh if zh else heading_en}", ""]
        for c, (level, _) in CATALOGUE.items():
            if not c.startswith(prefix):
                continue
            meaning, fix, text_lang = help_for(c, lang)
            title, title_lang = title_for(c, lang)
            lines += [
                f"({c.lower()})=",
                f"### {c} — {span(md(title), title_lang, lang)}",
                "",
                f"*{levels.get(level.value, level.value) if zh else level.value}*",
                "",
                f"**{'含义' if zh else 'What it means'}.** {span(meaning, text_lang, lang)}",
                "",
                f"**{'如何修正' if zh else 'How to fix it'}.** {span(fix, text_lang, lang)}",
                "",
            ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- records

_TYPE_WORDS = {
    "en": {
        "str": "text",
        "int": "whole number",
        "bool": "`true` / `false`",
        "date": "date (`2026-09-05`)",
        "instant": "date and time (`2026-06-01T10:00:00+08:00`; a bare date means 00:00)",
        "enum": "one of",
        "open_enum": "any word; known words",
        "list[str]": "list of texts",
        "county": 'six-digit county code as text (`"210102"`)',
    },
    "zh": {
        "str": "文本",
        "int": "整数",
        "bool": "`true` / `false`",
        "date": "日期（`2026-09-05`）",
        "instant": "日期和时刻（`2026-06-01T10:00:00+08:00`；仅有日期的按当日0时）",
        "enum": "取值之一",
        "open_enum": "任意词；已知取值",
        "list[str]": "文本列表",
        "county": '六位行政区划代码文本（`"210102"`）',
    },
}


def _field_lines(fields: Any, lang: str) -> list[str]:
    words = _TYPE_WORDS["zh" if lang == "zh" else "en"]
    lines = []
    for spec in fields.values():
        kind = words.get(spec.type.value, spec.type.value)
        if spec.values:
            kind += ("：" if lang == "zh" else ": ") + ", ".join(code(v) for v in spec.values)
        req = (" **（必填）**" if lang == "zh" else " **(required)**") if spec.required else ""
        doc = f" — {span(md(spec.doc), 'en', lang)}" if spec.doc else ""
        lines.append(f"- {code(spec.name)}{req}: {kind}{doc}")
    return lines


def declared_by_packs(checked: Any) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """What the loaded packs add to the records: (word, target, pack) of every declared
    value, and the pack of every declared site field (`field site.x is …`).

    Example:
        >>> from lnvideo.sphinxext.pages import docs_ruleset
        >>> values, fields = declared_by_packs(docs_ruleset().ir)
        >>> values[0], fields
        (('pawnshop', 'site.place_category', 'liaoning_trades'), {'signage': 'national'})
    """
    from lnvideo.syntax import ast

    vocabulary = getattr(checked, "vocabulary", None)
    values = list(getattr(vocabulary, "values", ()) or ())
    fields: dict[str, str] = {}
    for pack, item in pack_items(checked, ast.FieldDecl):
        if item.target.fields:
            fields.setdefault(item.target.fields[-1], pack)
    return values, fields


def _declared_lines(checked: Any, lang: str) -> list[str]:
    """The section of the words and fields the loaded packs declare, with their packs."""
    vocabulary = getattr(checked, "vocabulary", None)
    values, field_packs = declared_by_packs(checked)
    specs = list(getattr(vocabulary, "fields", ()) or ())
    if not values and not specs:
        return []
    zh = lang == "zh"

    described = {key: dict(items) for key, items in getattr(vocabulary, "texts", ()) or ()}

    def texts(name: str) -> dict[str, str]:
        return {k: v for k, v in described.get(name, {}).items() if v}

    def meaning(name: str, fallback: str = "") -> str:
        t = texts(name) or ({"en": fallback} if fallback else {})
        own, own_lang = (t.get(lang), lang) if t.get(lang) else (t.get("en", ""), "en")
        return span(md(own), own_lang, lang) if own else "—"

    lines = [
        "(records-declared)=",
        "## 规则包声明的取值和字段" if zh else "## Values and fields the rule packs declare",
        "",
        (
            "随附的规则包（如 `liaoning_trades`、`national`）可以为固定取值集增加新词、为场所增加新字段。"
            "一起加载这些规则包时，读取器、检查器和 `explain` 使用全部已加载规则包的并集；"
            "记录中使用了未加载的规则包才声明的取值时，给出带位置的警告并指明声明它的规则包，该字段按缺失处理。"
            if zh
            else "The bundled packs (such as `liaoning_trades` and `national`) may add words to the "
            "fixed sets of values and new fields to sites. With those packs loaded, the readers, "
            "the checker and `explain` use the union of every loaded pack; a record using a word "
            "that only a pack not loaded declares gets a located warning naming that pack, and the "
            "field reads as missing."
        ),
        "",
    ]
    if values:
        heads = ("字段", "取值", "规则包", "含义") if zh else ("Field", "Value", "Pack", "Meaning")
        lines += list_table("lnv-declared", heads)
        for word, target, pack in values:
            lines += [
                f"* - {code(target)}",
                f"  - {code(word)}",
                f"  - {code(pack)}",
                f"  - {meaning(word)}",
            ]
        lines += ["```", ""]
    if specs:
        words = _TYPE_WORDS["zh" if zh else "en"]
        heads = ("字段", "类型", "规则包", "含义") if zh else ("Field", "Type", "Pack", "Meaning")
        lines += list_table("lnv-declared", heads)
        for spec in specs:
            lines += [
                f"* - {code('site.' + spec.name)}",
                f"  - {words.get(spec.type.value, spec.type.value)}",
                f"  - {code(field_packs.get(spec.name, '—'))}",
                f"  - {meaning(spec.name, spec.doc)}",
            ]
        lines += ["```", ""]
    return lines


def _more(ruleset: Any, kind: str, lang: str) -> list[str]:
    """A pointer to the values (and site fields) the loaded packs add to `kind` records."""
    vocabulary = getattr(getattr(ruleset, "ir", None), "vocabulary", None)
    if vocabulary is None:
        return []
    targets = sorted({t for _, t, _ in vocabulary.values if t.startswith(kind + ".")})
    if kind == "site" and vocabulary.fields:
        targets.append("site.*")
    if not targets:
        return []
    where = ", ".join(code(t) for t in targets)
    if lang == "zh":
        return [f"规则包为 {where} 增加的取值和字段见{{ref}}`下文 <records-declared>`。", ""]
    return [
        f"Rule packs add values and fields to {where}: {{ref}}`see below <records-declared>`.",
        "",
    ]


def records_page(lang: str = "en", ruleset: Any = None) -> str:
    """The record fields, generated from `lnvideo.schema`, and what the packs of `ruleset`
    (an `lnvideo.api.Ruleset`) add to them.

    Example:
        >>> "`retention_days`" in records_page()
        True
        >>> from lnvideo.sphinxext.pages import docs_ruleset
        >>> page = records_page("zh", docs_ruleset())
        >>> "`pawnshop`" in page and "`liaoning_trades`" in page and "`site.signage`" in page
        True
    """
    from lnvideo import schema

    zh = lang == "zh"
    intro = (
        "lnvideo 检查的输入：JSON Lines，每行一个带 `kind`（`site`、`camera` 或 `event`）的对象；"
        "或同一目录下 `sites.parquet`、`cameras.parquet`、`events.parquet` 中同名的列。"
        "未知字段保留但不读取。未填写的字段为*缺失*：需要它的规则结论为*未知*，绝不是*违反*。"
        "本页由 `lnvideo.schema` 生成。"
        if zh
        else "The input lnvideo checks: JSON Lines, one object per line with a `kind` "
        "(`site`, `camera` or `event`), or the same fields as columns of "
        "`sites.parquet`, `cameras.parquet` and `events.parquet` in one directory. "
        "Unknown fields are kept and ignored. A field that is left out is *missing*: "
        "rules that need it answer *unknown*, never *violated*. Generated from "
        "`lnvideo.schema`."
    )
    lines = [
        *page_head(
            "records",
            "记录：场所、摄像机、事件" if zh else "Records: sites, cameras, events",
            intro,
        ),
        "## site",
        "",
        "一个场所的一套视频系统。" if zh else "One video system at one place.",
        "",
        *_field_lines(schema.SITE_FIELDS, lang),
        "",
        *_more(ruleset, "site", lang),
        "## camera",
        "",
        "场所的一台图像采集设备。" if zh else "One image-capture device of a site.",
        "",
        *_field_lines(schema.CAMERA_FIELDS, lang),
        "",
        *_more(ruleset, "camera", lang),
        "## event",
        "",
        "场所在某日发生的事。每个事件都有："
        if zh
        else "Something that happened at a site, on a date. Every event has:",
        "",
        *_field_lines(schema.EVENT_COMMON_FIELDS, lang),
        "",
        "以及按 `type` 区分的字段：" if zh else "and, by `type`:",
        "",
    ]
    for etype, fields in schema.EVENT_TYPE_FIELDS.items():
        lines += [f"### {etype}", ""]
        lines += (
            _field_lines(fields, lang) if fields else ["无其他字段。" if zh else "No extra fields."]
        )
        lines.append("")
    if ruleset is not None:
        lines += _declared_lines(ruleset.ir, lang)
    return "\n".join(lines)


# --------------------------------------------------------------------------- CLI


def _subparsers(parser: Any) -> dict[str, Any]:
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


@contextlib.contextmanager
def _columns(width: int) -> Iterator[None]:
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old


def cli_page(lang: str = "en") -> str:
    """The help text of `lnvideo` and of each subcommand, from `build_parser()`.

    Example:
        >>> "lnvideo deadline" in cli_page()
        True
    """
    from lnvideo.cli import build_parser

    zh = lang == "zh"
    with _columns(72):
        parser = build_parser()
        main_help = parser.format_help()
        subs = {name: p.format_help() for name, p in _subparsers(parser).items()}
    lines = [
        *page_head(
            "cli",
            "命令行参考" if zh else "Command-line reference",
            "本页在文档生成时由程序自身的参数解析器生成，因此列出的正是本版本的命令和选项（帮助文本为英文）。"
            if zh
            else "Generated from the program's own argument parser while these pages were built, "
            "so it lists exactly the commands and options of this version.",
            "**退出状态**（所有命令）：`0` 正常；`1` 有结论或检查未通过（违反、lint 错误、示例不符）；"
            "`2` 输入、规则或参数无法使用——见{ref}`diagnostics`。"
            if zh
            else "**Exit status** (every command): `0` fine; `1` a finding or check failed (a "
            "violation, a lint error, a failing example); `2` the input, the rules or the "
            "arguments could not be used — see the {ref}`diagnostics`.",
        ),
        "## lnvideo",
        "",
        "```{code-block} text",
        ":class: lnv-wrap",
        "",
        main_help.rstrip(),
        "```",
        "",
    ]
    for name, text in subs.items():
        lines += [
            f"(cli-{name})=",
            f"## lnvideo {name}",
            "",
            "```{code-block} text",
            ":class: lnv-wrap",
            "",
            text.rstrip(),
            "```",
            "",
        ]
    return "\n".join(lines)


def run_cli(argv: list[str], cwd: Path, width: int = 88) -> tuple[int, str]:
    """Run `lnvideo ARGV` in-process from `cwd`; return (exit status, stdout + stderr).

    Example:
        >>> code, out = run_cli(["deadline", "--from", "2026-09-05", "--days", "30"], Path("."))
        >>> code, out.strip()
        (0, '2026-10-08')
    """
    from lnvideo.cli import main

    buf = io.StringIO()
    old = Path.cwd()
    with _columns(width), contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        os.chdir(cwd)
        try:
            status = main(argv)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 2
        finally:
            os.chdir(old)
    return status, buf.getvalue()
