"""How each reader's time grows with its input, on its generated worst case.

    python bench/scaling.py                 # Markdown table: time at 1x, ratios at 2x, 8x, 64x
    python bench/scaling.py --base 25 --only mise,schema

Each row is one reader of tests/worst_cases.py, read as the hook reads it, at n, 2n, 8n and
64n units of its worst shape; the best of --rounds runs per size (rounds interleaved across
sizes, so load on a shared machine hits every size alike). Linear is a ratio of about 2, 8
and 64 (less where a fixed cost dominates the small input); quadratic is 4, 64, 4096.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import worst_cases

SIZES = (1, 2, 8, 64)


def readers(base: int) -> dict[str, object]:
    """name -> (size -> a callable that reads that size once)."""
    from hooks.schema.lint import lint

    def carrier(generate):  # type: ignore[no-untyped-def]
        def at(n: int):  # type: ignore[no-untyped-def]
            path, text = generate(n)
            return lambda: worst_cases.run(path, text), len(text)

        return at

    def schema(change: bool):  # type: ignore[no-untyped-def]
        def at(n: int):  # type: ignore[no-untyped-def]
            text = worst_cases.schema(n)
            old = text if change else None
            return lambda: lint("schema.sql", old, text + "CREATE TABLE z (a int);\n"), len(text)

        return at

    def callers(n: int):  # type: ignore[no-untyped-def]
        files, texts = worst_cases.monorepo_callers(n)
        size = sum(len(t) for t in texts.values())
        return lambda: worst_cases.run_monorepo(files, texts), size

    def pulled(n: int):  # type: ignore[no-untyped-def]
        from hooks.drizzle.pull_compare import compare
        from hooks.drizzle.pull_reader import read
        from hooks.schema.model import build
        from hooks.schema.sql import parse

        ts, sql = worst_cases.pulled_schema(n)
        model = build(sql, parse(sql))
        return lambda: compare(read(ts), model), len(ts)

    found: dict[str, object] = {name: carrier(g) for name, g in worst_cases.CASES.items()}
    found["pulled schema.ts vs its source (AF102)"] = pulled
    found["schema.sql, whole-tree (syntax)"] = schema(False)
    found["schema.sql, a change (compared)"] = schema(True)
    found["caller search, packages"] = callers
    found["atlas.hcl guard (envs, locals chain, nesting)"] = lambda n: (
        lambda text: (lambda: worst_cases.run_atlas_config(text), len(text))
    )(worst_cases.atlas_config(n))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=40, help="units at 1x (default 40)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated substrings of row names")
    args = parser.parse_args()
    only = [o.strip().lower() for o in args.only.split(",") if o.strip()]
    print("| reader (worst case) | input at 1x | time at 1x | 2x | 8x | 64x |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, at in readers(args.base).items():
        if only and not any(o in name.lower() for o in only):
            continue
        runs = {k: at(args.base * k) for k in SIZES}  # type: ignore[operator]
        best = dict.fromkeys(SIZES, float("inf"))
        for _ in range(args.rounds):
            for k in SIZES:
                start = time.perf_counter()
                runs[k][0]()
                best[k] = min(best[k], time.perf_counter() - start)
        size = runs[1][1]
        ratios = " | ".join(f"{best[k] / best[1]:.1f}" for k in SIZES[1:])
        print(f"| {name} | {size / 1000:.1f} KB | {best[1] * 1000:.1f} ms | {ratios} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
