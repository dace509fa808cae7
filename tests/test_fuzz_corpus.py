"""The hostile-input corpus (`tests/fuzz`): no traceback, status 0/1/2, nothing lost, engines agree.

CI runs a bounded slice (76 cases and 4 drawn by Hypothesis, about 75 s of one core: every
data case is checked in five formats and alone, every rule case on both engines); before a
release run the long one: ``python -m tests.fuzz --cases 3000`` (see `tests/fuzz/__init__.py`).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.generators import GENERATORS
from tests.fuzz.harness import Outcome, run_case

#: Cases per kind in CI: a rule file that fails lint is cheap, data cases run two engines.
CI_CASES = {"jsonl": 12, "parquet": 12, "payload": 8, "rules": 44}


def verdict(o: Outcome) -> str:
    return f"{o.case.kind} seed {o.case.seed} ({o.case.what}): {o.flags()} {o.notes[:3]}"


@pytest.mark.parametrize("kind", sorted(CI_CASES))
def test_corpus(kind: str) -> None:
    """Every seeded case of the CI slice is judged clean (reproduce: python -m tests.fuzz)."""
    bad = []
    for seed in range(CI_CASES[kind]):
        o = run_case(GENERATORS[kind](seed))
        if o.failed:
            bad.append(verdict(o))
    assert not bad, "\n".join(bad)


PROPERTY = settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@PROPERTY
@given(st.sampled_from(["jsonl", "parquet"]), st.integers(min_value=100_000, max_value=2**31))
def test_any_input_exits_0_1_or_2_and_loses_nothing(kind: str, seed: int) -> None:
    """For any mutated input: status 0, 1 or 2; every output format well-formed; every
    untouched valid site's findings are those it has when checked alone; python and duckdb
    give the same findings and diagnostics; a refused input is located."""
    o = run_case(GENERATORS[kind](seed))
    assert not (o.traceback or o.bad_exit), verdict(o)
    assert not o.malformed, verdict(o)
    assert not o.lost, verdict(o)
    assert not o.disagree, verdict(o)
    assert not o.unlocated, verdict(o)
