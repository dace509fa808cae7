"""Sphinx extension `lnvideo.sphinxext`: the rule packs, diagnostics and CLI rendered as pages.

Input: the bundled rule packs (`pages.docs_ruleset`), the docs data file
`_data/sources.toml`, the diagnostics catalogue and its help texts, the argument
parser of `lnvideo.cli.build_parser()` and the bundled working-day calendar; the
build's `language` (`en`, or `zh_CN` for the Chinese edition).
Output: generated MyST pages written into the source directory when the builder
starts (`pages`), in the build's language; the directives of `directives` for
hand-written pages; the two editions' `lang` marks and language switch
(`editions`).

The package is split by what a module turns into what:

- `text`: escaping, cross-references, `lang`-marked blocks and spans, the
  fixed words of the generated pages in English and Chinese;
- `articles`, `parameters`, `reference`: page generators (packs -> Markdown);
- `calendars`, `diagrams`: HTML month grids and SVG diagrams;
- `pages`: which pages exist and writing them;
- `directives`: `lnvideo-deadline`, `lnvideo-month`, `lnvideo-run`,
  `lnvideo-cli`, `lnvideo-diagram` (imports Sphinx; loaded by `setup`);
- `docstrings`: the autodoc docstring hook;
- `editions`: `lang` attributes and the link to the other edition.

Invariants: every word of an article page comes from the rule packs, the docs
data or the engine run on the packs' own examples, never from the text of an
instrument; a pack example the engine does not reproduce, a diagnostic code
without a help entry, or a failing `lnvideo-run` block is a Sphinx warning, so
`sphinx-build -W` fails instead of publishing a page that has drifted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lnvideo.diagnostic_help import HELP as DIAGNOSTIC_HELP
from lnvideo.diagnostic_help import missing_help as missing_diagnostic_help
from lnvideo.sphinxext.articles import DocsData, article_page, articles_index, coverage_page
from lnvideo.sphinxext.calendars import month_html
from lnvideo.sphinxext.docstrings import loosen_lists
from lnvideo.sphinxext.pages import GeneratedPage, docs_ruleset, generate_pages, write_pages
from lnvideo.sphinxext.parameters import parameters_page
from lnvideo.sphinxext.reference import cli_page, diagnostics_page, records_page, run_cli
from lnvideo.sphinxext.text import page_lang

__all__ = [
    "DIAGNOSTIC_HELP",
    "DocsData",
    "GeneratedPage",
    "article_page",
    "articles_index",
    "cli_page",
    "coverage_page",
    "diagnostics_page",
    "generate_pages",
    "loosen_lists",
    "missing_diagnostic_help",
    "month_html",
    "parameters_page",
    "records_page",
    "run_cli",
    "setup",
    "write_pages",
]


def _logger() -> Any:
    from sphinx.util import logging

    return logging.getLogger("lnvideo.sphinxext")


def _on_builder_inited(app: Any) -> None:
    from lnvideo.examples import run_examples
    from lnvideo.sphinxext.pages import DATA_FILE

    log = _logger()
    rs = docs_ruleset(warn=log.warning)
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
        log.warning("diagnostic %s has no entry in lnvideo.diagnostic_help.HELP", code)
    srcdir = Path(app.srcdir)
    data = DocsData.load(srcdir / DATA_FILE)
    write_pages(srcdir, generate_pages(rs, page_lang(app.config.language), data))


def setup(app: Any) -> dict[str, Any]:
    """Register the page generators, the directives, the editions and the docstring hook."""
    from lnvideo.sphinxext.directives import DIRECTIVES
    from lnvideo.sphinxext.docstrings import on_docstring
    from lnvideo.sphinxext.editions import (
        DEFAULT_EDITIONS,
        LanguageMarks,
        on_build_finished,
        on_page_context,
    )

    app.add_config_value("lnvideo_editions", dict(DEFAULT_EDITIONS), "html")
    app.connect("builder-inited", _on_builder_inited)
    app.connect("autodoc-process-docstring", on_docstring)
    app.connect("html-page-context", on_page_context)
    app.connect("build-finished", on_build_finished)
    app.add_post_transform(LanguageMarks)
    for name, cls in DIRECTIVES.items():
        app.add_directive(name, cls)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
