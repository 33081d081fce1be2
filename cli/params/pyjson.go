package params

import "github.com/cosell/cosell/internal/py"

// parsePyJSON decodes JSON like Python's json.loads(s,
// object_pairs_hook=OrderedDict) (py.Loads); errors carry Python's messages
// ("Expecting value: line 1 column 1 (char 0)"), which the AWS CLI prints
// after "Invalid JSON: " (spec §3, §6, §9). Nesting deeper than 500 is
// Python's RecursionError; a lone surrogate escape is kept so Serialize
// writes it back.
func parsePyJSON(s string) (any, error) {
	return py.Loads(s, py.LoadsOptions{MaxDepth: 500})
}
