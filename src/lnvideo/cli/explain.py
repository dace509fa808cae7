"""`lnvideo explain RULE_ID`: the rule, its article, its interpretations and examples.

Input: a rule id and the rule packs. Output: the rule's text on stdout; exit 0,
or 2 for an unknown rule id (with the near id) or unusable rules. With
`--subject ID INPUT...`, one finding of the rule explained instead
(`explain_finding`).
"""

from __future__ import annotations

import argparse
import sys

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
                    hint=did_you_mean(args.rule_id, ids)
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
    lang = args.lang
    out = sys.stdout
    title = rule.titles.get(lang) or rule.titles.get("en") or ""
    out.write(f"{rule.id} — {title}\n")
    art = next((a for a in rs.articles if str(a.number) == rule.article), None)
    art_title = (art.titles.get(lang) or art.titles.get("en")) if art else ""
    out.write(f"Article {rule.article} ({art_title}); cites {rule.citation}\n")
    out.write(
        f"{rule.modality} on {rule.subject_kind}"
        f"{' ' + rule.event_type if rule.event_type else ''} · severity {rule.severity} · "
        f"pack {rule.pack}\n"
    )
    if rule.id in rs.overrides:
        names = ", ".join(f"{o.id} ({o.pack})" for o in rs.overrides[rule.id])
        out.write(f"overridden where they apply by: {names}\n")
    out.write("\n" + rule.source_text + "\n")
    if rule.interprets:
        out.write("\nInterpretations it relies on:\n")
        for name in rule.interprets:
            text = rs.interpretations.get(name, {})
            out.write(f"  {name}: {text.get(lang) or text.get('en', '')}\n")
    examples = [ex for ex in rs.examples if any(e.rule == rule.id for e in ex.expects)]
    if examples:
        out.write("\nExamples:\n")
        for ex in examples:
            out.write(f"  “{ex.name}” (as of {ex.as_of})\n")
            for e in ex.expects:
                if e.rule == rule.id:
                    due = f", due {e.due}" if e.due else ""
                    out.write(f"    {e.subject_kind} {e.subject_id}: {e.status}{due}\n")
    return 0
