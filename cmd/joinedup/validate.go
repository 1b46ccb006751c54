package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/joinedup/joinedup/scenarios"
)

func cmdValidate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", "validate [-set PATH=VALUE]... [-print] FILE...",
		`Loads and builds each scenario (a .toml path or an embedded name), printing
"FILE: ok" or every problem found, one a line as file:line: field: message.
A scenario that extends another is checked merged with it, and each problem
names the file that wrote the value. Warnings, on stderr headed "warning:",
point out what is accepted but probably not meant: a value left out that
counts as 0 or 1, a shock or an integration dated after the run ends, a
budget cut on an organisation that employs no one. At most 50 problems are shown for one
scenario, then a count of the rest. Files over 1 MiB, nested more than 32
deep, or that are not regular files (a device, a pipe) are refused unread.
Exits 3 if any scenario is invalid.
`, stderr)
	var set []scenarios.Override
	fs.Var(overrideFlag{&set, "--set"}, "set", "set a field of every scenario, as `PATH=VALUE` (see joinedup run -h); repeatable")
	print := fs.Bool("print", false, "print each valid scenario fully resolved (after extends and -set) as TOML, instead of \"FILE: ok\"")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return &usageError{msg: "validate needs at least one scenario file or name", fs: fs}
	}
	var invalid []error
	for _, file := range files {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("validate stopped before %s: %w", file, err)
		}
		s, err := load(ctx, file, set)
		if ctx.Err() != nil {
			return fmt.Errorf("validate stopped at %s: %w", file, ctx.Err())
		}
		if err == nil {
			printWarnings(stderr, s)
			if *print {
				printResolved(stdout, s, set)
			} else {
				fmt.Fprintf(stdout, "%s: ok\n", file)
			}
			continue
		}
		for _, p := range flatten(err) {
			fmt.Fprintln(stderr, plainMessage(p))
		}
		invalid = append(invalid, fmt.Errorf("%s is invalid", file))
	}
	if len(invalid) > 0 {
		return &invalidError{problems: []error{fmt.Errorf("%d of %d scenarios invalid", len(invalid), len(files))}}
	}
	return nil
}

// printWarnings writes the scenario's warnings (see scenarios.Warnings),
// one a line, each headed "warning: ".
func printWarnings(w io.Writer, s *scenarios.Scenario) {
	for _, e := range s.Warnings() {
		fmt.Fprintf(w, "warning: %s\n", plainMessage(e))
	}
}

// printResolved writes the resolved TOML of s, headed by comments saying
// where it comes from.
func printResolved(w io.Writer, s *scenarios.Scenario, set []scenarios.Override) {
	fmt.Fprintf(w, "# Resolved from %s", s.File())
	if s.Extends != "" {
		fmt.Fprintf(w, ", which extends %q", s.Extends)
	}
	fmt.Fprintln(w)
	for _, o := range set {
		fmt.Fprintf(w, "# with --set %s\n", o)
	}
	fmt.Fprintf(w, "# sha256 %s\n", s.Hash())
	data := s.TOML()
	w.Write(data)
	if len(data) > 0 && data[len(data)-1] != '\n' {
		fmt.Fprintln(w)
	}
}

// load resolves arg (a path or an embedded name) with the overrides and
// checks that it builds.
func load(ctx context.Context, arg string, set []scenarios.Override) (*scenarios.Scenario, error) {
	s, err := scenarios.ResolveContext(ctx, arg, set)
	if err != nil {
		return nil, err
	}
	if _, err := s.Build(); err != nil {
		return nil, err
	}
	return s, nil
}

// overrideFlag collects the PATH=VALUE overrides of a repeatable flag.
type overrideFlag struct {
	list *[]scenarios.Override
	flag string // how the flag is written in messages: "--set" or "-vs"
}

func (f overrideFlag) String() string {
	if f.list == nil {
		return ""
	}
	s := make([]string, len(*f.list))
	for i, o := range *f.list {
		s[i] = o.String()
	}
	return strings.Join(s, " ")
}

func (f overrideFlag) Set(s string) error {
	o, err := scenarios.ParseOverride(s)
	if err != nil {
		return err
	}
	o.Flag = f.flag
	*f.list = append(*f.list, o)
	return nil
}
