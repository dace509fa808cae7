"""The autodoc docstring hook: lists that reStructuredText can read, no internal references.

Input: the lines of a docstring as autodoc reads them.
Output: the same lines with a blank line before Markdown-style lists and without
references to the project's internal specification ("SPEC §2"), which the site
does not have.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["drop_spec_refs", "loosen_lists", "on_docstring"]


def loosen_lists(lines: list[str]) -> list[str]:
    """Put a blank line before a Markdown-style list that follows a text line.

    Module docstrings write "Rules:" directly followed by "- item" lines, which
    reStructuredText reads as an indentation error; this makes them lists.

    Example:
        >>> loosen_lists(["Rules:", "- one", "  more", "- two", "End."])
        ['Rules:', '', '- one', '  more', '- two', '', 'End.']
    """
    out: list[str] = []
    in_list = False
    for line in lines:
        is_item = line.startswith("- ")
        starts_list = is_item and not in_list and bool(out) and bool(out[-1].strip())
        ends_list = in_list and not is_item and bool(line.strip()) and not line.startswith(" ")
        if starts_list or ends_list:
            out.append("")
        if is_item:
            in_list = True
        elif not line.strip() or not line.startswith(" "):
            in_list = False
        out.append(line)
    return out


_SPEC_REF = re.compile(r"\s*\(?\bSPEC\s*§\s*\d+(?:\s*,\s*§?\s*\d+)*\)?")


def drop_spec_refs(line: str) -> str:
    """Remove references to the project's internal specification, which the site does not have.

    Example:
        >>> drop_spec_refs("Site records (SPEC §2) as frozen classes.")
        'Site records as frozen classes.'
        >>> drop_spec_refs("serialise to the SPEC §5 JSON shape")
        'serialise to the JSON shape'
    """
    return _SPEC_REF.sub("", line)


def on_docstring(app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    """autodoc hook: Markdown-style lists become lists; no line names the internal specification."""
    lines[:] = [drop_spec_refs(line) for line in lines]
    if what == "module":
        lines[:] = loosen_lists(lines)
