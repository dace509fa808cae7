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
    provisions = _provisions(rs)
    listed = {row["rule"] for row in rows}
    for pack in sorted(set(order) | set(provisions), key=lambda name: order.get(name, 99)):
        for title, reason, rule_ids in provisions.get(pack, []):
            base = {"instrument": instrument_name(rs, pack, lang), "pack": pack,
                    "article": None, "title": pick(title, lang)}  # fmt: skip
            mine = [rid for rid in rule_ids if rid in rules]
            if not mine:
                rows.append(
                    {**base, "cites": "", "rule": None, "rule_title": "", "expectations": 0,
                     "not_checkable": pick(reason, lang)}
                )  # fmt: skip
            for rid in mine:
                r = rules[rid]
                listed.add(rid)
                rows.append(
                    {**base, "cites": citation_text(r, rs, lang), "rule": rid,
                     "rule_title": pick(r.titles, lang), "expectations": counts.get(rid, 0),
                     "not_checkable": pick(reason, lang)}
                )  # fmt: skip
    for r in rs.all_rules():  # a rule in no article entry and no provision found
        if r.id in listed:
            continue
        rows.append(
            {"instrument": instrument_name(rs, r.pack, lang), "pack": r.pack, "article": None,
             "title": pick(r.titles, lang), "cites": citation_text(r, rs, lang), "rule": r.id,
             "rule_title": pick(r.titles, lang), "expectations": counts.get(r.id, 0),
             "not_checkable": ""}
        )  # fmt: skip
    rows.sort(key=lambda row: order.get(row["pack"], 99))  # stable: each pack's rows together
    return rows


def _provisions(
    rs: Any,
) -> dict[str, list[tuple[dict[str, str], dict[str, str], tuple[str, ...]]]]:
    """Pack -> its unnumbered provisions in source order: (title, reason, rule ids).

    The checked ruleset keeps numbered articles only; the provisions (and their
    reasons, for those without rules) are read again from the packs' sources.
    """
    from lnvideo.packs import pack_items
    from lnvideo.syntax import ast

    out: dict[str, list[tuple[dict[str, str], dict[str, str], tuple[str, ...]]]] = {}
    for pack, item in pack_items(rs, ast.Provision):
        out.setdefault(pack, []).append(
            (
                dict(item.title.items) if item.title else {},
                dict(item.not_checkable.items) if item.not_checkable else {},
                tuple(r.id for r in item.rules),
            )
        )
    return out


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
    from lnvideo.report.text import choose_width

    width = choose_width(sys.stdout)
    if width < STACK_BELOW:
        sys.stdout.write(stacked(ruleset, rows, lang, width))
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
    console = Console(width=width)
    console.print(table)
    for line in _source_ends(ruleset, lang):
        console.print(line)
    return 0


#: Below this width the five columns would be squeezed: one block per article instead.
STACK_BELOW = 120


def _source_ends(ruleset: Any, lang: str) -> list[str]:
    from lnvideo.cli._legal import instrument_name, word

    return [
        word("source_ends", lang, name=instrument_name(ruleset.ir, p.name, lang), n=p.source_ends)
        for p in ruleset.ir.packs
        if p.source_ends
    ]


def stacked(ruleset: Any, rows: list[dict[str, Any]], lang: str, width: int) -> str:
    """The coverage table for a narrow terminal: per instrument, per article, its rules.

    Each instrument is a heading (its title and designation), each article a line,
    each rule a line with its citation and how many examples expect it, and the
    reason an article (or part of it) is not checkable under it; nothing is cut.
    """
    from lnvideo.cli._legal import pick, word
    from lnvideo.report.text import hanging
    from lnvideo.sphinxext.text import article_name

    def put(text: str, indent: int, more: int = 0) -> None:
        out.extend(hanging(text, width, indent, more))

    titles = {p.name: pick(p.titles, lang) for p in ruleset.ir.packs}
    colon = "：" if lang == "zh" else ": "
    out: list[str] = []
    put(f"{word('coverage', lang)} — {ruleset.label}", 0)
    last_pack: str | None = None
    last_article: tuple[Any, ...] = ()
    for r in rows:
        if r["pack"] != last_pack:
            last_pack, last_article = r["pack"], ()
            out.append("")
            title = titles.get(r["pack"]) or r["instrument"]
            put(title, 0)
            if r["instrument"].strip("《》") != title:
                put(f"{r['instrument']} · {word('pack', lang)} {r['pack']}", 0)
            else:
                put(f"{word('pack', lang)} {r['pack']}", 0)
        key = (r["article"], r["title"])
        if key != last_article:
            last_article = key
            head = article_name(r["article"], lang) if r["article"] is not None else ""
            put(f"{head} {r['title']}".strip() or "—", 2, 2)
            if r["not_checkable"]:
                put(f"{word('col_why', lang)}{colon}{r['not_checkable']}", 4, 2)
        if r["rule"]:
            put(f"{r['rule']} {r['rule_title']}".strip(), 4, 2)
            facts = [r["cites"]] if r["cites"] else []
            facts.append(f"{word('col_examples', lang)}{colon}{r['expectations']}")
            put(" · ".join(facts), 6, 2)
        elif not r["not_checkable"]:
            put("—", 4)
    for line in _source_ends(ruleset, lang):
        out.append("")
        put(line, 0)
    return "\n".join(out) + "\n"
