// Package experiment runs experiments: every command that simulates goes
// through it. An experiment is a Plan: arms (resolved scenarios, each with
// the overrides that made it), design points (factor settings applied to
// every arm), replicates per point, weeks, the recording interval, a master
// seed, workers and a shard. Run simulates the plan on a pool of workers and
// streams each completed unit — one replicate of one design point, every arm
// of it — to Sinks, which keep what they need (summaries, paired
// differences, a per-replicate table, progress, a live feed) and nothing
// more, so memory does not grow with replicates or design points.
//
// Guarantees:
//
//   - Determinism. Replicate r of design point p draws every random number
//     from sim.Replicate{Master: Plan.Seed, Stream: p, Index: r} (stream 0
//     for every point when Plan.SharedStreams is set). Sinks receive units
//     in (point, replicate) order, from one goroutine. So what sinks see,
//     and every file they write, is the same whatever the number of
//     workers, the order in which workers finish or the sharding.
//   - Common random numbers. The arms of a unit share its random streams,
//     so arm differences are paired replicate by replicate: the noise the
//     arms have in common cancels in a paired difference.
//   - Common parameters. With Plan.Ensemble, replicate r of point p draws
//     one parameter set from the ensemble using its own stream of the same
//     seed (purpose EnsemblePurpose), so every arm of the unit runs with
//     that set, the draw does not depend on workers or shards, and the
//     model's own streams are untouched (see Ensemble for what a draw
//     sets). An ensemble naming a parameter the model does not have is
//     refused before anything runs.
//   - Sharding. Shard{Index: i, Count: n} runs exactly the units whose
//     position k = point×Replicates + replicate satisfies k mod n == i, with
//     the same seeds as the unsharded plan: the shards' units together are
//     the plan's units, each once. Plan.Only narrows the units further (a
//     resumed run), again without changing seeds.
//   - Cancellation. When ctx is cancelled Run stops starting units, still
//     delivers the complete units that precede the first incomplete one,
//     then calls every Finisher with the error and returns it. Folder
//     sinks abort: nothing half-written appears.
//   - Bounded memory. Run keeps at most a few units per worker in flight;
//     the sinks in this package keep fixed-size accumulators (Welford's
//     running moments and P² quantile markers; see results.Quantiles) per
//     arm, design point, week and metric, and write the per-replicate
//     table as it comes.
//   - Never the same work twice. With Plan.Cache, a run already made is
//     read back instead of simulated (see Cache for the key and bound).
//
// Arm and point settings are kept as structured data (Arm.Overrides,
// Setting) so an output folder records exactly what was run, and a run can
// be re-made from the folder alone (see Folder and LoadPlan).
//
// Sinks are small: Add receives each unit; the optional Starter and
// Finisher abilities, found by type assertion, hear of the start and the
// end. Provided sinks: Folder (a complete output folder), Summaries,
// Differences, Table (per-replicate data through a ReplicateWriter),
// WindowMeans (one number per point and metric, for screening), Progress
// and Feed (a channel for a live display).
//
// Behind the curves are people: WatchTeam simulates one replicate of a
// plan again, exactly as Run does, and hands a watcher a snapshot of one
// team (model.TeamSnapshot) every few weeks, for a display of that team as
// a network.
package experiment
