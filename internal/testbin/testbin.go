// Package testbin is the harness of the suites that run cosell's real
// binaries (e2e, the console's browser tests, the proofs, the differential
// corpus): it builds them, runs `cosell serve` on a loopback port, and
// skips a test whose client is missing (failing it under CI=true, where
// every client must be there). Only tests import it.
package testbin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Build builds cosell and cosell-server into dir, side by side so that
// `cosell serve` (and load, faults) hands over to the server as an
// installed pair does, and returns cosell's path.
func Build(dir string) (string, error) {
	out, err := exec.Command("go", "build", "-o", dir+string(filepath.Separator),
		"github.com/cosell/cosell/cmd/cosell", "github.com/cosell/cosell/cmd/cosell-server").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build cosell cosell-server: %v\n%s", err, out)
	}
	return filepath.Join(dir, "cosell"), nil
}

// FreeAddr returns a loopback address nothing listens on right now.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// Server is a running `cosell serve`.
type Server struct {
	Cmd  *exec.Cmd
	Addr string // host:port it listens on
	URL  string // http://Addr
	log  lockedBuffer
}

// Start runs `bin serve --listen addr args...` (addr "": a free loopback
// port) with env (nil: this process's environment) and returns once it
// accepts connections; a server that does not within 10 s is killed.
func Start(bin, addr string, env []string, args ...string) (*Server, error) {
	if addr == "" {
		var err error
		if addr, err = FreeAddr(); err != nil {
			return nil, err
		}
	}
	s := &Server{Addr: addr, URL: "http://" + addr}
	s.Cmd = exec.Command(bin, append([]string{"serve", "--listen", addr}, args...)...)
	s.Cmd.Env = env
	s.Cmd.Stderr = &s.log
	if err := s.Cmd.Start(); err != nil {
		return nil, err
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return s, nil
		}
		if time.Now().After(deadline) {
			s.Kill()
			return nil, fmt.Errorf("cosell serve did not listen on %s within 10 s:\n%s", addr, s.Log())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Log is what the server wrote to its standard error so far.
func (s *Server) Log() string { return s.log.String() }

// Stop interrupts the server (a clean stop) and waits for it to exit.
func (s *Server) Stop() error {
	s.Cmd.Process.Signal(os.Interrupt) //nolint:errcheck // an exited process is stopped already
	return s.Cmd.Wait()
}

// Kill ends the server at once (SIGKILL, as a crash would) and waits.
func (s *Server) Kill() {
	s.Cmd.Process.Kill() //nolint:errcheck // an exited process is killed already
	s.Cmd.Wait()         //nolint:errcheck // a killed server exits non-zero
}

// Need skips t when ok is false, because what is missing on this machine;
// under CI=true it fails t instead: CI installs every client.
func Need(t testing.TB, ok bool, what string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required under CI=true", what)
	}
	t.Skipf("skipping: %s is not installed", what)
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Signed sends one Partner Central Selling call (AWS JSON 1.0, X-Amz-Target
// op) to url, signed with SigV4 for creds as the SDKs sign it, and returns
// the answer's status, its X-Amzn-ErrorType and its body.
func Signed(url, op, body string, creds aws.Credentials) (status int, errorType string, answer []byte, err error) {
	req, err := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(body))
	if err != nil {
		return 0, "", nil, err
	}
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	sum := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "partnercentral-selling", "us-east-1", time.Now()); err != nil {
		return 0, "", nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	answer, err = io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), answer, err
}
