package results

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// EndWeek, passed as a week to WriteTable, stands for the last observed week.
const EndWeek = -1

// Direction says which way a change in a metric is better, for a reader
// deciding between options.
type Direction int

// The directions of a metric.
const (
	NoDirection  Direction = iota // neither way is better: the table says "higher" or "lower"
	HigherBetter                  // more is better, e.g. cohesion, trust, user experience
	LowerBetter                   // less is better, e.g. waiting, delayed transfers, cost
)

// Consistent is the share of paired replicates at or above which a
// direction of change counts as consistent and is starred in the table: the
// option is better (or worse, higher, lower) in at least nine paired runs in
// ten.
const Consistent = 0.9

// TableOptions sets what WriteTable adds to the bare table. The zero value
// adds nothing: no metric has a better direction and no summary lines are
// written.
type TableOptions struct {
	// Better gives the direction in which each named metric is better;
	// metrics not named have NoDirection.
	Better map[string]Direction
	// Lines names the main outcomes that get a plain-language line under
	// the table for each compared set, in this order; metrics not shown in
	// the table or without differences are skipped.
	Lines []string
	// LinesAt is the week the lines speak of (the latest observed week at
	// or before it); EndWeek or 0 means the last observed week.
	LinesAt int
}

// WriteTable writes a plain-text table for a terminal from the runs'
// summaries (a "set" below is one run's Summariser): a block per metric and
// a row per week, a column per set showing "mean ±half (90%: lo to hi)": the
// mean across replicates with the half-width of its 95% confidence interval
// (how precisely the simulation has estimated the mean), then the 5th to
// 95th percentile across replicates (the 90% prediction interval: what could
// happen at one site). When differences (from Compare or Pairs) of the later
// sets against sets[0] are given, each later set adds two columns: the
// paired difference in the same layout, and the share of paired replicates
// in which the set is better or worse (higher or lower, for metrics without
// a better direction, see TableOptions.Better), starred when at least
// Consistent. Lines under the table explain the star and, for the metrics in
// opt.Lines, say in words how each later set differs from sets[0].
//
// metrics names the metrics to show; nil means every metric of sets[0].
// weeks lists the weeks to show, EndWeek meaning the last; nil means every
// 52nd week and the end. A week that was not observed is shown at the latest
// observed week before it, found in sets[0]; other sets show "-" where they
// did not observe that week. Weeks that are multiples of 52 are labelled
// "year N", the last observed week also "(end)".
//
// The output depends only on the arguments.
func WriteTable(w io.Writer, sets []*Summariser, metrics []string, weeks []int, diffs []Difference, opt TableOptions) error {
	if len(sets) == 0 {
		return errors.New("results: table needs at least one set")
	}
	if len(diffs) > 0 && len(sets) < 2 {
		return fmt.Errorf("results: table shows differences only between two or more sets, got %d", len(sets))
	}
	base := sets[0]
	if len(base.weeks) == 0 {
		return fmt.Errorf("results: table: scenario %q has no observations", base.meta.Scenario)
	}
	if metrics == nil {
		for _, m := range base.meta.Metrics {
			metrics = append(metrics, m.Name)
		}
	}
	var rows []Metric
	for _, name := range metrics {
		i, ok := base.MetricIndex(name)
		if !ok {
			known := make([]string, len(base.meta.Metrics))
			for j, m := range base.meta.Metrics {
				known[j] = m.Name
			}
			return fmt.Errorf("results: table: unknown metric %q; known: %s", name, strings.Join(known, ", "))
		}
		rows = append(rows, base.meta.Metrics[i])
	}
	last := base.weeks[len(base.weeks)-1]
	if weeks == nil {
		for wk := 52; wk < last; wk += 52 {
			weeks = append(weeks, wk)
		}
		weeks = append(weeks, EndWeek)
	}
	var shown []int // observed weeks of base, in order asked, without repeats
	for _, wk := range weeks {
		if wk == EndWeek {
			wk = last
		}
		i, ok := base.WeekIndex(wk)
		if !ok {
			return fmt.Errorf("results: table: week %d precedes the first observed week %d", wk, base.weeks[0])
		}
		if wk = base.weeks[i]; !containsInt(shown, wk) {
			shown = append(shown, wk)
		}
	}
	showDiff := len(diffs) > 0

	var b strings.Builder
	b.WriteString("Replicates:")
	for i, s := range sets {
		if i > 0 {
			b.WriteString(";")
		}
		fmt.Fprintf(&b, " %s %d", setLabel(s, sets), s.Replicates())
	}
	b.WriteString(". Each cell reads \"mean ±m (90%: lo to hi)\":\n")
	explain := [][2]string{
		{"mean ±m", "the average over replicates ± the half-width of its 95% confidence interval:\n" +
			"how precisely the simulation has estimated the average (more replicates narrow it)."},
		{"90%: lo to hi", "the 5th to 95th percentile over replicates, a 90% prediction interval:\n" +
			"what could happen at a site like this one (more replicates do not narrow it)."},
	}
	if showDiff {
		x, a := "X", setLabel(base, sets)
		if len(sets) == 2 {
			x = setLabel(sets[1], sets)
		}
		explain = append(explain,
			[2]string{x + " − " + a, "the same for the difference, replicate by replicate on common random numbers."},
			[2]string{x + " vs " + a, "the share of those paired runs in which " + x + " is better or worse (higher or lower)."})
	}
	pad := 0
	for _, e := range explain {
		pad = max(pad, utf8.RuneCountInString(e[0]))
	}
	for _, e := range explain {
		indent := strings.Repeat(" ", pad+4)
		first := "  " + e[0] + strings.Repeat(" ", pad-utf8.RuneCountInString(e[0])+2)
		b.WriteString(first + strings.ReplaceAll(e[1], "\n", "\n"+indent) + "\n")
	}
	b.WriteString("\n")

	head := []string{""}
	for _, s := range sets {
		head = append(head, setLabel(s, sets))
	}
	if showDiff {
		for _, s := range sets[1:] {
			head = append(head, setLabel(s, sets)+" − "+setLabel(base, sets), setLabel(s, sets)+" vs "+setLabel(base, sets))
		}
	}
	grid := [][]string{head}
	for _, m := range rows {
		grid = append(grid, []string{metricLabel(m)}) // a section row
		for _, wk := range shown {
			cells := []string{"  " + weekLabel(wk, last)}
			for _, s := range sets {
				mi, ok1 := s.MetricIndex(m.Name)
				wi, ok2 := s.exactWeek(wk)
				if !ok1 || !ok2 {
					cells = append(cells, "-")
					continue
				}
				sm := s.Summary(wi, mi)
				cells = append(cells, spreadCell(sm.N, sm.Mean, sm.Hi, sm.P05, sm.P95))
			}
			if showDiff {
				for _, s := range sets[1:] {
					d, ok := findDiff(diffs, base, s, m.Name, wk)
					if !ok {
						cells = append(cells, "-", "-")
						continue
					}
					cells = append(cells, spreadCell(d.N, d.Diff, d.Hi, d.P05, d.P95), shareCell(d, opt.Better[m.Name]))
				}
			}
			grid = append(grid, cells)
		}
	}
	writeGrid(&b, grid)

	if showDiff {
		b.WriteString("\n")
		fmt.Fprintf(&b, "* the change written beside it (better, worse, higher or lower) held in at least %d%% of paired runs:\n"+
			"  a difference a site could count on, not only one the simulation has estimated precisely.", int(math.Round(Consistent*100)))
		var hi, lo []string
		for _, m := range rows {
			switch opt.Better[m.Name] {
			case HigherBetter:
				hi = append(hi, m.Name)
			case LowerBetter:
				lo = append(lo, m.Name)
			}
		}
		switch {
		case len(hi) > 0 && len(lo) > 0:
			fmt.Fprintf(&b, "\n  Better means higher %s; lower %s.", strings.Join(hi, ", "), strings.Join(lo, ", "))
		case len(hi) > 0:
			fmt.Fprintf(&b, "\n  Better means higher %s.", strings.Join(hi, ", "))
		case len(lo) > 0:
			fmt.Fprintf(&b, "\n  Better means lower %s.", strings.Join(lo, ", "))
		}
		b.WriteString("\n")
		lines := outcomeLines(sets, rows, diffs, opt, last)
		if len(lines) > 0 {
			b.WriteString("\n")
			for _, l := range lines {
				b.WriteString(l + "\n")
			}
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("results: writing table: %w", err)
	}
	return nil
}

// metricLabel is a metric's name with its unit.
func metricLabel(m Metric) string {
	if m.Unit != "" {
		return m.Name + " (" + m.Unit + ")"
	}
	return m.Name
}

// writeGrid writes rows of cells in columns two spaces apart, padded to
// the widest cell of each column counted in characters. A row of one cell
// is a section heading: written whole, it does not widen the first column.
func writeGrid(b *strings.Builder, grid [][]string) {
	var width []int
	for _, row := range grid {
		if len(row) == 1 {
			continue
		}
		for i, c := range row {
			if i == len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, row := range grid {
		var line strings.Builder
		for i, c := range row {
			line.WriteString(c)
			if i < len(row)-1 {
				line.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)+2))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteString("\n")
	}
}

// spreadCell formats a mean, the upper end of its 95% interval and the 5th
// and 95th percentiles as "mean ±half (90%: p5 to p95)", all to the same
// decimals (see alike).
func spreadCell(n int, mean, hi, p05, p95 float64) string {
	switch n {
	case 0:
		return "-"
	case 1:
		return sig3(mean) + " (one replicate)"
	}
	f := alike(mean, hi-mean, p05, p95)
	if strings.Trim(f[1], "0.") == "" && hi > mean {
		// Narrower than the last decimal shown: say so rather than "±0".
		f[1] = "<" + f[1][:len(f[1])-1] + "1"
	}
	return fmt.Sprintf("%s ±%s (90%%: %s to %s)", f[0], f[1], f[2], f[3])
}

// alike formats numbers that are read together to the same decimals: those
// of the first at three significant figures, but at most one more than the
// largest in size needs for three, so that a mean near zero does not drag
// its interval into long strings of digits. Numbers too large or small for
// plain decimals fall back to sig3 each.
func alike(vs ...float64) []string {
	big := 0.0
	for _, v := range vs {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			big = max(big, math.Abs(v))
		}
	}
	out := make([]string, len(vs))
	ref := sig3(big)
	if strings.ContainsAny(ref, "eIN") || big == 0 {
		for i, v := range vs {
			out[i] = sig3(v)
		}
		return out
	}
	decimals := func(s string) int {
		if i := strings.IndexByte(s, '.'); i >= 0 {
			return len(s) - i - 1
		}
		return 0
	}
	dec := decimals(ref)
	if lead := sig3(vs[0]); vs[0] != 0 && !strings.ContainsAny(lead, "eIN") {
		dec = min(decimals(lead), dec+1)
	}
	for i, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			out[i] = sig3(v)
			continue
		}
		s := strconv.FormatFloat(v, 'f', dec, 64)
		if strings.Trim(s, "-0.") == "" {
			s = strings.TrimPrefix(s, "-")
		}
		out[i] = s
	}
	return out
}

// findDiff returns the difference of other against base for a metric at a
// week.
func findDiff(diffs []Difference, base, other *Summariser, metric string, week int) (Difference, bool) {
	a, o := base.meta, other.meta
	for _, d := range diffs {
		if d.Metric != metric || d.Week != week || d.Base != a.Scenario || d.BaseRun != a.Run ||
			d.Other != o.Scenario || d.OtherRun != o.Run || d.N == 0 {
			continue
		}
		return d, true
	}
	return Difference{}, false
}

// change returns the commonest change of the other run against the base
// over paired replicates, in words ("better", "worse", "higher", "lower"
// or "same"), and the share of pairs showing it. Ties between higher and
// lower go to the direction of the mean difference.
func change(d Difference, dir Direction) (word string, share float64) {
	hi, lo, same := d.Higher, d.Lower, d.Same
	if same > hi && same > lo {
		return "same", same
	}
	up := hi > lo || (hi == lo && d.Diff >= 0)
	word, share = "lower", lo
	if up {
		word, share = "higher", hi
	}
	switch {
	case dir == HigherBetter && up, dir == LowerBetter && !up:
		word = "better"
	case dir != NoDirection:
		word = "worse"
	}
	return word, share
}

// percent formats a share as a whole percentage, rounded down so that a
// share below Consistent never reads as at or above it.
func percent(share float64) string {
	return strconv.Itoa(int(math.Floor(share*100+1e-9))) + "%"
}

// shareCell formats the commonest change and its share, starred when the
// share is at least Consistent and the change is not "same".
func shareCell(d Difference, dir Direction) string {
	word, share := change(d, dir)
	s := word + " in " + percent(share)
	if word != "same" && share >= Consistent {
		s += " *"
	}
	return s
}

// outcomeLines returns the plain-language lines for the metrics in
// opt.Lines shown in the table, one per later set and metric.
func outcomeLines(sets []*Summariser, rows []Metric, diffs []Difference, opt TableOptions, last int) []string {
	base := sets[0]
	at := opt.LinesAt
	if at == EndWeek || at == 0 {
		at = last
	}
	i, ok := base.WeekIndex(at)
	if !ok {
		return nil
	}
	week := base.weeks[i]
	when := "By year " + strconv.Itoa(week/52)
	if week%52 != 0 {
		when = "By week " + strconv.Itoa(week)
	}
	var out []string
	for _, s := range sets[1:] {
		for _, name := range opt.Lines {
			j := slices.IndexFunc(rows, func(m Metric) bool { return m.Name == name })
			if j < 0 {
				continue
			}
			d, ok := findDiff(diffs, base, s, name, week)
			if !ok {
				continue
			}
			out = append(out, outcomeLine(when, rows[j], d, opt.Better[name], setLabel(s, sets), setLabel(base, sets)))
		}
	}
	return out
}

// outcomeLine says in words how the other run differs from the base in
// one metric: in what share of paired runs it is better or worse, the
// median paired difference and the range of the middle 90% of pairs.
func outcomeLine(when string, m Metric, d Difference, dir Direction, other, base string) string {
	what := strings.ReplaceAll(m.Name, "_", " ")
	word, share := change(d, dir)
	var verb string
	switch word {
	case "same":
		return fmt.Sprintf("%s, %s in %s is the same as in %s in %s of paired runs.", when, what, other, base, percent(share))
	case "better":
		verb = "higher (better)"
		if dir == LowerBetter {
			verb = "lower (better)"
		}
	case "worse":
		verb = "lower (worse)"
		if dir == LowerBetter {
			verb = "higher (worse)"
		}
	default:
		verb = word
	}
	f := alike(d.Median, d.P05, d.P95)
	for i := range f {
		if strings.HasPrefix(f[i], "-") {
			f[i] = "−" + f[i][1:] // a minus sign, not a hyphen
		}
	}
	return fmt.Sprintf("%s, %s in %s is %s than in %s in %s of paired runs; typical difference %s%s (90%% of paired runs between %s and %s).",
		when, what, other, verb, base, percent(share), f[0], unitWords(m.Unit), f[1], f[2])
}

// unitWords turns a unit into the words that follow a number in a
// sentence.
func unitWords(unit string) string {
	switch unit {
	case "":
		return ""
	case "0-1":
		return " on a 0–1 scale"
	case "share":
		return " as a share (0–1)"
	}
	return " " + unit
}

// setLabel names a set by its scenario, adding the run id when two sets
// share a scenario name.
func setLabel(s *Summariser, sets []*Summariser) string {
	for _, t := range sets {
		if t != s && t.meta.Scenario == s.meta.Scenario {
			return s.meta.Scenario + "#" + strconv.Itoa(s.meta.Run)
		}
	}
	return s.meta.Scenario
}

func weekLabel(week, last int) string {
	var l string
	switch {
	case week == 0:
		l = "start"
	case week%52 == 0:
		l = "year " + strconv.Itoa(week/52)
	default:
		l = "week " + strconv.Itoa(week)
	}
	if week == last {
		l += " (end)"
	}
	return l
}

// sig3 formats v with three significant figures, in plain decimal notation
// unless v is very large or very small.
func sig3(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return strconv.FormatFloat(v, 'g', -1, 64)
	case v == 0:
		return "0"
	}
	a := math.Abs(v)
	if a >= 1e6 || a < 1e-3 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	// Round to three significant figures first (999.7 becomes 1000), then
	// choose the decimals from the rounded magnitude.
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	dec := 2 - int(math.Floor(math.Log10(math.Abs(r))))
	if dec < 0 {
		dec = 0
	}
	s := strconv.FormatFloat(r, 'f', dec, 64)
	if strings.Trim(s, "-0.") == "" {
		return "0"
	}
	return s
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
