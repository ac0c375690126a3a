"""Where commands are written and how they are assembled: the shell and JavaScript readers
(`shell`, `js`; the dialects' names and sh quoting in `dialects`), the wrapper table
(`wrappers`), drizzle-kit's command grammar (`drizzle_kit`), the analyzer of a command line
(`analyzer`) with the runs it finds (`runs`), what each program hands on to run (`unwrap`, and
`package_runners` for npm, pnpm, yarn, bun and the task runners), what a word can stand for
(`variables`), `drizzle-kit export` output reaching a database client (`database_clients`), the
files that carry commands (`carriers`, one module per carrier), the command graph across files
(`callers`, `run_sites`), and the judging of a file's commands for forbid-drizzle-kit-scripts:
the cheap tests before reading (`prefilter`, its verdicts on large files remembered by content
in `gate_memo`), how a banned run is told (`verdicts`), and the finders of a package.json's
scripts (`package_scripts`) and of any other carrier (`script_files`)."""

__all__ = [
    "analyzer",
    "callers",
    "carriers",
    "database_clients",
    "dialects",
    "drizzle_kit",
    "gate_memo",
    "js",
    "package_runners",
    "package_scripts",
    "prefilter",
    "run_sites",
    "runs",
    "script_files",
    "shell",
    "unwrap",
    "variables",
    "verdicts",
    "wrappers",
]
