package results

import (
	"fmt"
	"math"
	"sort"

	"github.com/joinedup/joinedup/sim"
)

// A Summariser accumulates the Summary of every metric at every observed
// week of one run, one replicate at a time, in memory that does not grow
// with the number of replicates: Welford's running moments for the mean,
// standard deviation and interval, and a Quantiles per cell for the
// percentiles (exact up to ExactUpTo replicates, P² after).
type Summariser struct {
	meta  Meta
	weeks []int
	cells []sumCell // row by row as in a trajectory: week w, metric m at w*len(metrics)+m
	n     int
	wants wantTable // the percentile markers' desired positions, shared by the cells
}

type sumCell struct {
	w Welford
	q quant
}

// NewSummariser returns an empty Summariser for the run m observed at the
// given weeks (increasing).
func NewSummariser(m Meta, weeks []int) *Summariser {
	m.Metrics = append([]Metric(nil), m.Metrics...)
	s := &Summariser{meta: m, weeks: append([]int(nil), weeks...)}
	s.cells = make([]sumCell, len(weeks)*len(m.Metrics))
	return s
}

// SummariseSet returns a Summariser holding every replicate of set, in the
// order held.
func SummariseSet(set *Set) *Summariser {
	s := NewSummariser(set.meta, set.weeks)
	for _, v := range set.vals {
		s.addRow(v)
	}
	return s
}

// Add adds one replicate. Its ticks must be the Summariser's weeks and its
// rows hold one value per metric. A NaN is a metric with nothing to
// measure (no cases closed, say) and is left out of the summary; an
// infinite value is an error, naming the metric and week, since it means a
// value of the scenario overflowed the model's arithmetic, and its mean
// and intervals would be meaningless.
func (s *Summariser) Add(tr *sim.Trajectory) error {
	if err := checkTrajectory(s.meta, s.weeks, tr); err != nil {
		return err
	}
	for i, v := range tr.Values {
		if math.IsInf(v, 0) {
			m := s.meta.Metrics[i%len(s.meta.Metrics)]
			return fmt.Errorf("results: scenario %q replicate %d week %d: %s is %v: a value of the scenario is too large for the model's arithmetic (look at costs, counts and referrals); nothing is summarised",
				s.meta.Scenario, tr.Replicate, s.weeks[i/len(s.meta.Metrics)], m.Name, v)
		}
	}
	s.addRow(tr.Values)
	return nil
}

func (s *Summariser) addRow(vals []float64) {
	for i, v := range vals {
		c := &s.cells[i]
		c.w.Add(v)
		c.q.addWith(v, SummaryProbs, &s.wants)
	}
	s.n++
}

func checkTrajectory(m Meta, weeks []int, tr *sim.Trajectory) error {
	if tr.Width != len(m.Metrics) {
		return fmt.Errorf("results: scenario %q replicate %d: trajectory rows hold %d values, meta lists %d metrics", m.Scenario, tr.Replicate, tr.Width, len(m.Metrics))
	}
	if !sameWeeks(weeks, tr.Ticks) || len(tr.Values) != len(weeks)*tr.Width {
		return fmt.Errorf("results: scenario %q replicate %d: observed weeks differ from the run's", m.Scenario, tr.Replicate)
	}
	return nil
}

// Meta describes the run.
func (s *Summariser) Meta() Meta { return s.meta }

// Metrics returns the metrics in row order.
func (s *Summariser) Metrics() []Metric { return append([]Metric(nil), s.meta.Metrics...) }

// Weeks returns the observed weeks, increasing.
func (s *Summariser) Weeks() []int { return append([]int(nil), s.weeks...) }

// Replicates is the number of replicates added.
func (s *Summariser) Replicates() int { return s.n }

// MetricIndex returns the index of the metric with the given name.
func (s *Summariser) MetricIndex(name string) (int, bool) {
	for i, m := range s.meta.Metrics {
		if m.Name == name {
			return i, true
		}
	}
	return 0, false
}

// WeekIndex returns the index of the latest observed week at or before
// week, and false if week precedes the first observed week.
func (s *Summariser) WeekIndex(week int) (int, bool) {
	i := sort.SearchInts(s.weeks, week+1) - 1
	return i, i >= 0
}

func (s *Summariser) exactWeek(week int) (int, bool) {
	i := sort.SearchInts(s.weeks, week)
	return i, i < len(s.weeks) && s.weeks[i] == week
}

// Summary returns the summary of metric m at the w'th observed week.
func (s *Summariser) Summary(w, m int) Summary {
	c := &s.cells[w*len(s.meta.Metrics)+m]
	sm := Summary{
		Scenario: s.meta.Scenario, Run: s.meta.Run, Week: s.weeks[w],
		Date: dateOf(s.meta.Start, s.weeks[w]), Metric: s.meta.Metrics[m].Name,
		N: c.w.N(), Mean: c.w.Mean(), SD: c.w.SD(),
	}
	sm.Lo, sm.Hi = c.w.Interval()
	q := c.q.all(SummaryProbs)
	sm.P025, sm.P05, sm.P95, sm.P975 = q[0], q[1], q[2], q[3]
	return sm
}

// Summaries returns every summary, ordered by metric (in row order) and
// then by week, as Summarise orders them.
func (s *Summariser) Summaries() []Summary {
	out := make([]Summary, 0, len(s.cells))
	for m := range s.meta.Metrics {
		for w := range s.weeks {
			out = append(out, s.Summary(w, m))
		}
	}
	return out
}

// Pairs accumulates the paired differences other − base of every metric
// the two runs share at every observed week, one replicate pair at a
// time, in memory that does not grow with the number of pairs (Welford's
// running moments of the differences, counts of pairs above and equal, and
// a Quantiles of the differences). It gives the Differences that
// Compare gives on the same replicates, up to rounding in the last digits.
type Pairs struct {
	base, other Meta
	weeks       []int
	idx         [][2]int // metric indexes in base and other, in base's order
	cells       []pairCell
}

type pairCell struct {
	d      Welford
	sa, sb float64 // sums of base and other over the pairs used
	st     pairStats
}

// NewPairs returns empty paired differences of other against base, both
// observed at weeks.
func NewPairs(base, other Meta, weeks []int) *Pairs {
	p := &Pairs{base: base, other: other, weeks: append([]int(nil), weeks...)}
	for i, m := range base.Metrics {
		for j, n := range other.Metrics {
			if m.Name == n.Name {
				p.idx = append(p.idx, [2]int{i, j})
				break
			}
		}
	}
	p.cells = make([]pairCell, len(p.idx)*len(weeks))
	return p
}

// Add adds one pair of replicates run on the same random numbers. A pair
// of values is skipped where either is NaN.
func (p *Pairs) Add(a, b *sim.Trajectory) error {
	if err := checkTrajectory(p.base, p.weeks, a); err != nil {
		return err
	}
	if err := checkTrajectory(p.other, p.weeks, b); err != nil {
		return err
	}
	if a.Replicate != b.Replicate || a.Stream != b.Stream {
		return fmt.Errorf("results: pairing replicate %d of stream %d with replicate %d of stream %d", a.Replicate, a.Stream, b.Replicate, b.Stream)
	}
	na, nb := a.Width, b.Width
	for k, ij := range p.idx {
		for w := range p.weeks {
			x, y := a.Values[w*na+ij[0]], b.Values[w*nb+ij[1]]
			if x != x || y != y { // NaN
				continue
			}
			c := &p.cells[k*len(p.weeks)+w]
			c.d.Add(y - x)
			c.sa += x
			c.sb += y
			c.st.add(x, y)
		}
	}
	return nil
}

// Differences returns the differences, ordered by metric (in base's order)
// and then by week.
func (p *Pairs) Differences() []Difference {
	out := make([]Difference, 0, len(p.cells))
	for k, ij := range p.idx {
		for w, week := range p.weeks {
			c := &p.cells[k*len(p.weeks)+w]
			d := Difference{
				Base: p.base.Scenario, BaseRun: p.base.Run, Other: p.other.Scenario, OtherRun: p.other.Run,
				Week: week, Date: dateOf(p.base.Start, week), Metric: p.base.Metrics[ij[0]].Name,
				N: c.d.N(), Diff: c.d.Mean(), SD: c.d.SD(),
			}
			d.Lo, d.Hi = c.d.Interval()
			d.MeanBase, d.MeanOther = c.sa/float64(d.N), c.sb/float64(d.N)
			d.Excludes0 = d.N >= 2 && (d.Lo > 0 || d.Hi < 0)
			c.st.fill(&d)
			out = append(out, d)
		}
	}
	return out
}
