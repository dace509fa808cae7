"""`lnvideo lint PATH...`: every diagnostic for the given rule files.

Input: rule files or directories. Output: every diagnostic on stderr, sorted by
position, then one line counting files, errors and warnings. Exit 1 when there is an error, 0 with warnings only (or nothing), 2 when a file
cannot be read. A pack that `extends` another is checked together with the
bundled Measures pack, but only its own files are reported as linted.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lnvideo.cli._common import add_rule_paths, render_diagnostics


def arguments(p: argparse.ArgumentParser) -> None:
    add_rule_paths(p)


def lint_paths(paths: list[str]) -> tuple[list[Any], int, int]:
    """(diagnostics, number of files, exit code) for the given paths."""
    from lnvideo.api import compile_sources, read_sources, with_base
    from lnvideo.resources import bundled_pack_dir

    targets = paths or [str(bundled_pack_dir())]
    sources, diags = read_sources(targets)
    if diags:
        return diags, len(sources), 2
    _, found = compile_sources(with_base(sources))
    code = 1 if any(d.is_error for d in found) else 0
    return list(found), len(sources), code


def run(args: argparse.Namespace) -> int:
    diags, nfiles, code = lint_paths(args.paths)
    render_diagnostics(diags)
    errors = sum(1 for d in diags if d.is_error)
    warnings = len(diags) - errors
    word = "file" if nfiles == 1 else "files"
    sys.stderr.write(f"{nfiles:,} {word} linted: {errors:,} error(s), {warnings:,} warning(s)\n")
    return code
