#!/usr/bin/env bash
# The whole test suite: installs into .venv, then runs pytest (arguments pass through).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh test
exec .venv/bin/python -m pytest "$@"
