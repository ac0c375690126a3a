"""The real-history replay (bench/replay_schema_history.py) over a history of our own: one
commit per kind of change the replays of public repositories turned up, each judged here."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import PROJECT
from tests.conftest import GitRepo

# (commit message, the schema file after it, codes the commit must report)
HISTORY = [
    (
        "first version",
        "CREATE TABLE users (id int PRIMARY KEY, email text, data json, at timestamp);\n",
        None,
    ),
    (
        "a comment above everything",
        "-- users and their data\nCREATE TABLE users (id int PRIMARY KEY, email text, data json, at timestamp);\n",
        [],
    ),
    (
        "a newer pg_dump: jsonb and timestamp(6)",
        "-- users and their data\nCREATE TABLE users (id int PRIMARY KEY, email text, data jsonb, at timestamp(6));\n",
        ["AF651"],  # json -> jsonb keeps every value, but rewrites the table (a warning)
    ),
    (
        "case-insensitive e-mail addresses",
        "-- users and their data\nCREATE TABLE users (id int PRIMARY KEY, email text, data jsonb, at timestamp(6));\n"
        "CREATE UNIQUE INDEX users_email ON users (lower(email));\n",
        ["AF633", "AF653"],  # and the build blocks writes (a warning)
    ),
    (
        "drop the data column",
        "-- users and their data\nCREATE TABLE users (id int PRIMARY KEY, email text, at timestamp(6));\n"
        "CREATE UNIQUE INDEX users_email ON users (lower(email));\n",
        ["AF614"],
    ),
    (
        "a bad merge",
        "CREATE TABLE users (id int PRIMARY KEY, email text, at timestamp(6));\n('2021');\n",
        ["AF601"],
    ),
]


def test_the_replay_reports_each_commit_as_judged(repo: GitRepo, tmp_path) -> None:
    expected = {}
    for message, text, codes in HISTORY:
        repo.stage("db/schema.sql", text)
        sha = repo.commit(message)
        if codes is not None:
            expected[sha[:12]] = codes
    repo.stage("README.md", "unrelated\n")
    repo.commit("a commit that does not touch the schema")
    out = tmp_path / "findings.tsv"
    proc = subprocess.run(
        [
            sys.executable,
            str(PROJECT / "bench" / "replay_schema_history.py"),
            str(repo.path),
            "db/schema.sql",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    found: dict[str, list[str]] = {sha: [] for sha in expected}
    for line in out.read_text().splitlines():
        sha, code, _where, _message = line.split("\t")
        found.setdefault(sha, []).append(code)
    assert found == expected
    assert (
        f"{len(HISTORY)} commits replayed, 5 findings (AF601 1, AF614 1, AF633 1, AF651 1, AF653 1)"
        in proc.stderr
    )
