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


Words = tuple[str, str]  # (English, Chinese)

#: The pipeline: boxes (x, y, width, height, lines, class) and arrows (x1, y1, x2, y2, label).
_PIPELINE_BOXES: list[tuple[int, int, int, int, list[Words], str]] = [
    (
        10,
        10,
        160,
        58,
        [
            ("Records", "记录"),
            ("sites, cameras, events", "场所、摄像机、事件"),
            ("JSONL / Parquet", "JSONL / Parquet"),
        ],
        "lnv-d-box",
    ),
    (
        190,
        10,
        160,
        58,
        [
            ("Rule packs", "规则包"),
            (".lnv files", ".lnv 规则文件"),
            ("parse → check", "解析 → 检查"),
        ],
        "lnv-d-box",
    ),
    (
        10,
        102,
        160,
        44,
        [
            ("Bundles per site", "按场所分组"),
            ("site + its cameras + events", "场所及其摄像机、事件"),
        ],
        "lnv-d-box",
    ),
    (
        190,
        102,
        160,
        44,
        [("Compiled rules", "编译后的规则"), ("checked IR, one per rule", "已检查的中间表示")],
        "lnv-d-box",
    ),
    (10, 180, 340, 70, [("Engine, as of a day", "引擎（按评判日）")], "lnv-d-eng"),
    (22, 206, 96, 36, [("python", "python"), ("per record", "逐条")], "lnv-d-out"),
    (132, 206, 96, 36, [("duckdb", "duckdb"), ("one machine, bulk", "单机批量")], "lnv-d-out"),
    (242, 206, 96, 36, [("spark", "spark"), ("cluster", "集群")], "lnv-d-out"),
    (
        60,
        282,
        240,
        44,
        [
            ("Findings", "结论"),
            ("rule × subject → status, due, why", "规则×对象 → 结论、期限、理由"),
        ],
        "lnv-d-box",
    ),
] + [
    (10 + i * 69, 352, 62, 28, [(f, f)], "lnv-d-out")
    for i, f in enumerate(["text", "json", "sarif", "junit", "csv"])
]
_PIPELINE_ARROWS: list[tuple[float, float, float, float, Words]] = [
    (90, 68, 90, 100, ("read, located errors", "读取，定位错误")),
    (270, 68, 270, 100, ("compile", "编译")),
    (90, 146, 150, 178, ("", "")),
    (270, 146, 210, 178, ("", "")),
    (180, 250, 180, 280, ("identical findings", "结论完全一致")),
    (180, 326, 180, 350, ("", "")),
]

#: The decision: (question, note, answer that stops, class, status, status note), in order.
_QUESTIONS: list[tuple[Words, Words, Words, str, Words, Words]] = [
    (
        ("In scope?", "属于适用范围？"),
        ("LN-3: Liaoning, not national security", "LN-3：辽宁、非国家安全系统"),
        ("no", "否"),
        "lnv-d-na",
        ("not applicable", "不适用"),
        ("unknown: no county", "无代码：未知"),
    ),
    (
        ("Does the rule apply?", "规则是否适用？"),
        ("in force, a system, applies when", "已施行、有系统、满足条件"),
        ("no", "否"),
        "lnv-d-na",
        ("not applicable", "不适用"),
        ("with the reason", "附理由"),
    ),
    (
        ("Are the facts known?", "事实是否已知？"),
        ("every field it needs is there", "所需字段均有记载"),
        ("no", "否"),
        "lnv-d-unk",
        ("unknown", "未知"),
        ("names the field", "指明缺失字段"),
    ),
    (
        ("Requirement met?", "要求是否满足？"),
        ("in time, value allowed", "按期、数值符合"),
        ("yes", "是"),
        "lnv-d-sat",
        ("satisfied", "符合"),
        ("day it was done", "附履行日期"),
    ),
    (
        ("Deadline still ahead?", "期限尚未届满？"),
        ("as of ≤ due", "评判日 ≤ 期限"),
        ("yes", "是"),
        "lnv-d-pen",
        ("pending", "待定"),
        ("with the due date", "附期限"),
    ),
]


def _pick(words: Words, lang: str) -> str:
    return words[1] if lang == "zh" else words[0]


def _pipeline(lang: str) -> str:
    parts = [
        _box(x, y, w, h, [_pick(t, lang) for t in lines], cls)
        for x, y, w, h, lines, cls in _PIPELINE_BOXES
    ]
    parts += [_arrow(x1, y1, x2, y2, _pick(t, lang)) for x1, y1, x2, y2, t in _PIPELINE_ARROWS]
    title = _pick(
        (
            "The pipeline: records and compiled rules go into an engine, which gives findings, "
            "written in five formats",
            "流程：记录与编译后的规则进入引擎，得出结论，以五种格式输出",
        ),
        lang,
    )
    return _svg(390, "".join(parts), title, lang)


def _statuses(lang: str) -> str:
    parts = []
    y = 10.0
    for i, (q, note, answer, cls, status, status_note) in enumerate(_QUESTIONS):
        parts.append(_box(10, y, 200, 46, [_pick(q, lang), _pick(note, lang)], "lnv-d-q"))
        parts.append(_arrow(210, y + 23, 246, y + 23, _pick(answer, lang)))
        parts.append(
            _box(248, y + 5, 104, 36, [_pick(status, lang), _pick(status_note, lang)], cls)
        )
        if i < len(_QUESTIONS) - 1:
            go_on = ("yes", "是") if answer[0] == "no" else ("no", "否")
            parts.append(_arrow(110, y + 46, 110, y + 72, _pick(go_on, lang)))
        y += 74
    y -= 28
    parts.append(_arrow(110, y, 110, y + 26, _pick(("no", "否"), lang)))
    last = [
        _pick(("violated", "违反"), lang),
        _pick(("with the due date and why", "附期限与理由"), lang),
    ]
    parts.append(_box(10, y + 28, 200, 36, last, "lnv-d-vio"))
    title = _pick(
        (
            "How a finding's status is decided: five questions in order",
            "结论如何得出：依次回答五个问题",
        ),
        lang,
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
