// Package proof holds the slow, process-level tests of cosell's promises
// (README "Proof and load tests"); every test file is behind a build tag:
//
//   - race_proof: racing UpdateOpportunity calls with one LastModifiedDate
//     have exactly one winner, on SQLite and on two servers sharing one
//     PostgreSQL (go test -tags race_proof ./proof/ -run TestRace);
//   - crash_proof: no acknowledged update is lost when cosell serve is
//     killed mid-load (go test -tags crash_proof ./proof/ -run TestCrash),
//     and a PostgreSQL restart mid-load costs only InternalServerException
//     answers until the same server recovers (-run TestPostgresRestart);
//   - growth: latency at 1,000,000 stored opportunities against 1,000, and
//     chained-update throughput per backend (go test -tags growth
//     ./proof/ -run '^$' -bench .);
//   - hostile_proof: 2,000 connections that never send their body and 30
//     clients that never read their large answers keep the server under
//     256 MiB of RSS while other clients are served, and the server cuts
//     them all (go test -tags hostile_proof ./proof/ -run TestHostile);
//   - sync_proof: docs/sync.md's incremental-sync recipe leaves a sync's
//     copy with every record at its final version after 16 writers ran for
//     10 s, and a ListOpportunities pass returns each record exactly once
//     while another client updates them, for every sort order, on SQLite
//     and two servers sharing PostgreSQL (go test -tags sync_proof
//     ./proof/ -run 'TestSyncRecipe|TestPagingUnderWrites').
//
// The tests start real cosell serve processes, built once per run, on
// loopback, and talk to them with plain net/http, SigV4-signed as an SDK
// does. PostgreSQL variants run when COSELL_TEST_POSTGRES_URL is set
// (eval "$(scripts/pg-start.sh)"); each test uses a fresh schema.
package proof
