package wire

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"

	"github.com/cosell/cosell"
)

// Response content types. Calls that name their operation in X-Amz-Target
// (SDKs, the AWS CLI) get the awsJson1_0 type; path-style calls
// (POST /<Operation>, raw HTTP clients) get application/json, as the real
// service answers them in AWS's recorded Postman responses.
const (
	contentType     = "application/x-amz-json-1.0"
	pathContentType = "application/json"
)

// responseType is the Content-Type of the answer to r.
func responseType(r *http.Request) string {
	if r.Header.Get("X-Amz-Target") != "" {
		return contentType
	}
	return pathContentType
}

// write is the one adapter that puts results on the wire (spec §1.2, §1.4).
// Success: 200 with the output document, or an empty body when the
// operation has none. Failure: the status from statusOf, the error document
// and x-amzn-ErrorType. Every response carries x-amzn-RequestId; ctype is
// responseType's. encoded is called once the answer is in memory, before
// it is sent.
func (h *handler) write(w http.ResponseWriter, ctype, id string, out cosell.Object, err error, encoded func()) (status int, code string) {
	hdr := w.Header()
	hdr.Set("Content-Type", ctype)
	hdr.Set("X-Amzn-RequestId", id)

	buf := getBuf()
	status = http.StatusOK
	if err == nil && out != nil {
		if encErr := cosell.AppendJSON(buf, out); encErr != nil {
			buf.Reset()
			err = encErr
		}
	}
	if err != nil {
		e := asError(err)
		code, status = e.Code, StatusOf(e.Code)
		hdr.Set("X-Amzn-ErrorType", e.Code)
		_ = cosell.AppendJSON(buf, errorDocument(e)) // strings only: cannot fail
	}
	body := buf.Bytes()
	if buf.Cap() > maxPooledBuf {
		// A large answer is held until the client has read it (up to the
		// server's write timeout): hold exactly its bytes, not the up to
		// twice as large buffer that grew to encode it (dropped here, too
		// large to pool).
		body, buf = bytes.Clone(body), nil
	}
	encoded()
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
	if buf != nil {
		putBuf(buf)
	}
	return status, code
}

// asError returns err's *cosell.Error, or a generic InternalServerException
// for anything else: its detail is for the log, not the client.
func asError(err error) *cosell.Error {
	var e *cosell.Error
	if errors.As(err, &e) {
		return e
	}
	return &cosell.Error{Code: cosell.InternalError, Message: internalMessage}
}
