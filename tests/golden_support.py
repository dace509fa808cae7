"""Compile and render the golden rule files the way `lnvideo lint` shows them.

Input: a file under `tests/golden/`. Output: the ruleset (or None), the sorted
diagnostics and their rendering with the source line and caret. A file is named
by its path relative to `tests/golden/` so the rendering is the same on every
machine; a pack that `extends` another (or has no scope rule) is compiled together
with the bundled Measures pack, as `lnvideo lint` does.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lnvideo import ir
from lnvideo.api import _needs_base, compile_sources, read_sources
from lnvideo.diagnostics import Diagnostic
from lnvideo.resources import bundled_pack_dir
from lnvideo.source import SourceFile

GOLDEN = Path(__file__).parent / "golden"
GOOD = sorted((GOLDEN / "good").glob("*.lnv"))
BAD = sorted((GOLDEN / "bad").glob("*.lnv"))


@cache
def bundled_sources() -> dict[str, str]:
    sources, diags = read_sources([bundled_pack_dir()])
    assert not diags
    return sources


def golden_name(path: Path) -> str:
    return path.relative_to(GOLDEN).as_posix()


def compile_golden(path: Path) -> tuple[ir.Ruleset | None, list[Diagnostic], dict[str, str]]:
    """(ruleset or None, diagnostics, the sources compiled) for one golden file."""
    name = golden_name(path)
    sources = {name: path.read_text(encoding="utf-8")}
    if _needs_base(sources):
        sources = {**bundled_sources(), **sources}
    ruleset, diags = compile_sources(sources)
    return ruleset, diags, sources


def render(diags: list[Diagnostic], sources: dict[str, str]) -> str:
    files = {name: SourceFile(name, text) for name, text in sources.items()}
    return "".join(d.render(files) + "\n" for d in diags)
