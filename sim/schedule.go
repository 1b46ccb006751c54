package sim

import (
	"container/heap"
	"math/rand/v2"
)

// Tick is one step of simulated time. The domain maps ticks to calendar time.
type Tick int

// Event happens at the start of a tick, before the model steps.
type Event interface {
	Apply(t Tick, r *rand.Rand) error
}

// EventFunc adapts a function to the Event interface.
type EventFunc func(t Tick, r *rand.Rand) error

// Apply calls f(t, r).
func (f EventFunc) Apply(t Tick, r *rand.Rand) error { return f(t, r) }

type scheduled struct {
	at  Tick
	seq uint64
	ev  Event
}

type eventHeap []scheduled

func (h eventHeap) Len() int { return len(h) }
func (h eventHeap) Less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	return h[i].seq < h[j].seq
}
func (h eventHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *eventHeap) Push(x any)   { *h = append(*h, x.(scheduled)) }
func (h *eventHeap) Pop() any {
	old := *h
	n := len(old)
	x := old[n-1]
	*h = old[:n-1]
	return x
}

// Schedule is a queue of time-stamped events. Events at the same tick are
// applied in the order they were added. The zero Schedule is empty and ready
// to use.
type Schedule struct {
	h   eventHeap
	seq uint64
}

// At schedules e for the start of tick t.
func (s *Schedule) At(t Tick, e Event) {
	heap.Push(&s.h, scheduled{at: t, seq: s.seq, ev: e})
	s.seq++
}

// Len reports how many events are pending.
func (s *Schedule) Len() int { return s.h.Len() }

// ApplyDue applies, in order, every pending event scheduled at or before t,
// including events that those events schedule for t itself.
func (s *Schedule) ApplyDue(t Tick, r *rand.Rand) error {
	for s.h.Len() > 0 && s.h[0].at <= t {
		e := heap.Pop(&s.h).(scheduled)
		if err := e.ev.Apply(t, r); err != nil {
			return err
		}
	}
	return nil
}
