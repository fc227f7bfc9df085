#!/usr/bin/env bash
# The crash test for humans: `loket load` against `loket serve` (release build), the server
# killed with SIGKILL mid-run and restarted; `loket load` then reads everything back and
# fails if an acknowledged message is missing or stored twice.
#
#   scripts/crash-test.sh                                   # SQLite (a fresh file)
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_crash scripts/crash-test.sh
#
# Options (environment): RATE (msg/s, default 300), BATCH (1..10, default 5), DURATION
# (s, default 8), KILL_AFTER (s, default 2), DOWN_FOR (s, default 1), PORT (default 18181),
# SKIP_BUILD=1 to use target/release/loket as it is.
set -euo pipefail

cd "$(dirname "$0")/.."
RATE=${RATE:-300}
BATCH=${BATCH:-5}
DURATION=${DURATION:-8}
KILL_AFTER=${KILL_AFTER:-2}
DOWN_FOR=${DOWN_FOR:-1}
PORT=${PORT:-18181}
LOKET=target/release/loket

if [[ -z "${SKIP_BUILD:-}" ]]; then
    cargo build --release --bin loket
fi

WORK=$(mktemp -d -t loket-crash-XXXXXX)
DATABASE_URL=${DATABASE_URL:-sqlite://$WORK/loket.db}
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT

cat > "$WORK/loket.toml" <<TOML
[server]
listen = "127.0.0.1:$PORT"
database_url = "$DATABASE_URL"
secret_key = "$(head -c 32 /dev/urandom | base64)"

[storage]
blob_dir = "$WORK/blobs"

[log]
filter = "warn"

[[whatsapp_app]]
name = "default"
app_secret = "crash-test-app-secret"
verify_token = "crash-test-verify"
graph_base_url = "http://127.0.0.1:9/v23.0"

[[organisation]]
slug = "crashtest"
name = "Gemeente Crashtest"
api_tokens = ["crash-test-token-0123456789"]

[[organisation.channel]]
kind = "whatsapp"
name = "WhatsApp"
app = "default"
phone_number_id = "1122334455667"
display_phone_number = "31612345678"
waba_id = "102290129340398"
access_token = "unused"
TOML

start_server() {
    "$LOKET" serve --config "$WORK/loket.toml" >>"$WORK/serve.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 200); do
        if curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then
            echo "server ready (pid $SERVER_PID)"
            return
        fi
        sleep 0.05
    done
    echo "the server did not get ready; log:" >&2
    tail -n 40 "$WORK/serve.log" >&2
    exit 1
}

echo "working directory: $WORK ($DATABASE_URL)"
start_server
(cd "$WORK" && "$OLDPWD/$LOKET" load --config loket.toml --target "http://127.0.0.1:$PORT" \
    --rate "$RATE" --duration "$DURATION" --batch "$BATCH" >"$WORK/load.out" 2>&1) &
LOAD_PID=$!

sleep "$KILL_AFTER"
echo "SIGKILL to the server (pid $SERVER_PID)"
kill -KILL "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
sleep "$DOWN_FOR"
start_server

status=0
wait "$LOAD_PID" || status=$?
cat "$WORK/load.out"
if ! grep -Eq '^failed attempts: [1-9]' "$WORK/load.out"; then
    echo "FAIL: no request failed while the server was down; the kill proved nothing" >&2
    exit 1
fi
if [[ $status -ne 0 ]]; then
    echo "FAIL: loket load exited with $status (see above)" >&2
    exit "$status"
fi
echo "PASS: every acknowledged message is present exactly once after the SIGKILL"
