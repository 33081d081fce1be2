package wire

import (
	"io"
	"log/slog"
)

// NewLogger returns the JSON request logger: one object per line on w,
// records below level dropped. Request lines are INFO (ERROR for 5xx);
// health checks are DEBUG.
func NewLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}
