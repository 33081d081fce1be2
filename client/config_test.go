package client

import (
	"context"
	"testing"
)

const profiles = `[default]
region = us-west-1

[profile p]
region = eu-central-1
endpoint_url = http://profile-global.example:1
services = local

[profile svc]
region = eu-central-1
services = local

[profile ignoring]
region = eu-central-1
endpoint_url = http://profile-global.example:1
ignore_configured_endpoint_urls = true

[profile fips]
region = us-east-1
use_fips_endpoint = true

[services local]
partnercentral_selling =
  endpoint_url = http://profile-service.example:1
`

func TestRegionPrecedence(t *testing.T) {
	tests := []struct {
		name    string
		flag    string
		profile string
		env     map[string]string
		want    string
	}{
		{name: "--region beats everything", flag: "ap-south-1", profile: "p", env: map[string]string{"AWS_REGION": "a", "AWS_DEFAULT_REGION": "b"}, want: "ap-south-1"},
		{name: "AWS_REGION beats AWS_DEFAULT_REGION", env: map[string]string{"AWS_REGION": "us-east-2", "AWS_DEFAULT_REGION": "b"}, want: "us-east-2"},
		{name: "AWS_DEFAULT_REGION beats the profile", profile: "p", env: map[string]string{"AWS_DEFAULT_REGION": "sa-east-1"}, want: "sa-east-1"},
		{name: "--profile region", profile: "p", want: "eu-central-1"},
		{name: "AWS_PROFILE region", env: map[string]string{"AWS_PROFILE": "p"}, want: "eu-central-1"},
		{name: "default profile region", want: "us-west-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t, profiles, "")
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			c, _ := newTestClient(t, Config{Region: tt.flag, Profile: tt.profile, EndpointURL: "http://127.0.0.1:1"})
			if got := c.Region(); got != tt.want {
				t.Errorf("Region() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNoRegion(t *testing.T) {
	t.Run("default endpoint needs a region", func(t *testing.T) {
		isolate(t, "", "")
		_, err := New(context.Background(), Config{})
		wantError(t, err, "\nYou must specify a region. You can also configure your region by running \"aws configure\".\n", 253)
	})
	t.Run("explicit endpoint, unsigned: no region needed", func(t *testing.T) {
		isolate(t, "", "")
		svc := newFakeService(t)
		c, _ := newTestClient(t, Config{EndpointURL: svc.URL, NoSignRequest: true})
		if _, err := c.Call(context.Background(), "GetOpportunity", []byte(`{}`)); err != nil {
			t.Fatalf("Call: %v", err)
		}
	})
	t.Run("explicit endpoint, signed: SigV4 needs a region", func(t *testing.T) {
		isolate(t, "", "")
		withKeys(t)
		svc := newFakeService(t)
		c, _ := newTestClient(t, Config{EndpointURL: svc.URL})
		_, err := c.Call(context.Background(), "GetOpportunity", []byte(`{}`))
		wantError(t, err, "\nYou must specify a region. You can also configure your region by running \"aws configure\".\n", 253)
		if n := len(svc.got()); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})
}

func TestEndpointPrecedence(t *testing.T) {
	const (
		flag      = "http://flag.example:1"
		envSvc    = "http://env-service.example:1"
		envGlobal = "http://env-global.example:1"
	)
	tests := []struct {
		name    string
		flag    string
		profile string
		env     map[string]string
		want    string
	}{
		{name: "--endpoint-url beats everything", flag: flag, profile: "p",
			env: map[string]string{"AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING": envSvc, "AWS_ENDPOINT_URL": envGlobal}, want: flag + "/"},
		{name: "--endpoint-url kept with the ignore flag", flag: flag, env: map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}, want: flag + "/"},
		{name: "service env beats global env and profile", profile: "p",
			env: map[string]string{"AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING": envSvc, "AWS_ENDPOINT_URL": envGlobal}, want: envSvc + "/"},
		{name: "global env beats services section (AWS CLI order)", profile: "svc",
			env: map[string]string{"AWS_ENDPOINT_URL": envGlobal}, want: envGlobal + "/"},
		{name: "services section beats profile endpoint_url", profile: "p", want: "http://profile-service.example:1/"},
		{name: "services section", profile: "svc", want: "http://profile-service.example:1/"},
		{name: "profile endpoint_url", profile: "ignoring", env: map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false"}, want: "http://profile-global.example:1/"},
		{name: "ignore env skips env and profile", profile: "p",
			env: map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL": envGlobal}, want: "https://partnercentral-selling.eu-central-1.api.aws/"},
		{name: "ignore in profile skips its endpoint_url", profile: "ignoring", want: "https://partnercentral-selling.eu-central-1.api.aws/"},
		{name: "default", want: "https://partnercentral-selling.us-west-1.api.aws/"},
		{name: "fips from profile", profile: "fips", want: "https://partnercentral-selling-fips.us-east-1.api.aws/"},
		{name: "fips from env", env: map[string]string{"AWS_USE_FIPS_ENDPOINT": "true"}, want: "https://partnercentral-selling-fips.us-west-1.api.aws/"},
		{name: "base path kept", flag: "http://h.example:8080/emu/", want: "http://h.example:8080/emu/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t, profiles, "")
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			c, _ := newTestClient(t, Config{EndpointURL: tt.flag, Profile: tt.profile})
			if got := c.Endpoint(); got != tt.want {
				t.Errorf("Endpoint() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEndpointURLValidation(t *testing.T) {
	tests := []struct {
		name     string
		url      string
		wantMsg  string
		wantExit int
	}{
		{name: "host and port without scheme", url: "127.0.0.1:8080",
			wantMsg: "\nBad value for --endpoint-url \"127.0.0.1:8080\": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/\n", wantExit: 252},
		{name: "bare host", url: "localhost",
			wantMsg: "\nBad value for --endpoint-url \"localhost\": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/\n", wantExit: 252},
		{name: "python reads h as the scheme", url: "h:1", wantMsg: "\nInvalid endpoint: h:1\n", wantExit: 255},
		{name: "no host", url: "http://", wantMsg: "\nInvalid endpoint: http://\n", wantExit: 255},
		{name: "bad host label", url: "http://-x.example/", wantMsg: "\nInvalid endpoint: http://-x.example/\n", wantExit: 255},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t, "", "")
			_, err := New(context.Background(), Config{Region: "us-east-1", EndpointURL: tt.url})
			wantError(t, err, tt.wantMsg, tt.wantExit)
		})
	}
	t.Run("invalid configured endpoint", func(t *testing.T) {
		isolate(t, "", "")
		t.Setenv("AWS_ENDPOINT_URL", "nohost")
		_, err := New(context.Background(), Config{Region: "us-east-1"})
		wantError(t, err, "\nInvalid endpoint: nohost\n", 255)
	})
	t.Run("valid forms", func(t *testing.T) {
		isolate(t, "", "")
		for _, u := range []string{"http://localhost:4566", "https://a.b.example/", "http://[::1]:8080", "HTTP://h.example"} {
			if _, err := New(context.Background(), Config{Region: "us-east-1", EndpointURL: u}); err != nil {
				t.Errorf("New(%q): %v", u, err)
			}
		}
	})
}
