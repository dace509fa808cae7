"""Where the grammar and the bundled rule packs live, installed or in a checkout.

A wheel carries them under `lnvideo/_data/`; a source checkout (or an editable
install) has them at the repository root. Either way callers get a `Path`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The directory `name` (`grammar` or `rules`) wherever it was installed."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent.parent / name
    if checkout.is_dir():
        return checkout
    msg = (
        f"lnvideo is installed without its {name}/ directory (looked in {installed} and {checkout})"
    )
    raise FileNotFoundError(msg)


def grammar_path() -> Path:
    return data_dir("grammar") / "lnvideo.lark"


def bundled_pack_dir(name: str = "liaoning") -> Path:
    return data_dir("rules") / name
