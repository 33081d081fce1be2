package cosell

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
)

// A document is a decoded JSON value: nil, bool, string, Number, []any or
// Object. Requests, stored records and responses are documents checked
// against the schema, so one generic walker serves every operation.

// Number is a JSON number kept as its source text.
type Number string

// Object is a JSON object that keeps the order its members were written in.
// A repeated name keeps its first position and its last value.
type Object []Field

// Field is one member of an Object.
type Field struct {
	Name  string
	Value any
}

// Lookup returns the member called name.
func (o Object) Lookup(name string) (any, bool) {
	for i := range o {
		if o[i].Name == name {
			return o[i].Value, true
		}
	}
	return nil, false
}

// Get returns the member called name, or nil.
func (o Object) Get(name string) any {
	v, _ := o.Lookup(name)
	return v
}

// Set replaces the member called name, or appends it.
func (o *Object) Set(name string, v any) {
	for i := range *o {
		if (*o)[i].Name == name {
			(*o)[i].Value = v
			return
		}
	}
	*o = append(*o, Field{name, v})
}

// Delete removes the member called name.
func (o *Object) Delete(name string) {
	for i := range *o {
		if (*o)[i].Name == name {
			*o = append((*o)[:i], (*o)[i+1:]...)
			return
		}
	}
}

// Obj returns the object member at path, or nil.
func (o Object) Obj(path ...string) Object {
	cur := o
	for _, p := range path {
		next, _ := cur.Get(p).(Object)
		if next == nil {
			return nil
		}
		cur = next
	}
	return cur
}

// Str returns the string at path (the last element names a member of the
// object the others lead to), or "".
func (o Object) Str(path ...string) string {
	if len(path) == 0 {
		return ""
	}
	s, _ := o.Obj(path[:len(path)-1]...).Get(path[len(path)-1]).(string)
	return s
}

// List returns the list at path, or nil.
func (o Object) List(path ...string) []any {
	if len(path) == 0 {
		return nil
	}
	l, _ := o.Obj(path[:len(path)-1]...).Get(path[len(path)-1]).([]any)
	return l
}

// Clone copies a document deeply.
func Clone(v any) any {
	switch v := v.(type) {
	case Object:
		out := make(Object, len(v))
		for i, f := range v {
			out[i] = Field{f.Name, Clone(f.Value)}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = Clone(e)
		}
		return out
	}
	return v
}

// MaxDepth bounds the nesting of decoded documents. The deepest member of
// the model sits at depth 5; anything far deeper is an attack, not a request.
const MaxDepth = 32

// ErrTooDeep reports a document nested deeper than MaxDepth.
var ErrTooDeep = fmt.Errorf("JSON nesting exceeds %d levels", MaxDepth)

// ParseJSON decodes one JSON value. Invalid UTF-8, trailing data and nesting
// deeper than MaxDepth are errors; an empty input decodes to nil.
func ParseJSON(data []byte) (any, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	dec := decoders.Get().(*jsontext.Decoder)
	defer decoders.Put(dec)
	dec.Reset(bytes.NewReader(data), jsontext.AllowDuplicateNames(true))
	v, err := decodeValue(dec, 0)
	if err != nil {
		return nil, describeJSONError(err)
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return nil, fmt.Errorf("unexpected data after the JSON value at byte offset %d", dec.InputOffset())
	}
	return v, nil
}

// decoders are reused: a jsontext.Decoder carries buffers worth keeping.
var decoders = sync.Pool{New: func() any { return jsontext.NewDecoder(bytes.NewReader(nil)) }}

func decodeValue(dec *jsontext.Decoder, depth int) (any, error) {
	if dec.PeekKind() == '"' {
		return readString(dec)
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case 'n':
		return nil, nil
	case 't', 'f':
		return tok.Bool(), nil
	case '0':
		return Number(tok.String()), nil
	case '{':
		if depth >= MaxDepth {
			return nil, ErrTooDeep
		}
		obj := make(Object, 0, 8)
		for dec.PeekKind() != '}' {
			name, err := readString(dec)
			if err != nil {
				return nil, err
			}
			v, err := decodeValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			obj.Set(name, v)
		}
		_, err := dec.ReadToken()
		return obj, err
	case '[':
		if depth >= MaxDepth {
			return nil, ErrTooDeep
		}
		arr := make([]any, 0, 4)
		for dec.PeekKind() != ']' {
			v, err := decodeValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err := dec.ReadToken()
		return arr, err
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// readString reads a JSON string (a value or a member name). Member names
// and enum values of the schema come back as shared strings, so decoding a
// request or a record allocates only for free text.
func readString(dec *jsontext.Decoder) (string, error) {
	raw, err := dec.ReadValue()
	if err != nil {
		return "", err
	}
	if body := raw[1 : len(raw)-1]; bytes.IndexByte(body, '\\') < 0 {
		if s, ok := internedStrings[string(body)]; ok {
			return s, nil
		}
		return string(body), nil
	}
	b, err := jsontext.AppendUnquote(nil, raw)
	return string(b), err
}

// internedStrings holds every member name and enum value of the schema.
var internedStrings = map[string]string{}

func intern(s *Shape, seen map[*Shape]bool) {
	if seen[s] {
		return
	}
	seen[s] = true
	for _, v := range s.Values() {
		internedStrings[v] = v
	}
	for _, m := range s.Members {
		internedStrings[m.Name] = m.Name
		intern(m.Shape, seen)
	}
	if s.Elem != nil {
		intern(s.Elem, seen)
	}
}

func describeJSONError(err error) error {
	if errors.Is(err, ErrTooDeep) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return errors.New("unexpected end of JSON input")
	}
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		return fmt.Errorf("malformed JSON at byte offset %d: %v", se.ByteOffset, se.Err)
	}
	return err
}

// MarshalJSON writes the object compactly, members in order.
func (o Object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	if err := writeJSON(&buf, o); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// AppendJSON writes a document compactly.
func AppendJSON(buf *bytes.Buffer, v any) error { return writeJSON(buf, v) }

func writeJSON(buf *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		buf.WriteString(strconv.FormatBool(v))
	case string:
		writeString(buf, v)
	case Number:
		buf.WriteString(string(v))
	case Object:
		buf.WriteByte('{')
		for i, f := range v {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeString(buf, f.Name)
			buf.WriteByte(':')
			if err := writeJSON(buf, f.Value); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case []any:
		buf.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeJSON(buf, e); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case []string:
		buf.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeString(buf, e)
		}
		buf.WriteByte(']')
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		buf.Write(b)
	}
	return nil
}

func writeString(buf *bytes.Buffer, s string) {
	b, _ := jsontext.AppendQuote(buf.AvailableBuffer(), s)
	buf.Write(b)
}
