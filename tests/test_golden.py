"""Golden rule files: good ones compile clean and pass their examples; each bad one
gives exactly the diagnostics written in its sibling `.expected` file.

Refresh the expectations after a deliberate change of wording with
`pytest tests/test_golden.py --update-golden`, then read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden_support import BAD, GOOD, compile_golden, golden_name, render

from lnvideo.api import Ruleset
from lnvideo.examples import run_example
from lnvideo.syntax.from_tree import parse


def _id(path: Path) -> str:
    return path.stem


@pytest.mark.parametrize("path", GOOD, ids=_id)
def test_good_file_is_clean(path: Path) -> None:
    """A good rule file compiles with no diagnostic at all, not even a warning."""
    ruleset, diags, sources = compile_golden(path)
    assert diags == [], render(diags, sources)
    assert ruleset is not None


@pytest.mark.parametrize("path", GOOD, ids=_id)
def test_good_file_examples_pass(path: Path) -> None:
    """Every example written in a good rule file gets the statuses it expects."""
    checked, _, _ = compile_golden(path)
    assert checked is not None
    ruleset = Ruleset(checked)
    mine = [ex for ex in checked.examples if ex.span and ex.span.source == golden_name(path)]
    assert mine, "a good golden file should carry at least one example"
    for ex in mine:
        result = run_example(ruleset, ex)
        assert result.passed, [
            (m.expect.rule, m.expect.subject_id, m.problem) for m in result.mismatches
        ]


@pytest.mark.parametrize("path", BAD, ids=_id)
def test_bad_file_matches_expected(path: Path, update_golden: bool) -> None:
    """A bad rule file gives exactly the rendered diagnostics of its `.expected` file."""
    _, diags, sources = compile_golden(path)
    actual = render(diags, sources)
    expected_path = path.with_suffix(".expected")
    if update_golden:
        expected_path.write_text(actual, encoding="utf-8")
        return
    assert expected_path.exists(), (
        f"{expected_path.name} is missing: run pytest tests/test_golden.py --update-golden"
    )
    assert actual == expected_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", BAD, ids=_id)
def test_bad_file_is_reported_in_place(path: Path) -> None:
    """A bad rule file is never silently accepted, and every problem points into it."""
    ruleset, diags, _ = compile_golden(path)
    assert diags, "a bad golden file must produce at least one diagnostic"
    name = golden_name(path)
    for d in diags:
        assert d.span is not None and d.span.source == name and d.span.line >= 1, d.render()
        assert d.span.line <= len(path.read_text(encoding="utf-8").splitlines()) + 1
    if any(d.is_error for d in diags):
        assert ruleset is None


def test_every_expected_file_has_its_rule_file() -> None:
    """No `.expected` file is left behind after its rule file was renamed or removed."""
    orphans = [
        p.name for p in (BAD[0].parent).glob("*.expected") if not p.with_suffix(".lnv").exists()
    ]
    assert orphans == []


def test_chinese_forbids_keyword_parses() -> None:
    """The Chinese `forbids` keyword can be written after a rule's other clauses."""
    text = (
        'pack dl version "1" 扩展 liaoning\n条 9\n  规则 DL-9 依据 条 9\n    禁止 对象 摄像机\n'
        "    不得 摄像机.place 属于 {toilet}\n"
    )
    rf, diags = parse(text, "zh.lnv")
    assert diags == [] and rf is not None
