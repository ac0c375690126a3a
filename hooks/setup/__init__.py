"""The command line's helpers that set a repository up: `init` (writes the settings),
`verify` (proves the hooks are installed and fire) and `demo` (the demo monorepo)."""

__all__ = ["demo", "init", "verify"]
