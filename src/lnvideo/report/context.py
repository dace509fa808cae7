"""What a report knows besides the findings: the run, the rules' titles, the sites' counties.

Input: the run's metadata (as-of date, rules label, language, engine), the
loaded ruleset (`lnvideo.Ruleset`, its `ir.Ruleset`, or None) and an optional
site -> county code lookup. Output: one `ReportContext` per run, `RuleInfo` per
rule id, the packs with their versions, and a function from a site id to its
county code.
Invariants: everything but the as-of date is optional — with no ruleset a
report falls back to what the findings say, with no county lookup a site's
county is None ("county not known"); nothing here holds findings. Every
renderer takes one `ReportContext` (`ctx=`); `takes_context` lets a caller give
its fields as keywords instead, which is the call `lnvideo.report.FORMATS` documents.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

#: A site id -> 6-digit county code lookup: a mapping, a function, or nothing.
CountyOf = Mapping[str, str | None] | Callable[[str], str | None] | None

R = TypeVar("R")


def _day(value: dt.date | None) -> dt.date:
    """The as-of date, or today in Asia/Shanghai for None."""
    if value is None:
        from lnvideo import clock

        return clock.today()
    return value


@attrs.frozen(kw_only=True)
class ReportContext:
    """The run a report describes: everything a renderer is told besides the findings.

    Example:
        >>> ctx = ReportContext(as_of=dt.date(2026, 10, 1), rules="liaoning@1")
        >>> ctx.lang, ctx.explain, ctx.engine
        ('en', False, None)
    """

    #: the as-of date of the run (overdue and upcoming are counted from it; None: today)
    as_of: dt.date = attrs.field(default=None, converter=_day)
    #: the packs' label (`liaoning@1.0.0`), shown when no ruleset is given
    rules: str = ""
    #: `zh` or `en`: headings, status names and labels
    lang: str = "en"
    #: add each finding's explanation (the formats that can show it)
    explain: bool = False
    #: the engine that produced the findings
    engine: str | None = None
    #: the loaded ruleset: rule order, rule, article and pack titles
    ruleset: Any = None
    #: site id -> county code (mapping or function), for the per-organ reports
    county_of: CountyOf = None


#: The keywords `takes_context` turns into a `ReportContext`.
CONTEXT_FIELDS: tuple[str, ...] = tuple(a.name for a in attrs.fields(ReportContext))


def takes_context(fn: Callable[..., R]) -> Callable[..., R]:
    """Let `fn(..., ctx=ReportContext(...))` be called with the context's fields as keywords too.

    The wrapper's signature names those fields (keyword-only) in place of `ctx`,
    so `inspect.signature` shows the call a user writes.

    Example:
        >>> @takes_context
        ... def title(findings, *, ctx):
        ...     return f"{ctx.rules} as of {ctx.as_of}"
        >>> title([], as_of=dt.date(2026, 10, 1), rules="liaoning@1")
        'liaoning@1 as of 2026-10-01'
        >>> list(inspect.signature(title).parameters)[:4]
        ['findings', 'as_of', 'rules', 'lang']
    """

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> R:
        if "ctx" not in kwargs:
            given = {k: kwargs.pop(k) for k in CONTEXT_FIELDS if k in kwargs}
            kwargs["ctx"] = ReportContext(**given)
        return fn(*args, **kwargs)

    sig = inspect.signature(fn)
    params = [p for p in sig.parameters.values() if p.name != "ctx"]
    at = next(
        (i for i, p in enumerate(params) if p.kind >= inspect.Parameter.KEYWORD_ONLY),
        len(params),
    )
    fields = [
        inspect.Parameter(
            a.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=inspect.Parameter.empty if a.default is attrs.NOTHING else a.default,
            annotation=a.type,
        )
        for a in attrs.fields(ReportContext)
    ]
    call.__signature__ = sig.replace(parameters=[*params[:at], *fields, *params[at:]])  # type: ignore[attr-defined]
    return call


@attrs.frozen
class RuleInfo:
    """One rule as a report names it: id, article, pack, and title and summary per language."""

    id: str
    article: str
    pack: str
    titles: Mapping[str, str]
    summaries: Mapping[str, str]
    severity: str = "error"

    def title(self, lang: str) -> str:
        """The rule's title in `lang` (English, then any, then the id)."""
        return (
            self.titles.get(lang)
            or self.titles.get("en")
            or next(iter(self.titles.values()), self.id)
        )

    def summary(self, lang: str) -> str:
        """The summary of the rule's article in `lang` ("" when the pack has none)."""
        return self.summaries.get(lang) or self.summaries.get("en") or ""


def _ir(ruleset: Any) -> Any:
    return getattr(ruleset, "ir", ruleset)


def rule_catalog(ruleset: Any) -> dict[str, RuleInfo]:
    """Every rule of `ruleset` (overriding rules too), in rule order; {} for None.

    Example:
        >>> rule_catalog(None)
        {}
    """
    checked = _ir(ruleset)
    if checked is None:
        return {}
    summaries = {str(a.number): dict(a.summary) for a in checked.articles}
    out: dict[str, RuleInfo] = {}
    for r in checked.all_rules():
        out.setdefault(
            r.id,
            RuleInfo(
                id=r.id,
                article=str(r.article),
                pack=r.pack,
                titles=dict(r.titles),
                summaries=summaries.get(str(r.article), {}),
                severity=str(r.severity),
            ),
        )
    return out


def pack_list(ruleset: Any, lang: str = "en") -> list[tuple[str, str, str]]:
    """(name, version, title in `lang`) for every loaded pack; [] for None.

    Example:
        >>> pack_list(None)
        []
    """
    checked = _ir(ruleset)
    if checked is None:
        return []
    return [
        (p.name, p.version, p.titles.get(lang) or p.titles.get("en") or p.name)
        for p in checked.packs
    ]


def county_lookup(county_of: CountyOf) -> Callable[[str], str | None]:
    """A function site id -> county code (None when not known) from a mapping or function.

    Example:
        >>> county_lookup({"S1": "210102"})("S1"), county_lookup(None)("S1")
        ('210102', None)
    """
    if county_of is None:
        return lambda _site: None
    if isinstance(county_of, Mapping):
        return county_of.get
    return county_of


def article_titles(ruleset: Any, lang: str = "en") -> dict[str, str]:
    """Article number (text) -> its title in `lang`; {} for None.

    Example:
        >>> article_titles(None)
        {}
    """
    checked = _ir(ruleset)
    if checked is None:
        return {}
    return {str(a.number): a.titles.get(lang) or a.titles.get("en") or "" for a in checked.articles}


def article_groups(ruleset: Any, lang: str = "en") -> Callable[[Any], tuple[Any, str, str]]:
    """How the reports group a finding by article: its (sort key, instrument, article title).

    Articles are numbered within an instrument: a finding belongs to the article of
    its rule's instrument (a pack and every pack that `extends` it). The instrument
    is "" for the first one loaded (the Measures) and its title for the others, so
    Decree No. 799's Article 7 is never mixed with the Measures' Article 7.

    Example:
        >>> group = article_groups(None)
        >>> from lnvideo.findings import Finding, Status, Subject
        >>> group(Finding("LN-7", "7", Subject("site", "S", "S"), Status.VIOLATED))[1:]
        ('', '')
    """
    from lnvideo.report.rows import natural_key

    checked = _ir(ruleset)
    order: dict[str, int] = {}
    roots: dict[str, str] = {}
    names: dict[str, str] = {}
    titles: dict[tuple[str, str], str] = {}
    rule_root: dict[str, str] = {}
    if checked is not None:
        packs = {p.name: p for p in checked.packs}
        for p in checked.packs:
            root, seen = p.name, set()
            while packs[root].extends in packs and root not in seen:
                seen.add(root)
                root = str(packs[root].extends)
            roots[p.name] = root
            order.setdefault(root, len(order))
            names[root] = packs[root].titles.get(lang) or packs[root].titles.get("en") or root
        for a in checked.articles:
            key = (roots.get(a.pack, a.pack), str(a.number))
            title = a.titles.get(lang) or a.titles.get("en") or ""
            if title and not titles.get(key):
                titles[key] = title
        for r in checked.all_rules():
            rule_root.setdefault(r.id, roots.get(r.pack, r.pack))
    base = next(iter(order), "")

    def group(f: Any) -> tuple[Any, str, str]:
        root = rule_root.get(f.rule, base)
        article = str(f.article)
        key = (order.get(root, len(order)), article == "", natural_key(article), root)
        return key, "" if root == base else names.get(root, root), titles.get((root, article), "")

    return group


def organ_label(code: str | None, lang: str = "en") -> str:
    """A short name for the county public security organ of `code`, for headings and sheets.

    Example:
        >>> organ_label("210102", "zh"), organ_label("210102", "en")
        ('沈阳市和平区公安机关', 'Heping District, Shenyang')
        >>> organ_label(None, "en")
        'County not known'
    """
    from lnvideo.counties import county

    if not code:
        return "所在县区未知" if lang == "zh" else "County not known"
    c = county(code)
    if c is None:
        if not code.startswith("21"):
            return f"辽宁省外（{code}）" if lang == "zh" else f"Outside Liaoning ({code})"
        return f"行政区划代码{code}" if lang == "zh" else f"County code {code}"
    if lang == "zh":
        return f"{c.city_zh}{c.name_zh}公安机关"
    return f"{c.name_en}, {c.city_en}"
