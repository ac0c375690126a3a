# apply-schema.ps1 - (legacy) Atlas apply to the local database only, without drizzle-kit pull.
# Prefer sync-schema.ps1, which also regenerates the TypeScript types.
$ErrorActionPreference = "Stop"
if (-not $env:DATABASE_URL) { throw "DATABASE_URL is not set; use sync-schema.ps1, which builds it" }
Push-Location (Join-Path $PSScriptRoot "../packages/database")
try {
  atlas schema apply --env local --auto-approve
  if ($LASTEXITCODE -ne 0) { throw "atlas schema apply failed" }
} finally {
  Pop-Location
}
