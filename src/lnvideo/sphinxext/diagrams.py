"""Diagrams drawn at build time as inline SVG: the pipeline and how a status is decided.

Input: a diagram name (`pipeline`, `statuses`) and a language, `"en"` or `"zh"`.
Output: an SVG document as text, laid out top to bottom so that it stays
readable on a phone; the text is real text (searchable, selectable, with `lang`).

Invariant: plain Python, no graphviz: the docs build needs nothing beyond the
docs extra.
"""

from __future__ import annotations

import html

__all__ = ["DIAGRAMS", "diagram_svg"]

_W = 360  # drawing width in user units
_FONT = "font-family=\"'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif\""


def _box(x: float, y: float, w: float, h: float, lines: list[str], cls: str) -> str:
    out = [f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" class="{cls}"/>']
    step = 15
    top = y + h / 2 - (len(lines) - 1) * step / 2 + 4
    for i, text in enumerate(lines):
        weight = ' font-weight="600"' if i == 0 else ' font-size="11"'
        out.append(
            f'<text x="{x + w / 2}" y="{top + i * step}" text-anchor="middle"{weight}>'
            f"{html.escape(text)}</text>"
        )
    return "".join(out)


def _arrow(x1: float, y1: float, x2: float, y2: float, label: str = "") -> str:
    out = f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="lnv-d-arrow" marker-end="url(#lnv-head)"/>'
    if label:
        lx, ly = (x1 + x2) / 2 + 4, (y1 + y2) / 2 - 3
        out += f'<text x="{lx}" y="{ly}" font-size="11" class="lnv-d-label">{html.escape(label)}</text>'
    return out


def _svg(height: float, body: str, title: str, lang: str) -> str:
    style = (
        "<style>"
        ".lnv-d-box{fill:#eef4fb;stroke:#3b6ea8;stroke-width:1.2}"
        ".lnv-d-eng{fill:#f3eefb;stroke:#6b4ea8;stroke-width:1.2}"
        ".lnv-d-out{fill:#f4f4f4;stroke:#777;stroke-width:1}"
        ".lnv-d-q{fill:#fffbe8;stroke:#b08a00;stroke-width:1.2}"
        ".lnv-d-sat{fill:#e6f4ea;stroke:#2e7d32}.lnv-d-vio{fill:#fdecea;stroke:#c62828}"
        ".lnv-d-pen{fill:#fff4e0;stroke:#e08a00}.lnv-d-na{fill:#f0f0f0;stroke:#777}"
        ".lnv-d-unk{fill:#e8eaf6;stroke:#3f51b5}"
        ".lnv-d-arrow{stroke:#555;stroke-width:1.3}"
        "text{fill:#222;font-size:13px}.lnv-d-label{fill:#555}"
        "</style>"
    )
    defs = (
        '<defs><marker id="lnv-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lnv-diagram" viewBox="0 0 {_W} {height}" '
        f'role="img" aria-label="{html.escape(title)}" lang="{"zh-CN" if lang == "zh" else "en"}" {_FONT}>'
        f"<title>{html.escape(title)}</title>{style}{defs}{body}</svg>"
    )


def _pipeline(lang: str) -> str:
    zh = lang == "zh"
    t = (lambda en, cn: cn if zh else en)  # noqa: E731
    parts = []
    parts.append(_box(10, 10, 160, 58, [t("Records", "记录"), t("sites, cameras, events", "场所、摄像机、事件"), "JSONL / Parquet"], "lnv-d-box"))
    parts.append(_box(190, 10, 160, 58, [t("Rule packs", "规则包"), t(".lnv files", ".lnv 规则文件"), t("parse → check", "解析 → 检查")], "lnv-d-box"))
    parts.append(_arrow(90, 68, 90, 100, t("read, located errors", "读取，定位错误")))
    parts.append(_arrow(270, 68, 270, 100, t("compile", "编译")))
    parts.append(_box(10, 102, 160, 44, [t("Bundles per site", "按场所分组"), t("site + its cameras + events", "场所及其摄像机、事件")], "lnv-d-box"))
    parts.append(_box(190, 102, 160, 44, [t("Compiled rules", "编译后的规则"), t("checked IR, one per rule", "已检查的中间表示")], "lnv-d-box"))
    parts.append(_arrow(90, 146, 150, 178))
    parts.append(_arrow(270, 146, 210, 178))
    parts.append(_box(10, 180, 340, 70, [t("Engine, as of a day", "引擎（按评判日）")], "lnv-d-eng"))
    for i, (name, note) in enumerate(
        [("python", t("per record", "逐条")), ("duckdb", t("one machine, bulk", "单机批量")), ("spark", t("cluster", "集群"))]
    ):
        parts.append(_box(22 + i * 110, 206, 96, 36, [name, note], "lnv-d-out"))
    parts.append(_arrow(180, 250, 180, 280, t("identical findings", "结论完全一致")))
    parts.append(_box(60, 282, 240, 44, [t("Findings", "结论"), t("rule × subject → status, due, why", "规则×对象 → 结论、期限、理由")], "lnv-d-box"))
    parts.append(_arrow(180, 326, 180, 350))
    for i, fmt in enumerate(["text", "json", "sarif", "junit", "csv"]):
        parts.append(_box(10 + i * 69, 352, 62, 28, [fmt], "lnv-d-out"))
    title = t(
        "The pipeline: records and compiled rules go into an engine, which gives findings, written in five formats",
        "流程：记录与编译后的规则进入引擎，得出结论，以五种格式输出",
    )
    return _svg(390, "".join(parts), title, lang)


def _statuses(lang: str) -> str:
    zh = lang == "zh"
    t = (lambda en, cn: cn if zh else en)  # noqa: E731
    questions = [
        (t("In scope?", "属于适用范围？"), t("LN-3: Liaoning county code, not national security", "LN-3：辽宁行政区划代码、非国家安全系统"), t("no", "否"), "lnv-d-na", t("not applicable", "不适用"), t("(unknown without county_code)", "（无 county_code 时为未知）")),
        (t("Does the rule apply?", "规则是否适用？"), t("in force, has a system, `applies when` holds", "已施行、有系统、满足适用条件"), t("no", "否"), "lnv-d-na", t("not applicable", "不适用"), t("with the reason", "附理由")),
        (t("Are the facts known?", "事实是否已知？"), t("every field the rule needs is in the record", "规则所需字段均有记载"), t("no", "否"), "lnv-d-unk", t("unknown", "未知"), t("names the missing field", "指明缺失字段")),
        (t("Requirement met?", "要求是否满足？"), t("the event in time, the value allowed", "事件按期发生、数值符合"), t("yes", "是"), "lnv-d-sat", t("satisfied", "符合"), t("with the day it was done", "附履行日期")),
        (t("Deadline still ahead?", "期限尚未届满？"), t("as of ≤ due", "评判日 ≤ 期限"), t("yes", "是"), "lnv-d-pen", t("pending", "待定"), t("with the due date", "附期限")),
    ]
    parts = []
    y = 10
    for i, (q, note, answer, cls, status, status_note) in enumerate(questions):
        parts.append(_box(10, y, 200, 46, [q, note if len(note) < 34 else note[:33] + "…"], "lnv-d-q"))
        parts.append(_arrow(210, y + 23, 246, y + 23, answer))
        parts.append(_box(248, y + 5, 104, 36, [status, status_note if len(status_note) < 20 else ""], cls))
        if i < len(questions) - 1:
            parts.append(_arrow(110, y + 46, 110, y + 72, t("yes", "是") if answer == t("no", "否") else t("no", "否")))
        y += 74
    y -= 28
    parts.append(_arrow(110, y, 110, y + 26, t("no", "否")))
    parts.append(_box(10, y + 28, 200, 36, [t("violated", "违反"), t("with the due date and why", "附期限与理由")], "lnv-d-vio"))
    title = t(
        "How a finding's status is decided: five questions in order",
        "结论如何得出：依次回答五个问题",
    )
    return _svg(y + 74, "".join(parts), title, lang)


DIAGRAMS = {"pipeline": _pipeline, "statuses": _statuses}


def diagram_svg(name: str, lang: str = "en") -> str:
    """The SVG text of diagram `name` in `lang`.

    Example:
        >>> diagram_svg("pipeline").startswith("<svg")
        True
        >>> "违反" in diagram_svg("statuses", "zh")
        True
    """
    return DIAGRAMS[name]("zh" if lang == "zh" else "en")
