package storetest

import (
	"testing"

	"github.com/cosell/cosell"
)

// testSettings pins SellingSystemSettings and PutSellingSystemSettings:
// one value per (account, catalog), absent until put, replaced by a later
// put, "" kept as a value of its own.
func testSettings(t *testing.T, open func(*testing.T) cosell.Store) {
	type put struct{ account, catalog, arn string }
	type get struct {
		account, catalog string
		want             string
		wantOK           bool
	}
	const a, b = "111111111111", "222222222222"
	roleA := "arn:aws:iam::" + a + ":role/Snapshots"
	tests := []struct {
		name string
		puts []put
		gets []get
	}{
		{name: "nothing put: absent",
			gets: []get{{a, "AWS", "", false}, {a, "Sandbox", "", false}}},
		{name: "a put is read back in its account and catalog only",
			puts: []put{{a, "Sandbox", roleA}},
			gets: []get{{a, "Sandbox", roleA, true}, {a, "AWS", "", false}, {b, "Sandbox", "", false}}},
		{name: "a later put replaces",
			puts: []put{{a, "AWS", roleA}, {a, "AWS", "arn:aws:iam::" + a + ":role/Other"}},
			gets: []get{{a, "AWS", "arn:aws:iam::" + a + ":role/Other", true}}},
		{name: "an empty role is stored as such",
			puts: []put{{a, "AWS", roleA}, {a, "AWS", ""}},
			gets: []get{{a, "AWS", "", true}}},
		{name: "accounts and catalogs are independent",
			puts: []put{{a, "AWS", "x1"}, {a, "Sandbox", "x2"}, {b, "AWS", "x3"}},
			gets: []get{{a, "AWS", "x1", true}, {a, "Sandbox", "x2", true}, {b, "AWS", "x3", true}, {b, "Sandbox", "", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			for _, p := range tt.puts {
				if err := s.PutSellingSystemSettings(ctx(t), p.account, p.catalog, p.arn); err != nil {
					t.Fatalf("PutSellingSystemSettings(%s, %s): %v", p.account, p.catalog, err)
				}
			}
			for _, g := range tt.gets {
				arn, ok, err := s.SellingSystemSettings(ctx(t), g.account, g.catalog)
				if err != nil {
					t.Fatalf("SellingSystemSettings(%s, %s): %v", g.account, g.catalog, err)
				}
				if arn != g.want || ok != g.wantOK {
					t.Errorf("SellingSystemSettings(%s, %s) = %q, %v; want %q, %v", g.account, g.catalog, arn, ok, g.want, g.wantOK)
				}
			}
		})
	}
}

// testTagsOnly pins what TagResource relies on: an update that changes
// only Tags stores them and leaves LastModifiedDate as it was.
func testTagsOnly(t *testing.T, open func(*testing.T) cosell.Store) {
	s := open(t)
	created := mustCreate(t, s, full("AWS"))
	tag := cosell.Object{{Name: "Key", Value: "team"}, {Name: "Value", Value: "emea"}}
	if _, err := s.UpdateOpportunity(ctx(t), "AWS", created.ID, func(o *cosell.Opportunity) error {
		o.Tags = []any{tag}
		return nil
	}); err != nil {
		t.Fatalf("UpdateOpportunity: %v", err)
	}
	got := mustGet(t, s, "AWS", created.ID)
	if len(got.Tags) != 1 || got.Tags[0].(cosell.Object).Str("Value") != "emea" {
		t.Errorf("Tags = %v, want [%v]", got.Tags, tag)
	}
	if !got.LastModifiedDate.Equal(created.LastModifiedDate) {
		t.Errorf("LastModifiedDate = %v, want %v (unchanged)", got.LastModifiedDate, created.LastModifiedDate)
	}
	if _, err := s.UpdateOpportunity(ctx(t), "AWS", created.ID, func(o *cosell.Opportunity) error {
		o.Tags = nil
		return nil
	}); err != nil {
		t.Fatalf("UpdateOpportunity: %v", err)
	}
	if got := mustGet(t, s, "AWS", created.ID); len(got.Tags) != 0 {
		t.Errorf("Tags after removing all = %v, want none", got.Tags)
	}
}
