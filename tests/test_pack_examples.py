"""The examples written in the rule packs pass, run from pytest as `lnvideo test` runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from spec_ids import SPEC_RULES

import lnvideo
from lnvideo.examples import run_example

ROOT = Path(__file__).resolve().parent.parent


def _shipped(root: Path) -> list[object]:
    return [pytest.param(p, id=p.name) for p in sorted(root.rglob("*.lnv"))]


BUNDLED = lnvideo.load_rules()
LOCAL = lnvideo.load_rules(ROOT / "examples" / "dalian-local")


def _cases(ruleset: lnvideo.Ruleset, only_source: str | None = None) -> list[object]:
    return [
        pytest.param(ruleset, ex, id=f"{ex.pack}:{ex.name}")
        for ex in ruleset.ir.examples
        if only_source is None or (ex.span is not None and only_source in ex.span.source)
    ]


@pytest.mark.parametrize(("ruleset", "example"), [*_cases(BUNDLED), *_cases(LOCAL, "dalian")])
def test_example_passes(ruleset: lnvideo.Ruleset, example: object) -> None:
    """Every expectation written in a rule file's example holds."""
    result = run_example(ruleset, example)  # type: ignore[arg-type]
    problems = [
        f"{m.expect.rule} {m.expect.subject_kind} {m.expect.subject_id}: {m.problem}"
        for m in result.mismatches
    ]
    assert not problems, "\n".join(problems)


def test_every_rule_has_satisfied_and_violated_examples() -> None:
    """Each rule of the bundled pack is shown satisfied and violated (LN-3: in and out of scope)."""
    seen: dict[str, set[str]] = {}
    for ex in BUNDLED.ir.examples:
        for e in ex.expects:
            seen.setdefault(e.rule, set()).add(e.status)
    for rule in BUNDLED.ir.rules:
        statuses = seen.get(rule.id, set())
        if rule.modality == "scope":
            assert {"satisfied", "not_applicable", "unknown"} <= statuses, rule.id
        else:
            assert {"satisfied", "violated"} <= statuses, (rule.id, statuses)


def test_every_article_has_rules_or_a_reason() -> None:
    """Articles 1-14 each have rules, or a written reason why they cannot be checked."""
    by_number = {a.number: a for a in BUNDLED.ir.articles}
    assert sorted(by_number) == list(range(1, 15))
    for number, art in by_number.items():
        assert art.rule_ids or art.not_checkable.get("en"), number
        assert art.summary.get("en") and art.summary.get("zh"), number


def test_spec_rule_ids_are_all_present() -> None:
    """The pack defines exactly the rule ids SPEC §3 fixes."""
    ids = {r.id for r in BUNDLED.ir.rules}
    expected = set(SPEC_RULES)
    assert ids == expected


@pytest.mark.parametrize(
    "path",
    _shipped(ROOT / "rules") + _shipped(ROOT / "examples"),
)
def test_shipped_rule_files_are_formatted_and_lint_clean(path: Path) -> None:
    """Shipped rule files are in `lnvideo fmt` layout and have no lint error or warning."""
    from lnvideo.cli.lint import lint_paths
    from lnvideo.syntax.printer import format_text

    text = path.read_text(encoding="utf-8")
    formatted, diags = format_text(text, str(path))
    assert diags == [] and formatted == text
    found, _, code = lint_paths([str(path)])
    assert code == 0 and found == []
