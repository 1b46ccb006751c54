package main

import (
	"fmt"
	"io"
	"os"

	"github.com/joinedup/joinedup/sim"
)

// progress is a sim.Observer that reports how many replicates of a run
// have completed. On a terminal it rewrites one line in place; otherwise it
// writes a plain line at about every tenth of the run, so logs stay short.
type progress struct {
	w      io.Writer
	label  string // e.g. "run sedgefield"
	total  int
	done   int
	tty    bool
	shown  int // tenths reported so far, when not on a terminal
	closed bool
}

func newProgress(w io.Writer, label string, total int) *progress {
	return &progress{w: w, label: label, total: total, tty: isTerminal(w)}
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Observe counts one replicate; it only reads tr.
func (p *progress) Observe(*sim.Trajectory) error {
	p.done++
	switch {
	case p.tty:
		fmt.Fprintf(p.w, "\r%s: %d/%d replicates", p.label, p.done, p.total)
		if p.done == p.total {
			fmt.Fprintln(p.w)
			p.closed = true
		}
	case p.done*10/p.total > p.shown || p.done == p.total:
		p.shown = p.done * 10 / p.total
		fmt.Fprintf(p.w, "%s: %d/%d replicates\n", p.label, p.done, p.total)
	}
	return nil
}

// Close ends a terminal line left open by a run that stopped early.
func (p *progress) Close() {
	if p.tty && p.done > 0 && !p.closed {
		fmt.Fprintln(p.w)
	}
	p.closed = true
}
