"""The package's structure (issue 26): no import circle, and the core (every `hooks._*`
module) never imports a hook or the command line. Read with Python's `ast` from the source
files, imports inside functions included (they run as surely as the module's own, only
later); imports under `if TYPE_CHECKING:` are left out (they never run)."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import PROJECT

PACKAGE = PROJECT / "hooks"
# The top: the six hook modules and the command line. Everything else is the core.
TOP = {
    "hooks.cli",
    "hooks.forbid_generated_schema_edits",
    "hooks.forbid_new_migrations",
    "hooks.forbid_drizzle_kit_scripts",
    "hooks.forbid_drizzle_migrator",
    "hooks.lint_schema_source",
    "hooks.guard_atlas_config",
}


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PROJECT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return found


def _type_only(tree: ast.Module) -> set[int]:
    """The ids of import nodes under `if TYPE_CHECKING:`."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            skipped.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    return skipped


def imports_of(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """The package's modules `name` imports at run time (from x import y: the module x.y
    where there is one, else x; `__import__("x")` with a literal name)."""
    package = name if name == "hooks" or name.endswith("__init__") else name.rsplit(".", 1)[0]
    skipped = _type_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
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


def graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: imports_of(name, tree, known) for name, tree in modules.items()}


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


def test_the_core_imports_no_hook_and_not_the_command_line() -> None:
    edges = graph()
    assert set(edges) >= TOP  # the table names real modules
    upward = sorted((m, t) for m, targets in edges.items() if m not in TOP for t in targets & TOP)
    assert upward == []


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


def test_the_docs_map_of_the_core_names_every_core_module() -> None:
    page = (PROJECT / "docs" / "how-it-works.md").read_text(encoding="utf-8")
    section = page[page.index("| part | modules |") :]
    section = section[: section.index("\n\n")]
    core = sorted(
        name.split(".")[1] for name in graph() if name not in TOP and name.count(".") == 1
    )
    assert [m for m in core if f"`{m}.py`" not in section and f"`{m}/`" not in section] == []
