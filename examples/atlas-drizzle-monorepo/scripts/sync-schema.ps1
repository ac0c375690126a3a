# sync-schema.ps1 - local development: Atlas applies packages/database/schema.sql to the local
# PostgreSQL, then `drizzle-kit pull` regenerates the TypeScript types in
# packages/database/src/schema/. Commit schema.sql together with the regenerated files.
# Drizzle migrations are BANNED: this script never runs drizzle-kit push/generate/migrate.
$ErrorActionPreference = "Stop"

function Get-Setting([string]$Name) {
  $value = [Environment]::GetEnvironmentVariable($Name, "Process")
  if (-not $value) { $value = [Environment]::GetEnvironmentVariable($Name, "User") }
  if (-not $value) { throw "$Name is not set (a Windows User-scope variable, see ARCHITECTURE.md)" }
  return $value
}

if (-not $env:DATABASE_URL) {
  $user = Get-Setting "DATABASE_LIVERMORE_USERNAME"
  $password = [Uri]::EscapeDataString((Get-Setting "DATABASE_LIVERMORE_PASSWORD"))
  $hostName = Get-Setting "DATABASE_HOST"
  $port = Get-Setting "DATABASE_PORT"
  $database = Get-Setting "LIVERMORE_DATABASE_NAME"
  $env:DATABASE_URL = "postgres://${user}:${password}@${hostName}:${port}/${database}?sslmode=disable"
}

Push-Location (Join-Path $PSScriptRoot "../packages/database")
try {
  if (Get-Command atlas -ErrorAction SilentlyContinue) {
    atlas schema apply --env local --auto-approve
    if ($LASTEXITCODE -ne 0) { throw "atlas schema apply failed" }
  } elseif ($env:ATLAS_FIRST_APPLY -eq "psql") {
    # No Atlas binary (CI sandboxes): only an EMPTY database can take schema.sql as it is.
    psql -v ON_ERROR_STOP=1 -q -f schema.sql $env:DATABASE_URL
    if ($LASTEXITCODE -ne 0) { throw "psql failed to apply schema.sql" }
  } else {
    throw "atlas is not installed (https://atlasgo.io); set ATLAS_FIRST_APPLY=psql only for an empty database"
  }

  npx drizzle-kit pull
  if ($LASTEXITCODE -ne 0) { throw "drizzle-kit pull failed" }

  # A pull also writes its commented-out migration: drizzle-kit 0.31 a 0000_<random-name>.sql
  # and a meta/ folder (journal and snapshot), 1.0 a <timestamp>_<name>/ folder (migration.sql
  # and snapshot.json). They are Drizzle migration artefacts, not types, and they differ on
  # every run: remove them so the generated folder is reproducible.
  Remove-Item -Recurse -Force -ErrorAction SilentlyContinue "src/schema/meta"
  Remove-Item -Force -ErrorAction SilentlyContinue "src/schema/*.sql"
  Get-ChildItem -Directory "src/schema" |
    Where-Object { $_.Name -match '^\d{14}_' } |
    Remove-Item -Recurse -Force
} finally {
  Pop-Location
}
