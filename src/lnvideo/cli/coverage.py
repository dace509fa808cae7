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


def article_rows(ruleset: Any, lang: str) -> list[dict[str, Any]]:
    """One row per article entry (JSON `articles`): its rules, or why it has none."""
    from lnvideo.cli._legal import article_title, instrument_name, pick

    rs = ruleset.ir
    counts: dict[str, int] = {}
    for ex in rs.examples:
        for e in ex.expects:
            counts[e.rule] = counts.get(e.rule, 0) + 1
    return [
        {
            "article": a.number,
            "pack": a.pack,
            "instrument": instrument_name(rs, a.pack, lang),
            "title": article_title(rs, a.pack, a.number, lang),
            "rules": list(a.rule_ids),
            "expectations": sum(counts.get(r, 0) for r in a.rule_ids),
            "not_checkable": pick(a.not_checkable, lang),
        }
        for a in rs.articles
    ]


def coverage_rows(ruleset: Any, lang: str) -> list[dict[str, Any]]:
    """One row per (instrument, article part, rule); an article without rules: one row.

    Overlays are merged under their own instrument; an article heading without a
    title takes the title of the article it adds to (never blank); rules of an
    unnumbered provision come after the numbered articles, with their titles.
    """
    from lnvideo.cli._legal import article_title, citation_text, instrument_name, pick

    rs = ruleset.ir
    counts: dict[str, int] = {}
    for ex in rs.examples:
        for e in ex.expects:
            counts[e.rule] = counts.get(e.rule, 0) + 1
    rules = {r.id: r for r in rs.all_rules()}
    rows: list[dict[str, Any]] = []
    order = {p.name: i for i, p in enumerate(rs.packs)}
    for a in sorted(rs.articles, key=lambda a: (order.get(a.pack, 99), a.number)):
        base = {
            "instrument": instrument_name(rs, a.pack, lang),
            "pack": a.pack,
            "article": a.number,
            "title": article_title(rs, a.pack, a.number, lang),
        }
        if not a.rule_ids:
            rows.append(
                {**base, "cites": "", "rule": None, "rule_title": "", "expectations": 0,
                 "not_checkable": pick(a.not_checkable, lang)}
            )  # fmt: skip
        for rid in a.rule_ids:
            r = rules[rid]
            rows.append(
                {**base, "cites": citation_text(r, rs, lang), "rule": rid,
                 "rule_title": pick(r.titles, lang), "expectations": counts.get(rid, 0),
                 "not_checkable": pick(a.not_checkable, lang)}
            )  # fmt: skip
    listed = {row["rule"] for row in rows}
    for r in rs.all_rules():  # unnumbered provisions (no article entry)
        if r.id in listed:
            continue
        rows.append(
            {"instrument": instrument_name(rs, r.pack, lang), "pack": r.pack, "article": None,
             "title": pick(r.titles, lang), "cites": citation_text(r, rs, lang), "rule": r.id,
             "rule_title": pick(r.titles, lang), "expectations": counts.get(r.id, 0),
             "not_checkable": ""}
        )  # fmt: skip
    return rows


def run(args: argparse.Namespace) -> int:
    from lnvideo.cli._legal import word
    from lnvideo.sphinxext.text import article_name

    ruleset = load_ruleset(args.rules)
    lang = args.lang
    rows = coverage_rows(ruleset, lang)
    if args.format == "json":
        data = {"rules": ruleset.label, "articles": article_rows(ruleset, lang), "rows": rows}
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{word('coverage', lang)} — {ruleset.label}", show_lines=False)
    table.add_column(word("col_instrument", lang), overflow="fold")
    table.add_column(word("col_article", lang), overflow="fold")
    table.add_column(word("col_rule", lang))
    table.add_column(word("col_examples", lang), justify="right")
    table.add_column(word("col_why", lang), overflow="fold")
    last: tuple[Any, ...] = ()
    for r in rows:
        head = article_name(r["article"], lang) if r["article"] is not None else ""
        art = f"{head} {r['title']}".strip()
        if r["cites"] and r["rule"]:
            art += f"\n{r['cites']}"
        same = (r["instrument"], r["article"], r["title"]) == last
        last = (r["instrument"], r["article"], r["title"])
        table.add_row(
            "" if same else r["instrument"],
            (r["cites"] if same else art),
            f"{r['rule']} {r['rule_title']}" if r["rule"] else "—",
            str(r["expectations"]),
            "" if same else r["not_checkable"],
        )
    console = Console(width=None if sys.stdout.isatty() else 140)
    console.print(table)
    from lnvideo.cli._legal import instrument_name

    for p in ruleset.ir.packs:
        if p.source_ends:
            name = instrument_name(ruleset.ir, p.name, lang)
            console.print(word("source_ends", lang, name=name, n=p.source_ends))
    return 0
