#!/usr/bin/env bash
# Vendors Loket's front-end packages into crates/web/assets/vendor/, exactly as published.
#
#   scripts/vendor-assets.sh          install frontend/package-lock.json into a temporary
#                                     directory and copy the files Loket serves (and axe-core,
#                                     for the browser tests) into the repository, with MANIFEST
#   scripts/vendor-assets.sh --check  do the same install and fail unless the repository's
#                                     copies match it byte for byte (run by .ci/run)
#
# `cargo build` and `cargo test` need no npm: the copies are committed and embedded in the
# binary. Never edit a vendored file by hand; change frontend/package.json, run
# `npm install --package-lock-only --ignore-scripts` in frontend/, then this script.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/crates/web/assets/vendor"
mode="${1:-write}"
case "$mode" in write | --check) ;; *) echo "usage: $0 [--check]" >&2; exit 2 ;; esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$root/frontend/package.json" "$root/frontend/package-lock.json" "$work/"
# --ignore-scripts: no package may run code at install time.
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)

out="$work/vendor"
mkdir -p "$out"
printf 'file\tpackage\tversion\tsource\tsha256\n' >"$out/MANIFEST"
# target file | package | path inside the package
while IFS='|' read -r file package source; do
  [[ -z $file ]] && continue
  pkgdir="$work/node_modules/$package"
  cp "$pkgdir/$source" "$out/$file"
  version="$(node -p "require('$pkgdir/package.json').version")"
  sum="$(sha256sum "$out/$file" | cut -d' ' -f1)"
  printf '%s\t%s\t%s\t%s\t%s\n' "$file" "$package" "$version" "$source" "$sum" >>"$out/MANIFEST"
done <<'FILES'
utrecht-component-library.css|@utrecht/component-library-css|dist/index.css
utrecht-component-library.LICENSE.md|@utrecht/component-library-css|LICENSE.md
utrecht-design-tokens.css|@utrecht/design-tokens|dist/theme.css
utrecht-design-tokens.LICENSE.md|@utrecht/design-tokens|LICENSE.md
htmx.min.js|htmx.org|dist/htmx.min.js
htmx.LICENSE|htmx.org|LICENSE
htmx-ext-sse.min.js|htmx-ext-sse|dist/sse.min.js
axe.min.js|axe-core|axe.min.js
axe.LICENSE|axe-core|LICENSE
FILES

if [[ $mode == --check ]]; then
  # -q: minified files are one long line; name them, do not print them.
  if ! diff -rq "$out" "$dest" >"$work/diff" 2>&1; then
    echo "!!!!!!!! VENDORED ASSETS DO NOT MATCH frontend/package-lock.json:" >&2
    sed "s#$work/vendor#(lockfile)#; s#$root/##" "$work/diff" >&2
    echo "Run scripts/vendor-assets.sh and commit the result (never edit vendored files)." >&2
    exit 1
  fi
  echo "vendored assets match the lockfile ($(($(wc -l <"$dest/MANIFEST") - 1)) files)"
else
  rm -rf "$dest"
  mkdir -p "$dest"
  cp "$out"/* "$dest/"
  echo "vendored into ${dest#"$root"/}:"
  column -t -s $'\t' "$dest/MANIFEST" | cut -c1-110
fi
