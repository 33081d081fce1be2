#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster for the postgres backend's tests
# (go test -tags postgres ./postgres/) and prints the URL to use:
#
#   eval "$(scripts/pg-start.sh)"      # exports COSELL_TEST_POSTGRES_URL
#   go test -tags postgres ./postgres/
#   scripts/pg-stop.sh
#
# The cluster lives in $COSELL_PG_DIR (default /tmp/cosell-pg), listens on
# 127.0.0.1 on a free port, trusts every local connection (tests only),
# keeps fsync on (the tests exercise real commits). Idempotent: when the
# cluster is already running it only prints the URL again. Run as root it
# runs the server as the postgres user; otherwise as the caller. In GitHub
# Actions the variable is also appended to $GITHUB_ENV.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DIR=${COSELL_PG_DIR:-/tmp/cosell-pg}
DATA=$DIR/data

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

url() { echo "postgres://postgres@127.0.0.1:$(cat "$DIR/port")/postgres?sslmode=disable"; }

emit() {
	local u
	u=$(url)
	echo "export COSELL_TEST_POSTGRES_URL='$u'"
	if [ -n "${GITHUB_ENV:-}" ]; then echo "COSELL_TEST_POSTGRES_URL=$u" >>"$GITHUB_ENV"; fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ -f "$DIR/port" ] && as_owner "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
	emit
	exit 0
fi

mkdir -p "$DIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; fi
chmod 700 "$DIR"
cd "$DIR" # the server user must be able to enter the working directory

if [ ! -f "$DATA/PG_VERSION" ]; then
	rm -rf "$DATA"
	as_owner "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 >"$DIR/initdb.log" 2>&1 ||
		{ cat "$DIR/initdb.log" >&2; exit 1; }
fi

port=""
for _ in $(seq 1 50); do
	p=$((20000 + RANDOM % 40000))
	if port_free "$p"; then port=$p; break; fi
done
[ -n "$port" ] || { echo "pg-start: no free port found" >&2; exit 1; }
as_owner sh -c "echo $port >'$DIR/port'"

as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
	-o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$DIR' -c fsync=on -c max_connections=300" \
	start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
emit
