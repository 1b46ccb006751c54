package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
)

// Difference compares one metric at one week between two runs, replicate
// by replicate. Runs on the same seed and stream share their random numbers
// (common random numbers), so pairing replicates removes the noise the two
// runs have in common and the interval reflects only the effect of what
// differs between the scenarios. On independent streams the paired interval
// is still valid, only wider.
//
// A pair is skipped when either value is NaN; N counts the pairs used and
// MeanBase and MeanOther are means over those pairs, so Diff equals
// MeanOther-MeanBase up to rounding.
type Difference struct {
	Base      string  // scenario name of the base run
	BaseRun   int     // run id of the base run
	Other     string  // scenario name of the other run
	OtherRun  int     // run id of the other run
	Week      int     // observed week
	Date      string  // YYYY-MM-DD of Week, from the base run's start date
	Metric    string  // metric name
	N         int     // replicate pairs used
	MeanBase  float64 // mean of the base run
	MeanOther float64 // mean of the other run
	Diff      float64 // mean of per-replicate differences other - base
	SD        float64 // sample standard deviation of the differences
	Lo, Hi    float64 // 95% t interval of Diff; equal to Diff when N == 1
	Excludes0 bool    // N >= 2 and the interval lies wholly above or below 0

	// Higher, Same and Lower are the shares of pairs in which the other
	// run's value is above the base run's, equal to it and below it; NaN
	// when N == 0.
	Higher, Same, Lower float64
	// P05, Median and P95 are the 5th, 50th and 95th percentiles of the
	// per-replicate differences other − base (as Quantiles estimates
	// them): the typical difference and the range nine pairs in ten fall
	// in.
	P05, Median, P95 float64
}

// DiffProbs are the percentiles of the paired differences every Difference
// reports: 5, 50 and 95.
var DiffProbs = []float64{0.05, 0.5, 0.95}

// pairStats accumulates the order statistics of paired differences: the
// counts of pairs above and equal, and the percentiles of the differences.
type pairStats struct {
	n, higher, same, lower int
	q                      quant
}

func (s *pairStats) add(base, other float64) {
	s.n++
	switch {
	case other > base:
		s.higher++
	case other == base:
		s.same++
	default:
		s.lower++
	}
	s.q.add(other-base, DiffProbs)
}

// fill sets the shares and percentiles of d.
func (s *pairStats) fill(d *Difference) {
	if s.n == 0 {
		d.Higher, d.Same, d.Lower = math.NaN(), math.NaN(), math.NaN()
	} else {
		n := float64(s.n)
		d.Higher, d.Same, d.Lower = float64(s.higher)/n, float64(s.same)/n, float64(s.lower)/n
	}
	q := s.q.all(DiffProbs)
	d.P05, d.Median, d.P95 = q[0], q[1], q[2]
}

// Compare computes paired differences b - a for every metric named in both
// sets (in a's order) at every week observed in both (in increasing order).
// Both sets must hold the same replicate numbers in the same order.
func Compare(a, b *Set) ([]Difference, error) {
	if a.Replicates() != b.Replicates() {
		return nil, fmt.Errorf("results: compare %q with %q: %d replicates against %d; paired comparison needs equal counts",
			a.meta.Scenario, b.meta.Scenario, a.Replicates(), b.Replicates())
	}
	for i, r := range a.reps {
		if b.reps[i] != r {
			return nil, fmt.Errorf("results: compare %q with %q: replicate %d held at position %d in one run and %d in the other",
				a.meta.Scenario, b.meta.Scenario, r, i, b.reps[i])
		}
	}
	var out []Difference
	var ca, cb, ds []float64
	for ma, mt := range a.meta.Metrics {
		mb, ok := b.MetricIndex(mt.Name)
		if !ok {
			continue
		}
		for wa, week := range a.weeks {
			wb, ok := b.exactWeek(week)
			if !ok {
				continue
			}
			ca = a.column(ca, wa, ma)
			cb = b.column(cb, wb, mb)
			ds = ds[:0]
			var sa, sb float64
			var ps pairStats
			for i := range ca {
				if math.IsNaN(ca[i]) || math.IsNaN(cb[i]) {
					continue
				}
				sa += ca[i]
				sb += cb[i]
				ds = append(ds, cb[i]-ca[i])
				ps.add(ca[i], cb[i])
			}
			d := Difference{
				Base: a.meta.Scenario, BaseRun: a.meta.Run,
				Other: b.meta.Scenario, OtherRun: b.meta.Run,
				Week: week, Date: a.Date(wa), Metric: mt.Name,
			}
			d.N, d.Diff, d.SD, d.Lo, d.Hi = meanInterval(ds)
			d.MeanBase, d.MeanOther = sa/float64(d.N), sb/float64(d.N)
			d.Excludes0 = d.N >= 2 && (d.Lo > 0 || d.Hi < 0)
			ps.fill(&d)
			out = append(out, d)
		}
	}
	return out, nil
}

// ComparisonHeader lists the columns written by WriteComparisonCSV.
var ComparisonHeader = []string{"base", "base_run", "other", "other_run", "week", "date", "metric", "n",
	"mean_base", "mean_other", "diff", "sd", "ci_lo", "ci_hi", "excludes_0",
	"share_higher", "share_same", "share_lower", "diff_p5", "diff_median", "diff_p95"}

// WriteComparisonCSV writes differences as CSV with a header row, one row
// per Difference in the order given. share_higher, share_same and
// share_lower are the shares of replicate pairs in which the other run's
// value is above, equal to and below the base run's; diff_p5, diff_median
// and diff_p95 are percentiles of the paired differences.
func WriteComparisonCSV(w io.Writer, diffs []Difference) error {
	cw := csv.NewWriter(w)
	cw.Write(ComparisonHeader)
	for _, d := range diffs {
		cw.Write([]string{
			d.Base, itoa(d.BaseRun), d.Other, itoa(d.OtherRun), itoa(d.Week), d.Date, d.Metric, itoa(d.N),
			ftoa(d.MeanBase), ftoa(d.MeanOther), ftoa(d.Diff), ftoa(d.SD), ftoa(d.Lo), ftoa(d.Hi),
			strconv.FormatBool(d.Excludes0),
			ftoa(d.Higher), ftoa(d.Same), ftoa(d.Lower), ftoa(d.P05), ftoa(d.Median), ftoa(d.P95),
		})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("results: writing comparison CSV: %w", err)
	}
	return nil
}
