package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell/internal/testbin"
)

// TestServeConnectionLimits pins the http.Server limits (issue 9: the
// server had no read or write timeout and net/http's 1 MiB header limit).
func TestServeConnectionLimits(t *testing.T) {
	srv := newHTTPServer(http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	type limits struct {
		ReadHeader, Read, Write, Idle time.Duration
		MaxHeaderBytes                int
	}
	got := limits{srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.MaxHeaderBytes}
	want := limits{10 * time.Second, 30 * time.Second, 60 * time.Second, 2 * time.Minute, 64 << 10}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("limits (-want +got):\n%s", d)
	}
}

// startWith runs serveWith on a free port; it returns the address, the
// exit-code channel and the cancel function that stands for SIGTERM.
func startWith(t *testing.T, h *hooks, args ...string) (addr string, done chan int, stop context.CancelFunc, stderr *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	h.ready = func(a string) { addrc <- a }
	done = make(chan int, 1)
	exited := make(chan struct{})
	stderr = &syncBuffer{}
	go func() {
		done <- serveWith(ctx, append([]string{"--listen", "127.0.0.1:0", "--db", ":memory:"}, args...), stderr, h)
		close(exited)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			t.Error("serve still running at the end of the test")
		}
	})
	select {
	case addr = <-addrc:
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, stderr.String())
	}
	return addr, done, cancel, stderr
}

// closedByServer waits (at most a safety minute) until the server closes
// conn, reading and discarding whatever it sends first.
func closedByServer(t *testing.T, conn net.Conn) {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(time.Minute))
	_, err := io.Copy(io.Discard, conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the server kept the connection open")
	}
}

// headersOnly opens a connection that announces a 1 MiB body and sends none.
func headersOnly(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, "POST /ListOpportunities HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n{"); err != nil {
		t.Fatal(err)
	}
	return conn
}

// A client that never finishes its body is cut by the read timeout: it
// cannot hold a connection (and its goroutine and buffers) forever.
func TestServeReadTimeoutCutsSlowBody(t *testing.T) {
	h := &hooks{limits: func(s *http.Server) { s.ReadTimeout = 300 * time.Millisecond }}
	addr, _, _, _ := startWith(t, h)
	conn := headersOnly(t, addr)
	closedByServer(t, conn)
}

// TestServeShutdownCutsSlowConnections: on SIGTERM the server answers the
// request in flight, closes idle connections, cuts a connection whose body
// never arrives once --shutdown-timeout has passed, and exits 0 (issue 9:
// it exited 1 after waiting 10 s).
func TestServeShutdownCutsSlowConnections(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	h := &hooks{wrap: func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/GetOpportunity" {
				close(entered)
				<-release
			}
			next.ServeHTTP(w, r)
		})
	}}
	addr, done, stop, stderr := startWith(t, h, "--shutdown-timeout", "500ms")
	base := "http://" + addr

	// An idle keep-alive connection: one answered request, then nothing.
	idle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	io.WriteString(idle, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(idle), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	slow := headersOnly(t, addr)

	answered := make(chan int, 1)
	go func() {
		resp, err := http.Post(base+"/GetOpportunity", "application/json", strings.NewReader(`{"Catalog":"AWS","Identifier":"O1"}`))
		if err != nil {
			answered <- 0
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	<-entered
	stop()
	closedByServer(t, idle)
	close(release)
	if got := <-answered; got != 404 {
		t.Errorf("in-flight request got %d, want its 404 answer", got)
	}
	closedByServer(t, slow)
	if code := <-done; code != 0 {
		t.Errorf("exit code = %d, want 0; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "connections still open after the grace period were cut") {
		t.Errorf("no log line about the cut connections:\n%s", stderr.String())
	}
}

// The same through the real process: SIGTERM with a connection whose body
// never arrives exits 0 once --shutdown-timeout has passed.
func TestServeSIGTERMWithSlowConnectionExits0(t *testing.T) {
	srv, err := testbin.Start(os.Args[0], "", append(os.Environ(), "COSELL_TEST_RUN_MAIN=1"), "--db", ":memory:", "--shutdown-timeout", "300ms")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Kill()
	addr := srv.Addr
	slow := headersOnly(t, addr)
	// The request must be inside the server (reading its body) before the
	// signal; a byte-level round trip on another connection orders that.
	if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
		resp.Body.Close()
	}
	if err := srv.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	closedByServer(t, slow)
	if err := srv.Cmd.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v, want exit 0", err)
	}
}
