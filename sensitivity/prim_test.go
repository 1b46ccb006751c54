package sensitivity

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// plantedBox draws n points uniform on [0, 1]^d with outcome of interest
// y = x1 > 0.7 && x2 < 0.3, reported with probability pIn inside the box
// and falsely with probability pOut outside it.
func plantedBox(n, d int, pIn, pOut float64, r *rand.Rand) ([][]float64, []bool) {
	x := make([][]float64, n)
	y := make([]bool, n)
	for k := range x {
		x[k] = make([]float64, d)
		for i := range x[k] {
			x[k][i] = r.Float64()
		}
		if x[k][0] > 0.7 && x[k][1] < 0.3 {
			y[k] = r.Float64() < pIn
		} else {
			y[k] = r.Float64() < pOut
		}
	}
	return x, y
}

// TestPRIMPlantedBox checks that PRIM recovers a planted box with coverage
// and density near their true values: with mass m = 0.09 inside, the true
// box has density pIn and coverage m·pIn/(m·pIn + (1−m)·pOut) = 0.90.
// Peeling runs on past the true box, into it, while noise makes a peel
// look denser, so the chosen box may be a few peels (5% of its points
// each) inside the truth: coverage is allowed to fall to MinCoverage.
func TestPRIMPlantedBox(t *testing.T) {
	const pIn, pOut, m = 0.9, 0.01, 0.09
	wantDensity := pIn
	wantCoverage := m * pIn / (m*pIn + (1-m)*pOut)
	for seed := uint64(1); seed <= 6; seed++ {
		x, y := plantedBox(5000, 5, pIn, pOut, rand.New(rand.NewPCG(seed, 0)))
		res, err := PRIM{MinCoverage: 0.8}.Find(x, nil, y)
		if err != nil {
			t.Fatal(err)
		}
		b := res.Trajectory[res.Chosen]
		if !slices.Equal(b.Restricted, []int{0, 1}) {
			t.Errorf("seed %d: restricted factors %v, want [0 1]", seed, b.Restricted)
		}
		if math.Abs(b.Density-wantDensity) > 0.05 || b.Coverage < 0.8 || b.Coverage > wantCoverage+0.05 {
			t.Errorf("seed %d: density %.3f coverage %.3f, want about %.3f and %.3f", seed, b.Density, b.Coverage, wantDensity, wantCoverage)
		}
		if l := b.Limits[0]; math.Abs(l.Lo-0.7) > 0.04 || l.Hi < 0.99 {
			t.Errorf("seed %d: x1 in [%.3f, %.3f], want [0.7, 1]", seed, l.Lo, l.Hi)
		}
		if l := b.Limits[1]; math.Abs(l.Hi-0.3) > 0.04 || l.Lo > 0.01 {
			t.Errorf("seed %d: x2 in [%.3f, %.3f], want [0, 0.3]", seed, l.Lo, l.Hi)
		}
		checkTrajectory(t, res, x, nil, y)
	}
}

// checkTrajectory checks each box's statistics against a recount and the
// trajectory's shape: peels shrink, pastes grow, the whole space first.
func checkTrajectory(t *testing.T, res PRIMResult, x [][]float64, cat []bool, y []bool) {
	t.Helper()
	hits := 0
	for _, v := range y {
		if v {
			hits++
		}
	}
	if b := res.Trajectory[0]; b.N != len(x) || b.Coverage != 1 || len(b.Restricted) != 0 {
		t.Errorf("first box holds %d of %d points, coverage %g, restricted %v", b.N, len(x), b.Coverage, b.Restricted)
	}
	for j, b := range res.Trajectory {
		n, h := 0, 0
		for k, row := range x {
			in := true
			for i, l := range b.Limits {
				if cat != nil && cat[i] {
					in = in && slices.Contains(l.Levels, row[i])
				} else {
					in = in && row[i] >= l.Lo && row[i] <= l.Hi
				}
			}
			if in {
				n++
				if y[k] {
					h++
				}
			}
		}
		if n != b.N || h != b.Hits || b.Coverage != float64(h)/float64(hits) || b.Density != float64(h)/float64(n) || b.Mass != float64(n)/float64(len(x)) {
			t.Fatalf("box %d: N %d hits %d coverage %g density %g mass %g; recount %d and %d", j, b.N, b.Hits, b.Coverage, b.Density, b.Mass, n, h)
		}
		if b.Mass < DefaultMinMass {
			t.Errorf("box %d: mass %g below the minimum", j, b.Mass)
		}
		if j == 0 {
			continue
		}
		prev := res.Trajectory[j-1]
		if j <= res.Peels && !(b.N < prev.N && b.Density > prev.Density) {
			t.Errorf("peel %d: %d points at density %g after %d at %g", j, b.N, b.Density, prev.N, prev.Density)
		}
		if j > res.Peels && !(b.N > prev.N && b.Density > prev.Density) {
			t.Errorf("paste %d: %d points at density %g after %d at %g", j, b.N, b.Density, prev.N, prev.Density)
		}
	}
}

// TestPRIMCategorical plants the outcome in two of four categories of a
// categorical factor and the upper half of a continuous one.
func TestPRIMCategorical(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	n := 4000
	x := make([][]float64, n)
	y := make([]bool, n)
	for k := range x {
		x[k] = []float64{r.Float64(), float64(r.IntN(4)), r.Float64()}
		c := x[k][1]
		y[k] = x[k][0] > 0.5 && (c == 1 || c == 2) && r.Float64() < 0.95
	}
	cat := []bool{false, true, false}
	res, err := PRIM{MinCoverage: 0.7}.Find(x, cat, y)
	if err != nil {
		t.Fatal(err)
	}
	b := res.Trajectory[res.Chosen]
	if !reflect.DeepEqual(b.Limits[1].Levels, []float64{1, 2}) {
		t.Errorf("categories %v, want [1 2]", b.Limits[1].Levels)
	}
	if math.Abs(b.Limits[0].Lo-0.5) > 0.03 || !slices.Equal(b.Restricted, []int{0, 1}) {
		t.Errorf("x1 from %.3f, restricted %v", b.Limits[0].Lo, b.Restricted)
	}
	if b.Density < 0.9 || b.Coverage < 0.9 {
		t.Errorf("density %.3f, coverage %.3f", b.Density, b.Coverage)
	}
	checkTrajectory(t, res, x, cat, y)
}

func TestPRIMDeterministic(t *testing.T) {
	x, y := plantedBox(1000, 3, 0.8, 0.05, rand.New(rand.NewPCG(8, 8)))
	a, _ := PRIM{}.Find(x, nil, y)
	b, _ := PRIM{}.Find(x, nil, y)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same data gave different trajectories")
	}
}

func TestPRIMErrors(t *testing.T) {
	x := [][]float64{{0, 1}, {1, 0}}
	for _, tc := range []struct {
		name string
		p    PRIM
		x    [][]float64
		cat  []bool
		y    []bool
		want string
	}{
		{"no points", PRIM{}, nil, nil, nil, "needs points"},
		{"outcomes", PRIM{}, x, nil, []bool{true}, "2 points but 1 outcomes"},
		{"ragged", PRIM{}, [][]float64{{0, 1}, {1}}, nil, []bool{true, false}, "point 1 has 1 values"},
		{"NaN", PRIM{}, [][]float64{{0, 1}, {math.NaN(), 0}}, nil, []bool{true, false}, "point 1, factor 0 is NaN"},
		{"flags", PRIM{}, x, []bool{true}, []bool{true, false}, "1 categorical flags"},
		{"nothing of interest", PRIM{}, x, nil, []bool{false, false}, "no point is of interest"},
		{"alpha", PRIM{PeelAlpha: 0.6}, x, nil, []bool{true, false}, "peel alpha 0.6"},
		{"mass", PRIM{MinMass: 1}, x, nil, []bool{true, false}, "minimum mass 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.p.Find(tc.x, tc.cat, tc.y)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "sensitivity: ") {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCuts(t *testing.T) {
	v := []float64{1, 2, 2, 2, 3, 4, 5, 6, 7, 8, 9}
	// As the EMA Workbench's get_quantile: rank (n−1)·a, then halfway to
	// the next distinct value, so that ties stay on one side.
	for _, tc := range []struct {
		cut  func([]float64, float64) float64
		a    float64
		want float64
	}{
		{lowerCut, 0.05, 1.5}, // rank 0.5: between 1 and 2
		{lowerCut, 0.1, 2.5},  // rank 1 is a 2, tied up to rank 3
		{lowerCut, 0.2, 2.5},
		{upperCut, 0.95, 8.5}, // rank 9.5: between 8 and 9
		{upperCut, 0.9, 7.5},  // rank 9 is 8: halfway down to 7
	} {
		if got := tc.cut(v, tc.a); got != tc.want {
			t.Errorf("cut at %g = %g, want %g", tc.a, got, tc.want)
		}
	}
	if got := upperCut([]float64{3, 3, 3}, 0.9); got != 3 {
		t.Errorf("upperCut of ties = %g, want 3", got)
	}
}

// TestBinomialUpper checks the tail against sums of the binomial
// probabilities.
func TestBinomialUpper(t *testing.T) {
	for _, tc := range []struct {
		h, n int
		p    float64
	}{{0, 10, 0.3}, {1, 10, 0.3}, {5, 10, 0.3}, {10, 10, 0.3}, {3, 20, 0.05}, {15, 40, 0.2}} {
		var want float64
		for k := tc.h; k <= tc.n; k++ {
			want += math.Exp(lchoose(tc.n, k) + float64(k)*math.Log(tc.p) + float64(tc.n-k)*math.Log(1-tc.p))
		}
		if got := binomialUpper(tc.h, tc.n, tc.p); math.Abs(got-want) > 1e-12 {
			t.Errorf("P(X ≥ %d | n=%d, p=%g) = %g, want %g", tc.h, tc.n, tc.p, got, want)
		}
	}
}

func lchoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}
