package client

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The SDK's own HTTPS client verifies against AWS_CA_BUNDLE, loaded lazily.
func TestLoadConfigLazyCABundle(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.pem")
	os.WriteFile(good, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600)
	stranger := filepath.Join(dir, "stranger.pem")
	os.WriteFile(stranger, selfSigned(t), 0o600)

	tests := []struct {
		name    string
		bundle  string
		url     string
		wantErr bool
	}{
		{name: "trusted by the bundle", bundle: good, url: srv.URL},
		{name: "bundle without the server's issuer", bundle: stranger, url: srv.URL, wantErr: true},
		{name: "missing bundle fails the TLS call only", bundle: filepath.Join(dir, "missing.pem"), url: srv.URL, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("AWS_CA_BUNDLE", tt.bundle)
			t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "none"))
			t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "none"))
			cfg, err := loadConfig(context.Background(), os.Getenv, false, nil)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			if got := os.Getenv("AWS_CA_BUNDLE"); got != tt.bundle {
				t.Errorf("AWS_CA_BUNDLE not restored: %q", got)
			}
			req, _ := http.NewRequest(http.MethodGet, tt.url, nil)
			resp, err := cfg.HTTPClient.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
		})
	}
}

// selfSigned is a PEM certificate of an unrelated CA.
func selfSigned(t *testing.T) []byte {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "stranger"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
