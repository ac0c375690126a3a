"""What drizzle-kit writes and reads, by version: the table of its major lines (`versions`),
and its artefacts known by what they are (`artefacts`): migrations in every line's layout,
the files `pull` writes."""
