package results

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

// EndWeek, passed as a week to WriteTable, stands for the last observed week.
const EndWeek = -1

// WriteTable writes a plain-text table for a terminal from the runs'
// summaries (a "set" below is one run's Summariser): one row per metric
// and week, a column per set showing "mean [lo, hi]", the mean across
// replicates with the 95% confidence interval of the mean, and, when
// differences (from Compare) of the later sets against sets[0] are given, a
// column "diff [lo, hi]" per later set, marked "*" when the interval excludes
// zero. With two sets the column is headed "diff"; with more, "diff NAME".
//
// metrics names the metrics to show; nil means every metric of sets[0].
// weeks lists the weeks to show, EndWeek meaning the last; nil means every
// 52nd week and the end. A week that was not observed is shown at the latest
// observed week before it, found in sets[0]; other sets show "-" where they
// did not observe that week. Weeks that are multiples of 52 are labelled
// "year N", the last observed week also "(end)".
//
// The output depends only on the arguments.
func WriteTable(w io.Writer, sets []*Summariser, metrics []string, weeks []int, diffs []Difference) error {
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

	var b strings.Builder
	fmt.Fprintf(&b, "mean [95%% confidence interval of the mean] across replicates")
	for _, s := range sets {
		fmt.Fprintf(&b, "; %s: %d", setLabel(s, sets), s.Replicates())
	}
	b.WriteString("\n")
	showDiff := len(diffs) > 0
	if showDiff && len(sets) == 2 {
		fmt.Fprintf(&b, "diff = %s - %s on paired replicates (common random numbers); * interval excludes 0\n",
			setLabel(sets[1], sets), setLabel(sets[0], sets))
	} else if showDiff {
		fmt.Fprintf(&b, "diff NAME = NAME - %s on paired replicates (common random numbers); * interval excludes 0\n",
			setLabel(sets[0], sets))
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	head := []string{"metric", "when"}
	for _, s := range sets {
		head = append(head, setLabel(s, sets))
	}
	if showDiff && len(sets) == 2 {
		head = append(head, "diff")
	} else if showDiff {
		for _, s := range sets[1:] {
			head = append(head, "diff "+setLabel(s, sets))
		}
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))

	for _, m := range rows {
		name := m.Name
		if m.Unit != "" {
			name += " (" + m.Unit + ")"
		}
		for _, wk := range shown {
			cells := []string{name, weekLabel(wk, last)}
			for _, s := range sets {
				mi, ok1 := s.MetricIndex(m.Name)
				wi, ok2 := s.exactWeek(wk)
				if !ok1 || !ok2 {
					cells = append(cells, "-")
					continue
				}
				sm := s.Summary(wi, mi)
				n, mean, lo, hi := sm.N, sm.Mean, sm.Lo, sm.Hi
				if n == 0 {
					cells = append(cells, "-")
					continue
				}
				cells = append(cells, fmt.Sprintf("%s [%s, %s]", sig3(mean), sig3(lo), sig3(hi)))
			}
			if showDiff {
				for _, s := range sets[1:] {
					cells = append(cells, diffCell(diffs, sets[0], s, m.Name, wk))
				}
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("results: table: %w", err)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("results: writing table: %w", err)
	}
	return nil
}

func diffCell(diffs []Difference, base, other *Summariser, metric string, week int) string {
	a, o := base.meta, other.meta
	for _, d := range diffs {
		if d.Metric != metric || d.Week != week || d.Base != a.Scenario || d.BaseRun != a.Run ||
			d.Other != o.Scenario || d.OtherRun != o.Run || d.N == 0 {
			continue
		}
		s := fmt.Sprintf("%s [%s, %s]", sig3(d.Diff), sig3(d.Lo), sig3(d.Hi))
		if d.Excludes0 {
			s += " *"
		}
		return s
	}
	return "-"
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
