package experiment

import (
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/joinedup/joinedup/sensitivity"
	"github.com/joinedup/joinedup/sim"
)

// AnalyseOptions set how AnalyseSweep analyses a merged sweep folder.
type AnalyseOptions struct {
	// Resamples is the number of bootstrap resamples behind the intervals
	// on Sobol indices and Morris μ*; 0 means sensitivity.DefaultResamples.
	Resamples int
	// Bins is the number of bins of outcome-vs-factor curves; 0 lets
	// sensitivity.Curve choose.
	Bins int
	// PRIM, if not empty, asks for scenario discovery: the points whose
	// outcome statistic meets the condition, such as
	// "cohesion@156 < 0.5", are the cases of interest.
	PRIM string
}

// SweepAnalysis holds the analyses of a merged sweep, as tidy rows.
type SweepAnalysis struct {
	Info   *SweepInfo
	Sobol  []SobolRow
	Morris []MorrisRow
	Curves []CurveRow
	PRIM   *PRIMAnalysis
	// Notes says which analyses were left out and why.
	Notes []string
}

// SobolRow is one factor's Sobol indices for one outcome.
type SobolRow struct {
	Outcome, Factor, Role          string
	S1, S1Lo, S1Hi, ST, STLo, STHi float64
}

// MorrisRow is one factor's elementary effects for one outcome.
type MorrisRow struct {
	Outcome, Factor, Role          string
	Mu, MuStar, MuStarLo, MuStarHi float64
	Sigma                          float64
	N                              int
}

// CurveRow is one bin of an outcome-vs-factor curve.
type CurveRow struct {
	Outcome, Factor    string
	Lo, Hi             float64
	N                  int
	Mean, Lower, Upper float64
}

// PRIMAnalysis is the result of a PRIM search.
type PRIMAnalysis struct {
	Condition string
	Outcome   string
	Cases     int // points meeting the condition
	Points    int // points with a value of the outcome
	Result    sensitivity.PRIMResult
	Factors   []FactorInfo
}

// analyseStream is the sim stream the bootstrap draws from.
const analyseStream = 1<<62 + 1

// AnalyseSweep reads a merged sweep folder (points.csv and design.csv) and
// computes, for every outcome: Sobol first-order and total indices with
// bootstrap intervals (a sobol design), Morris μ, μ* and σ with a
// bootstrap interval on μ* (a morris design), outcome-vs-factor curves
// with bands (any design), and, when asked, a PRIM box. The bootstrap is
// seeded from the sweep's seed, so the same folder gives the same
// analysis.
func AnalyseSweep(dir string, o AnalyseOptions) (*SweepAnalysis, error) {
	in, err := ReadSweepInfo(dir)
	if err != nil {
		return nil, fmt.Errorf("experiment: %s is not a sweep folder: %w", dir, err)
	}
	design, err := readCSV(filepath.Join(dir, designFileName))
	if err != nil {
		return nil, err
	}
	pts, err := readCSV(filepath.Join(dir, PointsTable))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("experiment: %s has no %s: merge the sweep first (joinedup sweep merge)", dir, PointsTable)
		}
		return nil, err
	}
	k, np := len(in.Factors), in.Points
	if len(design) != np+1 || len(design[0]) != 1+2*k {
		return nil, fmt.Errorf("experiment: %s does not match %s", filepath.Join(dir, designFileName), SweepInfoName)
	}
	// Factor values (level indices for categorical factors) and unit
	// coordinates of each point.
	x := make([][]float64, np)
	unit := sensitivity.Design{Dim: k, Points: make([]float64, 0, np*k)}
	for p := range np {
		row := design[p+1]
		x[p] = make([]float64, k)
		for i := range k {
			f := in.Factors[i]
			t := row[1+i]
			if f.Categorical {
				x[p][i] = math.NaN()
				for l, lv := range f.Levels {
					if lv == t {
						x[p][i] = float64(l)
					}
				}
			} else {
				x[p][i], err = strconv.ParseFloat(t, 64)
			}
			u, err2 := strconv.ParseFloat(row[1+k+i], 64)
			if err != nil || err2 != nil || math.IsNaN(x[p][i]) {
				return nil, fmt.Errorf("experiment: %s: point %d: bad value for %s", designFileName, p, f.Name)
			}
			unit.Points = append(unit.Points, u)
		}
	}
	// Each outcome's statistic at each point.
	y := map[string][]float64{}
	for _, oc := range in.Outcomes {
		v := make([]float64, np)
		for p := range v {
			v[p] = math.NaN()
		}
		y[oc.Name] = v
	}
	col := map[string]int{}
	for i, h := range pts[0] {
		col[h] = i
	}
	for _, row := range pts[1:] {
		p, err := strconv.Atoi(row[0])
		v, ok := y[row[col["outcome"]]]
		if err != nil || p < 0 || p >= np || !ok {
			return nil, fmt.Errorf("experiment: %s: unexpected row %v", PointsTable, row)
		}
		if t := row[col["value"]]; t != "" {
			if v[p], err = strconv.ParseFloat(t, 64); err != nil {
				return nil, fmt.Errorf("experiment: %s: point %d: %q is not a number", PointsTable, p, t)
			}
		}
	}

	a := &SweepAnalysis{Info: in}
	b := sensitivity.Bootstrap{Resamples: o.Resamples}
	for _, oc := range in.Outcomes {
		yv := y[oc.Name]
		missing := 0
		for _, v := range yv {
			if math.IsNaN(v) {
				missing++
			}
		}
		r := rand.New(rand.NewPCG(sim.SeedFor(in.Seed, analyseStream), 0))
		switch in.Design {
		case "sobol":
			if missing > 0 {
				a.Notes = append(a.Notes, fmt.Sprintf("Sobol indices of %s left out: %d of %d points have no value", oc.Name, missing, np))
				break
			}
			s := sensitivity.Saltelli{Dim: k, N: in.Size, Shift: true}
			idx, err := sensitivity.SobolIndices(s, yv, b, r)
			if errors.Is(err, sensitivity.ErrConstant) {
				a.Notes = append(a.Notes, fmt.Sprintf("Sobol indices of %s left out: it takes the same value at every point", oc.Name))
				break
			}
			if err != nil {
				return nil, fmt.Errorf("experiment: Sobol indices of %s: %w", oc.Name, err)
			}
			for _, ix := range idx {
				f := in.Factors[ix.Factor]
				a.Sobol = append(a.Sobol, SobolRow{oc.Name, f.Name, f.Role, ix.S1, ix.S1CI.Lo, ix.S1CI.Hi, ix.ST, ix.STCI.Lo, ix.STCI.Hi})
			}
		case "morris":
			if missing > 0 {
				a.Notes = append(a.Notes, fmt.Sprintf("Morris effects on %s left out: %d of %d points have no value", oc.Name, missing, np))
				break
			}
			fs := make([]sensitivity.Factor, k)
			for i, f := range in.Factors {
				fs[i] = sensitivity.Factor{Name: f.Name, Min: 0, Max: 1}
			}
			d := sensitivity.MorrisDesign{Factors: fs, Trajectories: in.Size, Levels: in.Levels}
			eff, err := sensitivity.MorrisIndices(d, unit, yv, b, r)
			if err != nil {
				return nil, fmt.Errorf("experiment: Morris effects on %s: %w", oc.Name, err)
			}
			for i, e := range eff {
				f := in.Factors[i]
				a.Morris = append(a.Morris, MorrisRow{oc.Name, f.Name, f.Role, e.Mu, e.MuStar, e.MuStarCI.Lo, e.MuStarCI.Hi, e.Sigma, e.N})
			}
		}
		// Curves over the points that have a value.
		for i, f := range in.Factors {
			var xs, ys []float64
			for p := range np {
				if !math.IsNaN(yv[p]) {
					xs, ys = append(xs, x[p][i]), append(ys, yv[p])
				}
			}
			if len(xs) == 0 {
				continue
			}
			bins, err := sensitivity.Curve{Bins: o.Bins}.Of(xs, ys)
			if err != nil {
				return nil, fmt.Errorf("experiment: curve of %s against %s: %w", oc.Name, f.Name, err)
			}
			for _, bn := range bins {
				a.Curves = append(a.Curves, CurveRow{oc.Name, f.Name, bn.Lo, bn.Hi, bn.N, bn.Mean, bn.Lower, bn.Upper})
			}
		}
	}
	if o.PRIM != "" {
		name, cond, err := parseCondition(o.PRIM, in)
		if err != nil {
			return nil, err
		}
		var xs [][]float64
		var hits []bool
		cases := 0
		for p := range np {
			v := y[name][p]
			if math.IsNaN(v) {
				continue
			}
			xs = append(xs, x[p])
			hits = append(hits, cond(v))
			if cond(v) {
				cases++
			}
		}
		cat := make([]bool, k)
		for i, f := range in.Factors {
			cat[i] = f.Categorical
		}
		if cases == 0 {
			return nil, fmt.Errorf("experiment: -prim %q: no point meets the condition (of %d with a value); PRIM needs some", o.PRIM, len(xs))
		}
		res, err := sensitivity.PRIM{}.Find(xs, cat, hits)
		if err != nil {
			return nil, fmt.Errorf("experiment: PRIM for %q: %w", o.PRIM, err)
		}
		a.PRIM = &PRIMAnalysis{Condition: o.PRIM, Outcome: name, Cases: cases, Points: len(xs), Result: res, Factors: in.Factors}
	}
	return a, nil
}

// parseCondition reads "OUTCOME < 0.5" (or <=, >, >=) against the sweep's
// outcomes.
func parseCondition(s string, in *SweepInfo) (string, func(float64) bool, error) {
	for _, op := range []string{"<=", ">=", "<", ">"} {
		i := strings.Index(s, op)
		if i < 0 {
			continue
		}
		name := strings.TrimSpace(s[:i])
		v, err := strconv.ParseFloat(strings.TrimSpace(s[i+len(op):]), 64)
		if err != nil {
			return "", nil, fmt.Errorf("experiment: -prim %q: %q is not a number", s, strings.TrimSpace(s[i+len(op):]))
		}
		var names []string
		found := false
		for _, o := range in.Outcomes {
			names = append(names, o.Name)
			found = found || o.Name == name
		}
		if !found {
			return "", nil, fmt.Errorf("experiment: -prim %q: no outcome %q; the sweep's outcomes: %s", s, name, strings.Join(names, ", "))
		}
		var f func(float64) bool
		switch op {
		case "<=":
			f = func(x float64) bool { return x <= v }
		case ">=":
			f = func(x float64) bool { return x >= v }
		case "<":
			f = func(x float64) bool { return x < v }
		default:
			f = func(x float64) bool { return x > v }
		}
		return name, f, nil
	}
	return "", nil, fmt.Errorf("experiment: -prim %q: write OUTCOME < VALUE (or <=, >, >=), such as 'cohesion@156 < 0.5'", s)
}

// WriteCSV writes the analyses as tidy tables in dir: sobol.csv,
// morris.csv, curves.csv and prim.csv (those that apply). It returns the
// names written.
func (a *SweepAnalysis) WriteCSV(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("experiment: %w", err)
	}
	f := formatValue
	var written []string
	write := func(name string, head []string, rows [][]string) error {
		written = append(written, name)
		return writeAtomic(filepath.Join(dir, name), func(w *csv.Writer) error {
			if err := w.Write(head); err != nil {
				return err
			}
			return w.WriteAll(rows)
		})
	}
	if len(a.Sobol) > 0 {
		var rows [][]string
		for _, r := range a.Sobol {
			rows = append(rows, []string{r.Outcome, r.Factor, r.Role, f(r.S1), f(r.S1Lo), f(r.S1Hi), f(r.ST), f(r.STLo), f(r.STHi)})
		}
		if err := write("sobol.csv", []string{"outcome", "factor", "role", "s1", "s1_lo", "s1_hi", "st", "st_lo", "st_hi"}, rows); err != nil {
			return nil, err
		}
	}
	if len(a.Morris) > 0 {
		var rows [][]string
		for _, r := range a.Morris {
			rows = append(rows, []string{r.Outcome, r.Factor, r.Role, f(r.Mu), f(r.MuStar), f(r.MuStarLo), f(r.MuStarHi), f(r.Sigma), strconv.Itoa(r.N)})
		}
		if err := write("morris.csv", []string{"outcome", "factor", "role", "mu", "mu_star", "mu_star_lo", "mu_star_hi", "sigma", "n"}, rows); err != nil {
			return nil, err
		}
	}
	if len(a.Curves) > 0 {
		var rows [][]string
		for _, r := range a.Curves {
			rows = append(rows, []string{r.Outcome, r.Factor, f(r.Lo), f(r.Hi), strconv.Itoa(r.N), f(r.Mean), f(r.Lower), f(r.Upper)})
		}
		if err := write("curves.csv", []string{"outcome", "factor", "lo", "hi", "n", "mean", "lower", "upper"}, rows); err != nil {
			return nil, err
		}
	}
	if a.PRIM != nil {
		var rows [][]string
		for bi, bx := range a.PRIM.Result.Trajectory {
			chosen := strconv.FormatBool(bi == a.PRIM.Result.Chosen)
			for i, lim := range bx.Limits {
				restricted := false
				for _, j := range bx.Restricted {
					restricted = restricted || j == i
				}
				lo, hi, levels := f(lim.Lo), f(lim.Hi), ""
				if lim.Levels != nil {
					lo, hi = "", ""
					var ls []string
					for _, l := range lim.Levels {
						fi := a.PRIM.Factors[i]
						if int(l) >= 0 && int(l) < len(fi.Levels) {
							ls = append(ls, fi.Levels[int(l)])
						}
					}
					levels = strings.Join(ls, "|")
				}
				rows = append(rows, []string{a.PRIM.Condition, strconv.Itoa(bi), chosen, a.PRIM.Factors[i].Name, strconv.FormatBool(restricted), lo, hi, levels,
					f(bx.Coverage), f(bx.Density), f(bx.Mass), strconv.Itoa(bx.N), strconv.Itoa(bx.Hits)})
			}
		}
		if err := write("prim.csv", []string{"condition", "box", "chosen", "factor", "restricted", "lo", "hi", "levels", "coverage", "density", "mass", "n", "hits"}, rows); err != nil {
			return nil, err
		}
	}
	return written, nil
}
