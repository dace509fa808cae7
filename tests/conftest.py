"""Shared pytest options: `--update-golden` rewrites the golden `.expected` files."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/bad/*.expected from the current diagnostics",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run should rewrite golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))
