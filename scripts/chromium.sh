#!/usr/bin/env bash
# Install Debian's chromium for the browser tests, if it is missing. Debian/Ubuntu, as root.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
