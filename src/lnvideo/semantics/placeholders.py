"""Message templates: the one `{name}` pattern and the names every engine renders.

Input: a message template from a rule (`"… by {due}"`). Output: its parts.
Invariant: a name in `PLACEHOLDER_FIXED` is rendered by both compilers; any other
name must be a field of the rule's subject or site (`{site.county_code}`).
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
#: a placeholder naming a record field (its message depends on the record)
FIELD_PLACEHOLDER = re.compile(r"\{(site|camera|event)\.")
#: names both compilers render without a record field
PLACEHOLDER_FIXED = frozenset(
    {"due", "fulfilled_on", "as_of", "subject", "rule", "article", "title"}
)


def split_template(template: str) -> list[tuple[bool, str]]:
    """The template as (is_placeholder, text) parts, in order.

    Example:
        >>> split_template("due {due}.")
        [(False, 'due '), (True, 'due'), (False, '.')]
    """
    parts: list[tuple[bool, str]] = []
    pos = 0
    for m in PLACEHOLDER.finditer(template):
        if m.start() > pos:
            parts.append((False, template[pos : m.start()]))
        parts.append((True, m.group(1)))
        pos = m.end()
    if pos < len(template):
        parts.append((False, template[pos:]))
    return parts
