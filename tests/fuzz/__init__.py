"""Hostile-input fuzzing: seeded generators, a harness that runs the CLI in-process, a table.

Kinds of case (`generators.KINDS`): mutated JSON Lines files, mutated Parquet
directories, mutated rule files, and injection payloads in record text. Each
case is a pure function of ``(kind, seed)`` and the generators use nothing of the
code under test, so a failure is reproduced with
``python -m tests.fuzz --kind jsonl --seed N --cases 1 -v``, and the same seeds can
be run against an older commit to compare (copy ``tests/fuzz/`` into its checkout).

What a case is judged on (`harness.run_case`), one column of the table each:
- traceback: an exception escaped ``lnvideo.cli.main`` (or exit status 3);
- bad exit: a status other than 0, 1 or 2 (a crash counts: it exits 1, "violations");
- lost findings: a valid site the mutation left untouched has other findings in the
  whole input (python or duckdb) than when its clean records are checked alone;
- disagreement, findings: python and duckdb give different findings (or one exits 1,
  the other 0) for the same input;
- disagreement, diagnostics: they give different diagnostics (code, file, line, the
  "... and N more" count) or one refuses the input and the other does not;
- malformed output: a report that is not well-formed in its format (JSON and SARIF
  parse, JUnit XML parses with no XML-illegal character, CSV starts no formula) or that
  carries a raw control, escape sequence, lone surrogate or bidi override (text, CSV,
  stderr, ``explain``), or is not encodable as UTF-8;
- unlocated errors: the input was refused (exit 2; lint: 1) with no
  ``file:line:col: error[LNVnnn]`` naming it.

Every data case is checked in every format on the python engine and in JSON (and the
payload case's format) on duckdb; every rule case is linted, checked on both engines,
checked with ``--explain`` and explained (``explain LN-9``).

Cases are taken round-robin over the kinds; ``--log FILE`` writes one JSON line per
case as it is judged, and ``--table-from LOG...`` prints the table of logged runs
(of several: only the cases all of them judged), so runs stopped early still compare.

CI runs a bounded slice (`tests/test_fuzz_corpus.py`); before a release run
``python -m tests.fuzz --cases 3000`` (about 1.3 s of one core a case).
"""
