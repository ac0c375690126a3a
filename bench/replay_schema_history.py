"""Replay a guard over the real history of a file: the schema lint over a desired-state
schema file (the default), or the Atlas config guard over atlas.hcl (`--codes AF7`).

For every commit C that changed the file (a desired-state `schema.sql`, an install schema, a
pg_dump `structure.sql`), run `atlas-first check --from-ref C^ --to-ref C` as CI would on
that commit, and list what the schema lint reports (AF6xx), one finding a line, so that each can be judged against
the diff and against the migration the project shipped with it:

    python bench/replay_schema_history.py REPO_OR_GIT_DIR PATH [PATH ...] [--out FILE]
    python bench/replay_schema_history.py REPO_OR_GIT_DIR path/to/atlas.hcl --codes AF7

REPO_OR_GIT_DIR is any git repository (a bare mirror is fine: it is cloned without a checkout
into a temporary folder). PATH is the schema file as the repository names it; several paths
are one desired state (with `--codes AF6`, they are configured as the sources; with another
prefix the repository's own layout is inferred). The output is tab-separated: commit, code,
location, message; and a summary on stderr (commits replayed, findings by code, commits that
could not be checked).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)


def git(repo: str, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", repo, *args], capture_output=True, text=True, check=True
    ).stdout


def commits_touching(repo: str, paths: list[str]) -> list[str]:
    """Oldest first; merges left out (their change is replayed on the branch that made it)."""
    out = git(repo, "log", "--format=%H", "--no-merges", "--reverse", "--all", "--", *paths)
    return [line for line in out.splitlines() if line]


def replay(
    repo: str, paths: list[str], out: object, tool: str = PROJECT, codes: str = "AF6"
) -> int:
    env = dict(os.environ, PYTHONPATH=tool + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("PRE_COMMIT", None)
    with tempfile.TemporaryDirectory(prefix="replay-") as tmp:
        work = os.path.join(tmp, "work")
        subprocess.run(
            ["git", "clone", "-q", "--no-checkout", "--shared", repo, work],
            check=True,
            capture_output=True,
        )
        config = os.path.join(tmp, "atlas-first.toml")
        with open(config, "w", encoding="utf-8") as fh:
            fh.write(f"sources = {json.dumps(paths)}\n" if codes == "AF6" else "")
        config_args = ["--config", config] if codes == "AF6" else []
        by_code: collections.Counter[str] = collections.Counter()
        failed = 0
        commits = commits_touching(work, paths)
        for number, commit in enumerate(commits, 1):
            parents = git(work, "rev-list", "--parents", "-n", "1", commit).split()[1:]
            if not parents:
                continue  # the file's first version: nothing before it
            git(work, "checkout", "-q", "-f", commit)  # as CI checks it out: the layout's files
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "hooks.cli",
                    "check",
                    *config_args,
                    "--from-ref",
                    parents[0],
                    "--to-ref",
                    commit,
                    "--format",
                    "json",
                ],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            try:
                doc = json.loads(proc.stdout)
            except json.JSONDecodeError:
                doc = {"violations": [], "errors": [proc.stderr.strip() or "no output"]}
            if doc.get("errors"):
                failed += 1
                print(f"{commit[:12]}\tERROR\t\t{'; '.join(doc['errors'])}", file=out)
            for v in doc["violations"]:
                if not v["code"].startswith(codes):
                    continue  # the other guards' findings in the same commits
                by_code[v["code"]] += 1
                where = v["path"] + (f":{v['line']}:{v['column']}" if v["line"] else "")
                print(f"{commit[:12]}\t{v['code']}\t{where}\t{v['message']}", file=out)
            if number % 50 == 0:
                sys.stderr.write(f"  {number}/{len(commits)} commits\n")
        total = sum(by_code.values())
        sys.stderr.write(
            f"{repo}: {len(commits)} commits replayed, {total} findings"
            f" ({', '.join(f'{c} {n}' for c, n in sorted(by_code.items())) or 'none'}),"
            f" {failed} could not be checked\n",
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", help="write the findings here (default: stdout)")
    parser.add_argument(
        "--tool",
        default=PROJECT,
        help="a checkout of atlas-first-hooks to replay with (default: this one), e.g. a"
        " `git worktree` of an older release for before/after numbers",
    )
    parser.add_argument(
        "--codes", default="AF6", help="the codes to list, by prefix (default: AF6, the lint)"
    )
    args = parser.parse_args()
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            return replay(args.repo, args.paths, fh, args.tool, args.codes)
    return replay(args.repo, args.paths, sys.stdout, args.tool, args.codes)


if __name__ == "__main__":
    raise SystemExit(main())
