package schelling

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/joinedup/joinedup/sim"
)

// Config sets the size and rules of a Schelling world. Every field must be
// positive.
type Config struct {
	Width, Height int // grid size in cells; the grid does not wrap
	Agents        int // number of agents; ids 0..Agents/2-1 are group 0, the rest group 1
	Radius        int // Chebyshev radius of the neighbourhood
	MinSame       int // same-group neighbours an agent needs to be happy
}

// Large is the configuration of the framework comparison's large Schelling
// benchmark: 100 × 100 cells, 8,000 agents, radius 2, happy with 8.
var Large = Config{Width: 100, Height: 100, Agents: 8000, Radius: 2, MinSame: 8}

// Steps is the number of steps the benchmark times.
const Steps = 20

// Cell contents in the padded kind grid.
const (
	empty uint8 = iota
	group0
	group1
	wall
)

// Model is one Schelling world; it satisfies sim.Model. Cells are addressed
// on a grid padded with Radius cells of wall on every side, so counting
// neighbours needs no bounds checks.
type Model struct {
	cfg    Config
	r      *rand.Rand
	stride int // padded width

	pos    []int32 // padded cell of each agent
	group  []uint8 // 0 or 1
	happy  []bool  // mood when last activated
	nHappy int

	kind    []uint8 // per padded cell: empty, group0+g or wall
	id      []int32 // per padded cell: occupant id, -1 when none
	empties []int32 // empty cells, in no particular order
	emptyAt []int32 // per padded cell: index in empties, -1 when not empty
	rows    []int32 // offset of the first cell of each neighbourhood row
	order   []int32 // activation order, reshuffled each step
}

// New builds a world: agents on distinct cells drawn uniformly at random
// from r, which the model then uses for every later draw.
func New(cfg Config, r *rand.Rand) (*Model, error) {
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Agents <= 0 || cfg.Radius <= 0 || cfg.MinSame <= 0 {
		return nil, errors.New("schelling: Width, Height, Agents, Radius and MinSame must be positive")
	}
	if cfg.Agents >= cfg.Width*cfg.Height {
		return nil, fmt.Errorf("schelling: %d agents need more than %d×%d cells, leaving one empty", cfg.Agents, cfg.Width, cfg.Height)
	}
	R := cfg.Radius
	stride := cfg.Width + 2*R
	cells := stride * (cfg.Height + 2*R)
	m := &Model{
		cfg: cfg, r: r, stride: stride,
		pos: make([]int32, cfg.Agents), group: make([]uint8, cfg.Agents), happy: make([]bool, cfg.Agents),
		kind: make([]uint8, cells), id: make([]int32, cells), emptyAt: make([]int32, cells),
		order: make([]int32, cfg.Agents),
	}
	for dy := -R; dy <= R; dy++ {
		m.rows = append(m.rows, int32(dy*stride-R))
	}
	for c := range m.kind {
		m.kind[c], m.id[c], m.emptyAt[c] = wall, -1, -1
	}
	inner := make([]int32, 0, cfg.Width*cfg.Height)
	for y := 0; y < cfg.Height; y++ {
		for x := 0; x < cfg.Width; x++ {
			c := int32((y+R)*stride + x + R)
			m.kind[c] = empty
			inner = append(inner, c)
		}
	}
	// A partial Fisher-Yates shuffle places agent i on the i'th drawn cell.
	for i := 0; i < cfg.Agents; i++ {
		j := i + r.IntN(len(inner)-i)
		inner[i], inner[j] = inner[j], inner[i]
		c := inner[i]
		g := uint8(0)
		if i >= cfg.Agents/2 {
			g = 1
		}
		m.pos[i], m.group[i] = c, g
		m.kind[c], m.id[c] = group0+g, int32(i)
		m.order[i] = int32(i)
	}
	m.empties = append([]int32(nil), inner[cfg.Agents:]...)
	for k, c := range m.empties {
		m.emptyAt[c] = int32(k)
	}
	for i := range m.pos {
		m.happy[i] = m.same(i) >= cfg.MinSame
		if m.happy[i] {
			m.nHappy++
		}
	}
	return m, nil
}

// Factory returns a sim.Factory building cfg's world for each replicate from
// the replicate's stream 1.
func Factory(cfg Config) sim.Factory {
	return func(rep sim.Replicate) (sim.Model, error) { return New(cfg, rep.Rand(1)) }
}

// same counts agent i's neighbours in its own group. It scans the rows of
// the neighbourhood square without branching on the contents (the
// outcome of each comparison is unpredictable) and takes the agent itself
// off the count.
func (m *Model) same(i int) int {
	c, want := int(m.pos[i]), group0+m.group[i]
	w := 2*m.cfg.Radius + 1
	n := -1
	for _, off := range m.rows {
		s := c + int(off)
		for _, k := range m.kind[s : s+w] {
			n += b2i(k == want)
		}
	}
	return n
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Step activates every agent once in a freshly shuffled order: a happy
// agent stays, an unhappy one moves to a uniformly random empty cell.
func (m *Model) Step(sim.Tick) error {
	o := m.order
	for i := len(o) - 1; i > 0; i-- {
		j := m.r.IntN(i + 1)
		o[i], o[j] = o[j], o[i]
	}
	for _, a := range o {
		i := int(a)
		h := m.same(i) >= m.cfg.MinSame
		if h != m.happy[i] {
			m.happy[i] = h
			if h {
				m.nHappy++
			} else {
				m.nHappy--
			}
		}
		if !h {
			m.move(i)
		}
	}
	return nil
}

// move puts agent i on a uniformly random empty cell; its old cell takes
// the new cell's place in the empty list.
func (m *Model) move(i int) {
	k := m.r.IntN(len(m.empties))
	src, dst := m.pos[i], m.empties[k]
	m.empties[k], m.emptyAt[src], m.emptyAt[dst] = src, int32(k), -1
	m.kind[dst], m.id[dst] = m.kind[src], int32(i)
	m.kind[src], m.id[src] = empty, -1
	m.pos[i] = dst
}

// Observe appends the number of agents that were happy when last activated
// (at tick 0, the number happy where they were placed).
func (m *Model) Observe(_ sim.Tick, dst []float64) []float64 {
	return append(dst, float64(m.nHappy))
}

// Happy returns the number of agents that were happy when last activated.
func (m *Model) Happy() int { return m.nHappy }

// Agents returns the number of agents.
func (m *Model) Agents() int { return len(m.pos) }

// Group returns agent id's group, 0 or 1.
func (m *Model) Group(id int) int { return int(m.group[id]) }

// Position returns agent id's cell, 0 ≤ x < Width, 0 ≤ y < Height.
func (m *Model) Position(id int) (x, y int) {
	c := int(m.pos[id])
	return c%m.stride - m.cfg.Radius, c/m.stride - m.cfg.Radius
}

// Occupant returns the id of the agent on cell (x, y), or -1 if it is empty.
func (m *Model) Occupant(x, y int) int {
	return int(m.id[(y+m.cfg.Radius)*m.stride+x+m.cfg.Radius])
}

// Empty returns the number of empty cells.
func (m *Model) Empty() int { return len(m.empties) }
