"""The bundled rule packs by name, and the instrument each one encodes.

Input: the pack directories under `rules/` (shipped as package data) and their
parsed headers. Output: `BundledPack` records (name, directory, `Instrument`,
rule count, declared vocabulary) for `lnvideo packs`, and `resolve_rules`, which
turns each `--rules NAME|PATH` into the directories to load. Invariants: nothing
here checks rules or records; a pack's instrument metadata is read from its header
only (`level`, `effective`, `ceased`, `area`, `published in`, ...), never restated
in Python; a name is looked up among the bundled packs before it is tried as a path
(write `./national` for a local directory of that name).

Design for phase 2 (the checker and the compilers; issue 10, SPEC §8)
---------------------------------------------------------------------
The syntax (`lnvideo.syntax.ast`) already carries everything below; phase 1 only
parses, prints and bundles it.

1. Instruments. Each loaded pack's `PackHeader` becomes an `Instrument` (this
   module's class can be reused or mirrored in `ir`): title, designation, level
   (`national_regulation` > `provincial_rules` > `city_designation`), effective,
   ceased, area prefixes, published_in. Every IR rule records the pack it came from.
   A pack that `extends` another and gives no `effective`/`level`/`area` inherits
   them from its base; `effective` inside an expression means *the rule's own pack's*
   date, never the first pack's (today `event.on >= effective` silently used
   2008-01-01 in every pack).

2. In-force gating, before the rule's own `applies`. Site and camera rules: the
   as-of day; event rules: the event's local date (Asia/Shanghai). Not in force when
   `day < effective` or `ceased is not None and day >= ceased` (`ceased` is the first
   day no longer in force). The finding is `not_applicable`, `due` null, with a reason
   naming the instrument and its date in the report language: en "Decree No. 799 is in
   force from 2025-04-01", zh "国务院令第799号自2025年4月1日起施行" (and "… ceased on
   …"). Order of gates for one (rule, subject): scope (LN-3 cascade, SPEC §3, for
   every pack's rules: SPEC §8 "Scope … follow §3"), then in force, then area, then
   displacement, then `applies`. Both engines: the gate is a date comparison on
   `as_of` (a constant) or on `event.on` local date (a column), so it compiles to a
   CASE arm in SQL before the rule's own arms.

3. Area gating. `area` is a tuple of `county_code` prefixes; empty = whole country.
   A site (and its cameras and events) whose `county_code` starts with none of them:
   `not_applicable`, reason "Dalian designations cover county codes 2102… only"; a
   missing `county_code` has already made LN-3 `unknown`, and that status cascades.
   SQL: `starts_with(county_code, p1) OR …`.

4. Displacement (`Rule.displaces = Displacement(rule, ground)`), resolved at load,
   after all packs are read:
   - the target must exist in a loaded pack: else LNV202-like error at the
     `displaces` clause, with a near-name hint;
   - a rule may not displace a rule of its own pack, nor itself;
   - the ground must fit the levels: `superior_law` only from a strictly higher
     level; `special_law` and `later_law` from the same level (`later_law` also
     needs a later `effective`); `otherwise_provided` from any level (the displaced
     text reserves it). A mismatch is an error naming both levels;
   - two rules displacing (or overriding) the same rule whose instruments have the
     same level and the same `effective`, with no `precedence` between them: error
     LNV203 at load, one diagnostic located at the second clause whose message names
     the first by file and line ("also displaced by PX-1 in examples/…/pawnshops.lnv
     line 36; give the packs different `precedence`"). Displacement chains
     (A displaces B displaces C) are resolved from the top: a displaced rule
     displaces nothing.
   - evaluation: for a subject where the winner *applies* (its gates and `applies`
     hold, or its `applies` is unknown → the displaced rule is `unknown` too, naming
     the winner), the displaced rule's finding is `not_applicable`, `due`/`fulfilled`
     null, message en "set aside by PX-1 (later law)" / zh "因 PX-1 排除适用（新法优先）",
     explanation naming the winner and the ground; where the winner does not apply,
     the displaced rule is judged as usual. The winner reports under its own id,
     message and explanation. Unlike `overrides` (which reports the winner's outcome
     under the overridden id, kept for existing overlays), nothing is reported under
     the displaced id but the `not_applicable`.
   - bundled packs declare no displacement (cumulative by default, SPEC §8; each
     pack's `cumulative_with_measures` interpretation says why).

5. Messages. A rule with `overrides` or `displaces` and no `message` of its own in
   every language its pack uses: lint error (LNV206 "missing message"), pointing at
   the `overrides`/`displaces` clause; never fall back to the other rule's text.

6. Due clause (`Rule.due`): an expression of type date on the subject; it is the
   finding's `due` for every status it can be computed for (LN-11:
   `site.main_project_in_use_on`, satisfied and violated alike). Type error (LNV201)
   unless it is a date; it is not allowed together with a `within … after …`
   requirement (that computes its own due date).

7. Several event types (`SubjectSpec.event_types`): the rule judges each event of
   any listed type; every type must be known (schema or a pack's vocabulary); only
   the fields common to all the types are available on `event` (LNV205 otherwise).
   `system_stopped` joins `schema.EVENT_TYPES` with the fields of `system_changed`;
   the records readers accept it.

8. Open vocabulary. The union over the loaded packs of `ValueDecl` (word, target
   `site.place_category` or `camera.place`) and `FieldDecl` (site field, type) is
   added to the schema the checker, both compilers, both readers (JSONL and
   Parquet), `explain`, the docs' records page and `fmt` see. A word declared twice
   with different targets, or a field declared twice with different types, or a
   declared field that the schema already has: error at the second declaration.
   Reader: a `place_category` (a closed set) value no loaded pack declares is a
   located WARNING (new code, e.g. LNV015 "value declared by no loaded pack"), with
   the near name (`did_you_mean` over the union) and, when a bundled pack declares it,
   that pack: "`pawnshop` is declared by the bundled pack `liaoning_trades`: add
   `--rules liaoning_trades`" (`declaring_pack` below); the field then reads as
   missing and the record is still checked (so LN-6 is `unknown` for a pawnshop under
   the Measures alone). `camera.place` stays open (any word is accepted): declared
   words only give it descriptions. Set literals in rules may use any declared word
   (LNV108 otherwise, with the declaring bundled pack named in the hint).

9. Citations and provisions without an article number (`Citation.article is None`,
   `ast.Provision`): the finding's `article` is "" (JSON null is not allowed there by
   SPEC §5, so an empty string) and text reports say "Decree No. 799 (article number
   not in our sources)"; coverage lists provisions after the numbered articles, with
   their titles. `source ends at article N` is checked per pack.

Phase 2 implements this: `check/vocabulary.py` (8), `check/packs.py` (1, 4),
`check/rules.py` (5-7, 9), `semantics.verdicts.GATES`/`DISPLACED` and their texts
(2-4), both compilers' gate tables, and the readers (8; warning LNV016). Every
bundled pack and every pack in docs/ and examples/ is linted and tested
(tests/test_pack_examples.py, tests/test_layered.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

import attrs

from lnvideo.diagnostics import Diagnostic, LnvideoError, did_you_mean
from lnvideo.resources import data_dir
from lnvideo.syntax import ast
from lnvideo.syntax.from_tree import parse

#: the bundled packs, in the order `lnvideo packs` lists them
BUNDLED: tuple[str, ...] = ("liaoning", "liaoning_trades", "national")

#: loaded when no `--rules` is given, and under every bundled addition
DEFAULT = "liaoning"

#: how each level of the hierarchy is named, per language
LEVEL_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "national_regulation": "national administrative regulation",
        "provincial_rules": "provincial government rules",
        "city_designation": "city-level designation",
    },
    "zh": {
        "national_regulation": "行政法规",
        "provincial_rules": "地方政府规章",
        "city_designation": "市县指定",
    },
}


R = TypeVar("R")
T = TypeVar("T")


def from_header(cls: type[R], h: ast.PackHeader, **given: Any) -> R:
    """An attrs record of what a pack header declares: `given`, and each other field
    the header's field of the same name (the one way from a header to a record).

    Example:
        >>> h = ast.PackHeader(name="p", version="1", effective=dt.date(2026, 10, 1))
        >>> from_header(Instrument, h, title=(), designation=None, published_in=()).effective
        datetime.date(2026, 10, 1)
    """
    taken = {f.name: getattr(h, f.name) for f in attrs.fields(cls) if f.name not in given}  # type: ignore[arg-type]
    return cls(**taken, **given)


@attrs.frozen
class Instrument:
    """The legal instrument a pack encodes, as its header declares it."""

    title: tuple[tuple[str, str], ...]
    designation: str | None
    level: str | None
    adopted: dt.date | None
    promulgated: dt.date | None
    effective: dt.date | None
    ceased: dt.date | None
    area: tuple[str, ...]
    published_in: tuple[tuple[str, str], ...]

    @classmethod
    def from_header(cls, h: ast.PackHeader) -> Instrument:
        return from_header(
            cls,
            h,
            title=h.title.items if h.title else (),
            designation=h.instrument,
            published_in=h.published_in.items if h.published_in else (),
        )

    def title_in(self, lang: str) -> str:
        return ast.Text(self.title).get(lang, "")

    def level_in(self, lang: str) -> str:
        return LEVEL_NAMES[lang].get(self.level or "", "") if self.level else ""

    def in_force_on(self, day: dt.date) -> bool:
        """Whether `day` lies in [effective, ceased) (an open end when not given)."""
        if self.effective is not None and day < self.effective:
            return False
        return self.ceased is None or day < self.ceased

    def covers(self, county_code: str) -> bool:
        """Whether a site with this `county_code` lies in the instrument's area."""
        return not self.area or any(county_code.startswith(p) for p in self.area)

    def area_text(self, lang: str = "en") -> str:
        if not self.area:
            return "全国" if lang == "zh" else "whole country"
        return ", ".join(f"{p}…" for p in self.area)


@attrs.frozen
class BundledPack:
    """One bundled pack: where it lives and what it encodes."""

    name: str
    version: str
    directory: Path
    instrument: Instrument
    rule_ids: tuple[str, ...]
    #: (word, target) of each `value` declaration, target `site.place_category` | `camera.place`
    values: tuple[tuple[str, str], ...]
    #: (field, type) of each `field` declaration
    fields: tuple[tuple[str, str], ...]

    @property
    def rule_count(self) -> int:
        return len(self.rule_ids)


def _rules_of(items: Iterable[ast.Item]) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, ast.Article | ast.Provision):
            out.extend(r.id for r in item.rules)
    return out


def describe_dir(directory: Path) -> BundledPack:
    """Read one pack directory's header, rules and vocabulary (not checked)."""
    files = sorted(directory.glob("*.lnv"))
    header: ast.PackHeader | None = None
    rule_ids: list[str] = []
    values: list[tuple[str, str]] = []
    fields: list[tuple[str, str]] = []
    for path in files:
        rf, diags = parse(path.read_text(encoding="utf-8"), str(path))
        if rf is None:
            raise LnvideoError(diags)
        header = header or rf.header
        rule_ids += _rules_of(rf.items)
        for item in rf.items:
            if isinstance(item, ast.ValueDecl):
                values.append((item.word, str(item.target)))
            elif isinstance(item, ast.FieldDecl):
                fields.append((str(item.target), item.type))
    if header is None:
        msg = f"no rule files (*.lnv) in {directory}"
        raise LnvideoError([Diagnostic("LNV107", msg)])
    return BundledPack(
        header.name,
        header.version,
        directory,
        Instrument.from_header(header),
        tuple(rule_ids),
        tuple(values),
        tuple(fields),
    )


@cache
def bundled_packs() -> tuple[BundledPack, ...]:
    """Every bundled pack, in `BUNDLED` order.

    Example:
        >>> [(p.name, p.instrument.effective.isoformat()) for p in bundled_packs()]
        [('liaoning', '2008-01-01'), ('liaoning_trades', '2020-01-01'), ('national', '2025-04-01')]
    """
    return tuple(describe_dir(data_dir("rules") / name) for name in BUNDLED)


def bundled_pack(name: str) -> BundledPack:
    """The bundled pack called `name`; a located error with a near name otherwise."""
    for pack in bundled_packs():
        if pack.name == name:
            return pack
    raise LnvideoError([_unknown(name)])


def _unknown(spec: str) -> Diagnostic:
    hint = did_you_mean(spec, BUNDLED) or (
        "the bundled packs are " + ", ".join(f"`{n}`" for n in BUNDLED)
    )
    return Diagnostic(
        "LNV107",
        f"cannot read rules: `{spec}` is neither a bundled rule pack nor a file or directory",
        hint=hint,
    )


def resolve_rules(specs: Sequence[str]) -> list[Path]:
    """The directories and files to load for `--rules SPEC...` (names or paths).

    No spec: the Measures alone. A bundled name adds to the Measures (SPEC §8:
    `--rules liaoning_trades --rules national` checks all three instruments); a
    path is loaded as given (the API adds the Measures to a pack that `extends`
    it). Each target once, in the order given, the Measures first when a bundled
    name brought it in. Unknown names: one error per name, with a near name.

    Example:
        >>> [p.name for p in resolve_rules(["national", "liaoning_trades"])]
        ['liaoning', 'national', 'liaoning_trades']
    """
    if not specs:
        return [bundled_pack(DEFAULT).directory]
    out: list[Path] = []
    errors: list[Diagnostic] = []
    named = False
    for spec in specs:
        if spec in BUNDLED:
            out.append(bundled_pack(spec).directory)
            named = True
        elif Path(spec).exists():
            out.append(Path(spec))
        else:
            errors.append(_unknown(spec))
    if errors:
        raise LnvideoError(errors)
    if named:
        out.insert(0, bundled_pack(DEFAULT).directory)
    seen: set[Path] = set()
    unique: list[Path] = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def declaring_pack(word: str, target: str = "site.place_category") -> str | None:
    """The bundled pack that declares `word` for `target`, if one does (reader hints).

    Example:
        >>> declaring_pack("pawnshop"), declaring_pack("nursing_room", "camera.place")
        ('liaoning_trades', 'national')
    """
    for pack in bundled_packs():
        if (word, target) in pack.values:
            return pack.name
    return None


def pack_items(checked: Any, kind: type[T]) -> Iterator[tuple[str, T]]:
    """(pack name, item) for every item of type `kind` written in the sources of a checked
    rule set (`ir.Ruleset.sources`), in file order and written order: what the checked
    rules do not keep (unnumbered provisions, parameter and field declarations). Each
    source text is parsed once, whoever asks.

    Example:
        >>> import lnvideo
        >>> checked = lnvideo.load_rules("national").ir
        >>> [(pack, item.target.fields) for pack, item in pack_items(checked, ast.FieldDecl)]
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
    rule_file, _ = parse(text, name)
    if rule_file is None:
        return None
    return rule_file.header.name, tuple(rule_file.items)
