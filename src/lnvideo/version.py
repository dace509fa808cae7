"""The package version, declared once (pyproject.toml reads it from here).

Input: nothing. Output: `__version__`. Invariants: importing this module imports
nothing else, so any module (report formats, the CLI) may take the version from
here without importing the package's public API.
"""

__version__ = "0.1.0"
