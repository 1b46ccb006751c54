#!/bin/sh
# Refits the default ensemble that runs draw their parameters from, and
# writes it with its tables and figures to calibration/ensemble/default/.
# Run from anywhere: sh calibration/ensemble/regenerate.sh
#
# The fit is deterministic for its seed: on the same model and targets the
# files come out byte-identical, whatever the number of workers. Refit
# whenever the model, its parameter table or calibration/targets.toml
# changes; then rebuild (the ensemble is embedded in the binary) and read
# the new tables before committing them, with every place that quotes them
# or what runs drawn from them give:
#   docs/CALIBRATION.md: "Running a calibration" (which parameters are
#     fitted and why), "The ensemble of record" (command, size and time,
#     the generations, prior and posterior, predictive checks) and
#     "Pattern checks under the ensemble" (joinedup validate-model, with
#     and without -ensemble default);
#   docs/ODD.md: 1.2 (the measured pattern checks), 4.9 (the parameters
#     drawn) and 7.14 (the calibration);
#   model/params.go: the calibrated parameters' sources, then
#     go test ./model -run ODD -update and
#     go test ./scenarios -run 'Schema|Reference' -update;
#   docs/STRESS-ABS.md: 1.3, 3.1, 3.3 and 3.4;
#   README.md: "What you get" (the table and lines printed by
#     joinedup compare sedgefield barking-dagenham, and its
#     plots/outcomes.png copied to docs/img/outcomes.png), the calibration
#     lines, and the sweep examples' figures (they draw from the ensemble).
# If the model no longer has a parameter named in -params below, calibrate
# says so: change the list to the parameters that now carry the same
# uncertainty.
set -eu
cd "$(dirname "$0")/../.."
work=out/ensemble-default
dest=calibration/ensemble/default
# A checkpoint left by an earlier model would be resumed as if it were of
# this one, so every fit starts afresh.
rm -rf "$work"
go run ./cmd/joinedup calibrate \
	-params turnover,vacancy_weeks,labour_supply \
	-particles 100 -generations 5 -n 5 -draws 200 -seed 1 \
	-o "$work"
mkdir -p "$dest"
for f in ensemble.json generations.txt posterior.csv checks.csv prior-posterior.png predictive.png; do
	cp "$work/$f" "$dest/$f"
done
echo "regenerate: wrote $dest; rebuild joinedup to embed it" >&2
