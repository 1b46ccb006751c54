package model

import (
	"fmt"
	"math"
	"time"

	"github.com/joinedup/joinedup/sim"
)

// England's national-scale world: sizes at scale 1.
const (
	EnglandPartnerships = 150 // local health and social care partnerships
	EnglandTeams        = 60  // front-line teams per partnership
	EnglandTeamSize     = 12  // professionals per team
)

// England builds a generated national-scale world for benchmarks and scaling
// studies: round(150 × scale) partnerships (at least one), each an NHS body
// and a council staffing 60 teams of 12 professionals, simulated weekly for
// five years from April 2025. It is deterministic: the same scale gives the
// same Config.
//
// The professions are Sedgefield's (scenarios/library/sedgefield.toml):
// social workers, district nurses, housing support officers and support
// workers, with the same status, discretion, socialisation, costs and
// caseloads. Each team has 4 social workers, 4 district nurses, 2 housing
// support officers and 2 support workers; the NHS body employs the nurses
// and the council everyone else. Referrals are Sedgefield's per professional
// (4.5 a week for 9 staff, so 6 a week for 12), over three client groups.
//
// Partnerships differ deterministically by their number p, so that every
// mechanism has work to do somewhere:
//
//   - p mod 4 = 0: integrated teams from the start (co-located, one manager,
//     shared records, a leadership strategy) and an operational joint post;
//   - p mod 4 = 1: a pathway: 10 teams integrated from the start, the rest
//     integrating in waves over the second and third years; a new NHS body
//     still maturing;
//   - p mod 4 = 2: co-located teams under split management, no shared records;
//   - p mod 4 = 3: separate services (silos), part-time and peripheral staff.
//
// Every NHS body has a yearly reorganisation hazard of 0.1, every council a
// yearly leadership-change hazard of 0.1; every third council has a budget cut
// in the third year, and all partners move to separate national targets in
// the fourth.
//
// model.Config has one Partnership record: in the national world it holds
// the arrangements all partnerships share (integrated-teams form, separate
// targets, leadership and design processes), and it applies to every
// organisation and team. The local differences above live in the teams,
// organisations and joint posts.
func England(scale float64) *Config {
	np := max(1, int(math.Round(EnglandPartnerships*scale)))
	cfg := &Config{
		Name:  fmt.Sprintf("england-%dp", np),
		Start: time.Date(2025, time.April, 1, 0, 0, 0, 0, time.UTC),
		Weeks: 260,
		// Sedgefield's professions (scenarios/library/sedgefield.toml).
		Professions: []Profession{
			{Name: "social worker", Status: 0.55, Discretion: 0.6, Socialisation: 0.6, CareModel: 0, Meets: Social, WeeklyCost: 800, Caseload: 5},
			{Name: "district nurse", Status: 0.6, Discretion: 0.55, Socialisation: 0.65, CareModel: 1, Meets: Health, WeeklyCost: 850, Caseload: 4},
			{Name: "housing support officer", Status: 0.4, Discretion: 0.35, Socialisation: 0.35, CareModel: 0, Meets: Housing, WeeklyCost: 600, Caseload: 4},
			{Name: "support worker", Status: 0.25, Discretion: 0.15, Socialisation: 0.2, CareModel: 0, Meets: Support, WeeklyCost: 450, Caseload: 3},
		},
		Partnership: Partnership{
			Form: FormIntegratedTeams, Pace: 0.4, Ownership: 0.7, Commitment: 0.5,
			Leadership: true, Design: true,
		},
		ClientGroups: []ClientGroup{
			{Name: "older people and physically disabled adults", Need: [3]float64{0.7, 0.8, 0.35}, Complexity: 0.5, FromHospital: 0.25},
			{Name: "adults with learning disabilities", Need: [3]float64{0.4, 0.9, 0.5}, Complexity: 0.45, FromHospital: 0.05},
			{Name: "people leaving hospital", Need: [3]float64{0.9, 0.6, 0.2}, Complexity: 0.55, FromHospital: 0.8},
		},
		Mechanisms: AllMechanisms(),
		Params:     DefaultParams(),
	}
	const (
		socialWorker = iota
		districtNurse
		housingOfficer
		supportWorker
	)
	for p := 0; p < np; p++ {
		variant := p % 4
		nhs, council := len(cfg.Organisations), len(cfg.Organisations)+1
		// Management capacity grows with the teams to be led; the basic
		// business and each integrating team's change load (0.8 and 0.02 by
		// default) then leave Sedgefield's margin.
		capacity := 1 + 0.01*EnglandTeams
		nhsOrg := Organisation{
			Name: fmt.Sprintf("NHS body %03d", p+1), Kind: NHS, Regime: NationalTargets,
			TargetPressure: 0.8, ManagementCapacity: capacity, Maturity: 0.9,
			RatingMonth: time.July, Standing: 0.5, RegulatorStance: 0.5, Funding: 1,
		}
		if variant == 1 {
			nhsOrg.Maturity, nhsOrg.New = 0.6, true
		}
		cfg.Organisations = append(cfg.Organisations, nhsOrg, Organisation{
			Name: fmt.Sprintf("council %03d", p+1), Kind: Council, Regime: LocalAccountability,
			TargetPressure: 0.4, ManagementCapacity: capacity, Maturity: 1,
			RatingMonth: time.December, Standing: 0.5, RegulatorStance: 0.5, Funding: 1,
		})
		if variant == 0 {
			cfg.Partnership.JointPosts = append(cfg.Partnership.JointPosts, JointPost{
				Name: fmt.Sprintf("joint service manager %03d", p+1), Organisations: []int{nhs, council}, Scope: 0.5,
			})
		}
		cfg.Shocks = append(cfg.Shocks,
			Shock{Kind: Reorganisation, At: -1, Hazard: 0.1, Organisation: nhs, Team: -1, Post: -1},
			Shock{Kind: LeadershipChange, At: -1, Hazard: 0.1, Organisation: council, Team: -1, Post: -1},
		)
		if p%3 == 0 {
			cfg.Shocks = append(cfg.Shocks, Shock{Kind: BudgetCut, At: 104 + sim.Tick(p%52), Hazard: 0, Organisation: council, Team: -1, Post: -1, Size: 0.2})
		}
		for j := 0; j < EnglandTeams; j++ {
			t := Team{
				Name:        fmt.Sprintf("partnership %03d team %02d", p+1, j+1),
				ClientGroup: (p + j) % len(cfg.ClientGroups),
				Referrals:   6,
				Members: []Member{
					{Profession: socialWorker, Employer: council, Count: 4},
					{Profession: districtNurse, Employer: nhs, Count: 4},
					{Profession: housingOfficer, Employer: council, Count: 2},
					{Profession: supportWorker, Employer: council, Count: 2},
				},
			}
			switch variant {
			case 0, 1:
				t.Colocated, t.SingleManager, t.SharedRecords, t.Strategy = true, true, true, true
				t.MeetingsPerMonth, t.Leadership = 4, 0.8
				if variant == 1 && j >= 10 {
					t.Integrates = sim.Tick(52 + 13*(j%8))
				}
			case 2:
				t.Colocated = true
				t.MeetingsPerMonth, t.Leadership = 2, 0.6
			case 3:
				t.MeetingsPerMonth, t.Leadership = 1, 0.5
				// One nurse part-time and the housing officers peripheral.
				t.Members = []Member{
					{Profession: socialWorker, Employer: council, Count: 4},
					{Profession: districtNurse, Employer: nhs, Count: 3},
					{Profession: districtNurse, Employer: nhs, Count: 1, Contract: PartTime},
					{Profession: housingOfficer, Employer: council, Count: 2, Contract: Peripheral},
					{Profession: supportWorker, Employer: council, Count: 2},
				}
			}
			cfg.Teams = append(cfg.Teams, t)
		}
	}
	cfg.Shocks = append(cfg.Shocks, Shock{Kind: SeparateTargets, At: 156, Organisation: -1, Team: -1, Post: -1, Size: 0.1})
	return cfg
}

// Professionals returns the number of posts in the configuration's teams.
func (c *Config) Professionals() int {
	n := 0
	for _, t := range c.Teams {
		for _, m := range t.Members {
			n += max(m.Count, 1)
		}
	}
	return n
}
