"""Benchmark atlas-first-hooks against the floor and against the naive configuration.

    python bench/run.py                      # 10k/50k/100k files, prints a Markdown table
    python bench/run.py --sizes 1000,20000 --rounds 9 --out docs/benchmarks.md

Everything is measured in one run on one machine, with interleaved rounds (each round runs
every command once, in a shuffled order) and medians, so load on a shared machine hits all
commands alike. Results are ratios against a floor measured in the same run. It installs this
project (not editable, as users get it) and pre-commit into a fresh virtual environment.

1. Each hook's console script on a typical commit (10 staged files, one package.json), against
   the floor `python -c 'import re, sys'`: what a console script that does nothing costs; and
   the first run on a new HEAD (as after every commit: the evidence list is remembered per
   commit, the rest by content).
2. `pre-commit run --all-files` and `prek run --all-files` with the four hooks, with the
   all-in-one hook, and with the naive configuration (bench/naive-pre-commit-config.yaml), on
   the same repository; and how many git processes each run starts (GIT_TRACE).
3. `atlas-first check --all-files` at each size, and its peak memory (including git).
4. `pre-commit run --all-files` on a repository whose app packages each carry a Dockerfile, a
   compose file, a Procfile and an Nx project (issue 10's carriers), against the naive
   configuration.
5. Where the settings come from (issue 15) on the same typical commit: a `.atlas-first.toml`,
   no configuration (seed defaults), and no configuration with a `drizzle.config.ts` to infer
   the folders from (one more `git ls-files`).

6. Real shapes (issue 42): `atlas-first check --all-files` on a tree with app translation
   files and YAML docs that mention drizzle in prose (homarr's shape, at least its size),
   against the same tree without them.

`--sections settings,schema,real-shapes,carriers,pre-commit,all-files` picks what runs besides
section 1 (default: all).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

from make_repo import GIT  # noqa: E402
from make_repo import make_repo  # noqa: E402

HOOKS = (
    "forbid-generated-schema-edits",
    "forbid-new-migrations",
    "forbid-drizzle-kit-scripts",
    "forbid-drizzle-migrator",
)


def sh(argv: list[str], cwd: Path | str | None = None, **kw: object) -> None:
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, **kw)  # type: ignore[call-overload]


def make_venv(where: Path) -> Path:
    sh([sys.executable, "-m", "venv", str(where)])
    bindir = where / ("Scripts" if os.name == "nt" else "bin")
    pip = [str(bindir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    sh([*pip, str(PROJECT), "pre-commit", "prek"])
    return bindir


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    if argv and argv[0] == "PLAIN_HOOK":  # as husky/lefthook start it: not under pre-commit
        argv = argv[1:]
        env = {k: v for k, v in env.items() if k != "PRE_COMMIT"}
    elif env.get("PRE_COMMIT") == "1" and os.name != "nt":
        # Each round is a hook-manager run of its own: a fresh parent process, as a new
        # `git commit` starts a new pre-commit. With one parent for every round, the
        # change-based guards' once-per-run claim would be lost after the first round and
        # those rows would time a hook that skips its work. The floor pays the same `sh`.
        argv = ["sh", "-c", '"$@"; exit $?', "sh", *argv]
    start = time.perf_counter()
    proc = subprocess.run(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed with {proc.returncode}")
    return elapsed


def git_processes(argv: list[str], cwd: Path, env: dict[str, str]) -> int:
    """How many git processes one run of `argv` starts (git's own GIT_TRACE lines: one
    `built-in` line per git process, and git's own children); a run outside the timing."""
    with tempfile.TemporaryDirectory() as folder:
        trace = Path(folder) / "trace"
        timed(argv, cwd, {**env, "GIT_TRACE": str(trace)})
        lines = trace.read_text(errors="replace").splitlines() if trace.exists() else []
    return sum(1 for line in lines if "trace: built-in: git" in line or "trace: exec: " in line)


NEW_HEAD = "NEW_HEAD"  # an argv prefix: time the first run on a HEAD the memo has not seen


def forget_head(cwd: Path, env: dict[str, str]) -> None:
    """Drop the private memo folder's entries keyed by `cwd`'s HEAD (the evidence list is
    remembered per commit): the next run is the first on that HEAD, as after every real
    commit, while the memos keyed by content (config, blobs, parses) stay as they would."""
    import marshal

    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, check=True
    ).stdout.strip()
    folder = Path(env["TMPDIR"]) / f"atlas-first-{os.getuid()}"
    for entry in folder.glob("memo-*") if folder.is_dir() else ():
        try:
            key = marshal.loads(entry.read_bytes())[0]
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            continue
        if isinstance(key, bytes) and key.startswith(head):
            entry.unlink()


def interleaved(
    commands: dict[str, tuple[list[str], Path]], rounds: int, env: dict[str, str]
) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for _ in range(rounds):
        random.shuffle(names)
        for name in names:
            argv, cwd = commands[name]
            if argv[:1] == [NEW_HEAD]:
                forget_head(cwd, env)
                argv = argv[1:]
            samples[name].append(timed(argv, cwd, env))
    return {name: statistics.median(values) for name, values in samples.items()}


def stage_typical_commit(repo: Path) -> list[str]:
    """About ten staged files: eight sources, one package.json, one README."""
    app = "apps/app-0001"
    changed = [f"{app}/src/module-{n:03d}.ts" for n in range(8)]
    changed += [f"{app}/package.json", f"{app}/README.md"]
    for rel in changed:
        with open(repo / rel, "a", encoding="utf-8") as fh:
            fh.write("\n" if not rel.endswith(".json") else "")
    pkg = repo / f"{app}/package.json"
    pkg.write_text(pkg.read_text().replace('"vitest run"', '"vitest run --coverage"'))
    sh([*GIT, "add", "--", *changed], cwd=repo)
    return changed


# What any hook pays under `run --all-files` before it checks anything: the runner alone (a
# hook that starts no process of ours), one Python start per batch of files, and a Python
# hook that only reads each file it is given (the least a hook that knows files by their
# content does). Their ratios to the naive configuration are the floor of ours.
FLOORS = {
    "runner alone": "true",
    "a Python start per batch": "{python} -c 'import re, sys'",
    "a Python hook that reads its files": "{python} {reader}",
}
READER = (
    "import sys\nfor name in sys.argv[1:]:\n    with open(name, 'rb') as fh:\n        fh.read()\n"
)


def pre_commit_config(kind: str, hook_repo: str, rev: str, **floor: str) -> str:
    if kind == "naive":
        return (HERE / "naive-pre-commit-config.yaml").read_text()
    if kind in FLOORS:
        entry = json.dumps(FLOORS[kind].format(**floor))  # (a YAML string: `true` is no bool)
        return (
            "repos:\n  - repo: local\n    hooks:\n      - id: floor\n        name: floor\n"
            f"        language: system\n        entry: {entry}\n"
        )
    ids = HOOKS if kind == "four" else ("atlas-first",)
    hooks = "".join(f"      - id: {hook}\n" for hook in ids)
    return f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n{hooks}"


def peak_rss_kb(argv: list[str], cwd: Path, env: dict[str, str]) -> int:
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description="benchmark atlas-first-hooks")
    parser.add_argument("--sizes", default="10000,50000,100000", help="repository sizes in files")
    parser.add_argument("--typical-size", type=int, default=10_000)
    parser.add_argument("--pre-commit-sizes", default="20000,100000")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--pre-commit-rounds", type=int, default=5)
    parser.add_argument("--out", help="also write the Markdown report here")
    parser.add_argument(
        "--sections", default="settings,schema,real-shapes,carriers,pre-commit,all-files"
    )
    parser.add_argument("--real-shapes-size", type=int, default=3000)
    parser.add_argument("--carrier-size", type=int, default=20_000)
    parser.add_argument("--pull-tables", type=int, default=3000)
    args = parser.parse_args()
    sections = set(args.sections.split(","))
    if "pre-commit" not in sections:
        args.pre_commit_sizes = ""
    if "all-files" not in sections:
        args.sizes = str(args.typical_size)
    sizes = sorted({int(s) for s in args.sizes.split(",")} | {args.typical_size})
    pc_sizes = [int(s) for s in args.pre_commit_sizes.split(",") if s]
    sizes = sorted(set(sizes) | set(pc_sizes))

    work = Path(tempfile.mkdtemp(prefix="atlas-first-bench-"))
    lines: list[str] = []
    try:
        print("installing into a fresh virtual environment ...", file=sys.stderr)
        bindir = make_venv(work / "venv")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
        env["PATH"] = str(bindir) + os.pathsep + env.get("PATH", "")
        env["PRE_COMMIT_HOME"] = str(work / "pre-commit-home")
        env["TMPDIR"] = str(work / "tmp")  # the hooks' private memo folder: this run's own
        (work / "tmp").mkdir()
        python = str(bindir / "python")
        repos: dict[int, Path] = {}
        for size in sizes:
            print(f"generating a {size}-file repository ...", file=sys.stderr)
            repos[size] = work / f"repo-{size}"
            make_repo(str(repos[size]), size)

        # 1. console scripts on a typical commit
        repo = repos[args.typical_size]
        if "settings" in sections:
            lines += settings_section(work, repo, bindir, python, env, args.rounds)
        if "schema" in sections:
            lines += schema_section(work, repo, bindir, python, env, args.rounds)
        if "pull" in sections:
            lines += pull_section(work, repo, bindir, python, env, args.rounds, args.pull_tables)
        if "real-shapes" in sections:
            lines += real_shapes_section(work, bindir, env, args.rounds, args.real_shapes_size)
        changed = stage_typical_commit(repo)
        pkg = [p for p in changed if p.endswith("package.json")]
        ts = [p for p in changed if p.endswith(".ts")]
        commands = {
            "floor: python -c 'import re, sys'": ([python, "-c", "import re, sys"], repo),
            "forbid-generated-schema-edits": (
                [str(bindir / "forbid-generated-schema-edits")],
                repo,
            ),
            "forbid-new-migrations": ([str(bindir / "forbid-new-migrations"), *changed], repo),
            "forbid-drizzle-kit-scripts": (
                [str(bindir / "forbid-drizzle-kit-scripts"), *pkg],
                repo,
            ),
            "forbid-drizzle-migrator": ([str(bindir / "forbid-drizzle-migrator"), *ts], repo),
            "atlas-first hook (all-in-one)": (
                [str(bindir / "atlas-first"), "hook", *changed],
                repo,
            ),
            "atlas-first check (plain git hook: husky, lefthook)": (
                ["PLAIN_HOOK", str(bindir / "atlas-first"), "check"],
                repo,
            ),
            "atlas-first hook (all-in-one), first run on a new HEAD": (
                [NEW_HEAD, str(bindir / "atlas-first"), "hook", *changed],
                repo,
            ),
            "atlas-first check (plain git hook), first run on a new HEAD": (
                [NEW_HEAD, "PLAIN_HOOK", str(bindir / "atlas-first"), "check"],
                repo,
            ),
        }
        print("timing the console scripts ...", file=sys.stderr)
        # As pre-commit and prek start them (PRE_COMMIT=1); the plain-hook row without it.
        medians = interleaved(commands, args.rounds, {**env, "PRE_COMMIT": "1"})
        floor = medians["floor: python -c 'import re, sys'"]
        lines += [
            f"### Console scripts on a typical commit ({len(changed)} staged files, {args.typical_size:,}-file repository)",
            "",
            "Started as pre-commit and prek start them (`PRE_COMMIT=1`: the work tree is the index);"
            " the last row as a plain git hook starts it, where staged content is read from git.",
            "",
            "| command | median | vs floor | git processes |",
            "| --- | ---: | ---: | ---: |",
        ]
        processes = {}
        for name, (argv, cwd) in commands.items():
            if argv[:1] == [NEW_HEAD]:
                forget_head(cwd, env)
                argv = argv[1:]
            processes[name] = git_processes(argv, cwd, {**env, "PRE_COMMIT": "1"})
        lines += [
            f"| {name} | {ms(t)} | {t / floor:.2f}x | {processes[name]} |"
            for name, t in medians.items()
        ]
        sh([*GIT, "reset", "-q", "--hard"], cwd=repo)

        # 2. pre-commit run --all-files: ours against the naive configuration
        hook_repo = work / "hook-repo"
        reader = str(work / "read-files.py")
        Path(reader).write_text(READER, encoding="utf-8")
        hook_repo.mkdir()
        sh([*GIT, "init", "-q"], cwd=hook_repo)
        for rel in subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=PROJECT,
            capture_output=True,
            check=True,
        ).stdout.split(b"\0"):
            if rel and (PROJECT / os.fsdecode(rel)).is_file():
                dest = hook_repo / os.fsdecode(rel)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(PROJECT / os.fsdecode(rel), dest)
        sh([*GIT, "add", "-A"], cwd=hook_repo)
        sh([*GIT, "commit", "-q", "-m", "snapshot"], cwd=hook_repo)
        rev = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=hook_repo, capture_output=True, text=True, check=True
        ).stdout.strip()
        runs = [(f"{size:,}-file repository", repos[size]) for size in pc_sizes]
        if "carriers" in sections:
            carrier_repo = work / "repo-carriers"
            print(
                f"generating a {args.carrier_size}-file repository with carriers ...",
                file=sys.stderr,
            )
            make_repo(str(carrier_repo), args.carrier_size, carriers=True)
            runs.append(
                (
                    f"{args.carrier_size:,}-file repository, every app package with a Dockerfile,"
                    " compose file, Procfile, Nx project, Kubernetes manifest and Azure pipeline",
                    carrier_repo,
                )
            )
        for title, repo in runs:
            variants = {}
            for runner in ("pre-commit", "prek"):
                for kind in ("naive", "four", "all-in-one", *FLOORS):
                    config = work / f"pre-commit-{kind.replace(' ', '-')}.yaml"
                    config.write_text(
                        pre_commit_config(kind, str(hook_repo), rev, python=python, reader=reader)
                    )
                    argv = [str(bindir / runner), "run", "--all-files", "--config", str(config)]
                    timed(argv, repo, {**env, "PREK_HOME": str(work / "prek-home")})  # installs
                    if kind in FLOORS:  # a floor that fails would time its error message
                        subprocess.run(
                            argv,
                            cwd=repo,
                            env={**env, "PREK_HOME": str(work / "prek-home")},
                            capture_output=True,
                            check=True,
                        )
                    variants[f"{runner} {kind}"] = (argv, repo)
            print(f"timing pre-commit and prek run --all-files: {title} ...", file=sys.stderr)
            run_env = {**env, "PREK_HOME": str(work / "prek-home")}
            medians = interleaved(variants, args.pre_commit_rounds, run_env)
            gits = {
                name: git_processes(argv, cwd, run_env) for name, (argv, cwd) in variants.items()
            }
            naive = medians["pre-commit naive"]
            words = {
                "naive": "naive (`fail` + `pygrep`, bench/naive-pre-commit-config.yaml)",
                "four": "the four hooks",
                "all-in-one": "the all-in-one `atlas-first` hook",
                **{kind: f"floor: {kind}" for kind in FLOORS},
            }
            lines += [
                "",
                f"### `pre-commit run --all-files` and `prek run --all-files`, {title}",
                "",
                "| runner | configuration | median | vs naive (pre-commit) | vs naive (same runner) | git processes (the runner's own included) |",
                "| --- | --- | ---: | ---: | ---: | ---: |",
            ]
            for name, t in medians.items():
                runner, kind = name.split(" ", 1)
                own = medians[f"{runner} naive"]
                lines.append(
                    f"| {runner} | {words[kind]} | {ms(t)} | {t / naive:.2f}x | {t / own:.2f}x | {gits[name]} |"
                )

        # 3. growth of atlas-first check --all-files, and peak memory
        print("timing atlas-first check --all-files ...", file=sys.stderr)
        checks = {
            size: ([str(bindir / "atlas-first"), "check", "--all-files"], repos[size])
            for size in sizes
        }
        medians_by_name = interleaved({str(k): v for k, v in checks.items()}, args.rounds, env)
        lines += [
            "",
            "### `atlas-first check --all-files`",
            "",
            "| files | median | per 1,000 files | peak memory (incl. git) |",
            "| ---: | ---: | ---: | ---: |",
        ]
        for size in sizes:
            t = medians_by_name[str(size)]
            rss = peak_rss_kb(checks[size][0], repos[size], env)
            lines.append(f"| {size:,} | {ms(t)} | {ms(t * 1000 / size)} | {rss / 1024:.0f} MB |")
        header = [
            "## Benchmark",
            "",
            f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores,"
            f" Python {platform.python_version()}, {git_version()};"
            f" {args.rounds} interleaved rounds ({args.pre_commit_rounds} for pre-commit), medians.",
            "",
        ]
        report = "\n".join(header + lines) + "\n"
        print(report)
        if args.out:
            Path(args.out).write_text(report, encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


DRIZZLE_CONFIG = (
    'import { defineConfig } from "drizzle-kit";\n\n'
    'export default defineConfig({ dialect: "postgresql", out: "./src/schema" });\n'
)


def settings_section(
    work: Path, repo: Path, bindir: Path, python: str, env: dict[str, str], rounds: int
) -> list[str]:
    """The typical commit in three copies of the repository that differ only in where the
    settings come from."""
    variants = {}
    for kind in ("configured", "zero-config", "zero-config + drizzle.config.ts"):
        copy = work / f"settings-{len(variants)}"
        shutil.copytree(repo, copy, symlinks=True)
        if kind == "configured":
            sh([str(bindir / "atlas-first"), "init"], cwd=copy)
        elif kind != "zero-config":
            (copy / "packages/database/drizzle.config.ts").write_text(DRIZZLE_CONFIG)
        sh([*GIT, "add", "-A"], cwd=copy)
        sh([*GIT, "commit", "-q", "--no-verify", "--allow-empty", "-m", kind], cwd=copy)
        variants[kind] = (copy, stage_typical_commit(copy))
    commands: dict[str, tuple[list[str], Path]] = {
        "floor: python -c 'import re, sys'": ([python, "-c", "import re, sys"], repo)
    }
    for kind, (copy, changed) in variants.items():
        commands[f"forbid-new-migrations, {kind}"] = (
            [str(bindir / "forbid-new-migrations"), *changed],
            copy,
        )
        commands[f"atlas-first hook, {kind}"] = (
            [str(bindir / "atlas-first"), "hook", *changed],
            copy,
        )
    print("timing where the settings come from ...", file=sys.stderr)
    medians = interleaved(commands, rounds, {**env, "PRE_COMMIT": "1"})
    floor = medians["floor: python -c 'import re, sys'"]
    return [
        "",
        "### Where the settings come from (typical commit, as pre-commit starts the hooks)",
        "",
        "`configured`: a `.atlas-first.toml` written by `atlas-first init`; `zero-config`: no"
        " configuration and nothing to infer from (seed defaults); `zero-config +"
        " drizzle.config.ts`: no configuration, folders inferred from the drizzle config.",
        "",
        "| command | median | vs floor |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {ms(t)} | {t / floor:.2f}x |" for name, t in medians.items()),
        "",
    ]


def schema_sql(tables: int = 50) -> str:
    """A 500-line hand-written schema: tables with keys, checks, foreign keys and indexes."""
    parts = ["CREATE TYPE status AS ENUM ('active', 'paused', 'closed');\n"]
    for n in range(tables):
        ref = f",\n  parent_id bigint REFERENCES t{n - 1:03d}(id)" if n else ""
        parts.append(
            f"CREATE TABLE t{n:03d} (\n  id bigserial PRIMARY KEY,\n  name varchar(200) NOT NULL,\n"
            f"  status status NOT NULL DEFAULT 'active',\n  amount numeric(12, 2) CHECK (amount >= 0),\n"
            f"  created_at timestamptz NOT NULL DEFAULT now(){ref}\n);\n"
            f"CREATE UNIQUE INDEX t{n:03d}_name ON t{n:03d} (name);\n"
        )
    return "".join(parts)


def real_shapes_section(
    work: Path, bindir: Path, env: dict[str, str], rounds: int, size: int
) -> list[str]:
    """Issue 42: a tree that merely mentions drizzle costs nothing. The same repository with
    and without what real ones hold that names drizzle and runs nothing (40 translation files
    of ~170 KB, 200 YAML docs pages), both with a runtime migrator whose run sites are searched
    (as homarr has): `atlas-first check --all-files` on each."""
    trees = {}
    for prose in (False, True):
        dest = work / f"real-shapes-{'prose' if prose else 'plain'}"
        print(f"generating a {size}-file repository (prose: {prose}) ...", file=sys.stderr)
        make_repo(str(dest), size, prose=prose, migrator=True)
        trees[prose] = dest
    commands = {
        f"check --all-files, {'with' if prose else 'without'} the prose": (
            [str(bindir / "atlas-first"), "check", "--all-files"],
            repo,
        )
        for prose, repo in trees.items()
    }
    medians = interleaved(commands, rounds, env)
    plain = medians["check --all-files, without the prose"]
    with_prose = medians["check --all-files, with the prose"]
    return [
        "",
        f"### Real shapes: a {size:,}-file tree with 40 translation files and 200 YAML docs"
        " pages that mention drizzle in prose, against the same tree without them",
        "",
        "| command | median | vs the tree without them |",
        "| --- | ---: | ---: |",
        f"| check --all-files, without the prose | {ms(plain)} | 1.00x |",
        f"| check --all-files, with the prose | {ms(with_prose)} | {with_prose / plain:.2f}x |",
    ]


def schema_section(
    work: Path, repo: Path, bindir: Path, python: str, env: dict[str, str], rounds: int
) -> list[str]:
    """A commit that touches a 500-line schema.sql, and one that does not, in one repository."""
    copy = work / "schema-repo"
    shutil.copytree(repo, copy, symlinks=True)
    sql = copy / "packages/database/schema.sql"
    text = schema_sql()
    sql.write_text(text)
    atlas = copy / "packages/database/atlas.hcl"
    atlas_text = (
        PROJECT / "examples/atlas-drizzle-monorepo/packages/database/atlas.hcl"
    ).read_text()
    atlas.write_text(atlas_text)
    sh([*GIT, "add", "-A"], cwd=copy)
    sh([*GIT, "commit", "-q", "--no-verify", "-m", "schema"], cwd=copy)
    lines_count = text.count("\n")
    changed = stage_typical_commit(copy)
    del changed  # staged: the typical commit the hooks judge
    untouched = {
        "floor: python -c 'import re, sys'": ([python, "-c", "import re, sys"], copy),
        "lint-schema-source, schema.sql untouched": ([str(bindir / "lint-schema-source")], copy),
        "atlas-first check, schema.sql untouched (every guard)": (
            ["PLAIN_HOOK", str(bindir / "atlas-first"), "check"],
            copy,
        ),
    }
    print("timing the schema lint ...", file=sys.stderr)
    before = interleaved(untouched, rounds, {**env, "PRE_COMMIT": "1"})
    sql.write_text(
        text.replace(
            "  name varchar(200) NOT NULL,\n", "  name varchar(200) NOT NULL,\n  note text,\n", 1
        )
    )
    sh([*GIT, "add", "--", "packages/database/schema.sql"], cwd=copy)
    touched = {
        "floor: python -c 'import re, sys'": ([python, "-c", "import re, sys"], copy),
        f"lint-schema-source, {lines_count}-line schema.sql changed": (
            [str(bindir / "lint-schema-source")],
            copy,
        ),
        f"atlas-first check, {lines_count}-line schema.sql changed (every guard)": (
            ["PLAIN_HOOK", str(bindir / "atlas-first"), "check"],
            copy,
        ),
    }
    after = interleaved(touched, rounds, {**env, "PRE_COMMIT": "1"})
    sh([*GIT, "reset", "-q", "--hard"], cwd=copy)
    stage_typical_commit(copy)
    atlas.write_text(atlas_text.replace("drop_table  = true", "drop_table = true"))
    sh([*GIT, "add", "--", "packages/database/atlas.hcl"], cwd=copy)
    hcl = {
        "floor: python -c 'import re, sys'": ([python, "-c", "import re, sys"], copy),
        "guard-atlas-config, atlas.hcl changed": (
            [str(bindir / "guard-atlas-config"), "packages/database/atlas.hcl"],
            copy,
        ),
        "atlas-first check, atlas.hcl changed (every guard)": (
            ["PLAIN_HOOK", str(bindir / "atlas-first"), "check"],
            copy,
        ),
    }
    timed(hcl["guard-atlas-config, atlas.hcl changed"][0], copy, env)  # a warm first run
    third = interleaved(hcl, rounds, {**env, "PRE_COMMIT": "1"})
    sh([*GIT, "reset", "-q", "--hard"], cwd=copy)
    rows = []
    for medians in (before, after, third):
        floor = medians["floor: python -c 'import re, sys'"]
        rows += [
            f"| {name} | {ms(t)} | {t / floor:.2f}x |"
            for name, t in medians.items()
            if not name.startswith("floor")
        ]
    floor = before["floor: python -c 'import re, sys'"]
    return [
        "",
        "### The schema lint and the Atlas config guard (issues 11, 12): typical commit plus"
        " a schema.sql or atlas.hcl change, or neither",
        "",
        "| command | median | vs floor |",
        "| --- | ---: | ---: |",
        f"| floor: python -c 'import re, sys' | {ms(floor)} | 1.00x |",
        *rows,
        "",
    ]


def pulled_ts(tables: int) -> str:
    """What `drizzle-kit pull` writes for `schema_sql(tables)` (its layout, in sync)."""
    parts = ["export const status = pgEnum(\"status\", ['active', 'paused', 'closed'])\n\n"]
    for n in range(tables):
        ref = '\tparentId: bigint("parent_id", { mode: "number" }),\n' if n else ""
        fk = (
            f"\tforeignKey({{\n\t\t\tcolumns: [table.parentId],\n\t\t\tforeignColumns:"
            f' [t{n - 1:03d}.id],\n\t\t\tname: "t{n:03d}_parent_id_fkey"\n\t\t}}),\n'
            if n
            else ""
        )
        parts.append(
            f'export const t{n:03d} = pgTable("t{n:03d}", {{\n'
            '\tid: bigserial({ mode: "bigint" }).primaryKey().notNull(),\n'
            "\tname: varchar({ length: 200 }).notNull(),\n"
            "\tstatus: status().default('active').notNull(),\n"
            "\tamount: numeric({ precision: 12, scale:  2 }),\n"
            "\tcreatedAt: timestamp(\"created_at\", { withTimezone: true, mode: 'string' })"
            ".defaultNow().notNull(),\n"
            f"{ref}}}, (table) => [\n"
            f'\tuniqueIndex("t{n:03d}_name").using("btree", table.name.asc().nullsLast()'
            '.op("text_ops")),\n'
            f"{fk}"
            f'\tcheck("t{n:03d}_amount_check", sql`amount >= (0)::numeric`),\n]);\n\n'
        )
    return "".join(parts)


def pull_section(
    work: Path,
    repo: Path,
    bindir: Path,
    python: str,
    env: dict[str, str],
    rounds: int,
    tables: int,
) -> list[str]:
    """Issue 22: the sync commit (schema.sql and its regenerated schema.ts changed together,
    in sync) against the schema lint alone for the same commit."""
    copy = work / "pull-repo"
    shutil.copytree(repo, copy, symlinks=True)
    sql = copy / "packages/database/schema.sql"
    ts = copy / "packages/database/src/schema/schema.ts"
    text, pulled = schema_sql(tables), pulled_ts(tables)
    sql.write_text(text)
    ts.write_text(pulled)
    sh([*GIT, "add", "-A"], cwd=copy)
    sh([*GIT, "commit", "-q", "--no-verify", "-m", "schema and its pull"], cwd=copy)
    sql.write_text(
        text.replace(
            "  name varchar(200) NOT NULL,\n", "  name varchar(200) NOT NULL,\n  note text,\n", 1
        )
    )
    ts.write_text(
        pulled.replace(
            "\tname: varchar({ length: 200 }).notNull(),\n",
            "\tname: varchar({ length: 200 }).notNull(),\n\tnote: text(),\n",
            1,
        )
    )
    sh([*GIT, "add", "-A"], cwd=copy)
    check = [str(bindir / "atlas-first"), "check"]
    proc = subprocess.run(check, cwd=copy, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:  # the sync commit is fine: a finding here is a false alarm
        raise SystemExit(f"the in-sync pull commit was not clean:\n{proc.stdout}{proc.stderr}")
    floor_name = "floor: python -c 'import re, sys'"
    commands = {
        floor_name: ([python, "-c", "import re, sys"], copy),
        "lint-schema-source (the schema lint alone)": ([str(bindir / "lint-schema-source")], copy),
        "forbid-generated-schema-edits (AF101 + AF102)": (
            [str(bindir / "forbid-generated-schema-edits")],
            copy,
        ),
        "atlas-first hook (every guard, AF102 included)": (
            [str(bindir / "atlas-first"), "hook", "packages/database/schema.sql",
             "packages/database/src/schema/schema.ts"],
            copy,
        ),
    }  # fmt: skip
    print(f"timing the sync commit of a {tables}-table pull ...", file=sys.stderr)
    medians = interleaved(commands, rounds, {**env, "PRE_COMMIT": "1"})
    sh([*GIT, "reset", "-q", "--hard"], cwd=copy)
    floor = medians[floor_name]
    lint = medians["lint-schema-source (the schema lint alone)"]
    rows = [
        f"| {name} | {ms(t)} | {t / floor:.2f}x | {t / lint:.2f}x |"
        for name, t in medians.items()
        if name != floor_name
    ]
    return [
        "",
        f"### Issue 22: the sync commit ({tables} tables: schema.sql and its pull changed"
        " together, in sync)",
        "",
        "| command | median | vs floor | vs the lint alone |",
        "| --- | ---: | ---: | ---: |",
        f"| {floor_name} | {ms(floor)} | 1.00x | |",
        *rows,
        "",
    ]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def git_version() -> str:
    return subprocess.run(
        ["git", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()


if __name__ == "__main__":
    raise SystemExit(main())
