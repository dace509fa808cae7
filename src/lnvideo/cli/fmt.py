"""`lnvideo fmt PATH... [--check] [--lang en|zh]`: lay rule files out canonically.

Input: files and directories (a directory means every `*.lnv` under it). Output:
files rewritten in place, or with `--check` the list of files that would change.
Exit codes: 0 nothing (left) to do, 1 `--check` found files to reformat, 2 a file
could not be read or has a syntax error (reported as a diagnostic on stderr and
never rewritten; the other files are still processed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lnvideo.diagnostics import Diagnostic
from lnvideo.source import SourceFile, Span

#: The surface languages `fmt` can write (same as `lnvideo.syntax.keywords.LANGS`).
LANGS = ("en", "zh")


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="rule files or directories")
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; list the files that would change and exit 1 if any",
    )
    p.add_argument(
        "--lang", choices=LANGS, default="en", help="the keyword language to write (default en)"
    )


def rule_files(paths: list[str]) -> tuple[list[Path], list[Diagnostic]]:
    """The files named, directories expanded to their `*.lnv` files, in a stable order.

    Example:
        >>> rule_files(["/no/such/file.lnv"])[1][0].code
        'LNV107'
    """
    files: list[Path] = []
    diags: list[Diagnostic] = []
    for name in paths:
        p = Path(name)
        if p.is_dir():
            files.extend(sorted(p.rglob("*.lnv")))
        elif p.is_file():
            files.append(p)
        else:
            diags.append(Diagnostic("LNV107", f"no such file or directory: {name}", Span(name, 1)))
    return files, diags


def format_file(path: Path, lang: str) -> tuple[str | None, str | None, list[Diagnostic]]:
    """(old text, new text, diagnostics) for one file; new is None when it cannot be formatted."""
    try:
        source = SourceFile.read(path)
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read {path}: {exc}"
        return None, None, [Diagnostic("LNV107", msg, Span(str(path), 1))]
    from lnvideo.syntax.printer import format_text

    new, diags = format_text(source.text, source.name, lang=lang)
    return source.text, new, diags


def run(args: argparse.Namespace) -> int:
    """Format or check each file; see the module docstring for the exit codes."""
    files, problems = rule_files(args.paths)
    for d in problems:
        sys.stderr.write(d.render() + "\n")
    failed = bool(problems)
    changed: list[Path] = []
    for path in files:
        old, new, diags = format_file(path, args.lang)
        if new is None or old is None:
            sources = {str(path): SourceFile(str(path), old)} if old is not None else None
            for d in diags:
                sys.stderr.write(d.render(sources) + "\n")
            failed = True
            continue
        if new == old:
            continue
        changed.append(path)
        if args.check:
            from lnvideo.syntax.printer import unified_diff

            sys.stdout.write(f"would reformat {path}\n")
            sys.stdout.write(unified_diff(old, new, str(path)))
        else:
            path.write_text(new, encoding="utf-8")
            sys.stdout.write(f"reformatted {path}\n")
    if failed:
        return 2
    return 1 if args.check and changed else 0
