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
    from rich.console import Console
    from rich.table import Table

    head = _HEAD[args.lang]
    table = Table(title="lnvideo packs" if args.lang == "en" else "内置规则包")
    for i, name in enumerate(head):
        table.add_column(name, justify="right" if i == len(head) - 1 else "left", overflow="fold")
    for r in rows:
        table.add_row(
            r["name"],
            r["title"],
            r["level_name"],
            r["in_force"],
            r["area_text"],
            str(r["rules"]),
        )
    console = Console(width=None if sys.stdout.isatty() else 140)
    console.print(table)
    hint = (
        "用 --rules 名称 选用；--rules 名称 在办法之外增加该文件的规则。"
        if args.lang == "zh"
        else "Pick one with --rules NAME; each NAME adds its instrument's rules to the Measures."
    )
    console.print(hint)
    return 0
