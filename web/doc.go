// Package web serves the teaching page: a what-if page on which a teacher
// picks a scenario from the embedded library, moves its levers, puts reform
// shocks on a timeline, presses play and watches the outcomes of 50
// replicates over five years arrive as they are simulated, with 5–95%
// replicate bands, while one team's people are drawn as a network that
// animates through the run; a run can be pinned, labelled and compared with
// the next on the same axes, exported as CSV or PNG, and downloaded as a
// scenario file that reproduces it.
//
// Everything the page needs (HTML, CSS, JavaScript; charts and the timeline
// drawn as SVG and the people on a canvas by the page's own code) is
// embedded with go:embed; nothing is fetched at run time. Runs go through
// experiment.Run, the one engine, and stream to the browser as server-sent
// events: "meta", "update" (the curves so far), "done" or "error", and
// "people", one snapshot of the watched team per recorded week, read
// through experiment.WatchTeam from the same replicate the run simulates.
// The timeline's shocks reach the run as a shock=[...] setting, the shape
// of a scenario file's [[shock]] tables.
//
// Classroom mode (/class, classroom.go) lets students play the roles: a
// teacher starts a class on an embedded case, students join with a short
// code and each takes a role (NHS chief executive, director of social
// services, team manager, front-line professional). The class's run pauses
// each simulated quarter while the roles decide; every decision is a
// dated event of the scenario file's own vocabulary (a [[shock]] or a
// team's integration date), so the class's run downloads as a scenario
// file that reproduces it. Its bounds and errors are documented on the
// types in classroom.go.
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
//   - The team watched (team) and the replicate (rep) must exist; a team
//     of more than 120 posts is not drawn (a "people-error" event says so).
//   - A run is cancelled when the browser goes away (the request's context).
package web
