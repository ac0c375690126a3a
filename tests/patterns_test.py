from __future__ import annotations

import pathspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hooks.repo.patterns import PathMatcher
from hooks.repo.patterns import literal_prefix


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("packages/database/src/schema/", ("packages/database/src/schema", True)),
        ("/packages/database/migrations/", ("packages/database/migrations", True)),
        ("packages/database/schema.sql", ("packages/database/schema.sql", False)),
        ("schema.sql", None),  # unanchored: any depth
        ("schema/", None),
        ("db/*.sql", None),
        ("**/migrations/", None),
        ("!packages/x", None),
        ("a//b", None),
        ("a/./b", None),
        (" a/b", None),
        ("", None),
        ("# a/b", None),
    ],
)
def test_literal_prefix(pattern, expected) -> None:
    assert literal_prefix(pattern) == expected


@pytest.mark.parametrize(
    ("patterns", "path", "matches"),
    [
        (["packages/database/src/schema/"], "packages/database/src/schema/a.ts", True),
        (["packages/database/src/schema/"], "packages/database/src/schema/a/b/c.ts", True),
        (["packages/database/src/schema/"], "packages/database/src/schemas/a.ts", False),
        (["packages/database/src/schema/"], "packages/database/src/schema", False),
        (["packages/database/schema.sql"], "packages/database/schema.sql", True),
        (["packages/database/schema.sql"], "packages/database/schema.sql.bak", False),
        (["schema.sql"], "any/depth/schema.sql", True),
        (["db/*.sql"], "db/a.sql", True),
        (["db/*.sql"], "db/sub/a.sql", False),
        (["**/migrations/"], "apps/api/migrations/0000.sql", True),
        (["mig/", "!mig/keep.sql"], "mig/keep.sql", False),
        (["mig/", "!mig/keep.sql"], "mig/other.sql", True),
        ([], "anything", False),
    ],
)
def test_matcher_table(patterns, path, matches) -> None:
    assert PathMatcher(patterns).match(path) is matches


segment = st.sampled_from(["a", "b", "db", "schema.sql", "src", "x.ts", "migrations", "ü"])
paths = st.lists(segment, min_size=1, max_size=5).map("/".join)
literal_patterns = st.builds(
    lambda lead, body, trail: lead + body + trail,
    st.sampled_from(["", "/"]),
    st.lists(segment, min_size=2, max_size=4).map("/".join),
    st.sampled_from(["", "/"]),
)


star_patterns = st.builds(
    lambda lead, body, suffix: f"{lead}{body}/*{suffix}",
    st.sampled_from(["", "/"]),
    st.lists(segment, min_size=1, max_size=3).map("/".join),
    st.sampled_from(["", ".sql", "sql", ".ts", ".sql.bak"]),
)


@given(patterns=st.lists(literal_patterns, min_size=1, max_size=3), path=paths)
def test_fast_path_agrees_with_pathspec(patterns, path) -> None:
    matcher = PathMatcher(patterns)
    assert matcher.literal_paths is not None
    assert matcher.match(path) == pathspec.GitIgnoreSpec.from_lines(patterns).match_file(path)


@given(
    patterns=st.lists(st.one_of(literal_patterns, star_patterns), min_size=1, max_size=3),
    path=st.one_of(paths, paths.map(lambda p: p + ".sql")),
)
def test_star_suffix_fast_path_agrees_with_pathspec(patterns, path) -> None:
    matcher = PathMatcher(patterns)
    assert matcher._spec is None  # answered without pathspec
    assert matcher.match(path) == pathspec.GitIgnoreSpec.from_lines(patterns).match_file(path)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("packages/db/drizzle/*.sql", ("packages/db/drizzle", ".sql")),
        ("/drizzle/*.sql", ("drizzle", ".sql")),
        ("drizzle/*", ("drizzle", "")),
        ("*.sql", None),
        ("drizzle/*.s?l", None),
        ("drizzle/a*.sql", None),
        ("drizzle/*.sql/", None),
        ("**/drizzle/*.sql", None),
    ],
)
def test_star_suffix(pattern, expected) -> None:
    from hooks.repo.patterns import star_suffix

    assert star_suffix(pattern) == expected


@given(patterns=st.lists(st.text(max_size=12), max_size=3), path=st.text(max_size=20))
def test_arbitrary_patterns_compile_or_raise_a_clear_value_error(patterns, path) -> None:
    try:
        matcher = PathMatcher(patterns)
    except ValueError as exc:
        message = str(exc)
        matcher = None
    else:
        message = ""
        matcher.match(path)
    assert matcher is not None or message.startswith("invalid gitignore-style pattern")


def test_invalid_pattern_in_config_is_exit_2_naming_the_key(monorepo, capsys) -> None:
    from hooks.cli import main

    monorepo.write(".atlas-first.toml", 'generated = ["!"]\n')
    monorepo.stage("packages/database/src/schema/schema.ts", "// edit\n")
    assert main(["check"]) == 2
    assert ".atlas-first.toml: 'generated': invalid gitignore-style pattern" in (
        capsys.readouterr().err
    )
