package difftest

import (
	"fmt"
	"strconv"
	"strings"
)

// SplitWords splits a command line the way a POSIX shell would, without any
// expansion: 'single quotes' are literal, "double quotes" honour \" \\ \$ \`
// and a backslash-newline, a bare backslash escapes the next character, and
// $'...' takes C escapes (\n \t \r \\ \' \" \xHH \uXXXX \UXXXXXXXX) so
// control characters and emoji can be written legibly. An empty quoted word
// (two quotes with nothing between) is kept as an empty argument.
func SplitWords(s string) ([]string, error) {
	var (
		words []string
		cur   strings.Builder
		inArg bool
	)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == ' ' || r == '\t' || r == '\n':
			if inArg {
				words = append(words, cur.String())
				cur.Reset()
				inArg = false
			}
		case r == '\\':
			inArg = true
			if i+1 < len(rs) {
				i++
				cur.WriteRune(rs[i])
			}
		case r == '\'':
			inArg = true
			j := i + 1
			for j < len(rs) && rs[j] != '\'' {
				j++
			}
			if j == len(rs) {
				return nil, fmt.Errorf("unterminated ' in %q", s)
			}
			cur.WriteString(string(rs[i+1 : j]))
			i = j
		case r == '"':
			inArg = true
			j := i + 1
			for ; j < len(rs) && rs[j] != '"'; j++ {
				if rs[j] == '\\' && j+1 < len(rs) && strings.ContainsRune("\"\\$`\n", rs[j+1]) {
					j++
					if rs[j] != '\n' {
						cur.WriteRune(rs[j])
					}
					continue
				}
				cur.WriteRune(rs[j])
			}
			if j == len(rs) {
				return nil, fmt.Errorf("unterminated \" in %q", s)
			}
			i = j
		case r == '$' && i+1 < len(rs) && rs[i+1] == '\'':
			inArg = true
			j := i + 2
			for ; j < len(rs) && rs[j] != '\''; j++ {
				if rs[j] != '\\' || j+1 == len(rs) {
					cur.WriteRune(rs[j])
					continue
				}
				j++
				switch c := rs[j]; c {
				case 'n':
					cur.WriteByte('\n')
				case 't':
					cur.WriteByte('\t')
				case 'r':
					cur.WriteByte('\r')
				case 'x', 'u', 'U':
					n := map[rune]int{'x': 2, 'u': 4, 'U': 8}[c]
					if j+n >= len(rs) {
						return nil, fmt.Errorf("short \\%c escape in %q", c, s)
					}
					v, err := strconv.ParseUint(string(rs[j+1:j+1+n]), 16, 32)
					if err != nil {
						return nil, fmt.Errorf("bad \\%c escape in %q", c, s)
					}
					if c == 'x' {
						cur.WriteByte(byte(v))
					} else {
						cur.WriteRune(rune(v))
					}
					j += n
				default:
					cur.WriteRune(c)
				}
			}
			if j == len(rs) {
				return nil, fmt.Errorf("unterminated $' in %q", s)
			}
			i = j
		default:
			inArg = true
			cur.WriteRune(r)
		}
	}
	if inArg {
		words = append(words, cur.String())
	}
	return words, nil
}
