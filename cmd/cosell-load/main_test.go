package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A short run with -cpuprofile and -memprofile reports both handlers and
// writes two profiles pprof can read: CPU samples, and allocations with
// their sizes.
func TestProfiles(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	var out, errs bytes.Buffer
	if code := run([]string{"-requests", "200", "-clients", "2", "-warmup", "5", "-cpuprofile", cpu, "-memprofile", mem}, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	for _, want := range []string{"handler=noop", "handler=service", "# round 1: service/noop throughput"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	for _, tc := range []struct {
		name, path, sample string
	}{
		{name: "cpu", path: cpu, sample: "cpu"},
		{name: "allocations", path: mem, sample: "alloc_space"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// go tool pprof reads it, with that sample type.
			got, err := exec.Command("go", "tool", "pprof", "-sample_index="+tc.sample, "-top", tc.path).CombinedOutput()
			if err != nil || !strings.Contains(string(got), "Type: "+tc.sample) {
				t.Errorf("go tool pprof -sample_index=%s: %v\n%s", tc.sample, err, got)
			}
		})
	}
}
