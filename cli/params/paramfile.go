package params

import (
	"errors"
	"io/fs"
	"os"
	"os/user"
	"regexp"
	"strings"
	"syscall"
	"unicode/utf8"
)

// Paramfiles (spec §4). v2 knows only the local prefixes: http:// and
// https:// values are never fetched and stay literal text (spec §15).
const (
	prefixFile  = "file://"
	prefixFileb = "fileb://"
)

// loadError is awscli's ResourceLoadingError; its text is the message body.
type loadError struct{ msg string }

func (e *loadError) Error() string { return e.msg }

// getParamfile expands a file:// or fileb:// value. ok is false for any other
// value (which is then used as it is). The prefixes are case-sensitive.
func getParamfile(s string) (v any, ok bool, err error) {
	switch {
	case strings.HasPrefix(s, prefixFile):
		text, err := readTextFile(s, s[len(prefixFile):])
		return text, true, err
	case strings.HasPrefix(s, prefixFileb):
		data, err := readFile(s, s[len(prefixFileb):])
		return Bytes(data), true, err
	}
	return nil, false, nil
}

// readTextFile reads a file:// paramfile as Python's open(path, 'r') does:
// UTF-8 (the locale encoding in practice) with universal newlines, so CRLF
// and CR become LF.
func readTextFile(uri, path string) (string, error) {
	data, err := readFile(uri, path)
	if err != nil {
		return "", err
	}
	if !utf8.Valid(data) {
		return "", &loadError{"Unable to load paramfile (" + expandPath(path) + "), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix."}
	}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n"), nil
}

func readFile(uri, path string) ([]byte, error) {
	p := expandPath(path)
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, &loadError{"Unable to load paramfile " + uri + ": " + osErrorText(err, p)}
	}
	return data, nil
}

// expandPath is os.path.expandvars(os.path.expanduser(path)).
func expandPath(p string) string { return expandVars(expandUser(p)) }

func expandUser(p string) string {
	if !strings.HasPrefix(p, "~") {
		return p
	}
	name, rest, _ := strings.Cut(p[1:], "/")
	var home string
	if name == "" {
		home = os.Getenv("HOME")
		if home == "" {
			if u, err := user.Current(); err == nil {
				home = u.HomeDir
			}
		}
	} else if u, err := user.Lookup(name); err == nil {
		home = u.HomeDir
	} else {
		return p
	}
	home = strings.TrimSuffix(home, "/")
	if home == "" {
		home = "/"
	}
	if rest == "" && !strings.Contains(p, "/") {
		return home
	}
	return strings.TrimSuffix(home, "/") + "/" + rest
}

var varRef = regexp.MustCompile(`\$(\w+|\{[^}]*\})`)

// expandVars is posixpath.expandvars: $NAME and ${NAME} are replaced when
// NAME is set and left as they are otherwise.
func expandVars(p string) string {
	if !strings.Contains(p, "$") {
		return p
	}
	return varRef.ReplaceAllStringFunc(p, func(ref string) string {
		name := strings.TrimSuffix(strings.TrimPrefix(ref[1:], "{"), "}")
		if v, ok := os.LookupEnv(name); ok {
			return v
		}
		return ref
	})
}

// pyErrno holds Python's strerror texts for the errors a paramfile can meet.
var pyErrno = map[syscall.Errno]string{
	syscall.ENOENT:       "No such file or directory",
	syscall.EACCES:       "Permission denied",
	syscall.EISDIR:       "Is a directory",
	syscall.ENOTDIR:      "Not a directory",
	syscall.ELOOP:        "Too many levels of symbolic links",
	syscall.ENAMETOOLONG: "File name too long",
	syscall.EPERM:        "Operation not permitted",
}

// osErrorText renders err like str(OSError): "[Errno 2] No such file or
// directory: 'path'".
func osErrorText(err error, path string) string {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		if errors.Is(err, fs.ErrNotExist) {
			errno = syscall.ENOENT
		} else {
			return err.Error()
		}
	}
	text, ok := pyErrno[errno]
	if !ok {
		text = errno.Error()
		if text != "" {
			text = strings.ToUpper(text[:1]) + text[1:]
		}
	}
	return "[Errno " + itoa(int(errno)) + "] " + text + ": " + pyPathRepr(path)
}
