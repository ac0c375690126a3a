"""atlas-first-hooks: git hooks that keep a monorepo on an Atlas-first database workflow."""

__version__ = "0.2.0"
