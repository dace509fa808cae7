"""The diagnostics catalogue's help texts: what each code means and how to fix it.

Input: the codes of `lnvideo.diagnostics.CATALOGUE` (code -> level, title).
Output: `HELP` (English) and `HELP_ZH` (Chinese), code -> (meaning, fix), which the
diagnostics reference page of the docs renders; `help_for(code, lang)` picks one
language and falls back to English.

Invariant: every catalogue code has an English entry (`missing_help()` is empty;
the docs build warns otherwise, so `sphinx-build -W` fails). A Chinese entry may
be missing; the page then shows the English text marked `lang="en"`.
"""

from __future__ import annotations

from lnvideo.diagnostics import CATALOGUE

__all__ = ["HELP", "HELP_ZH", "help_for", "missing_help"]

#: code -> (what it means, how to fix it), in English. Every CATALOGUE code needs an entry.
HELP: dict[str, tuple[str, str]] = {
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


#: code -> (what it means, how to fix it), in Chinese.
HELP_ZH: dict[str, tuple[str, str]] = {}


def help_for(code: str, lang: str = "en") -> tuple[str, str, str]:
    """(meaning, fix, language of the text) for `code`; English where no `lang` entry exists.

    Example:
        >>> help_for("LNV101")[2]
        'en'
        >>> help_for("LNV999")
        ('', '', 'en')
    """
    if lang == "zh" and code in HELP_ZH:
        meaning, fix = HELP_ZH[code]
        return meaning, fix, "zh"
    meaning, fix = HELP.get(code, ("", ""))
    return meaning, fix, "en"


def missing_help() -> list[str]:
    """Catalogue codes that have no English help entry (a docs build warns about each).

    Example:
        >>> missing_help()
        []
    """
    return [code for code in CATALOGUE if code not in HELP]
