"""Per-record engine benchmark: the compiled rules against the hand-written checker.

Input: a synthetic province (`synth.generate_records(N, seed)` grouped with
`group_by_site`), an as-of date. Output: a table of wall times and sites per
second for the compiled Python engine (without and with explanations) and for
`benchmarks/handwritten.check_all`, their ratio, the start-up time of
`lnvideo --version` and the wall time of the demo check; with `--readme` the
figures also replace the "Per-record engine" section of benchmarks/README.md
(other sections are kept as they are).

Invariants: every timed run starts cold — a fresh `Ruleset` (so the engine's
deadline memo is empty) and a fresh oracle cache — and the best of `--repeat`
runs is reported; record generation and rule compilation are not timed. The
engine and the oracle are checked to produce the same number of findings.

Run: ``python benchmarks/per_record.py --sites 3000 --seed 1 --readme``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import lnvideo  # noqa: E402
from benchmarks import handwritten  # noqa: E402
from lnvideo import synth  # noqa: E402
from lnvideo.readers import SiteBundle, group_by_site  # noqa: E402

README = REPO / "benchmarks" / "README.md"
SECTION = "## Per-record engine"
GOAL_RATIO = 2.0
GOAL_VERSION_S = 0.3
GOAL_DEMO_S = 1.0
DEMO = REPO / "examples" / "demo.jsonl"


def best_of(
    repeat: int, prepare: Callable[[], Any], run: Callable[[Any], int]
) -> tuple[float, int]:
    """The best wall time of `repeat` runs of `run(prepare())` (prepare is not timed)."""
    best, count = float("inf"), 0
    for _ in range(repeat):
        state = prepare()
        start = time.perf_counter()
        count = run(state)
        best = min(best, time.perf_counter() - start)
    return best, count


def time_engine(
    bundles: Sequence[SiteBundle], as_of: dt.date, explain: bool, repeat: int
) -> tuple[float, int]:
    def run(rules: Any) -> int:
        return sum(1 for _ in rules.iter_findings(bundles, as_of=as_of, explain=explain))

    return best_of(repeat, lnvideo.load_rules, run)


def time_oracle(bundles: Sequence[SiteBundle], as_of: dt.date, repeat: int) -> tuple[float, int]:
    calendar = lnvideo.load_rules().calendar

    def run(_: Any) -> int:
        return len(handwritten.check_all(bundles, as_of, calendar))

    return best_of(repeat, lambda: None, run)


def time_finding_floor(n: int, repeat: int) -> float:
    """Constructing `n` `Finding` objects and nothing else: a floor for any engine that returns them."""
    from lnvideo.findings import Explanation, Finding, Severity, Status, Subject

    subject, explanation = Subject("site", "S", "S"), Explanation()

    def run(_: Any) -> int:
        for _ in range(n):
            Finding(
                rule="LN-3",
                article="3",
                subject=subject,
                status=Status.SATISFIED,
                due=None,
                fulfilled_on=None,
                severity=Severity.ERROR,
                message="",
                explanation=explanation,
            )
        return n

    return best_of(repeat, lambda: None, run)[0]


def lnvideo_command() -> list[str]:
    """The installed console script itself (not a pyenv shim, which adds its own start-up)."""
    beside = Path(sys.executable).parent / "lnvideo"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("lnvideo")
    if found:
        return [found]
    return [sys.executable, "-c", "from lnvideo.cli import main; raise SystemExit(main())"]


def time_command(args: list[str], repeat: int) -> float:
    """The best wall time of running `args` as a subprocess (its exit status is ignored)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
        best = min(best, time.perf_counter() - start)
    return best


def rows(figures: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(what, wall time, rate, goal) rows of the table."""
    n = figures["sites"]
    hand = figures["handwritten_s"]

    def rate(seconds: float) -> str:
        return f"{n / seconds:,.0f} sites/s"

    out = [
        ("hand-written (`handwritten.check_all`)", f"{hand:.3f} s", rate(hand), "baseline"),
    ]
    for key, label in (
        ("engine_s", "compiled, explain=False"),
        ("engine_explain_s", "compiled, explain=True"),
    ):
        t = figures[key]
        ratio = t / hand
        verdict = "met" if ratio <= GOAL_RATIO else "NOT met"
        out.append(
            (
                label,
                f"{t:.3f} s",
                f"{rate(t)} ({ratio:.1f}× hand-written)",
                f"≤ {GOAL_RATIO:g}×: {verdict}",
            )
        )
    floor = figures["finding_floor_s"]
    out.append(
        (
            "floor: building as many `Finding` objects, nothing else",
            f"{floor:.3f} s",
            f"({floor / hand:.1f}× hand-written)",
            "context",
        )
    )
    v = figures["version_s"]
    out.append(
        (
            "`lnvideo --version`",
            f"{v:.3f} s",
            "",
            f"< {GOAL_VERSION_S} s: {'met' if v < GOAL_VERSION_S else 'NOT met'}",
        )
    )
    demo = figures.get("demo_s")
    if demo is not None:
        out.append(
            (
                "`lnvideo check examples/demo.jsonl --as-of 2026-11-30`",
                f"{demo:.3f} s",
                "",
                f"< {GOAL_DEMO_S:g} s: {'met' if demo < GOAL_DEMO_S else 'NOT met'}",
            )
        )
    return out


def markdown(figures: dict[str, Any], command: str) -> str:
    table = ["| what | wall time (best) | rate | goal |", "|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows(figures)]
    return "\n".join(
        [
            SECTION,
            "",
            f"{figures['sites']:,} synthetic sites (`synth.generate_records({figures['sites']}, seed={figures['seed']})`, "
            f"{figures['cameras']:,} cameras, {figures['events']:,} events) grouped with `group_by_site`, "
            f"checked as of {figures['as_of']} ({figures['findings']:,} findings). Best of {figures['repeat']} "
            "cold runs (fresh `Ruleset`, fresh oracle cache); generating and compiling are not timed. "
            "Commands: best of 5 subprocess runs of the installed console script. The "
            "compiled engine returns full `Finding` objects (subject, localized message, "
            "severity); the hand-written checker returns bare tuples, so building the "
            "`Finding` objects alone is a floor under any ratio (row 'floor').",
            "",
            *table,
            "",
            f"Machine: {figures['machine']}."
            + (
                " The machine was shared with other jobs: the times are noisy; rerun on a quiet"
                " machine before quoting them."
                if figures["busy"]
                else ""
            )
            + " Reproduce with:",
            "",
            "```",
            command,
            "```",
            "",
        ]
    )


def write_section(text: str, path: Path = README) -> None:
    """Replace (or add) the "Per-record engine" section, keeping every other section."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    lines = old.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == SECTION), None)
    if start is None:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        new = (
            "".join(lines[:start])
            + text
            + ("\n" if end < len(lines) else "")
            + "".join(lines[end:])
        )
    path.write_text(new, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=synth.HORIZON)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--readme", action="store_true", help="write the figures into benchmarks/README.md"
    )
    args = parser.parse_args(argv)

    bundles, diags = group_by_site(synth.generate_records(args.sites, seed=args.seed))
    if diags:
        print(f"{len(diags)} input problems in the synthetic data", file=sys.stderr)
        return 2
    engine_s, n_engine = time_engine(bundles, args.as_of, False, args.repeat)
    explain_s, n_explain = time_engine(bundles, args.as_of, True, args.repeat)
    hand_s, n_hand = time_oracle(bundles, args.as_of, args.repeat)
    if not n_engine == n_explain == n_hand:
        print(f"finding counts differ: {n_engine} / {n_explain} / {n_hand}", file=sys.stderr)
        return 1
    cmd = lnvideo_command()
    figures: dict[str, Any] = {
        "sites": args.sites,
        "seed": args.seed,
        "as_of": args.as_of.isoformat(),
        "repeat": args.repeat,
        "cameras": sum(len(b.cameras) for b in bundles),
        "events": sum(len(b.events) for b in bundles),
        "findings": n_hand,
        "engine_s": engine_s,
        "engine_explain_s": explain_s,
        "handwritten_s": hand_s,
        "finding_floor_s": time_finding_floor(n_hand, args.repeat),
        "version_s": time_command([*cmd, "--version"], 5),
        "demo_s": (
            time_command([*cmd, "check", str(DEMO.relative_to(REPO)), "--as-of", "2026-11-30"], 5)
            if DEMO.exists()
            else None
        ),
        "machine": f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at the end of the run",
        "busy": os.getloadavg()[0] > 0.5 * (os.cpu_count() or 1),
    }
    width = max(len(r[0]) for r in rows(figures))
    for what, wall, rate, goal in rows(figures):
        print(f"{what:<{width}}  {wall:>9}  {rate:<40}  {goal}")
    if args.readme:
        command = (
            f"python benchmarks/per_record.py --sites {args.sites} --seed {args.seed} --readme"
        )
        write_section(markdown(figures, command))
        print(f"wrote the section {SECTION!r} of {README.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
