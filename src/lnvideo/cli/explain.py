"""`lnvideo explain RULE_ID`: the rule, its article, its interpretations and examples.

Input: a rule id and the rule packs. Output: the rule's text on stdout; exit 0,
or 2 for an unknown rule id (with the near id) or unusable rules. With
`--subject ID INPUT...`, one finding of the rule explained instead
(`explain_finding`).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lnvideo.cli._common import load_ruleset
from lnvideo.diagnostics import Diagnostic, LnvideoError, did_you_mean


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("rule_id", metavar="RULE_ID")
    p.add_argument("--rules", action="append", metavar="PATH")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument(
        "--subject",
        metavar="ID",
        help="explain the rule's finding for this site, camera or event id of INPUT",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="records, with --subject")
    p.add_argument("--as-of", metavar="DATE", help="with --subject: judge as of this day")


def run(args: argparse.Namespace) -> int:
    ruleset = load_ruleset(args.rules)
    rs = ruleset.ir
    rule = rs.rule(args.rule_id)
    if rule is None:
        ids = [r.id for r in rs.all_rules()]
        raise LnvideoError(
            [
                Diagnostic(
                    "LNV401",
                    f"no rule `{args.rule_id}`",
                    hint=_pack_of(args.rule_id)
                    or did_you_mean(args.rule_id, ids)
                    or "see `lnvideo coverage` for every rule id",
                )
            ]
        )
    if args.subject is not None or args.inputs:
        from lnvideo.cli import explain_finding

        if args.subject is None or not args.inputs:
            msg = "--subject ID and INPUT go together: name the subject and its records"
            raise LnvideoError([Diagnostic("LNV401", msg)])
        return explain_finding.run(args, ruleset, rule.id)
    from lnvideo.report.safe import Writer  # rule text is shown, never obeyed

    write_explanation(rs, rule, args.lang, Writer(sys.stdout))
    return 0


def _pack_of(rule_id: str) -> str | None:
    """A hint naming the bundled pack that has `rule_id`, when one has it."""
    from lnvideo.packs import bundled_packs

    for pack in bundled_packs():
        if rule_id in pack.rule_ids:
            return (
                f"{rule_id} is a rule of the bundled pack `{pack.name}`: add `--rules {pack.name}`"
            )
    return None


def _instrument_facts(rs: Any, rule: Any, lang: str, colon: str) -> list[str]:
    """Instrument name, then its level, dates in force and area when the pack declares them."""
    from lnvideo.cli._legal import instrument_name, word
    from lnvideo.packs import LEVEL_NAMES
    from lnvideo.semantics.texts import zh_date

    info = next((p for p in rs.packs if p.name == rule.pack), None)
    inst = info.instrument_info if info is not None else None
    name = instrument_name(rs, rule.pack, lang)
    title = (info.titles.get(lang) or "") if info is not None else ""
    if title and title not in name:  # "the Special Trades Measures (provincial rules)"
        name = f"{title} ({name})"
    facts = [f"{word('instrument', lang)}{colon}{name}"]
    if inst is not None:
        if inst.level:
            facts.append(
                f"{word('level', lang)}{colon}{LEVEL_NAMES[lang].get(inst.level, inst.level)}"
            )
        show = (lambda d: zh_date(d)) if lang == "zh" else (lambda d: d.isoformat())
        if inst.effective:
            facts.append(word("in_force", lang, date=show(inst.effective)))
        if inst.ceased:
            facts.append(word("ceased", lang, date=show(inst.ceased)))
        area = ("、" if lang == "zh" else ", ").join(f"{p}…" for p in inst.area)
        facts.append(f"{word('area', lang)}{colon}{area or word('whole', lang)}")
    return facts


def _write_relations(rs: Any, rule: Any, lang: str, colon: str, out: Any) -> None:
    """The rules overriding or displacing `rule`, and the one it displaces."""
    from lnvideo.cli._legal import ground_name, instrument_name, word

    if rule.id in rs.overrides:
        names = ", ".join(f"{o.id} ({o.pack})" for o in rs.overrides[rule.id])
        out.write(f"{word('overridden', lang)}{colon}{names}\n")
    if rule.id in rs.displaced_by:
        names = ", ".join(
            f"{w.id} ({instrument_name(rs, w.pack, lang)}, {ground_name(w.displaces[1], lang)})"
            for w in rs.displaced_by[rule.id]
        )
        out.write(f"{word('displaced_by', lang)}{colon}{names}\n")
    if rule.displaces:
        target, ground = rule.displaces
        out.write(word("displaces", lang, rule=target, ground=ground_name(ground, lang)) + "\n")


def write_explanation(rs: Any, rule: Any, lang: str, out: Any) -> None:
    """The rule for legal staff: instrument, article, relations, text, interpretations, examples."""
    from lnvideo.cli._legal import (
        KINDS,
        MODALITIES,
        SEVERITIES,
        article_title,
        citation_text,
        pick,
        word,
    )
    from lnvideo.report.text import choose_width, hanging
    from lnvideo.sphinxext.text import article_name

    width = choose_width(out)

    def wrapped(text: str, indent: int = 0) -> str:
        return "".join(line + "\n" for line in hanging(text, width, indent, 2))

    sep = "；" if lang == "zh" else "; "
    colon = "：" if lang == "zh" else ": "
    out.write(f"{rule.id} — {pick(rule.titles, lang)}\n")
    out.write(wrapped(sep.join(_instrument_facts(rs, rule, lang, colon))))
    if rule.article:
        title = article_title(rs, rule.pack, int(rule.article), lang)
        head = article_name(int(rule.article), lang)
        out.write(
            f"{head}{'（' + title + '）' if lang == 'zh' else ' (' + title + ')'}"
            if title
            else head
        )
        out.write(f"{sep}{word('cites', lang)} {citation_text(rule, rs, lang)}\n")
    else:
        out.write(f"{word('cites', lang)} {citation_text(rule, rs, lang)}\n")
    kind = KINDS[lang].get(rule.subject_kind, rule.subject_kind)
    types = " / ".join(rule.event_types) if rule.event_types else ""
    out.write(
        f"{MODALITIES[lang].get(rule.modality, rule.modality)} · {word('on', lang)} {kind}"
        f"{' ' + types if types else ''} · {word('severity', lang)} "
        f"{SEVERITIES[lang].get(rule.severity, rule.severity)} · {word('pack', lang)} {rule.pack}\n"
    )
    _write_relations(rs, rule, lang, colon, out)
    out.write("\n" + rule.source_text + "\n")
    if rule.interprets:
        out.write("\n" + word("interpretations", lang) + "\n")
        for name in rule.interprets:
            out.write(wrapped(f"{name}: {pick(rs.interpretations.get(name, {}), lang)}", 2))
    examples = [ex for ex in rs.examples if any(e.rule == rule.id for e in ex.expects)]
    if examples:
        from lnvideo.semantics.texts import STATUS_NAMES

        out.write("\n" + word("examples", lang) + "\n")
        for ex in examples:
            out.write(f"  “{ex.name}” ({word('as_of', lang)} {ex.as_of})\n")
            for e in ex.expects:
                if e.rule == rule.id:
                    due = f", {word('due', lang)} {e.due}" if e.due else ""
                    status = STATUS_NAMES.get(lang, STATUS_NAMES["en"]).get(e.status, e.status)
                    subj = KINDS[lang].get(e.subject_kind, e.subject_kind)
                    out.write(f"    {subj} {e.subject_id}: {status}{due}\n")
