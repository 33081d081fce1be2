//go:build browser

// Package browser drives the console of a running `cosell serve` with a
// real browser (Debian's chromium, through chromedp). Run with
// `go test -tags browser ./console/browser/`. A missing chromium or boto3
// skips with a message, except under CI=true, where it fails.
//
// Screenshots of each page go to $COSELL_SCREENSHOTS, or to a temporary
// directory the test logs.
package browser

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cosell/cosell/internal/testbin"
)

var (
	endpoint string // the server's URL
	chrome   string // the browser's path, "" when missing
	shots    string // the screenshots' directory
)

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

// run builds cosell, starts it on a free loopback port with a fresh SQLite
// file holding 300 generated opportunities (the console is open to
// loopback clients), runs the tests and stops the server.
func run(m *testing.M) (int, error) {
	dir, err := os.MkdirTemp("", "cosell-browser")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			chrome = p
			break
		}
	}
	shots = os.Getenv("COSELL_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(os.TempDir(), "cosell-screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		return 0, err
	}
	// cosell and cosell-server side by side: cosell load and serve hand over.
	bin, err := testbin.Build(dir)
	if err != nil {
		return 0, err
	}
	// A pipeline to look at: 300 generated opportunities (cosell load).
	db := filepath.Join(dir, "browser.db")
	if out, err := exec.Command(bin, "load", "--db", db, "--count", "300").CombinedOutput(); err != nil {
		return 0, fmt.Errorf("load: %v\n%s", err, out)
	}
	srv, err := testbin.Start(bin, "", nil, "--db", db)
	if err != nil {
		return 0, err
	}
	defer srv.Stop() //nolint:errcheck // the tests are over
	endpoint = srv.URL
	return m.Run(), nil
}

// need skips (or, under CI, fails) when a tool is missing.
var need = testbin.Need

// browser returns a headless chromium tab for the test, with a deadline.
func browser(t *testing.T) context.Context {
	t.Helper()
	need(t, chrome != "", "chromium (scripts/install-chromium.sh installs Debian's)")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox, // root in CI containers
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 800),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	// The first run starts the browser, which lives as long as its
	// context: no deadline there, one on the test's actions.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", chrome, err)
	}
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// do runs steps, failing the test with what and the page's main element
// on error.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v%s", what, err, pageMain(ctx))
	}
}

// get runs an action that reads a value.
func get[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v%s", what, err, pageMain(ctx))
	}
	return v
}

// pageMain is the page's main element, for failure messages.
func pageMain(ctx context.Context) string {
	if ctx.Err() != nil {
		return ""
	}
	hctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	html, err := chromedp.Run(hctx, chromedp.Evaluate[string](`document.querySelector("main") ? document.querySelector("main").outerHTML : document.body.outerHTML`))
	if err != nil {
		return ""
	}
	if len(html) > 3000 {
		html = html[:3000] + "…"
	}
	return "\nthe page's main:\n" + html
}

// screenshot keeps a full-page PNG of the current page as name.png.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := get(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100)) // quality 100 is PNG, less JPEG
	path := filepath.Join(shots, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// viewport keeps a PNG of what the window shows as name.png (the README's
// picture: a full page can be large).
func viewport(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := get(t, ctx, "screenshot "+name, chromedp.CaptureScreenshot())
	path := filepath.Join(shots, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// boto3 creates a Sandbox opportunity titled title with boto3, as another
// client; it returns its Id.
func boto3(t *testing.T, title string, args ...string) string {
	t.Helper()
	need(t, exec.Command("python3", "-c", "import boto3").Run() == nil, "python3 with boto3")
	cmd := exec.Command("python3", append([]string{"opportunity_boto3.py", title}, args...)...)
	cmd.Env = append(os.Environ(), "COSELL_ENDPOINT="+endpoint)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("boto3: %v\n%s", err, stderr)
	}
	return strings.TrimSpace(string(out))
}

// waitLive waits until the page's event stream is open.
func waitLive() chromedp.Action[chromedp.Void] {
	return chromedp.WaitReady(chromedp.CSS(`body[data-stream="open"]`))
}
