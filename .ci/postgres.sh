#!/usr/bin/env bash
# Installs (if missing) and starts a local PostgreSQL on 127.0.0.1:5432 with the test database
# workflow_test owned by role workflow (password workflow). Idempotent; needs root (CI runs as root).
# With --fresh, the test database is dropped and created empty.
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
VER=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VER main"; then
  pg_createcluster "$VER" main >/dev/null
fi
CONF=/etc/postgresql/$VER/main/postgresql.conf
sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" "$CONF"
grep -q "^max_connections = 200" "$CONF" || sed -i "s/^#\?max_connections.*/max_connections = 200/" "$CONF"
if ! pg_lsclusters -h | awk -v v="$VER" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$VER" main start
fi
for _ in $(seq 60); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432
psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtA -c \"$1\""; }
[ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='workflow'")" = "1" ] \
  || psql_admin "CREATE ROLE workflow LOGIN PASSWORD 'workflow'"
if [ "${1:-}" = "--fresh" ]; then
  # CI starts from an empty test database: tables left by an earlier run (of an older schema)
  # must not decide a test's outcome.
  su postgres -c "dropdb --if-exists --force workflow_test"
fi
[ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='workflow_test'")" = "1" ] \
  || su postgres -c "createdb -O workflow workflow_test"
echo "PostgreSQL $VER ready: jdbc:postgresql://127.0.0.1:5432/workflow_test (user workflow)"
