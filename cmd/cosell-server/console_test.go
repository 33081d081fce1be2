package main

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestServeConsole starts cosell serve and checks the console's start-up
// line and its access rule for each way of starting it.
func TestServeConsole(t *testing.T) {
	world := writeWorld(t, testWorld)
	for _, tc := range []struct {
		name      string
		args      []string
		wantToken string // "" none; "random" a made one
		accounts  []string
	}{
		{name: "loopback without a world: open", accounts: []string{"123456789012"}},
		{name: "a given token", args: []string{"--console-token", "given-token"}, wantToken: "given-token", accounts: []string{"123456789012"}},
		{name: "signatures verified: a random token", args: []string{"--world", world}, wantToken: "random", accounts: []string{"111111111111", "222222222222"}},
		{name: "world without verification on loopback: open", args: []string{"--world", world, "--auth", "off"}, accounts: []string{"111111111111", "222222222222"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url, stderr := startServeLog(t, tc.args...)
			line := regexp.MustCompile(`cosell: console at (http://\S+/console/)(\?token=([\w-]+))? \(([^)]*)\)`).FindStringSubmatch(stderr())
			if line == nil {
				t.Fatalf("no console line in:\n%s", stderr())
			}
			token := line[3]
			switch {
			case tc.wantToken == "random" && len(token) != 32, tc.wantToken != "random" && token != tc.wantToken:
				t.Errorf("token %q, want %q", token, tc.wantToken)
			}
			status, _ := fetch(t, url+"/console/")
			if want := map[bool]int{true: 401, false: 200}[token != ""]; status != want {
				t.Errorf("without the token: %d, want %d", status, want)
			}
			if token == "" {
				token = "unused"
			}
			req, _ := http.NewRequest(http.MethodGet, url+"/console/", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("with the token: %d %s", resp.StatusCode, body)
			}
			for _, a := range tc.accounts {
				if !strings.Contains(string(body), `<option value="`+a+`"`) {
					t.Errorf("the account picker lacks %s", a)
				}
			}
			// The API still answers on the same port (unsigned: without a world).
			if code := post(t, url, "ListSolutions", `{"Catalog":"Sandbox"}`); len(tc.accounts) == 1 && code != 200 {
				t.Errorf("the API answers %d", code)
			}
		})
	}
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
