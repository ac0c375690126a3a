"""pm2 ecosystem files (`ecosystem.config.{js,cjs,mjs,json}`, `ecosystem.json`,
`pm2.config.js`, `process.json`): each app's `script` with its `args` (a string or a list),
as pm2 starts it: `script: "npx", args: "drizzle-kit migrate"` runs `npx drizzle-kit migrate`,
with or without `interpreter: "none"`; a `script` that is itself a command line is read as one.
The JavaScript forms are read by the code lexer: literal values only."""

from __future__ import annotations

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import exec_form
from hooks.report.positions import Positions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


DEPLOY_HOOKS = ("pre-setup", "post-setup", "pre-deploy-local", "pre-deploy", "post-deploy")


def command(script: str, args: object) -> str:
    """The command line pm2 runs for an app."""
    if isinstance(args, list) and all(isinstance(a, str) for a in args):
        return " ".join([script, exec_form(args)]) if args else script
    if isinstance(args, str) and args.strip():
        return f"{script} {args}"
    return script


def snippets(text: str, path: str) -> Iterator[Snippet]:
    if path.lower().endswith(".json"):
        from hooks.commands.carriers._json import Located

        doc = Located(text, path)
        apps = doc.get("apps") if isinstance(doc.doc, dict) else doc.doc
        for i, app in enumerate(apps if isinstance(apps, list) else []):
            if isinstance(app, dict) and isinstance(app.get("script"), str):
                keys: tuple[object, ...] = (i,) if isinstance(doc.doc, list) else ("apps", i)
                found = doc.snippets((*keys, "script"))
                if found:
                    place = found[0].lines[0]
                    yield Snippet(command(app["script"], app.get("args")), [place], fixed=True)
        return
    from hooks.commands.js import object_literals
    from hooks.commands.js import tokens

    positions = Positions(text)
    for props in object_literals(list(tokens(text))):
        for hook in DEPLOY_HOOKS:  # `deploy.production["post-deploy"]`: run on the server
            hooked = props.get(hook)
            if hooked is not None and isinstance(hooked[0], str):
                yield Snippet(hooked[0], [positions.at(hooked[1])], fixed=True)
        script = props.get("script")
        if script is not None and isinstance(script[0], str):
            args = props.get("args")
            run = command(script[0], args[0] if args is not None else None)
            yield Snippet(run, [positions.at(script[1])], fixed=True)
