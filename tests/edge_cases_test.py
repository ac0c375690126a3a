"""Paths the main suites do not walk: the all-in-one hook in process, odd configurations,
recipe and YAML corners, output on a terminal, and verify's details."""

from __future__ import annotations

import io
import sys

import pytest

from hooks.cli import main
from hooks.project.config import Config
from hooks.project.config import validate
from hooks.project.config_files import load_config
from hooks.report.output import report
from hooks.report.run import run_safely
from hooks.report.violation import ToolError
from hooks.report.violation import Violation

GEN = "packages/database/src/schema/schema.ts"
NEW = "packages/database/migrations/0001_add_email.sql"


def test_hook_command_reports_the_change_once_per_run(
    monorepo, monkeypatch, tmp_path, capsys
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monorepo.stage(GEN, "// edit\n")
    monorepo.stage(NEW, "select 1;\n")
    assert main(["hook", NEW]) == 1
    first = capsys.readouterr().out
    assert "AF101" in first
    assert "AF201" in first
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert main(["hook", NEW]) == 1
    assert "AF101" in capsys.readouterr().out
    assert main(["hook", "README.md"]) == 0  # same runner, same change: AF101 already reported
    assert "AF101" not in capsys.readouterr().out


def test_hook_command_with_nothing_to_report(monorepo, capsys) -> None:
    assert main(["hook"]) == 0


def test_colour_on_a_terminal(monkeypatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert report([Violation("a.ts", "AF401", "msg", "hint", line=1, col=2)]) == 1
    assert "\033[1;31mAF401\033[0m" in terminal.getvalue()
    monkeypatch.setenv("TERM", "dumb")
    terminal.truncate(0)
    report([Violation("a.ts", "AF401", "msg", "hint")])
    assert "\033[" not in terminal.getvalue()


def test_interrupt_is_exit_130(capsys) -> None:
    def interrupted() -> int:
        raise KeyboardInterrupt

    assert run_safely("prog", interrupted) == 130
    assert "prog: interrupted" in capsys.readouterr().err


def test_violation_repr() -> None:
    assert repr(Violation("a", "AF101", "m", "h")) == "Violation('a', 'AF101', 'm')"


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"banned-subcommands": ["two words"]}, "must be a list of single words"),
        ({"banned-subcommands": "push"}, "must be a list of single words"),
        ({"script-files": "yes"}, "must be true or false, not a string"),
    ],
)
def test_more_config_errors(values, words) -> None:
    with pytest.raises(ToolError, match=words):
        validate(values, "t")


def test_banned_subcommands_are_normalised() -> None:
    config = Config(validate({"banned-subcommands": [" Push "]}, "t"), "t")
    assert config.banned_subcommands == ("push",)


def test_unreadable_config(tmp_path) -> None:
    (tmp_path / ".atlas-first.toml").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.atlas-first]\n")
    # a folder named like the config file is not a config file: the pyproject table is used
    assert load_config(str(tmp_path)).origin == "pyproject.toml [tool.atlas-first]"


def test_pyproject_without_a_tool_table(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "atlas-first-consumer"\n')
    assert load_config(str(tmp_path)).origin == "defaults"


def test_yaml_and_recipe_corners() -> None:
    from hooks.commands.carriers import snippets

    yaml = (
        "jobs:\n"
        " j:\n"
        "  steps:\n"
        "  - run: |-\n"
        "\n"
        "      echo start\n"
        "      drizzle-kit push\n"
        "  - run: 'it''s fine'\n"
        '  - run: "drizzle-kit \\"generate\\""\n'
        "  - run: echo hi # drizzle-kit push\n"
        "script:\n"
        "  # a comment\n"
        "  - |\n"
        "    drizzle-kit up\n"
        "other: 1\n"
    )
    texts = [s.text for s in snippets("github", yaml, "w.yml")]
    texts += [s.text for s in snippets("gitlab", yaml, ".gitlab-ci.yml")]
    assert "echo start\ndrizzle-kit push" in texts[0]
    assert "it's fine" in texts
    assert 'drizzle-kit "generate"' in texts
    assert "echo hi" in texts
    makefile = "all:\n\t@echo a \\\n\t  drizzle-kit push\n"
    (snippet,) = snippets("make", makefile, "Makefile")
    assert snippet.text == "echo a \\\ndrizzle-kit push"
    assert snippet.position(snippet.text.index("drizzle")) == (3, 4)
    just = "push:\n    #!/usr/bin/env bash\n    drizzle-kit push\n"
    assert [s.text for s in snippets("just", just, "justfile")] == ["drizzle-kit push"]


def test_verify_diff_details() -> None:
    from hooks.setup.verify import _diff

    assert _diff(b"a\n", b"a\r\n", "p") == [
        "(the files differ only in line endings or a final newline)"
    ]
    long_old = "".join(f"{i}\n" for i in range(40)).encode()
    lines = _diff(long_old, b"", "p")
    assert lines[-1].startswith("... (")


def test_verify_command_that_cannot_start(tmp_path) -> None:
    from hooks.setup.verify import run_regenerate

    script = tmp_path / "not-executable.sh"
    script.write_text("echo hi\n")
    with pytest.raises(ToolError, match="cannot run"):
        run_regenerate([str(script)], str(tmp_path))


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"ab", "ab"),
        (b"\xef\xbb\xbfab", "ab"),  # one BOM is dropped, as "utf-8-sig" drops it
        (b"\xef\xbb\xbf\xef\xbb\xbfab", "\ufeffab"),  # and only one
        (b"\xff\xfea\x00", "a"),  # UTF-16 with its BOM
        (b"", ""),
    ],
)
def test_decode_reads_text_as_the_utf8_sig_codec_does(data, text) -> None:
    from hooks.repo.files import decode

    assert decode(data, "x") == text
    if not data.startswith(b"\xff\xfe"):
        assert decode(data, "x") == data.decode("utf-8-sig")


@pytest.mark.parametrize(("data", "offset"), [(b"a\xffb", 1), (b"\xef\xbb\xbfa\xffb", 4)])
def test_decode_error_names_the_bytes_offset_in_the_file(data, offset) -> None:
    from hooks.repo.files import decode

    with pytest.raises(ToolError, match=rf"undecodable byte at offset {offset}\)"):
        decode(data, "x")
