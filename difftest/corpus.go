package difftest

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// A Case is one entry of the corpus: an argument list run through both
// /usr/bin/aws and cosell with the same files, environment, stdin and canned
// responses.
//
// Corpus syntax (testdata/corpus.txt), one directive per line:
//
//	define NAME: TEXT          text that {NAME} stands for in later args and expect-body lines
//	=== NAME                   starts a case; names are unique
//	args: WORDS                argv after `aws`/`cosell`, split like a shell (SplitWords);
//	args+: WORDS               appends more words
//	env: NAME=VALUE            extra environment (VALUE raw to end of line, or a "Go string")
//	config: LINE               a line appended to [default] in ~/.aws/config
//	file: PATH CONTENT         a file in the working dir; CONTENT is a "Go string" or <<TAG heredoc
//	file-nest: PATH N PREFIX OPEN LEAF CLOSE SUFFIX
//	                           a file holding PREFIX, OPEN N times, LEAF, CLOSE N times, SUFFIX
//	                           (deeply nested input; the parts are words, quoted as in args)
//	stdin: CONTENT             stdin ("Go string" or <<TAG); default empty
//	response: STATUS [ctype=T] BODY   the next canned response (BODY raw to end of line, or <<TAG);
//	                           requests get them in turn, the last one repeats
//	response-header: NAME: VALUE       a header on the last response
//	endpoint: none             do not append `--endpoint-url URL` (default: appended at the end
//	                           unless the args already mention {URL})
//	exit: N                    the exit code the case is about (checked on both CLIs)
//	no-request                 neither CLI may send anything (client-side rejection)
//	uuid: mask                 the bodies hold a UUID v4 the CLI generated (an idempotency
//	                           token): each is replaced by <uuid4> before comparing
//	stderr: exact              compare stderr too (both v2 releases agree on it)
//	stdout: own-comments       compare YAML stdout with each comment's prose removed (cosell
//	                           writes its own descriptions, §15): layout, [REQUIRED] and the
//	                           "Valid values are:" list still count (NormalizeComments)
//	v2.9-differs: REASON       2.9.19 is not the reference here (aws-cli-behaviour.md §15):
//	                           compare cosell with the expect-* fields instead of the live CLI
//	expect-stdout: CONTENT     expected stdout (v2.9-differs cases)
//	expect-stderr: CONTENT     expected stderr (v2.9-differs cases)
//	expect-body: BODY          expected request body, raw to end of line, one per request
//
// {URL} in args, env, config and file contents becomes the capture server's
// URL (with a trailing slash, http://127.0.0.1:PORT/); {DEAD} becomes a URL
// nothing listens on. A heredoc runs from the line after `<<TAG` up to a line
// that is exactly TAG; every line keeps its newline. Lines starting with # and
// blank lines between directives are ignored.
type Case struct {
	Name       string
	Line       int
	Args       []string
	Env        []string // NAME=VALUE
	Config     []string
	Files      []File
	Stdin      string
	Responses  []Response
	NoEndpoint bool

	Exit         *int
	NoRequest    bool
	MaskUUIDs    bool
	StderrExact  bool
	OwnComments  bool
	Differs      string
	ExpectStdout *string
	ExpectStderr *string
	ExpectBodies []string
}

// File is a file created in the case's working directory.
type File struct {
	Path    string
	Content string
}

// Response is one canned HTTP response.
type Response struct {
	Status      int
	ContentType string
	Body        string
	Header      [][2]string
}

// ParseCorpus reads a corpus file.
func ParseCorpus(r io.Reader) ([]*Case, error) {
	var lines []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	var (
		cases []*Case
		cur   *Case
		seen  = map[string]bool{}
		defs  = map[string]string{}
	)
	for i := 0; i < len(lines); i++ {
		line, lineNo := lines[i], i+1
		errf := func(format string, a ...any) error {
			return fmt.Errorf("corpus line %d: %s", lineNo, fmt.Sprintf(format, a...))
		}
		// content reads a "Go string" or a <<TAG heredoc starting at v.
		content := func(v string) (string, error) {
			v = strings.TrimSpace(v)
			if tag, ok := strings.CutPrefix(v, "<<"); ok {
				var b strings.Builder
				for i++; ; i++ {
					if i == len(lines) {
						return "", errf("heredoc <<%s never ends", tag)
					}
					if lines[i] == tag {
						return b.String(), nil
					}
					b.WriteString(lines[i])
					b.WriteByte('\n')
				}
			}
			s, err := strconv.Unquote(v)
			if err != nil {
				return "", errf("want a \"quoted string\" or <<TAG, got %s", v)
			}
			return s, nil
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if name, ok := strings.CutPrefix(line, "=== "); ok {
			name = strings.TrimSpace(name)
			if name == "" || strings.ContainsAny(name, " \t/") {
				return nil, errf("case name %q must be one word without /", name)
			}
			if seen[name] {
				return nil, errf("duplicate case name %q", name)
			}
			seen[name] = true
			cur = &Case{Name: name, Line: lineNo}
			cases = append(cases, cur)
			continue
		}
		if d, ok := strings.CutPrefix(line, "define "); ok {
			name, text, ok := strings.Cut(d, ":")
			if !ok || name == "URL" || name == "DEAD" {
				return nil, errf("define wants NAME: TEXT (not URL or DEAD)")
			}
			defs["{"+name+"}"] = strings.TrimSpace(text)
			continue
		}
		if cur == nil {
			return nil, errf("directive before the first === case")
		}
		key, val, _ := strings.Cut(line, ":")
		val = strings.TrimPrefix(val, " ")
		switch key {
		case "args", "args+":
			for k, v := range defs {
				val = strings.ReplaceAll(val, k, v)
			}
			w, err := SplitWords(val)
			if err != nil {
				return nil, errf("%v", err)
			}
			if key == "args" && cur.Args != nil {
				return nil, errf("second args: (use args+:)")
			}
			cur.Args = append(cur.Args, w...)
		case "env":
			name, v, ok := strings.Cut(val, "=")
			if !ok || name == "" {
				return nil, errf("env wants NAME=VALUE")
			}
			if strings.HasPrefix(v, `"`) {
				s, err := strconv.Unquote(v)
				if err != nil {
					return nil, errf("env value: %v", err)
				}
				v = s
			}
			cur.Env = append(cur.Env, name+"="+v)
		case "config":
			cur.Config = append(cur.Config, val)
		case "file":
			path, rest, ok := strings.Cut(val, " ")
			if !ok || path == "" {
				return nil, errf("file wants PATH CONTENT")
			}
			c, err := content(rest)
			if err != nil {
				return nil, err
			}
			cur.Files = append(cur.Files, File{Path: path, Content: c})
		case "file-nest":
			f, err := nestedFile(val)
			if err != nil {
				return nil, errf("%v", err)
			}
			cur.Files = append(cur.Files, f)
		case "stdin":
			c, err := content(val)
			if err != nil {
				return nil, err
			}
			cur.Stdin = c
		case "response":
			status, rest, _ := strings.Cut(val, " ")
			code, err := strconv.Atoi(status)
			if err != nil || code < 100 || code > 599 {
				return nil, errf("response wants an HTTP status first, got %q", status)
			}
			resp := Response{Status: code, ContentType: "application/x-amz-json-1.0"}
			if ct, ok := strings.CutPrefix(rest, "ctype="); ok {
				resp.ContentType, rest, _ = strings.Cut(ct, " ")
			}
			if strings.HasPrefix(rest, "<<") {
				if rest, err = content(rest); err != nil {
					return nil, err
				}
			}
			resp.Body = rest
			cur.Responses = append(cur.Responses, resp)
		case "response-header":
			if len(cur.Responses) == 0 {
				return nil, errf("response-header before any response")
			}
			name, v, ok := strings.Cut(val, ":")
			if !ok {
				return nil, errf("response-header wants NAME: VALUE")
			}
			r := &cur.Responses[len(cur.Responses)-1]
			r.Header = append(r.Header, [2]string{strings.TrimSpace(name), strings.TrimSpace(v)})
		case "endpoint":
			if val != "none" {
				return nil, errf("endpoint: only none is known")
			}
			cur.NoEndpoint = true
		case "exit":
			n, err := strconv.Atoi(val)
			if err != nil {
				return nil, errf("exit wants a number")
			}
			cur.Exit = &n
		case "no-request":
			cur.NoRequest = true
		case "uuid":
			if val != "mask" {
				return nil, errf("uuid: only mask is known")
			}
			cur.MaskUUIDs = true
		case "stderr":
			if val != "exact" {
				return nil, errf("stderr: only exact is known")
			}
			cur.StderrExact = true
		case "stdout":
			if val != "own-comments" {
				return nil, errf("stdout: only own-comments is known")
			}
			cur.OwnComments = true
		case "v2.9-differs":
			if val == "" {
				return nil, errf("v2.9-differs wants a reason")
			}
			cur.Differs = val
		case "expect-stdout", "expect-stderr":
			c, err := content(val)
			if err != nil {
				return nil, err
			}
			if key == "expect-stdout" {
				cur.ExpectStdout = &c
			} else {
				cur.ExpectStderr = &c
			}
		case "expect-body":
			for k, v := range defs {
				val = strings.ReplaceAll(val, k, v)
			}
			cur.ExpectBodies = append(cur.ExpectBodies, val)
		default:
			return nil, errf("unknown directive %q", key)
		}
	}
	for _, c := range cases {
		if err := c.check(); err != nil {
			return nil, fmt.Errorf("corpus line %d: case %s: %v", c.Line, c.Name, err)
		}
	}
	return cases, nil
}

func (c *Case) check() error {
	if len(c.Args) == 0 {
		return fmt.Errorf("no args")
	}
	hasExpect := c.ExpectStdout != nil || c.ExpectStderr != nil || len(c.ExpectBodies) > 0 || c.Exit != nil || c.NoRequest
	if c.Differs != "" && !hasExpect {
		return fmt.Errorf("v2.9-differs without any expect-*/exit/no-request: it would test nothing")
	}
	if c.Differs == "" && (c.ExpectStdout != nil || c.ExpectStderr != nil || len(c.ExpectBodies) > 0) {
		return fmt.Errorf("expect-* only applies to v2.9-differs cases (live cases compare with /usr/bin/aws)")
	}
	if c.NoRequest && len(c.ExpectBodies) > 0 {
		return fmt.Errorf("no-request with expect-body")
	}
	return nil
}

// Expand replaces the {URL} and {DEAD} placeholders.
func Expand(s, url, dead string) string {
	return strings.NewReplacer("{URL}", url, "{DEAD}", dead).Replace(s)
}

// MentionsURL reports whether the case places the endpoint itself.
func (c *Case) MentionsURL() bool {
	for _, a := range c.Args {
		if strings.Contains(a, "{URL}") || strings.Contains(a, "{DEAD}") {
			return true
		}
	}
	return false
}

// NormalizeComments removes the prose of every `# comment` in a YAML
// skeleton, keeping what is not documentation: where the comment sits (the
// spacing before '#'), the [REQUIRED] marker and the "Valid values are:" list
// of enum values (facts of the model, §15 yaml-input).
func NormalizeComments(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		body, nl := strings.CutSuffix(l, "\n")
		at := strings.Index(body, " #")
		if at < 0 {
			continue
		}
		comment := body[at+2:]
		keep := body[:at+2]
		if strings.HasPrefix(comment, " [REQUIRED]") {
			keep += " [REQUIRED]"
		}
		if v := strings.Index(comment, " Valid values are: "); v >= 0 {
			keep += comment[v:]
		}
		if nl {
			keep += "\n"
		}
		lines[i] = keep
	}
	return strings.Join(lines, "")
}

// uuid4 matches a random UUID as Python's str(uuid.uuid4()) writes it.
var uuid4 = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`)

// MaskUUIDs replaces every UUID v4 in a request body with <uuid4>, for the
// cases whose CLI generates one (uuid: mask).
func MaskUUIDs(body []byte) []byte {
	return uuid4.ReplaceAll(body, []byte("<uuid4>"))
}

// nestedFile reads a file-nest directive: PATH N and five words.
func nestedFile(val string) (File, error) {
	fields, err := SplitWords(val)
	if err != nil {
		return File{}, err
	}
	if len(fields) != 7 {
		return File{}, fmt.Errorf("file-nest wants PATH N PREFIX OPEN LEAF CLOSE SUFFIX")
	}
	n, err := strconv.Atoi(fields[1])
	if err != nil || n < 0 {
		return File{}, fmt.Errorf("file-nest wants a count, got %q", fields[1])
	}
	p := fields[2:]
	var b strings.Builder
	b.Grow(len(p[0]) + n*(len(p[1])+len(p[3])) + len(p[2]) + len(p[4]))
	b.WriteString(p[0])
	for range n {
		b.WriteString(p[1])
	}
	b.WriteString(p[2])
	for range n {
		b.WriteString(p[3])
	}
	b.WriteString(p[4])
	return File{Path: fields[0], Content: b.String()}, nil
}
