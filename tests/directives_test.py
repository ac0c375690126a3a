"""AF301/AF303 exemptions that a reviewer can read (issue 24): an inline directive in every
carrier that has comments, `[[allow-drizzle-kit-script]]` for package.json scripts, and a
warning (AF304) for one that allows nothing. Never a blanket switch."""

from __future__ import annotations

import json

import pytest

from hooks.cli import main as cli
from hooks.report.directives import directives

REASON = "pushes the TypeScript schema into the throwaway CI test database"
PUSH = "npx drizzle-kit push --config=drizzle.config.test.ts --force"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"# atlas-first: allow AF301 {REASON}\n", [("AF301", REASON, 1, 3, 2)]),
        ("    # atlas-first:allow AF301 x\n", [("AF301", "x", 1, 7, 2)]),
        (f"run {PUSH}  # atlas-first: allow AF301 same line\n", [("AF301", "same line", 1, 69, 1)]),
        ("// atlas-first: allow AF303 test setup\n", [("AF303", "test setup", 1, 4, 2)]),
        ("/* atlas-first: allow AF303 in a block */\n", [("AF303", "in a block", 1, 4, 2)]),
        ("<!-- atlas-first: allow AF301 xml -->\n", [("AF301", "xml", 1, 6, 2)]),
        ("; atlas-first: allow AF301 supervisord\n", [("AF301", "supervisord", 1, 3, 2)]),
        ("REM atlas-first: allow AF301 batch\n", [("AF301", "batch", 1, 5, 2)]),
        ("# atlas-first: allow AF301\n", [("AF301", "", 1, 3, 2)]),  # no reason: found, invalid
        ("# atlas-first: allow\n", [("", "", 1, 3, 2)]),
        # Not in a comment: an argument or a string allows nothing.
        ('echo "atlas-first: allow AF301 x"\n', []),
        ("run: atlas-first: allow AF301 x\n", []),
        ("# see atlas-first: allow AF301 in the docs\n", []),
        ("nothing here\n", []),
        # Quoted in prose: an example of a directive, not one (init's own config, issue 38).
        ("# write `# atlas-first: allow AF301 <reason>` above it\n", []),
        ('# e.g. "// atlas-first: allow AF303 why"\n', []),
        ("# `atlas-first: allow AF301 x`\n", []),
    ],
)
def test_directives_are_read_only_from_comments(text, expected) -> None:
    assert [(d.code, d.reason, d.line, d.col, d.reaches) for d in directives(text)] == expected


WORKFLOW = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"

# (path, text with {allow} where the directive goes, the finding it would have been)
CARRIERS = [
    pytest.param(
        ".github/workflows/test.yml",
        WORKFLOW + "      {allow}\n      - run: " + PUSH + "\n",
        "7:14 AF301",
        id="workflow-step",
    ),
    pytest.param(
        ".github/workflows/test.yml",
        WORKFLOW
        + "      - run: |\n          pnpm build\n          {allow}\n          "
        + PUSH
        + "\n",
        "9:11 AF301",
        id="workflow-run-block",
    ),
    pytest.param(
        ".gitlab-ci.yml",
        "test:\n  script:\n    {allow}\n    - " + PUSH + "\n",
        "4:7 AF301",
        id="gitlab",
    ),
    pytest.param(
        "Dockerfile", "FROM node:22\n{allow}\nRUN " + PUSH + "\n", "3:5 AF301", id="dockerfile"
    ),
    pytest.param(
        "scripts/test-db.sh", "#!/bin/sh\nset -e\n{allow}\n" + PUSH + "\n", "4:1 AF301", id="shell"
    ),
    pytest.param("scripts/test-db.ps1", "{allow}\n" + PUSH + "\n", "2:1 AF301", id="powershell"),
    pytest.param("Makefile", "test-db:\n\t{allow}\n\t" + PUSH + "\n", "3:2 AF301", id="makefile"),
    pytest.param(
        "compose.test.yaml",
        "services:\n  migrate:\n    image: app\n    {allow}\n    command: " + PUSH + "\n",
        "5:14 AF301",
        id="compose",
    ),
    pytest.param(
        "Jenkinsfile",
        "pipeline { agent any\n  stages { stage('t') { steps {\n    {allow}\n    sh '"
        + PUSH
        + "'\n  } } }\n}\n",
        "4:9 AF301",
        id="jenkinsfile",
    ),
    pytest.param(
        "deploy/supervisord.conf",
        "[program:testdb]\n{allow}\ncommand=" + PUSH + "\n",
        "3:9 AF301",
        id="supervisord",
    ),
    pytest.param(
        "test/setup.ts",
        'import { execSync } from "node:child_process";\n{allow}\nexecSync("' + PUSH + '");\n',
        "3:10 AF303",
        id="code-shells-out",
    ),
]


def _marker(path: str) -> str:
    if path.endswith(".ts") or path == "Jenkinsfile":
        return "//"
    return ";" if path.endswith(".conf") else "#"


def _commit(repo, path: str, text: str) -> None:
    repo.write(".atlas-first.toml", "sources = []\ngenerated = []\nmigrations = []\n")
    repo.write(path, text)
    repo.add()
    repo.commit("a throwaway test database")


@pytest.mark.parametrize(("path", "text", "finding"), CARRIERS)
def test_a_directive_above_the_command_allows_it(repo, capsys, path, text, finding) -> None:
    code = finding.split()[1]
    _commit(
        repo, path, text.replace("{allow}", f"{_marker(path)} atlas-first: allow {code} {REASON}")
    )
    assert cli(["check", "--all-files"]) == 0, capsys.readouterr().out
    assert "AF30" not in capsys.readouterr().out


@pytest.mark.parametrize(("path", "text", "finding"), CARRIERS)
def test_without_the_directive_the_command_is_blocked(repo, capsys, path, text, finding) -> None:
    _commit(repo, path, text.replace("{allow}", f"{_marker(path)} an ordinary comment"))
    assert cli(["check", "--all-files"]) == 1
    assert f"{path}:{finding.replace(' ', ': ', 1)}" in capsys.readouterr().out


@pytest.mark.parametrize(("path", "text", "finding"), CARRIERS)
def test_a_directive_two_lines_above_allows_nothing_and_warns(
    repo, capsys, path, text, finding
) -> None:
    code = finding.split()[1]
    marker = _marker(path)
    allow = f"{marker} atlas-first: allow {code} {REASON}\n{marker} and another comment"
    indent = text.split("{allow}")[0].rsplit("\n", 1)[-1]
    _commit(repo, path, text.replace("{allow}", allow.replace("\n", "\n" + indent)))
    assert cli(["check", "--all-files"]) == 1
    out = capsys.readouterr().out
    assert f": {code} " in out  # still blocked
    assert f"AF304 (warning) allow directive for {code}: the next line runs no banned" in out


@pytest.mark.parametrize(
    ("directive", "warning"),
    [
        (
            "# atlas-first: allow AF301",
            "allow directive for AF301 gives no reason, so it allows nothing",
        ),
        (
            "# atlas-first: allow AF302 quoting is fine",
            "allow directive names AF302, which cannot be allowed here",
        ),
        ("# atlas-first: allow because", "allow directive names no code"),
    ],
)
def test_an_invalid_directive_allows_nothing_and_says_why(repo, capsys, directive, warning) -> None:
    _commit(repo, "scripts/db.sh", f"#!/bin/sh\n{directive}\n{PUSH}\n")
    assert cli(["check", "--all-files"]) == 1
    out = capsys.readouterr().out
    assert "scripts/db.sh:3:1: AF301 runs" in out
    assert f"scripts/db.sh:2:3: AF304 (warning) {warning}" in out


def test_a_stale_directive_alone_is_a_warning_that_does_not_block(repo, capsys) -> None:
    _commit(
        repo,
        "scripts/db.sh",
        f"#!/bin/sh\n# atlas-first: allow AF301 {REASON}\nnpx drizzle-kit pull\n",
    )
    assert cli(["check", "--all-files"]) == 0
    assert "scripts/db.sh:2:3: AF304 (warning) allow directive for AF301" in capsys.readouterr().out


def test_one_directive_allows_one_command(repo, capsys) -> None:
    _commit(
        repo, "scripts/db.sh", f"#!/bin/sh\n# atlas-first: allow AF301 {REASON}\n{PUSH}\n{PUSH}\n"
    )
    assert cli(["check", "--all-files"]) == 1
    out = capsys.readouterr().out
    assert "scripts/db.sh:4:1: AF301" in out
    assert "scripts/db.sh:3:1" not in out


def _package(repo, allowances: str, scripts: dict[str, str]) -> None:
    repo.write(".atlas-first.toml", "sources = []\ngenerated = []\nmigrations = []\n" + allowances)
    repo.write(
        "apps/api/package.json", json.dumps({"name": "api", "scripts": scripts}, indent=2) + "\n"
    )
    repo.add()
    repo.commit("package scripts")


ALLOW_TEST_DB = f'[[allow-drizzle-kit-script]]\nfile = "apps/api/package.json"\nscript = "test:db"\nreason = "{REASON}"\n'


def test_a_config_entry_allows_one_package_script(repo, capsys) -> None:
    _package(
        repo,
        ALLOW_TEST_DB,
        {"test:db": PUSH, "test": "pnpm test:db && vitest", "db:push": "drizzle-kit push"},
    )
    assert cli(["check", "--all-files"]) == 1
    out = capsys.readouterr().out
    assert 'apps/api/package.json:6:5: AF301 script "db:push" runs "drizzle-kit push"' in out
    assert '"test:db"' not in out
    assert '"test"' not in out
    assert "AF304" not in out


def test_without_the_entry_the_package_script_is_blocked(repo, capsys) -> None:
    _package(repo, "", {"test:db": PUSH})
    assert cli(["check", "--all-files"]) == 1
    assert 'AF301 script "test:db" runs "drizzle-kit push' in capsys.readouterr().out


def test_an_entry_is_for_its_own_file_only(repo, capsys) -> None:
    _package(repo, ALLOW_TEST_DB.replace("apps/api/", "apps/web/"), {"test:db": PUSH})
    assert cli(["check", "--all-files"]) == 1
    assert 'apps/api/package.json:4:5: AF301 script "test:db"' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("scripts", "what", "where"),
    [
        ({"test": "vitest"}, "is not in this package.json", ""),
        ({"test:db": "drizzle-kit pull"}, "runs no banned drizzle-kit command", ":4:5"),
    ],
)
def test_an_entry_that_allows_nothing_is_a_warning(repo, capsys, scripts, what, where) -> None:
    _package(repo, ALLOW_TEST_DB, scripts)
    assert cli(["check", "--all-files"]) == 0
    out = capsys.readouterr().out
    assert (
        f'apps/api/package.json{where}: AF304 (warning) [[allow-drizzle-kit-script]] allows script "test:db", which {what}'
        in out
    )


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        (
            'file = "apps/api/package.json"\nscript = "test:db"\n',
            "'reason' is required (why it is allowed, for the reviewer)",
        ),
        (
            'file = "apps/api/package.json"\nscript = "test:db"\nreason = "  "\n',
            "'reason' is required",
        ),
        ('script = "test:db"\nreason = "x"\n', "'file' is required"),
        ('file = "a"\nscript = "b"\nreason = "c"\nscripts = ["x"]\n', "unknown key 'scripts'"),
    ],
)
def test_a_malformed_entry_is_a_config_error(repo, capsys, entry, error) -> None:
    _package(repo, "[[allow-drizzle-kit-script]]\n" + entry, {"test:db": PUSH})
    assert cli(["check", "--all-files"]) == 2
    err = capsys.readouterr().err
    assert error in err
    assert len(err.strip().splitlines()) == 1


def test_exemptions_agree_in_staged_range_and_every_format(repo, capsys) -> None:
    """One promise, one verdict: the same change checked staged, as a range and whole, in
    text and JSON, allows and warns alike."""
    repo.commit("root")
    repo.write(
        ".atlas-first.toml", "sources = []\ngenerated = []\nmigrations = []\n" + ALLOW_TEST_DB
    )
    repo.write(
        "apps/api/package.json", json.dumps({"scripts": {"test:db": PUSH, "x": "drizzle-kit up"}})
    )
    repo.write(
        "scripts/db.sh",
        f"#!/bin/sh\n# atlas-first: allow AF301 {REASON}\n{PUSH}\n# atlas-first: allow AF301 stale\necho\n",
    )
    repo.add()

    def codes(*args: str) -> list[str]:
        assert cli(["check", *args, "--format", "json"]) == 1
        doc = json.loads(capsys.readouterr().out)
        return sorted(f"{v['path']}:{v['line']} {v['code']}" for v in doc["violations"])

    staged = codes()
    repo.commit("the change")
    assert staged == codes("--from-ref", "HEAD^", "--to-ref", "HEAD") == codes("--all-files")
    assert staged == ["apps/api/package.json:1 AF301", "scripts/db.sh:4 AF304"]


def test_the_example_init_writes_is_a_valid_entry_once_uncommented() -> None:
    from hooks.project.config import Config
    from hooks.project.config import validate
    from hooks.project.config_files import _parse_toml_bytes
    from hooks.project.layout import detect_layout
    from hooks.setup.init import render_config

    text, _ = render_config(detect_layout([], lambda path: None), [])
    tail = text[text.index("# [[allow-drizzle-kit-script]]") :]
    uncommented = text.replace(tail, "".join(line[2:] + "\n" for line in tail.splitlines()))
    config = Config(validate(_parse_toml_bytes(uncommented.encode(), "init"), "init"), "init")
    assert config.allowed_scripts("apps/api/package.json") == {
        "test:db": "pushes the TS schema into the throwaway CI test database"
    }
    assert config.allowed_scripts("package.json") == {}
