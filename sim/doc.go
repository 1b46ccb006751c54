// Package sim runs discrete-time agent-based simulations. It knows nothing of
// any domain.
//
// A simulation advances in ticks. At the start of each tick the events
// scheduled for it are applied in the order they were scheduled, then the
// model's Step runs, then, if the tick is one the configuration observes
// (every Every'th, or as Config.Observed says in advance), the model is
// observed. Randomness is explicit: every replicate draws from its own PCG
// streams derived from (master seed, stream id, replicate, purpose), never
// from a global source: math/rand/v2's (Replicate.Rand), or the same
// numbers through PCG, a generator the compiler can inline into a hot loop
// (Replicate.PCG).
//
// Guarantees: given the same model factory, configuration and seed, Run
// delivers identical observations in identical order whatever the number of
// workers. Observers receive whole replicates in replicate order, one at a
// time, from a single goroutine; they may therefore write to an io.Writer
// without locking.
package sim
