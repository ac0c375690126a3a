#!/usr/bin/env sh
# apply-schema-sandbox.sh - the POSIX twin of apply-schema-sandbox.ps1: Atlas applies schema.sql
# to the Azure Sandbox PostgreSQL (sslmode=require). No drizzle-kit pull.
set -eu
: "${PG_SANDBOX_HOST:?}" "${PG_SANDBOX_USER:?}" "${PG_SANDBOX_PASSWORD:?}"
cd "$(dirname "$0")/../packages/database"
atlas schema apply --env sandbox
