// Package output renders operation results the way AWS CLI v2 prints them
// (aws-cli-behaviour.md §11, §12 and §15): response shaping against the
// operation's output shape, --query (JMESPath), the json, text, table, yaml
// and yaml-stream formats, colour, and the pager.
//
// Values are cosell documents: cosell.Object, []any, string, cosell.Number,
// bool, nil, plus DateTime for skeleton placeholders. Python semantics are
// reproduced where the AWS CLI's output depends on them: str() of scalars,
// float repr, dict insertion order for json, sorted keys for text, table and
// yaml.
package output

import "fmt"

// Error is a failure with the AWS CLI v2 stderr text and exit status
// (spec §15 exit codes: 252 bad --query, 253 pager or timestamp format).
type Error struct {
	Msg  string
	Exit int
}

func (e *Error) Error() string { return e.Msg }

// ExitCode is the process exit status for the error.
func (e *Error) ExitCode() int { return e.Exit }

func errorf(exit int, format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...), Exit: exit}
}
