"""The schema: the SQL parser's boundary (`sql`), the model of a schema.sql (`model`, kept across
runs by its text in `remembered`), the one spelling its expressions and definitions are kept in
(`normalization`), what the source says in comments (`comments`: declared renames, accepted
findings), how two versions pair up (`renames`), the prover of one constraint by another
(`implication`), the data-loss rules of a change (`data_loss`), its lock and rewrite hazards
(`hazards`, over each table's part of Atlas's plan in `plan`, the type changes that rewrite in
`rewrites`, the env's policy and the per-version facts in `policy`), and the catalogue of lint-
schema-source's codes (`codes`); and the lint that puts them together over the sources' texts
(`lint`)."""

__all__ = [
    "codes",
    "comments",
    "data_loss",
    "hazards",
    "implication",
    "lint",
    "model",
    "normalization",
    "plan",
    "policy",
    "remembered",
    "renames",
    "rewrites",
    "sql",
]
