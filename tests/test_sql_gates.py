"""The SQL generator's gates: each gate of `semantics.GATES` has its SQL form, or is LNV402.

A new gate declared in `semantics.verdicts.GATES` before the SQL generator has a
`_gate_<name>` for it is refused at compile time, located at the rule, never
skipped (a skipped gate would judge rules the gate should have set aside).
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

import lnvideo
from lnvideo.compile import to_sql
from lnvideo.compile.to_sql import compile_ruleset
from lnvideo.diagnostics import LnvideoError
from lnvideo.semantics.verdicts import GATES, Gate

AS_OF = dt.date(2026, 11, 30)
RULES = lnvideo.load_rules()
SRC = Path(lnvideo.__file__).parent


def test_every_declared_gate_has_an_sql_form() -> None:
    for g in GATES:
        assert hasattr(to_sql.SqlCompiler, f"_gate_{g.name}"), g.name


def test_a_gate_without_an_sql_form_is_lnv402(monkeypatch: pytest.MonkeyPatch) -> None:
    curfew = Gate("curfew", ("site",), "not_applicable", "scope_na")
    monkeypatch.setattr(to_sql, "GATES", (*GATES, curfew))
    monkeypatch.setattr(to_sql, "_CACHE", {})  # compiled queries are kept per ruleset
    with pytest.raises(LnvideoError) as err:
        compile_ruleset(RULES.ir, "duckdb", as_of=AS_OF)
    (d,) = err.value.diagnostics
    assert d.code == "LNV402" and "`gate curfew`" in d.message
    assert d.span is not None


def test_no_function_in_src_is_over_80_lines() -> None:
    """Long functions are split into named steps (issue 9)."""
    long = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > 80:
                    long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({n} lines)")
    assert not long, long
