"""Open vocabulary: the words and site fields the loaded packs declare (SPEC §8).

Input: the `value … for site.place_category|camera.place` and `field site.X is TYPE`
declarations of every loaded file. Output: the checker's `schema.Vocabulary`
(the union over the packs), which the later passes, the compilers and the readers
see through `schema.using`. Errors: a word declared twice for different targets,
a field declared twice with different types, a field the schema already has, a
target that cannot take declarations.
"""

from __future__ import annotations

from typing import Any

from lnvideo import schema
from lnvideo.diagnostics import Diagnostic
from lnvideo.syntax import ast

_TARGETS = ("site.place_category", "camera.place")


def declarations(ck: Any) -> bool:
    """Pass `vocabulary`: collect the declarations into `ck.vocabulary`."""
    values: dict[str, tuple[str, str, Any]] = {}
    fields: dict[str, tuple[schema.FieldSpec, Any]] = {}
    texts: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    for f in ck.ordered_files:
        pack = f.header.name
        for item in f.items:
            if isinstance(item, ast.ValueDecl):
                target = str(item.target)
                if target not in _TARGETS:
                    ck.diags.append(
                        Diagnostic(
                            "LNV108",
                            f"`value … for {target}`: only {' and '.join(_TARGETS)} take new words",
                            item.span,
                        )
                    )
                    continue
                prev = values.get(item.word)
                if prev is not None:
                    if prev[0] != target:
                        ck.diags.append(
                            Diagnostic(
                                "LNV105",
                                f"`{item.word}` is declared for {target} here and for "
                                f"{prev[0]} by pack `{prev[1]}` ({prev[2]})",
                                item.span,
                            )
                        )
                    continue
                values[item.word] = (target, pack, item.span)
                texts.append((item.word, item.text.items))
            elif isinstance(item, ast.FieldDecl):
                root, _, name = str(item.target).partition(".")
                if root != "site" or name in schema.SITE_FIELDS:
                    ck.diags.append(
                        Diagnostic(
                            "LNV105",
                            f"`field {item.target}`: "
                            + (
                                "the schema already has this field"
                                if root == "site"
                                else "only site fields can be declared"
                            ),
                            item.span,
                        )
                    )
                    continue
                spec = schema.FieldSpec(
                    name, schema.declared_type(item.type), doc=item.text.get("en", "")
                )
                old = fields.get(name)
                if old is not None:
                    if old[0].type != spec.type:
                        ck.diags.append(
                            Diagnostic(
                                "LNV105",
                                f"field `site.{name}` is declared as {item.type} here and as "
                                f"{old[0].type.value} at {old[1]}",
                                item.span,
                            )
                        )
                    continue
                fields[name] = (spec, item.span)
                texts.append((name, item.text.items))
    ck.vocabulary = schema.Vocabulary(
        tuple((w, t, p) for w, (t, p, _) in values.items()),
        tuple(s for s, _ in fields.values()),
        tuple(texts),
    )
    return True
