package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/sqlite"
)

// crashChildEnv makes the test binary act as the crashing writer.
const crashChildEnv = "COSELL_SQLITE_CRASH_CHILD"

// TestCrashKeepsAnsweredWrites is the durability contract of the default
// synchronous=normal: every write the store answered survives the process
// being killed with SIGKILL mid-stream. A child process writes from 8
// goroutines and prints each answered write; the parent kills it after a
// few hundred answers, reopens the file and looks for every one of them.
func TestCrashKeepsAnsweredWrites(t *testing.T) {
	if path := os.Getenv(crashChildEnv); path != "" {
		crashChild(path)
		return
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashKeepsAnsweredWrites$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	created := map[string]bool{}
	counters := map[string]int{} // id → highest answered counter
	sc := bufio.NewScanner(out)
	for answers := 0; answers < 600 && sc.Scan(); answers++ {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "created":
			created[f[1]] = true
		case len(f) == 3 && f[0] == "updated":
			n, _ := strconv.Atoi(f[2])
			counters[f[1]] = max(counters[f[1]], n)
		default:
			t.Fatalf("child said %q", sc.Text())
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no deferred Close runs
		t.Fatal(err)
	}
	cmd.Wait() //nolint:errcheck // killed on purpose
	if len(created) == 0 || len(counters) == 0 {
		t.Fatalf("child answered %d creates and %d updates before the kill", len(created), len(counters))
	}

	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	defer s.Close()
	for id := range created {
		if _, err := s.GetOpportunity(t.Context(), "AWS", id); err != nil {
			t.Errorf("answered create %s lost: %v", id, err)
		}
	}
	for id, n := range counters {
		o, err := s.GetOpportunity(t.Context(), "AWS", id)
		if err != nil {
			t.Errorf("updated record %s lost: %v", id, err)
			continue
		}
		got, _ := strconv.Atoi(string(o.Body.Get("Counter").(cosell.Number)))
		if got < n {
			t.Errorf("%s: counter %d after the crash, but update %d was answered", id, got, n)
		}
	}
}

// crashChild creates and updates records until it is killed, printing a
// line after each answered write.
func crashChild(path string) {
	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var mu sync.Mutex
	say := func(format string, args ...any) {
		mu.Lock()
		fmt.Fprintf(os.Stdout, format+"\n", args...) // unbuffered: one write per answer
		mu.Unlock()
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				o, err := s.CreateOpportunity(ctx, benchRecord(g*1_000_000+i), "", "")
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(2)
				}
				say("created %s", o.ID)
				for n := 1; n <= 3; n++ {
					if _, err := s.UpdateOpportunity(ctx, "AWS", o.ID, increment); err != nil {
						fmt.Fprintln(os.Stderr, err)
						os.Exit(2)
					}
					say("updated %s %d", o.ID, n)
				}
			}
		})
	}
	wg.Wait()
}

// increment adds one to Body.Counter.
func increment(o *cosell.Opportunity) error {
	n := 0
	if v, ok := o.Body.Get("Counter").(cosell.Number); ok {
		n, _ = strconv.Atoi(string(v))
	}
	o.Body.Set("Counter", cosell.Number(strconv.Itoa(n+1)))
	return nil
}
