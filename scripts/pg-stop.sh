#!/usr/bin/env bash
# Stops the cluster scripts/pg-start.sh started and deletes it. Idempotent:
# nothing running and nothing on disk is success.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DIR=${COSELL_PG_DIR:-/tmp/cosell-pg}

[ -d "$DIR" ] || exit 0
cd / # the server user must be able to enter the working directory
if [ -f "$DIR/data/postmaster.pid" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
	else
		"$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
	fi
fi
rm -rf "$DIR"
