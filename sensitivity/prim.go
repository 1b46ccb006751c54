package sensitivity

import (
	"errors"
)

// Defaults of PRIM's settings.
const (
	DefaultPeelAlpha   = 0.05
	DefaultPasteAlpha  = 0.05
	DefaultMinMass     = 0.05
	DefaultMinCoverage = 0.8
)

// PRIM is the Patient Rule Induction Method of Friedman and Fisher (1999)
// used for scenario discovery (Bryant and Lempert 2010) as the EMA
// Workbench implements it: given the inputs of a set of runs and which runs
// had an outcome of interest, find a box (a range per continuous factor, a
// set of levels per categorical factor) that holds many of the runs of
// interest (coverage) and few of the others (density).
type PRIM struct {
	// PeelAlpha is the share of the box's points each peel removes; 0
	// means DefaultPeelAlpha.
	PeelAlpha float64
	// PasteAlpha is the share of the box's points each paste adds; 0
	// means DefaultPasteAlpha.
	PasteAlpha float64
	// MinMass stops peeling before the box would hold less than this
	// share of all points; 0 means DefaultMinMass.
	MinMass float64
	// MinCoverage selects the chosen box: the densest box of the
	// trajectory whose coverage is at least MinCoverage; 0 means
	// DefaultMinCoverage.
	MinCoverage float64
}

// Limit is a box's restriction on one factor.
type Limit struct {
	Lo, Hi float64   // continuous factor: the box holds Lo ≤ x ≤ Hi
	Levels []float64 // categorical factor: the values the box holds, increasing; nil for a continuous factor
}

// Box is one box of a PRIM trajectory.
type Box struct {
	Limits     []Limit // one per factor
	Restricted []int   // factors whose limits exclude some of the data's values, in increasing order
	N          int     // number of points in the box
	Hits       int     // number of points of interest in the box
	Coverage   float64 // Hits over all points of interest
	Density    float64 // Hits over N
	Mass       float64 // N over all points
}

// PRIMResult is the peeling and pasting trajectory of a PRIM search.
type PRIMResult struct {
	// Trajectory holds the boxes in the order found: the whole space
	// first, then one box per peel, then one per paste.
	Trajectory []Box
	// Peels is the number of peeling steps: Trajectory[Peels] is the last
	// peeled box, and the boxes after it are pastes.
	Peels int
	// Chosen is the index in Trajectory of the densest box with coverage
	// at least MinCoverage (the earliest among equals); 0 when none but the
	// whole space qualifies.
	Chosen int
}

// Find runs PRIM on the points x (x[k][i] is factor i of point k) with the
// points of interest marked in y. A factor with categorical[i] set takes a
// finite set of values (level indices, say) that are not ordered; others
// are continuous. categorical may be nil, making every factor continuous.
func (p PRIM) Find(x [][]float64, categorical []bool, y []bool) (PRIMResult, error) {
	return PRIMResult{}, errors.New("sensitivity: PRIM is not implemented yet")
}
