// Package model holds the domain: professions, professionals, teams,
// organisations, the partnership between them, service users' cases and the
// reform shocks that hit them. It implements sim.Model.
//
// A World is built from a Config (plain data, with names already resolved to
// indices and dates to weeks; package scenarios makes Configs from files).
// Each week the World runs ten named submodels, each in its own file and
// each with a switch in Mechanisms:
//
//  1. contact             (contact.go)    Allport's contact hypothesis
//  2. self_categorisation (identity.go)   identification with the work group
//  3. pessimistic_tradition (tradition.go) identity, status and discretion
//  4. trust_asymmetry     (trust.go)      slow to build, quick to break
//  5. performance_regime  (regime.go)     targets, ratings, intervention
//  6. management_capacity (capacity.go)   finite management attention
//  7. governance          (governance.go) mismatched regimes breed conflict
//  8. service_flow        (service.go)    cases, handoffs, outcomes
//  9. workforce           (workforce.go)  stress, turnover, recruitment
//  10. labour_market      (labour.go)     local pools, poaching, agency cover
//
// Money (money.go) runs beside them, with no switch: budgets in pounds,
// spending on staff and placements, pooled, aligned or separate budgets,
// cost shunting, delayed-discharge payments, performance-linked funding.
//
// Agent state lives in flat slices indexed by professional id; relations to
// other professions are indexed by the team's profession slot, so per-week
// work is O(professionals × professions per team + open cases).
//
// Determinism: a World draws only from the generators handed to it by its
// sim.Replicate, in a fixed order (teams, then members, in index order); it
// never ranges over a map while stepping.
package model
