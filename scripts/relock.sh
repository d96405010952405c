#!/usr/bin/env bash
# Regenerate package-lock.json from the package.json files alone, in a scratch folder.
# `npm install` in a populated tree can drop other platforms' optional packages from the
# lockfile (biome's, esbuild's), after which `npm ci` on a clean machine refuses to run.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for f in package.json packages/*/package.json services/*/package.json apps/*/package.json bench/package.json; do
  mkdir -p "$scratch/$(dirname "$f")"
  cp "$f" "$scratch/$f"
done
cp .npmrc "$scratch/" 2>/dev/null || true
(cd "$scratch" && npm install --package-lock-only --no-audit --no-fund >/dev/null)
cp "$scratch/package-lock.json" package-lock.json
echo "package-lock.json regenerated"
