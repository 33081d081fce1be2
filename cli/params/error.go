package params

// Exit codes of AWS CLI v2 (aws-cli-behaviour.md §15).
const (
	ExitUsage      = 252 // parse errors, client-side validation
	ExitUnexpected = 255 // anything the CLI did not anticipate (a Python exception)
)

// Error is a failure the CLI reports on stderr and turns into an exit code.
// Msg is the message body exactly as AWS CLI v2 prints it, without the
// blank line before it and the newline after it; Error() adds both, so
// Error() is the complete stderr text.
type Error struct {
	Msg  string
	Exit int
}

func (e *Error) Error() string { return "\n" + e.Msg + "\n" }

// ExitCode is the process exit status for this error.
func (e *Error) ExitCode() int { return e.Exit }

// paramError is awscli's ParamError: "Error parsing parameter '<name>': <msg>".
func paramError(option, msg string) *Error {
	return &Error{Msg: "Error parsing parameter '" + option + "': " + msg, Exit: ExitUsage}
}
