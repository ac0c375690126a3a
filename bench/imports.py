"""What the typical commit imports: each hook's run on the typical commit (bench/run.py's
section 1) under `python -X importtime`, for one or more checkouts of this project side by
side (interleaved rounds, medians), so a change of the package's layout shows what it costs
the hot path.

    python bench/imports.py                              # this checkout
    python bench/imports.py --projects /old/checkout,.   # before and after

Per hook and checkout: how many of the package's modules the run imports, the time their
own bodies take (`self`, the package's share), and the import time of the whole run (every
module, the standard library's and the dependencies' too). Times are microseconds, as
`-X importtime` reports them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_repo import make_repo  # noqa: E402
from run import stage_typical_commit  # noqa: E402

# console function, arguments (from the staged paths): as bench/run.py's section 1 runs them
RUNS = {
    "forbid-generated-schema-edits": ("forbid_generated_schema_edits", lambda c: []),
    "forbid-new-migrations": ("forbid_new_migrations", lambda c: c),
    "forbid-drizzle-kit-scripts": (
        "forbid_drizzle_kit_scripts",
        lambda c: [p for p in c if p.endswith("package.json")],
    ),
    "forbid-drizzle-migrator": (
        "forbid_drizzle_migrator",
        lambda c: [p for p in c if p.endswith(".ts")],
    ),
    "atlas-first hook (all-in-one)": ("atlas_first", lambda c: ["hook", *c]),
    "atlas-first check": ("atlas_first", lambda c: ["check"]),
}


def measure(project: Path, function: str, argv: list[str], repo: Path) -> tuple[int, int, int]:
    """(package modules, their own import time, the run's whole import time) of one run."""
    code = (
        f"import sys; sys.argv = ['x', *{argv!r}]; "
        f"from hooks._console import {function}; {function}()"
    )
    env = {**os.environ, "PYTHONPATH": str(project), "PRE_COMMIT": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    modules = own = whole = 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = (x.strip() for x in line[12:].split("|"))
        whole += int(self_us)
        if name.strip() == "hooks" or name.strip().startswith("hooks."):
            modules += 1
            own += int(self_us)
    return modules, own, whole


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", default=str(HERE.parent))
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--size", type=int, default=2000)
    args = parser.parse_args()
    projects = [Path(p).resolve() for p in args.projects.split(",")]
    with tempfile.TemporaryDirectory() as work:
        repo = Path(work) / "repo"
        make_repo(str(repo), args.size)
        changed = stage_typical_commit(repo)
        samples: dict[tuple[str, Path], list[tuple[int, int, int]]] = {}
        for _ in range(args.rounds):
            for name, (function, pick) in RUNS.items():
                for project in projects:
                    found = measure(project, function, pick(changed), repo)
                    samples.setdefault((name, project), []).append(found)
    print("| run | checkout | package modules | their own import µs | whole import µs |")
    print("| --- | --- | --- | --- | --- |")
    for (name, project), found in samples.items():
        modules = statistics.median(f[0] for f in found)
        own = statistics.median(f[1] for f in found)
        whole = statistics.median(f[2] for f in found)
        print(f"| {name} | {project.name} | {modules:.0f} | {own:,.0f} | {whole:,.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
