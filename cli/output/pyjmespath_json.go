package output

import (
	"strings"

	"github.com/cosell/cosell/internal/py"
)

// pyJSONLoads decodes s as Python's json.loads does for the jmespath lexer
// (py.Loads; a lone UTF-16 surrogate, which Python keeps, becomes U+FFFD).
// On failure it returns what the lexer reports for a bad quoted
// identifier: str(e).split(':')[0].
func pyJSONLoads(s string) (any, string) {
	v, err := py.Loads(s, py.LoadsOptions{ReplaceLoneSurrogates: true})
	if err != nil {
		msg, _, _ := strings.Cut(err.Error(), ":")
		return nil, msg
	}
	return v, ""
}
