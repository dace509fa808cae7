"""The auditor's HTML report: one self-contained page a county organ can open and mail.

Input: findings (streamed), the run's metadata, the ruleset (for pack titles
and versions, rule and article titles) and a site -> county lookup.
Output: one HTML5 document in `lang` (zh or en): the as-of date, rule packs and
versions on top; status counts with an inline SVG chart; a table per county
public security organ; overdue violations, most days late first; pending
deadlines of the next 30 days; each organ's violations and unknowns with their
message, article and reasons; filters by article, status and county.
Invariants: no external reference at all (no URL, no CDN, no font or image
fetch): CSS, SVG and the small filter script are inline, and without script
every section is simply shown; memory is bounded (`digest.Digest` keeps counts
and capped lists, "N more — see the xlsx/csv" says what was left out); every
text from records or rules is made safe (`safe.line`) and HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping
from typing import TextIO

from lnvideo.findings import STATUS_ORDER, Finding, Status
from lnvideo.report import safe
from lnvideo.report.context import (
    ReportContext,
    article_titles,
    organ_label,
    pack_list,
    rule_catalog,
    takes_context,
)
from lnvideo.report.digest import Digest
from lnvideo.report.labels import article_label, decided_by, display_message, status_label
from lnvideo.report.rows import natural_key
from lnvideo.report.text import subject_text
from lnvideo.version import __version__

WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "title": "Video system compliance report",
        "subtitle": "Findings against the rule packs, by county public security organ",
        "as_of": "As of",
        "packs": "Rule packs",
        "engine": "Engine",
        "generated": "Made by lnvideo {version}",
        "filters": "Filter",
        "article": "Article",
        "status": "Status",
        "county": "County organ",
        "all": "all",
        "reset": "Show all",
        "counts": "Findings by status",
        "total": "Total",
        "by_county": "By county public security organ",
        "overdue": "Overdue",
        "overdue_note": "Violations with a deadline, most days late first.",
        "days_late": "Days late",
        "upcoming": "Upcoming deadlines",
        "upcoming_note": "Pending obligations due in the next {days} days (to {to}).",
        "days_left": "Days left",
        "due": "Due",
        "rule": "Rule",
        "subject": "Subject",
        "message": "Message",
        "violations": "Violations and unknowns by county organ",
        "more": "{n} more — see the xlsx or csv output for every finding.",
        "shown": "The {n} most urgent of {total} are shown; the xlsx or csv output has all.",
        "none": "None.",
        "reasons": "Why",
    },
    "zh": {
        "title": "公共安全视频图像信息系统检查报告",
        "subtitle": "按县级公安机关汇总的规则检查结论",
        "as_of": "截至",
        "packs": "规则包",
        "engine": "引擎",
        "generated": "由 lnvideo {version} 生成",
        "filters": "筛选",
        "article": "条",
        "status": "状态",
        "county": "县级公安机关",
        "all": "全部",
        "reset": "显示全部",
        "counts": "各状态结论数",
        "total": "合计",
        "by_county": "按县级公安机关汇总",
        "overdue": "已逾期",
        "overdue_note": "有期限的违反项，按逾期天数从多到少排列。",
        "days_late": "逾期天数",
        "upcoming": "即将到期",
        "upcoming_note": "今后{days}日内（至{to}）到期的待履行义务。",
        "days_left": "剩余天数",
        "due": "期限",
        "rule": "规则",
        "subject": "对象",
        "message": "说明",
        "violations": "各县级公安机关的违反项和无法判断项",
        "more": "另有 {n} 条——全部结论见 xlsx 或 csv 输出。",
        "shown": "共 {total} 条，仅显示最紧迫的 {n} 条；全部结论见 xlsx 或 csv 输出。",
        "none": "无。",
        "reasons": "理由",
    },
}

COLOURS: Mapping[Status, str] = {
    Status.VIOLATED: "#c62828",
    Status.PENDING: "#b26a00",
    Status.UNKNOWN: "#7b1fa2",
    Status.SATISFIED: "#2e7d32",
    Status.NOT_APPLICABLE: "#6b6b6b",
}

CSS = """
:root{--fg:#1b1b1b;--muted:#5a5a5a;--line:#d9d9d9;--bg:#fff;--band:#f5f6f8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:16px}
header{background:#12355b;color:#fff;padding:18px 16px}
header .wrap{max-width:1180px;margin:0 auto}
h1{font-size:1.45em;margin:0 0 4px}
header p{margin:2px 0;color:#dbe6f3}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:10px 0 0}
dl.meta dt{font-weight:600;color:#fff}dl.meta dd{margin:0;color:#dbe6f3;overflow-wrap:anywhere}
h2{font-size:1.2em;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #12355b}
h3{font-size:1.05em;margin:18px 0 6px}
.note{color:var(--muted);margin:4px 0 10px}
.grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px;align-items:start}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--band);font-weight:600;white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.d,.rc{white-space:nowrap}
.st{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:.85em;white-space:nowrap}
.v{background:#c62828}.p{background:#b26a00}.u{background:#7b1fa2}.s{background:#2e7d32}.na{background:#6b6b6b}
form.filters{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:end;background:var(--band);padding:10px 12px;border-radius:6px;margin-top:14px}
form.filters label{display:flex;flex-direction:column;font-size:.85em;color:var(--muted)}
form.filters select,form.filters button{font:inherit;padding:4px 6px;min-width:9em}
details{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:0 12px}
summary{cursor:pointer;padding:8px 0;font-weight:600}
ul.items{list-style:none;margin:0;padding:0}
ul.items li{border-top:1px solid var(--line);padding:8px 0}
ul.items .head{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
.rule{font-weight:600}.subj{color:var(--muted);overflow-wrap:anywhere}
.msg{margin:2px 0 0}.why{margin:2px 0 0 1em;color:var(--muted);font-size:.92em}
.more{color:var(--muted);font-style:italic}
[hidden]{display:none!important}
footer{color:var(--muted);font-size:.85em;margin:30px 0 10px}
@media (max-width:700px){
 body{font-size:14px}
 main{padding:10px}
 .grid{grid-template-columns:1fr}
 .counts{display:none}
 table.cards thead{display:none}
 table.cards tr{display:block;border-bottom:1px solid var(--line);padding:6px 0}
 table.cards td,table.cards th{display:block;border:0;padding:1px 4px;background:none}
 table.cards th.n,table.cards td.d{display:inline-block;margin-right:12px}
 table.cards [data-label]::before{content:attr(data-label) ": ";font-weight:600;color:var(--muted)}
 table.cards td.n{display:inline-block;text-align:left;margin-right:12px}
 table.cards td:first-child{font-weight:600}
 form.filters select{min-width:0;max-width:100%}
 form.filters label{flex:1 1 40%}
}
@media print{form.filters{display:none}details{break-inside:avoid}header{background:none;color:#000}header p,dl.meta dd,dl.meta dt{color:#000}}
"""

SCRIPT = """
(function(){var f=document.getElementById('filters');if(!f)return;f.hidden=false;
function v(n){return f.elements[n].value}
function apply(){var a=v('article'),s=v('status'),c=v('county');
document.querySelectorAll('[data-status]').forEach(function(e){
e.hidden=!((!a||e.getAttribute('data-article')===a)&&(!s||e.getAttribute('data-status')===s)&&(!c||e.getAttribute('data-county')===c));});
document.querySelectorAll('[data-block]').forEach(function(e){e.hidden=!!c&&e.getAttribute('data-block')!==c;});}
f.addEventListener('change',apply);f.addEventListener('reset',function(){setTimeout(apply,0)});})();
"""

_CLASS = {
    Status.VIOLATED: "v",
    Status.PENDING: "p",
    Status.UNKNOWN: "u",
    Status.SATISFIED: "s",
    Status.NOT_APPLICABLE: "na",
}


def esc(value: object) -> str:
    """Safe, escaped text for HTML content and attributes.

    Example:
        >>> esc('<b a="1">\\x1b[2J')
        '&lt;b a=&quot;1&quot;&gt;␛[2J'
    """
    return html.escape(safe.line(str(value)), quote=True)


def _n(value: int, lang: str) -> str:
    return f"{value:,}"


def _status(status: Status, lang: str) -> str:
    return f'<span class="st {_CLASS[status]}">{esc(status_label(status, lang))}</span>'


def _chart(counts: Mapping[str, int], lang: str) -> str:
    """A horizontal bar chart of the status counts, as inline SVG."""
    top = max([counts.get(s.value, 0) for s in STATUS_ORDER] + [1])
    rows = []
    label_w, bar_w, h = 110, 210, 26
    for i, s in enumerate(STATUS_ORDER):
        n = counts.get(s.value, 0)
        w = 0 if n == 0 else max(2, round(bar_w * n / top))
        y = i * h + 4
        rows.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{esc(status_label(s, lang))}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{w}" height="{h - 10}" rx="2" fill="{COLOURS[s]}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 15}">{_n(n, lang)}</text>'
        )
    total = sum(counts.values())
    height = len(STATUS_ORDER) * h + 8
    title = esc(WORDS[lang]["counts"])
    return (
        f'<svg viewBox="0 0 400 {height}" width="100%" style="max-width:460px" role="img" '
        f'aria-label="{title}: {_n(total, lang)}" font-size="13" fill="#1b1b1b">'
        f"<title>{title}</title>{''.join(rows)}</svg>"
    )


def _data(f: Finding, code: str | None) -> str:
    return (
        f'data-article="{esc(f.article)}" data-status="{f.status.value}" '
        f'data-county="{esc(code or "")}"'
    )


def _rule_cell(f: Finding, lang: str, titles: Mapping[str, str]) -> str:
    art = article_label(f.article, lang, short=True)
    title = titles.get(f.rule, "")
    hint = f' title="{esc(title)}"' if title else ""
    return (
        f'<span class="rc"><span class="rule"{hint}>{esc(f.rule)}</span> '
        f'<span class="subj">{esc(art)}</span></span>'
    )


class _Page:
    """One page being written: the words, the digest and the lookups every section uses."""

    def __init__(self, out: TextIO, ctx: ReportContext, digest: Digest) -> None:
        self.out = out
        self.ctx = ctx
        self.lang = ctx.lang if ctx.lang in WORDS else "en"
        self.w = WORDS[self.lang]
        self.digest = digest
        self.rule_titles = {r: i.title(self.lang) for r, i in rule_catalog(ctx.ruleset).items()}
        self.art_titles = article_titles(ctx.ruleset, self.lang)
        self.counties = digest.counties()
        self.organ = {c: organ_label(c, self.lang) for c in self.counties}

    def p(self, *parts: str) -> None:
        self.out.write("".join(parts))

    def n(self, value: int) -> str:
        return _n(value, self.lang)

    def word(self, key: str) -> str:
        return esc(self.w[key])


@takes_context
def write_html(
    findings: Iterable[Finding],
    out: TextIO,
    *,
    ctx: ReportContext,
    top: int = 200,
    per_county: int = 50,
) -> Digest:
    """Digest the findings, then write the page to `out`; return the digest.

    Args:
        findings: the run's findings, in any order (consumed once).
        out: where to write the page.
        ctx: the run (`ReportContext`; or its fields as keywords): overdue and
            upcoming are counted from `as_of`; `rules` is shown when no ruleset
            is given; `explain` is unused (reasons are shown whenever findings
            carry them); `county_of` groups the findings by county organ.
        top: how many overdue and upcoming items to list.
        per_county: how many violations and unknowns to list per county organ.

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> write_html([], buf, as_of=dt.date(2026, 10, 1), rules="liaoning@1").counts["violated"]
        0
        >>> buf.getvalue().startswith("<!DOCTYPE html>")
        True
    """
    digest = Digest(as_of=ctx.as_of, county_of=ctx.county_of, top=top, per_county=per_county)
    digest.add_all(findings)
    page = _Page(out, ctx, digest)
    _header(page)
    _filters(page)
    _counts(page)
    _overdue(page)
    _upcoming(page)
    _by_county(page)
    _violations(page)
    page.p(
        f"<footer>{esc(page.w['generated'].format(version=__version__))} · {esc(ctx.rules)} · "
        f"{page.word('as_of')} {ctx.as_of.isoformat()}</footer>\n</main>\n"
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
    return digest


def _header(page: _Page) -> None:
    """The document head, and the page header: as-of date, packs and versions, engine."""
    ctx, p, word = page.ctx, page.p, page.word
    as_of = esc(ctx.as_of.isoformat())
    p(
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if page.lang == "zh" else "en"}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{word('title')} · {as_of}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n"
    )
    packs = pack_list(ctx.ruleset, page.lang)
    pack_text = (
        "; ".join(f"{name} {version} — {title}" for name, version, title in packs)
        if packs
        else ctx.rules
    )
    p(
        f'<header><div class="wrap"><h1>{word("title")}</h1><p>{word("subtitle")}</p>'
        '<dl class="meta">'
        f"<dt>{word('as_of')}</dt><dd>{as_of}</dd>"
        f"<dt>{word('packs')}</dt><dd>{esc(pack_text)}</dd>"
    )
    if ctx.engine:
        p(f"<dt>{word('engine')}</dt><dd>{esc(ctx.engine)}</dd>")
    p("</dl></div></header>\n<main>\n")


def _filters(page: _Page) -> None:
    """The filter form (shown by the script; without it every item is listed)."""
    word, lang = page.word, page.lang
    articles = sorted(page.digest.by_article, key=natural_key)
    opts_a = "".join(
        f'<option value="{esc(a)}">{esc(article_label(a, page.lang, short=True))}'
        f"{esc(' ' + page.art_titles[a]) if page.art_titles.get(a) else ''}</option>"
        for a in articles
    )
    opts_s = "".join(
        f'<option value="{s.value}">{esc(status_label(s, lang))}</option>'
        for s in (Status.VIOLATED, Status.PENDING, Status.UNKNOWN)
    )
    opts_c = "".join(
        f'<option value="{esc(c or "")}">{esc(page.organ[c])}</option>' for c in page.counties
    )
    every = f'<option value="">{word("all")}</option>'
    page.p(
        f'<form class="filters" id="filters" hidden aria-label="{word("filters")}">'
        f'<label>{word("article")}<select name="article">{every}{opts_a}</select></label>'
        f'<label>{word("status")}<select name="status">{every}{opts_s}</select></label>'
        f'<label>{word("county")}<select name="county">{every}{opts_c}</select></label>'
        f'<button type="reset">{word("reset")}</button></form>\n'
    )


def _counts(page: _Page) -> None:
    """The status counts, as a chart and a table."""
    counts, p = page.digest.counts, page.p
    p(f'<h2>{page.word("counts")}</h2><div class="grid"><div>{_chart(counts, page.lang)}</div>')
    p('<div class="scroll counts"><table><tbody>')
    for s in STATUS_ORDER:
        p(f'<tr><td>{_status(s, page.lang)}</td><td class="n">{page.n(counts[s.value])}</td></tr>')
    p(f'<tr><th>{page.word("total")}</th><th class="n">{page.n(sum(counts.values()))}</th></tr>')
    p("</tbody></table></div></div>\n")


def _overdue(page: _Page) -> None:
    """Violations with a deadline, most days late first."""
    d = page.digest
    heading = f"<h2>{page.word('overdue')} ({page.n(d.overdue_total)})</h2>"
    note = page.word("overdue_note")
    _deadlines(page, heading, note, d.overdue(), d.overdue_total, "days_late", days_first=True)


def _upcoming(page: _Page) -> None:
    """Pending obligations due within the digest's horizon, soonest first."""
    d = page.digest
    to = (page.ctx.as_of + dt.timedelta(days=d.upcoming_days)).isoformat()
    heading = f"<h2>{page.word('upcoming')} ({page.n(d.upcoming_total)})</h2>"
    note = esc(page.w["upcoming_note"].format(days=d.upcoming_days, to=to))
    _deadlines(page, heading, note, d.upcoming(), d.upcoming_total, "days_left", days_first=False)


def _deadlines(
    page: _Page,
    heading: str,
    note: str,
    items: list[tuple[int, Finding, str | None]],
    total: int,
    days: str,
    *,
    days_first: bool,
) -> None:
    """A section of dated findings: (days, finding, county) rows, or "None."."""
    p, word, lang = page.p, page.word, page.lang
    p(f'{heading}<p class="note">{note}</p>')
    if not items:
        p(f"<p>{word('none')}</p>\n")
        return
    if total > len(items):
        shown = page.w["shown"].format(n=page.n(len(items)), total=page.n(total))
        p(f'<p class="more">{esc(shown)}</p>')
    cols = [f'<th class="n">{word(days)}</th>', f"<th>{word('due')}</th>"]
    p(
        '<div class="scroll"><table class="cards"><thead><tr>'
        f"{''.join(cols if days_first else cols[::-1])}<th>{word('rule')}</th>"
        f"<th>{word('subject')}</th><th>{word('county')}</th><th>{word('message')}</th>"
        "</tr></thead><tbody>"
    )
    for n, f, code in items:
        assert f.due is not None
        cells = [
            f'<td class="n" data-label="{word(days)}">{page.n(n)}</td>',
            f'<td class="d" data-label="{word("due")}">{f.due.isoformat()}</td>',
        ]
        organ = page.organ.get(code, organ_label(code, lang))
        p(
            f"<tr {_data(f, code)}>{''.join(cells if days_first else cells[::-1])}"
            f'<td data-label="{word("rule")}">{_rule_cell(f, page.lang, page.rule_titles)}</td>'
            f'<td data-label="{word("subject")}">{esc(subject_text(f.subject, lang))}</td>'
            f'<td data-label="{word("county")}">{esc(organ)}</td>'
            f'<td data-label="{word("message")}">{esc(display_message(f.message, f.status))}</td></tr>'
        )
    p("</tbody></table></div>\n")


def _by_county(page: _Page) -> None:
    """One row per county organ with its count per status, and the total."""
    p, lang, d = page.p, page.lang, page.digest
    p(f'<h2>{page.word("by_county")}</h2><div class="scroll"><table class="cards"><thead><tr>')
    p(f"<th>{page.word('county')}</th>")
    for s in STATUS_ORDER:
        p(f'<th class="n">{esc(status_label(s, lang))}</th>')
    p("</tr></thead><tbody>")

    def cells(tag: str, row: Mapping[str, int]) -> None:
        for s in STATUS_ORDER:
            p(
                f'<{tag} class="n" data-label="{esc(status_label(s, lang))}">'
                f"{page.n(row[s.value])}</{tag}>"
            )

    for c in page.counties:
        p(f'<tr data-block="{esc(c or "")}"><td>{esc(page.organ[c])}')
        if c and c not in page.organ[c]:
            p(f' <span class="subj">{esc(c)}</span>')
        p("</td>")
        cells("td", d.by_county[c])
        p("</tr>")
    p(f"<tr><th>{page.word('total')}</th>")
    cells("th", d.counts)
    p("</tr></tbody></table></div>\n")


def _violations(page: _Page) -> None:
    """Each county organ's violations and unknowns (up to the cap), with their reasons."""
    p, lang, w, d = page.p, page.lang, page.w, page.digest
    p(f"<h2>{page.word('violations')}</h2>\n")
    listed_any = False
    for c in page.counties:
        items = d.listed.get(c, [])
        if not items:
            continue
        listed_any = True
        row = d.by_county[c]
        n_v, n_u = row[Status.VIOLATED.value], row[Status.UNKNOWN.value]
        p(
            f'<details open data-block="{esc(c or "")}"><summary>{esc(page.organ[c])} — '
            f"{esc(status_label(Status.VIOLATED, lang))} {page.n(n_v)} · "
            f'{esc(status_label(Status.UNKNOWN, lang))} {page.n(n_u)}</summary><ul class="items">'
        )
        for f in sorted(
            items, key=lambda f: (natural_key(f.article), natural_key(f.rule), f.subject.key())
        ):
            p(
                f'<li {_data(f, c)}><div class="head">{_status(f.status, lang)} '
                f"{_rule_cell(f, lang, page.rule_titles)} "
                f'<span class="subj">{esc(subject_text(f.subject, lang))}</span>'
            )
            if f.due:
                p(f' <span class="subj">{page.word("due")} {f.due.isoformat()}</span>')
            p(f'</div><p class="msg">{esc(display_message(f.message, f.status))}</p>')
            for reason in (*f.explanation.reasons, decided_by(f, lang)):
                if reason:
                    p(f'<p class="why">↳ {esc(reason)}</p>')
            p("</li>")
        p("</ul>")
        if d.unlisted[c]:
            p(f'<p class="more">{esc(w["more"].format(n=page.n(d.unlisted[c])))}</p>')
        p("</details>\n")
    if not listed_any:
        p(f"<p>{page.word('none')}</p>\n")


@takes_context
def render(findings: Iterable[Finding], *, out: TextIO, ctx: ReportContext) -> None:
    """Write the HTML report."""
    write_html(findings, out, ctx=ctx)
