package difftest

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func post(t *testing.T, url, target, body string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("X-Amz-Target", target)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func TestCaptureDefaults(t *testing.T) {
	tests := []struct {
		name, target, want string
	}{
		{name: "update gets the default body", target: "AWSPartnerCentralSelling.UpdateOpportunity", want: DefaultBody},
		{name: "create gets the default body", target: "AWSPartnerCentralSelling.CreateOpportunity", want: DefaultBody},
		{name: "bodiless operations get an empty 200", target: "AWSPartnerCentralSelling.SubmitOpportunity", want: ""},
	}
	c := NewCapture(nil)
	defer c.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, _ := post(t, c.URL(), tt.target, `{"a": 1}`)
			if status != 200 || body != tt.want {
				t.Errorf("got %d %q, want 200 %q", status, body, tt.want)
			}
		})
	}
	reqs := c.Take()
	if len(reqs) != 3 || string(reqs[0].Body) != `{"a": 1}` || reqs[0].Method != "POST" || reqs[0].Path != "/" ||
		reqs[2].Header.Get("X-Amz-Target") != "AWSPartnerCentralSelling.SubmitOpportunity" {
		t.Errorf("recorded %+v", reqs)
	}
	if got := c.Take(); got != nil {
		t.Errorf("Take after Take = %v, want nothing", got)
	}
}

func TestCaptureSequence(t *testing.T) {
	c := NewCapture([]Response{
		{Status: 500, ContentType: "text/html", Body: "<html>oops</html>"},
		{Status: 409, ContentType: "application/x-amz-json-1.0", Body: `{"__type":"ConflictException"}`, Header: [][2]string{{"X-Amzn-Errortype", "Bar"}}},
	})
	defer c.Close()
	var got []string
	for range 3 {
		status, body, h := post(t, c.URL(), "x", "")
		got = append(got, strings.Join([]string{http.StatusText(status), h.Get("Content-Type"), h.Get("X-Amzn-Errortype"), body}, "|"))
	}
	want := []string{
		"Internal Server Error|text/html||<html>oops</html>",
		`Conflict|application/x-amz-json-1.0|Bar|{"__type":"ConflictException"}`,
		`Conflict|application/x-amz-json-1.0|Bar|{"__type":"ConflictException"}`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("responses (-want +got):\n%s", diff)
	}
}
