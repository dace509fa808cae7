"""Hypothesis strategies for rule files: valid ASTs, their text, and text with comments.

`rule_files()` draws `ast.RuleFile` values that the grammar can express (see the
notes on what is left out); `rule_texts()` prints them with the canonical printer
and, optionally, scatters `#` comments over the lines. Names never collide with a
keyword spelling, strings avoid the line-break characters the comment scanner
splits on, and no node carries a span (spans take no part in equality).

Left out, because the AST cannot round-trip them through text:
- a top-level `example` after an `article` (the grammar makes it part of the article);
- empty `Text` (title, summary, docs need at least one `en "..."`);
- a modality without a subject, or a subject without a modality.
"""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import strategies as st

from lnvideo.syntax import ast, keywords

#: every word that is (part of) a keyword in some language: never used as a name
RESERVED: frozenset[str] = frozenset(
    word
    for table in keywords.table().values()
    for spellings in table.values()
    for spelling in spellings
    for word in spelling.split()
)

UNITS = ("days", "working_days", "months", "years", "hours")
MODALITIES = ("obligation", "prohibition", "permission", "scope")
LEVELS = ("error", "warning", "info")
CHECKS = ("present", "missing", "empty", "true", "false")
STATUSES = ("satisfied", "violated", "pending", "not_applicable", "unknown")
COMPARE_OPS = ("=", "!=", "<", "<=", ">", ">=")

names = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True).filter(lambda s: s not in RESERVED)
#: field names may be keywords: after `.` or inside `{...}` only a name is expected
field_names = st.one_of(names, st.sampled_from(["on", "site", "event", "in", "id"]))
rule_ids = st.from_regex(r"[A-Z]{1,3}-([0-9]{1,2}(\.[0-9]{1,2}[a-z]?)?|[A-Z]{2,5})", fullmatch=True)
ints = st.integers(min_value=-99, max_value=10_000)
naturals = st.integers(min_value=0, max_value=400)
dates = st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31))
langs = st.sampled_from(["en", "zh"])

_TEXT_ALPHABET = st.one_of(
    st.sampled_from(string.ascii_letters + string.digits + ' .,;:!?-_/()[]{}#"\\\n\t{}'),
    st.sampled_from("辽宁省公共安全视频图像信息系统管理办法备案期间"),
)
texts = st.text(_TEXT_ALPHABET, max_size=20)


@st.composite
def lang_texts(draw: st.DrawFn, min_size: int = 1) -> ast.Text:
    items = draw(st.lists(st.tuples(langs, texts), min_size=min_size, max_size=2))
    return ast.Text(tuple(items))


optional_text = st.one_of(st.none(), lang_texts())


# ---------------------------------------------------------------- expressions
durations: st.SearchStrategy[ast.Duration] = st.one_of(
    st.builds(ast.DurationLit, st.integers(-5, 400), st.sampled_from(UNITS)),
    st.builds(ast.DurationRef, names),
)
paths = st.builds(
    ast.Path,
    st.one_of(st.sampled_from(["site", "camera", "event"]), names),
    st.lists(field_names, min_size=1, max_size=2).map(tuple),
)
literals = st.builds(ast.Literal, st.one_of(texts, ints, dates, st.booleans()))
set_lits = st.builds(
    ast.SetLit,
    st.lists(
        st.one_of(st.builds(ast.Word, names), st.builds(ast.Literal, st.one_of(texts, ints))),
        max_size=4,
    ).map(tuple),
)
atoms: st.SearchStrategy[ast.Expr] = st.one_of(
    paths,
    st.builds(ast.Ref, names),
    literals,
    set_lits,
    st.just(ast.Effective()),
)


def _related(inner: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Related]:
    return st.builds(ast.Related, names, names, st.one_of(st.none(), inner))


def _extend(inner: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
    return st.one_of(
        st.builds(ast.Compare, st.sampled_from(COMPARE_OPS), inner, inner),
        st.builds(ast.Member, inner, inner, st.booleans()),
        st.builds(ast.Check, inner, st.sampled_from(CHECKS), st.booleans()),
        st.builds(lambda a, b: ast.Call("starts_with", (a, b)), inner, inner),
        st.builds(ast.Call, names, st.lists(inner, max_size=3).map(tuple)),
        st.builds(ast.Within, inner, durations, inner),
        st.builds(ast.AtLeast, inner, durations, inner),
        st.builds(ast.Exists, _related(inner), st.booleans()),
        st.builds(ast.Count, _related(inner)),
        st.builds(ast.And, inner, inner),
        st.builds(ast.Or, inner, inner),
        st.builds(ast.Not, inner),
        st.builds(ast.If, inner, inner, inner),
    )


exprs: st.SearchStrategy[ast.Expr] = st.recursive(atoms, _extend, max_leaves=8)


# ---------------------------------------------------------------- rules
citations = st.one_of(
    st.builds(
        ast.Citation,
        st.integers(1, 60),
        st.one_of(st.none(), st.integers(1, 9)),
        st.one_of(st.none(), st.integers(1, 9)),
    ),
    st.builds(ast.Citation, st.integers(1, 60), last_paragraph=st.just(True)),
    st.just(ast.Citation(None)),  # `unnumbered provision`
)
subjects = st.one_of(
    st.builds(ast.SubjectSpec, st.sampled_from(["site", "camera"])),
    st.builds(ast.SubjectSpec, st.just("event"), names, st.lists(names, max_size=2).map(tuple)),
)
displacements = st.builds(ast.Displacement, rule_ids, st.sampled_from(ast.GROUNDS))
requirements: st.SearchStrategy[ast.Requirement] = st.one_of(
    st.builds(ast.Requires, exprs),
    st.builds(ast.Forbids, exprs),
    st.builds(ast.Permits, exprs),
    st.builds(ast.InScope, exprs),
    st.builds(ast.RequiresBy, exprs, durations, exprs),
    st.builds(ast.RequiresEventBy, _related(exprs), durations, exprs),
)


@st.composite
def rules(draw: st.DrawFn) -> ast.Rule:
    modality = draw(st.one_of(st.none(), st.sampled_from(MODALITIES)))
    return ast.Rule(
        draw(rule_ids),
        title=draw(optional_text),
        cites=tuple(draw(st.lists(citations, max_size=2))),
        modality=modality,
        subject=draw(subjects) if modality else None,
        severity=draw(st.one_of(st.none(), st.sampled_from(LEVELS))),
        applies=draw(st.one_of(st.none(), exprs)),
        requirement=draw(st.one_of(st.none(), requirements)),
        interprets=tuple(draw(st.lists(names, max_size=2))),
        messages=tuple(draw(st.lists(st.tuples(langs, texts), max_size=2))),
        overrides=draw(st.one_of(st.none(), rule_ids)),
        displaces=draw(st.one_of(st.none(), displacements)),
        due=draw(st.one_of(st.none(), exprs)),
    )


# ---------------------------------------------------------------- examples
datetimes_text = st.from_regex(
    r"20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?(Z|\+08:00)?",
    fullmatch=True,
)
scalar_values = st.one_of(
    texts, ints, dates, st.booleans(), datetimes_text, st.builds(ast.Word, names)
)
record_values = st.one_of(scalar_values, st.lists(scalar_values, max_size=3))
record_fields = st.builds(ast.RecordField, field_names, record_values)
idents = st.one_of(
    names, texts, ints.map(str), st.from_regex(r"[A-Z]{1,2}[0-9]{1,3}", fullmatch=True)
)


@st.composite
def example_records(draw: st.DrawFn) -> ast.ExampleRecord:
    kind = draw(st.sampled_from(["site", "camera", "event"]))
    ident = draw(names) if kind == "event" else draw(idents)
    return ast.ExampleRecord(kind, ident, tuple(draw(st.lists(record_fields, max_size=3))))


@st.composite
def expects(draw: st.DrawFn) -> ast.Expect:
    return ast.Expect(
        draw(rule_ids),
        draw(st.sampled_from(STATUSES)),
        draw(st.sampled_from(["site", "camera", "event"])),
        draw(idents),
        due=draw(st.one_of(st.none(), dates)),
        no_due=draw(st.booleans()),
        fulfilled=draw(st.one_of(st.none(), dates)),
    )


def examples(article: int | None = None) -> st.SearchStrategy[ast.Example]:
    return st.builds(
        ast.Example,
        texts,
        st.one_of(st.none(), dates),
        st.lists(example_records(), max_size=2).map(tuple),
        st.lists(expects(), max_size=2).map(tuple),
        article=st.just(article),
    )


# ---------------------------------------------------------------- files
@st.composite
def articles(draw: st.DrawFn) -> ast.Article:
    number = draw(st.integers(1, 60))
    return ast.Article(
        number=number,
        title=draw(optional_text),
        summary=draw(optional_text),
        not_checkable=draw(optional_text),
        rules=tuple(draw(st.lists(rules(), max_size=2))),
        examples=tuple(draw(st.lists(examples(number), max_size=1))),
    )


@st.composite
def provisions(draw: st.DrawFn) -> ast.Provision:
    return ast.Provision(
        title=draw(optional_text),
        summary=draw(optional_text),
        not_checkable=draw(optional_text),
        rules=tuple(draw(st.lists(rules(), max_size=2))),
        examples=tuple(draw(st.lists(examples(None), max_size=1))),
    )


params = st.builds(
    ast.Parameter,
    names,
    st.one_of(
        ints,
        st.builds(ast.DurationLit, st.integers(0, 400), st.sampled_from(UNITS)),
        st.builds(ast.DurationRef, names),
    ),
    doc=optional_text,
)
definitions: st.SearchStrategy[ast.Item] = st.one_of(
    st.builds(ast.Interpretation, names, lang_texts()),
    params,
    st.builds(ast.SetDef, names, set_lits, doc=optional_text),
    st.builds(ast.SetExtend, names, set_lits, doc=optional_text),
    st.builds(ast.ConditionDef, names, exprs, doc=optional_text),
    st.builds(
        ast.ValueDecl,
        names,
        st.builds(ast.Path, st.sampled_from(["site", "camera"]), st.tuples(field_names)),
        lang_texts(),
    ),
    st.builds(
        ast.FieldDecl,
        st.builds(ast.Path, st.just("site"), st.tuples(field_names)),
        st.sampled_from(ast.FIELD_TYPES),
        lang_texts(),
    ),
)

headers = st.builds(
    ast.PackHeader,
    names,
    texts,
    title=optional_text,
    instrument=st.one_of(st.none(), texts),
    adopted=st.one_of(st.none(), dates),
    promulgated=st.one_of(st.none(), dates),
    effective=st.one_of(st.none(), dates),
    precedence=st.integers(-3, 9),
    extends=st.one_of(st.none(), names),
    source_ends=st.one_of(st.none(), st.integers(1, 60)),
    level=st.one_of(st.none(), st.sampled_from(ast.LEVELS)),
    ceased=st.one_of(st.none(), dates),
    area=st.lists(st.from_regex(r"[0-9]{1,6}", fullmatch=True), max_size=2).map(tuple),
    published_in=optional_text,
)


@st.composite
def rule_files(draw: st.DrawFn) -> ast.RuleFile:
    """A rule file: top-level examples only before the first article (see module notes)."""
    before = draw(st.lists(st.one_of(definitions, examples()), max_size=3))
    after = draw(st.lists(st.one_of(definitions, articles(), provisions()), max_size=3))
    items: list[ast.Item] = [*before, *after]
    # an example right after an article would join it; keep those out
    return ast.RuleFile(draw(headers), tuple(items))


comment_texts = st.text(
    st.sampled_from(string.ascii_letters + string.digits + ' .,"#:-' + "注释"), max_size=12
).map(lambda s: ("# " + s).rstrip())


@st.composite
def with_comments(draw: st.DrawFn, text: str) -> tuple[str, list[str]]:
    """`text` with comments on lines of their own and at line ends; returns them too."""
    lines = text.splitlines()
    out: list[str] = []
    added: list[str] = []
    for line in lines:
        if draw(st.integers(0, 5)) == 0:
            c = draw(comment_texts)
            out.append(("  " * draw(st.integers(0, 3))) + c)
            added.append(c)
        if line.strip() and draw(st.integers(0, 7)) == 0:
            c = draw(comment_texts)
            line = f"{line}  {c}"
            added.append(c)
        out.append(line)
    if draw(st.booleans()):
        c = draw(comment_texts)
        out.append(c)
        added.append(c)
    return "\n".join(out) + "\n", added
