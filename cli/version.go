package cli

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// Version is cosell's version; release builds set it with -ldflags.
var Version = "0.1.0"

// AWSCLIVersion is the AWS CLI release whose behaviour cosell follows (§15).
const AWSCLIVersion = "2.32.13"

// versionString is --version's line. It keeps the AWS CLI's layout
// (tool/version runtime/version OS/release) and names the AWS CLI release
// it follows: cosell/0.1.0 aws-cli/2.32.13 Go/go1.26.8 Linux/6.1.0 source/x86_64.
func versionString() string {
	osName := runtime.GOOS
	if osName != "" {
		osName = strings.ToUpper(osName[:1]) + osName[1:]
	}
	rel := "unknown"
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		rel = strings.TrimSpace(string(b))
	}
	arch := map[string]string{"amd64": "x86_64", "arm64": "aarch64"}[runtime.GOARCH]
	if arch == "" {
		arch = runtime.GOARCH
	}
	return fmt.Sprintf("cosell/%s aws-cli/%s Go/%s %s/%s source/%s",
		Version, AWSCLIVersion, strings.TrimPrefix(runtime.Version(), "go"), osName, rel, arch)
}

// debugStart writes the first --debug lines in the AWS CLI's log-line
// format (§14, §15); the client's trace follows on the same writer.
func debugStart(f *Factory, args []string) {
	now := f.Now()
	stamp := now.Format("2006-01-02 15:04:05") + fmt.Sprintf(",%03d", now.Nanosecond()/int(time.Millisecond))
	line := func(msg string) {
		fmt.Fprintf(f.IO.ErrOut, "%s - MainThread - awscli.clidriver - DEBUG - %s\n", stamp, msg)
	}
	line("CLI version: " + versionString())
	line("Arguments entered to CLI: " + pyRepr(args))
}
