package results

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/joinedup/joinedup/sim"
)

// pairTrajectories returns n pairs of one-week, two-metric replicates: a
// whole number of events (so pairs tie often) and a continuous score, the
// other run's values shifted and jittered from the base's, with a NaN in
// some pairs.
func pairTrajectories(n int) (base, other []*sim.Trajectory) {
	r := rand.New(rand.NewPCG(7, 11))
	for i := range n {
		events := math.Floor(10 * r.Float64())
		score := r.NormFloat64()
		a := &sim.Trajectory{Replicate: i, Width: 2, Ticks: []sim.Tick{52}, Values: []float64{events, score}}
		oe := events + math.Floor(3*r.Float64()) - 1 // -1, 0 or +1
		os := score + 0.3 + 0.5*r.NormFloat64()
		if i%17 == 3 {
			os = math.NaN()
		}
		b := &sim.Trajectory{Replicate: i, Width: 2, Ticks: []sim.Tick{52}, Values: []float64{oe, os}}
		base, other = append(base, a), append(other, b)
	}
	return base, other
}

// TestPairsShares checks the shares of pairs above, equal and below, and
// the percentiles of the differences, against a direct count over the
// pairs, both while the percentiles are exact and once P² estimates them.
func TestPairsShares(t *testing.T) {
	ms := metrics("events", "score")
	for _, n := range []int{40, ExactUpTo, 3000} {
		base, other := pairTrajectories(n)
		p := NewPairs(Meta{Scenario: "a", Metrics: ms}, Meta{Scenario: "b", Run: 1, Metrics: ms}, []int{52})
		for i := range base {
			if err := p.Add(base[i], other[i]); err != nil {
				t.Fatal(err)
			}
		}
		for m, d := range p.Differences() {
			var higher, same, lower int
			var ds []float64
			for i := range base {
				x, y := base[i].Values[m], other[i].Values[m]
				if math.IsNaN(x) || math.IsNaN(y) {
					continue
				}
				switch {
				case y > x:
					higher++
				case y == x:
					same++
				default:
					lower++
				}
				ds = append(ds, y-x)
			}
			used := higher + same + lower
			if d.N != used {
				t.Fatalf("n=%d %s: N %d, counted %d pairs", n, d.Metric, d.N, used)
			}
			if m == 0 && (same == 0 || higher == 0 || lower == 0) {
				t.Fatalf("n=%d: the events metric should have ties and changes both ways; got %d/%d/%d", n, higher, same, lower)
			}
			share := func(k int) float64 { return float64(k) / float64(used) }
			if d.Higher != share(higher) || d.Same != share(same) || d.Lower != share(lower) {
				t.Errorf("n=%d %s: shares higher %v same %v lower %v, counted %v %v %v",
					n, d.Metric, d.Higher, d.Same, d.Lower, share(higher), share(same), share(lower))
			}
			slices.Sort(ds)
			for i, q := range []float64{d.P05, d.Median, d.P95} {
				prob := DiffProbs[i]
				if n <= ExactUpTo {
					want := ds[int(math.Ceil(prob*float64(len(ds))))-1] // the empirical quantile
					if q != want {
						t.Errorf("n=%d %s: percentile %g of the differences %v, want %v", n, d.Metric, prob, q, want)
					}
					continue
				}
				// P² estimate: the share of differences at or below it,
				// against the probability (ties make a whole-number
				// metric's share jump, so it is checked on the score only).
				if m == 1 {
					k, _ := slices.BinarySearch(ds, math.Nextafter(q, math.Inf(1)))
					if got := float64(k) / float64(len(ds)); math.Abs(got-prob) > 0.01 {
						t.Errorf("n=%d score: percentile %g estimated at %v, which %.4f of the differences are at or below", n, prob, q, got)
					}
				}
			}
		}
	}
}

// TestPairsMatchesCompare checks that the streaming shares and percentiles
// equal those Compare computes from the held replicates.
func TestPairsMatchesCompare(t *testing.T) {
	ms := metrics("events", "score")
	base, other := pairTrajectories(100)
	ma, mb := Meta{Scenario: "a", Metrics: ms, Start: start}, Meta{Scenario: "b", Run: 1, Metrics: ms, Start: start}
	p := NewPairs(ma, mb, []int{52})
	var ra, rb []rep
	for i := range base {
		if err := p.Add(base[i], other[i]); err != nil {
			t.Fatal(err)
		}
		ra = append(ra, rep{weeks: []int{52}, rows: [][]float64{base[i].Values}})
		rb = append(rb, rep{weeks: []int{52}, rows: [][]float64{other[i].Values}})
	}
	sa, _ := record(t, ma, ra)
	sb, _ := record(t, mb, rb)
	want, err := Compare(sa.Set(), sb.Set())
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range p.Differences() {
		w := want[i]
		if d.Higher != w.Higher || d.Same != w.Same || d.Lower != w.Lower || d.P05 != w.P05 || d.Median != w.Median || d.P95 != w.P95 {
			t.Errorf("%s: Pairs gives higher %v same %v percentiles %v %v %v; Compare %v %v %v %v %v",
				d.Metric, d.Higher, d.Same, d.P05, d.Median, d.P95, w.Higher, w.Same, w.P05, w.Median, w.P95)
		}
	}
}

// TestChangeDirection checks that better and worse follow each metric's
// direction, that metrics without one read higher or lower, and that the
// star needs at least Consistent of the pairs.
func TestChangeDirection(t *testing.T) {
	up := Difference{N: 100, Diff: 1, Higher: 0.93, Same: 0.02, Lower: 0.05}   // higher in 93%
	down := Difference{N: 100, Diff: -1, Higher: 0.05, Same: 0.05, Lower: 0.9} // lower in 90%
	justUnder := Difference{N: 10000, Diff: -1, Higher: 0.1001, Lower: 0.8999} // lower in 89.99%
	tied := Difference{N: 100, Diff: 0, Higher: 0.2, Same: 0.6, Lower: 0.2}    // the same in 60%
	tests := []struct {
		d    Difference
		dir  Direction
		want string
	}{
		{up, HigherBetter, "better in 93% *"},
		{up, LowerBetter, "worse in 93% *"},
		{up, NoDirection, "higher in 93% *"},
		{down, HigherBetter, "worse in 90% *"},
		{down, LowerBetter, "better in 90% *"},
		{down, NoDirection, "lower in 90% *"},
		{justUnder, LowerBetter, "better in 89%"},
		{tied, HigherBetter, "same in 60%"},
	}
	for _, tt := range tests {
		if got := shareCell(tt.d, tt.dir); got != tt.want {
			t.Errorf("shareCell(higher %v same %v, %v) = %q, want %q", tt.d.Higher, tt.d.Same, tt.dir, got, tt.want)
		}
	}

	// A line on a metric where lower is better: less waiting reads as better.
	wait := Metric{Name: "weeks_to_intervention", Unit: "weeks"}
	d := down
	d.Median, d.P05, d.P95 = -2.5, -4, -0.5
	got := outcomeLine("By year 3", wait, d, LowerBetter, "b", "a")
	want := "By year 3, weeks to intervention in b is lower (better) than in a in 90% of paired runs; " +
		"typical difference −2.50 weeks (90% of paired runs between −4.00 and −0.50)."
	if got != want {
		t.Errorf("line\n%s\nwant\n%s", got, want)
	}
	if got := outcomeLine("By year 3", wait, d, HigherBetter, "b", "a"); !strings.Contains(got, "lower (worse)") {
		t.Errorf("line with higher better: %s", got)
	}
}
