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
import tempfile
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from tests.fuzz.generators import AS_OF, GENERATORS, Case

#: A rendered diagnostic's first line: `file:line:col: level[CODE]: message`.
_DIAG = re.compile(
    r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): (?P<level>error|warning)\[(?P<code>LNV\d+)\]: (?P<msg>.*)$"
)
_MORE = re.compile(r"\.\.\. and (?P<n>[\d,]+) more")


#: Failure flags of an outcome, in table order.
FLAGS = (
    "traceback",
    "bad_exit",
    "lost",
    "disagree_findings",
    "disagree_diagnostics",
    "malformed",
    "unlocated",
)

#: Column titles of the table, one per flag.
TITLES = {
    "traceback": "tracebacks",
    "bad_exit": "bad exit codes",
    "lost": "lost findings",
    "disagree_findings": "disagree: findings",
    "disagree_diagnostics": "disagree: diagnostics",
    "malformed": "malformed output",
    "unlocated": "unlocated errors",
}

#: The output formats every version of `check` writes (`--format`).
FORMATS = ("json", "text", "sarif", "junit", "csv")


@attrs.define
class Outcome:
    case: Case
    traceback: bool = False
    bad_exit: bool = False
    lost: bool = False
    disagree_findings: bool = False
    disagree_diagnostics: bool = False
    malformed: bool = False
    unlocated: bool = False
    notes: list[str] = attrs.field(factory=list)
    #: runs the version under test could not do (an option it lacks), by name
    unsupported: list[str] = attrs.field(factory=list)

    @property
    def disagree(self) -> bool:
        return self.disagree_findings or self.disagree_diagnostics

    @property
    def failed(self) -> bool:
        return any(getattr(self, f) for f in FLAGS)

    def flags(self) -> list[str]:
        return [f for f in FLAGS if getattr(self, f)]


@attrs.frozen
class Run:
    code: int
    out: str
    err: str
    crash: str | None  # the traceback text when an exception escaped

    @property
    def unsupported(self) -> bool:
        """An argument error (the version under test lacks an option), not a verdict."""
        return self.code == 2 and self.err.startswith("usage:") and "error: " in self.err


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
        return {
            (
                f.get("rule"),
                f["subject"].get("kind"),
                f["subject"].get("id"),
                f["subject"].get("site"),
                f.get("status"),
                f.get("due"),
                f.get("fulfilled_on"),
            )
            for f in doc.get("findings", ())
        }
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def alone(case: Case, site: str) -> set[tuple[Any, ...]] | None:
    """The findings of one site's clean records checked on their own, by the CLI of the
    version under test on the python engine (the oracle is the tool itself, minus the
    hostile records; a duckdb run that differs from it is a loss on duckdb)."""
    lines = []
    for row in case.records:
        owner = row["id"] if row["kind"] == "site" else row.get("site")
        if owner == site:
            lines.append(json.dumps(row))
    with tempfile.TemporaryDirectory(prefix="lnvalone") as tmp:
        f = Path(tmp) / "alone.jsonl"
        f.write_text("\n".join(lines) + "\n", encoding="utf-8")
        run = run_cli(_check_args(str(f), "json", "python"))
    if run.crash or run.code not in (0, 1):
        return None
    return findings_of(run.out)


def _check_args(data: str, fmt: str, engine: str, *extra: str) -> list[str]:
    return [
        "check",
        "--as-of",
        AS_OF,
        "--format",
        fmt,
        "--engine",
        engine,
        "--max-errors",
        "0",
        *extra,
        data,
    ]


# --------------------------------------------------------------------------- well-formed output

#: What must never reach a terminal or a document raw: C0 controls but tab and newline,
#: DEL, C1 controls, lone surrogates, the non-characters U+FFFE/U+FFFF, bidi overrides.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)
#: Characters XML 1.0 does not allow at all (raw or as a reference).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_BAD_REF = re.compile(
    r"&#(x0*(?:[0-8bcef]|1[0-9a-f]|d[89a-f][0-9a-f]{2}|fff[ef])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));",
    re.I,
)
#: A spreadsheet reads a cell starting with one of these as a formula (OWASP CSV injection).
_FORMULA = tuple("=+-@\t\r")


def malformed(fmt: str, out: str) -> str | None:
    """Why `out`, written as `fmt`, is not well-formed and safe; None when it is."""
    if not out:
        return None
    try:
        out.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"{fmt}: not encodable as UTF-8 ({exc.reason} at {exc.start})"
    if fmt in ("json", "sarif"):
        try:
            doc = json.loads(out)
        except ValueError as exc:
            return f"{fmt}: does not parse ({exc})"
        if fmt == "sarif" and not (isinstance(doc, dict) and isinstance(doc.get("runs"), list)):
            return "sarif: no runs"
        return None
    if fmt == "junit":
        import xml.etree.ElementTree as ET

        bad = _XML_ILLEGAL.search(out) or _XML_BAD_REF.search(out)
        if bad:
            return f"junit: XML-illegal character {bad.group()!r}"
        try:
            ET.fromstring(out.encode("utf-8"))
        except ET.ParseError as exc:
            return f"junit: does not parse ({exc})"
        return None
    if fmt == "csv":
        import csv

        try:
            rows = list(csv.reader(io.StringIO(out, newline="")))
        except csv.Error as exc:
            return f"csv: does not parse ({exc})"
        for row in rows:
            for cell in row:
                if cell.startswith(_FORMULA):
                    return f"csv: live formula {cell[:30]!r}"
        return unsafe_text("csv", out.replace("\r\n", "\n"))
    return unsafe_text(fmt, out)


def unsafe_text(what: str, text: str) -> str | None:
    bad = _UNSAFE.search(text)
    if bad:
        return f"{what}: raw control {bad.group()!r} near {text[max(0, bad.start() - 20) : bad.start()]!r}"
    return None


def unlocated(run: Run, root: Path, data_case: bool) -> str | None:
    """Why a run that refused its input did not say where; None when every error is located.

    A located diagnostic is `file:line:col: error[LNVnnn]: ...`; for a data case the file is
    one of the case's files (not, say, the rule pack)."""
    if run.crash or run.unsupported:
        return None
    errors = [ln for ln in run.err.splitlines() if re.search(r"\berror\b", ln)]
    located = [m for ln in errors if (m := _DIAG.match(ln)) and m["level"] == "error"]
    loose = [ln for ln in errors if not _DIAG.match(ln) and "error[" in ln]
    if loose:
        return f"unlocated error: {loose[0][:120]!r}"
    refused = run.code == 2 if data_case else run.code in (1, 2)
    if refused and not located:
        first = run.err.strip().splitlines()[:1]
        return f"exit {run.code} with no located error: {first[0][:120] if first else ''!r}"
    if data_case and any(not m["file"].startswith(str(root)) for m in located):
        return "an input error located outside the input"
    return None


# --------------------------------------------------------------------------- one case


def run_case(case: Case) -> Outcome:
    outcome = Outcome(case)
    with tempfile.TemporaryDirectory(prefix="lnvfuzz") as tmp:
        root = Path(tmp)
        try:
            _write(case, root)
        except Exception as exc:
            outcome.notes.append(f"generator failed: {exc!r}")
            return outcome
        runs = _runs(case, root)
        for name, (run, fmt) in runs.items():
            _judge_run(outcome, name, run, fmt, root, case)
        if case.kind == "rules":
            _compare(outcome, runs["check python"][0], runs["check duckdb"][0], root)
            return outcome
        _compare(outcome, runs["python json"][0], runs["duckdb json"][0], root)
        for site in case.untouched:
            want = alone(case, site)
            if want is None:
                outcome.notes.append(f"site {site} alone could not be checked")
                continue
            for engine in ("python", "duckdb"):
                run = runs[f"{engine} json"][0]
                got = findings_of(run.out) if not run.crash else None
                if got is None:
                    continue
                have = {f for f in got if f[3] == site}
                if want != have:
                    outcome.lost = True
                    gone, new = sorted(want - have), sorted(have - want)
                    outcome.notes.append(
                        f"{engine}: site {site} lost {len(gone)} finding(s) {gone[:1]}, "
                        f"gained {len(new)} {new[:1]}"
                    )
    return outcome


def _runs(case: Case, root: Path) -> dict[str, tuple[Run, str]]:
    """Every CLI run of a case, by name, with the format its stdout is in."""
    runs: dict[str, tuple[Run, str]] = {}
    if case.kind == "rules":
        rules, data = str(root / case.rules), str(root / case.data)
        runs["lint"] = (run_cli(["lint", rules]), "text")
        for engine in ("python", "duckdb"):
            runs[f"check {engine}"] = (
                run_cli(_check_args(data, "json", engine, "--rules", rules)),
                "json",
            )
        runs["check text --explain"] = (
            run_cli(_check_args(data, "text", "python", "--rules", rules, "--explain")),
            "text",
        )
        runs["explain LN-9"] = (run_cli(["explain", "LN-9", "--rules", rules]), "text")
        return runs
    data = str(root / case.data)
    for fmt in FORMATS:
        runs[f"python {fmt}"] = (run_cli(_check_args(data, fmt, "python")), fmt)
    runs["duckdb json"] = (run_cli(_check_args(data, "json", "duckdb")), "json")
    if case.fmt != "json":
        runs[f"duckdb {case.fmt}"] = (run_cli(_check_args(data, case.fmt, "duckdb")), case.fmt)
    return runs


def _judge_run(outcome: Outcome, name: str, run: Run, fmt: str, root: Path, case: Case) -> None:
    if run.unsupported:
        outcome.unsupported.append(name)
        return
    if run.crash:
        outcome.traceback = True
        outcome.notes.append(f"{name}: {run.crash.strip().splitlines()[-1][:200]}")
    if run.crash or run.code not in (0, 1, 2):
        outcome.bad_exit = True
        outcome.notes.append(f"{name}: exit {run.code}")
    if run.crash:
        return
    why = malformed(fmt, run.out) or unsafe_text("stderr", run.err)
    if why:
        outcome.malformed = True
        outcome.notes.append(f"{name}: {why}")
    lost_place = unlocated(run, root, data_case=case.kind != "rules" or name.startswith("check"))
    if lost_place and not (case.kind == "rules" and name.startswith("explain")):
        outcome.unlocated = True
        outcome.notes.append(f"{name}: {lost_place}")
    if fmt == "json" and run.code in (0, 1) and findings_of(run.out) is None:
        outcome.malformed = True
        outcome.notes.append(f"{name}: exit {run.code} and no JSON report")


def _compare(outcome: Outcome, py: Run, duck: Run, root: Path) -> None:
    """python and duckdb: the same exit status, findings and diagnostics."""
    if py.crash or duck.crash or py.unsupported or duck.unsupported:
        return
    fp, fd = findings_of(py.out), findings_of(duck.out)
    if fp != fd or (py.code != duck.code and 2 not in (py.code, duck.code)):
        outcome.disagree_findings = True
        outcome.notes.append(
            f"findings differ (exit python {py.code} duckdb {duck.code}): "
            f"python-only {sorted(map(str, (fp or set()) - (fd or set())))[:2]} "
            f"duckdb-only {sorted(map(str, (fd or set()) - (fp or set())))[:2]}"
        )
    dp, dd = diagnostics_of(py.err, root), diagnostics_of(duck.err, root)
    if dp != dd or (py.code != duck.code and 2 in (py.code, duck.code)):
        outcome.disagree_diagnostics = True
        outcome.notes.append(
            f"diagnostics differ (exit python {py.code} duckdb {duck.code}): "
            f"python-only {sorted((dp - dd).elements())[:3]} "
            f"duckdb-only {sorted((dd - dp).elements())[:3]}"
        )


def iter_cases(kinds: list[str], cases: int, seed: int = 0) -> Iterator[Case]:
    """`cases` cases spread over `kinds`, seeds seed, seed+1, ..., taken round-robin over the
    kinds so that a run stopped early has covered every kind alike."""
    per = max(1, cases // len(kinds))
    for i in range(per):
        for kind in kinds:
            yield GENERATORS[kind](seed + i)


def judge(case: Case) -> Outcome:
    """`run_case`, with a failure of the harness itself recorded instead of raised."""
    try:
        return run_case(case)
    except Exception as exc:  # a harness bug must not end a long run
        return Outcome(case, notes=[f"harness failed: {exc!r}"])


def run_many(kinds: list[str], cases: int, seed: int = 0) -> list[Outcome]:
    return [judge(case) for case in iter_cases(kinds, cases, seed)]


def to_log(o: Outcome) -> str:
    """One JSON line for a run's log (`python -m tests.fuzz --log FILE`)."""
    return json.dumps(
        {
            "kind": o.case.kind,
            "seed": o.case.seed,
            "what": o.case.what,
            "flags": o.flags(),
            "notes": o.notes[:6],
            "unsupported": o.unsupported,
        },
        ensure_ascii=True,
    )


def from_log(line: str) -> Outcome:
    """An outcome read back from a log line (the case keeps its kind, seed and mutations)."""
    d = json.loads(line)
    case = Case(d["kind"], d["seed"], d["what"], {}, "")
    o = Outcome(case, notes=d["notes"], unsupported=d["unsupported"])
    for flag in d["flags"]:
        setattr(o, flag, True)
    return o


def table(outcomes: list[Outcome]) -> str:
    """The before/after table: per kind, the cases and how many failed in each way."""
    rows = [
        "| kind | cases | " + " | ".join(TITLES[f] for f in FLAGS) + " |",
        "|---|" + "---:|" * (len(FLAGS) + 1),
    ]
    kinds = list(dict.fromkeys(o.case.kind for o in outcomes))
    tot = [0] * (len(FLAGS) + 1)
    for kind in kinds:
        mine = [o for o in outcomes if o.case.kind == kind]
        n = [len(mine), *(sum(getattr(o, f) for o in mine) for f in FLAGS)]
        tot = [a + b for a, b in zip(tot, n, strict=True)]
        rows.append(f"| {kind} | " + " | ".join(f"{x:,}" for x in n) + " |")
    rows.append("| **total** | " + " | ".join(f"{x:,}" for x in tot) + " |")
    skipped = Counter(name for o in outcomes for name in o.unsupported)
    if skipped:
        rows.append("")
        rows.append(
            "Runs the version under test could not do (an option it lacks), not judged: "
            + ", ".join(f"{name} ×{n:,}" for name, n in sorted(skipped.items()))
        )
    return "\n".join(rows)
