//go:build postgres

package postgres_test

import (
	"context"
	"testing"
)

// TestPingWhileDiskFull: while this server's writes fail with disk_full
// (SQLSTATE 53100), Ping (/readyz) reports not ready, and ready again once
// a write commits. A trigger raises 53100 on every write to
// opportunities, as PostgreSQL does when it cannot extend a file.
func TestPingWhileDiskFull(t *testing.T) {
	ctx := context.Background()
	schema := freshSchema(t)
	s := openSchema(t, schema)
	if _, err := s.CreateOpportunity(ctx, newRecord(), "", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping before the disk fills: %v", err)
	}
	exec(t, schema, `CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END $$`)
	exec(t, schema, `CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE ON opportunities FOR EACH ROW EXECUTE FUNCTION disk_full()`)
	if _, err := s.CreateOpportunity(ctx, newRecord(), "", ""); err == nil {
		t.Fatal("a write on a full disk succeeded")
	}
	if err := s.Ping(ctx); err == nil {
		t.Error("Ping while writes fail for a full disk: ready, want not ready")
	}
	exec(t, schema, `DROP TRIGGER disk_full ON opportunities`)
	if err := s.Ping(ctx); err == nil {
		t.Error("Ping before any write succeeded: ready, want not ready")
	}
	if _, err := s.CreateOpportunity(ctx, newRecord(), "", ""); err != nil {
		t.Fatalf("a write after space was freed: %v", err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping after a write succeeded: %v", err)
	}
}
