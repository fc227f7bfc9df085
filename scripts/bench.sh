#!/usr/bin/env bash
# The benchmark behind BENCHMARKS.md: `loket serve` (release) on a fresh database and
# `loket load` against it; prints the load tool's report. Never run in CI.
#
#   scripts/bench.sh                                         # SQLite, 500 msg/s, batch 5, 10 s
#   RATE=5000 BATCH=10 scripts/bench.sh
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres scripts/bench.sh
#       # PostgreSQL: each run gets a fresh database on that server, dropped afterwards
#   DATABASE_URL='postgres://postgres@localhost/postgres?host=/var/run/postgresql' scripts/bench.sh
#       # the same over the Unix socket (sqlx sets no TCP_NODELAY; see BENCHMARKS.md)
#   COMMITTERS=2 DATABASE_URL=… scripts/bench.sh            # server.ingest_committers
#   BASELINE=245872c ROUNDS=2 RATE=20000 BATCH=10 scripts/bench.sh
#       # also builds that revision (a temporary git worktree) and runs it and the current
#       # tree alternately, ROUNDS times each, then prints both side by side
#   DETECTION=compare ROUNDS=2 RATE=20000 BATCH=10 scripts/bench.sh
#       # also builds the current tree without personal data detection (the cargo feature
#       # bench-without-detection) and runs both alternately: what detection costs
#
# Every run stops by itself (the load sends for DURATION seconds; each step has a timeout)
# and talks to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RATE=${RATE:-500}
BATCH=${BATCH:-5}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-1}
PORT=${PORT:-18282}
METRICS_PORT=${METRICS_PORT:-18283}
DATABASE_URL=${DATABASE_URL:-}
BIN_DIR=$ROOT/target/bench
# Release builds get a target directory of their own, shared by the baseline and the
# current tree (dependencies compile once) and apart from the debug one (no lock waits).
BUILD_DIR=$ROOT/target/bench-build
RESULTS=$(mktemp -d -t loket-bench-results-XXXXXX)
mkdir -p "$BIN_DIR"

# The current tree's binary, copied aside (a baseline build relinks the shared one).
build_current() {
    [[ -n "${SKIP_BUILD:-}" && -x "$BIN_DIR/loket-current" ]] && return
    CARGO_TARGET_DIR=$BUILD_DIR cargo build --release --bin loket >&2
    cp "$BUILD_DIR/release/loket" "$BIN_DIR/loket-current"
}

# The current tree without detection (a feature build; only Loket's own crates recompile).
build_without_detection() {
    [[ -n "${SKIP_BUILD:-}" && -x "$BIN_DIR/loket-nodetect" ]] && return
    CARGO_TARGET_DIR=$BUILD_DIR cargo build --release --bin loket \
        --features loket-cli/bench-without-detection >&2
    cp "$BUILD_DIR/release/loket" "$BIN_DIR/loket-nodetect"
}

# Cargo fingerprints a workspace crate by paths relative to its workspace and by mtimes, so
# another tree's older sources would look "fresh": forget Loket's own crates whenever the
# tree being built changes.
forget_own_crates() {
    local crates=()
    for dir in crates/*/; do crates+=(-p "loket-$(basename "$dir")"); done
    CARGO_TARGET_DIR=$BUILD_DIR cargo clean --release "${crates[@]}" >&2 2>/dev/null || true
}

# A revision's binary, built once in a temporary worktree; dependencies are shared through
# $BUILD_DIR, so only Loket's own crates compile again.
build_revision() {
    local rev=$1 tree
    [[ -x "$BIN_DIR/loket-$rev" ]] && return
    tree=$(mktemp -d -t loket-baseline-XXXXXX)
    git worktree add --detach "$tree" "$rev" >&2
    forget_own_crates
    (cd "$tree" && CARGO_TARGET_DIR=$BUILD_DIR cargo build --release --bin loket >&2)
    cp "$BUILD_DIR/release/loket" "$BIN_DIR/loket-$rev"
    git worktree remove --force "$tree"
    forget_own_crates
}

# One run: a fresh database, `serve` from binary $2, `load` from the same binary.
run_one() {
    local label=$1 loket=$2 work url db="" server metrics=() committers=""
    # COMMITTERS sets server.ingest_committers for the current tree (older ones lack it).
    [[ -n "${COMMITTERS:-}" && "$label" == *current* ]] && committers="ingest_committers = $COMMITTERS"
    work=$(mktemp -d -t loket-bench-XXXXXX)
    if [[ "$DATABASE_URL" == postgres* ]]; then
        db="loket_bench_$(date +%s%N)"
        psql -q "$DATABASE_URL" -c "create database $db" >/dev/null
        local base=${DATABASE_URL%%\?*}   # a query (e.g. ?host=/var/run/postgresql) is kept
        url="${base%/*}/$db${DATABASE_URL#"$base"}"
    else
        url="sqlite://$work/loket.db"
    fi
    cat > "$work/loket.toml" <<TOML
[server]
listen = "127.0.0.1:$PORT"
database_url = "$url"
metrics_listen = "127.0.0.1:$METRICS_PORT"
$committers
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
    # The key that seals stored secrets, given only to a `serve` that knows it (revisions
    # before it existed refuse unknown keys, also from the environment).
    local key_env=()
    if [[ "$label" == *current* ]]; then
        key_env=("LOKET__SERVER__SECRET_KEY=$(head -c 32 /dev/urandom | base64)")
    fi
    env "${key_env[@]}" "$loket" serve --config "$work/loket.toml" > "$work/serve.log" 2>&1 &
    server=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
    {
        echo "== $label ($(basename "$loket")), $(date -u +%FT%TZ), load:$(uptime | sed 's/.*load average://')"
        echo "idle RSS of loket serve: $(grep VmRSS /proc/$server/status | awk '{print $2, $3}')"
        if "$loket" load --help | grep -q -- --metrics; then
            metrics=(--metrics "http://127.0.0.1:$METRICS_PORT/metrics")
        fi
        # The server's CPU time when sending ends (before the read-back), sampled aside.
        (sleep "$DURATION.5"; awk '{print $14 + $15}' "/proc/$server/stat" > "$work/cpu_sent") &
        (cd "$work" && timeout $((DURATION + 900)) "$loket" load --config loket.toml \
            --target "http://127.0.0.1:$PORT" --rate "$RATE" --duration "$DURATION" \
            --batch "$BATCH" "${metrics[@]}") || echo "load exited with $?"
        # The server's own CPU time while the load was sending (ingestion only): steadier than
        # throughput on a shared machine, since it does not count what other processes take.
        local ticks acked
        ticks=$(cat "$work/cpu_sent" 2>/dev/null || echo 0)
        acked=$(grep -m1 '^acknowledged:' "$RESULTS/$label.txt" 2>/dev/null | awk '{print $4}')
        echo "server CPU: $(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="${acked:-0}" \
            'BEGIN { s = t / hz; printf "%.2f s, %.1f us per acknowledged message", s, (n > 0 ? s * 1e6 / n : 0) }')"
    } 2>&1 | tee "$RESULTS/$label.txt"
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    [[ -n "$db" ]] && psql -q "$DATABASE_URL" -c "drop database if exists $db" >/dev/null
    rm -rf "$work"
}

# One line per run: the figures BENCHMARKS.md quotes.
summarise() {
    local file
    printf '%-22s %12s %10s %6s %6s %12s %12s %14s\n' run throughput "ack p99" lost dup raw floor "server µs/msg"
    for file in "$RESULTS"/*.txt; do
        printf '%-22s %12s %10s %6s %6s %12s %12s %14s\n' "$(basename "$file" .txt)" \
            "$(grep -m1 '^throughput:' "$file" | awk '{print $2}')" \
            "$(grep -m1 '^ack latency:' "$file" | sed 's/.*p99 \([0-9.]*\) ms.*/\1/')" \
            "$(grep -m1 '^lost:' "$file" | awk '{print $2}')" \
            "$(grep -m1 '^duplicated:' "$file" | awk '{print $2}')" \
            "$(grep -m1 '^raw store limit: [0-9]' "$file" | awk '{print $4}')" \
            "$(grep -m1 '^floor:.*msg/s' "$file" | awk '{print $2}')" \
            "$(grep -m1 '^server CPU:' "$file" | awk '{print $5}')"
    done
}

if [[ -n "${BASELINE:-}" ]]; then
    BASE_REV=$(git rev-parse --short "$BASELINE")
    build_revision "$BASE_REV"
fi
[[ "${DETECTION:-}" == compare ]] && build_without_detection
build_current
for round in $(seq 1 "$ROUNDS"); do
    if [[ -n "${BASELINE:-}" ]]; then
        run_one "r$round-baseline-$BASE_REV" "$BIN_DIR/loket-$BASE_REV"
    fi
    if [[ "${DETECTION:-}" == compare ]]; then
        run_one "r$round-current-nodetect" "$BIN_DIR/loket-nodetect"
    fi
    run_one "r$round-current" "$BIN_DIR/loket-current"
done
echo
summarise
rm -rf "$RESULTS"
