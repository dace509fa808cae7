"""Every rule-file diagnostic code in the CATALOGUE is produced by some test input.

The inputs are the golden bad files (`tests/golden/bad/`) plus the few problems
that happen before any rule text is read. A new LNV1xx/LNV2xx code without an
input that produces it makes `test_code_is_produced` fail for that code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from golden_support import BAD, compile_golden

from lnvideo.api import read_sources
from lnvideo.diagnostics import CATALOGUE

RULE_CODES = sorted(c for c in CATALOGUE if c.startswith(("LNV1", "LNV2")))


@cache
def produced() -> dict[str, list[str]]:
    """code -> the inputs that produced it."""
    out: dict[str, list[str]] = {}
    for path in BAD:
        _, diags, _ = compile_golden(path)
        for d in diags:
            out.setdefault(d.code, []).append(path.name)
    # LNV107: reading fails before there is any text to parse.
    for label, target in (
        ("missing file", Path("/nonexistent/rules.lnv")),
        ("empty directory", Path(__file__).parent / "golden" / "none"),
    ):
        _, diags = read_sources([target])
        for d in diags:
            out.setdefault(d.code, []).append(label)
    return out


@pytest.mark.parametrize("code", RULE_CODES, ids=RULE_CODES)
def test_code_is_produced(code: str) -> None:
    """The code is produced by at least one golden bad file or reading case."""
    assert code in produced(), (
        f"{code} ({CATALOGUE[code][1]}) is produced by no test input: add a file to "
        "tests/golden/bad/ that triggers it, then run pytest --update-golden"
    )


def test_no_unknown_code_is_produced() -> None:
    """Every code the inputs produce is listed in the CATALOGUE."""
    assert set(produced()) <= set(CATALOGUE)


@pytest.mark.parametrize("code", RULE_CODES, ids=RULE_CODES)
def test_code_has_a_title_and_level(code: str) -> None:
    """Each catalogue entry has a one-line title the docs can render."""
    level, title = CATALOGUE[code]
    assert title and "\n" not in title and level.value in {"error", "warning", "note"}
