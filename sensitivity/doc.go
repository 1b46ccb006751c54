// Package sensitivity holds the designs and analyses of computer
// experiments: where to run a model, and what its outputs say about its
// inputs. It knows nothing of any domain: a design is a list of points in
// the unit hypercube, the caller maps each coordinate to a factor (a range
// with Factor.Value, a list of levels with Level), runs the model at each
// point and hands back one output per point, in the design's order.
//
// Designs: Grid (full factorial), LatinHypercube, Sobol (low-discrepancy
// points, SobolSequence), Saltelli (for Sobol indices) and MorrisDesign
// (elementary-effects trajectories). Analyses: SobolIndices, MorrisIndices
// and ElementaryEffects, PRIM scenario discovery, and outcome-vs-factor
// curves (Curve).
//
// Randomness is explicit: every design or bootstrap that needs randomness
// draws it from the *rand.Rand passed in, so the same source (seed) gives
// the same points and intervals on any machine.
package sensitivity
