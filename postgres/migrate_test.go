//go:build postgres

package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/postgres"
)

func TestMigrations(t *testing.T) {
	ctx := context.Background()

	t.Run("servers starting together migrate once", func(t *testing.T) {
		schema := freshSchema(t)
		const servers = 6
		errs := make([]error, servers)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range servers {
			wg.Go(func() {
				<-start
				var s *postgres.Store
				if s, errs[i] = postgres.Open(ctx, testURL(t), postgres.Options{Schema: schema}); s != nil {
					s.Close()
				}
			})
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("server %d: %v", i, err)
			}
		}
		var n, v int
		if err := adminPool(t).QueryRow(ctx, `SELECT count(*), max(version) FROM "`+schema+`".schema_migrations`).Scan(&n, &v); err != nil {
			t.Fatal(err)
		}
		if n != postgres.SchemaVersion() || v != postgres.SchemaVersion() {
			t.Errorf("schema_migrations: %d rows, version %d; want %d of each", n, v, postgres.SchemaVersion())
		}
	})

	t.Run("reopening keeps the data", func(t *testing.T) {
		schema := freshSchema(t)
		first := openSchema(t, schema)
		o, err := first.CreateOpportunity(ctx, &cosell.Opportunity{Catalog: "AWS", Body: cosell.Object{}}, "", "")
		if err != nil {
			t.Fatal(err)
		}
		first.Close()
		again := openSchema(t, schema)
		if _, err := again.GetOpportunity(ctx, "AWS", o.ID); err != nil {
			t.Errorf("after reopening: %v", err)
		}
	})

	t.Run("a newer schema is refused", func(t *testing.T) {
		schema := freshSchema(t)
		openSchema(t, schema).Close()
		exec(t, schema, `INSERT INTO schema_migrations (version) VALUES ($1)`, postgres.SchemaVersion()+1)
		s, err := postgres.Open(ctx, testURL(t), postgres.Options{Schema: schema})
		if err == nil {
			s.Close()
			t.Fatal("Open succeeded against a newer schema")
		}
		if !errors.Is(err, postgres.ErrSchemaTooNew) {
			t.Errorf("Open error = %v, want ErrSchemaTooNew", err)
		}
		if msg := err.Error(); !strings.Contains(msg, "upgrade cosell") || !strings.Contains(msg, fmt.Sprintf("version %d", postgres.SchemaVersion()+1)) {
			t.Errorf("error %q should say the versions and what to do", msg)
		}
	})

	t.Run("schemas are separate services", func(t *testing.T) {
		a, b := openSchema(t, freshSchema(t)), openSchema(t, freshSchema(t))
		o, err := a.CreateOpportunity(ctx, &cosell.Opportunity{Catalog: "AWS", Body: cosell.Object{}}, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.GetOpportunity(ctx, "AWS", o.ID); err == nil {
			t.Error("a record of one schema is visible in another")
		}
	})
}
