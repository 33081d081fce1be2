package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
)

// cliConfig holds the AWS CLI settings that belong to the CLI rather than
// to the client: ~/.aws/config keys and their environment variables
// (aws-cli-behaviour.md §14, §15). Region, credentials, endpoints and
// retries are package client's.
type cliConfig struct {
	Profile         string // "" when none was named
	Output          string // --output > AWS_DEFAULT_OUTPUT > output > json
	Pager           string // cli_pager (AWS_PAGER and PAGER are the pager's)
	HasPager        bool   // cli_pager is set (an empty value turns paging off)
	TimestampFormat string // cli_timestamp_format, default iso8601
	AutoPrompt      string // on, on-partial or off
	BinaryFormat    string
}

// loadConfig resolves the CLI settings for g. An explicitly named profile
// (--profile, AWS_PROFILE, AWS_DEFAULT_PROFILE) must exist in the config or
// credentials file, even "default", as botocore requires (255).
func loadConfig(getenv func(string) string, g *GlobalOptions) (*cliConfig, error) {
	c := &cliConfig{Profile: g.Profile}
	if c.Profile == "" {
		c.Profile = getenv("AWS_PROFILE")
	}
	if c.Profile == "" {
		c.Profile = getenv("AWS_DEFAULT_PROFILE")
	}
	home := getenv("HOME")
	cfgPath := getenv("AWS_CONFIG_FILE")
	if cfgPath == "" {
		cfgPath = filepath.Join(home, ".aws", "config")
	}
	credPath := getenv("AWS_SHARED_CREDENTIALS_FILE")
	if credPath == "" {
		credPath = filepath.Join(home, ".aws", "credentials")
	}
	cfg := readINI(expandHome(cfgPath, home))
	name := c.Profile
	if name == "" {
		name = "default"
	}
	section, ok := cfg[configSection(name)]
	if !ok && name == "default" {
		section, ok = cfg["profile default"]
	}
	if !ok && c.Profile != "" {
		if _, inCreds := readINI(expandHome(credPath, home))[name]; !inCreds {
			return nil, errorf(exitOther, "The config profile (%s) could not be found", name)
		}
	}
	c.Output = firstNonEmpty(g.Output, getenv("AWS_DEFAULT_OUTPUT"), section["output"], "json")
	c.Pager, c.HasPager = section["cli_pager"]
	c.TimestampFormat = firstNonEmpty(section["cli_timestamp_format"], "iso8601")
	c.BinaryFormat = firstNonEmpty(g.BinaryFormat, section["cli_binary_format"], "base64")
	switch {
	case g.CLIAutoPrompt:
		c.AutoPrompt = "on"
	case g.NoCLIAutoPrompt:
		c.AutoPrompt = "off"
	default:
		c.AutoPrompt = firstNonEmpty(getenv("AWS_CLI_AUTO_PROMPT"), section["cli_auto_prompt"], "off")
	}
	return c, nil
}

// checkTimestampFormat: v2 accepts only wire and iso8601 (§15, exit 253).
func (c *cliConfig) checkTimestampFormat() error {
	switch c.TimestampFormat {
	case "wire", "iso8601":
		return nil
	}
	return errorf(exitConfig, "Unknown cli_timestamp_format value: %s, valid values are \"wire\" or \"iso8601\"", c.TimestampFormat)
}

// checkBinaryFormat: a bad cli_binary_format in the config file fails with
// the KeyError text, the quoted value (§15, exit 255).
func (c *cliConfig) checkBinaryFormat() error {
	if contains(binaryFormatChoices, c.BinaryFormat) {
		return nil
	}
	return errorf(exitOther, "'%s'", c.BinaryFormat)
}

func configSection(profile string) string {
	if profile == "default" {
		return "default"
	}
	return "profile " + profile
}

// readINI reads the sections of an AWS config or credentials file. Nested
// sub-settings (indented lines under "key =") are skipped; a missing file
// reads as empty.
func readINI(path string) map[string]map[string]string {
	out := map[string]map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	var cur map[string]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		raw := sc.Text()
		line := strings.TrimSpace(raw)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' && strings.HasSuffix(line, "]") {
			name := strings.Join(strings.Fields(line[1:len(line)-1]), " ")
			cur = map[string]string{}
			out[name] = cur
			continue
		}
		if cur == nil || raw[0] == ' ' || raw[0] == '\t' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		cur[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return out
}

func expandHome(p, home string) string {
	if strings.HasPrefix(p, "~/") {
		return filepath.Join(home, p[2:])
	}
	return p
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
