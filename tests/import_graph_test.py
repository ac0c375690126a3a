"""The package's architecture (issues 26 and 41): every module belongs to a part, parts
import only parts below them, a part's private modules (`_name`) stay inside it, no module
imports another that imports it back, and no module grows past the size limit without a
reason written here. Read with Python's `ast` from the source files: imports inside
functions count (they run as surely as the module's own, only later), and so do imports
under `if TYPE_CHECKING:` for the direction of parts (a type that points upward is a border
in the wrong place too); only the circle of run-time imports leaves those out."""

from __future__ import annotations

import ast
import functools

import pytest

from tests.conftest import PROJECT

PACKAGE = PROJECT / "hooks"
# The top: the entry points (the six hook modules, the command line, the console scripts).
TOP = {
    "hooks._console",
    "hooks.cli",
    "hooks.forbid_generated_schema_edits",
    "hooks.forbid_new_migrations",
    "hooks.forbid_drizzle_kit_scripts",
    "hooks.forbid_drizzle_migrator",
    "hooks.lint_schema_source",
    "hooks.guard_atlas_config",
}
# The parts, lowest first: a part imports only itself and the parts before it.
PARTS = ("report", "repo", "atlas", "schema", "drizzle", "commands", "project", "runner", "setup")
LIMIT = 600  # lines a module holds
# Modules over the limit, each with its reason.
OVER_LIMIT: dict[str, str] = {}


@functools.cache  # the package's source, read once for every test here
def _modules() -> dict[str, tuple[ast.Module, bool, int]]:
    """Each module's name: its tree, whether it is a package's `__init__`, its lines."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PROJECT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        text = path.read_text(encoding="utf-8")
        found[name] = (ast.parse(text, str(path)), parts[-1] == "__init__", text.count("\n"))
    return found


def _type_only(tree: ast.Module) -> set[int]:
    """The ids of import nodes under `if TYPE_CHECKING:`."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            skipped.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    return skipped


def imports_of(
    name: str, tree: ast.Module, known: set[str], *, types: bool = False, package: bool = False
) -> set[str]:
    """The package's modules `name` imports at run time (from x import y: the module x.y
    where there is one, else x; `__import__("x")` with a literal name); with `types`, the
    imports only a type checker runs too. `package`: `name` is a package's `__init__`."""
    package_name = name if name == "hooks" or package else name.rsplit(".", 1)[0]
    skipped = set() if types else _type_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package_name.split(".")[: len(package_name.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.add(target if target in known else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == "__import__"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return {m for m in found if m in known and m != name}


def graph(*, types: bool = False) -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {
        name: imports_of(name, tree, known, types=types, package=package)
        for name, (tree, package, _) in modules.items()
    }


def part_of(name: str) -> str:
    """The part a module belongs to: `top` for the entry points, `root` for the package."""
    if name in TOP:
        return "top"
    if name == "hooks":
        return "root"
    return name.split(".")[1]


def _private(name: str) -> bool:
    return any(piece.startswith("_") for piece in name.split(".")[2:])


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (or a self-import)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:  # iterative Tarjan: no recursion limit to meet
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

    for name in sorted(edges):
        if name not in index:
            visit(name)
    return found


def test_the_package_has_no_import_circle() -> None:
    assert circles(graph()) == []


def test_no_two_modules_import_each_other_even_for_types() -> None:
    assert circles(graph(types=True)) == []


def test_every_module_belongs_to_a_part() -> None:
    strays = sorted(m for m in graph() if part_of(m) not in {"top", "root", *PARTS})
    assert strays == []
    assert set(graph()) >= TOP  # the table names real modules


def test_parts_import_only_the_parts_below_them() -> None:
    rank = {"root": -1, **{part: i for i, part in enumerate(PARTS)}, "top": len(PARTS)}
    upward = sorted(
        (m, t)
        for m, targets in graph(types=True).items()
        for t in targets
        if rank[part_of(t)] > rank[part_of(m)]
    )
    assert upward == []


def test_a_part_is_entered_only_through_the_modules_its_init_names() -> None:
    modules = _modules()
    public = {}
    for part in PARTS:
        tree = modules[f"hooks.{part}"][0]
        assert ast.get_docstring(tree), f"hooks/{part}/__init__.py says what the part holds"
        names = next(
            ast.literal_eval(node.value)
            for node in tree.body
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__"
        )
        assert all(f"hooks.{part}.{n}" in modules for n in names), part
        public[part] = set(names)
    unowned = sorted(
        m
        for m in modules
        if part_of(m) in PARTS
        and m.count(".") >= 2
        and not _private(m)
        and m.split(".")[2] not in public[part_of(m)]
    )
    assert unowned == []  # a module not private is public: its part's __init__ names it
    entered = sorted(
        (m, t)
        for m, targets in graph(types=True).items()
        for t in targets
        if part_of(t) in PARTS
        and part_of(t) != part_of(m)
        and (_private(t) or (t.count(".") >= 2 and t.split(".")[2] not in public[part_of(t)]))
    )
    assert entered == []


def test_no_module_is_over_the_size_limit_without_a_reason() -> None:
    sizes = {name: lines for name, (_, _, lines) in _modules().items()}
    over = sorted(m for m, lines in sizes.items() if lines > LIMIT and m not in OVER_LIMIT)
    assert over == []
    assert all(sizes.get(m, 0) > LIMIT for m in OVER_LIMIT)  # a reason outlives no split


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}, "c": set()}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": set()}, []),
        ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, []),
    ],
)
def test_circles_are_found(edges, expected) -> None:
    assert circles(edges) == expected


def test_imports_are_read_as_python_runs_them() -> None:
    source = (
        "from __future__ import annotations\n"
        "import hooks._a\n"
        "from hooks import _b\n"
        "from hooks._c import thing\n"
        "TYPE_CHECKING = False\n"
        "if TYPE_CHECKING:\n    from hooks._d import T\n"
        "def f():\n    from hooks._e import g\n    return __import__('hooks._f')\n"
    )
    known = {f"hooks._{x}" for x in "abcdef"} | {"hooks", "hooks.mine"}
    found = imports_of("hooks.mine", ast.parse(source), known)
    assert found == {"hooks._a", "hooks._b", "hooks._c", "hooks._e", "hooks._f"}


def test_the_docs_map_names_every_part_and_module() -> None:
    page = (PROJECT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = page[page.index("| part | what it holds | modules |") :]
    section = section[: section.index("\n\n")]
    missing = [
        name
        for name in graph()
        if part_of(name) in PARTS
        and f"`{name.split('.')[-1]}.py`" not in section
        and f"`{name.split('.')[1]}/`" not in section
    ]
    missing += [p for p in PARTS if f"`{p}/`" not in section]
    assert missing == []


def test_the_typical_commits_modules_compile_no_pattern_when_imported() -> None:
    """A pattern compiled at import costs every commit that loads its module (0.1-0.35 ms
    each), needed or not: the modules a typical commit loads (the entry points, the runner,
    the settings, the carriers' table, the byte tests, the package.json reader) compile theirs
    on first use (`hooks.report.run.pattern`). Counted in a fresh interpreter, by module."""
    import subprocess
    import sys

    probe = (
        "import re, sys\n"
        "compiled = []\n"
        "original = re._compile\n"
        "def counting(pattern, flags):\n"
        "    caller = sys._getframe(2).f_globals.get('__name__', '')\n"
        "    if caller.startswith('hooks'): compiled.append((caller, pattern))\n"
        "    return original(pattern, flags)\n"
        "re._compile = counting\n"
        "import hooks.cli, hooks.project.layout, hooks.project.drizzle_config\n"
        "import hooks.repo.repository, hooks.commands.carriers, hooks.commands.prefilter\n"
        "import hooks.commands.package_scripts, hooks.commands.carriers.package_json\n"
        "for name in hooks.cli.GUARDS.values(): __import__('hooks.' + name)\n"
        "print(compiled)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=PROJECT
    )
    assert out.stdout.strip() == "[]"
