package schelling

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/joinedup/joinedup/sim"
)

func newLarge(t testing.TB, seed uint64) *Model {
	t.Helper()
	m, err := New(Large, rand.New(rand.NewPCG(seed, 7)))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// check verifies the world's bookkeeping: every agent on its own cell, no
// two on one cell, the empty list exactly the free cells, groups unchanged.
func check(t *testing.T, m *Model) {
	t.Helper()
	cfg := m.cfg
	perGroup := [2]int{}
	seen := make(map[[2]int]int, m.Agents())
	for id := 0; id < m.Agents(); id++ {
		x, y := m.Position(id)
		if x < 0 || x >= cfg.Width || y < 0 || y >= cfg.Height {
			t.Fatalf("agent %d off the grid at (%d, %d)", id, x, y)
		}
		if other, ok := seen[[2]int{x, y}]; ok {
			t.Fatalf("agents %d and %d share cell (%d, %d)", other, id, x, y)
		}
		seen[[2]int{x, y}] = id
		if got := m.Occupant(x, y); got != id {
			t.Fatalf("cell (%d, %d) holds %d, want agent %d", x, y, got, id)
		}
		perGroup[m.Group(id)]++
	}
	if want := [2]int{cfg.Agents / 2, cfg.Agents - cfg.Agents/2}; perGroup != want {
		t.Fatalf("agents per group %v, want %v", perGroup, want)
	}
	free := 0
	for y := 0; y < cfg.Height; y++ {
		for x := 0; x < cfg.Width; x++ {
			if m.Occupant(x, y) < 0 {
				free++
			}
		}
	}
	if free != m.Empty() || free != cfg.Width*cfg.Height-cfg.Agents {
		t.Fatalf("%d free cells, empty list %d, want %d", free, m.Empty(), cfg.Width*cfg.Height-cfg.Agents)
	}
	for k, c := range m.empties {
		if m.kind[c] != empty || m.emptyAt[c] != int32(k) {
			t.Fatalf("empty list entry %d (cell %d) is not a free cell pointing back at it", k, c)
		}
	}
	n := 0
	for _, h := range m.happy {
		if h {
			n++
		}
	}
	if n != m.Happy() {
		t.Fatalf("Happy() = %d, moods count %d", m.Happy(), n)
	}
}

func TestInvariants(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		m := newLarge(t, seed)
		check(t, m)
		for step := 1; step <= Steps; step++ {
			if err := m.Step(sim.Tick(step)); err != nil {
				t.Fatal(err)
			}
			check(t, m)
		}
	}
}

// TestNeighbourCount compares the padded-grid count with a direct count
// that cuts the neighbourhood at the grid's edges, for every agent.
func TestNeighbourCount(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
	}{
		{"large", Large},
		{"small radius 1", Config{Width: 7, Height: 5, Agents: 20, Radius: 1, MinSame: 3}},
		{"tall radius 3", Config{Width: 4, Height: 30, Agents: 60, Radius: 3, MinSame: 100}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := New(c.cfg, rand.New(rand.NewPCG(5, 5)))
			if err != nil {
				t.Fatal(err)
			}
			for id := 0; id < m.Agents(); id++ {
				x, y := m.Position(id)
				n := 0
				for dy := -c.cfg.Radius; dy <= c.cfg.Radius; dy++ {
					for dx := -c.cfg.Radius; dx <= c.cfg.Radius; dx++ {
						nx, ny := x+dx, y+dy
						if (dx == 0 && dy == 0) || nx < 0 || ny < 0 || nx >= c.cfg.Width || ny >= c.cfg.Height {
							continue
						}
						if o := m.Occupant(nx, ny); o >= 0 && m.Group(o) == m.Group(id) {
							n++
						}
					}
				}
				if got, want := m.same(id), n; got != want {
					t.Fatalf("agent %d at (%d, %d): counted %d same-group neighbours, want %d", id, x, y, got, want)
				}
			}
		})
	}
}

// TestSegregationRaisesHappiness checks the model's known behaviour: over
// seeds, the share of happy agents rises from placement to step 20, and
// unhappy agents keep moving until most are happy.
func TestSegregationRaisesHappiness(t *testing.T) {
	const seeds = 10
	var before, after float64
	for s := uint64(0); s < seeds; s++ {
		m := newLarge(t, 100+s)
		before += float64(m.Happy()) / float64(m.Agents())
		for step := 1; step <= Steps; step++ {
			if err := m.Step(sim.Tick(step)); err != nil {
				t.Fatal(err)
			}
		}
		after += float64(m.Happy()) / float64(m.Agents())
	}
	before /= seeds
	after /= seeds
	t.Logf("happy share: %.3f at placement, %.3f after %d steps", before, after, Steps)
	if !(after > before+0.1) {
		t.Errorf("happy share %.3f after %d steps, want well above %.3f at placement", after, Steps, before)
	}
	if after < 0.9 {
		t.Errorf("happy share %.3f after %d steps, want at least 0.9", after, Steps)
	}
}

func TestDeterminism(t *testing.T) {
	run := func(seed uint64) []float64 {
		var obs []float64
		err := sim.Run(context.Background(), sim.Config{Ticks: Steps, Replicates: 3, Seed: seed}, Factory(Large),
			sim.ObserverFunc(func(tr *sim.Trajectory) error {
				if tr.Width != 1 {
					t.Fatalf("width %d, want 1", tr.Width)
				}
				obs = append(obs, tr.Values...)
				return nil
			}))
		if err != nil {
			t.Fatal(err)
		}
		return obs
	}
	a, b, c := run(9), run(9), run(10)
	if !slices.Equal(a, b) {
		t.Error("same seed gave different observations")
	}
	if slices.Equal(a, c) {
		t.Error("different seeds gave identical observations")
	}
	m1, m2 := newLarge(t, 4), newLarge(t, 4)
	for step := 1; step <= 5; step++ {
		m1.Step(sim.Tick(step))
		m2.Step(sim.Tick(step))
	}
	if !slices.Equal(m1.pos, m2.pos) {
		t.Error("same seed gave different positions after 5 steps")
	}
}

func TestNewRejects(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
	}{
		{"zero width", Config{Width: 0, Height: 5, Agents: 3, Radius: 1, MinSame: 1}},
		{"full grid", Config{Width: 2, Height: 2, Agents: 4, Radius: 1, MinSame: 1}},
		{"no radius", Config{Width: 5, Height: 5, Agents: 3, Radius: 0, MinSame: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := New(c.cfg, rand.New(rand.NewPCG(1, 1))); err == nil {
				t.Error("New accepted the configuration")
			}
		})
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	m := newLarge(t, 1)
	step := sim.Tick(0)
	if a := testing.AllocsPerRun(5, func() { step++; m.Step(step) }); a != 0 {
		t.Errorf("Step allocates %.0f times, want 0", a)
	}
}

// BenchmarkSchellingLarge times the framework comparison's large Schelling
// run: 20 steps of the 100 × 100, 8,000-agent world, setup excluded.
func BenchmarkSchellingLarge(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		m, err := New(Large, rand.New(rand.NewPCG(uint64(i), 1)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for step := 1; step <= Steps; step++ {
			m.Step(sim.Tick(step))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/run")
	b.ReportMetric(float64(Large.Agents*Steps*b.N)/b.Elapsed().Seconds(), "agent-steps/s")
}
