"""Optional features and the extras that install them.

Input: the name of a module a feature needs and the extra that provides it.
Output: the imported module, or an `LnvideoError` with one LNV403 line naming the
extra to install (``pip install 'lnvideo[bulk]'``) — never an ImportError.

Invariants: the core install (lark, attrs, pendulum, chinesecalendar, rich) checks
JSONL with the python engine and needs nothing here; every optional import of
the package goes through `require` (or is behind a module that was reached through it).

Example:
    >>> require("json", "bulk").__name__
    'json'
    >>> try:
    ...     require("no_such_module_xyz", "bulk", "reading Parquet tables")
    ... except Exception as exc:
    ...     print(exc.diagnostics[0].message)
    reading Parquet tables needs the `bulk` extra (no_such_module_xyz is not installed): pip install 'lnvideo[bulk]'
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from lnvideo.diagnostics import Diagnostic, LnvideoError

__all__ = ["EXTRAS", "available", "missing_extra", "require", "require_extra"]

#: extra -> the top-level modules its features need (pyproject.toml lists the distributions;
#: `bulk` and `spark` also install numpy, which the Parquet reader uses when it is there).
EXTRAS: dict[str, tuple[str, ...]] = {
    "bulk": ("duckdb", "sqlglot", "pyarrow"),
    "spark": ("pyspark", "duckdb", "sqlglot", "pyarrow"),
    "synth": ("numpy", "pyarrow"),
    "reports": ("openpyxl", "icalendar"),
    "docs": ("sphinx", "myst_parser", "pygments", "jieba"),
}


def missing_extra(extra: str, feature: str, module: str) -> LnvideoError:
    """The one-line error for `feature`, which needs `module` from `extra`."""
    msg = (
        f"{feature} needs the `{extra}` extra ({module} is not installed): "
        f"pip install 'lnvideo[{extra}]'"
    )
    return LnvideoError([Diagnostic("LNV403", msg)])


def require(module: str, extra: str, feature: str | None = None) -> ModuleType:
    """Import `module`, or raise the one-line LNV403 error naming `extra`."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        name = (exc.name or module).split(".")[0]
        raise missing_extra(extra, feature or module, name) from None


def require_extra(extra: str, feature: str) -> None:
    """Import every module of `extra` (`EXTRAS`), or raise the error for the first missing."""
    for module in EXTRAS[extra]:
        require(module, extra, feature)


def available(module: str) -> bool:
    """Whether `module` can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False
