package results

import "time"

// Metric describes one observed value: the i'th value in each row of a
// sim.Trajectory.
type Metric struct {
	Name        string // short machine name used in CSV files, e.g. "waiting_weeks"
	Unit        string // unit of measure for tables and plots, e.g. "weeks"; may be empty
	Description string // one line for people; may be empty
}

// Meta describes one run: a scenario simulated over replicates. Together,
// Seed, Stream and a replicate number determine every random stream of that
// replicate (see sim.NewRand), so no per-replicate seed table is needed.
type Meta struct {
	Scenario   string    // scenario name
	Run        int       // run id within this output (0, 1, ... in a compare)
	Source     string    // file path or embedded name the scenario came from
	Hash       string    // sha256 of the scenario file bytes, hex
	Seed       uint64    // master seed
	Stream     uint64    // sim stream id; compared runs share it (common random numbers)
	Replicates int       // replicates requested
	Weeks      int       // ticks simulated; a tick is one week
	Every      int       // observation interval in weeks; 0 means 1
	Start      time.Time // calendar date of week 0; week w is Start + 7w days
	Metrics    []Metric  // one per value in a trajectory row, in row order
}

// Date returns the calendar date of week w as YYYY-MM-DD.
func (m Meta) Date(week int) string { return dateOf(m.Start, week) }

func dateOf(start time.Time, week int) string {
	return start.AddDate(0, 0, 7*week).Format(time.DateOnly)
}
