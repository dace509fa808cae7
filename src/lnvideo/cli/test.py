"""`lnvideo test PATH...`: run the examples written in rule files.

Input: rule files or directories (default: the bundled pack). Output: each
failing example (and with --verbose each passing one), then one line such as
"93 expectations in 17 examples: all met". Each mismatch is reported with the example, the rule, the subject, the expected
and the actual status (and due / fulfilled dates), and the explanation. Exit 1
when any expectation fails, 2 when the rules cannot be read.
"""

from __future__ import annotations

import argparse
import sys

from lnvideo.cli._common import add_rule_paths, load_ruleset


def arguments(p: argparse.ArgumentParser) -> None:
    add_rule_paths(p)
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument("-v", "--verbose", action="store_true", help="list passing examples too")


def run(args: argparse.Namespace) -> int:
    from lnvideo.api import rule_files
    from lnvideo.examples import run_example
    from lnvideo.semantics import show

    ruleset = load_ruleset(args.paths or None)
    wanted = {str(p) for p in rule_files(args.paths)} if args.paths else None
    examples = [
        ex
        for ex in ruleset.ir.examples
        if wanted is None or (ex.span is not None and ex.span.source in wanted)
    ]
    passed = failed = 0
    out = sys.stdout
    for ex in examples:
        result = run_example(ruleset, ex, lang=args.lang)
        where = f"{ex.span.source}:{ex.span.line}" if ex.span else ex.pack
        if result.passed:
            passed += result.checked
            if args.verbose:
                out.write(f"PASS {where} “{ex.name}” ({result.checked:,} expectations)\n")
            continue
        failed += len(result.mismatches)
        passed += result.checked - len(result.mismatches)
        out.write(f"FAIL {where} “{ex.name}”\n")
        for m in result.mismatches:
            e = m.expect
            line = f":{e.span.line}" if e.span else ""
            out.write(f"  {e.rule} for {e.subject_kind} {e.subject_id} (line{line}): {m.problem}\n")
            if m.actual is not None:
                out.write(f"    message: {m.actual.message}\n")
                for c, outcome in m.actual.explanation.clauses:
                    out.write(f"    clause: {c}  →  {outcome}\n")
                for fact in m.actual.explanation.facts:
                    out.write(f"    fact: {fact.path} = {show(fact.value)}\n")
                for r in m.actual.explanation.reasons:
                    out.write(f"    why: {r}\n")
    out.write(tally(passed, failed, len(examples)) + "\n")
    if not examples:
        sys.stderr.write(
            "no examples found in " + ", ".join(args.paths or ["the bundled pack"]) + "\n"
        )
    return 1 if failed else 0


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def tally(passed: int, failed: int, examples: int) -> str:
    """The closing line: how many expectations in how many examples, and whether all were met.

    Example:
        >>> tally(93, 0, 17)
        '93 expectations in 17 examples: all met'
        >>> tally(0, 1, 1)
        '1 expectation in 1 example: 1 failed, 0 met'
    """
    head = f"{_count(passed + failed, 'expectation')} in {_count(examples, 'example')}"
    if not failed:
        return f"{head}: all met"
    return f"{head}: {failed:,} failed, {passed:,} met"
