"""guard-atlas-config (issue 12): Atlas's own policy in atlas.hcl."""

from __future__ import annotations

import pytest

from hooks.cli import main as cli_main
from hooks.guard_atlas_config import check_config
from hooks.guard_atlas_config import literal_password
from hooks.guard_atlas_config import main as guard_main
from hooks.project.config import Config
from hooks.project.config import validate
from tests.conftest import EXAMPLE

PATH = "packages/database/atlas.hcl"

# Shaped like the seed's public repository: a variable with a getenv default, a docker dev
# database, schemas, production with extra drop protection.
LIVERMORE = """\
variable "database_url" {
  type    = string
  default = getenv("DATABASE_URL")
}

env "local" {
  src     = "file://schema.sql"
  url     = var.database_url
  dev     = "docker://postgres/15/dev?search_path=public"
  schemas = ["public"]
  diff {
    skip {
      drop_schema = true
    }
  }
}

env "production" {
  src     = "file://schema.sql"
  url     = var.database_url
  schemas = ["public"]
  diff {
    skip {
      drop_schema = true
      drop_table  = true
    }
  }
}
"""


def config(**raw: object) -> Config:
    return Config(validate(raw, "t"), "t")


def codes(text: str, old: str | None = None, **raw: object) -> list[str]:
    return [v.code for v in check_config(PATH, text, old, config(**raw))]


CASES = [
    pytest.param(LIVERMORE, [], id="livermore-clean"),
    pytest.param(
        LIVERMORE.replace("      drop_table  = true\n", ""),
        ["AF701"],
        id="AF701-drop-table-removed",
    ),
    pytest.param(
        LIVERMORE.replace("drop_table  = true", "drop_table  = false"), ["AF701"], id="AF701-false"
    ),
    pytest.param(
        LIVERMORE.replace("      drop_table  = true\n", "      # drop_table = true\n"),
        ["AF701"],
        id="AF701-a-comment-does-not-count",
    ),
    pytest.param(
        LIVERMORE.replace('env "production"', 'env "prod"'),
        [],
        id="absent-protected-env-that-never-was",
    ),
    pytest.param(
        LIVERMORE.replace(
            "url     = var.database_url\n  schemas",
            'url     = "postgres://admin:hunter2@db.example.com:5432/app?sslmode=require"\n  schemas',
            1,
        ),
        ["AF702"],
        id="AF702-literal-password-in-url",
    ),
    pytest.param(
        LIVERMORE.replace(
            'default = getenv("DATABASE_URL")',
            'default = "postgres://app:s3cret@prod.internal/app"',
        ),
        ["AF702"],
        id="AF702-variable-default",
    ),
    pytest.param(
        'locals {\n  pw  = "s3cret"\n  url = "postgres://app:${local.pw}@db.example.com/app"\n}\n'
        + LIVERMORE.replace("url     = var.database_url\n  dev", "url     = local.url\n  dev", 1),
        ["AF702"],
        id="AF702-interpolated-local",
    ),
    pytest.param(
        'locals {\n  url = "postgres://app:${getenv("PGPASSWORD")}@db.example.com/app"\n}\n'
        + LIVERMORE.replace("url     = var.database_url\n  dev", "url     = local.url\n  dev", 1),
        [],
        id="password-from-getenv",
    ),
    pytest.param(  # Azure Database for PostgreSQL (single server): the user is user@server
        'locals {\n  url = "postgres://myadmin@mydemoserver:${getenv("PGPASSWORD")}'
        '@mydemoserver.postgres.database.azure.com:5432/app?sslmode=require"\n}\n'
        + LIVERMORE.replace("url     = var.database_url\n  dev", "url     = local.url\n  dev", 1),
        [],
        id="azure-user-at-server-password-from-getenv",
    ),
    pytest.param(
        'locals {\n  url = "postgres://myadmin@mydemoserver:hunter2'
        '@mydemoserver.postgres.database.azure.com:5432/app?sslmode=require"\n}\n'
        + LIVERMORE.replace("url     = var.database_url\n  dev", "url     = local.url\n  dev", 1),
        ["AF702"],
        id="AF702-azure-user-at-server-literal-password",
    ),
    pytest.param(
        LIVERMORE.replace(
            "url     = var.database_url\n  dev",
            'url     = "postgres://postgres:pass@localhost:5432/dev?sslmode=disable"\n  dev',
            1,
        ),
        [],
        id="loopback-is-exempt",
    ),
    pytest.param(
        'locals {\n  unused = "postgres://app:s3cret@db.example.com/app"\n}\n' + LIVERMORE,
        [],
        id="unused-local-is-not-applied",
    ),
    pytest.param(
        'data "external_schema" "drizzle" {\n  program = ["npx", "drizzle-kit", "export"]\n}\n'
        + LIVERMORE.replace(
            'src     = "file://schema.sql"\n  url     = var.database_url\n  dev',
            "src     = data.external_schema.drizzle.url\n  url     = var.database_url\n  dev",
            1,
        ),
        ["AF703"],
        id="AF703-drizzle-typescript-as-source",
    ),
    # Atlas's own Drizzle guide: the source in a `schema { src = … }` block (issue 37)
    pytest.param(
        'data "external_schema" "drizzle" {\n  program = ["npx", "drizzle-kit", "export"]\n}\n'
        + LIVERMORE.replace(
            'src     = "file://schema.sql"\n  url     = var.database_url\n  dev',
            "schema {\n    src = data.external_schema.drizzle.url\n  }\n  url     = var.database_url\n  dev",
            1,
        ),
        ["AF703"],
        id="AF703-drizzle-typescript-in-a-schema-block",
    ),
    pytest.param(
        LIVERMORE.replace(
            'src     = "file://schema.sql"\n  url     = var.database_url\n  dev',
            'schema {\n    src = "file://schema.sql"\n  }\n  url     = var.database_url\n  dev',
            1,
        ),
        [],
        id="schema-block-applying-the-source",
    ),
    pytest.param(
        LIVERMORE.replace(
            'src     = "file://schema.sql"\n  url     = var.database_url\n  dev',
            'schema {\n    src = "file://other.sql"\n  }\n  url     = var.database_url\n  dev',
            1,
        ),
        ["AF703"],
        id="AF703-schema-block-not-a-source-file",
    ),
    pytest.param(
        LIVERMORE.replace(
            'src     = "file://schema.sql"\n  url     = var.database_url\n  schemas',
            'src     = "file://other.sql"\n  url     = var.database_url\n  schemas',
            1,
        ),
        ["AF703"],
        id="AF703-not-a-source-file",
    ),
    pytest.param(
        LIVERMORE.replace(
            'src     = "file://schema.sql"\n  url     = var.database_url\n  schemas',
            'src     = ["file://schema.sql"]\n  url     = var.database_url\n  schemas',
            1,
        ),
        [],
        id="src-as-a-list",
    ),
    pytest.param(
        LIVERMORE.replace(
            "  diff {\n    skip {\n      drop_schema = true\n      drop_table",
            '  migration {\n    dir = "file://migrations"\n  }\n  diff {\n    skip {\n      drop_schema = true\n      drop_table',
        ),
        ["AF703"],
        id="AF703-versioned-migrations",
    ),
    # --- issue 25: read by tree-sitter's parser, as a tree ------------------------------
    pytest.param(
        LIVERMORE
        + 'env "production" {\n  src = "file://schema.sql"\n  url = var.database_url\n}\n',
        ["AF701"],
        id="AF701-a-second-weak-copy-of-a-protected-env",
    ),
    pytest.param(
        LIVERMORE.replace("drop_table  = true", 'drop_table  = "true"'),
        ["AF701"],
        id="AF701-a-string-is-not-a-literal-true",
    ),
    pytest.param(
        'locals {\n  pw = "s3cret"\n}\n'
        + LIVERMORE.replace(
            "url     = var.database_url\n  dev",
            'url     = "postgres://app:${local.pw}@db.example.com/app"\n  dev',
            1,
        ),
        ["AF702"],
        id="AF702-inline-template-of-a-local",
    ),
    pytest.param(
        'locals {\n  old = "postgres://app:s3cret@db.example.com/app"\n}\n'
        + LIVERMORE.replace(
            "url     = var.database_url\n  dev",
            "# was local.old\n  url = var.database_url\n  dev",
            1,
        ),
        [],
        id="a-local-named-only-in-a-comment-is-not-used",
    ),
    pytest.param(
        'locals {\n  src = "file://schema.sql"\n}\n'
        + LIVERMORE.replace('src     = "file://schema.sql"', 'src     = "${local.src}"'),
        [],
        id="src-through-an-interpolated-local",
    ),
    pytest.param(
        LIVERMORE.replace('env "production" {', '  env   "production"   {'),
        [],
        id="an-indented-env-is-read",
    ),
]


# An unlabeled env (`env { name = atlas.env }`) is the block Atlas uses for any `--env`:
# `atlas schema apply --env production` applies it to production. Found on a real repository
# (an unlabeled env beside `env "local"`); it escaped AF701 as a block named "".
_PROD = LIVERMORE.index('env "production"')
UNLABELED = (
    LIVERMORE[:_PROD]
    + 'env {\n  name = atlas.env\n  src  = "file://schema.sql"\n  url  = var.database_url\n'
    + "  diff {\n    skip {\n      drop_schema = true\n      drop_table  = true\n    }\n  }\n}\n"
)
UNLABELED_CASES = [
    pytest.param(UNLABELED, [], id="unlabeled-env-with-the-protection"),
    pytest.param(
        UNLABELED.replace("      drop_table  = true\n", ""),
        ["AF701"],
        id="unlabeled-env-serves-production-and-lacks-the-protection",
    ),
    pytest.param(
        UNLABELED.replace("name = atlas.env", 'name = "staging"').replace(
            "      drop_table  = true\n", ""
        ),
        [],
        id="unlabeled-env-with-a-literal-name-is-that-env",
    ),
    pytest.param(
        UNLABELED.replace("name = atlas.env", 'name = "production"').replace(
            "      drop_table  = true\n", ""
        ),
        ["AF701"],
        id="unlabeled-env-named-production-literally",
    ),
    pytest.param(
        UNLABELED.replace("name = atlas.env", "name = var.database_url").replace(
            "      drop_table  = true\n", ""
        ),
        ["AF701"],
        id="unlabeled-env-whose-name-is-not-known-is-taken-to-serve-every-env",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES + UNLABELED_CASES)
def test_guard(text, expected) -> None:
    assert codes(text) == expected


def test_an_unlabeled_env_is_named_for_what_it_serves() -> None:
    weak = UNLABELED.replace("      drop_table  = true\n", "")
    (finding,) = check_config(PATH, weak, None, config())
    assert finding.message.startswith(
        "the unlabeled env (name = atlas.env) serves every --env, production included, and does"
        " not skip drop_table"
    )
    head, unlabeled = UNLABELED[:_PROD], UNLABELED[_PROD:]
    migrating = head + unlabeled.replace("  diff {", '  migration {\n    dir = "m"\n  }\n  diff {')
    (finding,) = check_config(PATH, migrating, None, config())
    assert finding.code == "AF703"
    assert 'env ""' not in finding.message
    assert finding.message.startswith("the unlabeled env (name = atlas.env) uses versioned")


def test_production_replaced_by_an_unlabeled_env_is_judged_by_that_env() -> None:
    assert codes(UNLABELED, LIVERMORE) == []  # still protected: the unlabeled env serves it
    assert codes(UNLABELED.replace("      drop_table  = true\n", ""), LIVERMORE) == ["AF701"]


def test_removing_a_protected_env_is_reported_against_the_old_version() -> None:
    without = LIVERMORE[: LIVERMORE.index('env "production"')]
    assert codes(without, LIVERMORE) == ["AF701"]
    assert codes(without, None) == []
    renamed = LIVERMORE.replace('env "production"', 'env "prod"')
    assert codes(renamed, LIVERMORE) == ["AF701"]


def test_configured_protected_envs_and_required_skips() -> None:
    text = LIVERMORE.replace('env "production"', 'env "prod"')
    assert codes(text, **{"protected-envs": ["prod"]}) == []
    assert codes(text, **{"protected-envs": ["prod"], "required-skips": ["drop_column"]}) == [
        "AF701"
    ]
    assert codes(LIVERMORE, **{"protected-envs": ["local", "production"]}) == ["AF701"]


@pytest.mark.parametrize(
    ("url", "password"),
    [
        ("postgres://u:p@db.example.com/x", "p"),
        ("postgresql://u:p%40ss@10.0.0.5:5432/x?sslmode=require", "p%40ss"),  # as written
        ("postgres://u@db.example.com/x", None),
        ("postgres://u:p@localhost/x", None),
        ("postgres://u:p@127.0.0.1/x", None),
        ("postgres://u:p@[::1]/x", None),
        ("postgres://u:p@[0:0:0:0:0:0:0:1]:5432/x", None),  # (a tester's row: loopback)
        ("postgres://u:p@127.0.0.2/x", None),
        ("postgres://u:p@[::2]/x", "p"),
        ("postgres://u:p@127.example.com/x", "p"),
        ("postgres://u:p@1127.0.0.1/x", "p"),
        ("docker://postgres/15/dev", None),
        ("postgres://u:\0getenv@db/x", None),
        ("postgres://\0user:\0password@\0host:5432/\0name?sslmode=require", None),
        ("postgres://u@x:p@db.example.com/x", "p"),  # (the last `@` ends the user information)
        ("postgres://u@x:\0p@db.example.com/x", None),  # (run-time: an Azure user@server)
        ("postgres://myadmin@mydemoserver:\0getenv@mydemoserver.example.com:5432/app", None),
        ("postgres://myadmin@mydemoserver:hunter2@mydemoserver.example.com:5432/app", "hunter2"),
        ("postgres://u:p@db.example.com/x?next=a@b", "p"),
        ("postgres://u:p@db.example.com/x#a@b", "p"),
        ("not a url", None),
    ],
)
def test_literal_password(url, password) -> None:
    assert literal_password(url) == password


def test_a_run_time_password_is_told_without_loading_urllib() -> None:
    """(urllib.parse costs an Atlas commit 3.6 ms to import, with ipaddress: the seed's URLs
    are built from getenv(), and a password that is a run-time value is no finding.)"""
    import subprocess
    import sys

    probe = (
        "import sys; from hooks.guard_atlas_config import literal_password as p;"
        " sys.modules.pop('urllib.parse', None);"  # (an editable install's finder loads it)
        " print(p('postgres://u:\\0pw@\\0host/db'), 'urllib.parse' in sys.modules,"
        " p('postgres://u:pw@db.example.com/x'), 'urllib.parse' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["None", "False", "pw", "True"]


def test_the_seed_example_stays_clean(monorepo) -> None:
    text = (EXAMPLE / "packages/database/atlas.hcl").read_text()
    assert codes(text) == []


def test_hook_with_real_git_messages_and_parse_errors(monorepo, capsys) -> None:
    monorepo.stage(PATH, LIVERMORE.replace("      drop_table  = true\n", ""))
    assert guard_main([PATH]) == 1
    out = capsys.readouterr().out
    assert f'{PATH}:18:1: AF701 protected env "production" does not skip drop_table' in out
    assert "diff { skip { drop_table = true } }" in out
    monorepo.stage(PATH, 'env "x" {\n  url = \n}\n')
    assert guard_main([PATH]) == 2
    err = capsys.readouterr().err
    assert f"{PATH}:2:3: invalid HCL: cannot read 'url ='" in err
    assert len(err.strip().splitlines()) == 1


def test_all_in_one_check_reads_the_old_version(monorepo, capsys) -> None:
    monorepo.stage(PATH, LIVERMORE)
    monorepo.commit("atlas")
    monorepo.stage(PATH, LIVERMORE[: LIVERMORE.index('env "production"')])
    assert cli_main(["check"]) == 1
    assert 'AF701 protected env "production" is gone' in capsys.readouterr().out
    assert cli_main(["check", "--all-files"]) == 0  # no "before" in the tree


def test_a_finding_points_at_its_env_wherever_it_is_written() -> None:
    weak = LIVERMORE.replace("      drop_table  = true\n", "")
    moved = weak.replace('env "production" {', '/* é */ env "production" {')
    (found,) = check_config(PATH, moved, None, config())
    assert (found.code, found.line, found.col) == ("AF701", 18, 9)


def test_the_migration_hint_fits_an_env_without_src() -> None:
    """An env that never had a `src` is told to apply the schema source, not to keep one."""
    text = (
        'env "local" {\n  url = getenv("X")\n  migration {\n    dir = "file://migrations"\n  }\n}\n'
    )
    (found,) = check_config(PATH, text, None, config())
    assert found.code == "AF703"
    assert "apply the schema source" in found.hint
    assert "keep src" not in found.hint
