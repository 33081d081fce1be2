package output

import (
	"strings"

	"github.com/cosell/cosell/internal/py"
)

// jsonOut is json.dumps(v, indent=4, ensure_ascii=False) (spec §12 json):
// ", " never appears because indent puts every item on its own line; ": "
// separates keys; UTF-8 is written raw; a DateTime is its isoformat().
var jsonOut = py.Encoder{Indent: "    ", ItemSep: ",", KeySep: ": ", Default: func(v any) (string, bool) {
	if d, ok := v.(DateTime); ok {
		return d.isoformat('T'), true
	}
	return "", false
}}

// writeJSON renders the json format of v plus a newline.
func writeJSON(b *strings.Builder, v any) {
	b.Write(jsonOut.Append(nil, v))
	b.WriteByte('\n')
}
