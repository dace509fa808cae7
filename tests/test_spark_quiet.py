"""A check through the spark engine prints no JVM log line: stderr has the summary only.

Runs `lnvideo check --engine spark` as a user does (a subprocess), on a small
synthetic province. With a standalone cluster running (scripts/spark-cluster.sh,
or $LNVIDEO_TEST_SPARK_MASTER), the same is checked against it.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lnvideo import synth
from lnvideo.engines.spark_engine import resolve_master, spark_available

WHY = spark_available()
pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(WHY is not None, reason=f"spark engine unavailable: {WHY}"),
]
AS_OF = "2026-11-30"
#: What JVM / log4j / Spark start-up output looks like.
JVM_LINE = re.compile(
    r"\b(WARN|INFO|ERROR|DEBUG)\b|log4j|WARNING: |Setting default log level|Using Spark's"
    r"|NativeCodeLoader|SparkContext|spark\.|^\d\d/\d\d/\d\d \d\d:\d\d:\d\d"
)
CLUSTER = os.environ.get("LNVIDEO_TEST_SPARK_MASTER", "spark://127.0.0.1:7077")


def _cluster_up() -> bool:
    host, _, port = CLUSTER.removeprefix("spark://").partition(":")
    try:
        with socket.create_connection((host, int(port or 7077)), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("province")
    synth.write(out, 20, seed=3)
    return out


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LNVIDEO_SPARK_MASTER"}
    cmd = [
        sys.executable,
        "-c",
        "import sys; from lnvideo.cli import main; sys.exit(main(sys.argv[1:]))",
    ]
    return subprocess.run(
        [*cmd, "check", "--engine", "spark", "--as-of", AS_OF, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def _jvm_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if JVM_LINE.search(line)]


def test_spark_json_report_has_no_jvm_lines(province: Path) -> None:
    """`--format json`: stdout is one JSON object, stderr holds no JVM line."""
    proc = _check(str(province), "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    report: Any = json.loads(proc.stdout)
    assert report["findings"] and report["as_of"] == AS_OF
    assert _jvm_lines(proc.stderr) == []


def test_spark_output_prints_only_the_summary(province: Path, tmp_path: Path) -> None:
    """`--output f.parquet`: stderr is the one summary line."""
    out = tmp_path / "f.parquet"
    proc = _check(str(province), "--output", str(out))
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    assert out.is_file()
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "engine spark" in lines[0], lines
    assert _jvm_lines(proc.stderr) == []


@pytest.mark.skipif(not _cluster_up(), reason=f"no Spark standalone master at {CLUSTER}")
def test_spark_cluster_has_no_jvm_lines_and_agrees(province: Path, tmp_path: Path) -> None:
    """On a standalone cluster: no JVM line, and the same counts as local mode."""
    local, remote = tmp_path / "local.parquet", tmp_path / "cluster.parquet"
    a = _check(str(province), "--output", str(local))
    b = _check(str(province), "--spark-master", CLUSTER, "--output", str(remote))
    assert b.returncode == a.returncode, b.stderr[-2000:]
    assert _jvm_lines(b.stderr) == []
    # the summary lines give the same counts (the time at the end differs)
    assert a.stderr.split(" — ")[0] == b.stderr.split(" — ")[0]


def test_resolve_master_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The argument, then $LNVIDEO_SPARK_MASTER, then spark-defaults.conf, then local[2]."""
    monkeypatch.delenv("LNVIDEO_SPARK_MASTER", raising=False)
    monkeypatch.delenv("MASTER", raising=False)
    monkeypatch.setenv("SPARK_CONF_DIR", str(tmp_path))
    monkeypatch.delenv("SPARK_HOME", raising=False)
    assert resolve_master(None) == "local[2]"
    (tmp_path / "spark-defaults.conf").write_text("# mine\nspark.master   spark://h:7077\n")
    assert resolve_master(None) == "spark://h:7077"
    monkeypatch.setenv("LNVIDEO_SPARK_MASTER", "local[1]")
    assert resolve_master(None) == "local[1]"
    assert resolve_master("spark://x:1") == "spark://x:1"
