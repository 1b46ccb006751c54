// Package patterns turns the patterns a credible model of integrated care
// reproduces (pattern-oriented modelling; DOMAIN.md, "Patterns a credible
// model reproduces") into automated checks.
//
// Each check is a Contrast given as data: a library scenario, Factors held
// at one level in both arms, and the one Factor under test (fields set, with
// "[*]" for every entry of a list, or shocks added) applied to one arm.
// Where a pattern names a package (pattern 1: co-location, a single
// manager, shared records and active leadership) the package is one Factor
// that says so. The two arms are resolved and compared field by field
// (DiffScenarios); a contrast whose arms differ in anything but its factor
// is refused, and the exact difference is part of the result. Both arms run
// on common random numbers, and each assertion (Line) takes the direction of
// the effect with its 95% interval.
//
// Each check names every mechanism it depends on. Validate runs each check
// twice, as the model is and with those mechanisms off: a check is
// reproduced when it passes the first time and fails the second. A check
// the model does not reproduce with a clean contrast carries a
// NotReproduced note saying what the model lacks; it is reported as such,
// and its contrast is not weakened to make it pass.
//
// The checks run as `joinedup validate-model` (full size) and as Go tests
// (80 replicates per arm, chosen by power; each check fails without each
// mechanism it names, and the checks not reproduced are exactly a
// documented list).
package patterns
