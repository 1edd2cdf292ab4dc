#!/usr/bin/env bash
# End-to-end tests of the web app in Debian's Chromium, driven by playwright-core.
# Builds nothing: expects frontend/dist (npm run build) and a plein binary
# (PLEIN_BIN, default ../target/debug/plein from frontend/).
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "FAIL: no Chromium at $CHROMIUM; install it with: apt-get install -y chromium (or set CHROMIUM)" >&2
  exit 1
fi
export CHROMIUM

export PLEIN_BIN="${PLEIN_BIN:-../target/debug/plein}"
if [ ! -x "$PLEIN_BIN" ]; then
  echo "FAIL: no plein binary at $PLEIN_BIN; run cargo build -p plein-server (or set PLEIN_BIN)" >&2
  exit 1
fi
if [ ! -f dist/index.html ]; then
  echo "FAIL: frontend/dist is not built; run npm run build first" >&2
  exit 1
fi

# One file at a time: each starts its own server and browser, and the
# machine's cores are shared.
exec node --test --test-concurrency=1 e2e/*.test.mjs
