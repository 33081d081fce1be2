package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Exit codes of AWS CLI v2 (aws-cli-behaviour.md §15).
const (
	exitOK        = 0
	exitUsage     = 252 // usage, parse and client-side validation errors
	exitConfig    = 253 // no region/credentials, bad cli_timestamp_format, pager
	exitService   = 254 // an error response from the service
	exitOther     = 255 // connection failures, unknown profile, anything else
	exitInterrupt = 130
)

// exitError carries an error's stderr text and exit code. Its text is
// written between a leading and a trailing newline, as the AWS CLI writes
// exceptions.
type exitError struct {
	Msg  string
	Code int
}

func (e *exitError) Error() string { return e.Msg }
func (e *exitError) ExitCode() int { return e.Code }

func errorf(code int, format string, args ...any) *exitError {
	return &exitError{Msg: fmt.Sprintf(format, args...), Code: code}
}

// exitCoder is implemented by every error type of params and client
// (their Exit field is exposed through the adapters in deps.go).
type exitCoder interface{ ExitCode() int }

// usageText is AWS CLI v2's usage block (§15), byte for byte: scripts and
// the differential corpus compare stderr, so cosell keeps the "aws" name.
const usageText = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n" +
	"To see help text, you can run:\n\n" +
	"  aws help\n" +
	"  aws <command> help\n" +
	"  aws <command> <subcommand> help"

// writeError prints err on stderr and returns its exit code.
func writeError(w io.Writer, err error) int {
	var ue *usageError
	if errors.As(err, &ue) {
		// v2 2.31+: the message first, then the usage block (§15).
		fmt.Fprintf(w, "\naws: [ERROR]: %s\n\n%s\n\n", ue.Msg, usageText)
		return exitUsage
	}
	var uo *unknownOptionsError
	if errors.As(err, &uo) {
		fmt.Fprintf(w, "\n%s\n\nUnknown options: %s\n\n", usageText, strings.Join(uo.Options, ", "))
		return exitUsage
	}
	code := exitOther
	var ec exitCoder
	if errors.As(err, &ec) {
		code = ec.ExitCode()
	}
	writeExceptionText(w, err.Error())
	return code
}

// writeExceptionText writes msg framed by newlines like the AWS CLI's
// write_exception; texts that already carry the frame keep it.
func writeExceptionText(w io.Writer, msg string) {
	if !strings.HasPrefix(msg, "\n") {
		msg = "\n" + msg
	}
	if !strings.HasSuffix(msg, "\n") {
		msg += "\n"
	}
	io.WriteString(w, msg)
}

// unknownOptionsError lists argv words no parser took.
type unknownOptionsError struct{ Options []string }

func (e *unknownOptionsError) Error() string {
	return "Unknown options: " + strings.Join(e.Options, ", ")
}
