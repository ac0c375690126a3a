"""Fuzz the command analysis and the package.json key-position finder with atheris.

    python tests/fuzz/fuzz_commands.py -runs=20000 -max_len=512

Properties beyond "never raises": for any text that parses as a package.json whose "scripts"
is an object, every script name has a position, and it points at that name's quoted key; every
carrier reader (Dockerfile, compose, CI YAML, deploy configs, Tiltfile, atlas.hcl, code, ...)
yields snippets with positions or says what is wrong in a ToolError naming the file; every
mapping the YAML reader reads holds, key by key, what PyYAML builds (a key written twice is
its last value); every module specifier the JS lexer finds (imports, require, createRequire-bound loaders, template
imports) starts at a quote or backtick of the text, and a loader call stays found after any
prefix of harmless code; AF401's run-site search reads any tsconfig, scripts, container or
importer text without raising; allow directives in any text are AF304 warnings at a line
of it; a refused file holding merge conflict markers is named as one; the by-content gate's
memo gives the gate's verdict, and a memo entry of any bytes loads or is nothing; any schema
model is plain data that reads back field for field (the model's memo across runs).
"""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import re
import sys
import tempfile

import atheris

os.environ["TMPDIR"] = tempfile.mkdtemp()  # the gate memo's folder: this run's own

with atheris.instrument_imports():
    from hooks.atlas.envs import applied_dialects
    from hooks.atlas.envs import applied_policies
    from hooks.commands.analyzer import analyze
    from hooks.commands.carriers import _yaml
    from hooks.commands.carriers import snippets
    from hooks.commands.carriers.package_json import load_package_json
    from hooks.commands.carriers.package_json import script_key_offsets
    from hooks.commands.gate_memo import GateMemo
    from hooks.commands.js import module_specifiers
    from hooks.commands.prefilter import calls_with_banned
    from hooks.commands.prefilter import command_shaped
    from hooks.commands.run_sites import RunSites
    from hooks.commands.shell import POWERSHELL
    from hooks.drizzle import _pull_tokens
    from hooks.drizzle import pull_compare
    from hooks.drizzle import pull_reader
    from hooks.drizzle.artefacts import migrations_among
    from hooks.drizzle.versions import lines_allowed
    from hooks.guard_atlas_config import check_config
    from hooks.project.config import Config
    from hooks.project.config import validate
    from hooks.project.drizzle_config import UnreadableConfig
    from hooks.project.drizzle_config import read_drizzle_config
    from hooks.repo.files import unreadable
    from hooks.repo.memo import memo_store
    from hooks.report.directives import apply as allow_directives
    from hooks.report.violation import ToolError
    from hooks.schema import remembered
    from hooks.schema.lint import lint
    from hooks.schema.lint import lint_sources
    from hooks.schema.model import build
    from hooks.schema.sql import SqlSyntaxError
    from hooks.schema.sql import parse


from hooks.commands import gate_memo

gate_memo.REMEMBERED_FROM = 0  # every input remembered, however small

_HAZARD_BASE = (
    "CREATE TABLE users (id int PRIMARY KEY, name text, v varchar(50));\n"
    "CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users (id));\n"
    "CREATE INDEX posts_user ON posts (user_id);\n"
)
STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)


CONFIG = Config(validate({}, "fuzz"), "fuzz")
CARRIERS = (
    ("dockerfile", "Dockerfile"), ("compose", "compose.yaml"), ("github", "w.yml"),
    ("gitlab", ".gitlab-ci.yml"), ("procfile", "Procfile"), ("fly", "fly.toml"),
    ("railway", "railway.json"), ("nx", "project.json"), ("deno", "deno.jsonc"),
    ("devcontainer", "devcontainer.json"), ("tilt", "Tiltfile"), ("atlas", "atlas.hcl"),
    ("code", "a.ts"), ("lefthook", "lefthook.yml"), ("taskfile", "Taskfile.yml"),
    ("atlas-config", "atlas.hcl"), ("mise", "mise.toml"), ("netlify", "netlify.toml"),
    ("pre_commit", ".pre-commit-config.yaml"), ("nixpacks", "nixpacks.toml"),
    ("yaml-mapping", "t.yaml"), ("azure_pipelines", "azure-pipelines.yml"),
    ("json-reader", "t.json"), ("gate", "t.yaml"),
    ("containers", "k8s/job.yaml"), ("containers", "charts/x/templates/job.yaml"),
    ("containers", "ecs/task.json"), ("circleci", ".circleci/config.yml"),
    ("bitbucket", "bitbucket-pipelines.yml"), ("buildkite", ".buildkite/pipeline.yml"),
    ("cloudbuild", "cloudbuild.yaml"), ("travis", ".travis.yml"), ("woodpecker", ".drone.yml"),
    ("jenkinsfile", "Jenkinsfile"), ("earthfile", "Earthfile"), ("skaffold", "skaffold.yaml"),
    ("serverless", "serverless.yml"), ("app_yaml", "app.yaml"), ("pm2", "ecosystem.config.js"),
    ("pm2", "ecosystem.config.json"), ("supervisord", "supervisord.conf"),
    ("execline", "s6-rc.d/m/up"), ("mcp", ".mcp.json"), ("mcp", ".codex/config.toml"),
    ("batch", "db.cmd"), ("vscode_tasks", ".vscode/tasks.json"), ("lint_staged", ".lintstagedrc"),
    ("artefacts", "drizzle/20261206043046_x/migration.sql"),
    ("unknown", "deploy/api.service"), ("python", "tools/m.py"), ("js_config", "vercel.ts"),
)  # fmt: skip


# AF102's other side: a pull's first lines (the fuzzed text then goes on inside a table)
# and a real model to compare with.
_PULL_HEAD = 'export const t = pgTable("t", {\n\tid: integer().primaryKey(),\n'
_MODEL_SQL = (
    "CREATE TYPE e AS ENUM ('a');\nCREATE TABLE t (id int PRIMARY KEY, v text DEFAULT 'x');\n"
    "CREATE INDEX ON t (v);\nCREATE VIEW w AS SELECT 1;\n"
)


def _model():
    from hooks.schema.model import build
    from hooks.schema.sql import parse

    return build(_MODEL_SQL, parse(_MODEL_SQL))


_MODEL = _model()


def _yaml_reads_as_pyyaml(text: str) -> None:
    """A mapping without merge keys reads as PyYAML builds it (a key twice: the last)."""
    import yaml

    try:
        built = yaml.safe_load(text)
        roots = _yaml.documents(text, "t.yaml")
    except (yaml.YAMLError, ToolError, RecursionError, ValueError, TypeError):
        return
    if not isinstance(built, dict) or len(roots) != 1 or "<<" in text:
        return
    ours = {k: _yaml.scalar(v) for k, v in _yaml.items(roots[0])}
    for key, value in built.items():
        if isinstance(key, str) and isinstance(value, str):
            assert ours.get(key) == value, (text, key)


def _json_reads_as_yaml(text: str) -> None:
    """JSON read by the JSON reader gives the commands YAML's composer gives, both ways the
    graph can be built (libyaml's, and the pure-Python builder)."""
    import yaml

    try:
        by_yaml = [
            node
            for node in yaml.compose_all(text.replace("\t", " "), Loader=yaml.SafeLoader)
            if node is not None
        ]
    except (yaml.YAMLError, RecursionError, ValueError):
        return
    if _yaml.json_documents(text, "t.json") is None:
        return  # not JSON: read as YAML, as before
    if re.search(r"\\u[dD][89a-fA-F]", text):
        return  # a surrogate pair: one character to JSON, two to YAML 1.1 (no command's)
    built = _yaml.built_from_json(text, "t.json")

    def shape(node):
        if isinstance(node, yaml.ScalarNode):
            return (node.value, node.start_mark.line, node.start_mark.column)
        if isinstance(node, yaml.SequenceNode):
            return [shape(item) for item in node.value]
        return [(shape(k), shape(v)) for k, v in node.value]

    with contextlib.suppress(RecursionError):
        assert [shape(n) for n in built] == [shape(n) for n in by_yaml], text


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    kind, path = CARRIERS[provider.ConsumeIntInRange(0, len(CARRIERS) - 1)]
    text = provider.ConsumeUnicodeNoSurrogates(len(data))
    if kind == "json-reader":
        _json_reads_as_yaml(text)
        _json_reads_as_yaml(json.dumps({"image": "x", "command": text, "args": [text, 1, None]}))
        return
    if kind == "gate":  # the test before a file read by content is parsed
        raw = text.encode("utf-8", "surrogatepass")
        shaped = command_shaped(raw)
        if "drizzle-kit" in text.lower() or calls_with_banned(raw):
            assert shaped, text
        # Remembered across runs (every size here): the same verdict from the memo, and a
        # memo entry of any bytes loads as a set of digests or nothing, never raises.
        memo = GateMemo()
        assert memo.shaped(raw) is shaped, text
        assert memo.shaped(raw) is shaped, text  # (from the memo)
        memo.save()
        assert GateMemo().shaped(raw) is shaped, text
        memo_store(gate_memo._KIND, gate_memo._memo_key(), raw)
        assert all(len(d) == 16 for d in gate_memo._load(gate_memo._memo_key())), text
        for carrier in ("containers", "supervisord"):
            with contextlib.suppress(ToolError):
                list(snippets(carrier, text, "x/t.yaml" if carrier == "containers" else "x.conf"))
        return
    if kind == "containers" and text[:1] in "abcdefgh":
        text = "- image: {{ .Values.x }}\n  command: " + text  # deep into both readers
    if kind == "yaml-mapping":
        _yaml_reads_as_pyyaml(text)
        return
    if kind == "artefacts":  # Drizzle's artefacts by shape and content, any line's range
        data = text.encode("utf-8", "surrogatepass")
        found = migrations_among(
            [path, "x/0001_y.sql", "x/meta/_journal.json", "x/dump.sql"],
            configured=lambda p: p.startswith("x/"),
            read=lambda _p: data,
            committed=lambda ps: dict.fromkeys(ps, "0" * 40),
        )
        assert set(found) <= {path, "x/0001_y.sql", "x/meta/_journal.json", "x/dump.sql"}
        lines, note = lines_allowed(text)
        assert lines, text
        assert note is None or note.startswith("drizzle-kit"), (text, note)
        return
    if kind == "atlas-config":
        try:
            for violation in check_config(path, text, text, CONFIG):
                assert violation.code in ("AF701", "AF702", "AF703"), (text, violation)
        except ToolError as exc:
            assert str(exc).startswith(path), (text, exc)  # noqa: PT017
        try:  # which database each environment applies its sources to (the schema lint's)
            for target, said in applied_dialects(path, text).items():
                assert isinstance(target, str), (text, target)
                assert all(database and evidence.startswith(path) for database, evidence in said)
        except ToolError as exc:
            assert str(exc).startswith(path), (text, exc)  # noqa: PT017
        try:  # the diff policy each env applies its sources with (the hazard check's)
            for target, policies in applied_policies(path, text).items():
                assert isinstance(target, str), (text, target)
                for policy in policies:
                    assert policy.env.endswith(path), (text, policy.env)
                    assert policy.version is None or 0 <= policy.version <= 99, (text, policy)
        except ToolError as exc:
            assert str(exc).startswith(path), (text, exc)  # noqa: PT017
        return
    try:
        for snippet in snippets(kind, text, path):
            analyze(snippet.text, dialect=snippet.dialect)
            assert snippet.position(len(snippet.text))[0] >= 1
    except ToolError as exc:
        # A file read by its content is never refused: what is not YAML is read by lines.
        assert kind != "containers", (text, exc)  # noqa: PT017
        assert str(exc).startswith(path), (kind, text, exc)  # noqa: PT017
    analyze(text)
    analyze(text, dialect=POWERSHELL)
    analyze(text, scripts={"a": text, "b": "pnpm a " + text})
    old = "CREATE TABLE t (id int PRIMARY KEY, name text);"
    try:
        found = lint("schema.sql", old, text) + lint("schema.sql", text, old)
    except ToolError as exc:  # nested deeper than the binding reads: refused, never a crash
        assert "nested deeper" in str(exc), (text, exc)  # noqa: PT017
        found = []
    for violation in found:
        assert violation.code.startswith("AF6"), (text, violation)
    # The model's memo across runs: any model is plain data, read back field for field.
    with contextlib.suppress(SqlSyntaxError, ToolError, RecursionError):
        fields = remembered.plain(build(text, parse(text)))
        again = marshal.loads(marshal.dumps(fields))
        assert remembered.plain(remembered._model(again)) == fields, text
    half = len(text) // 2  # several source files are one desired state
    try:
        union = lint_sources(
            [("a.sql", text[:half]), ("b.sql", text[half:])],
            [("a.sql", old), ("b.sql", text)],
            blame="a.sql",
        )
    except ToolError as exc:
        assert "nested deeper" in str(exc), (text, exc)  # noqa: PT017
        union = []
    # The lock and rewrite hazards of a change that appends any text to a schema with rows
    # of every kind: each at a line of the new version, under its own code.
    base = _HAZARD_BASE
    try:
        hazards = [
            v
            for v in lint_sources([("s.sql", base + text)], [("s.sql", base)], blame="s.sql")
            if v.code in ("AF651", "AF652", "AF653")
        ]
    except ToolError as exc:
        assert "nested deeper" in str(exc), (text, exc)  # noqa: PT017
        hazards = []
    total = (base + text).count("\n") + 1
    for violation in hazards:
        assert violation.line is not None, (text, violation)
        assert 1 <= violation.line <= total, (text, violation)
        assert violation.severity == "warning", (text, violation)
    for violation in union:
        assert violation.code.startswith("AF6"), (text, violation)
        assert violation.path in ("a.sql", "b.sql"), (text, violation)
        assert violation.line is None or violation.line >= 1, (text, violation)
    from hooks.schema.model import Schema

    pulled = pull_reader.read(text)  # any text: tables or none, never an exception
    for difference in pull_compare.compare(pulled, Schema()):
        assert difference.in_generated, (text, difference.message)
    # The token reader on any text too (read() takes it only off pull's layout), and against
    # a real model: a difference is at a line of the text or an offset of the source.
    lines = text.count("\n") + 1
    for reader in (_pull_tokens.Reader(text).read(), pull_reader.read(_PULL_HEAD + text)):
        for difference in pull_compare.compare(reader, _MODEL):
            if difference.in_generated:
                assert difference.line is not None, (text, difference.message)
                assert 1 <= difference.line <= lines + _PULL_HEAD.count("\n"), (
                    text,
                    difference.message,
                )
            else:
                assert difference.offset is not None, (text, difference.message)
                assert 0 <= difference.offset <= len(_MODEL_SQL), (text, difference.message)
    for name in ("drizzle.config.ts", "drizzle.config.json"):
        with contextlib.suppress(UnreadableConfig):
            assert all(read_drizzle_config(name, text).outs), text
    for spec in module_specifiers(text):
        assert text[spec.offset] in "'\"`}", (text, spec.offset)
    loader = "const load = createRequire(import.meta.url);\nload('drizzle-kit/api');\n"
    if not any(c in text for c in "'\"`/\\{}()[]") and text.count("\n") == 0:
        tail = module_specifiers(text + ";\n" + loader)
        assert any(s.value == "drizzle-kit/api" for s in tail), text
    # AF401's run sites: any text as the tsconfig, the scripts, a container and an importer.
    texts = {
        "tsconfig.json": text,
        "package.json": text,
        "Dockerfile": "CMD " + text,
        "src/a.ts": text,
        "src/m.ts": "import 'drizzle-orm/pg/migrator';\n",
    }
    tail = RunSites(sorted(texts), texts.get).of("src/m.ts")
    assert tail == "" or (tail.startswith(" (") and tail.endswith(")")), (text, tail)
    # Allow directives: any text gives warnings only, each at a line of the text.
    for warning in allow_directives("x.sh", "# atlas-first: allow AF301 " + text, []):
        assert warning.code == "AF304", (text, warning)
        assert 1 <= (warning.line or 0) <= text.count("\n") + 1, (text, warning.line)
    # Merge conflicts: a refused file is named as one in conflict whatever surrounds the
    # markers, and the reason is never lost for a file without them.
    conflicted = f"<<<<<<< HEAD\n{text}\n=======\n>>>>>>> other\n"
    assert "merge conflict" in str(unreadable("p:1:1", "p", "invalid", conflicted)), text
    assert str(unreadable("p:1:1", "p", "invalid", text)).startswith("p"), text
    offsets = script_key_offsets(text)
    try:
        doc = load_package_json(text, "package.json")
    except ToolError:
        return
    scripts = doc.get("scripts")
    if isinstance(scripts, dict):
        for name in scripts:
            assert name in offsets, (text, name)
            key = STRING.match(text, offsets[name])
            assert key is not None, (text, name)
            assert json.loads(key.group()) == name


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
