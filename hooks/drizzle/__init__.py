"""What drizzle-kit writes and reads, by version: the table of its major lines (`versions`),
its artefacts known by what they are (`artefacts`: migrations in every line's layout, the
files `pull` writes), what a pulled TypeScript schema says (`pulled`: the model of a pull;
`pull_reader`: reading one, in pull's layout or any other) and how it differs from the
schema model of its `schema.sql` (`pull_compare`)."""

__all__ = ["artefacts", "pull_compare", "pull_reader", "pulled", "versions"]
