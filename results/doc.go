// Package results turns simulation runs into tables: tidy long CSV of every
// observed value, summaries across replicates, paired comparisons between
// scenarios run on common random numbers, a runs table, a terminal table, and
// an output folder with a manifest that traces every file back to its inputs.
//
// Streaming: a Summariser and a Pairs accumulate summaries and paired
// differences one replicate at a time, and a TidyCSV writes each replicate
// as it comes, so none of them holds more than a fixed amount whatever the
// number of replicates (Welford's running moments; percentiles exact up to
// ExactUpTo values and by P² markers beyond, see Quantiles). A Set holds
// every value of a run, for readers of output folders (ReadTidy) and small
// analyses.
//
// The terminal table (WriteTable) keeps apart how precisely a mean is
// estimated (its 95% confidence interval, which more replicates narrow) and
// what could happen at one site (the 90% prediction interval across
// replicates, which they do not), and judges a change by the share of paired
// replicates in which it holds (Difference.Higher, Same and Lower), read in
// each metric's better direction when the caller gives one (TableOptions).
//
// It reads runs only through sim.Trajectory values and a Meta that names the
// metrics, so it knows nothing of any particular model.
//
// Guarantees:
//
//   - Determinism. Every byte written by this package depends only on the
//     values passed in: the same trajectories and Meta give the same CSV,
//     summaries, comparisons and tables, however many workers computed the
//     replicates. Floating-point values are written with
//     strconv.FormatFloat(v, 'g', -1, 64), the shortest text that reads back
//     as the same float64. Nothing depends on map iteration order, the clock
//     or the locale; the manifest's creation time is supplied by the caller.
//   - Atomic output. An Output writes into a hidden temporary sibling folder
//     and renames it into place only when Commit succeeds, so a folder at the
//     requested path is either complete, with its manifest.json, or absent.
//   - Order. A Summariser or Pairs fed the same replicates in the same order
//     gives the same bytes; fed another order, the same values up to
//     rounding in the last digits (and, beyond ExactUpTo, P² estimates that
//     depend on the order).
//   - Missing values. NaN values are skipped by summaries and comparisons,
//     which report how many values they used.
//
// Errors returned by the package are prefixed "results: ".
package results
