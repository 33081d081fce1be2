package schemagen

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ModelEnv names an environment variable that, when set, is the path of the
// model file (service-2.json or service-2.json.gz); it overrides the search
// through the installed botocore.
const ModelEnv = "COSELL_BOTOCORE_MODEL"

// modelPath is where botocore keeps the service model, below its package
// directory.
var modelPath = filepath.Join("data", "partnercentral-selling", "2022-07-26")

// LocateModel finds the installed model: $COSELL_BOTOCORE_MODEL, else the
// botocore package that `python3 -c "import botocore"` loads
// (data/partnercentral-selling/2022-07-26/service-2.json.gz, or the
// uncompressed service-2.json some packagings ship).
func LocateModel() (string, error) {
	if p := os.Getenv(ModelEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("$%s: %w", ModelEnv, err)
		}
		return p, nil
	}
	out, err := exec.Command("python3", "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && len(ee.Stderr) > 0 {
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(ee.Stderr)))
		}
		return "", fmt.Errorf("python3 cannot import botocore (%v); install botocore or set $%s", err, ModelEnv)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), modelPath)
	for _, name := range []string{"service-2.json.gz", "service-2.json"} {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("botocore has no partnercentral-selling 2022-07-26 model in %s; upgrade botocore or set $%s", dir, ModelEnv)
}

// ReadModel reads a model file, gunzipping it when it is compressed.
func ReadModel(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return b, nil
}

// The parts of a botocore service model the generator reads. Documentation
// is accepted and dropped: none of its text reaches the generated code.
// Every other key must be known, so a model that grows a trait the
// generator does not handle fails generation instead of being half read.

type model struct {
	Metadata struct {
		APIVersion     string `json:"apiVersion"`
		EndpointPrefix string `json:"endpointPrefix"`
		Protocol       string `json:"protocol"`
	} `json:"metadata"`
	Operations map[string]operation `json:"operations"`
	Shapes     map[string]json.RawMessage
}

type operation struct {
	Name   string `json:"name"`
	Input  *ref   `json:"input"`
	Output *ref   `json:"output"`
	Errors []ref  `json:"errors"`
}

type ref struct {
	Shape            string `json:"shape"`
	IdempotencyToken bool   `json:"idempotencyToken"`
}

type member struct {
	Name string
	ref
}

type shape struct {
	Name            string
	Type            string          `json:"type"`
	Members         members         `json:"members"`
	Required        []string        `json:"required"`
	Member          *ref            `json:"member"`
	Key             *ref            `json:"key"`
	Value           *ref            `json:"value"`
	Enum            []string        `json:"enum"`
	Pattern         *string         `json:"pattern"`
	Min             *int64          `json:"min"`
	Max             *int64          `json:"max"`
	Sensitive       bool            `json:"sensitive"`
	Union           bool            `json:"union"`
	Exception       bool            `json:"exception"`
	Fault           bool            `json:"fault"`
	Box             bool            `json:"box"`
	TimestampFormat string          `json:"timestampFormat"`
	Documentation   json.RawMessage `json:"documentation"`
}

// members decodes a structure's members in model order.
type members []member

func (ms *members) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("members: not an object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		m := member{Name: t.(string)}
		var mr struct {
			ref
			Documentation json.RawMessage `json:"documentation"`
		}
		if err := strictUnmarshal(raw, &mr); err != nil {
			return fmt.Errorf("member %s: %w", m.Name, err)
		}
		m.ref = mr.ref
		*ms = append(*ms, m)
	}
	return nil
}

func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func parseModel(b []byte) (*model, map[string]*shape, error) {
	var m model
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, nil, fmt.Errorf("model: %w", err)
	}
	shapes := make(map[string]*shape, len(m.Shapes))
	for name, raw := range m.Shapes {
		s := &shape{Name: name}
		if err := strictUnmarshal(raw, s); err != nil {
			return nil, nil, fmt.Errorf("shape %s: %w", name, err)
		}
		shapes[name] = s
	}
	return &m, shapes, nil
}
