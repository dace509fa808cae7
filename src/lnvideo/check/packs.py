"""Packs and overrides: pack headers, and the merged ruleset.

Input: the files' headers, and the checked rules. Output: `ir.PackInfo`s (one a
pack, consistent across its files; `extends` naming a loaded pack) and the
`ir.Ruleset`: exactly one scope rule, every override naming an existing rule of
the same subject with a higher precedence, no two overrides of one rule at the
same precedence (winner first).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import attrs

from lnvideo import ir
from lnvideo.check.rules import RulesPass
from lnvideo.diagnostics import did_you_mean
from lnvideo.packs import from_header
from lnvideo.syntax import ast


class PacksPass(RulesPass):
    """Packs pass: see the module docstring."""

    def _packs(self) -> list[ir.PackInfo]:
        by_name: dict[str, ir.PackInfo] = {}
        for f in self.files:
            h = f.header
            self.one_per_lang(h.title, f"the title of pack `{h.name}`")
            info = from_header(
                ir.PackInfo,
                h,
                titles=dict(h.title.items) if h.title else {},
                source=f.source,
                instrument_info=_instrument(h),
            )
            if h.name in by_name:
                prev = by_name[h.name]
                if prev.version != h.version or prev.precedence != h.precedence:
                    self.error(
                        "LNV105",
                        f"pack `{h.name}` is declared with a different version or precedence "
                        f"in {prev.source}",
                        h.span,
                    )
                continue
            by_name[h.name] = info
        names = set(by_name)
        for info in by_name.values():
            if info.extends is not None and info.extends not in names:
                span = next((f.header.span for f in self.files if f.header.name == info.name), None)
                self.error(
                    "LNV103",
                    f"pack `{info.name}` extends `{info.extends}`, which is not loaded",
                    span,
                    hint=did_you_mean(info.extends, names)
                    or "load the base pack too (the bundled Measures pack is `liaoning`)",
                )
        _inherit(by_name)
        return sorted(by_name.values(), key=lambda p: (p.precedence, p.extends is not None))

    def _assemble(
        self,
        packs: list[ir.PackInfo],
        rules: list[ir.Rule],
        articles: dict[tuple[str, int], dict[str, Any]],
    ) -> ir.Ruleset | None:
        scope = [r for r in rules if r.modality == "scope"]
        if len(scope) != 1:
            # With no scope rule at all, point at the first pack's header: every
            # diagnostic must be located.
            span = scope[1].span if len(scope) > 1 else self.files[0].header.span
            self.error(
                "LNV208",
                "the loaded packs need exactly one scope rule "
                f"(found {len(scope)}: {', '.join(r.id for r in scope) or 'none'})",
                span,
                hint="the bundled Measures pack defines LN-3; load it with your local pack",
            )
        base_rules, overrides = self._split_overrides(rules, scope)
        displaced_by = self._displacements(rules)
        if any(d.is_error for d in self.diags) or not scope:
            return None
        infos = _article_infos(articles, [p.name for p in packs])
        params = {
            k: (f"{v.n} {v.unit.replace('_', ' ')}" if isinstance(v, ast.DurationLit) else v)
            for k, v in self.params.items()
        }
        return ir.Ruleset(
            packs=tuple(packs),
            rules=tuple(base_rules),
            overrides={k: tuple(v) for k, v in overrides.items()},
            scope_rule=scope[0],
            effective=self.effective or dt.date(2008, 1, 1),
            interpretations=self.interpretations,
            parameters=params,
            sets={
                k: tuple(getattr(m, "name", getattr(m, "value", None)) for m in v)
                for k, v in self.sets.items()
            },
            articles=infos,
            examples=(),
            sources=dict(self.sources),
            displaced_by={k: tuple(v) for k, v in displaced_by.items()},
        )

    def _displacements(self, rules: list[ir.Rule]) -> dict[str, list[ir.Rule]]:
        """Displaced rule id -> its displacing rules, winner first; each checked (§8)."""
        by_id = {r.id: r for r in rules}
        out: dict[str, list[ir.Rule]] = {}
        for r in rules:
            if r.displaces is None:
                continue
            target_id, ground = r.displaces
            target = by_id.get(target_id)
            if target is None:
                self.error(
                    "LNV202",
                    f"rule `{r.id}` displaces `{target_id}`, which does not exist",
                    r.span,
                    hint=did_you_mean(target_id, by_id),
                )
                continue
            if target is r or target.pack == r.pack:
                self.error(
                    "LNV203",
                    f"rule `{r.id}` displaces `{target_id}` of its own pack",
                    r.span,
                    hint="a rule sets aside another instrument's rule; within a pack, "
                    "change the rule itself",
                )
                continue
            if not self._same_subject(r, target, "displaces", every_type=True):
                continue
            why = _ground_mismatch(r, target, ground)
            if why is not None:
                self.error(
                    "LNV203",
                    f"rule `{r.id}` cannot displace `{target_id}` as {ground.replace('_', ' ')}: "
                    + why,
                    r.span,
                    hint="superior law needs a higher level; special and later law the same "
                    "level (later law a later `effective`)",
                )
                continue
            out.setdefault(target_id, []).append(r)
        for target_id, rs in out.items():
            rs.sort(key=lambda r: _standing(r), reverse=True)
            for a, b in itertools.pairwise(rs):
                if _standing(a) == _standing(b):
                    where = f"{a.span.source} line {a.span.line}" if a.span is not None else a.pack
                    self.error(
                        "LNV203",
                        f"rule `{b.id}` displaces `{target_id}`, which is also displaced by "
                        f"`{a.id}` in {where} at the same level and date; which one wins "
                        "would depend on file order",
                        b.span,
                        hint="give the packs different `precedence`",
                    )
        return out

    def _same_subject(self, r: ir.Rule, target: ir.Rule, verb: str, *, every_type: bool) -> bool:
        """Whether `r` judges what the rule it displaces or overrides (`verb`) judges; LNV201 if not.

        A displacement must judge every event type of its target; an override its first.
        """

        def subject(x: ir.Rule) -> tuple[str, object]:
            return (x.subject_kind, x.event_types if every_type else x.event_type)

        if subject(target) == subject(r):
            return True
        msg = f"rule `{r.id}` is about a different subject than `{target.id}`, which it {verb}"
        self.error("LNV201", msg, r.span)
        return False

    def _split_overrides(
        self, rules: list[ir.Rule], scope: list[ir.Rule]
    ) -> tuple[list[ir.Rule], dict[str, list[ir.Rule]]]:
        """The base rules (scope rule first) and each overridden rule's overriders, winner first."""
        by_id = {r.id: r for r in rules}
        overrides: dict[str, list[ir.Rule]] = {}
        base_rules: list[ir.Rule] = [r for r in scope[:1]]
        for r in rules:
            if scope and r is scope[0]:
                continue
            if r.overrides is None:
                base_rules.append(r)
                continue
            target = by_id.get(r.overrides)
            if target is None:
                msg = f"rule `{r.id}` overrides `{r.overrides}`, which does not exist"
                self.unknown("LNV202", msg, r.span, r.overrides, by_id)
                continue
            if not self._same_subject(r, target, "overrides", every_type=False):
                continue
            if r.precedence <= target.precedence:
                self.error(
                    "LNV203",
                    f"rule `{r.id}` overrides `{target.id}` but its pack's precedence "
                    f"({r.precedence}) is not higher than `{target.pack}`'s "
                    f"({target.precedence})",
                    r.span,
                    hint="declare `precedence N` in the overriding pack's header with a larger N",
                )
                continue
            overrides.setdefault(target.id, []).append(r)
        for target_id, rs in overrides.items():
            rs.sort(key=lambda r: -r.precedence)
            for a, b in itertools.pairwise(rs):
                if a.precedence == b.precedence:
                    self.error(
                        "LNV203",
                        f"rules `{a.id}` and `{b.id}` both override `{target_id}` with "
                        f"precedence {a.precedence}; which one wins would depend on file order",
                        b.span,
                        hint="give the packs different precedence, or merge the two rules",
                    )
        return base_rules, overrides


def _instrument(h: ast.PackHeader) -> ir.Instrument:
    """How findings name a pack's instrument: its designation (en), its title (zh)."""
    titles = dict(h.title.items) if h.title else {}
    en = (h.instrument or "").split(" (")[0].strip() or titles.get("en") or h.name
    zh = f"《{titles['zh']}》" if titles.get("zh") else en
    return from_header(ir.Instrument, h, pack=h.name, names=(("en", en), ("zh", zh)))


def _inherit(by_name: dict[str, ir.PackInfo]) -> None:
    """A pack that `extends` another and gives no effective/level/area takes its base's."""
    for _ in range(len(by_name)):
        for name, info in list(by_name.items()):
            base = by_name.get(info.extends or "")
            mine, theirs = info.instrument_info, base.instrument_info if base else None
            if mine is None or theirs is None:
                continue
            new = attrs.evolve(
                mine,
                level=mine.level or theirs.level,
                effective=mine.effective or theirs.effective,
                area=mine.area or theirs.area,
            )
            if new != mine:
                by_name[name] = attrs.evolve(info, instrument_info=new)


_LEVEL_RANK = {"national_regulation": 3, "provincial_rules": 2, "city_designation": 1}


def _rank(r: ir.Rule) -> int:
    return _LEVEL_RANK.get((r.instrument.level if r.instrument else None) or "", 0)


def _standing(r: ir.Rule) -> tuple[int, dt.date, int]:
    eff = (r.instrument.effective if r.instrument else None) or dt.date.min
    return (_rank(r), eff, r.precedence)


def _ground_mismatch(r: ir.Rule, target: ir.Rule, ground: str) -> str | None:
    """Why `ground` does not fit the two rules' levels and dates (None: it fits)."""
    mine, theirs = _rank(r), _rank(target)
    lv = lambda x: (x.instrument.level if x.instrument else None) or "no level"  # noqa: E731
    if ground == "superior_law" and mine <= theirs:
        return f"`{r.pack}` ({lv(r)}) is not above `{target.pack}` ({lv(target)})"
    if ground in {"special_law", "later_law"} and mine != theirs:
        return f"`{r.pack}` ({lv(r)}) and `{target.pack}` ({lv(target)}) are not of one level"
    if ground == "later_law":
        a = r.instrument.effective if r.instrument else None
        b = target.instrument.effective if target.instrument else None
        if a is None or b is None or a <= b:
            return f"`{r.pack}` does not take effect after `{target.pack}`"
    return None


def read_packs(ck: PacksPass) -> bool:
    """Pass `packs`: the pack headers, the base effective date and the files in load order."""
    ck.packs = ck._packs()
    if not ck.packs:
        return False
    base = [p for p in ck.packs if p.extends is None]
    ck.effective = next((p.effective for p in base if p.effective), None) or next(
        (p.effective for p in ck.packs if p.effective), None
    )
    if ck.effective is None:
        ck.error(
            "LNV212",
            "no pack states its `effective` date",
            ck.files[0].header.span,
            hint="add `effective 2008-01-01` to the pack header",
        )
        ck.effective = dt.date(2008, 1, 1)
    ck.base_effective = ck.effective
    ck.ordered_files = sorted(
        ck.files, key=lambda f: (f.header.precedence, f.header.extends is not None)
    )
    return True


def assemble(ck: PacksPass) -> bool:
    """Pass `overrides`: the merged ruleset, every override checked (None on an error)."""
    ck.ruleset = ck._assemble(ck.packs, ck.rules, ck.articles)
    return ck.ruleset is not None


def _article_infos(
    articles: dict[tuple[str, int], dict[str, Any]], pack_order: list[str]
) -> tuple[ir.ArticleInfo, ...]:
    """The coverage table, by article number then pack in load order (base packs first).

    So where an overlay heads the same article number, the base pack's entry (and
    title) comes first, and the reports' headings keep the base instrument's title.
    """
    rank = {name: i for i, name in enumerate(pack_order)}
    return tuple(
        ir.ArticleInfo(
            number=num,
            titles=entry["titles"],
            summary=entry["summary"],
            not_checkable=entry["not_checkable"],
            rule_ids=tuple(entry["rules"]),
            pack=pack,
        )
        for (pack, num), entry in sorted(
            articles.items(), key=lambda kv: (kv[0][1], rank.get(kv[0][0], len(rank)), kv[0][0])
        )
    )
