package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/joinedup/joinedup/experiment"
)

// progressBar reports a run's progress on stderr. On a terminal it redraws
// one line, at most ten times a second:
//
//	run sedgefield [#########...........]  45/200 replicates  12.3/s  elapsed 0:04  ETA 0:13
//
// Piped or redirected, it writes a plain line at about every tenth of the
// run, "run sedgefield: 45/200 replicates, elapsed 4s, ETA 13s", so logs
// stay short and readable.
type progressBar struct {
	w       io.Writer
	label   string
	tty     bool
	now     func() time.Time
	total   int
	done    int
	first   int // units done before the clock started (a resumed sweep)
	word    string
	start   time.Time
	last    time.Time // last redraw on a terminal
	shown   int       // tenths reported, when not on a terminal
	width   int       // of the last line drawn, to blank what a shorter one leaves
	closed  bool
	started bool
}

func newProgressBar(w io.Writer, label string) *progressBar {
	return &progressBar{w: w, label: label, tty: experiment.IsTerminal(w), now: time.Now}
}

// Start learns the number of units.
func (p *progressBar) Start(info *experiment.Info) error {
	word := "replicates"
	if info.Plan.NumPoints() > 1 {
		word = "runs"
	}
	p.begin(info.Units, 0, word)
	return nil
}

// begin starts the clock on total units, first of them done before it.
func (p *progressBar) begin(total, first int, word string) {
	p.total, p.done, p.first, p.closed, p.started = total, first, first, false, true
	p.shown = 0
	if total > 0 {
		p.shown = first * 10 / total
	}
	p.start = p.now()
	p.word = word
}

// Add counts one unit.
func (p *progressBar) Add(*experiment.Unit) error {
	p.done++
	p.draw()
	return nil
}

// Count follows a sweep, whose engine reports the runs done so far. The
// first call starts the clock; the runs a resumed sweep had already
// recorded are said once and left out of the rate and the ETA.
func (p *progressBar) Count(done, total int) {
	if !p.started {
		p.begin(total, done, "runs")
		if done > 0 {
			fmt.Fprintf(p.w, "%s: %d of %d runs already recorded\n", p.label, done, total)
		}
		return
	}
	if done > p.done {
		p.done = done
		p.draw()
	}
}

// draw shows the count after a unit is done.
func (p *progressBar) draw() {
	if p.total <= 0 || p.done <= p.first {
		return
	}
	now := p.now()
	el := now.Sub(p.start)
	switch {
	case p.tty:
		if p.done < p.total && now.Sub(p.last) < 100*time.Millisecond {
			return
		}
		p.last = now
		line := p.barLine(el)
		pad := max(p.width-len(line), 0)
		fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
		p.width = len(line)
		if p.done == p.total {
			fmt.Fprintln(p.w)
			p.closed = true
		}
	case p.done*10/p.total > p.shown || p.done == p.total:
		p.shown = p.done * 10 / p.total
		line := fmt.Sprintf("%s: %d/%d %s, elapsed %s", p.label, p.done, p.total, p.word, clock(el))
		if p.done < p.total {
			line += ", ETA " + clock(p.eta(el))
		}
		fmt.Fprintln(p.w, line)
	}
}

// barLine is the terminal line after el.
func (p *progressBar) barLine(el time.Duration) string {
	const cells = 20
	full := p.done * cells / p.total
	bar := strings.Repeat("#", full) + strings.Repeat(".", cells-full)
	rate := float64(p.done-p.first) / max(el.Seconds(), 1e-9)
	line := fmt.Sprintf("%s [%s] %d/%d %s  %.3g/s  elapsed %s", p.label, bar, p.done, p.total, p.word, rate, clock(el))
	if p.done < p.total {
		line += "  ETA " + clock(p.eta(el))
	}
	return line
}

// eta is the time left at the average rate so far.
func (p *progressBar) eta(el time.Duration) time.Duration {
	return time.Duration(float64(el) / float64(p.done-p.first) * float64(p.total-p.done))
}

// Finish ends a terminal line left open by a run that stopped early.
func (p *progressBar) Finish(error) error {
	if p.tty && p.done > p.first && !p.closed {
		fmt.Fprintln(p.w)
	}
	p.closed = true
	return nil
}

// clock formats d as 0:04, 12:34 or 1:02:03 on a terminal-friendly clock.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
