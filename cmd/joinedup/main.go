// Command joinedup simulates programmes to integrate health and social care
// and writes their outcomes as tables.
//
// Usage:
//
//	joinedup run SCENARIO [flags]          simulate one scenario
//	joinedup compare A B [more...] [flags] simulate scenarios on common random numbers
//	joinedup sensitivity SCENARIO [flags]  Morris or Sobol sensitivity to parameters and policy levers
//	joinedup sweep COMMAND ...             plan, run, merge, analyse a sweep; write a Slurm script
//	joinedup validate FILE...              check scenario files
//	joinedup list                          list the embedded scenarios
//	joinedup serve [-addr HOST:PORT]       serve the teaching page
//	joinedup init NAME [-o FILE]           write a commented starter scenario
//	joinedup bench [-workload NAME,...]    run the speed benchmarks (BENCHMARKS.md)
//	joinedup version                       print the version
//	joinedup help                          print this help
//
// Exit codes: 0 ok, 1 failure, 2 usage error, 3 invalid scenario.
//
// The command is thin wiring: scenarios loads and builds, model simulates
// through sim, and results records, summarises, compares and writes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// version is the tool's version; release builds set it with
// -ldflags "-X main.version=1.2.3".
var version = "0.1.0-dev"

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	exitInvalid = 3
)

const usageText = `joinedup simulates programmes to integrate health and social care.

usage:
  joinedup run SCENARIO [flags]           simulate one scenario
  joinedup compare A B [more...] [flags]  simulate scenarios on common random numbers
  joinedup compare A -vs PATH=VALUE       compare A with a variant of itself
  joinedup plot OUTDIR [flags]            redraw the plots of an output folder
  joinedup sensitivity SCENARIO [flags]   Morris or Sobol sensitivity to parameters and policy levers
  joinedup sweep plan|run|merge|analyse|slurm ...
                                          sweeps over levers and uncertainties (joinedup sweep -h)
  joinedup calibrate -params NAMES        fit parameters to the targets by SMC-ABC
  joinedup validate FILE...               check scenario files
  joinedup validate-model [flags]         run the pattern checks on the model
  joinedup list                           list the embedded scenarios
  joinedup serve [-addr HOST:PORT]        serve the teaching page (what-if in a browser)
  joinedup init NAME [-o FILE]            write a commented starter scenario
  joinedup bench [-workload NAME,...]     run the speed benchmarks (see BENCHMARKS.md)
  joinedup version                        print the version
  joinedup help [COMMAND]                 print this help, or a command's

A SCENARIO is the name of an embedded scenario (see joinedup list) or the
path of a .toml file; -set PATH=VALUE changes a field of it without
editing the file. Run "joinedup COMMAND -h" for a command's flags.

exit codes: 0 ok, 1 failure, 2 usage error, 3 invalid scenario
`

func main() {
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand: it parses its own flags from args.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// commands maps each subcommand's name to its function. Subcommands kept in
// their own files register themselves in an init function of that file.
var commands = map[string]command{
	"run":      cmdRun,
	"compare":  cmdCompare,
	"validate": cmdValidate,
	"list":     cmdList,
	"version":  cmdVersion,
}

// Main runs the command line args (without the program name), writing to
// stdout and stderr, and returns the exit code. Interrupt and SIGTERM
// cancel the command.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if cmd, ok := commands[args[1]]; ok {
				return exitCode(cmd(ctx, []string{"-h"}, stdout, stderr), stderr)
			}
			fmt.Fprintf(stderr, "joinedup: unknown command %q\n\n%s", args[1], usageText)
			return exitUsage
		}
		fmt.Fprint(stdout, usageText)
		return exitOK
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "joinedup: unknown command %q\n\n%s", name, usageText)
		return exitUsage
	}
	return exitCode(cmd(ctx, args[1:], stdout, stderr), stderr)
}

// usageError is a mistake in the command line. The flag set, if any,
// prints the command's usage after the message.
type usageError struct {
	msg string
	fs  *flag.FlagSet
}

func (e *usageError) Error() string { return e.msg }

// errUsagePrinted reports a command line the flag package has already
// complained about, with the usage.
var errUsagePrinted = errors.New("usage error")

// invalidError reports scenarios that failed to load or build; problems
// holds every problem, one per line.
type invalidError struct {
	problems []error
}

func (e *invalidError) Error() string { return errors.Join(e.problems...).Error() }

// exitCode prints err to stderr, prefixed "joinedup: ", and returns the exit
// code for it.
func exitCode(err error, stderr io.Writer) int {
	var ue *usageError
	var ie *invalidError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsagePrinted):
		return exitUsage
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "joinedup: %s\n", ue.msg)
		if ue.fs != nil {
			fmt.Fprintln(stderr)
			ue.fs.SetOutput(stderr)
			ue.fs.Usage()
		}
		return exitUsage
	case errors.As(err, &ie):
		for _, p := range ie.problems {
			fmt.Fprintf(stderr, "joinedup: %v\n", p)
		}
		return exitInvalid
	}
	fmt.Fprintf(stderr, "joinedup: %v\n", err)
	return exitFailure
}

// flatten returns the errors joined in err (by errors.Join, at any depth),
// in order; an error that joins nothing is returned alone.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		out = append(out, flatten(e)...)
	}
	return out
}

// newFlagSet returns a flag set for the command name whose usage prints
// synopsis and about before the flags.
func newFlagSet(name, synopsis, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("joinedup "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "usage: joinedup %s\n\n%s", synopsis, about)
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(w, "\nflags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseArgs parses flags and positional arguments in any order (flags may
// follow the scenario names); everything after "--" is positional.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsagePrinted
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// versionString is the version, with the VCS revision the binary was built
// from when the build recorded one.
func versionString() string {
	v := version
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += " (" + rev + modified + ")"
	}
	return v
}

func cmdVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", "version", "Prints the version and, when known, the revision it was built from.\n", stderr)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return &usageError{msg: "version takes no arguments", fs: fs}
	}
	_, err = fmt.Fprintf(stdout, "joinedup %s\n", versionString())
	return err
}
