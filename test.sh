#!/usr/bin/env bash
# The whole test suite: installs into .venv, then runs pytest (arguments pass through).
# As root on Debian/Ubuntu it also installs chromium (browser tests) and starts a local
# PostgreSQL (storage tests on PostgreSQL); otherwise those tests are skipped, saying how.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh test
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    bash scripts/chromium.sh
    if [ -z "${UNSENT_TEST_DATABASE_URL:-}" ]; then
        UNSENT_TEST_DATABASE_URL="$(bash scripts/postgres.sh | tail -1)"
        export UNSENT_TEST_DATABASE_URL
    fi
fi
exec .venv/bin/python -m pytest "$@"
