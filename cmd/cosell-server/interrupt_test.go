package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"
	"time"
)

// TestMain lets a test run this package's main in a child process.
func TestMain(m *testing.M) {
	if os.Getenv("COSELL_TEST_RUN_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// Ctrl-C during a call: one newline on stdout and exit 130, like AWS CLI v2.
func TestInterruptExits130(t *testing.T) {
	arrived := make(chan struct{}, 1)
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-hang
	}))
	defer srv.Close()
	defer close(hang)
	cmd := exec.Command(os.Args[0], "get-opportunity", "--catalog", "AWS", "--identifier", "O1", "--endpoint-url", srv.URL)
	cmd.Env = append(os.Environ(), "COSELL_TEST_RUN_MAIN=1", "AWS_ACCESS_KEY_ID=a", "AWS_SECRET_ACCESS_KEY=b", "AWS_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the request never arrived")
	}
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit: %v, want 130", err)
	}
	if stdout.String() != "\n" {
		t.Errorf("stdout %q, want one newline", stdout.String())
	}
}
