from __future__ import annotations

import pytest

from hooks.commands.js import module_specifiers
from hooks.forbid_drizzle_migrator import find_migrator_imports
from hooks.forbid_drizzle_migrator import is_migrator
from hooks.forbid_drizzle_migrator import main
from hooks.project.config import Config
from hooks.project.config import validate
from tests.conftest import symlink_or_skip

DRIVERS = [
    "node-postgres", "postgres-js", "neon-http", "neon-serverless", "pglite", "vercel-postgres",
    "xata-http", "pg-proxy", "aws-data-api/pg", "mysql2", "planetscale-serverless",
    "tidb-serverless", "mysql-proxy", "singlestore", "singlestore-proxy", "better-sqlite3",
    "bun-sqlite", "libsql", "d1", "durable-sqlite", "expo-sqlite", "op-sqlite", "sqlite-proxy",
    "sql-js", "gel", "bun-sql", "pg-core",
]  # fmt: skip


@pytest.mark.parametrize("driver", DRIVERS)
def test_every_driver_migrator_is_recognised(driver) -> None:
    assert is_migrator(f"drizzle-orm/{driver}/migrator")


@pytest.mark.parametrize(
    ("specifier", "expected"),
    [
        ("drizzle-orm/migrator", True),
        ("drizzle-orm/node-postgres/migrator.js", True),
        ("drizzle-orm/node-postgres", False),
        ("drizzle-orm", False),
        ("drizzle-orm/node-postgres/migrator/extra", False),
        ("my-drizzle-orm/node-postgres/migrator", False),
        ("./migrator", False),
        ("drizzle-kit", False),
    ],
)
def test_specifier_table(specifier, expected) -> None:
    assert is_migrator(specifier) is expected


def config() -> Config:
    return Config(validate({}, "t"), "t")


SOURCE_CASES = [
    ('import { migrate } from "drizzle-orm/node-postgres/migrator";', ["imports"]),
    ("import { migrate } from 'drizzle-orm/postgres-js/migrator'", ["imports"]),
    ('import * as m from "drizzle-orm/aws-data-api/pg/migrator";', ["imports"]),
    ('import "drizzle-orm/migrator";', ["imports"]),
    ('import type { MigrationConfig } from "drizzle-orm/migrator";', []),
    ('import type * as T from "drizzle-orm/migrator";', []),
    ('import type, { migrate } from "drizzle-orm/libsql/migrator";', ["imports"]),
    ('import { type MigrationConfig, migrate } from "drizzle-orm/d1/migrator";', ["imports"]),
    ('export { migrate } from "drizzle-orm/pglite/migrator";', ["re-exports"]),
    ('export * from "drizzle-orm/pglite/migrator";', ["re-exports"]),
    ('export type { MigrationConfig } from "drizzle-orm/migrator";', []),
    ('const { migrate } = require("drizzle-orm/better-sqlite3/migrator");', ["requires"]),
    ("import m = require('drizzle-orm/mysql2/migrator');", ["requires"]),
    ('const m = await import("drizzle-orm/neon-http/migrator");', ["dynamically imports"]),
    ("const m = await import(`drizzle-orm/neon-http/migrator`);", ["dynamically imports"]),
    ('// import { migrate } from "drizzle-orm/node-postgres/migrator";', []),
    ('/* require("drizzle-orm/node-postgres/migrator") */', []),
    ("/**\n * import { migrate } from 'drizzle-orm/node-postgres/migrator'\n */", []),
    ("const doc = \"import { migrate } from 'drizzle-orm/node-postgres/migrator'\";", []),
    ("const t = `see drizzle-orm/node-postgres/migrator`;", []),
    ('const re = /import x from "drizzle-orm\\/pg\\/migrator"/;', []),
    ('console.log("drizzle-orm/node-postgres/migrator");', []),
    ('obj.require("drizzle-orm/node-postgres/migrator");', []),
    ('import { drizzle } from "drizzle-orm/node-postgres";', []),
    ('const x = `${await import("drizzle-orm/pglite/migrator")}`;', ["dynamically imports"]),
    ('const a = b / 2; import { migrate } from "drizzle-orm/libsql/migrator";', ["imports"]),
]


@pytest.mark.parametrize(("source", "hows"), SOURCE_CASES)
def test_source_table(source, hows) -> None:
    found = find_migrator_imports("a.ts", source, config())
    assert [v.message.split(" Drizzle")[0] for v in found] == hows


def test_position_is_the_specifier() -> None:
    source = '\r\nimport { drizzle } from "drizzle-orm/node-postgres";\r\n  import {\r\n    migrate,\r\n  } from "drizzle-orm/node-postgres/migrator";\r\n'
    (violation,) = find_migrator_imports("src/db.ts", source, config())
    assert (violation.line, violation.col) == (5, 10)
    assert violation.format().startswith(
        'src/db.ts:5:10: AF401 imports Drizzle\'s migrator "drizzle-orm/node-postgres/migrator"'
    )


def test_hook_on_real_files(monorepo, capsys) -> None:
    monorepo.stage(
        "packages/database/src/migrate.ts",
        'import { migrate } from "drizzle-orm/node-postgres/migrator";\nawait migrate(db, {});\n',
    )
    monorepo.stage("apps/web/index.ts", 'import { db } from "@acme/database";\n')
    monorepo.stage("README.md", 'import { migrate } from "drizzle-orm/node-postgres/migrator"\n')
    files = ["packages/database/src/migrate.ts", "apps/web/index.ts", "README.md"]
    assert main(files) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("packages/database/src/migrate.ts:1:25: AF401")
    assert out[1].startswith("    remove the migrate() call; schema changes go through Atlas")
    assert len(out) == 2


def test_clean_files_pass(monorepo) -> None:
    monorepo.stage("a.ts", "export const migrator = 'drizzle-orm is great';\n")
    assert main(["a.ts"]) == 0


def test_undecodable_file_is_reported_as_unreadable(monorepo, capsys) -> None:
    path = monorepo.path / "bad.ts"
    path.write_bytes(b'import "drizzle-orm/pg/migrator"; \xff\xfe\xfa')
    assert main(["bad.ts"]) == 2
    assert "bad.ts: not UTF-8 text" in capsys.readouterr().err


def test_missing_file_is_skipped(monorepo) -> None:
    assert main(["gone.ts"]) == 0


def test_lexer_handles_unterminated_input() -> None:
    for source in ['import x from "drizzle-orm', "`${", "/* ", "a = /[/", "'"]:
        module_specifiers(source)


from hypothesis import given  # noqa: E402
from hypothesis import settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=400)
@given(
    st.text(
        alphabet=st.sampled_from(list("import{}()`$'\"/*\\ \nfromrequiretype;.,=")), max_size=120
    )
)
def test_lexer_never_raises_on_punctuation_soup(source) -> None:
    module_specifiers(source)


@settings(max_examples=200)
@given(prefix=st.sampled_from(["", "const a = 1;\n", "// c\n", "/* x */", "let r = /a\\/b/g;\n"]))
def test_import_is_found_after_any_harmless_prefix(prefix) -> None:
    source = prefix + 'import { migrate } from "drizzle-orm/libsql/migrator";'
    assert len(find_migrator_imports("a.ts", source, config())) == 1


@pytest.mark.parametrize(
    ("source", "lexed"),
    [
        ('import { migrate } from "drizzle-orm/libsql/migrator";', True),
        ('import { migrate } from "drizzle-orm\\/libsql\\/migrator";', True),
        ("import { migrate } from 'drizzle-orm/migrator'", True),
        ('import { drizzle } from "drizzle-orm"; // the migrator is banned', False),
        ("const migrator = 1;", False),
    ],
)
def test_prefilter_lets_every_specifier_through(source, lexed) -> None:
    from hooks.forbid_drizzle_migrator import mentions_a_runtime_path

    assert mentions_a_runtime_path(source.encode()) is lexed


def test_escaped_slashes_in_a_specifier_are_still_found() -> None:
    source = 'import { migrate } from "drizzle-orm\\/libsql\\/migrator";'
    assert len(find_migrator_imports("a.ts", source, config())) == 1


def test_all_files_mode_asks_git_grep_once(monorepo, tmp_path, capsys) -> None:

    from hooks.cli import main as cli

    monorepo.write("src/a.ts", 'const m = require("drizzle-orm/mysql2/migrator");\n')
    monorepo.write("src/b.ts", "// the migrator is banned\n")
    monorepo.write("src/c.ts", "const s = 'drizzle-orm\\\\/pg\\\\/migrator';\n")
    outside = tmp_path / "o.ts"
    outside.write_text("export {};\n")
    symlink_or_skip(outside, monorepo.path / "src" / "link.ts")
    monorepo.add()
    monorepo.commit("no-verify")
    assert cli(["check", "--all-files"]) == 1
    captured = capsys.readouterr()
    assert "src/a.ts:1:19: AF401 requires Drizzle's migrator" in captured.out
    assert "src/link.ts: a symbolic link to outside the repository; not read" in captured.out
    assert "src/c.ts" not in captured.out  # lexed (git grep let it through), but only a string


COMPONENTS = [
    ("src/pages/index.astro",
     '---\nimport { migrate } from "drizzle-orm/pglite/migrator";\nawait migrate(db, { migrationsFolder: "drizzle" });\n---\n<h1>Hi</h1>\n',
     ["2:25 AF401"]),
    ("src/lib/Db.svelte",
     '<script lang="ts">\n  import { migrate } from "drizzle-orm/libsql/migrator";\n</script>\n<p>{x}</p>\n',
     ["2:27 AF401"]),
    ("app/server/Setup.vue",
     '<template><p>db</p></template>\n<script setup lang="ts">\nconst { pushSchema } = await import("drizzle-kit/api-postgres");\n</script>\n',
     ["3:37 AF402"]),
    # the template is text a person reads; a type import runs nothing
    ("src/App.vue",
     '<script setup lang="ts">\nimport type { MigrationConfig } from "drizzle-orm/migrator";\n</script>\n'
     '<template><p>import x from "drizzle-orm/node-postgres/migrator"</p></template>\n',
     []),
    ("src/pages/docs.astro",
     '---\nconst title = "Docs";\n---\n<code>import { migrate } from "drizzle-orm/pg-core/async/dsql/migrator"</code>\n',
     []),
]  # fmt: skip


@pytest.mark.parametrize(("path", "text", "expected"), COMPONENTS, ids=[c[0] for c in COMPONENTS])
def test_components_run_their_script_blocks(monorepo, capsys, path, text, expected) -> None:
    """Vue, Svelte and Astro components run their script blocks (Astro's frontmatter) on the
    server: a migrator there is AF401; the template is words."""
    from hooks.forbid_drizzle_migrator import main as migrator_main

    monorepo.stage(path, text)
    code = migrator_main([path])
    out = capsys.readouterr().out
    found = [
        f"{ln.split(':')[1]}:{ln.split(':')[2]} {ln.split(': ')[1].split()[0]}"
        for ln in out.splitlines()
        if ": AF4" in ln
    ]
    assert found == expected, out
    assert code == (1 if expected else 0)


def test_the_byte_gate_before_the_mention_pattern_changes_no_answer() -> None:
    """A file without `drizzle-` is told by one byte search; every other is the pattern's:
    over mentions cut and joined at random, the answer is the pattern's alone."""
    import random
    import re

    from hooks.forbid_drizzle_migrator import _MENTION
    from hooks.forbid_drizzle_migrator import mentions_a_runtime_path

    mention = re.compile(_MENTION)
    pieces = [b"drizzle-orm", b"drizzle-kit", b"drizzle", b"-orm", b"-kit", b"/", b"\\", b"//",
              b"migrator", b"api", b"payload", b"cli", b"postgres-js/", b"\n", b" ", b"x" * 170,
              b"DRIZZLE-ORM", b"import { migrate } from '"]  # fmt: skip
    rnd = random.Random(3)
    for _ in range(20_000):
        data = b"".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 6)))
        assert mentions_a_runtime_path(data) == (mention.search(data) is not None), data
