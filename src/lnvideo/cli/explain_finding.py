"""`lnvideo explain RULE_ID --subject ID INPUT...`: why one finding came out as it did.

Input: a rule id, a subject id (a site, camera or event id) and the records.
Output: the finding's status, due date and message, then every clause of the rule
with its outcome, the record values it read, and the reasons in words; exit 0 (1
when the finding is a violation), or 2 when the subject has no finding under that
rule (with the near ids).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from lnvideo.diagnostics import Diagnostic, LnvideoError, did_you_mean
from lnvideo.findings import Finding, Status
from lnvideo.report.labels import status_label
from lnvideo.report.safe import line as safe_line
from lnvideo.semantics import show

_LABELS = {
    "en": ("Status", "due", "done on", "Clauses", "Facts", "Reasons", "Message"),
    "zh": ("结论", "期限", "履行于", "规则条件", "事实", "理由", "说明"),
}


def run(args: argparse.Namespace, ruleset: Any, rule_id: str) -> int:
    """Check `args.inputs` with the python engine and explain one finding of `rule_id`."""
    from lnvideo import api
    from lnvideo.cli._common import parse_day

    result = api.run(
        ruleset,
        args.inputs,
        as_of=parse_day(args.as_of, "--as-of"),
        engine="python",
        lang=args.lang,
        explain=True,
    )
    mine = [f for f in result.findings if f.rule == rule_id]
    chosen = [f for f in mine if f.subject.id == args.subject]
    if not chosen:
        ids = sorted({str(f.subject.id) for f in mine})
        hint = did_you_mean(args.subject, ids) or (
            f"{rule_id} has findings for: {', '.join(ids[:8])}{' …' if len(ids) > 8 else ''}"
            if ids
            else f"no subject of the input is judged by {rule_id}"
        )
        msg = f"no finding of {rule_id} for subject `{args.subject}`"
        raise LnvideoError([Diagnostic("LNV401", msg, hint=hint)])
    for f in chosen:
        write_finding(f, args.lang, sys.stdout)
    return 1 if any(f.status is Status.VIOLATED for f in chosen) else 0


def write_finding(f: Finding, lang: str, out: TextIO) -> None:
    """One finding with its whole explanation, in `lang`."""
    from lnvideo.report.text import choose_width, subject_text, wrap

    status, due, done, clauses, facts, reasons, message = _LABELS.get(lang, _LABELS["en"])
    width = choose_width(out)
    colon = "：" if lang == "zh" else ": "
    subject = subject_text(f.subject, lang)
    head = f"{f.rule}  {subject}  {status}{colon}{status_label(f.status, lang)}"
    if f.due:
        head += f" · {due} {f.due.isoformat()}"
    if f.fulfilled_on:
        head += f" · {done} {f.fulfilled_on.isoformat()}"
    out.write(safe_line(head) + "\n")
    for i, text in enumerate(wrap(f"{message}{colon}{safe_line(f.message)}", width)):
        out.write(("  " if i else "") + text + "\n")
    ex = f.explanation
    if ex.clauses:
        out.write(f"{clauses}{colon.strip()}\n")
        for clause, word in ex.clauses:
            tail = f"  →  {word}"
            lines = wrap(safe_line(clause), max(width - 4 - len(tail), 20))
            lines[-1] += tail
            for i, text in enumerate(lines):
                out.write(("  " if i == 0 else "    ") + text + "\n")
    if ex.facts:
        out.write(f"{facts}{colon.strip()}\n")
        for fact in ex.facts:
            out.write(f"  {fact.path} = {safe_line(show(fact.value))}\n")
    if ex.reasons:
        out.write(f"{reasons}{colon.strip()}\n")
        for r in ex.reasons:
            for i, text in enumerate(wrap(safe_line(r), width - 4)):
                out.write(("  " if i == 0 else "    ") + text + "\n")
