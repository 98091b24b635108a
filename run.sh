#!/usr/bin/env bash
# Quick start: install into .venv and serve the page and the API with the bundled model.
#   bash run.sh                 # http://127.0.0.1:8000/
#   bash run.sh --port 9000     # arguments go to 'unsent serve'
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh
exec .venv/bin/unsent serve "$@"
