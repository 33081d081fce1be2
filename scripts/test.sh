#!/usr/bin/env bash
# Runs every cosell test suite. The one command the README gives:
#
#   scripts/test.sh
#
# It installs what the suites need when it can (the JavaScript SDK from npm,
# AWS CLI v2 and chromium from Debian, a throwaway PostgreSQL cluster), then runs:
#   1. go vet and the unit tests (go test ./...), with the race detector
#   2. the end-to-end tests with the real clients (AWS CLI v1, boto3, JS SDK v3)
#   3. the differential corpus against AWS CLI v2
#   3b. the console's browser tests (Debian's chromium, via chromedp)
#   4. the PostgreSQL conformance and multi-server tests
#   5. the race and crash proofs, a PostgreSQL stop/restart under load,
#      the hostile-clients proof (server memory under slow and deaf clients),
#      the sync proof (docs/sync.md's recipe and paging under writers),
#      and the memory proof (load's and serve's RSS at 100,000 records)
# On a machine without a client or database a suite skips with a message;
# under CI=true a missing one fails.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
step() { printf '\n=== %s\n' "$*"; }
# Each suite's go test runs with -json through scripts/testreport: one line
# per package, and the whole output of every skipped or failed test, so a
# skip shows its reason (go test hides t.Skip messages without -v).
report_dir=$(mktemp -d)
trap 'rm -rf "$report_dir"' EXIT
go build -o "$report_dir/testreport" ./scripts/testreport || failed+=("testreport")
run() { # run NAME go test ARGS...: run a suite, remember failures, keep going
	local name=$1
	shift
	step "$name: $*"
	"$@" -json 2>&1 | "$report_dir/testreport"
	if [ "${PIPESTATUS[0]}" -ne 0 ]; then failed+=("$name"); fi
}
strict() { [ "${CI:-}" = true ]; }

step "go vet"
go vet ./... || failed+=("vet")
run unit go test -race -count=1 ./...

# The JavaScript SDK for the e2e tests.
if command -v npm >/dev/null; then
	(cd e2e/js && npm ci --no-audit --no-fund --loglevel=error) || { strict && failed+=("npm ci"); }
fi
run e2e go test -tags e2e -count=1 ./e2e/

# AWS CLI v2 for the differential corpus (needs apt as root; skipped elsewhere).
if [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; then
	scripts/install-awscli-v2.sh || { strict && failed+=("install awscli v2"); }
fi
run difftest go test -tags difftest -count=1 -timeout 30m ./difftest/

# Chromium for the console's browser tests (needs apt as root; skipped elsewhere).
# Their screenshots go to $COSELL_SCREENSHOTS (default: a temporary directory
# the test log names).
if [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; then
	scripts/install-chromium.sh || { strict && failed+=("install chromium"); }
fi
run browser go test -tags browser -count=1 -timeout 10m ./console/browser/

# A throwaway PostgreSQL cluster for the postgres backend and the proofs.
pg_started=
if [ -z "${COSELL_TEST_POSTGRES_URL:-}" ] && [ -x /usr/lib/postgresql/15/bin/initdb ]; then
	if eval "$(scripts/pg-start.sh)"; then pg_started=1; else strict && failed+=("pg-start"); fi
fi
run postgres go test -tags postgres -count=1 ./postgres/
if [ -d proof ]; then
	run race-proof go test -tags race_proof -count=1 -timeout 20m ./proof/ -run TestRace
	run crash-proof go test -tags crash_proof -count=1 -timeout 20m ./proof/ -run 'TestCrash|TestPostgresRestart'
	run hostile-proof go test -tags hostile_proof -count=1 -timeout 10m ./proof/ -run TestHostile
	run sync-proof go test -tags sync_proof -count=1 -timeout 10m ./proof/ -run 'TestSyncRecipe|TestPagingUnderWrites' 
	run memory-proof go test -tags memory_proof -count=1 -timeout 10m ./proof/ -run TestMemory
fi
[ -n "$pg_started" ] && scripts/pg-stop.sh

if [ ${#failed[@]} -gt 0 ]; then
	printf '\nFAILED suites: %s\n' "${failed[*]}"
	exit 1
fi
printf '\nAll suites passed.\n'
