"""Run one fuzz case through the CLI in-process and judge it.

Input: a `generators.Case`. Output: an `Outcome` (traceback, bad exit, lost findings,
engine disagreement, and details). The CLI runs in this process (``lnvideo.cli.main``)
with standard streams captured, so a few hundred cases take well under a minute.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import tempfile
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

import attrs

from tests.fuzz.generators import AS_OF, GENERATORS, Case

#: A rendered diagnostic's first line: `file:line:col: level[CODE]: message`.
_DIAG = re.compile(
    r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): (?P<level>error|warning)\[(?P<code>LNV\d+)\]: (?P<msg>.*)$"
)
_MORE = re.compile(r"\.\.\. and (?P<n>[\d,]+) more")


@attrs.define
class Outcome:
    case: Case
    traceback: bool = False
    bad_exit: bool = False
    lost: bool = False
    disagree: bool = False
    notes: list[str] = attrs.field(factory=list)


@attrs.frozen
class Run:
    code: int
    out: str
    err: str
    crash: str | None  # the traceback text when an exception escaped


def run_cli(argv: list[str]) -> Run:
    """`lnvideo ARGV` in-process; an escaping exception is caught and reported as a crash."""
    from lnvideo.cli import main

    out, err = io.StringIO(), io.StringIO()
    crash = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException:
            crash = traceback.format_exc()
            code = 1  # what the process would exit with
    text_err = err.getvalue()
    if code == 3 or "Traceback (most recent call last)" in text_err:
        crash = crash or text_err
    return Run(code, out.getvalue(), text_err, crash)


def _write(case: Case, root: Path) -> None:
    for name, content in case.files.items():
        target = root / name
        if callable(content):
            target.mkdir()
            content(target)
        else:
            target.write_bytes(content)


def diagnostics_of(err: str, root: Path) -> Counter[tuple[str, str, int, str]]:
    """(code, file, line, 'more N' or '') of every rendered diagnostic on stderr."""
    found: Counter[tuple[str, str, int, str]] = Counter()
    for line in err.splitlines():
        m = _DIAG.match(line)
        if m is None:
            continue
        file = m["file"].replace(str(root) + "/", "")
        more = _MORE.search(m["msg"])
        found[(m["code"], file, int(m["line"]), f"more {more['n']}" if more else "")] += 1
    return found


def findings_of(out: str) -> set[tuple[Any, ...]] | None:
    try:
        doc = json.loads(out)
    except ValueError:
        return None
    return {
        (
            f["rule"],
            f["subject"]["kind"],
            f["subject"]["id"],
            f["subject"]["site"],
            f["status"],
            f["due"],
            f["fulfilled_on"],
        )
        for f in doc.get("findings", ())
    }


def alone(case: Case, site: str) -> set[tuple[Any, ...]]:
    """The findings of one site's clean records checked on their own (python engine)."""
    import datetime as dt

    import lnvideo
    from lnvideo.readers import build_record, group_by_site
    from lnvideo.source import Span

    records = []
    for i, row in enumerate(case.records):
        owner = row["id"] if row["kind"] == "site" else row.get("site")
        if owner == site:
            rec, _ = build_record(None, row, Span("alone", i + 1))
            if rec is not None:
                records.append(rec)
    bundles, _ = group_by_site(records)
    rules = lnvideo.load_rules()
    return {
        (
            f.rule,
            f.subject.kind,
            f.subject.id,
            f.subject.site,
            f.status.value,
            f.due.isoformat() if f.due else None,
            f.fulfilled_on.isoformat() if f.fulfilled_on else None,
        )
        for f in rules.iter_findings(bundles, as_of=dt.date.fromisoformat(AS_OF), explain=False)
    }


def run_case(case: Case) -> Outcome:
    outcome = Outcome(case)
    with tempfile.TemporaryDirectory(prefix="lnvfuzz") as tmp:
        root = Path(tmp)
        try:
            _write(case, root)
        except Exception as exc:
            outcome.notes.append(f"generator failed: {exc!r}")
            return outcome
        runs: dict[str, Run] = {}
        if case.kind == "rules":
            runs["lint"] = run_cli(["lint", str(root / case.rules)])
            runs["check"] = run_cli(
                [
                    "check",
                    "--rules",
                    str(root / case.rules),
                    "--as-of",
                    AS_OF,
                    "--engine",
                    "python",
                    str(root / case.data),
                ]
            )
        else:
            fmt = case.fmt
            for engine in ("python", "duckdb"):
                runs[engine] = run_cli(
                    [
                        "check",
                        "--as-of",
                        AS_OF,
                        "--format",
                        fmt,
                        "--engine",
                        engine,
                        "--max-errors",
                        "0",
                        str(root / case.data),
                    ]
                )
        for name, run in runs.items():
            if run.crash:
                outcome.traceback = True
                outcome.notes.append(f"{name}: {run.crash.strip().splitlines()[-1][:200]}")
            if run.crash or run.code not in (0, 1, 2):
                outcome.bad_exit = True
        if case.kind == "rules":
            return outcome
        py, duck = runs["python"], runs["duckdb"]
        if case.fmt == "json" and not py.crash and not duck.crash:
            fp, fd = findings_of(py.out), findings_of(duck.out)
            dp, dd = diagnostics_of(py.err, root), diagnostics_of(duck.err, root)
            if fp != fd or dp != dd or py.code != duck.code:
                outcome.disagree = True
                if fp != fd:
                    outcome.notes.append(
                        f"findings differ: python-only {sorted(map(str, (fp or set()) - (fd or set())))[:2]} "
                        f"duckdb-only {sorted(map(str, (fd or set()) - (fp or set())))[:2]}"
                    )
                if dp != dd:
                    outcome.notes.append(
                        f"diagnostics differ: python-only {sorted((dp - dd).elements())[:3]} "
                        f"duckdb-only {sorted((dd - dp).elements())[:3]}"
                    )
                if py.code != duck.code:
                    outcome.notes.append(f"exit python {py.code} duckdb {duck.code}")
        for engine, run in runs.items():
            got = findings_of(run.out) if case.fmt == "json" and not run.crash else None
            if got is None:
                if case.fmt == "json" and not run.crash and run.code != 2:
                    outcome.notes.append(f"{engine}: output is not JSON")
                continue
            for site in case.untouched:
                want = alone(case, site)
                have = {f for f in got if f[3] == site}
                if want - have:
                    outcome.lost = True
                    outcome.notes.append(
                        f"{engine}: site {site} lost {len(want - have)} finding(s), e.g. {sorted(want - have)[0]}"
                    )
    return outcome


def run_many(kinds: list[str], cases: int, seed: int = 0) -> list[Outcome]:
    """`cases` cases spread over `kinds`, seeds seed, seed+1, ..."""
    out: list[Outcome] = []
    per = max(1, cases // len(kinds))
    for kind in kinds:
        for i in range(per):
            out.append(run_case(GENERATORS[kind](seed + i)))
    return out


def table(outcomes: list[Outcome]) -> str:
    rows = [
        "| kind | cases | tracebacks | bad exit codes | lost findings | engine disagreements |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    kinds = list(dict.fromkeys(o.case.kind for o in outcomes))
    tot = [0, 0, 0, 0, 0]
    for kind in kinds:
        mine = [o for o in outcomes if o.case.kind == kind]
        n = [
            len(mine),
            sum(o.traceback for o in mine),
            sum(o.bad_exit for o in mine),
            sum(o.lost for o in mine),
            sum(o.disagree for o in mine),
        ]
        tot = [a + b for a, b in zip(tot, n, strict=True)]
        rows.append(f"| {kind} | " + " | ".join(f"{x:,}" for x in n) + " |")
    rows.append("| **total** | " + " | ".join(f"{x:,}" for x in tot) + " |")
    return "\n".join(rows)


def _quiet() -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))
