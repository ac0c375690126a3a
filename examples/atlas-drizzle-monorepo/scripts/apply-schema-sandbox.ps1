# apply-schema-sandbox.ps1 - deploy schema.sql to the Azure Sandbox PostgreSQL with Atlas
# (sslmode=require). No drizzle-kit pull: the sandbox does not need local types.
$ErrorActionPreference = "Stop"

foreach ($name in "PG_SANDBOX_HOST", "PG_SANDBOX_USER", "PG_SANDBOX_PASSWORD") {
  $value = [Environment]::GetEnvironmentVariable($name, "Process")
  if (-not $value) { $value = [Environment]::GetEnvironmentVariable($name, "User") }
  if (-not $value) { throw "$name is not set (a Windows User-scope variable, see ARCHITECTURE.md)" }
  Set-Item -Path "env:$name" -Value $value
}

Push-Location (Join-Path $PSScriptRoot "../packages/database")
try {
  atlas schema apply --env sandbox
  if ($LASTEXITCODE -ne 0) { throw "atlas schema apply --env sandbox failed" }
} finally {
  Pop-Location
}
