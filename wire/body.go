package wire

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"unicode/utf8"

	"github.com/cosell/cosell"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuf() *bytes.Buffer { b := bufPool.Get().(*bytes.Buffer); b.Reset(); return b }

// maxPooledBuf is the largest buffer kept for reuse.
const maxPooledBuf = 64 << 10

func putBuf(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuf { // keep pooled buffers small
		bufPool.Put(b)
	}
}

// readBody decodes the request body into the operation input (spec §1.1):
// at most maxBody bytes; valid UTF-8; one JSON value that must be an object;
// an empty body or a JSON null is {}. Nulls inside are kept: the service's
// validation treats a nil member as absent. Between reading and decoding,
// h.auth (when set) authenticates the request over the bytes read; the
// context returned is the one the operation runs in.
func (h *handler) readBody(w http.ResponseWriter, r *http.Request) (context.Context, cosell.Object, error) {
	if r.ContentLength > h.maxBody {
		return nil, nil, tooLarge(h.maxBody)
	}
	// The buffer grows as bytes arrive, never from Content-Length: a client
	// that announces 1 MiB and sends nothing must not cost 1 MiB (issue 9).
	buf := getBuf()
	defer putBuf(buf)
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, h.maxBody)); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, nil, tooLarge(h.maxBody)
		}
		return nil, nil, bodyReadError(err)
	}
	ctx := r.Context()
	if h.auth != nil {
		var err error
		if ctx, err = h.auth(r, buf.Bytes()); err != nil {
			return nil, nil, err
		}
	}
	in, err := decode(buf.Bytes())
	return ctx, in, err
}

// bodyReadError names why a body could not be read, in the client's terms:
// the connection's own error (net.OpError) would show the server's and the
// client's addresses, which tell the client nothing.
func bodyReadError(err error) *cosell.Error {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return cosell.Errorf(cosell.SerializationError, "the request body did not arrive in time: the server stops reading a request after its read timeout; send the whole body at once")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return cosell.Errorf(cosell.SerializationError, "the request body ended before its announced length")
	}
	return cosell.Errorf(cosell.SerializationError, "the request body could not be read: the connection failed while it was being sent")
}

// decode parses a request body. cosell.ParseJSON also bounds nesting.
func decode(body []byte) (cosell.Object, error) {
	if off := invalidUTF8(body); off >= 0 {
		return nil, cosell.Errorf(cosell.SerializationError, "the request body is not valid UTF-8: invalid byte at offset %d", off)
	}
	v, err := cosell.ParseJSON(body)
	if err != nil {
		return nil, cosell.Errorf(cosell.SerializationError, "the request body is not valid JSON: %v", err)
	}
	switch v := v.(type) {
	case nil:
		return cosell.Object{}, nil
	case cosell.Object:
		return v, nil
	}
	return nil, cosell.Errorf(cosell.SerializationError, "the request body must be a JSON object, not %s", kindOf(v))
}

func tooLarge(limit int64) error {
	return cosell.Errorf(RequestTooLargeError, "the request body exceeds the limit of %d bytes", limit)
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8, or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

func kindOf(v any) string {
	switch v.(type) {
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case cosell.Number:
		return "a number"
	case []any:
		return "an array"
	}
	return fmt.Sprintf("%T", v)
}

// panicError is a recovered panic; it reaches clients as InternalServerException.
type panicError struct{ value any }

func (p panicError) Error() string { return fmt.Sprintf("panic: %v", p.value) }

// call runs the operation, turning a panic into an error so that one bad
// request cannot take the server down.
func call(op *cosell.Operation, svc cosell.Service, ctx context.Context, in cosell.Object, log *slog.Logger) (out cosell.Object, err error) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			log.LogAttrs(ctx, slog.LevelError, "panic", slog.String("operation", op.Name),
				slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
			out, err = nil, panicError{p}
		}
	}()
	return op.Call(svc, ctx, in)
}
