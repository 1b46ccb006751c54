// Package sensitivity screens the inputs of a model for influence on its
// outputs. It knows nothing of any domain: factors are names with ranges,
// a design is a list of points, and the caller evaluates the model at each
// point and hands back one output per point.
//
// The method is Morris's elementary-effects screening (Morris 1991, with the
// μ* measure of Campolongo, Cariboni and Saltelli 2007): MorrisDesign.Points
// draws trajectories that move one factor at a time across a grid, and
// ElementaryEffects turns the outputs into each factor's mean effect μ, mean
// absolute effect μ* (overall influence) and standard deviation σ
// (non-linearity or interaction with other factors).
//
// Randomness is explicit: the design is drawn from the *rand.Rand passed in,
// so the same source (seed) gives the same points on any machine.
package sensitivity
