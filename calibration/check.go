package calibration

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"text/tabwriter"
)

// Check places one observed figure in the distribution the ensemble
// predicts for it (a posterior predictive check, Gelman et al. 2013,
// chapter 6).
type Check struct {
	ID       string
	Observed float64
	N        int     // predictive draws (parameter set × replicate)
	Mean     float64 // predictive mean (NaN if any draw is infinite)
	Lo, Hi   float64 // the 5% and 95% predictive quantiles: the 90% interval
	// Quantile is the observed value's mid-rank in the draws: the share
	// below it plus half the share equal to it. Near 0 or 1 the model
	// cannot produce what was observed.
	Quantile float64
	Inside   bool // Lo ≤ Observed ≤ Hi
}

// PredictiveCheck returns the check of observed against draws, each draw
// one simulated value of the target's statistic (for an event that did not
// happen in a run, +Inf). It panics on no draws.
func PredictiveCheck(id string, observed float64, draws []float64) Check {
	if len(draws) == 0 {
		panic("calibration: PredictiveCheck with no draws")
	}
	s := append([]float64(nil), draws...)
	sort.Float64s(s)
	below := sort.SearchFloat64s(s, observed)
	equal := sort.Search(len(s)-below, func(i int) bool { return s[below+i] > observed })
	c := Check{ID: id, Observed: observed, N: len(s),
		Lo: quantileSorted(s, 0.05), Hi: quantileSorted(s, 0.95),
		Quantile: (float64(below) + float64(equal)/2) / float64(len(s))}
	m := 0.0
	for _, x := range s {
		m += x
	}
	c.Mean = m / float64(len(s))
	if math.IsInf(c.Mean, 0) {
		c.Mean = math.NaN()
	}
	c.Inside = c.Lo <= observed && observed <= c.Hi
	return c
}

// quantileSorted is the q-quantile of sorted s, by the lower order
// statistic (so +Inf draws never blur into finite ones).
func quantileSorted(s []float64, q float64) float64 {
	i := int(math.Ceil(q*float64(len(s)))) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// WriteChecks writes the checks as an aligned table with a line saying how
// to read it.
func WriteChecks(w io.Writer, checks []Check) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\tobserved\tpredictive mean\t5%\t95%\tquantile\tin 90% interval\t")
	for _, c := range checks {
		in := "no"
		if c.Inside {
			in = "yes"
		}
		fmt.Fprintf(tw, "%s\t%.4g\t%.4g\t%.4g\t%.4g\t%.3f\t%s\t\n", c.ID, c.Observed, c.Mean, c.Lo, c.Hi, c.Quantile, in)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "quantile: where the observed figure falls among the ensemble's simulated values (0.5 = the middle; below 0.05 or above 0.95, the calibrated model rarely produces it).")
	return err
}

// ParamSummary sets a parameter's posterior beside its prior.
type ParamSummary struct {
	Name               string
	PriorMean, PriorSD float64
	PriorLo, PriorHi   float64 // 5% and 95% prior quantiles
	PostMean, PostSD   float64 // weighted
	PostLo, PostHi     float64 // weighted 5% and 95% quantiles
	// Contraction is 1 − posterior variance / prior variance: near 0 the
	// targets say nothing about the parameter, near 1 they pin it down.
	Contraction float64
}

// Summarise returns the prior and posterior summary of every parameter of
// the ensemble.
func Summarise(e *Ensemble) []ParamSummary {
	out := make([]ParamSummary, len(e.Priors))
	for k, p := range e.Priors {
		xs := make([]float64, len(e.Particles))
		for i, x := range e.Particles {
			xs[i] = x[k]
		}
		m, sd := weightedMeanSD(xs, e.Weights)
		out[k] = ParamSummary{Name: p.Name,
			PriorMean: p.Mean(), PriorSD: p.SD(), PriorLo: p.Quantile(0.05), PriorHi: p.Quantile(0.95),
			PostMean: m, PostSD: sd,
			PostLo: weightedQuantile(xs, e.Weights, 0.05), PostHi: weightedQuantile(xs, e.Weights, 0.95)}
		out[k].Contraction = 1 - (sd*sd)/(p.SD()*p.SD())
	}
	return out
}

// WriteSummaries writes the prior and posterior summaries as an aligned
// table.
func WriteSummaries(w io.Writer, ss []ParamSummary) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "parameter\tprior mean\tprior 90%\tposterior mean\tposterior 90%\tcontraction\t")
	for _, s := range ss {
		fmt.Fprintf(tw, "%s\t%.4g\t[%.4g, %.4g]\t%.4g\t[%.4g, %.4g]\t%.2f\t\n", s.Name, s.PriorMean, s.PriorLo, s.PriorHi, s.PostMean, s.PostLo, s.PostHi, s.Contraction)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "contraction: 1 − posterior variance / prior variance (0: the targets say nothing about the parameter; 1: they fix it).")
	return err
}

func weightedMeanSD(xs, w []float64) (float64, float64) {
	tot, m := 0.0, 0.0
	for i, x := range xs {
		tot += w[i]
		m += w[i] * x
	}
	m /= tot
	v := 0.0
	for i, x := range xs {
		d := x - m
		v += w[i] * d * d
	}
	return m, math.Sqrt(v / tot)
}

// weightedQuantile is the smallest x whose cumulative weight reaches q.
func weightedQuantile(xs, w []float64, q float64) float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	tot := 0.0
	for _, x := range w {
		tot += x
	}
	c := 0.0
	for _, i := range idx {
		c += w[i]
		if c >= q*tot {
			return xs[i]
		}
	}
	return xs[idx[len(idx)-1]]
}

// WriteGenerations writes one line per generation: its tolerance, the
// proposals and simulations it took, its acceptance rate and the effective
// sample size of its weights.
func WriteGenerations(w io.Writer, gens []GenerationSummary) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "generation\ttolerance\tproposals\tsimulations\tacceptance\tESS\t")
	for _, g := range gens {
		fmt.Fprintf(tw, "%d\t%.4g\t%d\t%d\t%.4f\t%.0f\t\n", g.Index, g.Epsilon, g.Proposals, g.Simulations, g.Acceptance, g.ESS)
	}
	return tw.Flush()
}

// WriteChecksCSV writes the checks as CSV with a header row, numbers in
// full precision, for spreadsheets and the figures.
func WriteChecksCSV(w io.Writer, checks []Check) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"target", "observed", "n", "mean", "p05", "p95", "quantile", "inside_90"})
	for _, c := range checks {
		cw.Write([]string{c.ID, num(c.Observed), strconv.Itoa(c.N), num(c.Mean), num(c.Lo), num(c.Hi), num(c.Quantile), strconv.FormatBool(c.Inside)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteSummariesCSV writes the prior and posterior summaries as CSV.
func WriteSummariesCSV(w io.Writer, ss []ParamSummary) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"parameter", "prior_mean", "prior_sd", "prior_p05", "prior_p95", "posterior_mean", "posterior_sd", "posterior_p05", "posterior_p95", "contraction"})
	for _, s := range ss {
		cw.Write([]string{s.Name, num(s.PriorMean), num(s.PriorSD), num(s.PriorLo), num(s.PriorHi), num(s.PostMean), num(s.PostSD), num(s.PostLo), num(s.PostHi), num(s.Contraction)})
	}
	cw.Flush()
	return cw.Error()
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
