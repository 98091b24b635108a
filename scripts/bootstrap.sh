#!/usr/bin/env bash
# Create .venv (installing python3-venv on Debian/Ubuntu if it is missing) and install
# Unsent into it with the extras named in $1 (e.g. "test"). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3}"

if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    echo "Unsent needs Python 3.11 or newer; $python is $("$python" --version 2>&1)." >&2
    exit 1
fi

if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv >/dev/null 2>&1; then
        rm -rf .venv
        sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        echo "python venv support is missing; installing python3-venv with apt-get" >&2
        $sudo apt-get update -qq
        $sudo apt-get install -y -qq python3-venv >/dev/null
        "$python" -m venv .venv
    fi
fi

# pip's and setuptools' chatter goes to a log that is shown only if the install fails.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
target="."
[ -n "$extras" ] && target=".[$extras]"
echo "installing Unsent${extras:+ with [$extras]} into .venv" >&2
if ! { .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip &&
       .venv/bin/python -m pip install -q --disable-pip-version-check -e "$target"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "installing into .venv failed; the pip output is above." >&2
    exit 1
fi
