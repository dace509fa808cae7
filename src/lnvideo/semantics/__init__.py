"""The meaning of the rule language's built-ins, declared once.

Input: nothing (this package is data and small pure functions). Output: the
tables `check/` and `compile/` both read, so that the checker, the Python
evaluator and the SQL generator cannot disagree about what a built-in means.

What lives here:
- `forms`: every expression and requirement form: its result type for the
  checker, its printed keyword, and the dialects that lack it (with why).
- `functions`: every built-in function (`starts_with`, …): parameter kinds,
  result type, Python implementation, SQL lowering, lacking dialects, unknown
  reason, printed form and doc, one entry each.
- `operators`: the comparison operators: Python function, sqlglot node, mirror.
- `verdicts`: what true / false / unknown mean for `requires`, `forbids`,
  `permits` and `in scope`; the ordered decision steps of `requires … within`
  and `requires event … within`; the gates applied before a rule is judged
  (scope, before-effective) and the override loop's order.
- `texts`: every status message, not-applicable / unknown reason and
  explanation note, in English and Chinese.
- `placeholders`: the one `{name}` pattern of message templates and the fixed
  names both compilers render.
- `values`: `show(value)`, a record value as the rule language writes it.

Invariants: every text has `en` and `zh`; statuses are `findings.Status`
values written as strings; nothing here imports a compiler or the checker.

Where a new built-in function goes: one `Function` entry in `functions.FUNCTIONS`
(+ tests: `tests/test_functions.py` shows a fixture registering one). Nothing
else changes: a call `name(arg, …)` is one `Call` node that the checker types
from the entry and the printer and both compilers handle once.

Where a new clause form (syntax of its own) goes:
1. Its IR node class in `lnvideo/ir.py` and its AST node in `syntax/ast.py`
   (the grammar and the printer belong to the syntax stage).
2. One entry in `forms.FORMS` (result type, printed keyword, dialects that lack
   it) — or in `operators.COMPARISONS` for a new comparison — and, when it has
   outcomes of its own, its steps in `verdicts` and its texts in `texts`.
3. The lowerings named by the entry: `check/expressions.py` (`_e_<Form>`),
   `compile/to_python.py` (`_c_<Form>`), `compile/to_sql.py` (`_e_<Form>`).
   A compiler without a lowering for a form reports it through the table
   (LNV402 in SQL), never silently.
4. Tests: tests/test_semantics.py (the table), an example in a rule pack (the
   engines' agreement is checked on every pack example).

A new gate (issue "Layered law": an instrument's effective/end date, its area)
is one more `Gate` in `verdicts.GATES` with its reason text in `texts`, and its
test in each compiler's gate table (`CompiledRuleset` / `SqlCompiler.gate`);
a declared displacement is a gate whose status is `not_applicable` and whose
reason names the winning rule and the ground.

The same finding from every engine (issue "Findings auditors can act on"): an
outcome is data — a status, due and fulfilled dates, reason tuples and note
tuples whose first element keys `REASON_TEXTS` / `NOTE_TEXTS`, and the words
(true/false/unknown) of the `applies` and requirement clauses. The SQL query
should return those keys and values as columns (the gate's reason key is
already `lnv_why`; the clause words, the decided step, the deciding event's
date, organ and lateness, and the NULL paths of an unknown condition are the
rest), and the engine renders messages and explanations with these same
functions in Python, cached per key, so no text is ever written in SQL twice.
"""

from __future__ import annotations

from lnvideo.semantics.forms import FORMS, Form, lacking
from lnvideo.semantics.functions import FUNCTIONS, Function
from lnvideo.semantics.operators import COMPARISONS, Comparison
from lnvideo.semantics.placeholders import (
    FIELD_PLACEHOLDER,
    PLACEHOLDER,
    PLACEHOLDER_FIXED,
    split_template,
)
from lnvideo.semantics.texts import (
    NOTE_TEXTS,
    REASON_TEXTS,
    STATUS_TEXTS,
    note_text,
    reason_text,
    render_reason,
    status_text,
)
from lnvideo.semantics.values import show
from lnvideo.semantics.verdicts import (
    DEADLINE_STEPS,
    GATES,
    UNKNOWN,
    VERDICTS,
    Gate,
    step_status,
)

__all__ = [
    "COMPARISONS",
    "DEADLINE_STEPS",
    "FIELD_PLACEHOLDER",
    "FORMS",
    "FUNCTIONS",
    "GATES",
    "NOTE_TEXTS",
    "PLACEHOLDER",
    "PLACEHOLDER_FIXED",
    "REASON_TEXTS",
    "STATUS_TEXTS",
    "UNKNOWN",
    "VERDICTS",
    "Comparison",
    "Form",
    "Function",
    "Gate",
    "lacking",
    "note_text",
    "reason_text",
    "render_reason",
    "show",
    "split_template",
    "status_text",
    "step_status",
]
