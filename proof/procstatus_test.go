//go:build hostile_proof || memory_proof

package proof

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// procStatus is what /proc/PID/status says of the server's memory.
type procStatus struct{ rss, hwm int64 } // bytes

func readStatus(pid int) (procStatus, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return procStatus{}, err
	}
	var st procStatus
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		f := strings.Fields(value)
		if len(f) != 2 || f[1] != "kB" {
			continue
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "VmRSS":
			st.rss = kb << 10
		case "VmHWM":
			st.hwm = kb << 10
		}
	}
	if st.rss == 0 || st.hwm == 0 {
		return st, fmt.Errorf("/proc/%d/status: no VmRSS/VmHWM", pid)
	}
	return st, nil
}

func status(t *testing.T, pid int) procStatus {
	t.Helper()
	st, err := readStatus(pid)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
