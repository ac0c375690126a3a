"""Machine-readable reports: `json` (our own stable schema), `github` (workflow commands that
annotate pull requests) and `sarif` (SARIF 2.1.0 for code-scanning upload)."""

from __future__ import annotations

import json

from hooks import __version__
from hooks.report import links

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks.report.catalogue import Code
    from hooks.report.violation import Violation

TOOL = "atlas-first-hooks"
JSON_SCHEMA_VERSION = 1


def _hook_of(code: str) -> str | None:
    """The hook that reports a code (the catalogue: `hooks.report.catalogue`), None if none does."""
    from hooks.report.catalogue import hook_of

    return hook_of(code)


def _json(violations: list[Violation], notes: list[str], errors: list[str], code: int) -> str:
    doc = {
        "schema": "atlas-first-hooks/report",
        "version": JSON_SCHEMA_VERSION,
        "tool": {"name": TOOL, "version": __version__},
        "exit_code": code,
        "violations": [
            {
                "path": v.path,
                "line": v.line,
                "column": v.col,
                "code": v.code,
                "hook": _hook_of(v.code),
                "message": v.message,
                "hint": v.hint,
                "severity": v.severity,
            }
            for v in violations
        ],
        "notes": notes,
        "errors": errors,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(violations: list[Violation], notes: list[str], errors: list[str]) -> str:
    lines = []
    for v in violations:
        props = [f"file={_escape_property(v.path)}"]
        if v.line is not None:
            props += [f"line={v.line}", f"col={v.col or 1}"]
        hook = _hook_of(v.code) or "atlas-first"
        props.append(f"title={_escape_property(f'{v.code} {hook}')}")
        command = "error" if v.severity == "error" else "warning"
        lines.append(
            f"::{command} {','.join(props)}::{_escape_data(v.message + chr(10) + v.hint)}",
        )
    lines.extend(f"::notice title=atlas-first::{_escape_data(note)}" for note in notes)
    lines.extend(
        f"::error title=atlas-first could not check::{_escape_data(error)}" for error in errors
    )
    return "".join(line + "\n" for line in lines)


def _uri(key: str, uri: str | None) -> dict[str, str]:
    """`{key: uri}`, or nothing where the project has no host to link to (`hooks.report.links`):
    SARIF's URIs are optional, and a dead link is worse than none."""
    return {key: uri} if uri else {}


def _sarif_rule(entry: Code) -> dict[str, object]:
    return {
        "id": entry.code,
        "name": "".join(w.capitalize() for w in entry.title.split() if w.isalpha()),
        "shortDescription": {"text": entry.title},
        "fullDescription": {"text": entry.why},
        "help": {"text": entry.as_text(), "markdown": entry.as_markdown()},
        **_uri("helpUri", entry.help_uri),
        "defaultConfiguration": {"level": entry.severity},
        "properties": {"hook": entry.hook},
    }


def _sarif(violations: list[Violation], errors: list[str]) -> str:
    from urllib.parse import quote

    from hooks.report.catalogue import registered

    # Every code of the hooks that ran (they registered their codes when imported).
    entries = registered()
    codes = [entry.code for entry in entries]
    rules = [_sarif_rule(entry) for entry in entries]
    results = []
    for v in violations:
        location: dict[str, object] = {
            # A path git gives us need not be UTF-8: quote its bytes, as a URI does.
            "artifactLocation": {
                "uri": quote(v.path.encode("utf-8", "surrogateescape")),
                "uriBaseId": "%SRCROOT%",
            },
        }
        if v.line is not None:
            location["region"] = {"startLine": v.line, "startColumn": v.col or 1}
        result: dict[str, object] = {
            "ruleId": v.code,
            "level": v.severity,
            "message": {"text": f"{v.message}\n{v.hint}"},
            "locations": [{"physicalLocation": location}],
        }
        if v.code in codes:
            result["ruleIndex"] = codes.index(v.code)
        results.append(result)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL,
                        "version": __version__,
                        **_uri("informationUri", links.REPOSITORY_URL or links.DOCS_URL),
                        "rules": rules,
                    },
                },
                "invocations": [
                    {
                        "executionSuccessful": not errors,
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": e}} for e in errors
                        ],
                    },
                ],
                "results": results,
            },
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def render(
    fmt: str,
    violations: list[Violation],
    notes: list[str],
    errors: list[str],
    code: int,
) -> str:
    if fmt == "json":
        return _json(violations, notes, errors, code)
    if fmt == "github":
        return _github(violations, notes, errors)
    if fmt == "sarif":
        return _sarif(violations, errors)
    raise ValueError(f"unknown format {fmt!r}")
