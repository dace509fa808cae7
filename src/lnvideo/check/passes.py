"""The checker's passes, in the order they run.

Input: a `Checker` holding the parsed files. Output: each pass fills in the
checker's state (`packs`, `rules`, `ruleset`, `examples`, …) and adds
diagnostics; a pass returning False stops the run (nothing later could be
checked). Each pass lives in the module that owns its part of the language:

| pass          | module           | what it checks                                          |
|---------------|------------------|---------------------------------------------------------|
| `packs`       | `packs.py`       | pack headers, versions, `extends`, the effective date   |
| `vocabulary`  | `vocabulary.py`  | declared words and site fields (open vocabulary)        |
| `definitions` | `names.py`       | parameters, sets, conditions, interpretations           |
| `rules`       | `rules.py`       | each rule: names (`names.py`), types (`expressions.py`), shape, messages |
| `unused`      | `lint.py`        | definitions never used                                  |
| `overrides`   | `packs.py`       | one scope rule, overrides, displacements and their order |
| `examples`    | `examples.py`    | example records and expectations                        |
| `untested`    | `lint.py`        | rules no example expects                                |
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from lnvideo.check import examples, lint, names, packs, rules, vocabulary


@attrs.frozen
class Pass:
    name: str
    run: Callable[[Any], bool]


PASSES: tuple[Pass, ...] = (
    Pass("packs", packs.read_packs),
    Pass("vocabulary", vocabulary.declarations),
    Pass("definitions", names.definitions),
    Pass("rules", rules.check_rules),
    Pass("unused", lint.unused),
    Pass("overrides", packs.assemble),
    Pass("examples", examples.check_examples),
    Pass("untested", lint.untested),
)
