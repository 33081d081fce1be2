package console

import (
	"strconv"
	"strings"
)

// chart is the pipeline value by stage as a horizontal bar chart, laid out
// here and drawn as SVG by pipeline.board.html.
type chart struct {
	Width, Height int
	Bars          []bar
	Total         float64
}

type bar struct {
	Stage         string
	Value         float64
	Y, Width      int // bar position and length in px
	LabelY, TextX int
}

const (
	chartWidth = 640
	barLeft    = 170 // room for the stage names
	barMax     = 360 // the longest bar; room for its value label after it
	barHeight  = 22
	barGap     = 8
)

func newChart(cols []*column) chart {
	ch := chart{Width: chartWidth, Height: len(cols)*(barHeight+barGap) + barGap}
	max := 0.0
	for _, c := range cols {
		ch.Total += c.Value
		if c.Value > max {
			max = c.Value
		}
	}
	for i, c := range cols {
		b := bar{Stage: c.Stage, Value: c.Value, Y: barGap + i*(barHeight+barGap)}
		if max > 0 {
			b.Width = int(c.Value / max * barMax)
		}
		b.LabelY = b.Y + barHeight/2 + 5
		b.TextX = barLeft + b.Width + 6
		ch.Bars = append(ch.Bars, b)
	}
	return ch
}

// usd formats v as whole US dollars with thousands separators.
func usd(v float64) string {
	s := strconv.FormatInt(int64(v+0.5), 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return "$" + b.String()
}
