// Package scenarios turns scenario files into models. A scenario is plain
// data in the words of the domain (see Scenario); it is decoded strictly from
// TOML (unknown keys are errors), checked by Validate, which reports every
// problem at once with its field path, and turned into a model.Config by
// Build. The embedded library holds the cases from the source texts.
//
// Being the only reader of TOML, the package also decodes targets files for
// calibration (LoadTargets, docs/CALIBRATION.md) with the same strictness:
// each target's scenario, metric and dates are checked against the embedded
// scenario it names, and dates are resolved to weeks of that scenario's run.
package scenarios
