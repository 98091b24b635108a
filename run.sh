#!/usr/bin/env bash
# Quick start: install into .venv and read a draft with the bundled model.
#   bash run.sh "I'll change, I swear, just give me one more chance"
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh
if [ "$#" -eq 0 ]; then
    set -- "Pick up your phone. I know you're home."
fi
exec .venv/bin/unsent check "$@"
