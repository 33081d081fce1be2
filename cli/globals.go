package cli

// Global options of AWS CLI v2, in the order of its synopsis
// (update-opportunity.txt). The global parser runs first over all of argv,
// so these win prefix abbreviations (§2).

var (
	outputChoices       = []string{"json", "text", "table", "yaml", "yaml-stream"}
	colorChoices        = []string{"on", "off", "auto"}
	binaryFormatChoices = []string{"base64", "raw-in-base64-out"}
)

func globalSpecs() []*argSpec {
	return []*argSpec{
		{Name: "--debug", Nargs: nargsNone},
		{Name: "--endpoint-url", Nargs: nargsOne},
		{Name: "--no-verify-ssl", Nargs: nargsNone},
		{Name: "--no-paginate", Nargs: nargsNone},
		{Name: "--output", Nargs: nargsOne, Choices: outputChoices},
		{Name: "--query", Nargs: nargsOne},
		{Name: "--profile", Nargs: nargsOne},
		{Name: "--region", Nargs: nargsOne},
		{Name: "--version", Nargs: nargsNone, Version: true},
		{Name: "--color", Nargs: nargsOne, Choices: colorChoices},
		{Name: "--no-sign-request", Nargs: nargsNone},
		{Name: "--ca-bundle", Nargs: nargsOne},
		// Timeouts are read as text: v2 converts them after parsing, so a
		// non-integer fails with Python's int() message and exit 255 (§15).
		{Name: "--cli-read-timeout", Nargs: nargsOne},
		{Name: "--cli-connect-timeout", Nargs: nargsOne},
		{Name: "--cli-binary-format", Nargs: nargsOne, Choices: binaryFormatChoices},
		{Name: "--no-cli-pager", Nargs: nargsNone},
		{Name: "--cli-auto-prompt", Nargs: nargsNone},
		{Name: "--no-cli-auto-prompt", Nargs: nargsNone},
	}
}

// GlobalOptions are the parsed global options. Strings are "" and pointers
// nil when not given.
type GlobalOptions struct {
	Debug, NoVerifySSL, NoPaginate, NoSignRequest, NoCLIPager bool
	CLIAutoPrompt, NoCLIAutoPrompt                            bool

	EndpointURL, Output, Query, Profile, Region, Color, CABundle string
	QueryGiven                                                   bool // --query, even ''
	ReadTimeout, ConnectTimeout                                  *string
	BinaryFormat                                                 string
}

func globalsFrom(a *parsedArgs) *GlobalOptions {
	g := &GlobalOptions{
		Debug:           a.has("--debug"),
		NoVerifySSL:     a.has("--no-verify-ssl"),
		NoPaginate:      a.has("--no-paginate"),
		NoSignRequest:   a.has("--no-sign-request"),
		NoCLIPager:      a.has("--no-cli-pager"),
		CLIAutoPrompt:   a.has("--cli-auto-prompt"),
		NoCLIAutoPrompt: a.has("--no-cli-auto-prompt"),
	}
	g.EndpointURL, _ = a.value("--endpoint-url")
	g.Output, _ = a.value("--output")
	g.Query, g.QueryGiven = a.value("--query")
	g.Profile, _ = a.value("--profile")
	g.Region, _ = a.value("--region")
	g.Color, _ = a.value("--color")
	g.CABundle, _ = a.value("--ca-bundle")
	g.BinaryFormat, _ = a.value("--cli-binary-format")
	if v, ok := a.value("--cli-read-timeout"); ok {
		g.ReadTimeout = &v
	}
	if v, ok := a.value("--cli-connect-timeout"); ok {
		g.ConnectTimeout = &v
	}
	return g
}
