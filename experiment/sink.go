package experiment

import (
	"github.com/joinedup/joinedup/results"
	"github.com/joinedup/joinedup/sim"
)

// Info describes a run to its sinks before the first unit arrives.
type Info struct {
	Plan *Plan
	// Arms describes each arm as results knows runs: Scenario is the arm's
	// name, Run its index, Stream the stream of point 0; Metrics lists the
	// values of each trajectory row.
	Arms  []results.Meta
	Weeks []int // observed weeks, increasing; every trajectory has one row per week
	Units int   // units this run delivers: the plan's shard
	// Cached is true when the units are read back from Plan.Cache rather
	// than simulated.
	Cached bool
}

// A Unit is one replicate of one design point, simulated in every arm on
// the same random numbers.
type Unit struct {
	Index     int       // position in the plan: Point×Plan.Replicates + Replicate
	Point     int       // design point, from 0
	Replicate int       // replicate within the point, from 0
	Settings  []Setting // the point's settings (shared; do not change)
	// Set is the index of the parameter set the unit drew from
	// Plan.Ensemble (every arm ran with it); -1 without an ensemble.
	Set int
	// Seed determines every random number of the unit (see sim.Replicate).
	Seed sim.Replicate
	// Arms holds one trajectory per arm, in plan order. The engine reuses
	// trajectories once Add returns: copy what you keep.
	Arms []*sim.Trajectory
}

// A Sink receives the units of a run, in (point, replicate) order, from
// one goroutine. It must only read them.
type Sink interface {
	Add(u *Unit) error
}

// SinkFunc adapts a function to the Sink interface.
type SinkFunc func(u *Unit) error

// Add calls f(u).
func (f SinkFunc) Add(u *Unit) error { return f(u) }

// Starter is an optional ability of a Sink: Start is called once, before
// the first unit, with a description of the run.
type Starter interface {
	Start(info *Info) error
}

// Finisher is an optional ability of a Sink: Finish is called once when the
// run ends, with nil when every unit was delivered and otherwise the error
// that stopped it (ctx's error after a cancellation). A sink that writes
// files commits them on nil and discards them otherwise. Finish's own error
// is returned by Run when the run itself succeeded.
type Finisher interface {
	Finish(err error) error
}
