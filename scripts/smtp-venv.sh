#!/usr/bin/env bash
# Creates a Python virtual environment with aiosmtpd, the real SMTP server the
# mail adapter's tests send to. Prints the variable the tests read.
#
#   scripts/smtp-venv.sh [venv-dir]      (default: .venv-smtp at the repository root)
#   export PLEIN_AIOSMTPD="$(pwd)/.venv-smtp/bin/python"
#   cargo test -p plein-mail
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${1:-$root/.venv-smtp}"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import aiosmtpd' 2>/dev/null; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'aiosmtpd>=1.4,<2'
fi

echo "export PLEIN_AIOSMTPD=$venv/bin/python"
