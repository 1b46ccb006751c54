// Package web serves the teaching page: a what-if page on which a teacher
// picks a scenario from the embedded library, moves its levers, presses
// play and watches the outcomes of 50 replicates over five years arrive as
// they are simulated, with 5–95% replicate bands; a run can be pinned and
// compared with the next on the same axes, exported as CSV, and downloaded
// as a scenario file that reproduces it.
//
// Everything the page needs (HTML, CSS, JavaScript; charts drawn as SVG by
// the page's own code) is embedded with go:embed; nothing is fetched at run
// time. Runs go through experiment.Run, the one engine, and stream to the
// browser as server-sent events.
//
// Guarantees for requests from the page:
//
//   - Only embedded scenarios are named; no file-system path is accepted.
//   - Replicates and weeks are bounded (Options.MaxReplicates,
//     Options.MaxWeeks), as are the number of settings a request makes.
//   - A setting whose path the scenario does not have is refused with the
//     scenarios package's own error, as a 400.
//   - Each client (a cookie set with the page) has at most one run at a
//     time: a new run cancels its previous one. At most Options.MaxRuns
//     runs go at once; beyond that the server answers 429.
//   - A run is cancelled when the browser goes away (the request's context).
package web
