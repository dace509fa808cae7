"""Which Spark master a run uses, without a cluster: the resolved master string.

`--spark-master` has no default, so the usual Spark configuration applies:
$LNVIDEO_SPARK_MASTER, a `--master` (or `--conf spark.master=`) in
$PYSPARK_SUBMIT_ARGS, `spark.master` in spark-defaults.conf, $MASTER or
$SPARK_MASTER, and local[2] only when none of them says anything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lnvideo.cli import build_parser
from lnvideo.engines.spark_engine import DEFAULT_MASTER, resolve_master

_ENV = ("LNVIDEO_SPARK_MASTER", "PYSPARK_SUBMIT_ARGS", "MASTER", "SPARK_MASTER", "SPARK_HOME")


@pytest.fixture
def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No Spark setting in the environment; an empty configuration directory."""
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SPARK_CONF_DIR", str(tmp_path))
    return tmp_path


def _cli_master(*args: str) -> str:
    """The master `lnvideo check --engine spark ...` runs on."""
    parsed = build_parser().parse_args(["check", "--engine", "spark", *args, "in.jsonl"])
    return resolve_master(parsed.spark_master)


def test_spark_master_option_has_no_default(clean: Path) -> None:
    parsed = build_parser().parse_args(["check", "in.jsonl"])
    assert parsed.spark_master is None
    assert _cli_master() == DEFAULT_MASTER == "local[2]"


def test_the_option_wins_over_every_setting(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LNVIDEO_SPARK_MASTER", "local[1]")
    monkeypatch.setenv("MASTER", "spark://env:7077")
    (clean / "spark-defaults.conf").write_text("spark.master spark://conf:7077\n")
    assert _cli_master("--spark-master", "spark://cli:7077") == "spark://cli:7077"


@pytest.mark.parametrize("name", ["MASTER", "SPARK_MASTER"])
def test_environment_master_applies_without_the_option(
    clean: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(name, "spark://env:7077")
    assert _cli_master() == "spark://env:7077"


def test_spark_defaults_conf_wins_over_the_environment(
    clean: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As spark-submit does: `spark.master` of the properties file before $MASTER."""
    monkeypatch.setenv("MASTER", "spark://env:7077")
    (clean / "spark-defaults.conf").write_text("# mine\nspark.master   spark://conf:7077\n")
    assert _cli_master() == "spark://conf:7077"


def test_spark_home_conf_is_read(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPARK_CONF_DIR")
    (clean / "conf").mkdir()
    (clean / "conf" / "spark-defaults.conf").write_text("spark.master yarn\n")
    monkeypatch.setenv("SPARK_HOME", str(clean))
    assert _cli_master() == "yarn"


@pytest.mark.parametrize(
    ("submit_args", "expected"),
    [
        ("--master spark://sub:7077 pyspark-shell", "spark://sub:7077"),
        ("--master=local[3] pyspark-shell", "local[3]"),
        ("--conf spark.master=spark://c:7077 pyspark-shell", "spark://c:7077"),
        ("-c spark.master=local[4] --master local[5] pyspark-shell", "local[5]"),
        ("--driver-memory 2g pyspark-shell", "spark://conf:7077"),
    ],
)
def test_pyspark_submit_args(
    clean: Path, monkeypatch: pytest.MonkeyPatch, submit_args: str, expected: str
) -> None:
    """The command line pyspark hands to spark-submit: --master, then --conf spark.master."""
    (clean / "spark-defaults.conf").write_text("spark.master spark://conf:7077\n")
    monkeypatch.setenv("PYSPARK_SUBMIT_ARGS", submit_args)
    assert _cli_master() == expected


def test_lnvideo_variable_comes_right_after_the_option(
    clean: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYSPARK_SUBMIT_ARGS", "--master local[3] pyspark-shell")
    monkeypatch.setenv("LNVIDEO_SPARK_MASTER", "local[1]")
    assert _cli_master() == "local[1]"


def test_the_option_help_names_the_fallbacks() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    check = sub.choices["check"]  # type: ignore[attr-defined]
    option = next(a for a in check._actions if a.dest == "spark_master")
    assert option.default is None
    assert "spark-defaults.conf" in option.help
    assert "local[2]" in option.help
