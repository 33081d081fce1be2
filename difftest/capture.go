package difftest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
)

// DefaultBody is the canned UpdateOpportunity/CreateOpportunity success.
const DefaultBody = `{"Id":"O1234567","LastModifiedDate":"2025-01-02T03:04:05.123Z"}`

// Request is one request the capture server saw.
type Request struct {
	Method string
	Path   string // with the raw query, if any
	Header http.Header
	Body   []byte
}

// Capture is a request-recording HTTP server that answers with canned
// responses. It holds no per-case state beyond its own: each case gets its
// own Capture, so cases may run in parallel.
type Capture struct {
	*httptest.Server

	mu        sync.Mutex
	responses []Response
	requests  []Request
}

// NewCapture starts a capture server answering with responses in turn (the
// last one repeats). With none, UpdateOpportunity and CreateOpportunity get
// DefaultBody and every other operation an empty 200, like the service's
// bodiless outputs.
func NewCapture(responses []Response) *Capture {
	c := &Capture{responses: responses}
	c.Server = httptest.NewServer(http.HandlerFunc(c.serve))
	return c
}

// URL is the endpoint to hand to the CLIs.
func (c *Capture) URL() string { return c.Server.URL + "/" }

func (c *Capture) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	c.mu.Lock()
	n := len(c.requests)
	c.requests = append(c.requests, Request{Method: r.Method, Path: r.URL.RequestURI(), Header: r.Header.Clone(), Body: body})
	resp := c.pick(n, r.Header.Get("X-Amz-Target"))
	c.mu.Unlock()

	for _, h := range resp.Header {
		w.Header().Add(h[0], h[1])
	}
	if resp.ContentType != "" {
		w.Header().Set("Content-Type", resp.ContentType)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(resp.Body)))
	w.Header().Set("x-amzn-RequestId", "00000000-0000-0000-0000-00000000000"+strconv.Itoa(n%10))
	w.WriteHeader(resp.Status)
	io.WriteString(w, resp.Body)
}

func (c *Capture) pick(n int, target string) Response {
	if len(c.responses) == 0 {
		switch target {
		case "AWSPartnerCentralSelling.UpdateOpportunity", "AWSPartnerCentralSelling.CreateOpportunity":
			return Response{Status: 200, ContentType: "application/x-amz-json-1.0", Body: DefaultBody}
		}
		return Response{Status: 200, ContentType: "application/x-amz-json-1.0"}
	}
	return c.responses[min(n, len(c.responses)-1)]
}

// Take returns the requests seen so far and forgets them.
func (c *Capture) Take() []Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.requests
	c.requests = nil
	return r
}
