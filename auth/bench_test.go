package auth_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/auth"
	"github.com/cosell/cosell/wire"
	"github.com/cosell/cosell/world"
)

// answering is a service whose UpdateOpportunity answers at once, so the
// benchmark measures the transport and the verification only.
type answering struct{ cosell.Service }

func (answering) UpdateOpportunity(context.Context, cosell.Object) (cosell.Object, error) {
	return cosell.Object{{Name: "Id", Value: "O1000001"}, {Name: "LastModifiedDate", Value: "2026-03-04T12:00:00.000Z"}}, nil
}

// BenchmarkHandler is one signed UpdateOpportunity (a full 2.5 KB payload)
// through wire, without a world (today's open server) and with --world
// --auth on (identity, SigV4 verification with the SDK signer, policy):
//
//	go test ./auth -run '^$' -bench Handler -benchmem -count 6
//
// The request is signed once and replayed: the server-side cost is what is
// measured, not the client's signing.
func BenchmarkHandler(b *testing.B) {
	body, err := os.ReadFile("../testdata/create-full.json")
	if err != nil {
		b.Fatal(err)
	}
	w, err := world.Parse([]byte(worldFile))
	if err != nil {
		b.Fatal(err)
	}
	a := auth.New(auth.Options{World: w, Verify: true, Now: func() time.Time { return now }})
	sum := sha256.Sum256(body)
	signed := httptest.NewRequest(http.MethodPost, "http://cosell.example:8456/", strings.NewReader(string(body)))
	signed.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling.UpdateOpportunity")
	signed.Header.Set("Content-Type", "application/x-amz-json-1.0")
	creds := aws.Credentials{AccessKeyID: "AKIAALPHA00000000001", SecretAccessKey: "alpha-secret-1"}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, signed, hex.EncodeToString(sum[:]), cosell.SigningName, "us-east-1", now); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		opts wire.Options
	}{
		{name: "auth=none", opts: wire.Options{RequestID: func() string { return "id" }}},
		{name: "auth=on", opts: wire.Options{RequestID: func() string { return "id" }, Authenticate: a.Authenticate, Lookup: a.Lookup}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			h := wire.NewHandler(answering{}, bc.opts)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				r := signed.Clone(context.Background())
				r.Body = io.NopCloser(bytes.NewReader(body))
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				if rec.Code != 200 {
					b.Fatal(rec.Code, rec.Body)
				}
			}
		})
	}
}
