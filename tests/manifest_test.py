"""The manifest, the console scripts, the README and docs/hooks.md agree; hook ids are a
public contract."""

from __future__ import annotations

import functools
import importlib
import re
import sys

import pytest
import yaml

from tests.conftest import PROJECT

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

PUBLIC_IDS = {
    "forbid-generated-schema-edits",
    "forbid-new-migrations",
    "forbid-drizzle-kit-scripts",
    "forbid-drizzle-migrator",
    "lint-schema-source",
    "guard-atlas-config",
    "atlas-first",
}


def load_manifest() -> list[dict]:
    return yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def scripts() -> dict[str, str]:
    with open(PROJECT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["scripts"]


def test_hook_ids_are_the_public_contract() -> None:
    assert {hook["id"] for hook in load_manifest()} == PUBLIC_IDS


@pytest.mark.parametrize("hook", load_manifest(), ids=lambda h: h["id"])
def test_every_hook_is_complete(hook) -> None:
    for key in ("id", "name", "entry", "language", "description"):
        assert hook.get(key), key
    assert hook["language"] == "python"
    assert hook["stages"] == ["pre-commit", "pre-push", "manual"]
    assert hook["minimum_pre_commit_version"] == "3.2.0"


@pytest.mark.parametrize("hook", load_manifest(), ids=lambda h: h["id"])
def test_entry_is_a_console_script_named_like_the_id(hook) -> None:
    entry = hook["entry"].split()[0]
    assert entry == hook["id"]
    target = scripts()[entry]
    module, func = target.split(":")
    assert callable(getattr(importlib.import_module(module), func))


def test_every_console_script_runs_its_modules_main() -> None:
    import inspect

    from hooks import _console

    expected = {hook_id: f"hooks.{hook_id.replace('-', '_')}" for hook_id in PUBLIC_IDS} | {
        "atlas-first": "hooks.cli"
    }  # the all-in-one hook is the command line's `hook`
    assert set(scripts()) == set(expected)
    for name, target in scripts().items():
        module, func = target.split(":")
        assert module == "hooks._console"
        source = inspect.getsource(getattr(_console, func))
        assert f'_run("{expected[name]}"' in source, name
        assert callable(importlib.import_module(expected[name]).main)


def test_change_based_hook_reads_git_itself() -> None:
    (hook,) = [h for h in load_manifest() if h["id"] == "forbid-generated-schema-edits"]
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is True


@pytest.mark.parametrize("hook_id", sorted(PUBLIC_IDS))
def test_every_hook_id_is_in_the_readme_and_the_hooks_page(hook_id) -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"\bid: {re.escape(hook_id)}\b", readme), hook_id
    page = (PROJECT / "docs" / "hooks.md").read_text(encoding="utf-8")
    assert f"## `{hook_id}`" in page


def _files_regex(hook_id: str) -> re.Pattern[str]:
    (hook,) = [h for h in load_manifest() if h["id"] == hook_id]
    return re.compile(hook.get("files", ""))


@functools.cache
def _filters(hook_id: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    (hook,) = [h for h in load_manifest() if h["id"] == hook_id]
    files = hook.get("files", "")  # (pre-commit's default: every file)
    return re.compile(files), re.compile(hook["exclude"]) if "exclude" in hook else None


def _passed(hook_id: str, path: str) -> bool:
    """Does the runner pass this path to the hook (its `files`, less its `exclude`)?
    (Matched with `search`, as pre-commit and prek match.)"""
    files, exclude = _filters(hook_id)
    return bool(files.search(path)) and not (exclude is not None and exclude.search(path))


SCRIPT_PATHS = [
    ("package.json", True),
    ("packages/database/package.json", True),
    ("scripts/sync-schema.ps1", True),
    ("scripts/Sync-Schema.PS1", True),  # Windows spellings: the filter ignores case
    ("tools/db.psm1", True),
    ("scripts/apply.sh", True),
    ("scripts/x.bash", True),
    ("Makefile", True),
    ("packages/db/makefile", True),
    ("GNUmakefile", True),
    ("build/rules.mk", True),
    ("justfile", True),
    ("Justfile", True),
    (".justfile", True),
    ("tasks/db.just", True),
    (".github/workflows/ci.yml", True),
    (".github/workflows/deploy.yaml", True),
    ("apps/web/.github/workflows/ci.yml", True),
    (".gitlab-ci.yml", True),
    (".gitlab/ci/db.yml", True),
    ("azure-pipelines.yml", True),
    ("ci/azure-pipelines.deploy.yaml", True),
    (".azure-pipelines/templates/migrate.yml", True),
    (".azuredevops/pipelines/release.yaml", True),
    ("Procfile.dev", True),
    ("apps/api/Procfile.prod", True),
    ("docs/azure-pipelines.md", False),
    (".github/actions/db/action.yml", True),
    ("Dockerfile", True),
    ("apps/api/Dockerfile", True),
    ("Containerfile", True),
    ("apps/api/Dockerfile.prod", True),
    ("docker/api.Dockerfile", True),
    ("docker/migrate.dockerfile", True),
    ("compose.yaml", True),
    ("docker-compose.yml", True),
    ("docker-compose.prod.yml", True),
    ("deploy/compose.staging.yaml", True),
    ("Procfile", True),
    ("apps/api/Procfile", True),
    ("fly.toml", True),
    ("apps/api/fly.toml", True),
    ("railway.json", True),
    ("railway.toml", True),
    ("render.yaml", True),
    ("vercel.json", True),
    ("netlify.toml", True),
    ("nixpacks.toml", True),
    ("app.json", True),
    (".kamal/hooks/pre-deploy", True),
    ("apps/api/project.json", True),
    ("Taskfile.yml", True),
    ("taskfile.yaml", True),
    ("Taskfile.dist.yml", True),
    ("mise.toml", True),
    (".mise.toml", True),
    (".mise/tasks/migrate", True),
    ("mise-tasks/db/migrate", True),
    ("deno.json", True),
    ("deno.jsonc", True),
    ("Tiltfile", True),
    (".husky/pre-commit", True),
    (".githooks/pre-push", True),
    ("lefthook.yml", True),
    (".lefthook.yml", True),
    (".pre-commit-config.yaml", True),
    (".devcontainer/devcontainer.json", True),
    (".devcontainer/api/devcontainer.json", True),
    (".devcontainer.json", True),
    ("packages/database/atlas.hcl", True),
    ("db/prod.atlas.hcl", True),
    ("scripts/migrate", True),  # no extension: read when its shebang names a shell
    ("src/index.ts", True),  # code that shells out
    ("src/run.mjs", True),
    ("package.json.bak", True),  # any file but prose, lock files and binaries: searched
    ("deploy/api.service", True),
    ("infra/main.tf", True),
    ("Vagrantfile", True),
    ("tools/migrate/main.go", True),
    ("yarn.lock", False),
    ("CHANGELOG", False),
    ("docs/logo.png", False),
    ("packages/database/schema.sql", False),
    ("LICENSE", False),
    ("apps/web/src/App.vue", False),
    ("my-package.json", True),  # a JSON file: read by content
    ("docs/workflows/ci.yml", True),  # any YAML or JSON: read by content (containers)
    ("config.yml", True),
    ("README.md", False),
    ("turbo.json", True),
    ("nx.json", True),
    ("tsconfig.json", True),
    ("pnpm-lock.yaml", False),  # lock files: never passed, never read
    ("apps/web/package-lock.json", False),
    ("deploy/k8s/migrate-job.yaml", True),
    ("charts/api/templates/job.yaml", True),
    ("charts/api/templates/_migrate.tpl", True),
    ("deploy/migrations.yaml.tpl", True),
    ("k8s/overlays/prod/kustomization.yml", True),
    ("ecs/task-definition.json", True),
    (".circleci/config.yml", True),
    ("bitbucket-pipelines.yml", True),
    (".buildkite/pipeline.yml", True),
    ("cloudbuild.yaml", True),
    ("deploy/cloudbuild.prod.json", True),
    (".travis.yml", True),
    (".woodpecker/deploy.yml", True),
    (".drone.yml", True),
    ("Jenkinsfile", True),
    ("ci/Jenkinsfile.deploy", True),
    ("ci/deploy.jenkinsfile", True),
    ("vars/deployApp.groovy", True),
    ("Earthfile", True),
    ("skaffold.yaml", True),
    ("serverless.yml", True),
    ("app.yaml", True),
    (".do/deploy.template.yaml", True),
    ("ecosystem.config.js", True),
    ("ecosystem.config.cjs", True),
    ("docker/supervisord.conf", True),
    ("docker/supervisor/conf.d/api.ini", True),
    ("rootfs/etc/s6-overlay/s6-rc.d/migrate/up", True),
    ("rootfs/etc/services.d/api/run", True),
    ("sst.config.ts", True),
    ("docs/compose.md", False),
    ("schema.sql", False),
]


@pytest.mark.parametrize(("path", "matches"), SCRIPT_PATHS)
def test_script_guard_manifest_filter(path, matches) -> None:
    from hooks.commands.carriers import carrier_for

    assert _passed("forbid-drizzle-kit-scripts", path) is matches
    if matches:
        assert carrier_for(path) is not None, "the hook must read what the manifest passes"


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("src/db/migrate.ts", True),
        ("a.tsx", True),
        ("a.mts", True),
        ("a.cts", True),
        ("a.js", True),
        ("a.jsx", True),
        ("a.mjs", True),
        ("a.cjs", True),
        ("a.d.ts", True),
        ("a.json", False),
        ("a.ts.orig", False),
        ("schema.sql", False),
    ],
)
def test_migrator_guard_manifest_filter(path, matches) -> None:
    from hooks.forbid_drizzle_migrator import SUFFIXES

    assert bool(_files_regex("forbid-drizzle-migrator").search(path)) is matches
    assert path.endswith(SUFFIXES) is matches


def _path_parts():
    """Path pieces the carriers care about: every name, suffix and folder of the carrier
    tables, case changes, and ordinary names; joined into paths of any depth."""
    from hypothesis import strategies as st

    from hooks.commands.carriers import BY_FOLDER
    from hooks.commands.carriers import BY_NAME
    from hooks.commands.carriers import BY_SUFFIX

    names = [*sorted(BY_NAME), "README.md", "up", "run", "x", ".env", "a.b.c", "schema.sql"]
    names += [f"x{suffix}" for suffix in BY_SUFFIX] + [f"{n}.bak" for n in ("procfile", "x.ts")]
    names += ["Dockerfile.prod", "Containerfile", "docker-compose.prod.yml", "Procfile.dev",
              "Jenkinsfile.deploy", "earthfile.x", "prod.atlas.hcl", "cloudbuild.prod.json",
              "azure-pipelines.deploy.yaml", "fly.toml", "mise.local.toml", "x.toml"]  # fmt: skip
    folders = [f.rstrip("/") for f, _, _ in BY_FOLDER] + ["apps", "a.b", "_", ".x", "s6-rc.d/m"]
    name = st.sampled_from(names).flatmap(lambda n: st.sampled_from([n, n.upper(), n.capitalize()]))
    return st.lists(st.sampled_from(folders), max_size=3), name


def test_the_script_guard_is_passed_exactly_the_files_it_reads() -> None:
    """The manifest's `files`/`exclude` and `carrier_for` say the same of every path: what
    the runner passes is what the guard reads (none missed, none started for nothing)."""
    from hypothesis import given
    from hypothesis import settings

    from hooks.commands.carriers import carrier_for

    folders, names = _path_parts()

    @settings(max_examples=1000, deadline=None)
    @given(folders, names)
    def agree(parts: list[str], name: str) -> None:
        path = "/".join([*parts, name])
        passed, read = _passed("forbid-drizzle-kit-scripts", path), carrier_for(path) is not None
        assert passed or not read, "a file the guard reads is never passed to it"
        if "/_/" not in f"/{path}":  # (husky's helper folder: passed, and skipped)
            assert read or not passed, "a file the guard will not read is passed to it"

    agree()
    for path, _ in SCRIPT_PATHS:
        assert _passed("forbid-drizzle-kit-scripts", path) is (carrier_for(path) is not None)
