"""Sphinx extension: the rule packs, the diagnostics and the CLI, rendered as pages at build time.

Input: the bundled Measures pack (`lnvideo.load_rules()`), the diagnostics
`CATALOGUE`, the argument parser of `lnvideo.cli.build_parser()` and the bundled
working-day calendar.
Output: MyST Markdown pages written into the Sphinx source directory when the
builder starts (`articles/*.md`, `reference/diagnostics.md`,
`reference/cli.md`, `reference/records.md`; all git-ignored, rewritten only when their text changes),
and three directives for hand-written pages: `lnvideo-deadline` (a period
counted on the calendar, with month grids), `lnvideo-month` (one month grid)
and `lnvideo-run` (Python code run at build time, shown with its output).

Invariants: every word of an article page comes from the rule pack or from the
engine run on the pack's own examples, never from the text of the Measures; a
pack example that the engine does not reproduce, a diagnostic code without a
help entry, or a failing `lnvideo-run` block is a Sphinx warning, so
`sphinx-build -W` fails instead of publishing a page that has drifted.
"""

from __future__ import annotations

import calendar as pycalendar
import contextlib
import datetime as dt
import html
import io
import os
import textwrap
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import attrs

from lnvideo import ir
from lnvideo.diagnostics import CATALOGUE
from lnvideo.findings import Finding

__all__ = [
    "DIAGNOSTIC_HELP",
    "GeneratedPage",
    "article_page",
    "cli_page",
    "coverage_page",
    "diagnostics_page",
    "generate_pages",
    "month_html",
    "records_page",
    "run_cli",
    "setup",
    "write_pages",
]

#: Paths (relative to the docs source dir) that `generate_pages` owns.
GENERATED_DIRS: tuple[str, ...] = ("articles",)
GENERATED_FILES: tuple[str, ...] = (
    "reference/diagnostics.md",
    "reference/cli.md",
    "reference/records.md",
)

_SUBJECT_WORDS = {"site": "each site", "camera": "each camera", "event": "each event"}
_MODALITY_EN = {
    "obligation": "Obligation — something must be done or be so",
    "prohibition": "Prohibition — something must not be done or be so",
    "permission": "Permission — something may be done",
    "scope": "Scope — decides which sites the Measures cover at all",
}


@attrs.frozen
class GeneratedPage:
    """One generated page: its path under the docs source dir and its Markdown text."""

    path: str
    text: str


# --------------------------------------------------------------------------- text helpers


def _md(text: str) -> str:
    """Escape the characters that Markdown would read as markup in running text.

    Example:
        >>> _md("a | b * c")
        'a \\\\| b \\\\* c'
    """
    out = text
    for ch in ("\\", "|", "*", "_", "`", "<", ">", "[", "]"):
        out = out.replace(ch, "\\" + ch)
    return out


def _code(text: str) -> str:
    """Inline code that survives backticks inside the text."""
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _label(rule_id: str) -> str:
    """The cross-reference label of a rule section.

    Example:
        >>> _label("LN-12.1a")
        'rule-ln-12-1a'
    """
    return "rule-" + rule_id.lower().replace(".", "-")


def _ref(rule_id: str) -> str:
    return f"{{ref}}`{rule_id} <{_label(rule_id)}>`"


def _value(v: object) -> str:
    if isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, tuple | list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return str(v)


#: attributes of record objects that are bookkeeping, not record fields
_NOT_FIELDS = frozenset({"extra", "origin"})


def _record_cells(rec: object) -> tuple[str, str, str]:
    """(what, id, fields) of an example record, only the fields it states."""
    fields = attrs.asdict(rec, recurse=False)  # type: ignore[arg-type]
    kind = type(rec).__name__.lower()
    rid = fields.pop("id", None)
    if kind == "event":
        what = f"event {_code(str(fields.pop('type')))}"
        if fields.get("on_at") is not None:
            fields["on"] = fields["on_at"]
        fields.pop("on_at", None)
    else:
        what = kind
    stated = [
        f"{_code(k)} {_md(_value(v))}"
        for k, v in fields.items()
        if v is not None and k not in _NOT_FIELDS
    ]
    return what, _md(str(rid)) if rid is not None else "—", "; ".join(stated) or "—"


def _citation(rule: ir.Rule) -> str:
    return "; ".join(str(c) for c in rule.cites) or f"Article {rule.article}"


def _status_word(status: str) -> str:
    words = {
        "satisfied": "satisfied",
        "violated": "**violated**",
        "pending": "pending",
        "not_applicable": "not applicable",
        "unknown": "unknown",
    }
    return words.get(status, status)


# --------------------------------------------------------------------------- engine runs


def _run(ruleset: Any, example: ir.Example, lang: str) -> list[Finding]:
    from lnvideo.readers import group_by_site

    bundles, _ = group_by_site(example.records)  # type: ignore[arg-type]
    assert example.as_of is not None
    return list(ruleset.iter_findings(bundles, as_of=example.as_of, lang=lang, explain=True))


def _find(findings: Iterable[Finding], rule: str, kind: str, sid: str) -> Finding | None:
    for f in findings:
        if f.rule == rule and f.subject.kind == kind and f.subject.id == sid:
            return f
    return None


def _worked_choice(
    examples: list[ir.Example], rule_ids: tuple[str, ...]
) -> tuple[ir.Example, Any] | None:
    """The (example, expectation) that best shows a deadline at work: violated with a due date first."""

    def score(exp: Any) -> int:
        s = {"violated": 4, "pending": 3, "satisfied": 1}.get(exp.status, 0)
        return s + (2 if exp.due is not None else 0)

    best: tuple[int, ir.Example, Any] | None = None
    for ex in examples:
        for exp in ex.expects:
            if exp.rule not in rule_ids:
                continue
            if best is None or score(exp) > best[0]:
                best = (score(exp), ex, exp)
    return None if best is None else (best[1], best[2])


# --------------------------------------------------------------------------- article pages


def _article_examples(ruleset: Any, number: int) -> list[ir.Example]:
    return [e for e in ruleset.ir.examples if e.article == number]


def _cited_by(checked: ir.Ruleset, number: int) -> list[ir.Rule]:
    return [
        r
        for r in checked.all_rules()
        if r.article != str(number) and any(c.article == number for c in r.cites)
    ]


def _rule_section(checked: ir.Ruleset, rule: ir.Rule) -> list[str]:
    title_en = rule.titles.get("en", "")
    title_zh = rule.titles.get("zh", "")
    subject = _SUBJECT_WORDS[rule.subject_kind]
    if rule.event_type:
        subject = f"each {_code(rule.event_type)} event"
    source_name = Path(rule.span.source).name if rule.span else "?"
    where = f"{rule.pack}/{source_name}, line {rule.span.line}" if rule.span else rule.pack
    lines = [
        f"({_label(rule.id)})=",
        f"### {rule.id} — {_md(title_en)}" if title_en else f"### {rule.id}",
        "",
    ]
    if title_zh:
        lines += [f"{{.zh}}\n{_md(title_zh)}", ""]
    lines += [
        f"- **Cites:** {_md(_citation(rule))}",
        f"- **Kind:** {_MODALITY_EN.get(rule.modality, rule.modality)}",
        f"- **Checked for:** {subject}",
        f"- **Severity:** {rule.severity}",
    ]
    if rule.overrides:
        lines.append(f"- **Overrides:** {_ref(rule.overrides)}")
    if rule.applies_text:
        lines.append(f"- **Applies when:** {_code(rule.applies_text)}")
    for lang, name in (("en", "English"), ("zh", "Chinese")):
        if lang in rule.messages:
            lines.append(f"- **Message ({name}):** {_md(rule.messages[lang])}")
    lines += ["", f"```{{code-block}} lnvideo\n:caption: {_md(where)}\n"]
    lines += [textwrap.dedent(rule.source_text).rstrip(), "```", ""]
    if rule.interprets:
        lines += ["**Interpretations it relies on** (choices the text leaves open):", ""]
        for name in rule.interprets:
            texts = checked.interpretations.get(name, {})
            lines.append(f"- {_code(name)} — {_md(texts.get('en', ''))}")
            if "zh" in texts:
                lines += ["", f"  {{.zh}}\n  {_md(texts['zh'])}"]
        lines.append("")
    else:
        lines += ["This rule relies on no interpretation: the text decides it directly.", ""]
    return lines


def _example_section(ruleset: Any, example: ir.Example, rule_ids: tuple[str, ...]) -> list[str]:
    lines = [
        f"### Example: “{_md(example.name)}”",
        "",
        f"Checked as of **{example.as_of}**. Records in:",
        "",
        "```{list-table}",
        ":header-rows: 1",
        ":class: lnv-records",
        "",
        "* - Record",
        "  - Id",
        "  - What it states",
    ]
    for rec in example.records:
        what, rid, stated = _record_cells(rec)
        lines += [f"* - {what}", f"  - {rid}", f"  - {stated}"]
    lines += ["```", "", "Expected out:", ""]
    findings = _run(ruleset, example, "en")
    lines += [
        "```{list-table}",
        ":header-rows: 1",
        ":class: lnv-expects",
        "",
        "* - Rule",
        "  - For",
        "  - Status",
        "  - Due",
        "  - Done on",
        "  - Engine",
    ]
    for exp in example.expects:
        actual = _find(findings, exp.rule, exp.subject_kind, exp.subject_id)
        agrees = (
            actual is not None
            and actual.status.value == exp.status
            and (exp.due is None or actual.due == exp.due)
            and (exp.fulfilled is None or actual.fulfilled_on == exp.fulfilled)
        )
        due = str(exp.due) if exp.due else ("none" if exp.no_due else "")
        if not due and actual is not None and actual.due is not None:
            due = f"({actual.due})"
        rule = _ref(exp.rule) if exp.rule in rule_ids else exp.rule
        lines += [
            f"* - {rule}",
            f"  - {exp.subject_kind} {_md(exp.subject_id)}",
            f"  - {_status_word(exp.status)}",
            f"  - {due or '—'}",
            f"  - {exp.fulfilled or '—'}",
            f"  - {'✓ agrees' if agrees else '✗ DIFFERS'}",
        ]
    lines += ["```", ""]
    return lines


def _worked_section(ruleset: Any, example: ir.Example, exp: Any) -> list[str]:
    en = _find(_run(ruleset, example, "en"), exp.rule, exp.subject_kind, exp.subject_id)
    zh = _find(_run(ruleset, example, "zh"), exp.rule, exp.subject_kind, exp.subject_id)
    if en is None or zh is None:
        return []
    head = (
        f"The engine was run while these pages were built, on the example "
        f"“{_md(example.name)}” as of {example.as_of}. For {exp.subject_kind} "
        f"**{_md(exp.subject_id)}** it decided {_ref(en.rule)} is "
        f"**{_status_word(en.status.value).strip('*')}**"
    )
    if en.due:
        head += f", due **{en.due}**"
    if en.fulfilled_on:
        head += f", done on {en.fulfilled_on}"
    lines = [
        "## Worked explanation",
        "",
        head + ".",
        "",
        f"- **Message:** {_md(en.message)}",
        "",
        f"  {{.zh}}\n  {_md(zh.message)}",
        "",
        "- **Why:**",
        "",
    ]
    for r_en, r_zh in zip(en.explanation.reasons, zh.explanation.reasons, strict=False):
        lines += [f"  1. {_md(r_en)}", "", f"     {{.zh}}\n     {_md(r_zh)}", ""]
    if en.explanation.clauses:
        lines += ["- **Clauses of the rule and how they came out:**", ""]
        for clause, outcome in en.explanation.clauses:
            lines.append(f"  - {_code(clause)} → **{_md(outcome)}**")
        lines.append("")
    if en.explanation.facts:
        lines += ["- **Facts from the records that took part:**", ""]
        for fact in en.explanation.facts:
            lines.append(f"  - {_code(fact.path)} = {_md(_value(fact.value))}")
        lines.append("")
    return lines


def article_page(ruleset: Any, info: ir.ArticleInfo) -> str:
    """The Markdown page of one article: summary, rules, examples and a worked explanation.

    Args:
        ruleset: an `lnvideo.api.Ruleset` (its `.ir` holds the articles).
        info: the article's coverage entry.

    Example:
        >>> import lnvideo
        >>> rs = lnvideo.load_rules()
        >>> page = article_page(rs, rs.ir.articles[11])
        >>> page.splitlines()[1]
        '# Article 12 — Registration and changes'
    """
    checked: ir.Ruleset = ruleset.ir
    n = info.number
    title_en = info.titles.get("en", "")
    lines = [f"(article-{n})=", f"# Article {n} — {_md(title_en)}", ""]
    if "zh" in info.titles:
        lines += [f"{{.zh .lnv-subtitle}}\n第{_zh_number(n)}条 {_md(info.titles['zh'])}", ""]
    lines += [
        "```{admonition} Summary, in our own words",
        ":class: note",
        "",
        _md(info.summary.get("en", "(no summary in the pack)")),
        "",
    ]
    if "zh" in info.summary:
        lines += [f"{{.zh}}\n{_md(info.summary['zh'])}", ""]
    lines += [
        "This is a summary written for these rules, not the text of the Measures. "
        "Read the official text for the law itself.",
        "```",
        "",
    ]
    rules = [r for rid in info.rule_ids if (r := checked.rule(rid)) is not None]
    cited = _cited_by(checked, n)
    if not rules:
        lines += ["## Why no rule checks this article", ""]
        why = info.not_checkable.get("en", "The pack gives no rule and no reason.")
        lines += [_md(why), ""]
        if "zh" in info.not_checkable:
            lines += [f"{{.zh}}\n{_md(info.not_checkable['zh'])}", ""]
        if cited:
            refs = ", ".join(f"{_ref(r.id)} (Article {r.article})" for r in cited)
            lines += [f"Part of this article is applied through {refs}.", ""]
        return "\n".join(lines)
    count = len(rules)
    lines += [
        "## Rules",
        "",
        f"{count} rule{'s' if count != 1 else ''} check{'' if count != 1 else 's'} this article: "
        + ", ".join(_ref(r.id) for r in rules)
        + ".",
        "",
    ]
    if cited:
        refs = ", ".join(f"{_ref(r.id)} (Article {r.article})" for r in cited)
        lines += [f"It is also cited by {refs}.", ""]
    if info.not_checkable:
        lines += [
            f"What the rules leave out: {_md(info.not_checkable.get('en', ''))}",
            "",
        ]
    for rule in rules:
        lines += _rule_section(checked, rule)
    examples = _article_examples(ruleset, n)
    rule_ids = tuple(r.id for r in rules)
    chosen = _worked_choice(examples, rule_ids)
    if chosen is not None:
        lines += _worked_section(ruleset, *chosen)
    lines += ["## Examples", ""]
    if not examples:
        lines += ["The pack has no example for this article yet.", ""]
    else:
        lines += [
            f"The pack states {len(examples)} example{'s' if len(examples) != 1 else ''} "
            "for this article. Each was run through the engine while this page was built, and "
            "✓ marks an expectation the engine reproduces "
            "(“Due” in brackets: computed, not stated in the example).",
            "",
        ]
        for ex in examples:
            lines += _example_section(ruleset, ex, rule_ids)
    return "\n".join(lines)


_ZH_DIGITS = "零一二三四五六七八九"


def _zh_number(n: int) -> str:
    """Chinese numerals for 1-99, as article numbers are written.

    Example:
        >>> _zh_number(12), _zh_number(20), _zh_number(7)
        ('十二', '二十', '七')
    """
    if n < 10:
        return _ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _ZH_DIGITS[tens]
    return f"{head}十{_ZH_DIGITS[ones] if ones else ''}"


def _expect_counts(checked: ir.Ruleset) -> dict[str, tuple[int, int]]:
    """rule id -> (examples that mention it, expectations about it)."""
    out: dict[str, tuple[int, int]] = {}
    for ex in checked.examples:
        seen: set[str] = set()
        for exp in ex.expects:
            n_ex, n_exp = out.get(exp.rule, (0, 0))
            out[exp.rule] = (n_ex + (exp.rule not in seen), n_exp + 1)
            seen.add(exp.rule)
    return out


def coverage_page(ruleset: Any) -> str:
    """The coverage matrix: article × rules × examples, and one row per rule.

    Example:
        >>> import lnvideo
        >>> "LN-12.1b" in coverage_page(lnvideo.load_rules())
        True
    """
    checked: ir.Ruleset = ruleset.ir
    counts = _expect_counts(checked)
    lines = [
        "(coverage)=",
        "# Coverage matrix",
        "",
        f"Every article of the Measures and what the rule pack {_code(checked.label)} does "
        "with it. Generated from the pack while these pages were built.",
        "",
        "## By article",
        "",
        "```{list-table}",
        ":header-rows: 1",
        ":class: lnv-coverage lnv-byarticle",
        "",
        "* - Article",
        "  - Rules",
        "  - Examples",
    ]
    for info in checked.articles:
        n = info.number
        title = _md(info.titles.get("en", ""))
        first = f"{{ref}}`Art. {n} <article-{n}>` {title}"
        if info.rule_ids:
            rules = ", ".join(_ref(r) for r in info.rule_ids)
        else:
            cited = _cited_by(checked, n)
            rules = "*not checkable*" + (
                " (applied through " + ", ".join(_ref(r.id) for r in cited) + ")" if cited else ""
            )
        n_examples = sum(1 for e in checked.examples if e.article == n)
        lines += [f"* - {first}", f"  - {rules}", f"  - {n_examples or 'none'}"]
    lines += ["```", "", "## By rule", ""]
    lines += [
        "```{list-table}",
        ":header-rows: 1",
        ":class: lnv-coverage lnv-byrule",
        "",
        "* - Rule",
        "  - Cites",
        "  - For",
        "  - Examples",
        "  - Expectations",
    ]
    missing: list[str] = []
    for rule in checked.all_rules():
        n_ex, n_exp = counts.get(rule.id, (0, 0))
        if not n_exp:
            missing.append(rule.id)
        subject = rule.event_type or rule.subject_kind
        lines += [
            f"* - {_ref(rule.id)}",
            f"  - {_md(_citation(rule))}",
            f"  - {_code(subject)}",
            f"  - {n_ex or 'none'}",
            f"  - {n_exp or 'none'}",
        ]
    lines += ["```", ""]
    if missing:
        lines += [f"Rules no example tests yet: {', '.join(missing)}.", ""]
    else:
        lines += ["Every rule is tested by at least one example.", ""]
    return "\n".join(lines)


def articles_index(ruleset: Any) -> str:
    checked: ir.Ruleset = ruleset.ir
    pack = checked.packs[0]
    lines = [
        "# The Measures, article by article",
        "",
        f"{_md(pack.titles.get('en', pack.name))}",
        "",
        f"{{.zh}}\n{_md(pack.titles.get('zh', ''))}",
        "",
        f"{_md(pack.instrument or '')}. In force from {pack.effective}. "
        f"Rule pack {_code(checked.label)}.",
        "",
        "One page per article: our summary, the rules that check it (or why none can), "
        "the examples, and an explanation produced by the engine. The "
        "{ref}`coverage matrix <coverage>` shows it all on one page.",
        "",
        "```{toctree}",
        ":maxdepth: 1",
        "",
        "coverage",
    ]
    lines += [f"article-{a.number:02d}" for a in checked.articles]
    lines += ["```", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- diagnostics

#: code -> (what it means, how to fix it). Every CATALOGUE code needs an entry.
DIAGNOSTIC_HELP: dict[str, tuple[str, str]] = {
    "LNV001": (
        "A line of a JSON Lines file is not valid JSON (a missing quote or comma, a trailing "
        "comma, or two objects on one line).",
        "Open the file at the line named and fix the JSON. Each line holds exactly one object.",
    ),
    "LNV002": (
        "The line is valid JSON but not an object: an array, a string or a number.",
        'Write one object per line, e.g. `{"kind": "site", "id": "S1"}`.',
    ),
    "LNV003": (
        "A record has no `kind`, or one that is not `site`, `camera` or `event`.",
        "Add `kind` with one of the three values; the message suggests the nearest one.",
    ),
    "LNV004": (
        "A required field is missing: `id` on a site or camera, `site` on a camera or "
        "event, `type` or `on` on an event.",
        "Add the field. The record is skipped; the other records are still checked.",
    ),
    "LNV005": (
        'A field has the wrong type, e.g. `retention_days` as a string or `designated` as `"yes"`.',
        "Use the type given in the record reference: numbers unquoted, booleans as "
        "`true`/`false`, lists as JSON arrays.",
    ),
    "LNV006": (
        "A date or datetime cannot be read, or is not a real day (2026-02-30).",
        "Write ISO 8601: `2026-09-05`, or `2026-09-05T10:00:00+08:00`. A datetime "
        "without an offset is read as Beijing time.",
    ),
    "LNV007": (
        "A field that takes one of a fixed set of values has another value "
        "(`place_category`, `builder_kind`, `project_kind`, a camera change).",
        "Use one of the listed values; for a place that fits no category write `other`.",
    ),
    "LNV008": (
        "An event's `type` is not one of the event types the rules know.",
        "Use a known type such as `registration_filed` or `footage_accessed`; the message "
        "suggests the nearest.",
    ),
    "LNV009": (
        "A camera or event names a `site` that is not in the input. It is reported, not "
        "silently dropped.",
        "Include the site's record in the same run, or correct the site id.",
    ),
    "LNV010": (
        "Two records of the same kind have the same `id`.",
        "Give every site, camera and event its own id, or remove the duplicate.",
    ),
    "LNV011": (
        "An input file or directory cannot be opened (missing, no permission, not UTF-8, "
        "or a Parquet file that cannot be read).",
        "Check the path and the file's format.",
    ),
    "LNV012": (
        "A warning: a field name is close to a known one (`conty_code`), so it was "
        "probably misspelled and is being ignored.",
        "Rename the field as suggested. Unknown fields are otherwise kept and ignored.",
    ),
    "LNV013": (
        "A county code is not a six-digit administrative division code written as a string.",
        'Write it as a quoted string of six digits, e.g. `"210102"`.',
    ),
    "LNV014": (
        "A warning: an event carries a field that belongs to another event type (an "
        "`authority` on a `footage_deleted`), which the rules will not read.",
        "Check the event's `type`, or move the field to the event it belongs to.",
    ),
    "LNV015": (
        "A warning: one JSON object gives the same key twice; the last value is used, "
        "as every JSON reader does, but the earlier one was probably meant.",
        "Remove the repeated key from the exporting program's output.",
    ),
    "LNV101": (
        "A rule names a field that records do not have (`site.in_use` instead of "
        "`site.in_use_on`).",
        "Use a field from the record reference; the hint suggests the nearest one.",
    ),
    "LNV102": (
        "The rule file does not follow the language's grammar at this point: a keyword "
        "missing or misspelled, an unclosed quote or brace, a date that is not a real date.",
        "Read the caret under the source line and the expected words listed in the "
        "message; compare with the language reference.",
    ),
    "LNV103": (
        "A name (a parameter, set, condition or binding) is used but never defined.",
        "Define it, or correct the spelling; the hint suggests the nearest defined name.",
    ),
    "LNV104": (
        "Two rules have the same id. Ids are how findings, examples and overrides refer to rules.",
        "Give each rule its own id. To change another pack's rule, write a new rule "
        "with `overrides` instead of reusing its id.",
    ),
    "LNV105": (
        "Something is defined twice: a parameter, set, condition or interpretation, a "
        "clause written twice in one rule, or a pack declared twice differently.",
        "Keep one definition. To add members to another pack's set, use `extend set`.",
    ),
    "LNV106": (
        "A warning: a parameter or set is defined but no rule uses it.",
        "Use it in a rule, or delete it.",
    ),
    "LNV107": (
        "A rule file cannot be read, or the paths given contain no `.lnv` file.",
        "Check the path and that the file is UTF-8 text.",
    ),
    "LNV108": (
        "A value is compared with a field that can never hold it "
        "(`site.place_category in {mall, shoping_centre}`).",
        "Use one of the field's allowed values; the hint suggests the nearest.",
    ),
    "LNV109": (
        "A rule or example names an event type the records never have.",
        "Use a known event type; the hint suggests the nearest.",
    ),
    "LNV110": (
        "A `{...}` placeholder in a message is not a field of the rule's subject, or "
        "`{due}` is used in a rule that has no deadline.",
        "Use `{site.field}`, `{camera.field}`, `{event.field}` or `{due}` as the rule allows.",
    ),
    "LNV111": (
        "A rule `interprets` an interpretation that no loaded pack defines.",
        'Define it with `interpretation NAME en "..." zh "..."`, or correct the name.',
    ),
    "LNV201": (
        "The two sides of a comparison or condition have different types (a date "
        "compared with a number), or an override is about a different subject than "
        "the rule it replaces.",
        "Compare like with like; an override must check the same kind of subject.",
    ),
    "LNV202": (
        "A rule `overrides` an id that no loaded pack defines.",
        "Correct the id, and load the base pack together with yours.",
    ),
    "LNV203": (
        "Two rules override the same rule from packs of the same precedence, or an "
        "override's pack is not of higher precedence than the base pack: which one wins "
        "would depend on file order, which lnvideo never allows.",
        "Declare `precedence N` in the overriding pack's header with a larger N.",
    ),
    "LNV204": (
        "A warning: a rule's `applies when` condition can never be true, so the rule "
        "would always be not applicable.",
        "Check the condition for a contradiction or an impossible value.",
    ),
    "LNV205": (
        "A rule uses a field of a subject it is not about (`camera.place` in a rule on "
        "sites, `event.by` in a rule on another event type).",
        "Check the rule's `on` clause, or use a field of that subject.",
    ),
    "LNV206": (
        "A rule that can be violated has no `message`, so a finding would have nothing to say.",
        'Add `message en "..."` and `message zh "..."`.',
    ),
    "LNV207": (
        "A rule or example is incomplete: a rule without `on`, a requirement or a "
        "citation; an example without `as of`, or an expectation about a record the "
        "example does not define.",
        "Add the missing clause; the message names it.",
    ),
    "LNV208": (
        "The loaded packs must have exactly one scope rule (`in scope when`); there is "
        "none, or more than one.",
        "Load the bundled Measures pack with your local pack (it defines LN-3), and do "
        "not write another scope rule.",
    ),
    "LNV209": (
        "A period uses a unit that does not fit where it is used, e.g. hours for a "
        "deadline counted in days.",
        "Use days, working days, months or years for dates; hours only for instants.",
    ),
    "LNV210": (
        "A warning: a rule has no example, so nothing shows that it does what was meant.",
        "Write an example with `expect` lines for the rule and run `lnvideo test`.",
    ),
    "LNV211": (
        "`extend set NAME` names a set that no loaded pack defines.",
        "Correct the name; the hint suggests the nearest set. Load the base pack too.",
    ),
    "LNV212": (
        "A pack header states an entry twice (two `effective` dates, two `precedence` "
        "values), or no loaded pack states its `effective` date.",
        "Keep one of each entry in the header; the base pack must say `effective DATE`.",
    ),
    "LNV301": (
        "A count of days needed a year the working-day calendar does not cover. The "
        "answer is never guessed: the finding is unknown and names the year.",
        "Load the year's calendar with `--calendar FILE` (see How time is counted).",
    ),
    "LNV302": (
        "A calendar file is not valid TOML or does not follow the calendar format.",
        "Fix the line named in the message; see the calendar file format.",
    ),
    "LNV303": (
        "A period could not be read (`lnvideo deadline --days -3`, or text like `30 d`).",
        "Write a whole number and a unit: `30 days`, `3 working days`, `1 year`, `30日`.",
    ),
    "LNV401": (
        "A command-line argument is wrong: a bad date, an unknown format or language, "
        "or a missing input.",
        "Read `lnvideo COMMAND --help`.",
    ),
    "LNV402": (
        "The chosen bulk engine cannot express a construct used by a rule. Engines never "
        "approximate: they refuse.",
        "Run with `--engine python`, or simplify the rule.",
    ),
    "LNV403": (
        "The chosen engine is not installed (`--engine spark` without pyspark and Java).",
        "Install the extra (`pip install lnvideo[spark]`) or use `--engine python`.",
    ),
}


def diagnostics_page() -> str:
    """One entry per CATALOGUE code: level, title, what it means and how to fix it.

    Example:
        >>> "(lnv102)=" in diagnostics_page()
        True
    """
    groups = [
        ("LNV0", "Input records (JSON Lines and Parquet)"),
        ("LNV1", "Rule files: syntax and names"),
        ("LNV2", "Rule files: types, packs, overrides, examples"),
        ("LNV3", "Calendar and periods"),
        ("LNV4", "Command line and engines"),
    ]
    lines = [
        "(diagnostics)=",
        "# Diagnostics reference",
        "",
        "Every problem lnvideo reports carries a stable code. `lnvideo lint`, "
        "`lnvideo check` and the Python API (`LnvideoError.diagnostics`) use the same "
        "codes. A message looks like this:",
        "",
        "```text",
        "examples/shenyang-typo.lnv:21:14: error[LNV101]: unknown field `retention_day` on site",
        "  21 |     requires site.retention_day >= 30",
        "     |              ^^^^^^^^^^^^^^^^^^",
        "  = hint: did you mean `retention_days`?",
        "```",
        "",
        "The file, line and column come first, then the level and code, the source line "
        "with a caret under the problem, and often a hint. **Errors** stop the rules or "
        "the input from being used (exit status 2); **warnings** are reported and the "
        "run goes on.",
        "",
    ]
    for prefix, heading in groups:
        lines += [f"## {heading}", ""]
        for code, (level, title) in CATALOGUE.items():
            if not code.startswith(prefix):
                continue
            meaning, fix = DIAGNOSTIC_HELP.get(code, ("", ""))
            lines += [
                f"({code.lower()})=",
                f"### {code} — {_md(title)}",
                "",
                f"*{level.value}*",
                "",
                f"**What it means.** {meaning}",
                "",
                f"**How to fix it.** {fix}",
                "",
            ]
    return "\n".join(lines)


def missing_diagnostic_help() -> list[str]:
    """CATALOGUE codes that have no help entry (a docs build warns about each)."""
    return [code for code in CATALOGUE if code not in DIAGNOSTIC_HELP]


# --------------------------------------------------------------------------- records

_TYPE_WORDS = {
    "str": "text",
    "int": "whole number",
    "bool": "`true` / `false`",
    "date": "date (`2026-09-05`)",
    "instant": "date and time (`2026-06-01T10:00:00+08:00`; a bare date means 00:00)",
    "enum": "one of",
    "open_enum": "any word; known words",
    "list[str]": "list of texts",
    "county": 'six-digit county code as text (`"210102"`)',
}


def _field_lines(fields: Any) -> list[str]:
    lines = []
    for spec in fields.values():
        kind = _TYPE_WORDS.get(spec.type.value, spec.type.value)
        if spec.values:
            kind += ": " + ", ".join(_code(v) for v in spec.values)
        req = " **(required)**" if spec.required else ""
        doc = f" — {_md(spec.doc)}" if spec.doc else ""
        lines.append(f"- {_code(spec.name)}{req}: {kind}{doc}")
    return lines


def records_page() -> str:
    """The record fields (SPEC §2), generated from `lnvideo.schema`.

    Example:
        >>> "`retention_days`" in records_page()
        True
    """
    from lnvideo import schema

    lines = [
        "(records)=",
        "# Records: sites, cameras, events",
        "",
        "The input lnvideo checks: JSON Lines, one object per line with a `kind` "
        "(`site`, `camera` or `event`), or the same fields as columns of "
        "`sites.parquet`, `cameras.parquet` and `events.parquet` in one directory. "
        "Unknown fields are kept and ignored. A field that is left out is *missing*: "
        "rules that need it answer *unknown*, never *violated*. Generated from "
        "`lnvideo.schema`.",
        "",
        "## site",
        "",
        "One video system at one place.",
        "",
        *_field_lines(schema.SITE_FIELDS),
        "",
        "## camera",
        "",
        "One image-capture device of a site.",
        "",
        *_field_lines(schema.CAMERA_FIELDS),
        "",
        "## event",
        "",
        "Something that happened at a site, on a date. Every event has:",
        "",
        *_field_lines(schema.EVENT_COMMON_FIELDS),
        "",
        "and, by `type`:",
        "",
    ]
    for etype, fields in schema.EVENT_TYPE_FIELDS.items():
        lines += [f"### {etype}", ""]
        lines += _field_lines(fields) if fields else ["No extra fields."]
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- CLI


def _subparsers(parser: Any) -> dict[str, Any]:
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


@contextlib.contextmanager
def _columns(width: int) -> Iterator[None]:
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old


def cli_page() -> str:
    """The help text of `lnvideo` and of each subcommand, from `build_parser()`.

    Example:
        >>> "lnvideo deadline" in cli_page()
        True
    """
    from lnvideo.cli import build_parser

    with _columns(78):
        parser = build_parser()
        main_help = parser.format_help()
        subs = {name: p.format_help() for name, p in _subparsers(parser).items()}
    lines = [
        "(cli)=",
        "# Command-line reference",
        "",
        "Generated from the program's own argument parser while these pages were built, "
        "so it lists exactly the commands and options of this version.",
        "",
        "**Exit status** (every command): `0` fine; `1` a finding or check failed (a "
        "violation, a lint error, a failing example); `2` the input, the rules or the "
        "arguments could not be used — see the {ref}`diagnostics`.",
        "",
        "## lnvideo",
        "",
        "```text",
        main_help.rstrip(),
        "```",
        "",
    ]
    for name, text in subs.items():
        lines += [f"(cli-{name})=", f"## lnvideo {name}", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(lines)


def run_cli(argv: list[str], cwd: Path, width: int = 88) -> tuple[int, str]:
    """Run `lnvideo ARGV` in-process from `cwd`; return (exit status, stdout + stderr).

    Example:
        >>> code, out = run_cli(["deadline", "--from", "2026-09-05", "--days", "30"], Path("."))
        >>> code, out.strip()
        (0, '2026-10-08')
    """
    from lnvideo.cli import main

    buf = io.StringIO()
    old = Path.cwd()
    with _columns(width), contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        os.chdir(cwd)
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        finally:
            os.chdir(old)
    return code, buf.getvalue()


# --------------------------------------------------------------------------- calendars


def month_html(
    cal: Any,
    year: int,
    month: int,
    marks: dict[dt.date, str] | None = None,
) -> str:
    """A month as an HTML grid (Monday first): working, rest and make-up days, and marked days.

    Args:
        cal: a `WorkCalendar` covering `year`.
        marks: day -> short label (e.g. "start", "day 30", "due"), shown in the cell.

    Example:
        >>> from lnvideo.calendar import WorkCalendar
        >>> "lnv-makeup" in month_html(WorkCalendar.bundled(), 2026, 2)
        True
    """
    marks = marks or {}
    work_days = {d for d, _ in cal.table(year).work}
    rows = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            if day.month != month:
                cells.append('<td class="lnv-out"></td>')
                continue
            classes = []
            reason = cal.rest_reason(day, "en")
            if reason is None:
                classes.append("lnv-makeup" if day in work_days else "lnv-work")
                title = "make-up working day" if day in work_days else "working day"
            else:
                classes.append("lnv-holiday" if reason != "weekend" else "lnv-weekend")
                title = reason
            mark = marks.get(day)
            if mark:
                classes.append("lnv-mark")
            label = f'<span class="lnv-note">{html.escape(mark)}</span>' if mark else ""
            cells.append(
                f'<td class="{" ".join(classes)}" title="{html.escape(title)}">'
                f"{day.day}{label}</td>"
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f"<th>{d}</th>" for d in ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"))
    name = f"{pycalendar.month_name[month]} {year}"
    return (
        f'<table class="lnv-month"><caption>{name}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


_LEGEND = (
    '<p class="lnv-legend"><span class="lnv-work">working day</span> '
    '<span class="lnv-weekend">weekend</span> '
    '<span class="lnv-holiday">public holiday</span> '
    '<span class="lnv-makeup">make-up working day (调休)</span> '
    '<span class="lnv-mark">marked day</span></p>'
)


def _months_between(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# --------------------------------------------------------------------------- writing pages


def generate_pages(ruleset: Any | None = None) -> list[GeneratedPage]:
    """Every generated page, from the bundled pack (or `ruleset`).

    Example:
        >>> pages = generate_pages()
        >>> sorted(p.path for p in pages)[:2]
        ['articles/article-01.md', 'articles/article-02.md']
    """
    import lnvideo

    rs = ruleset if ruleset is not None else lnvideo.load_rules()
    pages = [GeneratedPage("articles/index.md", articles_index(rs))]
    pages.append(GeneratedPage("articles/coverage.md", coverage_page(rs)))
    for info in rs.ir.articles:
        pages.append(
            GeneratedPage(f"articles/article-{info.number:02d}.md", article_page(rs, info))
        )
    pages.append(GeneratedPage("reference/diagnostics.md", diagnostics_page()))
    pages.append(GeneratedPage("reference/cli.md", cli_page()))
    pages.append(GeneratedPage("reference/records.md", records_page()))
    return pages


def write_pages(srcdir: Path, pages: list[GeneratedPage]) -> list[Path]:
    """Write pages under `srcdir`, touching only files whose text changed; drop stale ones.

    Returns the paths written.
    """
    written: list[Path] = []
    keep = {srcdir / p.path for p in pages}
    for d in GENERATED_DIRS:
        for old in (srcdir / d).glob("*.md") if (srcdir / d).is_dir() else ():
            if old not in keep:
                old.unlink()
    for page in pages:
        target = srcdir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = page.text.rstrip("\n") + "\n"
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


# --------------------------------------------------------------------------- Sphinx glue


def _logger() -> Any:
    from sphinx.util import logging

    return logging.getLogger("lnvideo.sphinxext")


def _on_builder_inited(app: Any) -> None:
    import lnvideo
    from lnvideo.examples import run_examples

    log = _logger()
    rs = lnvideo.load_rules()
    for warning in getattr(rs, "warnings", ()):
        log.warning("rule pack: %s", warning.render())
    for result in run_examples(rs):
        for mm in result.mismatches:
            log.warning(
                "example %r: %s for %s %s: %s",
                result.example.name,
                mm.expect.rule,
                mm.expect.subject_kind,
                mm.expect.subject_id,
                mm.problem,
            )
    for code in missing_diagnostic_help():
        log.warning("diagnostic %s has no entry in lnvideo.sphinxext.DIAGNOSTIC_HELP", code)
    write_pages(Path(app.srcdir), generate_pages(rs))


def _directives() -> dict[str, Any]:
    from docutils import nodes
    from docutils.parsers.rst import directives
    from sphinx.util.docutils import SphinxDirective

    class DeadlineDirective(SphinxDirective):
        """`lnvideo-deadline START PERIOD`: count a period, explain it, draw its months."""

        required_arguments = 2
        final_argument_whitespace = True
        option_spec: ClassVar[dict[str, Any]] = {
            "no-extend": directives.flag,
            "calendar-only": directives.flag,
        }

        def run(self) -> list[Any]:
            from lnvideo.calendar import WorkCalendar
            from lnvideo.diagnostics import LnvideoError
            from lnvideo.periods import Period, deadline

            try:
                start = dt.date.fromisoformat(self.arguments[0])
                period = Period.parse(self.arguments[1])
                cal = WorkCalendar.bundled()
                d = deadline(start, period, cal, extend="no-extend" not in self.options)
            except (ValueError, LnvideoError) as exc:
                raise self.error(f"lnvideo-deadline: {exc}") from None
            marks = {start: "start"}
            if d.nominal != d.last_day:
                marks[d.nominal] = "ends"
                marks[d.last_day] = "due"
            else:
                marks[d.last_day] = "last day" if not d.extend else "due"
            out: list[Any] = []
            if "calendar-only" not in self.options:
                para = nodes.paragraph(classes=["lnv-deadline"])
                para += nodes.strong(text=f"{start} + {period} → {d.last_day}. ")
                para += nodes.Text(d.explain("en") + ".")
                zh = nodes.paragraph(classes=["zh"], text=d.explain("zh") + "。")
                out += [para, zh]
            grids = "".join(
                month_html(cal, y, m, marks) for y, m in _months_between(start, d.last_day)
            )
            raw = f'<div class="lnv-months">{grids}</div>{_LEGEND}'
            out.append(nodes.raw("", raw, format="html"))
            return out

    class MonthDirective(SphinxDirective):
        """`lnvideo-month YYYY-MM [YYYY-MM...]`: month grids from the bundled calendar."""

        required_arguments = 1
        optional_arguments = 11

        def run(self) -> list[Any]:
            from lnvideo.calendar import WorkCalendar

            cal = WorkCalendar.bundled()
            grids = []
            for arg in self.arguments:
                try:
                    y, m = (int(x) for x in arg.split("-"))
                    grids.append(month_html(cal, y, m))
                except Exception as exc:
                    raise self.error(f"lnvideo-month {arg}: {exc}") from None
            raw = f'<div class="lnv-months">{"".join(grids)}</div>{_LEGEND}'
            return [nodes.raw("", raw, format="html")]

    class RunDirective(SphinxDirective):
        """`lnvideo-run`: run Python at build time; show the code and what it printed."""

        has_content = True
        option_spec: ClassVar[dict[str, Any]] = {"hide-output": directives.flag}

        def run(self) -> list[Any]:
            code = "\n".join(self.content)
            buf = io.StringIO()
            namespace: dict[str, Any] = {"__name__": "__lnvideo_docs__"}
            try:
                with contextlib.redirect_stdout(buf):
                    exec(compile(code, f"<{self.env.docname}>", "exec"), namespace)
            except Exception:
                tb = traceback.format_exc(limit=-3)
                raise self.error(f"lnvideo-run: the code failed:\n{tb}") from None
            source = nodes.literal_block(code, code, language="python")
            out = [source]
            printed = buf.getvalue().rstrip()
            if printed and "hide-output" not in self.options:
                label = nodes.paragraph(
                    classes=["lnv-output-label"], text="Output (run when these pages were built):"
                )
                out += [label, nodes.literal_block(printed, printed, language="text")]
            return out

    class CliDirective(SphinxDirective):
        """`lnvideo-cli`: run one `lnvideo ...` command line at build time; show output and exit status.

        Paths in the command are relative to the docs source directory.
        `:exit: N` states the expected exit status (a different one is a warning);
        `:max-lines: N` shortens long output.
        """

        has_content = True
        option_spec: ClassVar[dict[str, Any]] = {
            "exit": directives.nonnegative_int,
            "max-lines": directives.positive_int,
        }

        def run(self) -> list[Any]:
            import shlex

            command = " ".join(line.strip() for line in self.content).strip()
            argv = shlex.split(command)
            if not argv or argv[0] != "lnvideo":
                raise self.error("lnvideo-cli: the command must start with `lnvideo`")
            code, out = run_cli(argv[1:], Path(self.env.srcdir))
            expected = self.options.get("exit")
            if expected is not None and code != expected:
                raise self.error(
                    f"lnvideo-cli: `{command}` exited {code}, expected {expected}:\n{out}"
                )
            lines = [line.rstrip() for line in out.rstrip().splitlines()]
            limit = self.options.get("max-lines")
            if limit and len(lines) > limit:
                lines = [*lines[:limit], f"... ({len(lines) - limit} more lines)"]
            text = "\n".join([f"$ {command}", *lines, "$ echo $?  # exit status", str(code)])
            return [nodes.literal_block(text, text, language="console")]

    return {
        "lnvideo-cli": CliDirective,
        "lnvideo-deadline": DeadlineDirective,
        "lnvideo-month": MonthDirective,
        "lnvideo-run": RunDirective,
    }


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


def _on_docstring(app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    if what == "module":
        lines[:] = loosen_lists(lines)


def setup(app: Any) -> dict[str, Any]:
    """Register the page generator, the directives and the docstring fix with Sphinx."""
    app.connect("builder-inited", _on_builder_inited)
    app.connect("autodoc-process-docstring", _on_docstring)
    for name, cls in _directives().items():
        app.add_directive(name, cls)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
