package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"sync"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Summary describes one metric at one observed week across the replicates
// of a run.
//
// NaN values are skipped: N counts the values used, and every statistic is
// computed over those. With N == 0 every statistic is NaN. With N == 1 the
// standard deviation is 0 and the interval and percentiles collapse to the
// single value.
type Summary struct {
	Scenario string
	Run      int
	Week     int
	Date     string // YYYY-MM-DD
	Metric   string
	N        int     // non-NaN replicate values used
	Mean     float64 // mean across replicates
	SD       float64 // sample standard deviation (denominator N-1)
	Lo, Hi   float64 // 95% confidence interval of the mean, Student's t with N-1 degrees of freedom
	// Percentiles of the replicate values: empirical up to ExactUpTo
	// replicates, P² estimates beyond (see Quantiles).
	P025, P05, P95, P975 float64
}

// Summarise summarises every metric at every observed week of s, ordered by
// metric (in s's order) and then by week. It gives what a Summariser fed
// the same replicates gives.
func Summarise(s *Set) []Summary {
	return SummariseSet(s).Summaries()
}

// dropNaN removes NaN values from x in place.
func dropNaN(x []float64) []float64 {
	return slices.DeleteFunc(x, math.IsNaN)
}

// meanInterval returns the count, mean, sample standard deviation and the
// 95% t interval of the mean of x, which holds no NaN.
func meanInterval(x []float64) (n int, mean, sd, lo, hi float64) {
	n = len(x)
	switch n {
	case 0:
		nan := math.NaN()
		return 0, nan, nan, nan, nan
	case 1:
		return 1, x[0], 0, x[0], x[0]
	}
	mean, sd = stat.MeanStdDev(x, nil)
	half := tQuantile975(n-1) * sd / math.Sqrt(float64(n))
	return n, mean, sd, mean - half, mean + half
}

// tQuantile975 returns the 97.5th percentile of Student's t distribution
// with df degrees of freedom. No sampling happens, so no Src is needed.
//
// A run's summaries ask for the same few df thousands of times (every
// week and metric of 1,000 replicates has df 999), and the inverse
// incomplete beta behind the quantile costs microseconds, so the answers
// are remembered: the value for a df is the same bits whether computed or
// recalled.
func tQuantile975(df int) float64 {
	if v, ok := tq975.Load(df); ok {
		return v.(float64)
	}
	v := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.975)
	tq975.Store(df, v)
	return v
}

// tq975 remembers tQuantile975 by degrees of freedom. It is bounded by the
// largest number of replicates asked for, one entry per df seen.
var tq975 sync.Map

// SummaryHeader lists the columns written by WriteSummaryCSV.
var SummaryHeader = []string{"scenario", "run", "week", "date", "metric", "n", "mean", "sd", "ci_lo", "ci_hi", "p2.5", "p5", "p95", "p97.5"}

// WriteSummaryCSV writes summaries as CSV with a header row, one row per
// Summary in the order given.
func WriteSummaryCSV(w io.Writer, sums []Summary) error {
	cw := csv.NewWriter(w)
	cw.Write(SummaryHeader)
	for _, s := range sums {
		cw.Write([]string{
			s.Scenario, itoa(s.Run), itoa(s.Week), s.Date, s.Metric, itoa(s.N),
			ftoa(s.Mean), ftoa(s.SD), ftoa(s.Lo), ftoa(s.Hi), ftoa(s.P025), ftoa(s.P05), ftoa(s.P95), ftoa(s.P975),
		})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("results: writing summary CSV: %w", err)
	}
	return nil
}

func itoa(i int) string     { return strconv.Itoa(i) }
func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
func utoa(u uint64) string  { return strconv.FormatUint(u, 10) }

// MeanInterval returns the number of non-NaN values in x, their mean,
// sample standard deviation and the 95% t interval of the mean. x is not
// changed.
func MeanInterval(x []float64) (n int, mean, sd, lo, hi float64) {
	return meanInterval(dropNaN(slices.Clone(x)))
}
