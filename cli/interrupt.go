package cli

import (
	"io"
	"os"
	"os/signal"
)

// exitInterrupted is AWS CLI v2's exit code for Ctrl-C (§15).
const exitInterrupted = 130

// exitOnInterrupt makes Ctrl-C end the process as the AWS CLI does: one
// newline on stdout, exit 130, whatever the command was doing (a request
// in flight is abandoned; the server may or may not have applied it).
func exitOnInterrupt(stdout io.Writer) (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
			io.WriteString(stdout, "\n")
			os.Exit(exitInterrupted)
		case <-done:
		}
	}()
	return func() { signal.Stop(sig); close(done) }
}
