#!/usr/bin/env bash
# A clone of the repository alone (no ../shared or anything else beside it) passes the unit tests:
# every fixture a test reads is vendored in test/fixtures. Clones the committed HEAD into an empty
# temporary folder, links this checkout's node_modules in (hard links, no install), runs test/unit.
# Usage: bash scripts/check-clean-clone.sh [extra jest args]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git clone -q "$repo" "$tmp/p"
cp -al "$repo/node_modules" "$tmp/p/" 2>/dev/null || cp -a "$repo/node_modules" "$tmp/p/"
echo "clone at $tmp/p (beside it: $(ls "$tmp" | tr '\n' ' '))"
cd "$tmp/p"
npx jest test/unit --maxWorkers=1 "$@"
