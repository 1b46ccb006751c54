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
// Exit codes: 0 ok, 1 failure, 3 invalid scenario, 64 usage error, 70
// internal error (a bug), 130 interrupted (Ctrl-C), 143 terminated
// (SIGTERM). Exit 2 is left to the Go runtime, whose crashes (out of
// memory, a panic outside the main goroutine) exit 2: a crash never looks
// like a usage error.
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
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/joinedup/joinedup/internal/suggest"
)

// version is the tool's version; release builds set it with
// -ldflags "-X main.version=1.2.3".
var version = "0.1.0-dev"

// Exit codes. 2 is what the Go runtime exits with when it crashes, so no
// deliberate exit uses it; the usage code is sysexits' EX_USAGE, the
// internal error its EX_SOFTWARE, and a signal's the shell's 128+N.
const (
	exitOK         = 0
	exitFailure    = 1
	exitInvalid    = 3
	exitUsage      = 64
	exitInternal   = 70
	exitInterrupt  = 130 // SIGINT, Ctrl-C
	exitTerminated = 143 // SIGTERM
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

exit codes: 0 ok, 1 failure, 3 invalid scenario, 64 usage error,
70 internal error (a bug: please report it), 130 interrupted (Ctrl-C),
143 terminated (SIGTERM); 2 is a crash of the Go runtime (out of memory)
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
// cancel the command, which then exits 130 or 143; a second interrupt
// stops the program at once. A panic is reported as an internal error
// (exit 70).
func Main(args []string, stdout, stderr io.Writer) (code int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	var got atomic.Value // the signal received, an os.Signal
	go func() {
		select {
		case sig := <-sigs:
			got.Store(sig)
			signal.Reset(os.Interrupt, syscall.SIGTERM) // a second one stops at once
			cancel()
		case <-ctx.Done():
		}
	}()
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "joinedup: internal error (a bug; please report it with the command line and this message): %v\n%s", r, debug.Stack())
			code = exitInternal
		}
	}()
	code = dispatch(ctx, args, stdout, stderr)
	if sig, ok := got.Load().(os.Signal); ok && code != exitOK {
		if sig == syscall.SIGTERM {
			return exitTerminated
		}
		return exitInterrupt
	}
	return code
}

// dispatch runs the subcommand args names. A request for help (help
// COMMAND, or -h among the arguments) prints to stdout, so that
// "joinedup run -h | less" shows it.
func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if cmd, ok := commands[args[1]]; ok {
				return exitCode(cmd(ctx, []string{"-h"}, stdout, stdout), stderr)
			}
			fmt.Fprintf(stderr, "joinedup: unknown command %q%s\n\n%s", args[1], suggest.DidYouMean(args[1], commandNames()), usageText)
			return exitUsage
		}
		fmt.Fprint(stdout, usageText)
		return exitOK
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "joinedup: unknown command %q%s\n\n%s", name, suggest.DidYouMean(name, commandNames()), usageText)
		return exitUsage
	}
	if wantsHelp(args[1:]) {
		return exitCode(cmd(ctx, args[1:], stdout, stdout), stderr)
	}
	return exitCode(cmd(ctx, args[1:], stdout, stderr), stderr)
}

// commandNames lists the subcommands, sorted.
func commandNames() []string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// wantsHelp reports whether args ask for help: -h, -help or --help before
// any "--".
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
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
			fmt.Fprintf(stderr, "joinedup: %s\n", plainMessage(p))
		}
		return exitInvalid
	}
	fmt.Fprintf(stderr, "joinedup: %s\n", plainMessage(err))
	return exitFailure
}

// packagePrefix matches the name of one of the program's packages heading
// a message ("scenarios: ", "results: "): words for the programmer, not
// the user.
var packagePrefix = regexp.MustCompile(`(^|: |; |\()(scenarios|results|experiment|model|sim|plot|patterns|sensitivity|calibration|web): `)

// plainMessage is err's message without the program's package names.
func plainMessage(err error) string {
	return packagePrefix.ReplaceAllString(err.Error(), "$1")
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
// follow the scenario names); everything after "--" is positional. An
// unknown flag is answered with the nearest known one; a yes/no flag given
// its value as a separate word (-plots false) is refused rather than taken
// for a scenario.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	defer fs.SetOutput(out)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(out)
				fs.Usage()
				return nil, err
			}
			return nil, flagError(fs, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		used := len(args) - len(rest)
		if used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		if used > 0 && (rest[0] == "true" || rest[0] == "false") {
			name := strings.TrimLeft(args[used-1], "-")
			if f := fs.Lookup(name); f != nil && isBoolFlag(f) {
				return nil, &usageError{msg: fmt.Sprintf("%s %s: a yes/no flag takes its value after '=': write -%s=%s",
					args[used-1], rest[0], name, rest[0])}
			}
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// isBoolFlag reports whether f is a yes/no flag, given without a value.
func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// flagError turns the flag package's err into a usage error that names the
// nearest known flag for an unknown one and says where the flags are
// listed, without printing them all.
func flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	help := fmt.Sprintf(" (%s -h lists the flags)", fs.Name())
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		var known []string
		fs.VisitAll(func(f *flag.Flag) { known = append(known, f.Name) })
		if near := suggest.Closest(name, known); near != "" && suggest.Distance(name, near) <= len(name)/2 {
			return &usageError{msg: fmt.Sprintf("unknown flag -%s; did you mean -%s?%s", name, near, help)}
		}
		return &usageError{msg: fmt.Sprintf("unknown flag -%s%s", name, help)}
	}
	msg = strings.Replace(plainMessage(err), ": parse error", ": not a value of the flag's kind (a whole number, a number, true or false)", 1)
	return &usageError{msg: msg + help}
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
