package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/joinedup/joinedup/calibration/ensemble"
	"github.com/joinedup/joinedup/experiment"
)

// paramOptions choose where each replicate's model parameters come from:
// by default a draw from the calibrated ensemble embedded in the binary.
type paramOptions struct {
	fixed    bool   // -fixed-params: the parameter table's values, as before calibration
	ensemble string // -ensemble: another ensemble file; "" means the embedded one
}

const paramFlagsAbout = `By default each replicate draws its model parameters from the calibrated
ensemble (docs/CALIBRATION.md): replicate r of every scenario gets the same
draw, so comparisons stay paired, and the intervals carry what the
calibration leaves uncertain as well as chance. -fixed-params uses the
parameter table's values instead; -ensemble FILE draws from another
ensemble written by joinedup calibrate.
`

// paramFlags defines -fixed-params and -ensemble on fs.
func paramFlags(fs *flag.FlagSet, o *paramOptions) {
	fs.BoolVar(&o.fixed, "fixed-params", false, "run every replicate on the parameter table's values, not draws from the calibrated ensemble")
	fs.StringVar(&o.ensemble, "ensemble", "", "draw each replicate's parameters from this ensemble `file` (written by joinedup calibrate)\n"+
		"instead of the embedded calibration/ensemble/default")
}

// plan returns the ensemble replicates draw from, or nil for fixed
// parameters.
func (o paramOptions) plan(fs *flag.FlagSet) (*experiment.Ensemble, error) {
	switch {
	case o.fixed && o.ensemble != "":
		return nil, &usageError{msg: "-fixed-params and -ensemble exclude each other: fixed parameters draw from no ensemble", fs: fs}
	case o.fixed:
		return nil, nil
	case o.ensemble != "":
		return ensemble.Load(o.ensemble)
	}
	e, err := ensemble.Default()
	if err != nil {
		return nil, fmt.Errorf("%w\n(the embedded ensemble does not fit this model; run with -fixed-params until it is refitted)", err)
	}
	return e, nil
}

// describeParams writes a line saying where the replicates' parameters
// came from.
func describeParams(w io.Writer, e *experiment.Ensemble) {
	if e == nil {
		fmt.Fprintln(w, "parameters: the parameter table's values in every replicate; the intervals carry chance only.")
		return
	}
	fmt.Fprintf(w, "parameters: each replicate drew %s from the calibrated ensemble\n"+
		"(%d sets, %s), the same draw in every scenario compared;\n"+
		"the intervals carry that uncertainty as well as chance.\n",
		strings.Join(e.Names, ", "), len(e.Sets), e.Source)
}
