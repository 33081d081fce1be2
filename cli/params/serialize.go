package params

import "github.com/cosell/cosell/internal/py"

// Serialize writes a request document as the AWS CLI's JSON serializer does
// (spec §10): Python json.dumps with its default ", " and ": " separators,
// ensure_ascii (everything outside space..~ as \uXXXX, lower-case hex,
// surrogate pairs above U+FFFF), "/" not escaped, members in document order.
// Timestamps must already be in wire form (NormalizeTimestamps).
func Serialize(doc any) []byte {
	return serializer.Append(nil, doc)
}

var serializer = py.Encoder{ItemSep: ", ", KeySep: ": ", EnsureASCII: true, Default: func(v any) (string, bool) {
	switch v := v.(type) {
	case Bytes:
		return string(v), true
	case Date:
		return v.PyStr(), true
	case DateTime:
		return FormatWire(v.Time), true
	}
	return "", false
}}
