"""The pipeline: one way through (api.run -> engine -> sink), the slim core, exit statuses."""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import lnvideo
from lnvideo import api, sink
from lnvideo.cli import main

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "lnvideo"
DEMO = ROOT / "examples" / "demo.jsonl"
AS_OF = dt.date(2026, 11, 30)

#: Runs the CLI as an installation without the extras would: these imports fail.
BLOCKED = ("duckdb", "pyarrow", "sqlglot", "numpy", "pyspark", "openpyxl", "icalendar")
_SLIM = textwrap.dedent(
    f"""
    import importlib.abc, sys
    BLOCKED = {BLOCKED!r}
    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None
    sys.meta_path.insert(0, Block())
    from lnvideo.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


def slim(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`lnvideo ARGS` in a subprocess where no optional dependency can be imported."""
    env = {**os.environ, "PYTHONPATH": str(SRC.parent), "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-c", _SLIM, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


# ------------------------------------------------------------------ the slim core
def test_slim_core_checks_the_demo() -> None:
    """Without duckdb, pyarrow, sqlglot and numpy the demo check runs and finds violations."""
    result = slim("check", str(DEMO), "--as-of", "2026-11-30")
    assert result.returncode == 1, result.stderr
    assert "11 violated" in result.stdout
    assert "Traceback" not in result.stderr


def test_the_json_lines_path_imports_no_optional_package_even_when_installed(
    tmp_path: Path,
) -> None:
    """With every extra installed, checking JSON Lines still imports none of them."""
    probe = textwrap.dedent(
        f"""
        import contextlib, io, sys
        from lnvideo.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            main(["check", {str(DEMO)!r}, "--as-of", "2026-11-30", "--output", sys.argv[1]])
        print(sorted(m for m in {BLOCKED!r} if m in sys.modules))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "f.jsonl")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(SRC.parent)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        pytest.param(["check", "--engine", "duckdb", str(DEMO)], "bulk", id="engine-duckdb"),
        pytest.param(["check", "--output", "OUT/f.parquet", str(DEMO)], "bulk", id="parquet-out"),
        pytest.param(
            ["synth", "--sites", "3", "--seed", "1", "--out", "OUT/p"], "synth", id="synth"
        ),
        pytest.param(["check", "PARQUET"], "bulk", id="parquet-dir"),
        pytest.param(["check", "--engine", "python", "PARQUET"], "bulk", id="parquet-dir-python"),
    ],
)
def test_missing_extra_is_one_line_exit_2(args: list[str], extra: str, tmp_path: Path) -> None:
    """A feature whose extra is missing is one error line naming the extra, exit 2."""
    parquet = tmp_path / "province"
    if "PARQUET" in args:
        pytest.importorskip("pyarrow")
        from lnvideo import synth

        synth.write(parquet, 3, seed=1)
    argv = [str(parquet) if a == "PARQUET" else a.replace("OUT", str(tmp_path)) for a in args]
    result = slim(*argv)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error[LNV403]")
    assert f"pip install 'lnvideo[{extra}]'" in lines[0]
    assert result.stdout == ""


def test_core_dependencies_are_slim() -> None:
    """pyproject's core dependencies hold none of the heavy packages; each is in an extra."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = {re.split(r"[<>=\[ ]", d)[0] for d in project["dependencies"]}
    assert core == {"lark", "attrs", "pendulum", "chinesecalendar", "rich"}
    extras = project["optional-dependencies"]
    names = {k: {re.split(r"[<>=\[ ]", d)[0] for d in v} for k, v in extras.items()}
    assert {"duckdb", "sqlglot", "pyarrow"} <= names["bulk"]
    assert "numpy" in names["synth"] and "pyspark" in names["spark"]
    assert {"openpyxl", "icalendar"} <= names["reports"]
    assert {"pygments", "jieba"} <= names["docs"]
    assert set().union(*(v for k, v in names.items() if k != "all")) <= names["all"]


def test_ci_runs_the_readme_command_with_every_extra() -> None:
    """`.ci/run` runs exactly the README's second command, which installs every extra."""
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"```sh\n(python3 -m venv[^\n]*)\n```", readme)
    assert len(commands) >= 2
    assert "'.[all]'" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text()


# ------------------------------------------------------------------ exit statuses
def test_internal_error_exits_3_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An unexpected exception is exit 3: one line saying it is a bug and where the traceback is."""

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("something impossible")

    monkeypatch.setattr(api, "run", boom)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert main(["check", str(DEMO)]) == 3
    captured = capsys.readouterr()
    (line,) = captured.err.strip().splitlines()
    assert "bug" in line and "RuntimeError: something impossible" in line
    assert "Traceback" not in captured.err
    path = Path(re.search(r"traceback is in (\S+?);", line).group(1))  # type: ignore[union-attr]
    assert path.parent == tmp_path
    assert "Traceback" in path.read_text() and "something impossible" in path.read_text()


def test_exit_statuses_are_documented(capsys: pytest.CaptureFixture[str]) -> None:
    """`lnvideo --help` and `check --help` list 0, 1, 2 and 3; check documents --format and --lang."""
    for argv in (["--help"], ["check", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 0
        out = capsys.readouterr().out
        assert "exit status" in out
        for code in ("0", "1", "2", "3"):
            assert re.search(rf"^\s+{code}\s+\w", out, re.M), (argv, code)
    main_help = (ROOT / "README.md").read_text()
    assert "3" in main_help and "internal error" in main_help


def test_check_help_documents_format_and_lang(capsys: pytest.CaptureFixture[str]) -> None:
    """`check --help` says what each --format and --lang value gives."""
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "sarif" in out and "junit" in out and "html" in out and "ics" in out
    assert "every finding and a summary" in out
    assert "zh (中文)" in out


def test_bare_command_prints_help_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """`lnvideo` alone prints the help and exits 0."""
    assert main([]) == 0
    assert "COMMAND" in capsys.readouterr().out


def test_python_dash_m_lnvideo() -> None:
    """`python -m lnvideo` is the same command."""
    env = {**os.environ, "PYTHONPATH": str(SRC.parent)}
    result = subprocess.run(
        [sys.executable, "-m", "lnvideo", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("lnvideo ")


def test_argument_errors_use_the_one_error_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    """A bad argument is `error[LNV401]: ...`, like every other error line."""
    with pytest.raises(SystemExit) as exc:
        main(["check", "--format", "bogus", str(DEMO)])
    assert exc.value.code == 2
    assert "error[LNV401]: argument --format" in capsys.readouterr().err


def test_missing_input_prints_only_the_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing input: the error alone (no report, no summary, no :1:1 position), exit 2."""
    assert main(["check", "nonexistent.jsonl"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error[LNV011]: cannot read input `nonexistent.jsonl`")
    assert ":1:1" not in captured.err and "violated" not in captured.err


# ------------------------------------------------------------------ the API
def test_public_names_are_listed_and_documented() -> None:
    """dir(lnvideo) shows every public name; every public class has a docstring."""
    assert set(lnvideo.__all__) <= set(dir(lnvideo))
    for name in lnvideo.__all__:
        value = getattr(lnvideo, name)
        if isinstance(value, type):
            assert value.__doc__ and not value.__doc__.startswith(
                ("Create a collection", "An enumeration")
            ), name


def test_reprs_are_short() -> None:
    """repr(report) is one short line, not every finding."""
    rules = lnvideo.load_rules()
    report = rules.check_files([DEMO], as_of=AS_OF)
    assert repr(report).startswith("<Report as of 2026-11-30, liaoning@1.0.0: 11 violated")
    assert len(repr(report)) < 120 and len(repr(rules)) < 80


def test_run_keeps_or_writes_the_same_findings(tmp_path: Path) -> None:
    """`api.run` without an output keeps the findings; with one it writes them through the sink."""
    rules = lnvideo.load_rules()
    kept = api.run(rules, [DEMO], as_of=AS_OF)
    written = api.run(rules, [DEMO], as_of=AS_OF, output=tmp_path / "f.jsonl")
    assert kept.counts == written.counts and written.findings == ()
    lines = (tmp_path / "f.jsonl").read_text().splitlines()
    assert [json.loads(x)["rule"] for x in lines] == [f.rule for f in kept.findings]


def test_a_new_output_format_is_one_sink_entry(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Registering a format in `sink.SINKS` is enough for `--output` with every engine."""
    monkeypatch.setitem(
        sink.SINKS, "tsv", sink.SinkFormat("tsv", (".tsv",), __name__, "_write_tsv")
    )
    out = tmp_path / "f.tsv"
    assert main(["check", "--output", str(out), "--as-of", "2026-11-30", str(DEMO)]) == 1
    rows = out.read_text().splitlines()
    assert len(rows) == 102 and rows[0].count("\t") == 2


def _write_tsv(findings, path, *, lang="en", explain=False):  # type: ignore[no-untyped-def]
    with open(path, "w", encoding="utf-8") as fp:
        n = 0
        for f in findings:
            fp.write(f"{f.rule}\t{f.subject.id}\t{f.status.value}\n")
            n += 1
    return n


# ------------------------------------------------------------------ the shape of the code
def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
    return out


def test_engines_import_no_report_writer_and_nothing_from_synth() -> None:
    """Engines write through `lnvideo.sink`; their Arrow schemas come from `arrow_schema`."""
    for path in (SRC / "engines").glob("*.py"):
        for name in _imports(path):
            assert not name.startswith(("lnvideo.report", "lnvideo.synth")), (path.name, name)


def test_sarif_does_not_import_the_package_root() -> None:
    """The SARIF writer takes the version from `lnvideo.version`, not from `lnvideo`."""
    assert "lnvideo.__version__" not in _imports(SRC / "report" / "sarif.py")


def test_the_zone_is_declared_in_clock() -> None:
    """The pipeline's modules take the zone from `lnvideo.clock`."""
    owned = [
        "api.py",
        "synth.py",
        "sink.py",
        "arrow_schema.py",
        "engines/inputs.py",
        "engines/python_engine.py",
        "engines/duckdb_engine.py",
        "engines/spark_engine.py",
    ]
    for name in owned:
        code = ast.parse((SRC / name).read_text())
        literals = [
            n.value
            for n in ast.walk(code)
            if isinstance(n, ast.Constant) and n.value == "Asia/Shanghai"
        ]
        assert not literals, name


def test_system_stopped_events_are_read() -> None:
    """A `system_stopped` event (fields as `system_changed`) is a known event type."""
    from lnvideo.readers import read_jsonl

    line = (
        '{"kind": "event", "id": "E1", "site": "S1", "type": "system_stopped", "on": "2026-10-01"}'
    )
    import io

    (record,) = list(read_jsonl(io.StringIO(line + "\n"), name="t.jsonl"))
    assert isinstance(record, lnvideo.Event) and record.type == "system_stopped"


@pytest.mark.parametrize(
    "module",
    [
        "lnvideo",
        "lnvideo.api",
        "lnvideo.sink",
        "lnvideo.extras",
        "lnvideo.clock",
        "lnvideo.records",
        "lnvideo.calendar_file",
        "lnvideo.readers.to_jsonl",
        "lnvideo.cli.test",
    ],
)
def test_module_examples_pass(module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The `Example:` doctests of the pipeline's modules pass."""
    import doctest
    import importlib

    monkeypatch.chdir(ROOT)
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
