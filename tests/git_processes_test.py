"""What a commit costs in git processes (issue 25), and the shortcuts that save them keep
the same answer: HEAD read from the git directory's files, the layout's evidence remembered
by HEAD with the staged change applied, staged content told from the work tree by blob id."""

from __future__ import annotations

import pytest

from hooks.cli import main as cli_main
from hooks.project.layout import EVIDENCE_PATHSPECS
from hooks.project.layout import EVIDENCE_PATTERNS
from hooks.project.layout import is_evidence
from hooks.project.layout import list_evidence
from hooks.repo.changes import read_change_set
from hooks.repo.memo import memo_load
from hooks.repo.repository import Repo
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tests.conftest import GitRepo


@pytest.fixture
def private_memo(tmp_path, monkeypatch):
    """A memo folder of this test's own."""
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))


def _git_runs(monkeypatch, tmp_path, run) -> list[str]:
    """The git commands `run()` starts (GIT_TRACE), by subcommand."""
    trace = tmp_path / "trace.txt"
    trace.unlink(missing_ok=True)
    monkeypatch.setenv("GIT_TRACE", str(trace))
    try:
        run()
    finally:
        monkeypatch.delenv("GIT_TRACE")
    lines = trace.read_text().splitlines() if trace.exists() else []
    found = []
    for line in lines:
        if "built-in: git" in line:
            words = line.split("built-in: git", 1)[1].split()
            found.append(next(w for w in words if not w.startswith("-") and "=" not in w))
    return found


# --- HEAD without a process -------------------------------------------------------------


def test_head_commit_is_read_from_the_git_directory_as_git_reads_it(repo, tmp_path) -> None:
    assert Repo.discover().head_commit() is None  # unborn: no commit yet
    repo.stage("a.txt")
    first = repo.commit("one")
    assert Repo.discover().head_commit() == first  # a loose ref
    repo.git("pack-refs", "--all")
    assert not list((repo.path / ".git/refs/heads").iterdir())  # only packed-refs has it
    assert Repo.discover().head_commit() == first  # a packed ref
    repo.stage("b.txt")
    second = repo.commit("two")
    assert Repo.discover().head_commit() == second  # loose again, beside the packed one
    repo.git("checkout", "-q", "--detach", first)
    assert Repo.discover().head_commit() == first  # detached
    repo.git("checkout", "-q", "-")
    worktree = tmp_path / "wt"
    repo.git("worktree", "add", "-q", "--detach", str(worktree), first)
    assert Repo(str(worktree), str(worktree)).head_commit() == first  # a linked worktree


def test_head_commit_is_not_guessed_when_git_is_redirected(repo, monkeypatch) -> None:
    repo.stage("a.txt")
    repo.commit("one")
    monkeypatch.setenv("GIT_DIR", str(repo.path / ".git"))
    assert Repo.discover().head_commit() is None


# --- the layout's evidence --------------------------------------------------------------

PATHS = [
    "drizzle.config.ts",
    "apps/web/drizzle.config.prod.mjs",
    "db/drizzle/x.config",
    "x.config.drizzle",
    "drizzleconfig.ts",
    "package.json",
    "apps/api/package.json",
    "apps/api/package.json.bak",
    "my-package.json",
    "db/migrations/meta/_journal.json",
    "db/meta/_journal.json.orig",
    "src/db/schema.ts",
    "src/db/myschema.ts",
    "src/db/schema.tsx",
    "src/db/relations.ts",
    "packages/database/schema.sql",
    "packages/database/schema.sql.orig",
    "atlas.hcl",
    "db/prod.atlas.hcl",
    "db/atlas.hcl.example",
    "README.md",
]


def test_is_evidence_agrees_with_git_pathspecs(repo) -> None:
    for path in PATHS:
        repo.write(path)
    repo.add()
    listed = repo.git("ls-files", "--", *EVIDENCE_PATHSPECS).split()
    assert sorted(listed) == sorted(p for p in PATHS if is_evidence(p))
    assert "README.md" not in listed  # the table has both kinds
    assert "drizzle.config.ts" in listed


def _edit(name: str, repo: GitRepo) -> None:
    if name == "add-a-source":
        repo.stage("db/schema.sql", "CREATE TABLE t (id int);\n")
    elif name == "delete-a-config":
        repo.git("rm", "-q", "apps/web/drizzle.config.prod.mjs")
    elif name == "rename-a-journal":
        (repo.path / "db/out/meta").mkdir(parents=True)
        repo.git("mv", "db/migrations/meta/_journal.json", "db/out/meta/_journal.json")
    elif name == "copy-a-package":
        repo.stage("apps/copy/package.json", (repo.path / "apps/api/package.json").read_text())
    elif name == "rename-out-of-evidence":
        repo.git("mv", "src/db/schema.ts", "src/db/tables.ts")
    elif name == "nothing-relevant":
        repo.stage("README.md", "changed\n")
    elif name == "intent-to-add-a-source":  # listed by ls-files, not shown by `diff --cached`
        repo.write("db/later/schema.sql", "CREATE TABLE t (id int);\n")
        repo.git("add", "-N", "db/later/schema.sql")
    elif name == "delete-and-re-add-elsewhere":
        repo.git("rm", "-q", "--cached", "apps/web/drizzle.config.prod.mjs")
        repo.stage("apps/web2/drizzle.config.prod.mjs", "prod\n")


@pytest.mark.parametrize(
    "edit",
    [
        "add-a-source",
        "delete-a-config",
        "rename-a-journal",
        "copy-a-package",
        "rename-out-of-evidence",
        "nothing-relevant",
        "intent-to-add-a-source",
        "delete-and-re-add-elsewhere",
    ],
)
def test_remembered_evidence_with_the_staged_change_is_what_git_lists(
    repo, private_memo, edit
) -> None:
    for path in PATHS:
        repo.write(path, f"{path}\n")
    repo.add()
    repo.commit("evidence")
    _edit(edit, repo)
    git_repo = Repo.discover()

    def changes():
        return read_change_set(git_repo, None, None)

    truth = sorted(repo.git("ls-files", "--", *EVIDENCE_PATHSPECS).split())
    at_head = sorted(p for p in repo.git("ls-tree", "-r", "--name-only", "HEAD").split())
    key = "\0".join((repo.head(), *EVIDENCE_PATTERNS)).encode()
    assert memo_load(b"evidence", key) is None
    cold = list_evidence(git_repo, changes)()  # lists with git, and derives HEAD's from it
    remembered = memo_load(b"evidence", key)
    if edit == "intent-to-add-a-source":
        assert remembered is None  # its empty blob could be a real empty file: not guessed
    else:
        assert remembered == [p for p in at_head if is_evidence(p)]
    warm = list_evidence(git_repo, changes)()  # HEAD's, with the staged change applied
    assert cold == truth
    assert warm == truth
    assert list_evidence(git_repo, None)() == truth  # a range or --all-files: git lists


def test_a_staged_check_costs_one_git_process_once_head_is_known(
    repo, private_memo, monkeypatch, tmp_path, capsys
) -> None:
    repo.stage("packages/database/schema.sql", "CREATE TABLE t (id int);\n")
    repo.stage("packages/database/migrations/meta/_journal.json", '{"entries": []}\n')
    repo.commit("layout")
    repo.stage("src/app.ts", "export const a = 1;\n")
    repo.stage("package.json", '{"scripts": {"test": "vitest"}}\n')
    first = _git_runs(monkeypatch, tmp_path, lambda: cli_main(["check"]))
    assert sorted(first) == ["diff", "ls-files"]  # HEAD's evidence: derived and remembered
    second = _git_runs(monkeypatch, tmp_path, lambda: cli_main(["check"]))
    assert second == ["diff"]  # the change set, with blob ids: nothing else to ask
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert _git_runs(
        monkeypatch, tmp_path, lambda: cli_main(["hook", "src/app.ts", "package.json"])
    ) == ["diff"]
    monkeypatch.delenv("PRE_COMMIT")
    (repo.path / "src/app.ts").write_text("export const a = 2;\n")  # an unstaged edit
    third = _git_runs(monkeypatch, tmp_path, lambda: cli_main(["check"]))
    assert third == ["diff", "cat-file"]  # the staged content, read from git
    capsys.readouterr()


def test_staged_content_is_checked_not_the_unstaged_edit(repo, private_memo, capsys) -> None:
    repo.stage("README.md")
    repo.commit("start")
    push = '{"scripts": {"db": "drizzle-kit push"}}\n'
    repo.stage("package.json", push)
    (repo.path / "package.json").write_text('{"scripts": {}}\n')  # unstaged: hides the push
    assert cli_main(["check"]) == 1
    assert "AF301" in capsys.readouterr().out
    repo.stage("package.json", '{"scripts": {}}\n')
    (repo.path / "package.json").write_text(push)  # unstaged: not what is committed
    assert cli_main(["check"]) == 0, capsys.readouterr().out


def test_a_work_tree_copy_with_other_line_endings_is_read_from_git(repo, private_memo, capsys):
    repo.stage("README.md")
    repo.commit("start")
    repo.git("config", "core.autocrlf", "true")
    repo.stage("package.json", '{"scripts": {"db": "drizzle-kit push"}}\r\n')
    assert cli_main(["check"]) == 1  # the blob (LF) differs from the file (CRLF): from git
    assert "AF301" in capsys.readouterr().out


@pytest.mark.parametrize(
    "name",
    [
        "a/b.ts",
        "a",
        "a.b/c",
        "x:y",
        "a/.b",
        "./a",
        "a/./b",
        "a//b",
        "a/",
        "a/..",
        "é/ü.ts",
        "a b/c",
        ".github/workflows/ci.yml",
        "a/b/../c",
        "a\\b",
    ],
)
def test_a_runner_path_maps_as_normpath_would(repo, name) -> None:
    """The fast path for names as git lists them gives what the full mapping gives."""
    import posixpath

    found = Repo.discover().to_repo_path(name)
    assert found == posixpath.normpath(name.replace("\\", "/"))


# --- the commit that edits schema.sql ---------------------------------------------------

SQL = "packages/database/schema.sql"
PULL = "packages/database/src/schema/schema.ts"
BIG = "".join(
    f"CREATE TABLE t{n} (id bigint PRIMARY KEY, name text NOT NULL);\n" for n in range(80)
)
PULLED = 'import { pgTable } from "drizzle-orm/pg-core";\n'


def _schema_repo(repo: GitRepo) -> None:
    repo.stage(SQL, BIG)
    repo.stage(PULL, PULLED)
    repo.stage("packages/database/drizzle.config.ts", 'export default { out: "./src/schema" };\n')
    repo.stage("packages/database/migrations/meta/_journal.json", '{"entries": []}\n')
    repo.stage("packages/database/other.sql", "CREATE TABLE other (id int);\n")
    repo.commit("schema")


def _undo(name: str, repo: GitRepo) -> None:
    if name == "modify":
        repo.stage(SQL, BIG + "CREATE TABLE extra (id int);\n")
    elif name == "add":
        repo.stage("packages/database/billing.sql", "CREATE TABLE b (id int);\n")
    elif name == "delete":
        repo.git("rm", "-q", "packages/database/other.sql")
    elif name == "rename":
        repo.git("mv", "packages/database/other.sql", "packages/database/renamed.sql")
    elif name == "rename-in-from-elsewhere":
        repo.stage("docs/moved.sql", "CREATE TABLE m (id int);\n")
        repo.commit("elsewhere")
        repo.git("mv", "docs/moved.sql", "packages/database/moved.sql")
    elif name == "copy":
        repo.stage("packages/database/copy.sql", BIG)
    elif name == "type-change-to-a-link":
        (repo.path / "packages/database/other.sql").unlink()
        (repo.path / "packages/database/other.sql").symlink_to("schema.sql")
        repo.add("packages/database/other.sql")
    elif name == "nothing-there":
        repo.stage("README.md", "changed\n")


@pytest.mark.parametrize(
    "edit",
    [
        "modify",
        "add",
        "delete",
        "rename",
        "rename-in-from-elsewhere",
        "copy",
        "type-change-to-a-link",
        "nothing-there",
    ],
)
def test_head_derived_from_the_index_listing_is_what_git_lists(repo, edit) -> None:
    from hooks.project.config import Config
    from hooks.project.config import validate
    from hooks.runner.hook import Context

    _schema_repo(repo)
    _undo(edit, repo)
    ctx = Context(Repo.discover(), Config(validate({}, "t"), "t"))
    folder = "packages/database"
    assert ctx.head_entries_under([folder]) is None  # nothing listed yet: not guessed
    ctx.repo.index_entries_under([folder])
    truth = ctx.repo.tree_entries("HEAD", [folder])
    assert ctx.head_entries_under([folder]) == truth
    assert ctx.head_entries_under(["docs"]) is None  # a path the listing did not cover


def test_head_is_not_derived_for_a_range_or_a_conflict(repo) -> None:
    from hooks.project.config import Config
    from hooks.project.config import validate
    from hooks.runner.hook import Context

    _schema_repo(repo)
    base = repo.head()
    repo.git("checkout", "-q", "-b", "side")
    repo.stage(SQL, BIG + "-- side\n")
    repo.commit("side")
    repo.git("checkout", "-q", "-")
    repo.stage(SQL, BIG + "-- main\n")
    repo.commit("main")
    ranged = Context(Repo.discover(), Config(validate({}, "t"), "t"), from_ref=base, to_ref="HEAD")
    ranged.repo.index_entries_under(["packages/database"])
    assert ranged.head_entries_under(["packages/database"]) is None
    repo.git("merge", "-q", "side", check=False)  # a conflict: the change is unmerged
    staged = Context(Repo.discover(), Config(validate({}, "t"), "t"))
    with pytest.raises(ToolError, match="unresolved merge conflict"):  # nothing to derive
        staged.repo.index_entries_under(["packages/database"])
    assert staged.head_entries_under(["packages/database"]) is None


def test_a_schema_commit_costs_two_git_processes_once_its_old_side_is_remembered(
    repo, private_memo, monkeypatch, tmp_path, capsys
) -> None:
    _schema_repo(repo)
    repo.stage(SQL, BIG + "CREATE TABLE extra (id int);\n")
    first = _git_runs(monkeypatch, tmp_path, lambda: cli_main(["check"]))
    assert "cat-file" in first  # HEAD's schema.sql, read from git once and remembered
    assert "ls-tree" not in first  # HEAD's evidence and sources: derived from the index
    out = capsys.readouterr().out
    second = _git_runs(monkeypatch, tmp_path, lambda: cli_main(["check"]))
    assert sorted(second) == ["diff", "ls-files"]
    assert capsys.readouterr().out == out  # the same verdict from the memo folder
    repo.commit("extra")
    repo.stage(SQL, BIG)  # drops the table just added: its old side is the last new side
    third = _git_runs(monkeypatch, tmp_path, lambda: cli_main(["check"]))
    # A new HEAD: its evidence, listed; and, once the lint finds something, the Atlas files
    # (which database the source is applied to).
    assert sorted(third) == ["diff", "ls-files", "ls-files", "ls-files"]
    assert "AF6" in capsys.readouterr().out  # the drop is still seen


def test_an_unstaged_edit_of_the_pull_is_seen_through_the_listing(
    repo, private_memo, monkeypatch, tmp_path, capsys
) -> None:
    _schema_repo(repo)
    repo.stage(SQL, BIG + "CREATE TABLE extra (id int);\n")
    runs = _git_runs(monkeypatch, tmp_path, lambda: cli_main(["check"]))
    assert runs.count("diff") == 1  # no `diff --name-only` for the pull
    staged_verdict = capsys.readouterr().out
    (repo.path / PULL).write_text(PULLED + "// an unstaged edit\n")
    assert cli_main(["check"]) == (1 if staged_verdict else 0)
    assert capsys.readouterr().out == staged_verdict  # the staged pull, not the edit


def test_a_converted_work_tree_copy_is_not_remembered_as_the_blob(repo, private_memo) -> None:
    from hooks.repo.blobs import remember_blobs

    repo.stage(SQL, BIG)
    oid = repo.git("rev-parse", f":{SQL}").strip()
    git_repo = Repo.discover()
    remember_blobs({oid: BIG.replace("\n", "\r\n").encode()})  # not what git hashes to oid
    assert git_repo.read_blobs({SQL: oid}, remember=True) == {SQL: BIG.encode()}
    remember_blobs({oid: BIG.encode()})
    assert git_repo.read_blobs({SQL: oid}, remember=True) == {SQL: BIG.encode()}


# --- one listing of the whole index, fixed strings by git's fixed-string search ------------


def test_the_whole_index_is_listed_once_a_run(repo, monkeypatch, tmp_path) -> None:
    """`check --all-files` asks for every entry three times (the tree, the run sites, the
    callers): one `git ls-files` answers them all."""
    repo.stage("a.txt")
    repo.stage("b/c.txt")
    found = Repo.discover()

    def listings() -> None:
        assert sorted(found.index_entries()) == ["a.txt", "b/c.txt"]
        assert sorted(found.index_entries()) == ["a.txt", "b/c.txt"]
        assert sorted(found.index_entries(["a.txt"] * 400)) == ["a.txt"]  # (past the pathspecs)

    assert _git_runs(monkeypatch, tmp_path, listings) == ["ls-files"]


@pytest.mark.parametrize(
    ("ere", "literals"),
    [
        ("bun|deno|ts-node", ["bun", "deno", "ts-node"]),
        ("drizzle-kit", ["drizzle-kit"]),
        ("migrate", ["migrate"]),
        ("drizzle-orm[/\\].{0,160}migrator", None),
        ("a.b|c", None),
        ("x|", None),
        ("(bun|deno)", None),
        ("^bun", None),
    ],
)
def test_an_ere_of_literals_alone_is_searched_as_fixed_strings(ere, literals) -> None:
    from hooks.repo.repository import _literal_alternatives

    assert _literal_alternatives(ere) == literals


def test_a_search_for_literals_finds_what_the_ere_finds(repo) -> None:
    """The same files, whether git's regex engine or its fixed-string search reads them."""
    contents = {
        "run.sh": "bun run x\n", "deno.json": '{"x": "deno task"}\n', "none.txt": "bunny\n",
        "mid.ts": "const t = 'ts-node-dev'\n", "upper.txt": "BUN\n", "dash.txt": "ts-nod\n",
    }  # fmt: skip
    for name, text in contents.items():
        repo.stage(name, text)
    found = Repo.discover()
    fixed = found.grep_soon("bun|deno|ts-node")()
    regex = found.grep_soon("(bun|deno|ts-node)")()  # (a group: not literals alone)
    assert fixed == regex == {"run.sh", "deno.json", "none.txt", "mid.ts"}


# --- git fed on its stdin without the subprocess module ------------------------------------


def test_git_fed_on_its_stdin_answers_every_line_however_large(repo) -> None:
    """`cat-file --batch` answers each line while its stdin is still being written: fed and
    read at once, 2,000 requests (82 KB) and 9 MB of answers arrive whole."""
    from hooks.repo.git import run_git

    blobs = []
    for i in range(20):
        repo.stage(f"f{i}.txt", f"{i}\n" * 200_000 if i % 5 == 0 else f"{i}\n")
    for line in repo.git("ls-files", "-s").splitlines():
        blobs.append(line.split()[1])
    listing = "".join(f"{blobs[i % len(blobs)]}\n" for i in range(2000)).encode()
    out = run_git(["cat-file", "--batch"], input_data=listing)
    assert out.count(b" blob ") == 2000
    assert len(out) > 8_000_000


def test_git_that_stops_reading_its_stdin_is_a_tool_error_with_its_reason(repo) -> None:
    from hooks.repo.git import run_git

    with pytest.raises(ToolError, match="cat-file"):
        run_git(["cat-file", "--no-such-option"], input_data=b"x" * 1_000_000)


def test_git_fed_on_its_stdin_loads_no_subprocess_module(repo) -> None:
    """(subprocess costs a hook ~10 ms to import: a schema or Atlas change reads HEAD's
    version through `cat-file --batch`.)"""
    import subprocess
    import sys

    repo.stage("a.txt", "one\n")
    repo.commit()
    probe = (
        "import sys; from hooks.repo.repository import Repo; r = Repo.discover();"
        " print(r.read_blobs(r.tree_blobs('HEAD', ['a.txt'])), 'subprocess' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=repo.path
    ).stdout
    assert out.strip() == "{'a.txt': b'one\\n'} False"


@pytest.mark.parametrize(
    "text",
    [
        "0" * 40, "a" * 64, "0123456789abcdef" * 4, "", "0" * 39, "0" * 41, "0" * 63,
        "A" * 40, "g" * 40, "0" * 39 + " ", "ref: refs/heads/main", "0" * 20 + "\n" + "0" * 19,
    ],
)  # fmt: skip
def test_an_object_id_is_told_as_the_pattern_tells_it(text) -> None:
    """(HEAD's id is read from the git directory on every commit: without a pattern.)"""
    import re

    from hooks.repo.repository import _is_object_id

    expected = re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", text) is not None
    assert _is_object_id(text) is expected
