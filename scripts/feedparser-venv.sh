#!/usr/bin/env bash
# Creates a Python virtual environment with feedparser, the Atom parser the
# news feeds are read back with (tests/tests/it/atom_feeds.rs). Prints the
# variable the tests read.
#
#   scripts/feedparser-venv.sh [venv-dir]      (default: .venv-feedparser at the repository root)
#   export PLEIN_FEEDPARSER="$(pwd)/.venv-feedparser/bin/python"
#   cargo test -p plein-tests --test it atom_feeds::
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${1:-$root/.venv-feedparser}"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import feedparser' 2>/dev/null; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'feedparser==6.0.14'
fi

echo "export PLEIN_FEEDPARSER=$venv/bin/python"
