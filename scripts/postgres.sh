#!/usr/bin/env bash
# Install (if needed) and start a local PostgreSQL for the storage tests, with a role and a
# database named unsent_test. Prints the SQLAlchemy URL on its last line. Debian/Ubuntu, as root.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
if ! pg_lsclusters -h | grep -q "^$version main"; then
    pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 && break
    sleep 0.5
done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='unsent'\"" | grep -q 1 ||
    su postgres -c "psql -qc \"CREATE ROLE unsent LOGIN PASSWORD 'unsent'\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='unsent_test'\"" | grep -q 1 ||
    su postgres -c "psql -qc 'CREATE DATABASE unsent_test OWNER unsent'"
echo "postgresql+psycopg://unsent:unsent@127.0.0.1:5432/unsent_test"
