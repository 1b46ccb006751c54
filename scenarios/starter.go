package scenarios

import (
	"fmt"
	"regexp"
	"strings"
)

// starterName is the form of a starter scenario's name: a word that is
// also a file name.
var starterName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// Starter returns a commented starter scenario called name, for a user to
// edit: every table explained in plain words, assumptions marked [A] as in
// the library files, and a first line "#:schema ./scenario.schema.json"
// (see SchemaFile) that lets editors (Taplo, Even Better TOML) check keys
// and show each one's meaning, once the schema is written beside it. The
// starter is valid and builds. The name is letters, digits, '-' and '_'.
func Starter(name string) ([]byte, error) {
	if !starterName.MatchString(name) {
		return nil, fmt.Errorf("scenarios: starter name %q: use letters, digits, '-' and '_', starting with a letter or digit (for example \"my-area\")", name)
	}
	return []byte(strings.ReplaceAll(starterText, "{{NAME}}", name)), nil
}

const starterText = `#:schema ./` + SchemaFile + `
#
# {{NAME}}: a starter scenario for joinedup. Edit it, then check it with
#   joinedup validate {{NAME}}.toml
# and run it with
#   joinedup run {{NAME}}.toml
#
# The first line lets editors that read "#:schema" (Taplo, the Even Better
# TOML extension for VS Code) check every key and show what it means as you
# type, using the file scenario.schema.json that joinedup init wrote beside
# this one (the path is relative to this file; if you move the scenario,
# move the schema with it or correct the path). Every key is described in
# docs/SCENARIOS.md.
#
# Values marked [A] are assumptions: replace them with figures from your
# own source and mark those [S], citing the source in "source" below.

name = "{{NAME}}"
description = "Two organisations run one co-located team of nurses and social workers"
source = "none yet: cite the report or paper this scenario is drawn from"

# How long to simulate, how many times, and from which seed. Each replicate
# is one run with its own random draws; results report the spread across them.
[run]
start = 2024-04-01   # [A] the calendar date of week 0
weeks = 156          # three years of weekly steps
replicates = 50      # more replicates give narrower intervals
seed = 1

# Professions are kinds of worker, not people. Status and discretion run
# from 0 (lowest) to 1 (highest); socialisation is how strongly newcomers
# take on the profession's identity. care_model is "medical", "social" or
# "mixed"; meets is the need they meet: "health", "social", "housing" or
# "support".
[[profession]]
name = "district nurse"
status = 0.6           # [A]
discretion = 0.55      # [A]
socialisation = 0.65   # [A]
care_model = "medical"
meets = "health"
weekly_cost = 850      # [A] pounds per full-time week, with on-costs
caseload = 4           # [A] case contributions per full-time week

[[profession]]
name = "social worker"
status = 0.55          # [A]
discretion = 0.6       # [A]
socialisation = 0.6    # [A]
care_model = "social"
meets = "social"
weekly_cost = 800      # [A]
caseload = 5           # [A]

# Organisations employ the staff and answer to a regime: "national-targets"
# (central performance management, yearly star ratings) or
# "local-accountability". kind is "nhs", "council" or "voluntary".
[[organisation]]
name = "the NHS trust"
kind = "nhs"
regime = "national-targets"
target_pressure = 0.7      # [A] how hard targets press, 0 to 1
management_capacity = 1.0  # [A] 1 runs the basic business with a modest surplus
maturity = 1.0             # [A] 0 brand new to 1 long established
rating_month = 7           # the month ratings are published
baseline = 0.65            # [A] standing among peers (0-1) on rated services not simulated

[[organisation]]
name = "the council"
kind = "council"
regime = "local-accountability"
target_pressure = 0.4      # [A]
management_capacity = 1.0  # [A]
maturity = 1.0             # [A]
rating_month = 12
baseline = 0.65            # [A]

# The partnership is the whole-system arrangement. form is one of "none",
# "network", "placement", "co-location", "integrated-teams", "joint-posts",
# "pooled-budget" or "care-trust"; targets are "joint" (judged together) or
# "separate". pace is how fast structures change and ownership how equal the
# partners are, both 0 to 1.
[partnership]
form = "co-location"   # [A]
targets = "joint"      # [A]
pace = 0.3             # [A]
ownership = 0.8        # [A]

# Which whole-system change processes are in place (true or false).
[partnership.change]
leadership = true      # [A] a partnership board
design = false         # a cross-agency design team
logistics = false      # work streams for the operational detail
consultancy = false    # dedicated change staff

# Posts shared by two or more organisations, such as a joint chief
# executive, are written [[partnership.joint_post]]; this scenario has none.

# Client groups are kinds of service user: the chances that a referral needs
# health, social and housing help (0 to 1), how complex it is, and the share
# waiting to leave hospital.
[[client_group]]
name = "older people"
health = 0.7           # [A]
social = 0.7           # [A]
housing = 0.2          # [A]
complexity = 0.5       # [A]
from_hospital = 0.25   # [A]

# Teams are front-line teams. management is "single" (one manager for all)
# or "split" (each employer manages its own staff); leadership runs from 0
# (none) to 1 (strong). Each [[team.member]] is a group of identical members:
# a profession, its employer and how many; contract is "full-time",
# "part-time" or "peripheral".
[[team]]
name = "neighbourhood team"
client_group = "older people"
referrals = 6              # [A] referrals per week
colocated = true
management = "single"
shared_records = false
meetings_per_month = 2     # [A]
leadership = 0.6           # [A]

[[team.member]]
profession = "district nurse"
employer = "the NHS trust"
count = 4                  # [A]

[[team.member]]
profession = "social worker"
employer = "the council"
count = 3                  # [A]

# Shocks are reforms and events, on a date or at a yearly hazard (never
# both). kind is one of "reorganisation", "abolition", "separate-targets",
# "joint-targets", "joint-post-split", "leadership-change",
# "common-core-training", "budget-cut", "choice-competition",
# "performance-funding", "discharge-fines", "departure" or
# "leadership-effort"; docs/SCENARIOS.md says what each does.
[[shock]]
kind = "budget-cut"
date = 2025-04-01          # [A]
organisation = "the council"
size = 0.1                 # [A] a tenth of the budget
note = "assumption: a cut at the start of the second year"

# Every submodel is on unless switched off here, for example:
# [mechanisms]
# trust_asymmetry = false
#
# The model's behavioural coefficients have defaults drawn from the sources
# or stated as assumptions (docs/ODD.md); override one by name, for example:
# [parameters]
# turnover = 0.15
`
