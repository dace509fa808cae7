"""Directives for hand-written pages, and the autodoc docstring hook.

Input: directive arguments in the Markdown pages; docstrings as autodoc reads them.
Output: docutils nodes. `lnvideo-deadline START PERIOD` counts a period on the
bundled calendar and draws its months; `lnvideo-month YYYY-MM...` draws month
grids; `lnvideo-run` runs Python at build time and shows what it printed;
`lnvideo-cli` runs one `lnvideo ...` command line and shows its output and exit
status (in the Chinese edition with `--lang zh`, for the subcommands whose output
it changes); `lnvideo-diagram NAME` draws a diagram as inline SVG. Every directive
writes in the build's language (`language = "zh_CN"`: Chinese) and marks the
other language's snippets with `lang`.

Invariant: a failing run, an unexpected exit status or a bad argument is a
Sphinx error, so `sphinx-build -W` fails rather than publish a wrong page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import traceback
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from lnvideo.sphinxext import calendars
from lnvideo.sphinxext.reference import run_cli
from lnvideo.sphinxext.text import HTML_LANG, page_lang, w

__all__ = ["DIRECTIVES"]


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
        lang = page_lang(self.config.language)
        marks = {start: w("cal_start", lang)}
        if d.nominal != d.last_day:
            marks[d.nominal] = w("cal_ends", lang)
            marks[d.last_day] = w("cal_due", lang)
        else:
            marks[d.last_day] = w("cal_last", lang) if not d.extend else w("cal_due", lang)
        out: list[Any] = []
        if "calendar-only" not in self.options:
            para = nodes.paragraph(classes=["lnv-deadline"])
            from lnvideo.sphinxext.parameters import period_words

            unit = getattr(period.unit, "value", period.unit)
            words = period_words(period.n, str(unit), lang) if lang == "zh" else str(period)
            end = "。" if lang == "zh" else ". "
            para += nodes.strong(text=f"{start} + {words} → {d.last_day}{end}")
            para += nodes.Text(d.explain(lang) + ("。" if lang == "zh" else "."))
            alt = "en" if lang == "zh" else "zh"
            classes = ["lnv-other", f"language-{HTML_LANG[alt]}"] + (["zh"] if alt == "zh" else [])
            second = nodes.paragraph(
                classes=classes, text=d.explain(alt) + ("。" if alt == "zh" else ".")
            )
            out += [para, second]
        grids = "".join(
            calendars.month_html(cal, y, m, marks, lang)
            for y, m in calendars.months_between(start, d.last_day)
        )
        raw = f'<div class="lnv-months">{grids}</div>{calendars.legend(lang)}'
        out.append(nodes.raw("", raw, format="html"))
        return out


class MonthDirective(SphinxDirective):
    """`lnvideo-month YYYY-MM [YYYY-MM...]`: month grids from the bundled calendar."""

    required_arguments = 1
    optional_arguments = 11

    def run(self) -> list[Any]:
        from lnvideo.calendar import WorkCalendar

        cal = WorkCalendar.bundled()
        lang = page_lang(self.config.language)
        grids = []
        for arg in self.arguments:
            try:
                y, m = (int(x) for x in arg.split("-"))
                grids.append(calendars.month_html(cal, y, m, lang=lang))
            except Exception as exc:
                raise self.error(f"lnvideo-month {arg}: {exc}") from None
        raw = f'<div class="lnv-months">{"".join(grids)}</div>{calendars.legend(lang)}'
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
            words = (
                "输出（生成本页时运行）："
                if page_lang(self.config.language) == "zh"
                else "Output (run when these pages were built):"
            )
            label = nodes.paragraph(classes=["lnv-output-label"], text=words)
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
        if (
            page_lang(self.config.language) == "zh"
            and len(argv) > 1
            and argv[1] in _SPEAKS_CHINESE
            and not any(a == "--lang" or a.startswith("--lang=") for a in argv)
        ):
            # the Chinese edition shows the command as a Chinese reader would run it
            argv[2:2] = ["--lang", "zh"]
            command = shlex.join(argv)
        code, out = run_cli(argv[1:], Path(self.env.srcdir), width=76)
        expected = self.options.get("exit")
        if expected is not None and code != expected:
            raise self.error(f"lnvideo-cli: `{command}` exited {code}, expected {expected}:\n{out}")
        lines = [line.rstrip() for line in out.rstrip().splitlines()]
        limit = self.options.get("max-lines")
        zh = page_lang(self.config.language) == "zh"
        if limit and len(lines) > limit:
            more = len(lines) - limit
            lines = [*lines[:limit], f"……（另有 {more} 行）" if zh else f"... ({more} more lines)"]
        status = "$ echo $?  # 退出状态" if zh else "$ echo $?  # exit status"
        text = "\n".join([f"$ {command}", *lines, status, str(code)])
        return [nodes.literal_block(text, text, language="console")]


#: subcommands whose `--lang` is the language of what they print (`fmt --lang` is the
#: language of the keywords it writes, `lint` has none, `test` prints its summary in English)
_SPEAKS_CHINESE = frozenset({"check", "explain", "deadline", "coverage"})


class DiagramDirective(SphinxDirective):
    """`lnvideo-diagram NAME`: a diagram drawn at build time (`pipeline`, `statuses`) as inline SVG."""

    required_arguments = 1

    def run(self) -> list[Any]:
        from lnvideo.sphinxext.diagrams import DIAGRAMS, diagram_svg

        name = self.arguments[0]
        if name not in DIAGRAMS:
            raise self.error(
                f"lnvideo-diagram: unknown diagram {name!r}; known: {', '.join(DIAGRAMS)}"
            )
        svg = diagram_svg(name, page_lang(self.config.language))
        return [nodes.raw("", f'<figure class="lnv-figure">{svg}</figure>', format="html")]


#: directive name -> class, registered by `lnvideo.sphinxext.setup`
DIRECTIVES: dict[str, Any] = {
    "lnvideo-diagram": DiagramDirective,
    "lnvideo-cli": CliDirective,
    "lnvideo-deadline": DeadlineDirective,
    "lnvideo-month": MonthDirective,
    "lnvideo-run": RunDirective,
}
