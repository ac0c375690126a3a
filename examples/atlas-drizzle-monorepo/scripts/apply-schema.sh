#!/usr/bin/env sh
# apply-schema.sh - (legacy) the POSIX twin of apply-schema.ps1: Atlas apply to the local
# database only, without drizzle-kit pull. Prefer sync-schema.sh.
set -eu
: "${DATABASE_URL:?DATABASE_URL is not set; use sync-schema.sh, which builds it}"
cd "$(dirname "$0")/../packages/database"
atlas schema apply --env local --auto-approve
