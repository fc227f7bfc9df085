#!/usr/bin/env bash
# The live events benchmark behind BENCHMARKS.md ("Live events"): `loket serve` (release)
# on a fresh database and `loket load-events` against it. Never run in CI.
#
#   scripts/bench-live.sh                                      # SQLite
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres scripts/bench-live.sh
#       # PostgreSQL: a fresh database on that server, dropped afterwards
#   DURATION=10 CONNECTIONS=200 scripts/bench-live.sh           # shorter, fewer clients
#
# Two runs per backend, each on a fresh database:
#   - agents:  CONNECTIONS (500) clients on /events, a light load (AGENTS_RATE msg/s) so
#              every client must receive every event; server memory before and after;
#   - latency: LATENCY_CONNECTIONS (10) clients, RATE (50) msg/s for DURATION (20) s,
#              webhook POST to `message_created` at each client.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CONNECTIONS=${CONNECTIONS:-500}
AGENTS_RATE=${AGENTS_RATE:-5}
LATENCY_CONNECTIONS=${LATENCY_CONNECTIONS:-10}
RATE=${RATE:-50}
DURATION=${DURATION:-20}
PORT=${PORT:-18382}
DATABASE_URL=${DATABASE_URL:-}
BUILD_DIR=$ROOT/target/bench-build
# LOKET=path/to/loket SKIP_BUILD=1 measures a binary built elsewhere (say which in the notes).
[[ -n "${SKIP_BUILD:-}" ]] || CARGO_TARGET_DIR=$BUILD_DIR cargo build --release --bin loket >&2
LOKET=${LOKET:-$BUILD_DIR/release/loket}
# 500 clients and the server in one shell need more than the usual 1024 descriptors.
ulimit -n 8192

SERVER_PID=""
trap '[[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null; true' EXIT

run_one() {
    local label=$1 connections=$2 rate=$3 work url db="" server
    work=$(mktemp -d -t loket-bench-live-XXXXXX)
    if [[ "$DATABASE_URL" == postgres* ]]; then
        db="loket_bench_live_$(date +%s%N)"
        psql -q "$DATABASE_URL" -c "create database $db" >/dev/null
        url="${DATABASE_URL%/*}/$db"
    else
        url="sqlite://$work/loket.db"
    fi
    cat > "$work/loket.toml" <<TOML
[server]
listen = "127.0.0.1:$PORT"
database_url = "$url"
secret_key = "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
[storage]
blob_dir = "$work/blobs"
[log]
filter = "warn"
[[whatsapp_app]]
name = "default"
app_secret = "bench-app-secret"
verify_token = "bench-verify-token"
graph_base_url = "http://127.0.0.1:9/v23.0"
[[organisation]]
slug = "voorbeeld"
name = "Gemeente Voorbeeld"
api_tokens = ["bench-token-voorbeeld"]
[[organisation.channel]]
kind = "whatsapp"
name = "WhatsApp"
app = "default"
phone_number_id = "1122334455667"
display_phone_number = "31850601234"
waba_id = "102290129340398"
access_token = "bench-access-token"
TOML
    if curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; then
        echo "something already serves on port $PORT: stop it or set PORT" >&2
        exit 1
    fi
    "$LOKET" serve --config "$work/loket.toml" > "$work/serve.log" 2>&1 &
    server=$!
    SERVER_PID=$server   # global: the EXIT trap stops it if a step fails
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
    echo "== $label: $([[ -n "$DATABASE_URL" ]] && echo PostgreSQL || echo SQLite), $connections clients, $rate msg/s, $(date -u +%FT%TZ), load:$(uptime | sed 's/.*load average://')"
    timeout $((DURATION + 300)) "$LOKET" load-events --config "$work/loket.toml" \
        --target "http://127.0.0.1:$PORT" --connections "$connections" --rate "$rate" \
        --duration "$DURATION" --server-pid "$server" || echo "load-events exited with $?"
    echo "server log lines with \"error\": $(grep -ci error "$work/serve.log" || true)"
    grep -i error "$work/serve.log" | cut -c1-300 | sort | uniq -c | head -5 || true
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    [[ -n "$db" ]] && psql -q "$DATABASE_URL" -c "drop database if exists $db" >/dev/null
    rm -rf "$work"
}

# ONLY=agents or ONLY=latency runs one of the two.
[[ "${ONLY:-agents}" == agents ]] && run_one agents "$CONNECTIONS" "$AGENTS_RATE"
[[ "${ONLY:-latency}" == latency ]] && run_one latency "$LATENCY_CONNECTIONS" "$RATE"
exit 0
