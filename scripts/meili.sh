# Sourced by scripts/test: a throwaway Meilisearch for the test run, so the
# search contract suite and the search integration tests run against a real
# server too. It is stopped when the sourcing script exits.
#
# - MEILI_URL already set (with MEILI_MASTER_KEY): that server is used as is.
# - Otherwise, when ../shared/tools/meilisearch/start exists (or
#   MEILISEARCH_START names such a script), it starts one on a free port in
#   7700-7799 with a fresh data folder and a random key, waits for /health,
#   and exports MEILI_URL, MEILI_MASTER_KEY and MEILISEARCH_START (the fault
#   tests start and stop servers of their own with it).
# - Neither: the Meilisearch cases say they were skipped.
# PLEIN_TEST_MEILI=0 leaves Meilisearch out; PLEIN_TEST_MEILI=1 makes a
# missing server an error instead of a skip.

plein_meili_start() {
    local root start port key data pid
    root="$(pwd)"
    if [ "${PLEIN_TEST_MEILI:-}" = "0" ]; then
        unset MEILI_URL MEILI_MASTER_KEY
        echo "Meilisearch left out (PLEIN_TEST_MEILI=0)"
        return 0
    fi
    if [ -n "${MEILI_URL:-}" ]; then
        if [ -z "${MEILI_MASTER_KEY:-}" ]; then
            echo "FAIL: MEILI_URL is set but MEILI_MASTER_KEY is not" >&2
            return 1
        fi
        echo "Testing against the Meilisearch at $MEILI_URL"
        return 0
    fi
    start="${MEILISEARCH_START:-$root/../shared/tools/meilisearch/start}"
    if [ ! -x "$start" ]; then
        if [ "${PLEIN_TEST_MEILI:-}" = "1" ]; then
            echo "FAIL: no Meilisearch: set MEILI_URL and MEILI_MASTER_KEY, or MEILISEARCH_START" >&2
            return 1
        fi
        echo "No Meilisearch to test against; its cases will say they were skipped"
        return 0
    fi
    port=""
    for candidate in $(seq 7700 7799 | shuf); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
            port="$candidate"
            break
        fi
    done
    if [ -z "$port" ]; then
        echo "FAIL: no free port in 7700-7799 for Meilisearch" >&2
        return 1
    fi
    key="$(head -c 24 /dev/urandom | base64 | tr -dc A-Za-z0-9)"
    data="$(mktemp -d "${TMPDIR:-/tmp}/plein-meili.XXXXXX")"
    "$start" "$port" "$data" "$key" >"$data/meilisearch.log" 2>&1 &
    pid=$!
    PLEIN_MEILI_PID="$pid"
    PLEIN_MEILI_DATA="$data"
    trap plein_meili_stop EXIT
    for _ in $(seq 1 150); do
        if curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
            export MEILI_URL="http://127.0.0.1:$port" MEILI_MASTER_KEY="$key"
            export MEILISEARCH_START="$start"
            echo "Meilisearch $(curl -sf -H "Authorization: Bearer $key" "$MEILI_URL/version" | sed 's/.*"pkgVersion":"\([^"]*\)".*/\1/') on $MEILI_URL for this run"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            break
        fi
        sleep 0.2
    done
    echo "FAIL: Meilisearch did not start; its log:" >&2
    cat "$data/meilisearch.log" >&2
    return 1
}

plein_meili_stop() {
    if [ -n "${PLEIN_MEILI_PID:-}" ]; then
        kill "$PLEIN_MEILI_PID" 2>/dev/null || true
        wait "$PLEIN_MEILI_PID" 2>/dev/null || true
        PLEIN_MEILI_PID=""
    fi
    if [ -n "${PLEIN_MEILI_DATA:-}" ]; then
        rm -rf "$PLEIN_MEILI_DATA"
        PLEIN_MEILI_DATA=""
    fi
}

plein_meili_start
