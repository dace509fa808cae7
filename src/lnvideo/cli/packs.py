"""`lnvideo packs`: the bundled rule packs, with the instrument each encodes.

One row per pack: its name (what `--rules NAME` takes), the instrument's title, its
level in the hierarchy of law, the dates it is in force, the area it covers and how
many rules it has. `--format json` gives the same as data.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from lnvideo.packs import BundledPack, bundled_packs

_HEAD = {
    "en": ("Pack", "Instrument", "Level", "In force", "Area", "Rules"),
    "zh": ("规则包", "文件", "效力层级", "施行期间", "地域", "规则数"),
}


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument("--format", choices=("text", "json"), default="text")


def _dates(pack: BundledPack, lang: str) -> str:
    ins = pack.instrument
    start = ins.effective.isoformat() if ins.effective else "?"
    if ins.ceased is None:
        return f"{start} 起" if lang == "zh" else f"from {start}"
    return f"{start} – {ins.ceased.isoformat()}"


def pack_rows(lang: str = "en") -> list[dict[str, Any]]:
    """The rows `lnvideo packs` prints, as data."""
    rows = []
    for pack in bundled_packs():
        ins = pack.instrument
        rows.append(
            {
                "name": pack.name,
                "version": pack.version,
                "title": ins.title_in(lang),
                "instrument": ins.designation,
                "level": ins.level,
                "level_name": ins.level_in(lang),
                "effective": ins.effective.isoformat() if ins.effective else None,
                "ceased": ins.ceased.isoformat() if ins.ceased else None,
                "area": list(ins.area),
                "rules": pack.rule_count,
                "in_force": _dates(pack, lang),
                "area_text": ins.area_text(lang),
            }
        )
    return rows


def run(args: argparse.Namespace) -> int:
    rows = pack_rows(args.lang)
    if args.format == "json":
        keep = ("name", "version", "title", "instrument", "level", "effective", "ceased", "area")
        data = [{k: r[k] for k in keep} | {"rules": r["rules"]} for r in rows]
        json.dump({"packs": data}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    from lnvideo.report.text import choose_width, hanging

    width = choose_width(sys.stdout)
    hint = (
        "用 --rules 名称 选用；--rules 名称 在办法之外增加该文件的规则。"
        if args.lang == "zh"
        else "Pick one with --rules NAME; each NAME adds its instrument's rules to the Measures."
    )
    if width < STACK_BELOW:
        sys.stdout.write(stacked(rows, args.lang, width) + "\n")
        sys.stdout.write("\n")
        for line in hanging(hint, width):
            sys.stdout.write(line + "\n")
        return 0
    from rich.console import Console
    from rich.table import Table

    head = _HEAD[args.lang]
    table = Table(title="lnvideo packs" if args.lang == "en" else "内置规则包")
    for i, name in enumerate(head):
        table.add_column(
            name,
            justify="right" if i == len(head) - 1 else "left",
            overflow="fold",
            no_wrap=i != 1,  # only the title wraps: the short facts stay whole
        )
    for r in rows:
        table.add_row(
            r["name"],
            r["title"],
            r["level_name"],
            r["in_force"],
            r["area_text"],
            str(r["rules"]),
        )
    console = Console(width=width)
    console.print(table)
    console.print(hint)
    return 0


#: Below this width the table would squeeze its columns: one block per pack instead.
STACK_BELOW = 120


def stacked(rows: list[dict[str, Any]], lang: str, width: int) -> str:
    """The packs as blocks, for narrow terminals: name and rule count, title, then facts.

    Example:
        >>> print(stacked([{"name": "p", "rules": 1, "title": "T", "level_name": "city",
        ...     "in_force": "from 2026-01-01", "area_text": "2102…"}], "en", 80))
        lnvideo packs
        <BLANKLINE>
        p · 1 rule
          T
          Level: city
          In force: from 2026-01-01
          Area: 2102…
    """
    from lnvideo.report.text import hanging

    head = _HEAD[lang]
    out = ["lnvideo packs" if lang == "en" else "内置规则包"]
    for r in rows:
        n = r["rules"]
        count = f"{n} 条规则" if lang == "zh" else f"{n} rule{'' if n == 1 else 's'}"
        sep = "：" if lang == "zh" else ": "
        facts = [
            f"{label}{sep}{value}"
            for label, value in zip(
                head[2:5], (r["level_name"], r["in_force"], r["area_text"]), strict=True
            )
        ]
        out += ["", f"{r['name']} · {count}"]
        out += hanging(r["title"], width, 2)
        for fact in facts:  # one a line, so none is broken inside
            out += hanging(fact, width, 2)
    return "\n".join(out)
