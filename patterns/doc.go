// Package patterns turns the patterns a credible model of integrated care
// reproduces (pattern-oriented modelling; DOMAIN.md, "Patterns a credible
// model reproduces") into automated checks.
//
// Each check builds its contrast by changing only the factor under test in
// a base scenario from the embedded library (co-location, management,
// leadership, status spread, targets, a shock), runs both arms on common
// random numbers, and asserts the direction of the effect with its 95%
// interval: the mechanisms, not a scenario field, must produce it. Each
// check names the submodels it depends on; switching one of them off (the
// scenario's [mechanisms] table) must make the check fail, which the tests
// show.
//
// The checks run as `joinedup validate-model` (full size) and as Go tests
// (modest replicate counts, in parallel).
package patterns
