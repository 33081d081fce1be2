#!/usr/bin/env bash
# Memory at a million records (issue 12; docs/benchmarks.md "Issue 12: memory"):
#   1. `cosell load --count $COUNT` into a fresh SQLite file: peak RSS from
#      /usr/bin/time -v (target <= 256 MiB at 1,000,000).
#   2. `cosell serve --db` on a copy of that file, driven for $DURATION by
#      `cosell-load -mix` (gets of random stored records, stage-filtered
#      lists of 100, chained updates; $CLIENTS clients): VmHWM (peak) and
#      VmRSS (end) from /proc/<pid>/status (target <= 150 MiB). The console
#      is never opened (its pipeline summaries are loaded only then).
#   3. `cosell partnercentral-selling update-opportunity` against
#      difftest/captureserver: the largest peak RSS of 5 runs (target <= 20 MiB).
# Prints a markdown report and exits 1 if a target is missed.
#
# Knobs: COUNT (default 1000000), DB (an existing file `cosell load --count
# $COUNT` made: skips step 1; serve still runs on a copy), DURATION (60s),
# CLIENTS (16), KEEP (a path to keep the loaded file at), SERVE_ENV (extra
# environment for serve, e.g. "GOMEMLIMIT=64MiB").
# A 1,000,000-record load takes 3-6 minutes and 2.5 GB of disk.
# Needs: GNU time (/usr/bin/time), curl.
set -euo pipefail

cd "$(dirname "$0")/.."
COUNT=${COUNT:-1000000}
DURATION=${DURATION:-60s}
CLIENTS=${CLIENTS:-16}
PORT=${PORT:-18457}

command -v /usr/bin/time >/dev/null || { echo "bench-memory: /usr/bin/time missing (apt-get install -y time)" >&2; exit 1; }

TMP=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT

# cosell load and serve hand over to the cosell-server beside cosell.
go build -o "$TMP/" ./cmd/cosell ./cmd/cosell-server
go build -o "$TMP/cosell-load" ./cmd/cosell-load
go build -o "$TMP/captureserver" ./difftest/captureserver
mib() { echo "scale=1; $1/1024" | bc; }
fail=0
verdict() { if (( $(echo "$1 <= $2" | bc -l) )); then echo "met"; else echo "MISSED"; fail=1; fi; }

echo "# $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, uptime:$(uptime | sed 's/.*load average/ load average/')"
echo
echo "| measurement | MiB | target | |"
echo "|---|---:|---:|---|"

if [ -z "${DB:-}" ]; then
	/usr/bin/time -v "$TMP/cosell" load --db "$TMP/mem.db" --count "$COUNT" 2>"$TMP/load.err" >/dev/null ||
		{ cat "$TMP/load.err" >&2; exit 1; }
	kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/load.err")
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$TMP/load.err")
	echo "| \`cosell load --count $COUNT\` peak RSS (wall $secs) | $(mib "$kb") | 256 | $(verdict "$(mib "$kb")" 256) |"
	if [ -n "${KEEP:-}" ]; then cp "$TMP/mem.db" "$KEEP"; fi
else
	cp "$DB" "$TMP/mem.db"
fi

# serve on the loaded file; the mixed load updates it.
env ${SERVE_ENV:-} "$TMP/cosell" serve --db "$TMP/mem.db" --listen "127.0.0.1:$PORT" --log-level error >"$TMP/serve.log" 2>&1 &
SERVE=$!
PIDS+=("$SERVE")
for _ in $(seq 100); do grep -q listening "$TMP/serve.log" && break; sleep 0.1; done
"$TMP/cosell-load" -mix "http://127.0.0.1:$PORT" -mix-ids "$COUNT" -duration "$DURATION" -clients "$CLIENTS" >"$TMP/mix.out"
# Go's share of it (the rest is SQLite's page caches, which modernc's libc
# allocates outside the Go heap, and the binary's pages).
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^go_memstats_(heap_inuse|heap_idle|heap_released|sys)_bytes ' >"$TMP/gomem" || true
grep -E '^(VmHWM|VmRSS|RssAnon|RssFile)' "/proc/$SERVE/status" >"$TMP/status"
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$SERVE/status")
rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVE/status")
echo "| \`cosell serve\`, $COUNT records, after $DURATION of mixed load: peak (VmHWM) | $(mib "$hwm") | 150 | $(verdict "$(mib "$hwm")" 150) |"
echo "| the same, at the end (VmRSS) | $(mib "$rss") | 150 | $(verdict "$(mib "$rss")" 150) |"

# The CLI, against the capture server (the full success path).
"$TMP/captureserver" -listen 127.0.0.1:0 >"$TMP/url" &
PIDS+=("$!")
for _ in $(seq 50); do [ -s "$TMP/url" ] && break; sleep 0.1; done
export HOME="$TMP/home" AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
mkdir -p "$HOME"
max=0
for _ in 1 2 3 4 5; do
	kb=$(/usr/bin/time -f '%M' "$TMP/cosell" partnercentral-selling update-opportunity --catalog AWS --identifier O1234567 \
		--last-modified-date 2025-01-02T03:04:05.123Z --project 'Title=Benchmark,DeliveryModels=[SaaS or PaaS]' \
		--life-cycle Stage=Prospect --endpoint-url "$(cat "$TMP/url")" 2>&1 >/dev/null | tail -1)
	[ "$kb" -gt "$max" ] && max=$kb
done
echo "| \`cosell partnercentral-selling update-opportunity\` peak RSS (largest of 5) | $(mib "$max") | 20 | $(verdict "$(mib "$max")" 20) |"
echo
echo '```'
cat "$TMP/mix.out"
echo "# serve at the end: /proc/<pid>/status and Go's /metrics"
cat "$TMP/status" "$TMP/gomem"
echo '```'
exit "$fail"
