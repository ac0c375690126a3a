"""The catalogue of codes: every code a guard reports, declared once by the module that
reports it (`register` at import), and read by everything else: the reports (the hook a
code belongs to, SARIF's rule table), `atlas-first explain` and docs/codes.md.

The core never imports a hook to learn its codes: a report only names codes of hooks that
ran, and those are imported; `catalogue()` is for the command line, which imports every
hook first (`hooks.cli.load_catalogue`).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


class Example:
    """A change to the demo monorepo (`hooks.setup.demo.MONOREPO`): files to write (None:
    delete), staged on top of `base` (committed first). `tests/catalogue_test.py` runs every
    example through `atlas-first check` and checks that its code fires, or does not."""

    __slots__ = ("base", "change")

    def __init__(
        self, change: dict[str, str | None], base: dict[str, str | None] | None = None
    ) -> None:
        self.change = change
        self.base = base or {}

    def as_text(self, indent: str = "    ") -> str:
        parts = []
        for label, files in (("before", self.base), ("change", self.change)):
            for path, text in files.items():
                shown = "(deleted)" if text is None else text.rstrip("\n")
                body = "\n".join(indent + "  " + line for line in shown.splitlines())
                parts.append(f"{indent}{path} ({label}):\n{body}")
        return "\n".join(parts)


class Code:
    """One code: what it protects against, when it fires and when it does not, what to do,
    and an example of each."""

    __slots__ = (
        "accept", "code", "fires", "fires_when", "fix", "hook", "passes", "severity", "title",
        "when_not", "why",
    )  # fmt: skip

    def __init__(
        self,
        code: str,
        title: str,
        *,
        why: str,
        fix: str,
        when_not: str = "",
        accept: str = "",
        severity: str = "error",
        fires: Example | None = None,
        passes: Example | None = None,
        fires_when: str = "",
    ) -> None:
        self.code = code
        self.hook = ""  # set when its hook's entries are built
        self.severity = severity
        self.title = title
        self.why = why
        self.when_not = when_not
        self.fix = fix
        self.accept = accept
        self.fires = fires
        self.passes = passes
        # The README table's "fires when" cell (markdown): the title where none is given.
        self.fires_when = fires_when or title

    @property
    def anchor(self) -> str:
        """The code's section in docs/codes.md (a stable anchor: the code in lower case)."""
        return self.code.lower()

    @property
    def help_uri(self) -> str | None:
        """The code's section of the published docs; None while the project has no
        documentation host (`hooks.report.links`): then nothing links to it."""
        from hooks.report.links import docs_page

        return docs_page("codes", self.anchor)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "hook": self.hook,
            "severity": self.severity,
            "title": self.title,
            "why": self.why,
            "fires_when": self.fires_when,
            "when_not": self.when_not,
            "fix": self.fix,
            "accept": self.accept,
            "help_uri": self.help_uri,
            "fires": _example_dict(self.fires),
            "passes": _example_dict(self.passes),
        }

    def as_text(self) -> str:
        parts = [f"{self.code} ({self.severity}, {self.hook}): {self.title}", "", self.why]
        if self.fires_when != self.title:
            parts += ["", f"Fires when: {self.fires_when}"]
        if self.when_not:
            parts += ["", f"Does not fire: {self.when_not}"]
        parts += ["", f"Fix: {self.fix}"]
        if self.accept:
            parts += ["", f"Accept it deliberately: {self.accept}"]
        if self.fires is not None:
            parts += ["", "Fires on:", self.fires.as_text()]
        if self.passes is not None:
            parts += ["", "Does not fire on:", self.passes.as_text()]
        if self.help_uri is not None:
            parts += ["", f"More: {self.help_uri}"]
        return "\n".join(parts) + "\n"

    def as_markdown(self) -> str:
        parts = [
            f'<a id="{self.anchor}"></a>',
            f"## {self.code}: {self.title}",
            "",
            f"**{self.severity}** · `{self.hook}`",
            "",
            self.why,
        ]
        if self.fires_when != self.title:
            parts += ["", f"**Fires when:** {self.fires_when}"]
        if self.when_not:
            parts += ["", f"**Does not fire:** {self.when_not}"]
        parts += ["", f"**Fix:** {self.fix}"]
        if self.accept:
            parts += ["", f"**Accept it deliberately:** {self.accept}"]
        for title, example in (("Fires on", self.fires), ("Does not fire on", self.passes)):
            if example is not None:
                parts += ["", f"**{title}:**", "", "```text", example.as_text(""), "```"]
        return "\n".join(parts) + "\n"


def _example_dict(example: Example | None) -> dict[str, dict[str, str | None]] | None:
    return None if example is None else {"base": example.base, "change": example.change}


_HOOK_OF: dict[str, str] = {}  # code -> the hook that declared it
_PENDING: dict[str, Callable[[], tuple[str, ...]]] = {}  # hook -> its codes, not yet asked for
_BUILDERS: dict[str, Callable[[], list[Code]]] = {}  # hook -> what builds its entries
_BUILT: dict[str, Code] = {}
_BUILT_HOOKS: set[str] = set()


def register(
    hook: str,
    codes: tuple[str, ...] | Callable[[], tuple[str, ...]],
    build: Callable[[], list[Code]],
) -> None:
    """Enter a hook's codes in the catalogue (a code is declared once, by one hook). The
    entries are built only when asked for: a hook starts on every commit, and its texts
    and examples are for reports with a rule table, `explain` and the docs. `codes` may be
    a function that gives them: a hook whose codes are declared by the parts it uses then
    imports those parts only when it has something to check (or a report asks)."""
    _PENDING[hook] = codes if callable(codes) else (lambda: codes)
    _BUILDERS[hook] = build


def _settle() -> None:
    """Enter the codes of every hook registered since the last call."""
    while _PENDING:
        hook = next(iter(_PENDING))  # (in the order they registered)
        for code in _PENDING.pop(hook)():
            known = _HOOK_OF.get(code)
            if known is not None and known != hook:
                raise ValueError(f"{code} is declared by {known} and {hook}")
            _HOOK_OF[code] = hook


def hook_of(code: str) -> str | None:
    """The hook that reports a code (of the hooks imported: every code a report holds)."""
    _settle()
    return _HOOK_OF.get(code)


def _build(hook: str) -> None:
    _settle()
    if hook not in _BUILT_HOOKS:
        _BUILT_HOOKS.add(hook)
        for entry in _BUILDERS[hook]():
            if _HOOK_OF.get(entry.code) != hook:
                raise ValueError(f"{hook} builds {entry.code}, which it did not register")
            entry.hook = hook
            _BUILT[entry.code] = entry
        missing = [c for c, h in _HOOK_OF.items() if h == hook and c not in _BUILT]
        if missing:
            raise ValueError(f"{hook} registered {', '.join(missing)} and built no entry")


def lookup(code: str) -> Code | None:
    """The entry for a code whose hook has been imported."""
    hook = hook_of(code)
    if hook is None:
        return None
    _build(hook)
    return _BUILT[code]


def registered() -> list[Code]:
    """Every entry registered so far, by code."""
    _settle()
    for hook in list(_BUILDERS):
        _build(hook)
    return [_BUILT[code] for code in sorted(_HOOK_OF)]


def codes_page(entries: list[Code]) -> str:
    """docs/codes.md: one section per code, stable anchors (`explain --list --format markdown`)."""
    lines = [
        "# Codes",
        "",
        "Every code atlas-first-hooks reports: what it protects against, when it does not fire,",
        "how to fix it and, where that is allowed, how to accept it deliberately. Generated from",
        "the hooks' own catalogue (`atlas-first explain --list --format markdown`); the same text",
        "is `atlas-first explain CODE`.",
        "",
        "| code | severity | hook | title |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| [{c.code}](#{c.anchor}) | {c.severity} | `{c.hook}` | {c.title} |" for c in entries
    ]
    for entry in entries:
        lines += ["", entry.as_markdown().rstrip()]
    return "\n".join(lines) + "\n"


def codes_table(entries: list[Code], *, severity: bool = True) -> str:
    """A README code table (`| code | severity | fires when |`): one row per code, each code
    linked to its section of docs/codes.md."""
    head = "| code | severity | fires when |\n| --- | --- | --- |\n"
    if not severity:
        head = "| code | fires when |\n| --- | --- |\n"
    rows = []
    for entry in entries:
        cells = [f"[{entry.code}](docs/codes.md#{entry.anchor})"]
        cells += [entry.severity] if severity else []
        rows.append("| " + " | ".join([*cells, entry.fires_when]) + " |\n")
    return head + "".join(rows)
