#!/usr/bin/env bash
# Pre-release only (nothing has shipped yet): rebuilds migrations/ from every schema.ts plus the
# hand-written SQL in scripts/sql/ (triggers, reference data). Once a release ships, migrations
# are forward-only: add new ones with `npm run db:generate` and never run this again.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf migrations
npx drizzle-kit generate --name init >/dev/null
for f in scripts/sql/*.sql; do
  [ -e "$f" ] || continue
  name=$(basename "$f" .sql | sed 's/^[0-9]*_//')
  npx drizzle-kit generate --custom --name "$name" >/dev/null
  target=$(ls migrations/*_"$name".sql | tail -1)
  cp "$f" "$target"
done
ls migrations
