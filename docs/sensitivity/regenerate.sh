#!/bin/sh
# Re-makes every table and figure in docs/sensitivity, the global sweep files
# in docs/examples and the parameter table of docs/ODD.md from scratch:
#
#   1. the Morris screening of every model parameter on sedgefield and
#      barking-dagenham (the screening step: *-effects.csv, *-morris.csv,
#      *-morris.png);
#   2. the Sobol analysis of both scenarios over the parameters the
#      screening ranks highest and the policy levers, at base samples N and
#      2N, with the ranking's stability between the two (*-sobol*.csv,
#      *-sobol.png, *-sobol-stability.csv);
#   3. provenance.txt (the commit, Go version and the commands) and the
#      ODD's parameter table (go test ./model -run ODD -update).
#
# Run from anywhere in the repository:  sh docs/sensitivity/regenerate.sh
# KEEP_SCREENING=1 keeps the checked-in screening (step 1) and re-makes the
# rest. On the shared 2-core machine, loaded by other work, the whole script
# took 6.5 minutes at commit 2827c9b (13 to 30 at an earlier commit, under
# heavier load). The results depend
# only on the code and these commands (seeds are the scenarios'), never on
# the number of workers, so a second run gives the same bytes. The result
# cache is bypassed (-no-cache) so that nothing stale is read back.
set -eu
set -f # the factors' team[*] paths are not file patterns

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=docs/sensitivity
tmp=$(mktemp -d "${TMPDIR:-/tmp}/joinedup-sensitivity.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

commit="$(git rev-parse HEAD)$(git diff --quiet HEAD -- '*.go' go.mod go.sum || echo ' (with uncommitted changes to the code)')"
go build -o "$tmp/joinedup" ./cmd/joinedup
jd() { "$tmp/joinedup" "$@"; }

# Outcomes: the end of year 3 (weeks 144-156), averaged over 13 weeks so
# that flow outcomes are read over a quarter, not a single week.
common="-week 156 -window 13 -no-cache -quiet"
screened=cohesion,team_identification,trust,user_experience,weeks_to_intervention,nhs_performance

# 1. Morris screening: 10 trajectories over all parameters, 20 replicates
# per point, local ranges [v/2, 1.5v].
morris() { # scenario metrics
	jd sensitivity "$1" -metrics "$2" $common -o "$tmp/morris-$1" >/dev/null
	cp "$tmp/morris-$1/effects.csv" "$out/$1-effects.csv"
	cp "$tmp/morris-$1/ranking.csv" "$out/$1-morris.csv"
	cp "$tmp/morris-$1/morris.png" "$out/$1-morris.png"
}
if [ "${KEEP_SCREENING:-}" != 1 ]; then
	morris sedgefield "$screened"
	morris barking-dagenham "$screened,joint_posts_standing"
fi

# 2. Sobol: the model parameters the screening ranks highest (at this
# commit) for cohesion, user experience, NHS performance and the joint
# arrangement's survival in either scenario, over the same local ranges
# (agency_productivity and agency_premium, of the labour market, among
# them); the three parameters calibrated to data (turnover, vacancy_weeks,
# labour_supply) over their posterior 90% intervals, rounded outwards
# (calibration/ensemble/default/posterior.csv: update the ranges when the
# calibration changes); and five policy levers over their whole ranges.
params=trust_gain,team_id_gain,trust_loss,newcomer_trust,stranger_trust,shared_work_base,threat_friction
params=$params,finance_squeeze,stall_base,basics_load
params=$params,field_mean_national,other_services_weight,form_weight_joint_posts,conflict_split_hazard,surface_board,conflict_growth
params=$params,agency_productivity,agency_premium
factors="
-params $params
-uncertainty turnover=0.07:0.31
-uncertainty vacancy_weeks=4.8:29.4
-uncertainty labour_supply=0.9:2.88
-lever partnership.pace=0.1:0.9
-lever partnership.ownership=0.2:1
-lever team[*].leadership=0.2:1
-lever team[*].colocated=false,true
-lever team[*].shared_records=false,true
"
sobol() { # scenario survival-metric
	m="cohesion,user_experience,nhs_performance,$2"
	# shellcheck disable=SC2086 # $factors is a list of flags
	jd sensitivity "$1" -method sobol -size 128 -n 4 -metrics "$m" $factors $common -all -format none -o "$tmp/sobol-$1-128" >/dev/null
	# shellcheck disable=SC2086
	jd sensitivity "$1" -method sobol -size 256 -n 4 -metrics "$m" $factors $common -all -against "$tmp/sobol-$1-128" -o "$tmp/sobol-$1-256" >"$tmp/sobol-$1.txt"
	cp "$tmp/sobol-$1-256/ranking.csv" "$out/$1-sobol.csv"
	cp "$tmp/sobol-$1-128/ranking.csv" "$out/$1-sobol-n128.csv"
	cp "$tmp/sobol-$1-256/stability.csv" "$out/$1-sobol-stability.csv"
	cp "$tmp/sobol-$1-256/sobol.png" "$out/$1-sobol.png"
	{
		echo "# Sobol indices of $1 over model parameters and policy levers: made by"
		echo "# docs/sensitivity/regenerate.sh (joinedup sensitivity -method sobol -size 256)."
		echo "# Run it as a sweep with: joinedup sweep run docs/examples/$1-global-sobol.toml -o DIR"
		echo "#"
		cat "$tmp/sobol-$1-256/sweep.toml"
	} >"docs/examples/$1-global-sobol.toml"
	sed -e 's/[[:space:]]*$//' "$tmp/sobol-$1.txt" | sed -e "s|$tmp/||g" >"$out/$1-sobol.txt"
}
sobol sedgefield integrated_teams_standing
sobol barking-dagenham joint_posts_standing

# 3. Provenance and the ODD's parameter table.
{
	echo "commit: $commit"
	echo "go: $(go env GOVERSION)"
	echo "made by: sh docs/sensitivity/regenerate.sh"
} >"$out/provenance.txt"
go test ./model -run ODD -update -count=1 >/dev/null
echo "regenerated docs/sensitivity and the ODD's parameter table at $commit"
