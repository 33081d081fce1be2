package console

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestStream reads the event stream while another client (the service,
// here) creates an opportunity: the page's note arrives.
func TestStream(t *testing.T) {
	e := newEnv(t, Options{})
	resp, err := http.Get(e.srv.URL + "/console/events/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %s", ct)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	id := e.create("Sandbox", nil)
	deadline := time.After(time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the stream ended")
			}
			data, ok := strings.CutPrefix(l, "data: ")
			if !ok {
				continue
			}
			var n Note
			if err := json.Unmarshal([]byte(data), &n); err != nil {
				t.Fatal(err)
			}
			if n.ID == id && n.Kind == "opportunity" && n.DetailType == "Opportunity Created" {
				_, page := e.get("/console/events")
				if !strings.Contains(text(page), "Opportunity Created Sandbox "+id) {
					t.Errorf("the Events page lacks the event:\n%s", text(page))
				}
				return
			}
		case <-deadline:
			t.Fatal("no event within a second")
		}
	}
}

func TestStreamEndsOnClose(t *testing.T) {
	e := newEnv(t, Options{})
	resp, err := http.Get(e.srv.URL + "/console/events/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	done := make(chan struct{})
	go func() {
		buf := make([]byte, 512)
		for {
			if _, err := resp.Body.Read(buf); err != nil {
				close(done)
				return
			}
		}
	}()
	e.c.Hub().Close()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("the stream outlived Close")
	}
}
