package main

import (
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	tests := []struct {
		name              string
		in                string
		want              []string // lines the report must hold
		notWant           []string
		wantSkip, wantErr int
	}{
		{
			name: "a skip shows its reason",
			in: `{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"output","Package":"p","Test":"TestA","Output":"    a_test.go:9: boto3 missing: install python3 -m pip install boto3\n"}
{"Action":"output","Package":"p","Test":"TestA","Output":"--- SKIP: TestA (0.00s)\n"}
{"Action":"skip","Package":"p","Test":"TestA"}
{"Action":"pass","Package":"p","Elapsed":0.5}`,
			want:     []string{"a_test.go:9: boto3 missing", "--- SKIP: TestA", "ok  \tp\t0.500s"},
			wantSkip: 1,
		},
		{
			name: "a pass is one line, a failure in full",
			in: `{"Action":"output","Package":"p","Test":"TestOK","Output":"    ok_test.go:3: chatter\n"}
{"Action":"pass","Package":"p","Test":"TestOK"}
{"Action":"output","Package":"p","Test":"TestBad","Output":"    bad_test.go:7: got 1, want 2\n"}
{"Action":"fail","Package":"p","Test":"TestBad"}
{"Action":"fail","Package":"p","Elapsed":1}`,
			want:    []string{"bad_test.go:7: got 1, want 2", "FAIL\tp\t1.000s"},
			notWant: []string{"chatter"},
			wantErr: 1,
		},
		{
			name: "build errors pass through",
			in:   "# p\n./x.go:3:1: syntax error\n" + `{"Action":"fail","Package":"p","Elapsed":0}`,
			want: []string{"./x.go:3:1: syntax error", "FAIL\tp"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			skips, fails := report(strings.NewReader(tt.in), &b)
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("report lacks %q:\n%s", w, b.String())
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(b.String(), w) {
					t.Errorf("report holds %q:\n%s", w, b.String())
				}
			}
			if skips != tt.wantSkip || fails != tt.wantErr {
				t.Errorf("skips %d, fails %d; want %d, %d", skips, fails, tt.wantSkip, tt.wantErr)
			}
		})
	}
}
