# Atlas environments for packages/database. schema.sql is the desired state; Atlas diffs it
# against the target database and applies the difference (declarative, no migration files).
#
#   atlas schema apply --env local        # scripts/sync-schema.ps1 (then drizzle-kit pull)
#   atlas schema apply --env sandbox      # scripts/apply-schema-sandbox.ps1
#   atlas schema apply --env production   # CI only; destructive changes are refused

locals {
  # Windows User-scope variables (see ARCHITECTURE.md); the sync scripts export DATABASE_URL.
  local_url   = getenv("DATABASE_URL")
  sandbox_url = "postgres://${getenv("PG_SANDBOX_USER")}:${getenv("PG_SANDBOX_PASSWORD")}@${getenv("PG_SANDBOX_HOST")}:5432/${getenv("LIVERMORE_DATABASE_NAME")}?sslmode=require"
  # Atlas plans SQL schemas on a throwaway dev database.
  dev_url = "docker://postgres/15/dev?search_path=public"
}

env "local" {
  src = "file://schema.sql"
  url = local.local_url
  dev = local.dev_url
}

env "sandbox" {
  src = "file://schema.sql"
  url = local.sandbox_url
  dev = local.dev_url
}

env "production" {
  src = "file://schema.sql"
  url = getenv("PRODUCTION_DATABASE_URL")
  dev = local.dev_url

  # Production never loses data through a schema apply: dropping a schema, a table or a column
  # needs a deliberate, reviewed change outside this file.
  diff {
    skip {
      drop_schema = true
      drop_table  = true
      drop_column = true
    }
  }
}
