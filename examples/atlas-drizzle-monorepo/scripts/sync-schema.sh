#!/usr/bin/env sh
# sync-schema.sh - the POSIX twin of sync-schema.ps1 (Linux, macOS, CI): Atlas applies
# packages/database/schema.sql to the local PostgreSQL, then `drizzle-kit pull` regenerates the
# TypeScript types in packages/database/src/schema/. Drizzle migrations are BANNED.
set -eu

if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL="postgres://${DATABASE_LIVERMORE_USERNAME:?}:${DATABASE_LIVERMORE_PASSWORD:?}@${DATABASE_HOST:?}:${DATABASE_PORT:?}/${LIVERMORE_DATABASE_NAME:?}?sslmode=disable"
fi
export DATABASE_URL

cd "$(dirname "$0")/../packages/database"

if command -v atlas >/dev/null 2>&1; then
  atlas schema apply --env local --auto-approve
elif [ "${ATLAS_FIRST_APPLY:-}" = "psql" ]; then
  # No Atlas binary (CI sandboxes): only an EMPTY database can take schema.sql as it is.
  psql -v ON_ERROR_STOP=1 -q -f schema.sql "$DATABASE_URL"
else
  echo "sync-schema: atlas is not installed (https://atlasgo.io); set ATLAS_FIRST_APPLY=psql only for an empty database" >&2
  exit 1
fi

npx drizzle-kit pull

# A pull also writes its commented-out migration: drizzle-kit 0.31 a 0000_<random-name>.sql and
# a meta/ folder (journal and snapshot), 1.0 a <timestamp>_<name>/ folder (migration.sql and
# snapshot.json). They are Drizzle migration artefacts, not types, and they differ on every
# run: remove them so the generated folder is reproducible.
rm -rf src/schema/meta
rm -f src/schema/*.sql
for leftover in src/schema/[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]_*/; do
  if [ -d "$leftover" ]; then rm -rf "$leftover"; fi
done
