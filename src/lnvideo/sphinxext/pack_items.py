"""What the packs' sources say that the checked rule set does not keep.

Input: a checked rule set (`ir.Ruleset`, whose `sources` maps each rule file to its
text). Output: the items of one kind written in those files (unnumbered provisions,
parameter and field declarations), with the pack that wrote them, in file order and
written order. Each source text is parsed once per build, whichever pages ask.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")


def pack_items(checked: Any, kind: type[T]) -> Iterator[tuple[str, T]]:
    """(pack name, item) for every item of type `kind` in the sources of `checked`.

    Example:
        >>> from lnvideo.sphinxext.pages import docs_ruleset
        >>> from lnvideo.syntax import ast
        >>> [(pack, item.target.fields) for pack, item in pack_items(docs_ruleset().ir, ast.FieldDecl)]
        [('national', ('signage',))]
    """
    for path, text in getattr(checked, "sources", {}).items():
        parsed = _parsed(str(path), text)
        if parsed is None:
            continue
        pack, items = parsed
        for item in items:
            if isinstance(item, kind):
                yield pack, item


@lru_cache(maxsize=64)
def _parsed(name: str, text: str) -> tuple[str, tuple[Any, ...]] | None:
    from lnvideo.syntax.from_tree import parse

    rule_file, _ = parse(text, name)
    if rule_file is None:
        return None
    return rule_file.header.name, tuple(rule_file.items)
