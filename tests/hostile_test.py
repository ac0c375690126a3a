"""Hostile input and awkward repositories: never a traceback, never a write, never a silent
pass when a guard could not check (exit 2, one line naming the culprit and the fix)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks.cli import main
from hooks.forbid_drizzle_kit_scripts import main as scripts_main
from hooks.forbid_drizzle_migrator import main as migrator_main
from hooks.repo.repository import Repo
from tests.conftest import symlink_or_skip

GEN = "packages/database/src/schema/schema.ts"


def _one_error_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        pytest.param(b"", "invalid JSON: Expecting value", id="empty"),
        pytest.param(b"[" * 300_000 + b"]" * 300_000, "nested too deeply", id="deeply-nested"),
        pytest.param(b"\x00\x01\x02binary\xff", "not UTF-8", id="binary"),
        pytest.param(b'{"scripts": {"a": "drizzle-kit push"}', "invalid JSON", id="truncated"),
    ],
)
def test_hostile_package_json(monorepo, capsys, content, words) -> None:
    (monorepo.path / "package.json").write_bytes(content)
    assert scripts_main(["package.json"]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "package.json" in line
    assert words in line


def test_huge_package_json_is_checked(monorepo, capsys) -> None:
    scripts = {f"s{i}": "x" * 200 for i in range(150_000)}  # about 35 MB
    scripts["push"] = "drizzle-kit push"
    (monorepo.path / "package.json").write_text(json.dumps({"scripts": scripts}, indent=1))
    assert scripts_main(["package.json"]) == 1
    assert 'script "push" runs "drizzle-kit push"' in capsys.readouterr().out


CONFIG = ".pre-commit-config.yaml"
LINKED_OUT = "a symbolic link to outside the repository; not read"


@pytest.mark.parametrize("path", ["package.json", ".pre-commit-config.yaml", "Dockerfile"])
def test_a_link_out_of_the_repository_is_never_followed_and_is_a_note(
    monorepo, tmp_path, capsys, path
) -> None:
    """What a link points at outside the repository is no content of it (Nix's git-hooks
    commit `.pre-commit-config.yaml` as a link into /nix/store: issue 38): not read, and
    said, never a stop."""
    outside = tmp_path / "outside"
    outside.write_text('{"scripts": {"x": "drizzle-kit push"}}\nRUN npx drizzle-kit push\n')
    symlink_or_skip(outside, monorepo.path / path)
    assert scripts_main([path]) == 0
    assert f"{path}: {LINKED_OUT}" in capsys.readouterr().out


@pytest.mark.parametrize("path", ["deploy/k8s.yaml", "ecs/task.json", "scripts/run"])
def test_a_file_that_is_a_carrier_only_by_content_and_links_out_is_a_note(
    monorepo, tmp_path, capsys, path
) -> None:
    """A link out of the repository that could only be a carrier by what it holds (any YAML
    or JSON, an extensionless file) is an odd file of the repository: skipped with a note,
    never a stop (a zip-slip test fixture must not fail every check forever)."""
    outside = tmp_path / "outside"
    outside.write_text("#!/bin/sh\nnpx drizzle-kit push\n")
    (monorepo.path / path).parent.mkdir(parents=True, exist_ok=True)
    symlink_or_skip(outside, monorepo.path / path)
    assert scripts_main([path]) == 0
    out = capsys.readouterr().out  # a note, with the findings
    assert f"{path}: {LINKED_OUT}" in out


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["check"], id="staged"),
        pytest.param(["check", "--all-files"], id="all-files"),
        pytest.param(["check", "--from-ref", "HEAD~1", "--to-ref", "HEAD"], id="range"),
    ],
)
def test_a_committed_link_into_the_nix_store_stops_no_mode(monorepo, capsys, argv) -> None:
    from hooks.cli import main as cli

    symlink_or_skip("/nix/store/0000-pre-commit-config.json", monorepo.path / CONFIG)
    monorepo.add()
    if argv != ["check"]:
        monorepo.commit("nix develop wrote the hooks config")
    assert cli(argv) == 0
    assert f"{CONFIG}: {LINKED_OUT}" in capsys.readouterr().out
    # the negative row: the same run still finds what is in the repository
    monorepo.stage("packages/database/migrations/0001_new.sql", "select 1;\n")
    if argv != ["check"]:
        monorepo.commit("--no-verify")
    assert cli(argv) == 1
    assert "0001_new.sql: AF201" in capsys.readouterr().out


def test_dangling_symlink(monorepo, capsys) -> None:
    symlink_or_skip("missing.json", monorepo.path / "package.json")
    assert scripts_main(["package.json"]) == 2
    assert "symbolic link to a missing file" in capsys.readouterr().err


def test_symlink_inside_the_repository_is_followed(monorepo, capsys) -> None:
    monorepo.write("real/package.json", '{"scripts": {"x": "drizzle-kit push"}}')
    symlink_or_skip("real/package.json", monorepo.path / "package.json")
    assert scripts_main(["package.json"]) == 1


def test_migrator_symlink_out_of_the_repository(monorepo, tmp_path, capsys) -> None:
    outside = tmp_path / "m.ts"
    outside.write_text('import { migrate } from "drizzle-orm/pglite/migrator";\n')
    symlink_or_skip(outside, monorepo.path / "m.ts")
    assert migrator_main(["m.ts"]) == 0
    assert f"m.ts: {LINKED_OUT}" in capsys.readouterr().out


def test_file_that_vanished_is_skipped(monorepo) -> None:
    assert scripts_main(["gone/package.json"]) == 0
    assert migrator_main(["gone.ts"]) == 0


def test_very_long_paths(monorepo, capsys) -> None:
    deep = "/".join(["d" * 40] * 6)
    monorepo.stage(f"packages/database/src/schema/{deep}/schema.ts", "export {};\n")
    monorepo.stage(f"packages/database/migrations/{deep}/0001.sql", "select 1;\n")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert f"{deep}/schema.ts: AF101" in out
    assert f"{deep}/0001.sql: AF201" in out


def test_patterns_that_match_nothing_are_warned_about(monorepo, capsys) -> None:
    monorepo.write(".atlas-first.toml", 'generated = ["packages/db/generated/"]\n')
    assert main(["check", "--all-files"]) == 0
    err = capsys.readouterr().err
    assert "warning: 'generated' pattern 'packages/db/generated/' matches no tracked file" in err


def test_bare_repository(tmp_path, monkeypatch, capsys) -> None:
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    monkeypatch.chdir(bare)
    assert main(["check"]) == 2
    assert "bare repository" in _one_error_line(capsys.readouterr().err)


def test_detached_head(monorepo, capsys) -> None:
    monorepo.git("checkout", "-q", "--detach", "HEAD")
    monorepo.stage(GEN, "// edit\n")
    assert main(["check"]) == 1


def test_range_across_a_merge_commit(monorepo, capsys) -> None:
    base = monorepo.head()
    monorepo.git("checkout", "-q", "-b", "feature")
    monorepo.stage(GEN, "// edit on a branch\n")
    monorepo.commit("edit")
    monorepo.git("checkout", "-q", "-")
    monorepo.stage("README.md", "# main moved on\n")
    monorepo.commit("main")
    monorepo.git("merge", "-q", "--no-ff", "--no-edit", "feature")
    assert main(["check", "--from-ref", base, "--to-ref", "HEAD"]) == 1
    assert f"{GEN}: AF101" in capsys.readouterr().out


def test_submodule_does_not_confuse_the_guards(monorepo, tmp_path, capsys) -> None:
    other = tmp_path / "lib"
    subprocess.run(["git", "init", "-q", str(other)], check=True)
    subprocess.run(
        ["git", "-C", str(other), "commit", "-q", "--allow-empty", "-m", "x"], check=True
    )
    monorepo.git(
        "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(other), "vendor/lib"
    )
    assert main(["check"]) == 0
    monorepo.commit("submodule")
    assert main(["check", "--all-files"]) == 0


def test_git_dir_environment_is_honoured(monorepo, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GIT_DIR", str(monorepo.path / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(monorepo.path))
    monkeypatch.chdir(monorepo.path / "packages")
    monorepo.stage(GEN, "// edit\n")
    assert main(["check"]) == 1


def _snapshot(root) -> dict[str, float]:
    found = {}
    for here, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "objects"]
        for name in files:
            path = os.path.join(here, name)
            found[path] = os.stat(path).st_mtime_ns
    return found


def test_checks_never_write_to_the_repository(monorepo, capsys) -> None:
    monorepo.stage(GEN, "// edit\n")
    monorepo.stage("packages/database/migrations/0009.sql", "select 1;\n")
    before = _snapshot(monorepo.path)
    for argv in (
        ["check"],
        ["check", "--all-files"],
        ["check", "--from-ref", "HEAD", "--to-ref", "HEAD"],
    ):
        main(argv)
    assert _snapshot(monorepo.path) == before


segments = st.lists(
    st.sampled_from(["a", "b c", "ü", "db", "-x", "schema.sql"]), min_size=1, max_size=5
)


@given(parts=segments, prefix=st.sampled_from(["", "packages", "packages/database"]))
def test_windows_and_posix_spellings_give_the_same_path(parts, prefix) -> None:
    root = os.path.abspath(os.sep + "repo")
    repo = Repo(root, os.path.join(root, *prefix.split("/")) if prefix else root)
    posix = repo.to_repo_path("/".join(parts))
    assert repo.to_repo_path("\\".join(parts)) == posix
    assert repo.to_repo_path(".\\" + "\\".join(parts)) == posix


def test_unmatched_patterns_table() -> None:
    from hooks.cli import unmatched_patterns
    from hooks.project.config import Config
    from hooks.project.config import validate

    config = Config(
        validate(
            {
                "generated": ["a/b/", "x/*.ts", "!a/b/keep.ts"],
                "sources": ["a/b-x/s.sql", "nowhere.sql"],
                "migrations": ["a/b/f.sql/"],
            },
            "t",
        ),
        "t",
    )
    files = sorted(["a/b-x/s.sql", "a/b/f.sql", "a/b/z.ts", "x/y.ts"])
    assert unmatched_patterns(config, files) == [
        ("sources", "nowhere.sql"),
        ("migrations", "a/b/f.sql/"),
    ]


def test_windows_drive_letter_path_is_a_clear_error_on_posix(monorepo, capsys) -> None:
    from hooks.forbid_new_migrations import main as migrations_main

    if os.name == "nt":
        pytest.skip("a drive letter is a real path on Windows")
    assert migrations_main(["C:\\elsewhere\\0001.sql"]) == 2
    assert "outside the repository" in _one_error_line(capsys.readouterr().err)


def test_crlf_and_bom_baseline_from_a_windows_editor(monorepo) -> None:
    from hooks.forbid_new_migrations import main as migrations_main

    path = monorepo.path / ".atlas-first-baseline.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert migrations_main(["packages/database/migrations/0000_legacy_init.sql"]) == 0


@pytest.mark.parametrize(
    ("content", "words"),
    [
        pytest.param(b"\x00\x01binary\xff\xfe", "not UTF-8", id="binary"),
        pytest.param(b"export default {" * 60_000, "no drizzle-kit config object", id="deep"),
        pytest.param(b"// x\n" * 300_000, "larger than any real drizzle config", id="huge"),
        pytest.param(b"", "no drizzle-kit config object", id="empty"),
        pytest.param(b"export default { out: '", "its `out` is computed", id="cut"),
    ],
)
def test_hostile_drizzle_config_fails_closed_in_one_line(repo, capsys, content, words) -> None:
    (repo.path / "db").mkdir()
    (repo.path / "db" / "drizzle.config.ts").write_bytes(content)
    repo.add()
    repo.commit()
    repo.stage("db/drizzle/0000_x.sql", "select 1;\n")
    assert main(["check"]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert line.startswith("atlas-first: error: db/drizzle.config.ts: cannot tell where")
    assert words in line


def test_utf16_drizzle_config_from_windows_powershell_is_read(repo, capsys) -> None:
    text = "export default { dialect: 'postgresql', out: './mig' };\r\n"
    (repo.path / "drizzle.config.ts").write_bytes(text.encode("utf-16"))
    repo.add()
    repo.commit()
    repo.stage("mig/0000_x.sql", "select 1;\n")
    assert main(["check"]) == 1
    assert "mig/0000_x.sql: AF201" in capsys.readouterr().out


def test_drizzle_config_linked_out_of_the_repository_is_not_read(repo, tmp_path, capsys) -> None:
    outside = tmp_path / "elsewhere.ts"
    outside.write_text("export default { dialect: 'postgresql', out: './x' };\n")
    symlink_or_skip(outside, repo.path / "drizzle.config.ts")
    repo.add()
    repo.commit()
    repo.stage("drizzle/0000_x.sql", "select 1;\n")
    assert main(["check"]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert (
        "drizzle.config.ts: cannot tell where drizzle-kit writes: is a symbolic link to outside"
        in line
    )


def test_unreadable_atlas_hcl_in_zero_config_fails_closed(repo, capsys) -> None:
    repo.stage("db/atlas.hcl", "")
    (repo.path / "db" / "atlas.hcl").write_bytes(b"\xff\xfe\x00\xd8")  # a lone UTF-16 surrogate
    repo.add()
    repo.commit()
    repo.stage("packages/database/src/schema/a.ts", "// edit\n")
    assert main(["check"]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "db/atlas.hcl: not UTF-8 text" in line


@given(text=st.text(max_size=300))
def test_any_drizzle_config_text_reads_or_is_unreadable(text) -> None:
    from hooks.project.drizzle_config import UnreadableConfig
    from hooks.project.drizzle_config import read_drizzle_config

    for name in ("drizzle.config.ts", "drizzle.config.json"):
        try:
            config = read_drizzle_config(name, text)
        except UnreadableConfig:
            continue
        assert config.outs
        assert all(isinstance(o, str) and o for o in config.outs)


CARRIER_KINDS = sorted(
    {
        "app_json", "atlas", "batch", "code", "compose", "deno", "devcontainer", "dockerfile",
        "fly", "lint_staged", "mcp", "vscode_tasks", "unknown", "python", "js_config",
        "github", "gitlab", "hook_script", "just", "lefthook", "make", "mise", "netlify", "nixpacks",
        "nx", "powershell", "pre_commit", "procfile", "railway", "render", "shell", "taskfile",
        "tilt", "vercel",
    }
)  # fmt: skip


@given(text=st.text(max_size=200), kind=st.sampled_from(CARRIER_KINDS))
def test_any_text_in_any_carrier_reads_or_is_a_clear_error(text, kind) -> None:
    from hooks.commands.carriers import snippets
    from hooks.report.violation import ToolError

    path = {"railway": "railway.toml"}.get(kind, f"x.{kind}")
    try:
        for snippet in snippets(kind, text, path):
            assert snippet.position(len(snippet.text))[0] >= 1
    except ToolError as exc:
        assert str(exc).startswith(path)  # noqa: PT017 (raising is allowed, not required)


def test_yaml_alias_bomb_is_read_in_linear_time(monorepo, capsys) -> None:
    layers = ["a0: &a0 {command: npx drizzle-kit push}"]
    for n in range(1, 40):
        layers.append(f"a{n}: &a{n} {{<<: [*a{n - 1}, *a{n - 1}, *a{n - 1}]}}")
    text = "x:\n" + "".join(f"  {ln}\n" for ln in layers) + "services:\n  s: *a39\n"
    monorepo.stage("compose.yaml", text)
    assert scripts_main(["compose.yaml"]) == 1
    assert "compose.yaml:2:21: AF301" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("path", "content"),
    [
        ("compose.yaml", b"services: " + b"[" * 100_000 + b"drizzle-kit"),
        ("vercel.json", b'{"buildCommand": ' + b"[" * 300_000 + b'"drizzle-kit push"'),
        ("fly.toml", b"[deploy]\nrelease_command = " + b"[" * 100_000 + b"'drizzle-kit'"),
        ("Tiltfile", b"local(" + b"(" * 100_000 + b"'drizzle-kit push'"),
        ("Dockerfile", b"FROM x\nRUN <<EOF\nnpx drizzle-kit push\n" + b"\\\n" * 100_000),
        (".github/workflows/a.yml", b"\xff\xfe\x00drizzle-kit\x00"),
        ("k8s/job.yaml", b"- image: x\n  command: " + b"[" * 100_000 + b"drizzle-kit"),
        ("charts/x/templates/j.yaml", b"{{" * 50_000 + b"command: [npx, drizzle-kit, push]"),
        ("ecs/task.json", b'{"containerDefinitions": [' * 50_000 + b'"drizzle-kit"'),
        ("Jenkinsfile", b"sh '''" + b"drizzle-kit push \\" * 50_000),
        ("Earthfile", b"t:\n    RUN --secret " + b"--mount " * 50_000 + b"drizzle-kit push"),
        ("s6-rc.d/m/up", b"{ " * 100_000 + b"npx drizzle-kit push"),
        ("supervisord.conf", b"[program:x]\ncommand=" + b"\n  drizzle-kit" * 50_000),
        ("ecosystem.config.js", b"module.exports = {" * 50_000 + b'script: "drizzle-kit push"'),
        (".mcp.json", b'{"mcpServers": ' + b'{"a": ' * 100_000 + b'"drizzle-kit mcp"'),
        ("db.cmd", b"npx drizzle-kit ^\r\n" * 100_000 + b"push"),
        (".vscode/tasks.json", b'{"tasks": [' + b'{"command": "x", "windows": ' * 50_000 + b"{}"),
        (".codex/config.toml", b"[mcp_servers.x]\ncommand = " + b"[" * 100_000 + b"'drizzle-kit'"),
        (
            "opencode.json",
            b'{"mcp": {"x": {"command": [' + b'"npx", ' * 100_000 + b'"drizzle-kit", "mcp"]}}}',
        ),
        ("deploy/api.service", b'ExecStart="' + b'"npx", ' * 100_000 + b'"drizzle-kit", "push"'),
        ("deploy/api.service", b"x = `drizzle-kit push " + b"\\`" * 100_000),
        ("tools/m.py", b"import subprocess\nsubprocess.run(" + b"[" * 100_000 + b'"drizzle-kit"'),
        ("tools/m.py", b"import os\nos.system('npx drizzle-kit push'\n" + b"(" * 50_000),
        ("tools/m.py", b"print 'drizzle-kit push'\n"),
        ("lint-staged.config.js", b"export default {" * 50_000 + b"'*': 'drizzle-kit push'"),
        (
            "scripts/x.ts",
            b"function f(c, a) { spawn(c, a) }\n"
            + b"f(" * 50_000
            + b'"npx", ["drizzle-kit", "push"]',
        ),
        ("scripts/x.sh", b"#!/bin/sh\n" + b"${" * 100_000 + b"drizzle-kit push"),
        ("scripts/x.ts", b"import { " * 100_000 + b'run } from "./run";\nrun("drizzle-kit push")'),
        ("scripts/x.sh", b"#!/bin/sh\nnpx drizzle-kit export | " + b"sed x | " * 50_000 + b"psql"),
    ],
    ids=[
        "deep-yaml",
        "deep-json",
        "deep-toml",
        "deep-starlark",
        "endless-heredoc",
        "utf16ish",
        "deep-manifest",
        "template-of-actions",
        "deep-task-definition",
        "endless-groovy-string",
        "endless-earthly-flags",
        "deep-execline",
        "endless-supervisord-continuation",
        "deep-pm2-object",
        "deep-mcp-json",
        "endless-cmd-continuation",
        "deep-vscode-task-overrides",
        "deep-codex-toml",
        "long-mcp-exec-form",
        "closed-world-long-exec-form-run",
        "closed-world-unclosed-backticks",
        "deep-python-list",
        "python-unclosed-call-names-drizzle-kit",
        "python-2-names-drizzle-kit",
        "deep-js-config-object",
        "code-helper-called-50000-deep",
        "shell-unclosed-parameter-expansions",
        "code-unclosed-imports-of-a-helper",
        "export-into-a-50000-stage-pipeline",
    ],
)
def test_hostile_carriers_never_raise(monorepo, capsys, path, content) -> None:
    (monorepo.path / path).parent.mkdir(parents=True, exist_ok=True)
    (monorepo.path / path).write_bytes(content)
    code = scripts_main([path])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "internal error" not in captured.err
    if code == 2:
        assert path in _one_error_line(captured.err)
    else:
        assert code in (0, 1)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        pytest.param(b"\x00\xff\xfebinary", "not UTF-8", id="binary"),
        pytest.param(
            b"CREATE TABLE t (a int CHECK (" + b"(" * 20_000 + b"a > 0" + b")" * 20_000 + b"));",
            "AF601",
            id="deep-expression",
        ),
        pytest.param(
            b"CREATE TABLE t (a int);\n" * 20_000 + b"CREATE TABL",
            "AF601",
            id="error-after-20k-statements",
        ),
        pytest.param(
            b"\xef\xbb\xbfCREATE TABLE t (a int);\r\n",
            "schema.sql:1:1: AF601 starts with a UTF-8 byte-order mark",
            id="bom-and-crlf",
        ),
        pytest.param(
            "CREATE TABLE t (a int);\r\n".encode("utf-16"),
            "schema.sql:1:1: AF601 starts with UTF-16",
            id="utf-16",
        ),
        pytest.param(b"CREATE TABLE t (a int);\r\n", "", id="crlf"),
    ],
)
def test_hostile_schema_source(monorepo, capsys, content, words) -> None:
    from hooks.lint_schema_source import main as lint_main

    (monorepo.path / "packages/database/schema.sql").write_bytes(content)
    monorepo.add("packages/database/schema.sql")
    code = lint_main([])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if words == "not UTF-8":
        assert code == 2
        assert words in _one_error_line(captured.err)
    elif words:
        assert code == 1
        assert words in captured.out
    else:
        assert code == 1  # the old tables are gone
        assert "AF601" not in captured.out


@given(text=st.text(max_size=300))
def test_any_schema_text_lints_or_reports_a_syntax_error(text) -> None:
    from hooks.schema.lint import lint

    for violation in lint("schema.sql", "CREATE TABLE t (id int);", text):
        assert violation.code.startswith("AF6")
        assert violation.line is None or violation.line >= 1


_BASE = (
    "CREATE TABLE users (id int PRIMARY KEY, name text, v varchar(50));\n"
    "CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users (id));\n"
    "CREATE INDEX posts_user ON posts (user_id);\n"
)


@settings(max_examples=80, deadline=None)
@given(
    text=st.text(max_size=200)
    | st.lists(
        st.sampled_from(
            [
                "ALTER TABLE users ALTER COLUMN id TYPE bigint;",
                "ALTER TABLE posts ADD COLUMN t uuid DEFAULT gen_random_uuid();",
                "ALTER TABLE users ALTER COLUMN name SET NOT NULL;",
                "CREATE INDEX ON users (name);",
                "DROP INDEX posts_user;",
                "ALTER TABLE users ADD CHECK (length(name) > 0);",
                "CREATE TABLE users (id int);",
                "ALTER TABLE nowhere ADD COLUMN x int;",
                "CREATE DOMAIN d AS text CHECK (VALUE <> '');",
                "ALTER TABLE users ADD COLUMN m d;",
                "ALTER TABLE users ADD EXCLUDE USING gist (v WITH =);",
            ]
        ),
        max_size=6,
    ).map("\n".join)
)
def test_any_change_gives_hazards_at_lines_of_the_new_version(text) -> None:
    """Any text appended to a schema with rows: each hazard is a warning at a line of the
    new version (or a syntax error, and no hazard)."""
    from hooks.schema.lint import lint_sources

    new = _BASE + text
    found = lint_sources([("s.sql", new)], [("s.sql", _BASE)], blame="s.sql")
    lines = new.count("\n") + 1
    for violation in found:
        assert violation.code.startswith("AF6")
        if violation.code in ("AF651", "AF652", "AF653"):
            assert violation.line is not None
            assert 1 <= violation.line <= lines
            assert violation.severity == "warning"


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(max_size=200)
    | st.lists(
        st.sampled_from(
            [
                'env "p" {',
                "env {",
                "}",
                'src = "file://schema.sql"',
                "src = [",
                "]",
                'dev = "docker://postgres/15/dev"',
                "diff {",
                'diff "x" {',
                "skip {",
                "concurrent_index {",
                "create = true",
                "drop = var.x",
                "concurrent_index = true",
                "drop_index = true",
                "name = atlas.env",
                'variable "x" {',
                "default = 1",
            ]
        ),
        max_size=14,
    ).map("\n".join)
)
def test_any_atlas_config_text_gives_policies_or_a_clear_error(text) -> None:
    from hooks.atlas.envs import applied_policies
    from hooks.report.violation import ToolError

    try:
        found = applied_policies("db/atlas.hcl", text)
    except ToolError as exc:
        assert str(exc).startswith("db/atlas.hcl")  # noqa: PT017
    else:
        for target, policies in found.items():
            assert isinstance(target, str)
            for policy in policies:
                assert isinstance(policy.concurrent_create, bool)
                assert all(isinstance(k, str) for k in policy.skip)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        pytest.param(b"\xff\xfe\x00\xd8binary", "not UTF-8", id="binary"),
        pytest.param(
            b"locals {\n  x = " + b"[" * 5_000 + b"]" * 5_000 + b"\n}\n", "", id="deep-list"
        ),
        pytest.param(
            b'env "production" {\n  src = "file://schema.sql"\n', "invalid HCL", id="unclosed-block"
        ),
        pytest.param(b"", "", id="empty"),
        pytest.param(
            b'env "production" {\n' + b"a {\n" * 3_000 + b"}\n" * 3_000 + b"}\n",
            "",
            id="deep-blocks-in-an-env",
        ),
    ],
)
def test_hostile_atlas_config(monorepo, capsys, content, words) -> None:
    from hooks.guard_atlas_config import main as guard_main

    path = "packages/database/atlas.hcl"
    (monorepo.path / path).write_bytes(content)
    code = guard_main([path])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "internal error" not in captured.err
    if words:
        assert code == 2
        line = _one_error_line(captured.err)
        assert path in line
        assert words in line
    else:
        assert code in (0, 1, 2)


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=200))
def test_any_atlas_config_text_is_checked_or_a_clear_error(text) -> None:
    from hooks.guard_atlas_config import check_config
    from hooks.project.config import Config
    from hooks.project.config import validate
    from hooks.report.violation import ToolError

    try:
        found = check_config("atlas.hcl", text, text, Config(validate({}, "t"), "t"))
    except ToolError as exc:
        assert str(exc).startswith("atlas.hcl")  # noqa: PT017
    else:
        assert all(v.code in ("AF701", "AF702", "AF703") for v in found)


# --- issue 21, the first fixes: fail-opens and crashes that lose the report ------------------


def test_a_nul_byte_in_the_schema_source_is_af601_where_it_stands(monorepo, capsys) -> None:
    from hooks.lint_schema_source import main as lint_main

    sql = monorepo.path / "packages/database/schema.sql"
    original = sql.read_text()
    sql.write_text(original.replace('CREATE TABLE "users"', '\0CREATE TABLE "users"', 1))
    monorepo.add("packages/database/schema.sql")
    assert lint_main([]) == 1
    out = capsys.readouterr().out
    assert "AF601 does not parse: a NUL byte is not SQL" in out
    assert "AF612" not in out  # what stands after the NUL is not taken for dropped


@pytest.mark.parametrize("depth", [60, 100, 150])
def test_an_expression_postgres_accepts_is_read_however_deep_it_is_written(
    monorepo, capsys, depth
) -> None:
    """60 nested parentheses in a CHECK (PostgreSQL accepts them) once ended in protobuf's
    DecodeError (it decodes 100 levels); the JSON tree has no such limit."""
    from hooks.lint_schema_source import main as lint_main

    deep = "(1 + " * depth + "0" + ")" * depth
    source = f"CREATE TABLE t (id bigint PRIMARY KEY, a int CHECK (a > {deep}));\n"
    monorepo.stage("packages/database/schema.sql", source)
    monorepo.commit("a deep CHECK")
    monorepo.stage("packages/database/schema.sql", source.replace(", a int", ", b int, a int"))
    assert lint_main([]) == 0, capsys.readouterr()
    monorepo.stage("packages/database/schema.sql", source.replace(", a int CHECK", ", CHECK"))
    assert lint_main([]) == 1  # and it is compared: the column is gone
    assert "AF614 column public.t.a (int4) is gone" in capsys.readouterr().out


@pytest.mark.parametrize("depth", [300, 1000, 3000, 20_000])
def test_any_depth_is_read_or_refused_naming_the_file(monorepo, capsys, depth) -> None:
    """Where reading stops depends on the Python (3.12 moved the C recursion limit): every
    depth is read (0 or 1), or refused with exit 2 and one line naming the file; never an
    internal error."""
    from hooks.lint_schema_source import main as lint_main

    deep = "CREATE TABLE t (a int CHECK (a > " + "(1 + " * depth + "0" + ")" * depth + "));\n"
    monorepo.stage("packages/database/schema.sql", deep)
    code = lint_main([])
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert "Traceback" not in err
    if code == 2:
        assert "packages/database/schema.sql: an expression is nested deeper" in _one_error_line(
            err
        )
    else:
        assert code in (0, 1)


def test_an_expression_deeper_than_we_read_fails_closed_naming_the_file(monorepo, capsys) -> None:
    """The refusal itself, made certain on every Python by a lower recursion limit: the tree
    PostgreSQL returns is deeper than our walkers go."""
    import sys

    from hooks.lint_schema_source import main as lint_main

    deep = "CREATE TABLE t (a int CHECK (a > " + "(1 + " * 400 + "0" + ")" * 400 + "));\n"
    monorepo.stage("packages/database/schema.sql", deep)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(400)
    try:
        code = lint_main([])
    finally:
        sys.setrecursionlimit(limit)
    assert code == 2
    err = _one_error_line(capsys.readouterr().err)
    assert "packages/database/schema.sql: an expression is nested deeper" in err


def test_sarif_writes_a_path_that_is_not_utf8(monorepo, capsys) -> None:
    import json
    import os

    from hooks.forbid_new_migrations import main as migrations_main

    name = os.fsdecode(b"packages/database/migrations/0001_\xff.sql")
    (monorepo.path / name).write_bytes(b"select 1;\n")
    monorepo.git("add", "--", name)
    assert migrations_main(["--format", "sarif", name]) == 1
    doc = json.loads(capsys.readouterr().out)
    (result,) = doc["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "0001_%FF.sql"
    )


def test_an_error_line_quotes_only_an_excerpt(monorepo, capsys) -> None:
    from hooks.guard_atlas_config import main as atlas_main

    body = "x" * 100_000
    monorepo.stage("packages/database/atlas.hcl", f'env "local" {{\n  src = <<EOT\n{body}\n')
    assert atlas_main(["packages/database/atlas.hcl"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert len(err) < 1000
    assert "packages/database/atlas.hcl" in err


def _drop_object(repo, spec: str) -> str:
    """Delete one loose object, as a partial or damaged clone lacks it."""
    sha = subprocess.run(
        ["git", "rev-parse", spec], cwd=repo.path, capture_output=True, text=True, check=True
    ).stdout.strip()
    (repo.path / ".git" / "objects" / sha[:2] / sha[2:]).unlink()
    return sha


def test_a_missing_blob_no_guard_reads_does_not_stop_a_range_check(repo, capsys) -> None:
    """Not shallow, one unrelated blob missing (a rename's old side): the changed paths are
    read from the trees and the guards still check what they need (issue 24)."""
    repo.write("notes/old.txt", "".join(f"{i}\n" for i in range(200)))
    repo.add()
    repo.commit("A")
    (repo.path / "notes" / "old.txt").unlink()
    repo.write("notes/new.txt", "".join(f"{i}\n" for i in range(199)) + "x\n")
    repo.write("scripts/deploy.sh", "#!/bin/sh\nnpx drizzle-kit push\n")
    repo.add()
    repo.commit("B")
    _drop_object(repo, "HEAD~1:notes/old.txt")
    assert main(["check", "--from-ref", "HEAD~1", "--to-ref", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert 'scripts/deploy.sh:2:1: AF301 runs "drizzle-kit push"' in out


def test_a_missing_tree_in_a_full_clone_is_named_not_blamed_on_shallow_history(
    repo, capsys
) -> None:
    repo.write("d/a.txt", "a\n")
    repo.add()
    repo.commit("A")
    repo.write("d/b.txt", "b\n")
    repo.add()
    repo.commit("B")
    sha = _drop_object(repo, "HEAD:d")
    assert main(["check", "--from-ref", "HEAD~1", "--to-ref", "HEAD"]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert f"not shallow, so it is partial or damaged (object {sha} is missing)" in line
    assert "fetch more history" not in line


@pytest.mark.parametrize(
    "tsconfig",
    [
        "[" * 100_000,  # deeper than json reads
        '{"compilerOptions": {"outDir": 5, "rootDir": null, "paths": {"@/*": [null], "*": 7}}}',
        '{"compilerOptions": {"outDir": "../../../..", "rootDir": "/"}, "include": [3]}',
        '{"compilerOptions": {"baseUrl": "\\u0000", "paths": {"@/*": ["./*/*/*"]}}}',
        "\ufeff{ /* unclosed",
    ],
)
def test_hostile_files_around_a_migrator_only_lose_the_run_sites(repo, capsys, tsconfig) -> None:
    """AF401 stands whatever the files its run-site search reads hold; they never stop it."""
    from hooks.cli import main as cli

    repo.write("tsconfig.json", tsconfig)
    repo.write("package.json", '{"scripts": {"m": "tsx src/m.ts", "x": "pnpm m"}, "name": 1}')
    repo.write("src/m.ts", 'import { migrate } from "drizzle-orm/pg-core/migrator";\n')
    repo.write("src/a.ts", 'import "@/m";\nimport "' + "../" * 500 + 'm";\n')
    repo.write("Dockerfile", "CMD node " + "../" * 500 + "dist/m.js\n")
    repo.add()
    repo.commit("hostile neighbours")
    assert cli(["check", "--all-files"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "src/m.ts:1:25: AF401 imports Drizzle's migrator" in out
    assert 'run by package.json:1 "m", package.json:1 "x"' in out


@pytest.mark.parametrize(
    "atlas",
    [
        'variable "v" {\n  default = ' + "[" * 3000 + '"file://schema.sql"' + "]" * 3000 + "\n}\n"
        'env "x" {\n  src = var.v\n  dev = "sqlite://dev.db"\n}\n',
        "".join(f"locals {{\n  l{n} = local.l{n + 1}\n}}\n" for n in range(2000))
        + 'env "x" {\n  src = local.l0\n  dev = "sqlite://dev.db"\n}\n',
        'env "x" {\n  src = "file://schema.sql"\n  dev = "' + "sqlite" * 20_000 + '://x"\n}\n',
    ],
    ids=["src-nested-3000-deep", "locals-chained-2000-long", "a-100k-driver-name"],
)
def test_the_schema_lints_reading_of_atlas_files_survives_hostile_ones(repo, capsys, atlas) -> None:
    """The schema lint reads every Atlas file once it finds something (which database the
    source is applied to): no traceback, and a value too deep to follow is no evidence."""
    repo.stage(".atlas-first.toml", 'sources = ["db/schema.sql"]\n')
    repo.stage("db/atlas.hcl", atlas)
    repo.stage("db/schema.sql", "CREATE TABLE t (id int,,);\n")
    code = main(["check", "--format", "json"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    doc = json.loads(captured.out)
    assert code in (1, 2)
    assert "AF601" in {v["code"] for v in doc["violations"]}  # not set aside on no evidence


@given(text=st.text(max_size=300))
def test_any_artefact_text_is_judged_without_raising(text) -> None:
    """Issue 36's reader of Drizzle's artefacts: any content, any journal, a verdict."""
    from hooks.drizzle.artefacts import is_migration
    from hooks.drizzle.artefacts import journal_tags

    for path in ("a/0001_x.sql", "a/20261206043046_x/migration.sql", "a/meta/_journal.json",
                 "a/20261206043046_x/snapshot.json", "a/dump.sql"):  # fmt: skip
        files = {path: text.encode(), "a/meta/_journal.json": text.encode(),
                 "a/20261206043046_x/snapshot.json": text.encode()}  # fmt: skip
        verdict = is_migration(
            path,
            exists=files.__contains__,
            head=files.get,
            journal_tags=lambda _folder: journal_tags(text),
            configured=len(text) % 2 == 0,
        )
        assert verdict in (True, False)


@given(spec=st.text(max_size=80))
def test_any_dependency_range_is_placed_or_noted(spec) -> None:
    from hooks.drizzle.versions import LINES
    from hooks.drizzle.versions import lines_allowed

    found, note = lines_allowed(spec)
    assert found
    assert all(line in LINES for line in found)
    assert note is None or note.startswith("drizzle-kit ")


def test_the_artefact_reader_reads_a_huge_sql_file_once_by_its_head(monorepo, capsys) -> None:
    """A 20 MB .sql with generate's mark past its first 64 KiB is judged by its head."""
    big = b"SELECT 1;\n" * 2_000_000 + b"--> statement-breakpoint\n"
    (monorepo.path / "dumps").mkdir()
    (monorepo.path / "dumps/big.sql").write_bytes(big)
    monorepo.add()
    from hooks.forbid_new_migrations import main as migrations_main

    assert migrations_main(["dumps/big.sql"]) == 0
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("[" * 100_000 + '"npx drizzle-kit push"', 0, id="json-nested-100000-deep"),
        pytest.param(
            '{"image": "x", "command": "npx drizzle-kit push", "v": ['
            + ",".join(['{"a": [1]}'] * 3000)
            + "]}",
            1,
            id="json-of-3000-objects",
        ),
        pytest.param('{"command": "' + "drizzle " * 200_000 + '"}', 0, id="json-a-huge-string"),
        pytest.param(
            '{"image": "x", "command": "npx \\ud83d drizzle-kit push"}', 1, id="lone-surrogate"
        ),
    ],
)
def test_hostile_json_read_by_content_is_never_a_traceback(
    monorepo, capsys, text, expected
) -> None:
    """A JSON file no carrier claims by name is read by the JSON reader first (issue 42):
    nesting past any stack, thousands of objects, a huge string, an escape YAML refuses."""
    monorepo.write("deploy/task.json", text)
    monorepo.add()
    monorepo.commit("a hostile JSON file")
    assert scripts_main(["deploy/task.json"]) == expected
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if expected:
        assert "deploy/task.json:1:" in captured.out
