package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
)

// serverName is the server binary's name, beside cosell or on PATH.
const serverName = "cosell-server"

// serverCommands are the first arguments cosell hands over to
// cosell-server: the emulator (serve), the bulk loader (load) and the fault
// rules' client (faults, whose rule parsing is the faults package's, which
// links the server's wire and world packages).
var serverCommands = map[string]bool{"serve": true, "load": true, "faults": true}

// exitUsage is the exit code of a command line cosell cannot run, the code
// cosell serve, load and faults give for theirs.
const exitUsage = 2

// handOver replaces this process with cosell-server, with the same
// arguments and environment (so the pid, and the signals sent to it, stay
// the same). Where a process cannot be replaced (Windows: syscall.Exec is
// not supported there) it runs the server as a child on the same standard
// streams, lets the interrupts reach it alone (a console's Ctrl-C goes to
// both; the server decides how to stop) and returns its exit code. It
// returns 2 when the server binary is missing.
func handOver(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	self, _ := os.Executable()
	path, looked := findServer(self, exec.LookPath)
	if path == "" {
		fmt.Fprintf(stderr, "cosell %s: %s not found (looked %s); build both binaries into one directory with `go build -o DIR/ ./cmd/cosell ./cmd/cosell-server`, or run `go run ./cmd/cosell-server %s`\n",
			args[0], serverName, looked, args[0])
		return exitUsage
	}
	err := replaceProcess(path, append([]string{path}, args...), os.Environ())
	return runChild(path, args, stdin, stdout, stderr, err)
}

// replaceProcess is syscall.Exec; tests replace it to take the child path.
var replaceProcess = syscall.Exec

// runChild runs the server as a child process after replaceProcess failed
// with execErr, and returns its exit code.
func runChild(path string, args []string, stdin io.Reader, stdout, stderr io.Writer, execErr error) int {
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	signal.Ignore(os.Interrupt)
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		return exit.ExitCode()
	}
	fmt.Fprintf(stderr, "cosell %s: exec %s: %v; running it: %v\n", args[0], path, execErr, err)
	return 1
}

// findServer returns the cosell-server to run: the one in the directory of
// self (cosell's executable, symlinks resolved), else the first on PATH
// (lookPath). When there is none, path is "" and looked says where it
// looked.
func findServer(self string, lookPath func(string) (string, error)) (path, looked string) {
	name := serverName
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	looked = "on PATH"
	if self != "" {
		if resolved, err := filepath.EvalSymlinks(self); err == nil {
			self = resolved
		}
		beside := filepath.Join(filepath.Dir(self), name)
		if isExecutable(beside) {
			return beside, ""
		}
		looked = "for " + beside + " and " + looked
	}
	if p, err := lookPath(serverName); err == nil {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		return p, ""
	}
	return "", looked
}

// isExecutable reports whether path is a regular file with an execute bit.
func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	return fi.Mode().IsRegular() && (runtime.GOOS == "windows" || fi.Mode().Perm()&0o111 != 0)
}
