#!/usr/bin/env bash
# The page benchmark behind BENCHMARKS.md ("Pages at a million conversations"): `loket
# generate` builds 1,000,000 conversations with 5,000,000 messages through the bulk-load
# path on a fresh database, then `loket bench-pages` renders the inbox (views, filters) and a
# 200-message conversation in-process, REQUESTS times each. Never run in CI.
#
#   scripts/bench-pages.sh                 # SQLite and PostgreSQL
#   BACKENDS=sqlite scripts/bench-pages.sh # one of them
#   CONVERSATIONS=100000 MESSAGES=500000 scripts/bench-pages.sh   # smaller
#
# Databases go to $DATA (outside the repository); the PostgreSQL one is `loket_bench` on
# $PG_SERVER, dropped and made again. SKIP_GENERATE=1 measures existing databases.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-/work/bench-data}
PG_SERVER=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
BACKENDS=${BACKENDS:-sqlite postgres}
CONVERSATIONS=${CONVERSATIONS:-1000000}
MESSAGES=${MESSAGES:-5000000}
REQUESTS=${REQUESTS:-200}
export LOKET_GENERATE_PASSWORD=${LOKET_GENERATE_PASSWORD:-Bench-wachtwoord-2026}
[[ -n "${SKIP_BUILD:-}" ]] || cargo build --release --bin loket >&2
LOKET=${LOKET:-target/release/loket}
mkdir -p "$DATA"
# The inbox's views and filters as `NAME=PATH` (the defaults `/` and a 200-message
# conversation are always measured).
PAGES=(${PAGES:-})

for backend in $BACKENDS; do
  case $backend in
    sqlite)
      url=sqlite://$DATA/pages.db
      [[ -n "${SKIP_GENERATE:-}" ]] || rm -f "$DATA"/pages.db*
      ;;
    postgres)
      url=$PG_SERVER/loket_bench
      if [[ -z "${SKIP_GENERATE:-}" ]]; then
        psql "$PG_SERVER/postgres" -qc 'drop database if exists loket_bench' -c 'create database loket_bench'
      fi
      ;;
  esac
  echo "== $backend ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
  if [[ -z "${SKIP_GENERATE:-}" ]]; then
    "$LOKET" generate --database "$url" --conversations "$CONVERSATIONS" --messages "$MESSAGES"
  fi
  args=()
  for page in "${PAGES[@]}"; do args+=(--page "$page"); done
  "$LOKET" bench-pages --database "$url" --requests "$REQUESTS" "${args[@]}"
done
scripts/js-size.sh
