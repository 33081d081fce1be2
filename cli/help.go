package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/cosell/cosell"
)

// Help text, generated from the schema with cosell's own descriptions
// (Member.Doc); none of AWS's documentation is reproduced. Options are
// listed in model order, as in the skeletons.

// operationDocs are cosell's one-paragraph descriptions of the operations.
var operationDocs = map[string]string{
	"CreateOpportunity":       "Creates an opportunity. ClientToken makes the call idempotent: repeating it with the same token and body returns the same opportunity.",
	"UpdateOpportunity":       "Replaces the partner-writable fields of an opportunity. Omitted fields are cleared, so send the whole record (cosell's --merge does the read-merge-write for you). LastModifiedDate must be the value you last read; a stale value is a ConflictException.",
	"GetOpportunity":          "Returns one opportunity.",
	"ListOpportunities":       "Lists opportunities, filtered and sorted. The CLI follows NextToken and prints every page unless --no-paginate is given.",
	"SubmitOpportunity":       "Submits an opportunity to AWS for review.",
	"AssociateOpportunity":    "Associates a solution, AWS product or AWS Marketplace offer with an opportunity.",
	"DisassociateOpportunity": "Removes an association made by associate-opportunity.",
	"AssignOpportunity":       "Makes another partner user the owner of an opportunity.",

	"AcceptEngagementInvitation":               "Accepts an invitation to join an engagement, so the caller becomes one of its members.",
	"CreateEngagement":                         "Starts a new engagement: a shared space in which AWS and partners work on one customer together. ClientToken makes the call safe to repeat.",
	"CreateEngagementContext":                  "Adds a context (for example a customer project) to an existing engagement.",
	"CreateEngagementInvitation":               "Invites another AWS account to take part in an engagement, with the payload the receiver is shown.",
	"CreateResourceSnapshot":                   "Records a new revision of a resource (such as an opportunity) as it is shared inside an engagement, using a snapshot template.",
	"CreateResourceSnapshotJob":                "Sets up a job that keeps taking snapshots of a resource for an engagement whenever it changes.",
	"DeleteResourceSnapshotJob":                "Deletes a resource snapshot job; the job must be stopped first.",
	"GetAwsOpportunitySummary":                 "Returns AWS's side of an opportunity that is linked to one of the partner's opportunities: AWS team, stage, insights and related entities.",
	"GetEngagement":                            "Returns one engagement with its title, description, member count and contexts.",
	"GetEngagementInvitation":                  "Returns one engagement invitation, sent or received, with its payload and status.",
	"GetResourceSnapshot":                      "Returns a snapshot of a resource shared in an engagement: the newest revision, or the one asked for.",
	"GetResourceSnapshotJob":                   "Returns a resource snapshot job with its status and the outcome of its last run.",
	"GetSellingSystemSettings":                 "Returns the IAM role resource snapshot jobs use in a catalog (null until one is put).",
	"ListEngagementByAcceptingInvitationTasks": "Lists the tasks started by start-engagement-by-accepting-invitation-task. The CLI follows NextToken and prints every page unless --no-paginate is given.",
	"ListEngagementFromOpportunityTasks":       "Lists the tasks started by start-engagement-from-opportunity-task. The CLI follows NextToken and prints every page unless --no-paginate is given.",
	"ListEngagementInvitations":                "Lists the engagement invitations the caller sent or received, filtered and sorted. The CLI follows NextToken and prints every page unless --no-paginate is given.",
	"ListEngagementMembers":                    "Lists the accounts that are members of an engagement. The CLI follows NextToken and prints every page unless --no-paginate is given.",
	"ListEngagementResourceAssociations":       "Lists which resources are associated with which engagements. The CLI follows NextToken and prints every page unless --no-paginate is given.",
	"ListEngagements":                          "Lists the engagements the caller can see, filtered and sorted. The CLI follows NextToken and prints every page unless --no-paginate is given.",
	"ListOpportunityFromEngagementTasks":       "Lists the tasks started by start-opportunity-from-engagement-task. The CLI follows NextToken and prints every page unless --no-paginate is given.",
	"ListResourceSnapshotJobs":                 "Lists resource snapshot jobs, optionally for one engagement or status. The CLI follows NextToken and prints every page unless --no-paginate is given.",
	"ListResourceSnapshots":                    "Lists the snapshots taken of resources in one engagement. The CLI follows NextToken and prints every page unless --no-paginate is given.",
	"ListSolutions":                            "Lists the partner's solutions in a catalog, the identifiers associate-opportunity accepts for Solutions.",
	"ListTagsForResource":                      "Returns the tags of an opportunity.",
	"PutSellingSystemSettings":                 "Sets the IAM role resource snapshot jobs use in a catalog. A role name becomes a role ARN in your account.",
	"RejectEngagementInvitation":               "Declines an engagement invitation, optionally saying why.",
	"StartEngagementByAcceptingInvitationTask": "Starts an asynchronous task that accepts an invitation and sets up the engagement, opportunity and snapshot job that go with it.",
	"StartEngagementFromOpportunityTask":       "Starts an asynchronous task that turns an opportunity into an engagement with AWS, submitting it for review.",
	"StartOpportunityFromEngagementTask":       "Starts an asynchronous task that creates an opportunity from a context of an engagement.",
	"StartResourceSnapshotJob":                 "Resumes a stopped resource snapshot job.",
	"StopResourceSnapshotJob":                  "Pauses a resource snapshot job; no snapshots are taken until it is started again.",
	"TagResource":                              "Adds tags to an opportunity, replacing the value of a key it already has.",
	"UntagResource":                            "Removes tags from an opportunity by key; keys it does not have are ignored.",
	"UpdateEngagementContext":                  "Changes a context of an engagement. EngagementLastModifiedAt must be the engagement's last modification time, so concurrent edits are detected.",
}

var globalDocs = map[string]string{
	"--debug":               "Write a debug log to standard error.",
	"--endpoint-url":        "Send requests to this URL instead of the default endpoint.",
	"--no-verify-ssl":       "Do not verify TLS certificates.",
	"--no-paginate":         "Make one call and print only the first page.",
	"--output":              "Output format.",
	"--query":               "A JMESPath expression applied to the response.",
	"--profile":             "Profile from the AWS config and credentials files.",
	"--region":              "AWS Region.",
	"--version":             "Print the version and exit.",
	"--color":               "Colour output.",
	"--no-sign-request":     "Send unsigned requests; credentials are not loaded.",
	"--ca-bundle":           "CA certificate bundle for TLS verification.",
	"--cli-read-timeout":    "Socket read timeout in seconds (0: none; default 60).",
	"--cli-connect-timeout": "Socket connect timeout in seconds (0: none; default 60).",
	"--cli-binary-format":   "Blob encoding (this API has no blob members).",
	"--no-cli-pager":        "Do not send output to a pager.",
	"--cli-auto-prompt":     "Prompt for parameters interactively.",
	"--no-cli-auto-prompt":  "Do not prompt, whatever the configuration says.",
}

func writeTopHelp(w io.Writer) {
	fmt.Fprintf(w, "cosell - Partner Central Selling opportunities, AWS CLI v2 compatible\n\n")
	fmt.Fprintf(w, "USAGE\n  cosell [options] <command> [parameters]\n  cosell %s <command> [parameters]\n  cosell serve [flags]\n  cosell load [flags]\n  cosell faults list|add|replace|clear [flags]\n\n", ServiceName)
	width := 0
	for _, c := range commandList {
		width = max(width, len(c.Name))
	}
	fmt.Fprintf(w, "COMMANDS\n")
	for _, c := range commandList {
		fmt.Fprintf(w, "  %-*s %s\n", width, c.Name, firstSentence(operationDocs[c.Op.Name]))
	}
	fmt.Fprintf(w, "\nSERVER\n")
	fmt.Fprintf(w, "  %-*s %s\n", width, "serve", "Runs the local Partner Central Selling service (cosell serve --help).")
	fmt.Fprintf(w, "  %-*s %s\n", width, "load", "Fills a database with generated opportunities (cosell load --help).")
	fmt.Fprintf(w, "  %-*s %s\n", width, "faults", "Lists or changes a running server's fault rules (cosell faults --help).")
	fmt.Fprintf(w, "\nRun `cosell <command> help` for a command's options.\n")
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

func writeCommandHelp(w io.Writer, c *command) {
	var b strings.Builder
	fmt.Fprintf(&b, "NAME\n       %s -\n\n", c.Name)
	fmt.Fprintf(&b, "DESCRIPTION\n       %s\n\n", operationDocs[c.Op.Name])
	fmt.Fprintf(&b, "SYNOPSIS\n            %s\n", c.Name)
	for i := range c.Op.Input.Members {
		m := cliMember(c.Op, &c.Op.Input.Members[i])
		if m.Required {
			fmt.Fprintf(&b, "          %s <value>\n", memberOption(m))
		} else {
			fmt.Fprintf(&b, "          [%s <value>]\n", memberOption(m))
		}
	}
	b.WriteString("          [--cli-input-json | --cli-input-yaml]\n")
	if c.Paginated {
		b.WriteString("          [--starting-token <value>]\n          [--page-size <value>]\n          [--max-items <value>]\n")
	}
	b.WriteString("          [--generate-cli-skeleton <value>]\n")
	b.WriteString("          [--dry-run]\n")
	if c.Op.Name == "UpdateOpportunity" {
		b.WriteString("          [--merge]\n")
	}
	for _, s := range globalSpecs() {
		if s.Nargs == nargsNone {
			fmt.Fprintf(&b, "          [%s]\n", s.Name)
		} else {
			fmt.Fprintf(&b, "          [%s <value>]\n", s.Name)
		}
	}
	b.WriteString("\nOPTIONS\n")
	for i := range c.Op.Input.Members {
		m := cliMember(c.Op, &c.Op.Input.Members[i])
		fmt.Fprintf(&b, "       %s (%s)\n", memberOption(m), m.Shape.Kind)
		writeMemberDoc(&b, m, "          ")
		if m.Shape.Kind == cosell.KindStructure || m.Shape.Kind == cosell.KindMap || (m.Shape.Kind == cosell.KindList && m.Shape.Elem.Kind == cosell.KindStructure) {
			b.WriteString("\n          Shorthand Syntax:\n\n            ")
			b.WriteString(shorthandSyntax(m.Shape, true))
			b.WriteString("\n\n          JSON Syntax:\n\n")
			writeJSONSyntax(&b, m.Shape, "            ", "            ")
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("       --cli-input-json | --cli-input-yaml (string)\n          Read the request from JSON (or YAML) text, file:// or fileb://, in the\n          layout --generate-cli-skeleton prints. Options given on the command\n          line replace the top-level keys they name.\n\n")
	if c.Paginated {
		b.WriteString("       --starting-token (string)\n          Resume from the NextToken a previous --max-items run printed.\n\n")
		b.WriteString("       --page-size (integer)\n          Items per service call (sent as " + c.LimitKey + ").\n\n")
		b.WriteString("       --max-items (integer)\n          Stop after this many items and print a NextToken to resume from.\n\n")
	}
	b.WriteString("       --generate-cli-skeleton (string)\n          input, yaml-input: print a request skeleton and exit; output: validate\n          the options and print a sample response without calling the service.\n\n")
	b.WriteString("COSELL EXTRAS\n       Options of cosell's own, which the AWS CLI does not have. They take no\n       abbreviations: write them out in full.\n\n")
	b.WriteString("       --dry-run (boolean)\n          Check the request with the service's own rules, send nothing, and exit\n          0 (valid) or 254 (refused, every problem listed).\n")
	if c.Served == nil {
		b.WriteString("          cosell serve does not implement this operation, so it has no\n          service-side rules: --dry-run checks request validation alone\n          (required members, enums, lengths, patterns, list sizes).\n")
	}
	b.WriteString("\n")
	if c.Op.Name == "UpdateOpportunity" {
		b.WriteString("       --merge (boolean)\n          Read the opportunity, merge the given options over it and send the\n          full record with its LastModifiedDate, retrying on conflicts. With\n          --merge, --last-modified-date is optional: when given, it is sent as\n          is and never retried.\n\n")
	}
	b.WriteString("GLOBAL OPTIONS\n")
	for _, s := range globalSpecs() {
		typ := "string"
		if s.Nargs == nargsNone {
			typ = "boolean"
		}
		fmt.Fprintf(&b, "       %s (%s)\n          %s\n", s.Name, typ, globalDocs[s.Name])
		if s.Choices != nil {
			fmt.Fprintf(&b, "          Possible values: %s\n", strings.Join(s.Choices, " | "))
		}
		b.WriteString("\n")
	}
	b.WriteString("OUTPUT\n")
	if c.Op.Output == nil {
		b.WriteString("       None\n")
	} else {
		for _, m := range c.Op.Output.Members {
			writeOutputMember(&b, &m, "       ")
		}
	}
	io.WriteString(w, b.String())
}

func writeMemberDoc(b *strings.Builder, m *cosell.Member, indent string) {
	doc := m.Doc
	if m.Required {
		doc = "[REQUIRED] " + doc
	}
	fmt.Fprintf(b, "%s%s\n", indent, doc)
	if vals := m.Shape.Values(); len(vals) > 0 {
		fmt.Fprintf(b, "%sValid values: %s\n", indent, strings.Join(vals, " | "))
	}
	if m.Shape.Kind == cosell.KindList && len(m.Shape.Elem.Values()) > 0 {
		fmt.Fprintf(b, "%sValid values: %s\n", indent, strings.Join(m.Shape.Elem.Values(), " | "))
	}
	for _, sub := range nestedMembers(m.Shape) {
		fmt.Fprintf(b, "\n%s%s -> (%s)\n", indent, sub.Name, sub.Shape.Kind)
		writeMemberDoc(b, &sub, indent+"  ")
	}
}

// nestedMembers are the members help lists under a member of shape s: its
// own for a structure, its elements' for a list of structures.
func nestedMembers(s *cosell.Shape) []cosell.Member {
	switch {
	case s.Kind == cosell.KindStructure:
		return s.Members
	case (s.Kind == cosell.KindList || s.Kind == cosell.KindMap) && s.Elem.Kind == cosell.KindStructure:
		return s.Elem.Members
	}
	return nil
}

func writeOutputMember(b *strings.Builder, m *cosell.Member, indent string) {
	fmt.Fprintf(b, "%s%s -> (%s)\n%s  %s\n\n", indent, m.Name, m.Shape.Kind, indent, m.Doc)
	for _, sub := range nestedMembers(m.Shape) {
		writeOutputMember(b, &sub, indent+"  ")
	}
}

// shorthandSyntax renders the shorthand form of a shape, as the AWS CLI's
// help shows it: lists of scalars as "a,b" at the top level, lists of
// structures with two sample elements.
func shorthandSyntax(s *cosell.Shape, top bool) string {
	switch s.Kind {
	case cosell.KindStructure:
		parts := make([]string, len(s.Members))
		for i, m := range s.Members {
			parts[i] = m.Name + "=" + shorthandSyntax(m.Shape, false)
		}
		if top {
			return strings.Join(parts, ",")
		}
		return "{" + strings.Join(parts, ",") + "}"
	case cosell.KindList:
		e := shorthandSyntax(s.Elem, false)
		if s.Elem.Kind != cosell.KindStructure && top {
			return e + "," + e
		}
		if s.Elem.Kind != cosell.KindStructure {
			return e + "," + e
		}
		return "[" + e + "," + e + "]"
	case cosell.KindMap:
		// Shorthand for a map: KeyName1=value1,KeyName2=value2.
		v := shorthandSyntax(s.Elem, false)
		return "KeyName1=" + v + ",KeyName2=" + v
	}
	return s.Kind.String()
}

func writeJSONSyntax(b *strings.Builder, s *cosell.Shape, first, indent string) {
	b.WriteString(first)
	switch s.Kind {
	case cosell.KindStructure:
		b.WriteString("{\n")
		for i, m := range s.Members {
			fmt.Fprintf(b, "%s  %q: ", indent, m.Name)
			writeJSONSyntax(b, m.Shape, "", indent+"  ")
			if i < len(s.Members)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "}")
	case cosell.KindList:
		if s.Elem.Kind == cosell.KindStructure {
			b.WriteString("[\n")
			writeJSONSyntax(b, s.Elem, indent+"  ", indent+"  ")
			b.WriteString("\n" + indent + "  ...\n" + indent + "]")
			return
		}
		b.WriteString("[")
		writeJSONSyntax(b, s.Elem, "", indent)
		b.WriteString(", ...]")
	case cosell.KindMap:
		b.WriteString("{\n")
		fmt.Fprintf(b, "%s  %q: ", indent, s.Key.Kind.String())
		writeJSONSyntax(b, s.Elem, "", indent+"  ")
		b.WriteString("\n" + indent + "  ...\n" + indent + "}")
	case cosell.KindString:
		if len(s.Enum) > 0 {
			q := make([]string, len(s.Enum))
			for i, v := range s.Enum {
				q[i] = fmt.Sprintf("%q", v)
			}
			b.WriteString(strings.Join(q, "|"))
			return
		}
		b.WriteString(`"string"`)
	case cosell.KindTimestamp:
		b.WriteString("timestamp")
	case cosell.KindInteger:
		b.WriteString("integer")
	}
}
