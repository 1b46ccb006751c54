package main

import (
	"context"
	"fmt"
	"io"

	"github.com/joinedup/joinedup/scenarios"
)

func cmdValidate(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", "validate FILE...",
		`Loads and builds each scenario (a .toml path or an embedded name), printing
"FILE: ok" or every problem found, one a line as file:line: field: message.
Exits 3 if any scenario is invalid.
`, stderr)
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return &usageError{msg: "validate needs at least one scenario file or name", fs: fs}
	}
	var invalid []error
	for _, file := range files {
		_, err := load(file)
		if err == nil {
			fmt.Fprintf(stdout, "%s: ok\n", file)
			continue
		}
		for _, p := range flatten(err) {
			fmt.Fprintln(stderr, p)
		}
		invalid = append(invalid, fmt.Errorf("%s is invalid", file))
	}
	if len(invalid) > 0 {
		return &invalidError{problems: []error{fmt.Errorf("%d of %d scenarios invalid", len(invalid), len(files))}}
	}
	return nil
}

// load resolves arg (a path or an embedded name) and checks that it builds.
func load(arg string) (*scenarios.Scenario, error) {
	s, err := scenarios.Resolve(arg)
	if err != nil {
		return nil, err
	}
	if _, err := s.Build(); err != nil {
		return nil, err
	}
	return s, nil
}
