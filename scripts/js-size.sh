#!/usr/bin/env bash
# The JavaScript a browser receives from Loket, gzipped (-9): every `.js` the web crate
# serves (`crates/web/src/pages/assets.rs`: htmx, its extensions, our own scripts).
# axe-core is vendored for the browser tests only and is not served. Budget: 60 KB in all
# (issue 9); exits 1 when over.
set -euo pipefail
cd "$(dirname "$0")/.."
total=0
for f in $(grep -o 'assets/[A-Za-z0-9_./-]*\.js' crates/web/src/pages/assets.rs | sort -u); do
  path=crates/web/$f
  size=$(gzip -9c "$path" | wc -c)
  total=$((total + size))
  printf '%-40s %7d bytes raw %7d bytes gzipped\n' "$f" "$(wc -c <"$path")" "$size"
done
printf 'total gzipped: %d bytes (%.1f KB; budget 60 KB)\n' "$total" "$(echo "$total/1024" | bc -l)"
[[ $total -le $((60 * 1024)) ]]
