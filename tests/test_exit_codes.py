"""Exit statuses: 0 fine, 1 violations (or lint errors), 2 unusable input, 3 an internal error.

The status-3 tests pass once the `pipeline` branch (cli/: internal errors exit 3 with one
line naming the bug and where the details went) is merged; the others pass on their own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lnvideo.cli import main

SITE = {"kind": "site", "id": "S1", "county_code": "210102", "place_category": "hotel"}


def data(tmp_path: Path, *records: dict) -> str:
    f = tmp_path / "a.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in records))
    return str(f)


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_bad_input_exits_2(tmp_path: Path, engine: str) -> None:
    """A located input error is status 2 on every engine."""
    path = data(tmp_path, {"kind": "site", "id": "S\ud800"})
    assert main(["check", "--engine", engine, "--as-of", "2026-11-30", path]) == 2


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_internal_error_exits_3_with_one_line(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug (here: the reader raising) exits 3, never 1; stderr says it is a bug, no traceback."""
    import lnvideo.readers as readers

    def broken(*args: object, **kwargs: object) -> object:
        msg = "simulated internal error"
        raise RuntimeError(msg)

    monkeypatch.setattr(readers, "group_by_site", broken)
    monkeypatch.setattr(readers, "group_jsonl", broken)  # JSON Lines grouped site by site
    monkeypatch.setattr("lnvideo.engines.inputs.records_input", broken, raising=False)
    path = data(tmp_path, SITE)
    code = main(["check", "--engine", engine, "--as-of", "2026-11-30", path])
    err = capsys.readouterr().err
    assert code == 3
    assert "Traceback" not in err
    assert "bug" in err.lower()


def test_internal_error_is_status_3_of_the_process(tmp_path: Path) -> None:
    """In a real process a bug exits 3 (never 1, "violations"), with exactly one line on
    stderr naming the file that holds the traceback; the traceback is in that file."""
    import re
    import subprocess
    import sys

    path = data(tmp_path, SITE)
    script = (
        "import lnvideo.readers as r, lnvideo.engines.inputs as i, lnvideo.cli as c\n"
        "def broken(*a, **k):\n    raise RuntimeError('simulated internal error')\n"
        "r.group_by_site = r.group_jsonl = i.records_input = broken\n"
        "c.run()\n"
    )
    env_tmp = tmp_path / "t"
    env_tmp.mkdir()
    import os

    env = {**os.environ, "TMPDIR": str(env_tmp)}
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "check",
            "--engine",
            "python",
            "--as-of",
            "2026-11-30",
            path,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 3, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr and "bug" in lines[0]
    (file,) = re.findall(r"the traceback is in (\S+?);", lines[0])
    assert Path(file).parent == env_tmp
    assert "simulated internal error" in Path(file).read_text(encoding="utf-8")
