package cosell_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
)

func tagList(kv ...string) []any {
	out := []any{}
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, cosell.Object{{"Key", kv[i]}, {"Value", kv[i+1]}})
	}
	return out
}

func TestTags(t *testing.T) {
	const acct = cosell.DefaultAccountID
	arnOf := func(catalog, id string) string {
		return "arn:aws:partnercentral:us-east-1:" + acct + ":catalog/" + catalog + "/opportunity/" + id
	}
	type step struct {
		op   string
		req  func(arn string) cosell.Object
		want string // error code, "" for success
	}
	tag := func(kv ...string) func(string) cosell.Object {
		return func(arn string) cosell.Object {
			return cosell.Object{{"ResourceArn", arn}, {"Tags", tagList(kv...)}}
		}
	}
	untag := func(keys ...string) func(string) cosell.Object {
		return func(arn string) cosell.Object {
			l := []any{}
			for _, k := range keys {
				l = append(l, k)
			}
			return cosell.Object{{"ResourceArn", arn}, {"TagKeys", l}}
		}
	}
	other := func(arn string) func(string) cosell.Object {
		return func(string) cosell.Object { return cosell.Object{{"ResourceArn", arn}, {"Tags", tagList("k", "v")}} }
	}
	many := func(n int) []string {
		var kv []string
		for i := range n {
			kv = append(kv, "k"+strings.Repeat("x", i%3)+string(rune('A'+i/26%26))+string(rune('a'+i%26))+strings.Repeat("0", i/676), "v")
		}
		return kv
	}
	tests := []struct {
		name    string
		created []any // tags given to CreateOpportunity
		steps   []step
		want    []any
	}{
		{name: "create's tags are listed", created: tagList("env", "test"), want: tagList("env", "test")},
		{name: "none: []", want: tagList()},
		{name: "tag adds and overwrites", created: tagList("env", "test", "team", "a"),
			steps: []step{{op: "TagResource", req: tag("team", "b", "region", "emea")}},
			want:  tagList("env", "test", "team", "b", "region", "emea")},
		{name: "untag removes, ignores missing keys", created: tagList("env", "test", "team", "a"),
			steps: []step{{op: "UntagResource", req: untag("env", "nope")}},
			want:  tagList("team", "a")},
		{name: "empty value, unicode and the allowed punctuation",
			steps: []step{{op: "TagResource", req: tag("ключ _.:/=+-@", "", "a b", "ünïcode 1")}},
			want:  tagList("ключ _.:/=+-@", "", "a b", "ünïcode 1")},
		{name: "key too long", steps: []step{{op: "TagResource", req: tag(strings.Repeat("k", 129), "v"), want: cosell.ValidationError}}, want: tagList()},
		{name: "value too long", steps: []step{{op: "TagResource", req: tag("k", strings.Repeat("v", 257)), want: cosell.ValidationError}}, want: tagList()},
		{name: "key with a forbidden character", steps: []step{{op: "TagResource", req: tag("a*b", "v"), want: cosell.ValidationError}}, want: tagList()},
		{name: "empty key", steps: []step{{op: "TagResource", req: tag("", "v"), want: cosell.ValidationError}}, want: tagList()},
		{name: "no tags", steps: []step{{op: "TagResource", req: tag(), want: cosell.ValidationError}}, want: tagList()},
		{name: "200 tags in one call", steps: []step{{op: "TagResource", req: tag(many(200)...)}}, want: tagList(many(200)...)},
		{name: "201 tags in one call", steps: []step{{op: "TagResource", req: tag(many(201)...), want: cosell.ValidationError}}, want: tagList()},
		{name: "over 200 on the resource", created: tagList("first", "1"),
			steps: []step{{op: "TagResource", req: tag(many(200)...), want: cosell.ValidationError}}, want: tagList("first", "1")},
		{name: "a key twice in one call", steps: []step{{op: "TagResource", req: tag("k", "1", "k", "2"), want: cosell.ValidationError}}, want: tagList()},
		{name: "51 keys to remove", created: tagList("k", "v"),
			steps: []step{{op: "UntagResource", req: untag(strings.Split(strings.Repeat("k,", 51), ",")[:51]...), want: cosell.ValidationError}}, want: tagList("k", "v")},
		{name: "no keys to remove", created: tagList("k", "v"),
			steps: []step{{op: "UntagResource", req: untag(), want: cosell.ValidationError}}, want: tagList("k", "v")},
		{name: "unknown opportunity", steps: []step{{op: "TagResource", req: other(arnOf("Sandbox", "O999999999")), want: cosell.NotFoundError}}, want: tagList()},
		{name: "another catalog's ARN", steps: []step{{op: "TagResource", req: func(arn string) cosell.Object {
			return other(strings.Replace(arn, "/Sandbox/", "/AWS/", 1))("")
		}, want: cosell.NotFoundError}}, want: tagList()},
		{name: "another account's ARN", steps: []step{{op: "TagResource", req: func(arn string) cosell.Object {
			return other(strings.Replace(arn, acct, "999999999999", 1))("")
		}, want: cosell.NotFoundError}}, want: tagList()},
		{name: "snapshot job ARN: taggable, none exists", steps: []step{{op: "TagResource",
			req: other("arn:aws:partnercentral:us-east-1:" + acct + ":catalog/Sandbox/resource-snapshot-job/job-j4b4yy3zu3sam"), want: cosell.NotFoundError}}, want: tagList()},
		{name: "solution ARN: not taggable", steps: []step{{op: "TagResource",
			req: other("arn:aws:partnercentral:us-east-1:" + acct + ":catalog/Sandbox/solution/S-1234567"), want: cosell.ValidationError}}, want: tagList()},
		{name: "engagement ARN (no account): not taggable", steps: []step{{op: "TagResource",
			req: other("arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement/eng-xhyvbgfeme4xh4"), want: cosell.ValidationError}}, want: tagList()},
		{name: "engagement ARN with an account: not taggable", steps: []step{{op: "TagResource",
			req: other("arn:aws:partnercentral:us-east-1:" + acct + ":catalog/Sandbox/engagement/eng-xhyvbgfeme4xh4"), want: cosell.ValidationError}}, want: tagList()},
		{name: "not an ARN", steps: []step{{op: "UntagResource", req: func(string) cosell.Object {
			return cosell.Object{{"ResourceArn", "O1000001"}, {"TagKeys", []any{"k"}}}
		}, want: cosell.ValidationError}}, want: tagList()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			got := e.create("Sandbox", func(o *cosell.Object) {
				if tt.created != nil {
					o.Set("Tags", tt.created)
				}
			})
			arn := arnOf("Sandbox", got.Str("Id"))
			for i, s := range tt.steps {
				if err := e.call(s.op, s.req(arn)); codeOf(err) != s.want {
					t.Fatalf("step %d %s: err %v, want %q", i, s.op, err, s.want)
				}
			}
			out, err := e.svc.ListTagsForResource(e.ctx, cosell.Object{{"ResourceArn", arn}})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, out.List("Tags")); diff != "" {
				t.Errorf("tags (-want +got):\n%s", diff)
			}
			// Tags are not the opportunity's data: LastModifiedDate stays.
			if after := e.get("Sandbox", got.Str("Id")); after.Str("LastModifiedDate") != got.Str("LastModifiedDate") {
				t.Errorf("LastModifiedDate %s → %s; tags must not change it", got.Str("LastModifiedDate"), after.Str("LastModifiedDate"))
			}
		})
	}
	t.Run("list on an unknown ARN", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.svc.ListTagsForResource(e.ctx, cosell.Object{{"ResourceArn", arnOf("AWS", "O1000001")}})
		if codeOf(err) != cosell.NotFoundError {
			t.Errorf("err %v, want ResourceNotFoundException", err)
		}
	})
	t.Run("tag and untag answer {}", func(t *testing.T) {
		e := newEnv(t)
		arn := arnOf("Sandbox", e.create("Sandbox", nil).Str("Id"))
		for _, op := range []string{"TagResource", "UntagResource"} {
			req := tag("k", "v")(arn)
			if op == "UntagResource" {
				req = untag("k")(arn)
			}
			out, err := cosell.OperationNamed(op).Call(e.svc, e.ctx, req)
			if err != nil || out == nil || len(out) != 0 {
				t.Errorf("%s = %v, %v; want {}", op, out, err)
			}
		}
	})
}

func TestSellingSystemSettings(t *testing.T) {
	tests := []struct {
		name    string
		puts    []string // ResourceSnapshotJobRoleIdentifier of each Put; "-" omits it
		catalog string   // of the Get
		want    any      // ResourceSnapshotJobRoleArn
		wantErr string   // of the last Put
	}{
		{name: "before any put: null", catalog: "AWS", want: nil},
		{name: "a role name becomes the caller's ARN", puts: []string{"PartnerAccountManagementRole"}, catalog: "AWS",
			want: "arn:aws:iam::" + cosell.DefaultAccountID + ":role/PartnerAccountManagementRole"},
		{name: "an ARN is kept", puts: []string{"arn:aws:iam::111111111111:role/team/Snapshots"}, catalog: "AWS",
			want: "arn:aws:iam::111111111111:role/team/Snapshots"},
		{name: "the latest put wins", puts: []string{"First", "Second"}, catalog: "AWS",
			want: "arn:aws:iam::" + cosell.DefaultAccountID + ":role/Second"},
		{name: "a put without a role clears it", puts: []string{"First", "-"}, catalog: "AWS", want: nil},
		{name: "catalogs are separate", puts: []string{"First"}, catalog: "Sandbox", want: nil},
		{name: "a bad name is refused", puts: []string{"First", "no spaces"}, catalog: "AWS",
			want: "arn:aws:iam::" + cosell.DefaultAccountID + ":role/First", wantErr: cosell.ValidationError},
		{name: "a name longer than 64", puts: []string{strings.Repeat("r", 65)}, catalog: "AWS", want: nil, wantErr: cosell.ValidationError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			var err error
			for _, p := range tt.puts {
				req := cosell.Object{{"Catalog", "AWS"}}
				if p != "-" {
					req.Set("ResourceSnapshotJobRoleIdentifier", p)
				}
				var out cosell.Object
				out, err = e.svc.PutSellingSystemSettings(e.ctx, req)
				if err == nil && out.Str("Catalog") != "AWS" {
					t.Errorf("Put answered %v", out)
				}
			}
			if codeOf(err) != tt.wantErr {
				t.Fatalf("last put: err %v, want %q", err, tt.wantErr)
			}
			got, err := e.svc.GetSellingSystemSettings(e.ctx, cosell.Object{{"Catalog", tt.catalog}})
			if err != nil {
				t.Fatal(err)
			}
			want := cosell.Object{{"Catalog", tt.catalog}, {"ResourceSnapshotJobRoleArn", tt.want}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Get (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("per account", func(t *testing.T) {
		e := newEnv(t)
		alpha := cosell.WithCaller(e.ctx, cosell.Caller{AccountID: "111111111111"})
		beta := cosell.WithCaller(e.ctx, cosell.Caller{AccountID: "222222222222"})
		if _, err := e.svc.PutSellingSystemSettings(alpha, cosell.Object{{"Catalog", "AWS"}, {"ResourceSnapshotJobRoleIdentifier", "R"}}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			ctx  context.Context
			want any
		}{{"alpha", alpha, "arn:aws:iam::111111111111:role/R"}, {"beta", beta, nil}} {
			got, err := e.svc.GetSellingSystemSettings(c.ctx, cosell.Object{{"Catalog", "AWS"}})
			if err != nil {
				t.Fatal(err)
			}
			if v := got.Get("ResourceSnapshotJobRoleArn"); v != c.want {
				t.Errorf("%s: role %v, want %v", c.name, v, c.want)
			}
		}
	})
}
