#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the test suite, installing the distribution's package
# first if it is missing, and prints the URL to give the suite as PORTAL_TEST_POSTGRES. The server
# listens on 127.0.0.1 only, trusts local connections and runs with fsync off: it holds test data
# and nothing else. A server already running from an earlier call is reused.
# It also speaks TLS, with a certificate from a CA made for it, and has a role, portal_tls, that
# may connect over TLS only, so the suite can show that the portal verifies its database server.
# `postgres.sh running` says (by its status) whether the server runs; `postgres.sh stop` stops it;
# `postgres.sh ca` prints the path of the CA's certificate.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/as-root.sh
newest_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

port=${PORTAL_TEST_POSTGRES_PORT:-55432}
dir=${PORTAL_TEST_POSTGRES_DIR:-/tmp/portal-test-postgres}

command=${1:-start}
bin=$(newest_bin)
if [ "$command" = start ] && { [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; }; then
  apt_get update -qq >&2
  apt_get install -y -qq postgresql >&2
  bin=$(newest_bin)
fi

# PostgreSQL refuses to run as root; root runs it as the package's postgres user.
if [ "$(id -u)" -eq 0 ]; then
  as_server() { runuser -u postgres -- "$@"; }
else
  as_server() { "$@"; }
fi

running() { [ -n "$bin" ] && as_server "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; }
case "$command" in
  start) ;;
  running) running; exit ;;
  ca) echo "$dir/tls/ca.pem"; exit ;;
  stop) if running; then as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2; fi; exit ;;
  *) echo "usage: $0 [start|running|stop]" >&2; exit 2 ;;
esac

if ! running; then
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_server "$bin/initdb" -D "$dir/data" -U portal --auth=trust -E UTF8 --no-locale >/dev/null
  fi
  as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=500 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2
fi
psql_admin() { as_server "$bin/psql" -h 127.0.0.1 -p "$port" -U portal -d postgres "$@"; }
if [ ! -f "$dir/tls/ca.pem" ]; then
  if ! command -v openssl >/dev/null; then apt_get install -y -qq openssl >&2; fi
  tls=$dir/tls
  as_server mkdir -p "$tls"
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' | as_server tee "$tls/names.ext" >/dev/null
  new_key() { as_server openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "$@" 2>/dev/null; }
  new_key -x509 -days 30 -subj "/CN=Portal test PostgreSQL CA" -keyout "$tls/ca.key" -out "$tls/ca.pem.new"
  new_key -subj "/CN=127.0.0.1" -keyout "$tls/server.key" -out "$tls/server.csr"
  as_server openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem.new" -CAkey "$tls/ca.key" \
    -CAcreateserial -days 30 -extfile "$tls/names.ext" -out "$tls/server.crt" 2>/dev/null
  as_server chmod 600 "$tls/server.key" "$tls/ca.key"
  psql_admin -qc "ALTER SYSTEM SET ssl_cert_file = '$tls/server.crt'" \
    -c "ALTER SYSTEM SET ssl_key_file = '$tls/server.key'" -c "ALTER SYSTEM SET ssl = on" >&2
  psql_admin -qc "DO \$\$ BEGIN CREATE ROLE portal_tls LOGIN SUPERUSER; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" >&2
  # First matching line wins: portal_tls is refused without TLS and trusted with it.
  as_server sed -i '1i hostssl all portal_tls 127.0.0.1/32 trust\nhostnossl all portal_tls 127.0.0.1/32 reject' \
    "$dir/data/pg_hba.conf"
  psql_admin -qAtc "SELECT pg_reload_conf()" >/dev/null
  # Written last: its presence says the rest is done.
  as_server mv "$tls/ca.pem.new" "$tls/ca.pem"
fi
# Each test makes a database of its own; those of earlier runs go before a new run begins.
for name in $(as_server "$bin/psql" -h 127.0.0.1 -p "$port" -U portal -d postgres -Atc \
  "SELECT datname FROM pg_database WHERE datname LIKE 'portal\_test\_%'"); do
  as_server "$bin/psql" -h 127.0.0.1 -p "$port" -U portal -d postgres -qc "DROP DATABASE \"$name\"" >&2
done
echo "postgres://portal@127.0.0.1:$port"
