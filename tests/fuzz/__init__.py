"""Hostile-input fuzzing: seeded generators, a harness that runs the CLI in-process, a table.

Kinds of case (`generators.KINDS`): mutated JSON Lines files, mutated Parquet
directories, mutated rule files, and injection payloads in record text. Each
case is a pure function of ``(kind, seed)``, so a failure is reproduced with
``python -m tests.fuzz --kind jsonl --seed N --cases 1 -v``.

What a case is judged on (`harness.run_case`):
- traceback: an exception escaped ``lnvideo.cli.main`` (or exit status 3);
- bad exit: a status other than 0, 1 or 2 (a crash counts: it exits 1, "violations");
- lost findings: a valid site untouched by the mutation has fewer findings in the
  whole input than when its records are checked alone;
- disagreement: the python and duckdb engines give different findings or different
  diagnostics (code, file, line, field) for the same input.

CI runs a few hundred cases (`test_fuzz.py`, well under 60 s); before a release run
``python -m tests.fuzz --cases 10000`` (about 2,500 per kind).
"""
