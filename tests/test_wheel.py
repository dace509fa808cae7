"""The wheel carries the grammar and the bundled rule pack, and finds them once installed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    code = (
        "import sys, hatchling.build as b, os; os.chdir(sys.argv[1]); "
        "print(b.build_wheel(sys.argv[2]))"
    )
    name = (
        subprocess.run(
            [sys.executable, "-c", code, str(ROOT), str(out)],
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return out / name


def test_wheel_contains_grammar_and_pack(wheel: Path) -> None:
    """The grammar, the keyword table and the Measures pack ship inside the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "lnvideo/_data/grammar/lnvideo.lark" in names
    assert "lnvideo/_data/grammar/keywords.toml" in names
    assert "lnvideo/_data/rules/liaoning/measures.lnv" in names
    assert "lnvideo/py.typed" in names
    assert "lnvideo/sphinxext/words.toml" in names  # the docs' fixed words


def test_installed_wheel_loads_rules_from_package_data(wheel: Path, tmp_path: Path) -> None:
    """Unpacked away from the checkout, the package finds its data and checks a site."""
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    script = (
        "import datetime as dt, lnvideo, lnvideo.resources as r;"
        "assert '_data' in str(r.grammar_path()), r.grammar_path();"
        "rs = lnvideo.load_rules();"
        "rep = rs.check_site(lnvideo.Site(id='S', county_code='210102', retention_days=3),"
        " as_of=dt.date(2026, 11, 30));"
        "print(rep.finding('LN-14.1.7', 'S').status.value)"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "violated"
