"""Compare two findings files (JSON Lines, Parquet, or a `--format json` report).

Keys compared: (rule, subject kind, subject id, site, status, due) — and,
separately, fulfilled_on. Messages, severities and explanations are not compared
(the hand-written checkers write short fixed messages).

Run: python benchmarks/compare.py A B [--ignore-due LN-11]   (exit 0 when the same, 1 otherwise)
Independent of lnvideo: pyarrow and the standard library only.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

Key = tuple[Any, ...]


def _iso(v: Any) -> str | None:
    return None if v is None else str(v)[:10]


def load(path: str | Path, ignore_due: frozenset[str] = frozenset()) -> Counter[Key]:
    """Counter of (rule, kind, id, site, status, due, fulfilled_on) in a findings file.

    `ignore_due`: rules whose due date is not compared (set to None on both sides).
    """
    return (
        Counter({_drop_due(k, ignore_due): n for k, n in _load(path).items()})
        if ignore_due
        else _load(path)
    )


def _drop_due(k: Key, rules: frozenset[str]) -> Key:
    return (*k[:5], None, k[6]) if k[0] in rules else k


def _load(path: str | Path) -> Counter[Key]:
    p = Path(path)
    out: Counter[Key] = Counter()
    if p.suffix == ".parquet":
        import pyarrow.parquet as pq

        cols = ["rule", "subject_kind", "subject_id", "site", "status", "due", "fulfilled_on"]
        f = pq.ParquetFile(p)
        for batch in f.iter_batches(batch_size=262_144, columns=cols):
            d = batch.to_pydict()
            for row in zip(*(d[c] for c in cols), strict=True):
                out[(*row[:5], _iso(row[5]), _iso(row[6]))] += 1
        return out
    with p.open("rb") as fp:
        head = fp.read(1)
        fp.seek(0)
        if head == b"{" and p.suffix == ".json":
            items = json.load(fp)["findings"]
        else:
            items = (json.loads(line) for line in fp if line.strip())
        for f in items:
            s = f["subject"]
            out[
                (f["rule"], s["kind"], s["id"], s["site"], f["status"], f["due"], f["fulfilled_on"])
            ] += 1
    return out


def diff(a: Counter[Key], b: Counter[Key], *, with_fulfilled: bool = True) -> dict[str, Any]:
    """A summary of the differences (empty lists when the same)."""
    if not with_fulfilled:
        a = Counter({k[:6]: 0 for k in a}) + _strip(a)
        b = _strip(b)
    only_a, only_b = a - b, b - a
    return {
        "same": not only_a and not only_b,
        "n_a": sum(a.values()),
        "n_b": sum(b.values()),
        "only_a": sorted(only_a.items(), key=repr)[:8],
        "only_b": sorted(only_b.items(), key=repr)[:8],
        "only_a_rules": Counter(k[0] for k in only_a.elements()).most_common(),
        "only_b_rules": Counter(k[0] for k in only_b.elements()).most_common(),
    }


def _strip(c: Counter[Key]) -> Counter[Key]:
    out: Counter[Key] = Counter()
    for k, n in c.items():
        out[k[:6]] += n
    return out


def compare(
    a_path: str | Path, b_path: str | Path, ignore_due: frozenset[str] = frozenset()
) -> dict[str, Any]:
    a, b = load(a_path, ignore_due), load(b_path, ignore_due)
    core = diff(_strip(a), _strip(b))
    full = diff(a, b)
    return {"same_rule_subject_status_due": core["same"], "same_fulfilled_on": full["same"], **core,
            "fulfilled_only_a": full["only_a"][:4], "fulfilled_only_b": full["only_b"][:4]}  # fmt: skip


def main() -> int:
    args = sys.argv[1:]
    ignore = (
        frozenset(args[args.index("--ignore-due") + 1].split(","))
        if "--ignore-due" in args
        else frozenset()
    )
    res = compare(args[0], args[1], ignore)
    print(json.dumps(res, indent=1, default=str, ensure_ascii=False))
    return 0 if res["same_rule_subject_status_due"] and res["same_fulfilled_on"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
