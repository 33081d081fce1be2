package client

import (
	"context"
	"encoding/pem"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestTimeoutDefaults(t *testing.T) {
	tests := []struct {
		name string
		secs *int
		want time.Duration
	}{
		{name: "unset is 60 s", secs: nil, want: 60 * time.Second},
		{name: "0 is none", secs: intp(0), want: 0},
		{name: "given seconds", secs: intp(5), want: 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := timeout(tt.secs); got != tt.want {
				t.Errorf("timeout() = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestReadTimeout drives the transport directly with a read timeout far
// shorter than the server's stall; the server is released when the test ends.
func TestReadTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer srv.Close()
	defer close(release)

	hc := newHTTPClient(time.Second, 20*time.Millisecond, false, nil)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader("{}"))
	resp, err := hc.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatal("no error from a stalled server")
	}
	wantError(t, transportError(srv.URL+"/", err), "\nRead timeout on endpoint URL: \""+srv.URL+"/\"\n", 255)
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestTransportErrorTexts(t *testing.T) {
	const u = "http://h.example:1/"
	tests := []struct {
		name    string
		err     error
		wantMsg string
	}{
		{name: "dial timeout", err: &net.OpError{Op: "dial", Net: "tcp", Err: timeoutErr{}},
			wantMsg: "\nConnect timeout on endpoint URL: \"http://h.example:1/\"\n"},
		{name: "read timeout", err: &net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}},
			wantMsg: "\nRead timeout on endpoint URL: \"http://h.example:1/\"\n"},
		{name: "refused", err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")},
			wantMsg: "\nCould not connect to the endpoint URL: \"http://h.example:1/\"\n"},
		{name: "dns failure", err: &net.DNSError{Err: "no such host", Name: "h.example"},
			wantMsg: "\nCould not connect to the endpoint URL: \"http://h.example:1/\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, transportError(u, tt.err), tt.wantMsg, 255)
		})
	}
}

func TestConnectionClosed(t *testing.T) {
	isolate(t, "", "")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, Config{Region: "us-east-1", EndpointURL: srv.URL, NoSignRequest: true})
	_, err := c.Call(context.Background(), "GetOpportunity", []byte(`{}`))
	wantError(t, err, "\nConnection was closed before we received a valid response from endpoint URL: \""+srv.URL+"/\".\n", 255)
}

func TestTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"Id":"O1"}`))
	}))
	defer srv.Close()
	bundle := filepath.Join(t.TempDir(), "ca.pem")
	writeFile(t, bundle, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})))
	missing := filepath.Join(t.TempDir(), "missing.pem")

	tests := []struct {
		name       string
		cfg        Config
		env        map[string]string
		configText string
		wantPrefix string // "" = success
	}{
		{name: "untrusted certificate", wantPrefix: "\nSSL validation failed for " + srv.URL + "/ tls: "},
		{name: "--ca-bundle", cfg: Config{CABundle: bundle}},
		{name: "AWS_CA_BUNDLE", env: map[string]string{"AWS_CA_BUNDLE": bundle}},
		{name: "ca_bundle in the profile", configText: "[default]\nca_bundle = " + bundle + "\n"},
		{name: "--ca-bundle beats AWS_CA_BUNDLE", cfg: Config{CABundle: bundle}, env: map[string]string{"AWS_CA_BUNDLE": missing}},
		{name: "--no-verify-ssl", cfg: Config{NoVerifySSL: true}},
		{name: "missing --ca-bundle file", cfg: Config{CABundle: missing}, wantPrefix: "\nSSL validation failed for " + srv.URL + "/ [Errno 2] No such file or directory\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t, tt.configText, "")
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			cfg := tt.cfg
			cfg.Region, cfg.EndpointURL, cfg.NoSignRequest = "us-east-1", srv.URL, true
			c, _ := newTestClient(t, cfg)
			c.maxAttempts = 1
			out, err := c.Call(context.Background(), "GetOpportunity", []byte(`{}`))
			if tt.wantPrefix == "" {
				if err != nil {
					t.Fatalf("Call: %v", err)
				}
				if string(out) != `{"Id":"O1"}` {
					t.Errorf("body = %q", out)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || !strings.HasPrefix(e.Msg, tt.wantPrefix) || !strings.HasSuffix(e.Msg, "\n") || e.Exit != 255 {
				t.Errorf("error = %#v, want text starting %q, exit 255", err, tt.wantPrefix)
			}
		})
	}
}
