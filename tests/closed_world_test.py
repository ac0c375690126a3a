"""The closed world (issue 37): a file no reader of ours knows is searched line by line, so
that no new kind of carrier is a way around the ban (AF305) — and the search is strict, so
that prose, fixtures and another tool's files never block a commit. Every row is a real
public shape, staged in the seed monorepo and checked through the hook with real git, then
again through `check --all-files` (one `git grep` picks the files there)."""

from __future__ import annotations

import pytest

from hooks.cli import main as cli
from hooks.forbid_drizzle_kit_scripts import main

RUNS = [
    # (path, text, expected "line:col CODE command")
    ("deploy/api.service",
     "[Unit]\nDescription=API\n[Service]\nExecStartPre=/usr/bin/npx drizzle-kit migrate\n"
     "ExecStart=/usr/bin/node dist/index.js\n",
     "4:14 AF305 drizzle-kit migrate"),
    ("infra/main.tf",
     'resource "null_resource" "migrate" {\n  provisioner "local-exec" {\n'
     '    command = "npx drizzle-kit migrate"\n  }\n}\n',
     "3:16 AF305 drizzle-kit migrate"),
    ("wrangler.toml",
     'name = "api"\n[build]\ncommand = "npx drizzle-kit generate && npm run build"\n',
     "3:12 AF305 drizzle-kit generate"),
    ("buildspec.yml",
     "version: 0.2\nphases:\n  pre_build:\n    commands:\n      - npm ci\n"
     "      - npx drizzle-kit migrate\n",
     "6:9 AF305 drizzle-kit migrate"),
    ("amplify.yml",
     "version: 1\nfrontend:\n  phases:\n    preBuild:\n      commands:\n"
     "        - 'npx drizzle-kit push --force'\n",
     "6:12 AF305 drizzle-kit push --force"),
    (".gitpod.yml",
     "tasks:\n  - name: db\n    init: pnpm install && pnpm drizzle-kit push\n",
     "3:11 AF305 drizzle-kit push"),
    ("nodemon.json",
     '{"watch": ["src"], "exec": "drizzle-kit push && tsx src/index.ts"}\n',
     "1:29 AF305 drizzle-kit push"),
    ("tools/migrate/main.go",
     'package main\n\nimport "os/exec"\n\nfunc main() {\n'
     '\texec.Command("npx", "drizzle-kit", "migrate").Run()\n}\n',
     "6:15 AF305 drizzle-kit migrate"),
    ("Vagrantfile",
     "Vagrant.configure('2') do |config|\n"
     "  config.vm.provision 'shell', inline: 'cd /vagrant && npx drizzle-kit migrate'\nend\n",
     "2:41 AF305 drizzle-kit migrate"),
    (".ebextensions/01_migrate.config",
     "container_commands:\n  01_migrate:\n    command: npx drizzle-kit migrate\n"
     "    leader_only: true\n",
     "3:14 AF305 drizzle-kit migrate"),
    ("devenv.nix",
     "{ pkgs, ... }: {\n  processes.migrate.exec = \"npx drizzle-kit migrate\";\n}\n",
     "2:29 AF305 drizzle-kit migrate"),
    (".replit", 'run = "npx drizzle-kit push && npm run dev"\n', "1:8 AF305 drizzle-kit push"),
    ("Rakefile", "task :migrate do\n  sh 'npx drizzle-kit migrate'\nend\n",
     "2:7 AF305 drizzle-kit migrate"),
    ("process-compose.yaml",
     "processes:\n  migrate:\n    command: npx drizzle-kit migrate\n",
     "3:14 AF305 drizzle-kit migrate"),
    (".envrc", "dotenv\nnpx drizzle-kit push\n", "2:1 AF301 drizzle-kit push"),  # (direnv: shell)
    ("ansible/deploy.yml",
     "- hosts: api\n  tasks:\n    - name: migrate\n"
     "      ansible.builtin.command: npx drizzle-kit migrate\n",
     "4:32 AF305 drizzle-kit migrate"),
    ("scripts/migrate.rb", "system('npx', 'drizzle-kit', 'migrate')\n",
     "1:8 AF305 drizzle-kit migrate"),
    ("lib/tasks/db.rake", "task :migrate do\n  `npx drizzle-kit migrate`\nend\n",
     "2:4 AF305 drizzle-kit migrate"),
    ("db.gradle", "task migrate(type: Exec) {\n  commandLine 'npx', 'drizzle-kit', 'push'\n}\n",
     "2:15 AF305 drizzle-kit push"),
    ("tools.gradle", 'def out = "npx drizzle-kit generate".execute()\n',
     "1:12 AF305 drizzle-kit generate"),
    ("deploy/pipeline.json",
     '{\n  "steps": [\n    {\n      "commands": [\n        "npm ci",\n'
     '        "npx drizzle-kit migrate"\n      ]\n    }\n  ]\n}\n',
     "6:10 AF305 drizzle-kit migrate"),
]  # fmt: skip

CLEAN = [
    # prose, by name, suffix or folder: never read
    ("README.md", "Run `npx drizzle-kit push` to sync.\n"),
    ("CHANGELOG", "- removed npx drizzle-kit push from CI\n"),
    ("docs/deploy.yml", "steps:\n  - npx drizzle-kit migrate\n"),
    ("notes.txt", "npx drizzle-kit push\n"),
    ("apps/docs/src/Setup.vue", '<code>npx drizzle-kit push</code>\n'),
    ("yarn.lock", '"drizzle-kit@^0.31.0":\n  version "0.31.4"\n'),
    # searched, and strict: comments, prose keys, sentences, safe subcommands
    ("infra/main.tf", "# npx drizzle-kit push used to run here\nresource \"x\" \"y\" {}\n"),
    ("notes.yml", "description: npx drizzle-kit push is banned here\ncmd: npx drizzle-kit pull\n"),
    ("locales/en.json",
     '{"hint": "Run npx drizzle-kit push", "x": "npx drizzle-kit push to sync the database",'
     ' "y": "Run `npx drizzle-kit push` to sync"}\n'),
    ("tools/x.go", '// npx drizzle-kit push\nfmt.Println("npx drizzle-kit push is banned")\n'),
    ("deploy/api.service", "[Service]\nExecStartPre=/usr/bin/npx drizzle-kit check\n"),
    ("NOTES", "Run `npx drizzle-kit push` to sync.\n"),
    ("Rakefile", "task :types do\n  sh 'npx drizzle-kit pull'\nend\n"),
    ("deploy/run.conf", "[program:x]\ncommand=node server.js\n; npx drizzle-kit push\n"),
    # a reader's own grammar wins over the search: supervisord's ` ;` starts a comment
    ("docker/supervisord.conf", "[program:api]\ncommand=node dist/index.js ; npx drizzle-kit push\n"),
    # found on real repositories: Cursor rules (Markdown), release notes as HTML in YAML
    (".cursor/rules/drizzle.mdc", "```bash\nnpx drizzle-kit push:pg\n```\n"),
    ("src/data/shipping.yaml", "- version: 0.31\n  notes: |\n    <li>Added drizzle-kit pull --init</li>\n"),
    ("tsconfig.tsbuildinfo", '{"program":{"fileNames":["./node_modules/drizzle-kit/push.d.ts"]}}'),
]  # fmt: skip


@pytest.mark.parametrize(("path", "text", "expected"), RUNS, ids=[r[0] for r in RUNS])
def test_a_file_no_reader_knows_is_searched(monorepo, capsys, path, text, expected) -> None:
    monorepo.stage(path, text)
    assert main([path]) == 1
    out = capsys.readouterr().out
    position, code, command = expected.split(" ", 2)
    assert f'{path}:{position}: {code} runs "{command}"' in out
    assert out.count(f"{path}:") == 1


@pytest.mark.parametrize(("path", "text"), CLEAN, ids=[f"{c[0]}-{n}" for n, c in enumerate(CLEAN)])
def test_prose_comments_and_sentences_are_never_a_stop(monorepo, capsys, path, text) -> None:
    monorepo.stage(path, text)
    assert main([path]) == 0, capsys.readouterr().out


def test_the_whole_tree_finds_the_same_with_one_grep(monorepo, capsys) -> None:
    for n, (path, text, _) in enumerate(RUNS):
        monorepo.stage(f"r{n}/{path}", text)
    for n, (path, text) in enumerate(CLEAN):
        monorepo.stage(f"c{n}/{path}", text)
    monorepo.commit("every shape")
    assert cli(["check", "--all-files"]) == 1
    out = capsys.readouterr().out
    for n, (path, _, expected) in enumerate(RUNS):
        position, code, _command = expected.split(" ", 2)
        assert f"r{n}/{path}:{position}: {code} " in out
    assert "\nc" not in "\n" + "\n".join(
        line for line in out.splitlines() if not line.startswith(" ")
    )


def test_a_carrier_read_by_content_is_searched_only_where_its_reader_found_nothing(
    monorepo, capsys
) -> None:
    job = (
        "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      containers:\n"
        "        - name: m\n          image: api\n          command: [npx, drizzle-kit, migrate]\n"
    )
    monorepo.stage("k8s/job.yaml", job)
    assert main(["k8s/job.yaml"]) == 1
    out = capsys.readouterr().out
    assert "k8s/job.yaml:9:" in out
    assert "AF301" in out
    assert "AF305" not in out


def test_not_scripts_and_a_directive_exempt_what_holds_no_command(monorepo, capsys) -> None:
    monorepo.stage(".atlas-first.toml", 'not-scripts = ["fixtures/**"]\n')
    monorepo.stage("fixtures/unit.service", "[Service]\nExecStart=npx drizzle-kit push\n")
    monorepo.stage(
        "deploy/api.service",
        "[Service]\n# atlas-first: allow AF305 the throwaway preview database\n"
        "ExecStartPre=npx drizzle-kit push --force\n",
    )
    assert main(["fixtures/unit.service", "deploy/api.service"]) == 0, capsys.readouterr().out


def test_a_binary_or_a_utf16_file_is_not_searched(monorepo) -> None:
    (monorepo.path / "tools").mkdir()
    (monorepo.path / "tools/blob.bin").write_bytes(b"\x00\x01npx drizzle-kit push\x00")
    (monorepo.path / "tools/x.cfg").write_bytes("run = npx drizzle-kit push\n".encode("utf-16"))
    monorepo.add("tools")
    assert main(["tools/blob.bin", "tools/x.cfg"]) == 0


def test_a_tracked_link_to_a_folder_is_no_file_to_refuse(monorepo, capsys) -> None:
    """A repository that links `.claude` to `.agents` (found on a real repository: exit 2)."""
    (monorepo.path / ".agents").mkdir()
    (monorepo.path / ".agents/setup.sh").write_text("#!/bin/sh\nnpx drizzle-kit check\n")
    (monorepo.path / ".claude").symlink_to(".agents")
    monorepo.add(".agents", ".claude")
    monorepo.commit("a linked folder")
    assert cli(["check", "--all-files"]) == 0, capsys.readouterr().err
    assert main([".claude", ".agents/setup.sh"]) == 0


# Found by an independent tester on real public shapes (issue 37, second round): each a
# false alarm or a miss of the first closed-world reader.
SECOND_ROUND_CLEAN = [
    ('config/locales/en.yml', 'en:\n  setup:\n    hint: "Run npx drizzle-kit push to create the tables"\n    migrate_hint: npx drizzle-kit migrate\n'),  # A51_i18n_yaml
    ('cmd/init.go', 'package cmd\n\nimport "fmt"\n\nfunc printNext() {\n\tfmt.Println("Next steps:")\n\tfmt.Println("  npx drizzle-kit push")\n\tfmt.Printf("  %s\\n", "npx drizzle-kit migrate")\n}\n'),  # A52_go_cli_help_print
    ('.windsurfrules', '# Database\nnpx drizzle-kit generate\nnpx drizzle-kit migrate\n'),  # A55_windsurfrules
    ('.clinerules', '## Commands\n- db:push: drizzle-kit push\n- db:migrate: drizzle-kit migrate\n'),  # A56_clinerules
    ('templates/next-steps.ejs', '<p>Run <code>npx drizzle-kit migrate</code></p>\n<% if (push) { %>\nnpx drizzle-kit push\n<% } %>\n'),  # A66_ejs_template
    ('site/_includes/setup.njk', "{% set cmd = 'npx drizzle-kit push' %}\n<pre>{{ cmd }}</pre>\n"),  # A67_njk_docs_partial
    ('website/data/commands.yml', '- name: push\n  command: npx drizzle-kit push\n  summary: Push the schema\n- name: migrate\n  command: npx drizzle-kit migrate\n'),  # A69_docs_data_yaml
    ('test/fixtures/package-scripts.json', '{"scripts": {"db:push": "drizzle-kit push"}}\n'),  # A72_fixture_txt_like_json
    ('internal/hints/hints.go', 'package hints\n\nconst MigrateHint = "npx drizzle-kit migrate"\n\nvar Hints = map[string]string{\n\t"push": "Run npx drizzle-kit push to sync",\n}\n'),  # A74_go_string_const_doc
    ('lib/tasks/help.rake', 'task :help do\n  puts \'npx drizzle-kit migrate\'\n  puts "Then run drizzle-kit push"\nend\n'),  # A78_ruby_puts
    ('src/main/java/Hint.java', 'class Hint { void h() { log.info("run npx drizzle-kit migrate"); System.out.println("npx drizzle-kit push"); } }\n'),  # A88_java_log
    ('src/main/resources/messages.properties', 'setup.hint=npx drizzle-kit push\nsetup.migrate=Run npx drizzle-kit migrate\n'),  # F02_properties_i18n
    ('lib/l10n/app_en.arb', '{\n  "setupHint": "npx drizzle-kit push",\n  "@setupHint": {"description": "command shown"}\n}\n'),  # F03_flutter_arb
    ('src/main/kotlin/Hint.kt', 'fun main() {\n    println("npx drizzle-kit migrate")\n}\n'),  # F04_kotlin_println
    ('lib/hint.ex', 'defmodule Hint do\n  def show, do: IO.puts("npx drizzle-kit migrate")\nend\n'),  # F06_elixir_io_puts
    ('Tools/Hint.cs', 'class H { static void Main() { Console.WriteLine("npx drizzle-kit push"); } }\n'),  # F07_csharp_console
    ('openapi.yaml', "openapi: 3.0.0\ninfo:\n  title: api\n  version: '1'\npaths:\n  /admin/run:\n    post:\n      requestBody:\n        content:\n          application/json:\n            example:\n              command: npx drizzle-kit migrate\n"),  # F08_openapi_example
    ('src/parse.rs', '#[test]\nfn parses() {\n    assert_eq!(sub("npx drizzle-kit push"), "push");\n}\n'),  # F11_rust_test_assert
    ('schemas/task.schema.json', '{\n  "properties": {"sub": {"enum": ["push", "migrate"], "examples": ["npx drizzle-kit push"]}}\n}\n'),  # F12_json_schema_enum
    ('site/data/faq.yaml', '- q: How do I create the tables?\n  a: npx drizzle-kit push\n'),  # F14_yaml_faq_data
    ('data/commands.toml', '[[command]]\nname = "push"\nrun = "npx drizzle-kit push"\n'),  # F15_toml_hugo_data
    ('ios/en.lproj/Localizable.strings', '"setup.hint" = "npx drizzle-kit push";\n'),  # F16_strings_ios
    ('lib/cli.rb', 'HELP = <<~TXT\n  Usage:\n    npx drizzle-kit push\nTXT\nputs HELP\n'),  # F20_ruby_heredoc_cli_help
    ('cmd/root.go', 'package cmd\n\nvar long = `Setup:\n  npx drizzle-kit push\n`\n'),  # F21_go_raw_string_help
    ('handbook/onboarding.yaml', 'steps:\n  - Clone the repo\n  - npx drizzle-kit push\n  - npm run dev\n'),  # F24_yaml_bullet_list_docs_dir_notdocs
    ('.claude/settings.json', '{\n  "permissions": {\n    "allow": [\n      "npx tsc --noEmit",\n      "npx drizzle-kit generate",\n      "npx drizzle-kit push",\n      "npx drizzle-kit studio"\n    ],\n    "deny": ["rm -rf"]\n  }\n}\n'),  # I02_claude_settings_allow
    ('internal/guard/guard_test.go', 'package guard\n\nvar dangerous = []string{\n\t"npx drizzle-kit push",\n\t"npx drizzle-kit migrate",\n}\n'),  # I05_go_slice_of_commands
]  # fmt: skip
SECOND_ROUND_RUNS = [
    ('codemagic.yaml', 'workflows:\n  web:\n    name: Web\n    scripts:\n      - name: Migrate\n        script: |\n          npm ci\n          npx drizzle-kit push --force\n'),  # A08_codemagic_yaml
    ('cloud-init/user-data', '#cloud-config\npackages:\n  - nodejs\nruncmd:\n  - cd /opt/app && npx drizzle-kit migrate\n'),  # A15_cloud_init_runcmd
    ('xtask/src/main.rs', 'use std::process::Command;\nfn main() {\n    let status = Command::new("npx").args(["drizzle-kit", "push"]).status().unwrap();\n    assert!(status.success());\n}\n'),  # A17_rust_command
    ('tools/migrate.go', 'package main\n\nimport "os/exec"\n\nfunc main() {\n\tcmd := exec.Command(\n\t\t"npx",\n\t\t"drizzle-kit",\n\t\t"migrate",\n\t)\n\t_ = cmd.Run()\n}\n'),  # A21_go_exec_multiline
    ('infra/migrate.tf', 'resource "null_resource" "db" {\n  provisioner "local-exec" {\n    command = <<-EOT\n      cd ../app\n      npx drizzle-kit migrate\n    EOT\n  }\n}\n'),  # A22_terraform_heredoc
    ('magefile.go', '//go:build mage\npackage main\n\nimport "github.com/magefile/mage/sh"\n\nfunc Migrate() error {\n\treturn sh.RunV("npx", "drizzle-kit", "migrate")\n}\n'),  # A25_go_sh_c
    ('ci/tasks/migrate.yml', 'platform: linux\nimage_resource:\n  type: registry-image\n  source: {repository: node}\nrun:\n  path: sh\n  args:\n    - -exc\n    - |\n      npm ci\n      npx drizzle-kit migrate\n'),  # A29_concourse_task
    ('.harness/pipeline.yaml', 'pipeline:\n  stages:\n    - stage:\n        spec:\n          execution:\n            steps:\n              - step:\n                  type: Run\n                  spec:\n                    shell: Sh\n                    command: |-\n                      npm ci\n                      npx drizzle-kit migrate\n'),  # A30_harness_pipeline
    ('k8s/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: migrate-script\ndata:\n  migrate.sh: |\n    #!/bin/sh\n    set -e\n    npx drizzle-kit migrate\n'),  # A31_k8s_configmap_script
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "text"),
    SECOND_ROUND_CLEAN,
    ids=[f"{p}-{n}" for n, (p, _) in enumerate(SECOND_ROUND_CLEAN)],
)
def test_printed_strings_tables_data_and_templates_are_never_a_stop(
    monorepo, capsys, path, text
) -> None:
    monorepo.stage(path, text)
    assert main([path]) == 0, capsys.readouterr().out


@pytest.mark.parametrize(("path", "text"), SECOND_ROUND_RUNS, ids=[p for p, _ in SECOND_ROUND_RUNS])
def test_blocks_calls_and_lists_in_a_commands_place_are_read(monorepo, capsys, path, text) -> None:
    monorepo.stage(path, text)
    assert main([path]) == 1
    out = capsys.readouterr().out
    assert f"{path}:" in out
    assert "AF305" in out or "AF301" in out


def test_a_file_of_prose_that_names_the_banned_commands_is_never_a_finding() -> None:
    """Property (issue 37): sentences of any words around any banned command, in a file no
    reader knows, however they are indented or listed, are never a finding."""
    from hypothesis import given
    from hypothesis import settings
    from hypothesis import strategies as st

    from hooks.commands.script_files import find_in_script_file
    from hooks.project.config import Config
    from hooks.project.config import validate

    config = Config(validate({}, "t"), "t")
    word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)
    banned = st.sampled_from(["push", "migrate", "generate", "up", "drop", "push --force"])
    runner = st.sampled_from(["npx ", "pnpm ", "bunx ", "yarn ", ""])
    sentence = st.builds(
        lambda before, run, sub, after, end: (
            " ".join([*before, f"{run}drizzle-kit {sub}", *after]) + end
        ),
        st.lists(word, min_size=1, max_size=6),
        runner,
        banned,
        st.lists(word, min_size=1, max_size=6),
        st.sampled_from([".", "", "!", " then.", " first."]),
    )
    line = st.builds(
        lambda indent, bullet, text: indent + bullet + text,
        st.sampled_from(["", "  ", "    ", "\t"]),
        st.sampled_from(["", "- ", "* ", "1. ", "> "]),
        sentence,
    )

    @settings(max_examples=300, deadline=None)
    @given(st.lists(line, min_size=1, max_size=8), st.sampled_from(["notes.cfg", "NOTES", "x.ini"]))
    def never(lines: list[str], path: str) -> None:
        text = "\n".join(lines) + "\n"
        assert find_in_script_file(path, "unknown", text, config) == [], text

    never()
