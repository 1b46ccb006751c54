package experiment

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/joinedup/joinedup/scenarios"
)

func TestEstimateRefusesWhatTheMachineCannotHold(t *testing.T) {
	arm, err := NewArm("sedgefield")
	if err != nil {
		t.Fatal(err)
	}
	arm.Name = "sedgefield"
	small := Plan{Arms: []Arm{arm}, Replicates: 20, Weeks: 260, Workers: 2}
	big := small
	big.Replicates = 100000
	m := Machine{Memory: 8 << 30, Disk: 100 << 30, Time: MaxRunTime}
	es, err := small.EstimateRun(TableParquet)
	if err != nil {
		t.Fatal(err)
	}
	if err := es.Fits(m); err != nil {
		t.Errorf("20 replicates refused: %v", err)
	}
	eb, err := big.EstimateRun(TableParquet)
	if err != nil {
		t.Fatal(err)
	}
	// Memory grows with the replicates held in the Parquet table's buffers.
	if eb.Memory < 1000*es.Memory/20 || eb.Units != 100000 || eb.Rows != 261 || eb.Posts < 2 {
		t.Errorf("estimate %+v against %+v", eb, es)
	}
	err = eb.Fits(m)
	if !errors.Is(err, ErrTooBig) || !strings.Contains(err.Error(), "of memory, and this machine has 8 GB available") ||
		!strings.Contains(err.Error(), "-force runs it anyway") || !strings.Contains(err.Error(), "100000 replicates") {
		t.Errorf("100000 replicates: %v", err)
	}
	if err := eb.Fits(Machine{}); err != nil {
		t.Errorf("an unknown machine refuses: %v", err)
	}
	if err := eb.Fits(Machine{Time: time.Minute}); err == nil || !strings.Contains(err.Error(), "more than the 1 min accepted") {
		t.Errorf("time limit: %v", err)
	}
	// A world of many professionals costs memory per worker.
	wide, err := NewArm("sedgefield", mustOverride(t, "team[0].member[0].count=10000"))
	if err != nil {
		t.Fatal(err)
	}
	wide.Name = "wide"
	ew, err := (&Plan{Arms: []Arm{wide}, Replicates: 1, Weeks: 52, Workers: 2}).EstimateRun(TableNone)
	if err != nil {
		t.Fatal(err)
	}
	if was := max(arm.Scenario.Teams[0].Members[0].Count, 1); ew.Posts != eb.Posts-was+10000 || ew.World < 10000*estPostBytes {
		t.Errorf("wide world: %+v", ew)
	}
}

func mustOverride(t *testing.T, s string) scenarios.Override {
	t.Helper()
	o, err := scenarios.ParseOverride(s)
	if err != nil {
		t.Fatal(err)
	}
	return o
}
