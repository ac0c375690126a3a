"""The catalogue of codes: every code a guard reports, declared once by the module that
reports it (`register` at import), and read by everything else: the reports (the hook a
code belongs to, SARIF's rule table), `atlas-first explain` and docs/codes.md.

The core never imports a hook to learn its codes: a report only names codes of hooks that
ran, and those are imported; `catalogue()` is for the command line, which imports every
hook first (`hooks.cli.load_catalogue`).
"""

from __future__ import annotations

DOCS_URI = "https://github.com/your-org/atlas-first-hooks/blob/main/docs/codes.md"


class Example:
    """A change to the demo monorepo (`hooks._demo.MONOREPO`): files to write (None:
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
        "accept", "code", "fires", "fix", "hook", "passes", "severity", "title", "when_not", "why",
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
        hook: str = "",
        fires: Example | None = None,
        passes: Example | None = None,
    ) -> None:
        self.code = code
        self.hook = hook  # set by `register`
        self.severity = severity
        self.title = title
        self.why = why
        self.when_not = when_not
        self.fix = fix
        self.accept = accept
        self.fires = fires
        self.passes = passes

    @property
    def anchor(self) -> str:
        """The code's section in docs/codes.md (a stable anchor: the code in lower case)."""
        return self.code.lower()

    @property
    def help_uri(self) -> str:
        return f"{DOCS_URI}#{self.anchor}"

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "hook": self.hook,
            "severity": self.severity,
            "title": self.title,
            "why": self.why,
            "when_not": self.when_not,
            "fix": self.fix,
            "accept": self.accept,
            "help_uri": self.help_uri,
            "fires": _example_dict(self.fires),
            "passes": _example_dict(self.passes),
        }

    def as_text(self) -> str:
        parts = [f"{self.code} ({self.severity}, {self.hook}): {self.title}", "", self.why]
        if self.when_not:
            parts += ["", f"Does not fire: {self.when_not}"]
        parts += ["", f"Fix: {self.fix}"]
        if self.accept:
            parts += ["", f"Accept it deliberately: {self.accept}"]
        if self.fires is not None:
            parts += ["", "Fires on:", self.fires.as_text()]
        if self.passes is not None:
            parts += ["", "Does not fire on:", self.passes.as_text()]
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


_CATALOGUE: dict[str, Code] = {}


def register(hook: str, *codes: Code) -> dict[str, Code]:
    """Enter a hook's codes in the catalogue (a code is declared once, by one hook)."""
    mine = {}
    for entry in codes:
        known = _CATALOGUE.get(entry.code)
        if known is not None and known.hook != hook:
            raise ValueError(f"{entry.code} is declared by {known.hook} and {hook}")
        entry.hook = hook
        _CATALOGUE[entry.code] = mine[entry.code] = entry
    return mine


def lookup(code: str) -> Code | None:
    """The entry for a code whose hook has been imported (every code a report can hold)."""
    return _CATALOGUE.get(code)


def registered() -> list[Code]:
    """Every entry registered so far, by code."""
    return [_CATALOGUE[code] for code in sorted(_CATALOGUE)]


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
