"""The embedding API: load once, check many times, from many threads, with a light import."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

import lnvideo
from lnvideo.api import compile_sources, read_sources
from lnvideo.resources import bundled_pack_dir

RULES = lnvideo.load_rules()
AS_OF = dt.date(2026, 10, 9)


def _site(i: int) -> lnvideo.Site:
    return lnvideo.Site(
        id=f"S{i}", county_code="210102", has_system=True, in_use_on=dt.date(2026, 9, 5)
    )


def test_importing_lnvideo_is_light() -> None:
    """`import lnvideo` loads neither the parser, nor DuckDB, nor pendulum."""
    code = (
        "import sys, lnvideo; heavy = {'lark', 'duckdb', 'pendulum', 'pyarrow', 'numpy'};"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unchanged_pack_is_not_parsed_twice() -> None:
    """Compiling the same rule texts again returns the cached checked ruleset."""
    sources, _ = read_sources([bundled_pack_dir()])
    first, _ = compile_sources(sources)
    second, _ = compile_sources(dict(sources))
    assert first is second


def test_check_site_reports_the_holiday_extended_deadline() -> None:
    """A site in use from 2026-09-05 with no filing is late after 2026-10-08."""
    report = RULES.check_site(_site(1), as_of=AS_OF)
    f = report.finding("LN-12.1a", "S1")
    assert (f.status.value, f.due) == ("violated", dt.date(2026, 10, 8))
    assert any("art. 203" in r for r in f.explanation.reasons)


def test_findings_are_json_serialisable() -> None:
    """A report converts to plain JSON (the SPEC §5 shape)."""
    report = RULES.check_site(_site(1), as_of=AS_OF)
    text = json.dumps(report.to_json())
    back = json.loads(text)
    assert back["as_of"] == "2026-10-09"
    assert sum(back["summary"].values()) == len(back["findings"])


def test_concurrent_checks_agree_with_sequential_ones() -> None:
    """One loaded ruleset checks sites from several threads with the same results."""
    sites = [_site(i) for i in range(200)]

    def keys(site: lnvideo.Site) -> list[tuple[str, str, str | None]]:
        rep = RULES.check_site(site, as_of=AS_OF, lang="zh" if site.id.endswith("7") else "en")
        return [(f.rule, f.status.value, f.message) for f in rep.findings]

    sequential = [keys(s) for s in sites]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(keys, sites))
    assert parallel == sequential


def test_check_records_reports_orphans_without_losing_findings() -> None:
    """`Ruleset.check` groups records by site, reports an orphan, still judges the site."""
    event = lnvideo.Event(site="NOPE", type="footage_accessed", on=dt.date(2026, 3, 1))
    report = RULES.check([_site(1), event], as_of=AS_OF)
    assert [d.code for d in report.diagnostics] == ["LNV009"]
    assert report.finding("LN-12.1a", "S1").status.value == "violated"


def test_bad_rule_file_raises_lnvideo_error(tmp_path: pytest.TempPathFactory) -> None:
    """A broken local pack raises LnvideoError carrying located diagnostics."""
    bad = tmp_path / "bad.lnv"  # type: ignore[operator]
    bad.write_text('pack x version "1"\n  extends liaoning\n  precedence 5\nrule', encoding="utf-8")
    with pytest.raises(lnvideo.LnvideoError) as info:
        lnvideo.load_rules(bad)
    d = info.value.diagnostics[0]
    assert d.code == "LNV102" and d.span is not None and d.span.line == 4
