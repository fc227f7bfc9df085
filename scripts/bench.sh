#!/usr/bin/env bash
# The benchmark behind BENCHMARKS.md: `loket serve` (release) on a fresh database and
# `loket load` against it; prints the load tool's report. Never run in CI.
#
#   scripts/bench.sh                                         # SQLite, 500 msg/s, batch 5, 10 s
#   RATE=5000 BATCH=10 scripts/bench.sh
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench scripts/bench.sh   # (database must exist, empty)
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-500}
BATCH=${BATCH:-5}
DURATION=${DURATION:-10}
PORT=${PORT:-18282}
LOKET=$PWD/target/release/loket
[[ -n "${SKIP_BUILD:-}" ]] || cargo build --release --bin loket

WORK=$(mktemp -d -t loket-bench-XXXXXX)
DATABASE_URL=${DATABASE_URL:-sqlite://$WORK/loket.db}
cat > "$WORK/loket.toml" <<TOML
[server]
listen = "127.0.0.1:$PORT"
database_url = "$DATABASE_URL"
[storage]
blob_dir = "$WORK/blobs"
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
# The key that seals stored secrets, given only to `serve` (revisions before the key existed
# refuse it as an unknown key).
LOKET__SERVER__SECRET_KEY=$(head -c 32 /dev/urandom | base64) \
    "$LOKET" serve --config "$WORK/loket.toml" > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
echo "idle RSS of loket serve: $(grep VmRSS /proc/$SERVER/status | awk '{print $2, $3}')"
cd "$WORK"
"$LOKET" load --config loket.toml --target "http://127.0.0.1:$PORT" --rate "$RATE" --duration "$DURATION" --batch "$BATCH"
