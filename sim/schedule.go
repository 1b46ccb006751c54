package sim

import "math/rand/v2"

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

// eventHeap is a binary min-heap of scheduled events ordered by (at, seq),
// kept by hand rather than with container/heap so that pushing and popping
// box nothing: a warm schedule allocates only when it outgrows its backing
// array.
type eventHeap []scheduled

func (h eventHeap) less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	return h[i].seq < h[j].seq
}

func (h *eventHeap) push(x scheduled) {
	*h = append(*h, x)
	a := *h
	for i := len(a) - 1; i > 0; {
		p := (i - 1) / 2
		if !a.less(i, p) {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
}

func (h *eventHeap) pop() scheduled {
	a := *h
	top := a[0]
	n := len(a) - 1
	a[0] = a[n]
	a[n] = scheduled{}
	a = a[:n]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < n && a.less(l, m) {
			m = l
		}
		if r < n && a.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return top
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
	s.h.push(scheduled{at: t, seq: s.seq, ev: e})
	s.seq++
}

// Len reports how many events are pending.
func (s *Schedule) Len() int { return len(s.h) }

// ApplyDue applies, in order, every pending event scheduled at or before t,
// including events that those events schedule for t itself.
func (s *Schedule) ApplyDue(t Tick, r *rand.Rand) error {
	for len(s.h) > 0 && s.h[0].at <= t {
		e := s.h.pop()
		if err := e.ev.Apply(t, r); err != nil {
			return err
		}
	}
	return nil
}
