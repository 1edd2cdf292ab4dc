#!/usr/bin/env bash
# Creates a Python virtual environment with pabutools, the reference
# implementation of the budget rules, which the count is compared with
# (tests/tests/it/budget_count.rs, bench budget-count). Prints the variable
# the tests read.
#
#   scripts/pabutools-venv.sh [venv-dir]      (default: .venv-pabutools at the repository root)
#   export PLEIN_PABUTOOLS="$(pwd)/.venv-pabutools/bin/python"
#   cargo test -p plein-tests --test it budget_count::
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${1:-$root/.venv-pabutools}"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import pabutools' 2>/dev/null; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'pabutools==1.1.14'
fi

echo "export PLEIN_PABUTOOLS=$venv/bin/python"
