package faults

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/cosell/cosell/world"
)

// Path is where cosell serve answers the control endpoint, on the API's
// port. It is not part of the AWS API: no AWS operation is called so, and
// wire never sees these requests.
const Path = "/_cosell/faults"

// MaxControlBody bounds a control request's body (a thousand rules take
// about 100 KB).
const MaxControlBody = 1 << 20

// List is the control endpoint's answer: the rules in force.
type List struct {
	Faults []Status `json:"faults"`
}

// ErrorBody is the control endpoint's answer to a refused request.
type ErrorBody struct {
	Message string `json:"message"`
}

// Handler is the control endpoint: GET lists the rules in force with their
// counters; PUT replaces them with the body's rules; POST adds the body's
// rules; DELETE removes them all. Bodies are a rule or a list of rules, in
// YAML or JSON, with the world file's keys and checks. Every answer is the
// list in force (200) or {"message"} (400, 405, 413). log, when set,
// records each change. Access control (the control token) is the
// caller's: cosell serve mounts it behind package control's guard.
func (i *Injector) Handler(log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead:
		case http.MethodDelete:
			i.Clear()
			log.Info("faults cleared")
		case http.MethodPut, http.MethodPost:
			rules, status, err := readRules(w, r)
			if err == nil {
				if r.Method == http.MethodPut {
					err = i.Replace(rules)
				} else {
					err = i.Add(rules)
				}
			}
			if err != nil {
				writeJSON(w, status, ErrorBody{Message: err.Error()})
				return
			}
			verb := "faults replaced"
			if r.Method == http.MethodPost {
				verb = "faults added"
			}
			log.Info(verb, slog.Int("rules_given", len(rules)), slog.Int("rules_in_force", len(*i.rules.Load())))
		default:
			w.Header().Set("Allow", "GET, PUT, POST, DELETE")
			writeJSON(w, http.StatusMethodNotAllowed, ErrorBody{Message: fmt.Sprintf("%s is not allowed on %s: GET lists the rules, PUT replaces them, POST adds to them, DELETE clears them", r.Method, Path)})
			return
		}
		writeJSON(w, http.StatusOK, List{Faults: i.Rules()})
	})
}

// readRules reads and parses a body of rules; on error it also returns the
// status to answer.
func readRules(w http.ResponseWriter, r *http.Request) ([]*world.Fault, int, error) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxControlBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("the body exceeds %d bytes", MaxControlBody)
		}
		return nil, http.StatusBadRequest, fmt.Errorf("reading the body: %v", err)
	}
	rules, err := world.ParseFaults(data)
	if err != nil {
		return nil, http.StatusBadRequest, err
	}
	return rules, http.StatusBadRequest, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // messages quote YAML and operation names as they are
	enc.SetIndent("", "  ")
	enc.Encode(v)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
