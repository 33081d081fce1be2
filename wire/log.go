package wire

import (
	"io"
	"log/slog"
	"strconv"
	"unicode/utf8"
)

// NewLogger returns the JSON request logger: one object per line on w,
// records below level dropped. Request lines are INFO (ERROR for 5xx);
// health checks are DEBUG.
func NewLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

// maxLogPath bounds the request path a log line carries: net/http accepts
// request lines up to MaxHeaderBytes, and a client must not be able to
// write that much into the log per request.
const maxLogPath = 256

// logPath is path as logged: whole up to maxLogPath bytes, else its first
// maxLogPath bytes (cut at a character boundary) followed by a marker of
// how many bytes were left out.
func logPath(path string) string {
	if len(path) <= maxLogPath {
		return path
	}
	cut := maxLogPath
	for cut > 0 && !utf8.RuneStart(path[cut]) {
		cut--
	}
	return path[:cut] + "…[" + strconv.Itoa(len(path)-cut) + " more bytes]"
}
