// Package scenarios turns scenario files into models. A scenario is plain
// data in the words of the domain (see Scenario); it is decoded strictly from
// TOML (unknown keys are errors), checked by Validate, which reports every
// problem at once with its field path, and turned into a model.Config by
// Build. The embedded library holds the cases from the source texts.
package scenarios
