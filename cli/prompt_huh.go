package cli

import (
	"errors"
	"io"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/cosell/cosell"
)

// huhPrompter asks with interactive terminal widgets (charmbracelet/huh):
// a selection list for members with a value set, a text field otherwise,
// with the member's description and, for structures, the shorthand syntax
// as the hint. The widgets read the terminal directly; stdin must be one.
type huhPrompter struct {
	in  io.Reader
	out io.Writer
}

// skipChoice leaves an optional member out.
const skipChoice = "(leave out)"

func (p *huhPrompter) Ask(option string, m *cosell.Member) (string, error) {
	title := option
	if m.Required {
		title += " [REQUIRED]"
	}
	desc := m.Doc
	if m.Shape.Kind == cosell.KindStructure {
		desc += "\nShorthand: " + shorthandSyntax(m.Shape, true)
	}
	var value string
	var field huh.Field
	if vals := m.Shape.Values(); m.Shape.Kind == cosell.KindString && len(vals) > 0 {
		opts := huh.NewOptions(vals...)
		if !m.Required {
			opts = append([]huh.Option[string]{huh.NewOption(skipChoice, "")}, opts...)
		}
		field = huh.NewSelect[string]().Title(title).Description(desc).Options(opts...).Value(&value)
	} else {
		in := huh.NewInput().Title(title).Description(desc).Value(&value)
		if m.Required {
			in = in.Validate(func(s string) error {
				if strings.TrimSpace(s) == "" {
					return errors.New("required")
				}
				return nil
			})
		}
		field = in
	}
	err := huh.NewForm(huh.NewGroup(field)).WithInput(p.in).WithOutput(p.out).Run()
	if errors.Is(err, huh.ErrUserAborted) {
		return "", errors.New("")
	}
	return value, err
}
