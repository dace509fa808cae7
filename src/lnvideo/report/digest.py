"""A bounded digest of a run's findings, for the auditor's reports (HTML, xlsx summary).

Input: findings, one at a time (`Digest.add`), and a site -> county lookup.
Output: counts per status, per county organ and per article; the most overdue
violations; the pending deadlines of the next days; and, per county organ, its
violations and unknowns up to a cap, with how many more there are.
Invariants: memory is bounded by the caps and by the number of counties,
articles and rules (plus one county code per site when it is learnt from the
scope rule's facts), never by the number of findings; a county that cannot be
found is `None` ("county not known").
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from lnvideo.findings import Finding, Status
from lnvideo.report.context import CountyOf, county_lookup

#: A kept finding: (sort key, -sequence number, finding, county code), in a min-heap.
_Item = tuple[int, int, Finding, str | None]
#: How many days ahead "upcoming deadlines" look.
UPCOMING_DAYS = 30


class Digest:
    """Counts and bounded lists of findings, filled as the findings stream past.

    Example:
        >>> from lnvideo.findings import Subject
        >>> d = Digest(as_of=dt.date(2026, 10, 1), county_of={"S1": "210102"})
        >>> d.add(Finding("LN-6", "6", Subject("site", "S1", "S1"), Status.VIOLATED))
        >>> d.counts["violated"], d.by_county["210102"]["violated"]
        (1, 1)
    """

    def __init__(
        self,
        *,
        as_of: dt.date,
        county_of: CountyOf = None,
        top: int = 200,
        per_county: int = 50,
        upcoming_days: int = UPCOMING_DAYS,
    ) -> None:
        self.as_of = as_of
        self._lookup: Callable[[str], str | None] = county_lookup(county_of)
        self._learnt: dict[str, str] = {}
        self.top = top
        self.per_county = per_county
        self.horizon = as_of + dt.timedelta(days=upcoming_days)
        self.upcoming_days = upcoming_days
        self.counts: Counter[str] = Counter({s.value: 0 for s in Status})
        self.by_county: defaultdict[str | None, Counter[str]] = defaultdict(Counter)
        self.by_article: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.rules: dict[str, str] = {}  # rule id -> article, in order seen
        self.subjects_violated = 0
        self._seq = itertools.count()
        self._overdue: list[_Item] = []  # min-heap of the top
        self._upcoming: list[_Item] = []  # by -due ordinal
        self.upcoming_total = 0
        self.overdue_total = 0
        self.listed: defaultdict[str | None, list[Finding]] = defaultdict(list)
        self.unlisted: Counter[str | None] = Counter()

    def county(self, site: str) -> str | None:
        """The county code of `site`: from the lookup, else learnt from a scope finding."""
        return self._lookup(site) or self._learnt.get(site)

    def add(self, f: Finding) -> None:
        """Count one finding and keep it if it is among the few the report lists."""
        if f.subject.kind == "site":
            for fact in f.explanation.facts:
                if fact.path == "site.county_code" and isinstance(fact.value, str):
                    self._learnt[f.subject.site] = fact.value
        code = self.county(f.subject.site)
        status = f.status.value
        self.counts[status] += 1
        self.by_county[code][status] += 1
        self.by_article[f.article][status] += 1
        self.rules.setdefault(f.rule, f.article)
        if f.status is Status.VIOLATED:
            if f.due is not None:
                self.overdue_total += 1
                late = days_late(f, self.as_of)
                self._keep(self._overdue, (late, -next(self._seq), f, code))
        elif f.status is Status.PENDING and f.due is not None and f.due <= self.horizon:
            self.upcoming_total += 1
            self._keep(self._upcoming, (-f.due.toordinal(), -next(self._seq), f, code))
        if f.status in (Status.VIOLATED, Status.UNKNOWN):
            if len(self.listed[code]) < self.per_county:
                self.listed[code].append(f)
            else:
                self.unlisted[code] += 1

    def _keep(self, heap: list[_Item], item: _Item) -> None:
        """Keep `item` in `heap` if it is among the `top` largest (by its first two values)."""
        if self.top <= 0:
            return
        if len(heap) < self.top:
            heapq.heappush(heap, item)
        elif item[:2] > heap[0][:2]:
            heapq.heapreplace(heap, item)

    def add_all(self, findings: Iterable[Finding]) -> Digest:
        """Add every finding; return self."""
        for f in findings:
            self.add(f)
        return self

    def overdue(self) -> list[tuple[int, Finding, str | None]]:
        """The kept overdue violations, most days late first: (days late, finding, county)."""
        items = sorted(self._overdue, key=lambda t: (-t[0], -t[1]))
        return [(late, f, code) for late, _, f, code in items]

    def upcoming(self) -> list[tuple[int, Finding, str | None]]:
        """The kept pending deadlines, soonest first: (days left, finding, county)."""
        items = sorted(self._upcoming, key=lambda t: (-t[0], -t[1]))
        out = []
        for _, _, f, code in items:
            assert f.due is not None
            out.append(((f.due - self.as_of).days, f, code))
        return out

    def counties(self) -> list[str | None]:
        """Every county seen, in code order, "not known" last."""
        known = sorted(c for c in self.by_county if c is not None)
        return [*known, *([None] if None in self.by_county else [])]


def days_late(f: Finding, as_of: dt.date) -> int:
    """Days past the due date: until the late fulfilment, or until `as_of` when none.

    Example:
        >>> from lnvideo.findings import Subject
        >>> f = Finding("LN-12.1a", "12", Subject("site", "S", "S"), Status.VIOLATED,
        ...             due=dt.date(2026, 9, 1))
        >>> days_late(f, dt.date(2026, 10, 1))
        30
    """
    if f.due is None:
        return 0
    end = f.fulfilled_on if f.fulfilled_on and f.fulfilled_on > f.due else as_of
    return max((end - f.due).days, 0)
