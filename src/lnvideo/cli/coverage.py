"""`lnvideo coverage`: the article table — each article's rules, or why it has none.

Input: the rule packs (bundled, plus --rules). Output: the coverage table of the
checked ruleset as text or JSON on stdout; exit 0, or 2 if the rules cannot be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from lnvideo.cli._common import load_ruleset


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", metavar="PATH")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument("--format", choices=("text", "json"), default="text")


def coverage_rows(ruleset: Any, lang: str) -> list[dict[str, Any]]:
    rs = ruleset.ir
    counts: dict[str, int] = {}
    for ex in rs.examples:
        for e in ex.expects:
            counts[e.rule] = counts.get(e.rule, 0) + 1
    rows = []
    for a in rs.articles:
        rows.append(
            {
                "article": a.number,
                "pack": a.pack,
                "title": a.titles.get(lang) or a.titles.get("en", ""),
                "rules": list(a.rule_ids),
                "expectations": sum(counts.get(r, 0) for r in a.rule_ids),
                "not_checkable": a.not_checkable.get(lang) or a.not_checkable.get("en", ""),
            }
        )
    return rows


def run(args: argparse.Namespace) -> int:
    ruleset = load_ruleset(args.rules)
    rows = coverage_rows(ruleset, args.lang)
    if args.format == "json":
        json.dump(
            {"rules": ruleset.label, "articles": rows}, sys.stdout, ensure_ascii=False, indent=2
        )
        sys.stdout.write("\n")
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Coverage — {ruleset.label}", show_lines=False)
    table.add_column("Art.", justify="right")
    table.add_column("Title")
    table.add_column("Rules")
    table.add_column("Examples", justify="right")
    table.add_column("Why not checkable", overflow="fold")
    for r in rows:
        table.add_row(
            str(r["article"]),
            r["title"],
            ", ".join(r["rules"]) or "—",
            str(r["expectations"]),
            r["not_checkable"],
        )
    console = Console(width=None if sys.stdout.isatty() else 140)
    console.print(table)
    packs = ruleset.ir.packs
    ends = next((p.source_ends for p in packs if p.source_ends), None)
    if ends:
        console.print(f"The source text ends at Article {ends}.")
    return 0
