package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell/internal/testbin"
)

// builtDir holds cosell and cosell-server built from this work tree, once
// per test binary.
var (
	buildOnce sync.Once
	builtDir  string
	buildErr  error
)

func buildBoth(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		builtDir, buildErr = os.MkdirTemp("", "cosell-handover-")
		if buildErr != nil {
			return
		}
		_, buildErr = testbin.Build(builtDir)
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// copyFile copies an executable (a hard link would do, but may cross
// devices).
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestHandOver(t *testing.T) {
	built := buildBoth(t)
	tests := []struct {
		name string
		// setup lays out a directory and returns the cosell to run and
		// the PATH to run it with.
		setup      func(t *testing.T, dir string) (cosell, path string)
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{
			name: "serve --help reaches the server beside cosell",
			setup: func(t *testing.T, dir string) (string, string) {
				return filepath.Join(built, "cosell"), dir
			},
			args:       []string{"serve", "--help"},
			wantStdout: "usage: cosell serve [--account-id id]",
		},
		{
			name: "load --help reaches the server beside cosell",
			setup: func(t *testing.T, dir string) (string, string) {
				return filepath.Join(built, "cosell"), dir
			},
			args:       []string{"load", "--help"},
			wantStdout: "usage: cosell load",
		},
		{
			name: "a serve usage error is the server's, exit 2",
			setup: func(t *testing.T, dir string) (string, string) {
				return filepath.Join(built, "cosell"), dir
			},
			args:       []string{"serve", "--sync", "sometimes"},
			wantCode:   2,
			wantStderr: "cosell serve: --sync",
		},
		{
			name: "faults goes to the server",
			setup: func(t *testing.T, dir string) (string, string) {
				return filepath.Join(built, "cosell"), dir
			},
			args:       []string{"faults", "list", "--no-such-flag"},
			wantCode:   2,
			wantStderr: "cosell faults: flag provided but not defined",
		},
		{
			name: "a symlink to cosell finds the server beside the real file",
			setup: func(t *testing.T, dir string) (string, string) {
				link := filepath.Join(dir, "cosell")
				if err := os.Symlink(filepath.Join(built, "cosell"), link); err != nil {
					t.Skip("no symlinks:", err)
				}
				return link, dir
			},
			args:       []string{"serve", "--help"},
			wantStdout: "usage: cosell serve",
		},
		{
			name: "the server on PATH when none is beside cosell",
			setup: func(t *testing.T, dir string) (string, string) {
				own, onPath := filepath.Join(dir, "own"), filepath.Join(dir, "path")
				for _, d := range []string{own, onPath} {
					if err := os.Mkdir(d, 0o755); err != nil {
						t.Fatal(err)
					}
				}
				copyFile(t, filepath.Join(built, "cosell"), filepath.Join(own, "cosell"))
				copyFile(t, filepath.Join(built, "cosell-server"), filepath.Join(onPath, "cosell-server"))
				return filepath.Join(own, "cosell"), onPath
			},
			args:       []string{"serve", "--help"},
			wantStdout: "usage: cosell serve",
		},
		{
			name: "no server: one line naming where cosell looked, exit 2",
			setup: func(t *testing.T, dir string) (string, string) {
				copyFile(t, filepath.Join(built, "cosell"), filepath.Join(dir, "cosell"))
				return filepath.Join(dir, "cosell"), dir
			},
			args:       []string{"serve", "--listen", "127.0.0.1:0"},
			wantCode:   2,
			wantStderr: "cosell serve: cosell-server not found (looked for DIR/cosell-server and on PATH); build both binaries into one directory with `go build -o DIR/ ./cmd/cosell ./cmd/cosell-server`, or run `go run ./cmd/cosell-server serve`\n",
		},
		{
			name: "a CLI command needs no server",
			setup: func(t *testing.T, dir string) (string, string) {
				copyFile(t, filepath.Join(built, "cosell"), filepath.Join(dir, "cosell"))
				return filepath.Join(dir, "cosell"), dir
			},
			args:       []string{"--version"},
			wantStdout: "cosell/",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if resolved, err := filepath.EvalSymlinks(dir); err == nil {
				dir = resolved
			}
			cosell, path := tt.setup(t, dir)
			cmd := exec.Command(cosell, tt.args...)
			cmd.Env = append(os.Environ(), "PATH="+path)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d (stderr %q)", code, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout = %q, want it to contain %q", stdout.String(), tt.wantStdout)
			}
			gotStderr := strings.ReplaceAll(stderr.String(), dir, "DIR")
			if tt.wantStderr != "" && strings.HasSuffix(tt.wantStderr, "\n") {
				if diff := cmp.Diff(tt.wantStderr, gotStderr); diff != "" {
					t.Errorf("stderr (-want +got):\n%s", diff)
				}
			} else if !strings.Contains(gotStderr, tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", gotStderr, tt.wantStderr)
			}
		})
	}
}

func TestFindServer(t *testing.T) {
	dir := t.TempDir()
	withServer := filepath.Join(dir, "with")
	without := filepath.Join(dir, "without")
	for _, d := range []string{withServer, without} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(withServer, serverName), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(without, serverName), []byte("not executable"), 0o644); err != nil {
		t.Fatal(err)
	}
	onPath := func(string) (string, error) { return "/opt/bin/cosell-server", nil }
	notOnPath := func(string) (string, error) { return "", exec.ErrNotFound }
	tests := []struct {
		name       string
		self       string
		lookPath   func(string) (string, error)
		wantPath   string
		wantLooked string
	}{
		{name: "beside cosell first", self: filepath.Join(withServer, "cosell"), lookPath: onPath, wantPath: filepath.Join(withServer, serverName)},
		{name: "a file without an execute bit is not the server", self: filepath.Join(without, "cosell"), lookPath: onPath, wantPath: "/opt/bin/cosell-server"},
		{name: "nowhere", self: filepath.Join(without, "cosell"), lookPath: notOnPath, wantLooked: "for " + filepath.Join(without, serverName) + " and on PATH"},
		{name: "own path unknown: PATH only", self: "", lookPath: notOnPath, wantLooked: "on PATH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, looked := findServer(tt.self, tt.lookPath)
			if diff := cmp.Diff([2]string{tt.wantPath, tt.wantLooked}, [2]string{path, looked}); diff != "" {
				t.Errorf("findServer (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLean keeps the server out of cosell: go list -deps names no package
// of the emulator and none of its heavy dependencies (issue 12: the CLI's
// peak RSS came from their init functions).
func TestLean(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/cosell/cosell/cmd/cosell").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	const module = "github.com/cosell/cosell"
	allowed := func(pkg string) bool {
		switch pkg {
		case module, module + "/client", module + "/internal/py", module + "/cmd/cosell":
			return true
		}
		return pkg == module+"/cli" || strings.HasPrefix(pkg, module+"/cli/")
	}
	heavy := []string{"sqlite", "postgres", "pgx", "prometheus", "eventbridge", "chromedp", "progressbar"}
	var wrong []string
	for _, pkg := range strings.Fields(string(out)) {
		if pkg == module || strings.HasPrefix(pkg, module+"/") {
			if !allowed(pkg) {
				wrong = append(wrong, pkg)
			}
			continue
		}
		for _, h := range heavy {
			if strings.Contains(pkg, h) {
				wrong = append(wrong, pkg)
				break
			}
		}
	}
	if len(wrong) > 0 {
		t.Errorf("cmd/cosell links server packages (they belong in cmd/cosell-server):\n%s", strings.Join(wrong, "\n"))
	}
}

// TestHandOverKeepsProcess: cosell serve becomes cosell-server in the same
// process, so the pid a harness started is the server's, and its signals
// reach the server (SIGINT: a clean stop, exit 0).
func TestHandOverKeepsProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/exe"); err != nil {
		t.Skip("no /proc")
	}
	built := buildBoth(t)
	srv, err := testbin.Start(filepath.Join(built, "cosell"), "", nil, "--db", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Kill()
	pid := srv.Cmd.Process.Pid
	exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(filepath.Join(built, "cosell-server"), exe); diff != "" {
		t.Errorf("pid %d runs (-want +got):\n%s", pid, diff)
	}
	if err := srv.Stop(); err != nil { // SIGINT
		t.Errorf("after SIGINT: %v, want exit 0", err)
	}
}

// Where the process cannot be replaced (Windows), the server runs as a
// child on the same streams and its exit code is cosell's.
func TestHandOverAsChild(t *testing.T) {
	built := buildBoth(t)
	t.Setenv("PATH", built) // this test binary has no cosell-server beside it
	saved := replaceProcess
	replaceProcess = func(string, []string, []string) error { return errors.New("not supported by windows") }
	t.Cleanup(func() { replaceProcess = saved })
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{name: "help on the child's standard output", args: []string{"serve", "--help"}, wantStdout: "usage: cosell serve"},
		{name: "the child's usage error and exit code", args: []string{"serve", "--sync", "sometimes"}, wantCode: 2, wantStderr: "cosell serve: --sync"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := handOver(tt.args, strings.NewReader(""), &stdout, &stderr)
			if code != tt.wantCode || !strings.Contains(stdout.String(), tt.wantStdout) || !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q",
					code, stdout.String(), stderr.String(), tt.wantCode, tt.wantStdout, tt.wantStderr)
			}
		})
	}
}
