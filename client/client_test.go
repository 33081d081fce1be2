package client

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

const updateBody = `{"Catalog": "AWS", "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O1"}`

func TestCallRequest(t *testing.T) {
	tests := []struct {
		name     string
		noSign   bool
		keys     bool
		basePath string
	}{
		{name: "signed with env keys", keys: true},
		{name: "unsigned, no credentials anywhere", noSign: true},
		{name: "base path of the endpoint kept", keys: true, basePath: "/base/path"},
	}
	authRe := regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t, "", "")
			if tt.keys {
				withKeys(t)
			}
			svc := newFakeService(t, reply{status: 200, body: `{"Id":"O1"}`})
			c, _ := newTestClient(t, Config{Region: "us-east-1", EndpointURL: svc.URL + tt.basePath, NoSignRequest: tt.noSign})
			out, err := c.Call(context.Background(), "UpdateOpportunity", []byte(updateBody))
			if err != nil {
				t.Fatalf("Call: %v", err)
			}
			if string(out) != `{"Id":"O1"}` {
				t.Errorf("response body = %q", out)
			}
			reqs := svc.got()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			wantPath := tt.basePath
			if wantPath == "" {
				wantPath = "/"
			}
			if r.method != "POST" || r.path != wantPath {
				t.Errorf("request line = %s %s, want POST %s", r.method, r.path, wantPath)
			}
			if r.body != updateBody {
				t.Errorf("body = %q, want the bytes given", r.body)
			}
			for k, want := range map[string]string{
				"X-Amz-Target":    "AWSPartnerCentralSelling.UpdateOpportunity",
				"Content-Type":    "application/x-amz-json-1.0",
				"Accept-Encoding": "identity",
			} {
				if got := r.header.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			if ua := r.header.Get("User-Agent"); !strings.HasPrefix(ua, "cosell/") {
				t.Errorf("User-Agent = %q, want cosell/…", ua)
			}
			auth := r.header.Get("Authorization")
			if tt.noSign {
				if auth != "" || r.header.Get("X-Amz-Date") != "" {
					t.Errorf("unsigned request has Authorization %q, X-Amz-Date %q", auth, r.header.Get("X-Amz-Date"))
				}
				return
			}
			m := authRe.FindStringSubmatch(auth)
			if m == nil {
				t.Fatalf("Authorization = %q, want SigV4 for partnercentral-selling", auth)
			}
			for _, h := range []string{"content-type", "host", "x-amz-date", "x-amz-target"} {
				if !strings.Contains(";"+m[1]+";", ";"+h+";") {
					t.Errorf("SignedHeaders %q lacks %s", m[1], h)
				}
			}
			if r.header.Get("X-Amz-Date") == "" {
				t.Error("no X-Amz-Date")
			}
		})
	}
}

func TestNoCredentials(t *testing.T) {
	isolate(t, "", "")
	svc := newFakeService(t)
	c, _ := newTestClient(t, Config{Region: "us-east-1", EndpointURL: svc.URL})
	_, err := c.Call(context.Background(), "GetOpportunity", []byte(`{}`))
	wantError(t, err, "\nUnable to locate credentials. You can configure credentials by running \"aws login\".\n", 253)
	if n := len(svc.got()); n != 0 {
		t.Errorf("%d requests sent without credentials", n)
	}
}

func TestProfileCredentials(t *testing.T) {
	isolate(t, "[profile p]\nregion = eu-west-1\n", "[p]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n")
	withKeys(t) // --profile beats the environment's keys
	svc := newFakeService(t)
	c, _ := newTestClient(t, Config{Profile: "p", EndpointURL: svc.URL})
	if _, err := c.Call(context.Background(), "GetOpportunity", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if auth := svc.got()[0].header.Get("Authorization"); !strings.Contains(auth, "Credential=AKIDPROFILE/") || !strings.Contains(auth, "/eu-west-1/") {
		t.Errorf("Authorization = %q, want the profile's key and region", auth)
	}
}

func TestUnknownProfile(t *testing.T) {
	tests := []struct {
		name       string
		flag, env  string
		wantInText string
	}{
		{name: "--profile", flag: "nope", wantInText: "nope"},
		{name: "AWS_PROFILE", env: "gone", wantInText: "gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t, "[default]\nregion = us-east-1\n", "")
			if tt.env != "" {
				t.Setenv("AWS_PROFILE", tt.env)
			}
			_, err := New(context.Background(), Config{Profile: tt.flag})
			wantError(t, err, "\nThe config profile ("+tt.wantInText+") could not be found\n", 255)
		})
	}
}

func TestRetryModeLegacy(t *testing.T) {
	tests := []struct {
		name       string
		env        string
		configText string
	}{
		{name: "environment", env: "legacy", configText: "[default]\nregion = us-east-1\n"},
		{name: "profile", configText: "[default]\nregion = us-east-1\nretry_mode = legacy\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t, tt.configText, "")
			if tt.env != "" {
				t.Setenv("AWS_RETRY_MODE", tt.env)
			}
			_, err := New(context.Background(), Config{})
			wantError(t, err, "\nInvalid value provided to \"mode\": \"legacy\" must be one of: \"standard\" or \"adaptive\"\n", 255)
		})
	}
}

func TestRedactDelegates(t *testing.T) {
	got := Redact(nil, "x")
	if got != "x" {
		t.Errorf("Redact(nil, x) = %v", got)
	}
}

func TestCredentialsLoadedOnlyWhenSigning(t *testing.T) {
	const broken = "[default]\nregion = us-east-1\ncredential_process = /nonexistent/credential-helper\n"
	t.Run("--no-sign-request never runs the credential chain", func(t *testing.T) {
		isolate(t, broken, "")
		svc := newFakeService(t)
		c, _ := newTestClient(t, Config{EndpointURL: svc.URL, NoSignRequest: true})
		if _, err := c.Call(context.Background(), "GetOpportunity", []byte(`{}`)); err != nil {
			t.Fatalf("Call: %v", err)
		}
	})
	t.Run("a configured but failing source is not 'no credentials'", func(t *testing.T) {
		isolate(t, broken, "")
		svc := newFakeService(t)
		c, _ := newTestClient(t, Config{EndpointURL: svc.URL})
		_, err := c.Call(context.Background(), "GetOpportunity", []byte(`{}`))
		e, ok := err.(*Error)
		if !ok || e.Exit != 255 || strings.Contains(e.Msg, "Unable to locate credentials") {
			t.Errorf("error = %#v, want exit 255 naming the failing source", err)
		}
		if n := len(svc.got()); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})
}
