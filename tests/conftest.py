"""Shared pytest options: `--update-golden` rewrites the golden `.expected` files.

Hypothesis runs without its per-example deadline: on a loaded 2-core runner the first
example of a test (imports, a cold cache) can take seconds, and a deadline would fail
a correct test. Each test still bounds its work with `max_examples`.
"""

from __future__ import annotations

import pytest
from hypothesis import settings

settings.register_profile("lnvideo", deadline=None)
settings.load_profile("lnvideo")


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
