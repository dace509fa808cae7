"""Run the examples written in rule files and compare them with what they expect.

Input: a loaded `api.Ruleset` (its IR carries the checked examples).
Output: one `ExampleResult` per example, each listing its mismatches with the
actual finding (status, due, fulfilled date and explanation) next to the
expectation. Used by `lnvideo test` and by pytest (tests/test_pack_examples.py).
"""

from __future__ import annotations

import attrs

from lnvideo import ir
from lnvideo.findings import Finding
from lnvideo.readers import group_by_site
from lnvideo.syntax import ast


@attrs.frozen
class Mismatch:
    expect: ast.Expect
    actual: Finding | None
    problem: str


@attrs.frozen
class ExampleResult:
    example: ir.Example
    checked: int
    mismatches: tuple[Mismatch, ...]

    @property
    def passed(self) -> bool:
        return not self.mismatches


def run_example(ruleset: object, example: ir.Example, *, lang: str = "en") -> ExampleResult:
    from lnvideo.api import Ruleset

    assert isinstance(ruleset, Ruleset)
    bundles, _ = group_by_site(example.records)  # type: ignore[arg-type]
    as_of = example.as_of
    assert as_of is not None
    findings = list(ruleset.iter_findings(bundles, as_of=as_of, lang=lang, explain=True))
    index = {(f.rule, f.subject.kind, f.subject.id): f for f in findings}
    mismatches: list[Mismatch] = []
    for exp in example.expects:
        actual = index.get((exp.rule, exp.subject_kind, exp.subject_id))
        if actual is None:
            mismatches.append(Mismatch(exp, None, "no finding was produced"))
            continue
        problems = []
        if actual.status.value != exp.status:
            problems.append(f"status is {actual.status.value}, expected {exp.status}")
        if exp.due is not None and actual.due != exp.due:
            problems.append(f"due is {actual.due or 'none'}, expected {exp.due}")
        if exp.no_due and actual.due is not None:
            problems.append(f"due is {actual.due}, expected none")
        if exp.fulfilled is not None and actual.fulfilled_on != exp.fulfilled:
            problems.append(
                f"fulfilled on {actual.fulfilled_on or 'none'}, expected {exp.fulfilled}"
            )
        if problems:
            mismatches.append(Mismatch(exp, actual, "; ".join(problems)))
    return ExampleResult(example, len(example.expects), tuple(mismatches))


def run_examples(ruleset: object, *, lang: str = "en") -> list[ExampleResult]:
    from lnvideo.api import Ruleset

    assert isinstance(ruleset, Ruleset)
    return [run_example(ruleset, ex, lang=lang) for ex in ruleset.ir.examples]
