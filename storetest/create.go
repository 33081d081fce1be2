package storetest

import (
	"testing"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

func testCreate(t *testing.T, open func(*testing.T) cosell.Store) {
	t.Run("ids come from one increasing counter across catalogs", func(t *testing.T) {
		s := open(t)
		var last int64
		seen := map[string]bool{}
		for i, catalog := range []string{"AWS", "Sandbox", "AWS", "Sandbox", "Sandbox", "AWS"} {
			o := opp(spec{catalog: catalog})
			o.ID = "O1" // a caller's identifier is ignored: the store assigns one
			got := mustCreate(t, s, o)
			n := cosell.IDNumber(got.ID)
			if got.ID != cosell.FormatID(n) {
				t.Fatalf("create %d: id %q is not cosell.FormatID of its number", i, got.ID)
			}
			if i == 0 && n != cosell.FirstID {
				t.Errorf("first id = %s, want %s", got.ID, cosell.FormatID(cosell.FirstID))
			}
			if n <= last {
				t.Errorf("create %d: id %s not greater than the previous %s", i, got.ID, cosell.FormatID(last))
			}
			if seen[got.ID] {
				t.Errorf("create %d: id %s handed out twice", i, got.ID)
			}
			seen[got.ID], last = true, n
			if got.Catalog != catalog {
				t.Errorf("create %d: catalog = %q, want %q", i, got.Catalog, catalog)
			}
		}
	})

	t.Run("record round-trips every field", func(t *testing.T) {
		for _, catalog := range []string{"AWS", "Sandbox"} {
			s := open(t)
			want := full(catalog)
			created, err := s.CreateOpportunity(ctx(t), want.Clone(), "token-1", "fp-1")
			if err != nil {
				t.Fatal(err)
			}
			want.ID = created.ID
			if diff := cmp.Diff(want, created, cmpEmpty); diff != "" {
				t.Errorf("%s: CreateOpportunity result (-want +got):\n%s", catalog, diff)
			}
			if diff := cmp.Diff(want, mustGet(t, s, catalog, created.ID), cmpEmpty); diff != "" {
				t.Errorf("%s: GetOpportunity (-want +got):\n%s", catalog, diff)
			}
			listed, err := Records(s.ListOpportunities(ctx(t), cosell.ListQuery{Catalog: catalog}))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]*cosell.Opportunity{want}, listed, cmpEmpty); diff != "" {
				t.Errorf("%s: ListOpportunities (-want +got):\n%s", catalog, diff)
			}
		}
	})

	t.Run("empty lists and nil members stay as they were", func(t *testing.T) {
		s := open(t)
		o := opp(spec{stage: "Prospect"})
		o.Body.Set("Marketing", nil)
		o.Body.Set("Channels", []any{})
		got := mustGet(t, s, "AWS", mustCreate(t, s, o).ID)
		o.ID = got.ID
		if diff := cmp.Diff(o.Body, got.Body, cmpEmpty); diff != "" {
			t.Errorf("Body (-want +got):\n%s", diff)
		}
		if len(got.OpportunityTeam) != 0 || len(got.Tags) != 0 {
			t.Errorf("OpportunityTeam, Tags = %v, %v; want empty", got.OpportunityTeam, got.Tags)
		}
		r := got.Related
		if len(r.AwsProducts)+len(r.Solutions)+len(r.AwsMarketplaceOffers)+len(r.AwsMarketplaceOfferSets) != 0 {
			t.Errorf("Related = %+v, want empty", r)
		}
	})

	t.Run("the store keeps its own copy", func(t *testing.T) {
		s := open(t)
		in := full("AWS")
		out, err := s.CreateOpportunity(ctx(t), in, "t", "f")
		if err != nil {
			t.Fatal(err)
		}
		want := full("AWS")
		want.ID = out.ID
		// Scribble over everything the caller holds.
		for _, o := range []*cosell.Opportunity{in, out} {
			setStage(o, "Closed Lost")
			o.Body.Set("Extra", "x")
			o.Related.Solutions[0] = "S-9"
			o.OpportunityTeam[0].(cosell.Object)[0].Value = "x@example.com"
		}
		got := mustGet(t, s, "AWS", want.ID)
		if diff := cmp.Diff(want, got, cmpEmpty); diff != "" {
			t.Fatalf("stored record changed through the caller's pointers (-want +got):\n%s", diff)
		}
		setStage(got, "Closed Lost")
		if diff := cmp.Diff(want, mustGet(t, s, "AWS", want.ID), cmpEmpty); diff != "" {
			t.Errorf("stored record changed through a GetOpportunity result (-want +got):\n%s", diff)
		}
	})
}

func testGet(t *testing.T, open func(*testing.T) cosell.Store) {
	s := open(t)
	aws := mustCreate(t, s, opp(spec{catalog: "AWS"}))
	sandbox := mustCreate(t, s, opp(spec{catalog: "Sandbox"}))
	tests := []struct {
		name, catalog, id string
	}{
		{name: "unknown id", catalog: "AWS", id: cosell.FormatID(cosell.FirstID + 1000)},
		{name: "AWS record through Sandbox", catalog: "Sandbox", id: aws.ID},
		{name: "Sandbox record through AWS", catalog: "AWS", id: sandbox.ID},
		{name: "unknown catalog", catalog: "Other", id: aws.ID},
		{name: "leading zero", catalog: "AWS", id: "O0" + aws.ID[1:]},
		{name: "not an identifier", catalog: "AWS", id: "abc"},
		{name: "empty", catalog: "AWS", id: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.GetOpportunity(ctx(t), tc.catalog, tc.id)
			// Exactly cosell.NotFound: the service answers an opportunity
			// another account owns with that same error (visible).
			if want := cosell.NotFound(tc.catalog, tc.id); err == nil || err.Error() != want.Error() {
				t.Fatalf("GetOpportunity(%q, %q) = %v, %v; want %v", tc.catalog, tc.id, got, err, want)
			}
		})
	}
	for _, o := range []*cosell.Opportunity{aws, sandbox} {
		if got := mustGet(t, s, o.Catalog, o.ID); got.ID != o.ID || got.Catalog != o.Catalog {
			t.Errorf("GetOpportunity(%s, %s) = %s in %s", o.Catalog, o.ID, got.ID, got.Catalog)
		}
	}
}

func testClientToken(t *testing.T, open func(*testing.T) cosell.Store) {
	tests := []struct {
		name string
		// the second create's catalog, token and fingerprint; the first is
		// always AWS, "tok", "fp".
		catalog, token, fingerprint string
		wantCode                    string // "" for success
		wantSame                    bool   // the second create returns the first record
	}{
		{name: "same token and fingerprint replays", catalog: "AWS", token: "tok", fingerprint: "fp", wantSame: true},
		{name: "same token other fingerprint conflicts", catalog: "AWS", token: "tok", fingerprint: "fp2", wantCode: cosell.ConflictError},
		{name: "tokens are scoped per catalog", catalog: "Sandbox", token: "tok", fingerprint: "fp"},
		{name: "other token creates", catalog: "AWS", token: "tok2", fingerprint: "fp"},
		{name: "tokens are case-sensitive", catalog: "AWS", token: "TOK", fingerprint: "fp"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			first, err := s.CreateOpportunity(ctx(t), opp(spec{catalog: "AWS", company: "First"}), "tok", "fp")
			if err != nil {
				t.Fatal(err)
			}
			before := count(t, s, "AWS") + count(t, s, "Sandbox")
			second, err := s.CreateOpportunity(ctx(t), opp(spec{catalog: tc.catalog, company: "Second"}), tc.token, tc.fingerprint)
			if got := errorCode(err); got != tc.wantCode || (err != nil && tc.wantCode == "") {
				t.Fatalf("second create: error %v, want code %q", err, tc.wantCode)
			}
			after := count(t, s, "AWS") + count(t, s, "Sandbox")
			switch {
			case tc.wantCode != "" || tc.wantSame:
				if after != before {
					t.Errorf("records: %d after the second create, want %d (nothing new stored)", after, before)
				}
			default:
				if after != before+1 {
					t.Errorf("records: %d after the second create, want %d", after, before+1)
				}
			}
			switch {
			case tc.wantSame:
				if diff := cmp.Diff(mustGet(t, s, "AWS", first.ID), second, cmpEmpty); diff != "" {
					t.Errorf("replay returned another record (-first +replay):\n%s", diff)
				}
			case tc.wantCode == "":
				if second.ID == first.ID || second.CompanyName() != "Second" {
					t.Errorf("second create returned %s (%s), want a new record", second.ID, second.CompanyName())
				}
			}
		})
	}

	t.Run("empty token never replays", func(t *testing.T) {
		s := open(t)
		a := mustCreate(t, s, opp(spec{}))
		b := mustCreate(t, s, opp(spec{}))
		if a.ID == b.ID || count(t, s, "AWS") != 2 {
			t.Errorf("two creates without a token gave %s and %s, %d records", a.ID, b.ID, count(t, s, "AWS"))
		}
	})

	t.Run("replay returns the record as it is now", func(t *testing.T) {
		s := open(t)
		first, err := s.CreateOpportunity(ctx(t), opp(spec{stage: "Prospect"}), "tok", "fp")
		if err != nil {
			t.Fatal(err)
		}
		updated, err := s.UpdateOpportunity(ctx(t), "AWS", first.ID, func(o *cosell.Opportunity) error {
			setStage(o, "Qualified")
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		replay, err := s.CreateOpportunity(ctx(t), opp(spec{stage: "Prospect"}), "tok", "fp")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(updated, replay, cmpEmpty); diff != "" {
			t.Errorf("replay (-current +replay):\n%s", diff)
		}
	})
}
