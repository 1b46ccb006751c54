package scenarios

import (
	"errors"
	"sort"
	"time"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/sim"
)

// Defaults for run settings left out of a file.
const (
	DefaultWeeks      = 260
	DefaultReplicates = 200
	DefaultSeed       = 1
)

// Weeks returns the number of weeks to simulate (the default when left out).
func (s *Scenario) Weeks() int {
	if s.Run.Weeks > 0 {
		return s.Run.Weeks
	}
	return DefaultWeeks
}

// Replicates returns the number of replicates (the default when left out).
func (s *Scenario) Replicates() int {
	if s.Run.Replicates > 0 {
		return s.Run.Replicates
	}
	return DefaultReplicates
}

// Seed returns the master seed (the default when left out).
func (s *Scenario) Seed() uint64 {
	if s.Run.Seed > 0 {
		return s.Run.Seed
	}
	return DefaultSeed
}

// Build validates the scenario and resolves it into a model configuration:
// names become indices, dates become weeks from run.start, words become the
// model's types, and defaults are filled in.
func (s *Scenario) Build() (*model.Config, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	var errs []error
	fe := func(path, msg string) { errs = append(errs, &FieldError{File: s.file, Path: path, Msg: msg}) }

	cfg := &model.Config{
		Name:       s.Name,
		Start:      s.Run.Start.Time,
		Weeks:      s.Weeks(),
		Mechanisms: model.AllMechanisms(),
		Params:     model.DefaultParams(),
	}
	week := func(d Date) sim.Tick {
		if d.IsZero() {
			return 0
		}
		return cfg.WeekOf(d.Time)
	}
	profIdx := map[string]int{}
	for i, p := range s.Professions {
		profIdx[p.Name] = i
		cm := map[string]float64{"social": 0, "mixed": 0.5, "medical": 1}[p.CareModel]
		meets := map[string]model.Need{"health": model.Health, "social": model.Social, "housing": model.Housing, "support": model.Support}[p.Meets]
		caseload := p.Caseload
		if caseload == 0 {
			caseload = 3
		}
		cfg.Professions = append(cfg.Professions, model.Profession{
			Name: p.Name, Status: p.Status, Discretion: p.Discretion, Socialisation: p.Socialisation,
			CareModel: cm, Meets: meets, WeeklyCost: p.WeeklyCost, Caseload: caseload,
		})
	}
	orgIdx := map[string]int{}
	for i, o := range s.Organisations {
		orgIdx[o.Name] = i
		mc, mat, base, stance, funding := o.ManagementCapacity, o.Maturity, o.Baseline, o.RegulatorStance, o.Funding
		if mc == 0 {
			mc = 1
		}
		if stance == 0 {
			stance = 0.5
		}
		if funding == 0 {
			funding = 1
		}
		if mat == 0 {
			mat = 1
		}
		if base == 0 {
			base = 0.5
		}
		rm := time.Month(o.RatingMonth)
		if rm == 0 {
			rm = time.July
		}
		cfg.Organisations = append(cfg.Organisations, model.Organisation{
			Name: o.Name, Kind: map[string]model.OrgKind{"nhs": model.NHS, "council": model.Council, "voluntary": model.Voluntary}[o.Kind],
			Regime:         map[string]model.Regime{"national-targets": model.NationalTargets, "local-accountability": model.LocalAccountability}[o.Regime],
			TargetPressure: o.TargetPressure, ManagementCapacity: mc, Maturity: mat, New: o.New,
			RatingMonth: rm, FirstRating: week(o.FirstRating), Standing: base, RegulatorStance: stance, Funding: funding,
		})
	}
	pt := s.Partnership
	forms := map[string]model.Form{"": model.FormNone, "none": model.FormNone, "network": model.FormNetwork, "placement": model.FormPlacement,
		"co-location": model.FormColocation, "integrated-teams": model.FormIntegratedTeams, "joint-posts": model.FormJointPosts,
		"pooled-budget": model.FormPooledBudget, "care-trust": model.FormCareTrust}
	cfg.Partnership = model.Partnership{
		Form: forms[pt.Form], JointTargets: pt.Targets == "joint", Pace: pt.Pace, Ownership: pt.Ownership,
		Leadership: pt.Change.Leadership, Design: pt.Change.Design, Logistics: pt.Change.Logistics, Consultancy: pt.Change.Consultancy,
		Commitment: pt.Commitment, WorkforceStrategy: pt.WorkforceStrategy,
		Budgets: map[string]model.BudgetMode{"": model.SeparateBudgets, "separate": model.SeparateBudgets, "aligned": model.AlignedBudgets, "pooled": model.PooledBudget}[pt.Budgets],
	}
	if cfg.Partnership.Commitment == 0 {
		cfg.Partnership.Commitment = 0.5
	}
	postIdx := map[string]int{}
	for i, jp := range pt.JointPosts {
		postIdx[jp.Name] = i
		var orgs []int
		for _, o := range jp.Organisations {
			orgs = append(orgs, orgIdx[o])
		}
		cfg.Partnership.JointPosts = append(cfg.Partnership.JointPosts, model.JointPost{
			Name: jp.Name, Executive: jp.Level != "operational", Organisations: orgs, Scope: jp.Scope,
		})
	}
	groupIdx := map[string]int{}
	for i, g := range s.ClientGroups {
		groupIdx[g.Name] = i
		cfg.ClientGroups = append(cfg.ClientGroups, model.ClientGroup{
			Name: g.Name, Need: [3]float64{g.Health, g.Social, g.Housing}, Complexity: g.Complexity, FromHospital: g.FromHospital,
		})
	}
	teamIdx := map[string]int{}
	for i, t := range s.Teams {
		teamIdx[t.Name] = i
		mt := model.Team{
			Name: t.Name, ClientGroup: groupIdx[t.ClientGroup], Referrals: t.Referrals, Colocated: t.Colocated,
			SingleManager: t.Management == "single", SharedRecords: t.SharedRecords, MeetingsPerMonth: t.MeetingsPerMonth,
			Leadership: t.Leadership, Strategy: t.LeadershipStrategy, Integrates: week(t.Integrates),
		}
		for _, m := range t.Members {
			c := model.FullTime
			switch m.Contract {
			case "part-time":
				c = model.PartTime
			case "peripheral":
				c = model.Peripheral
			}
			mt.Members = append(mt.Members, model.Member{Profession: profIdx[m.Profession], Employer: orgIdx[m.Employer], Count: max(m.Count, 1), Contract: c})
		}
		cfg.Teams = append(cfg.Teams, mt)
	}
	if cfg.Partnership.Form == model.FormCareTrust {
		careTrust(cfg)
	}
	kinds := map[string]model.ShockKind{}
	for i, k := range model.ShockKinds() {
		kinds[k] = model.ShockKind(i)
	}
	for _, sh := range s.Shocks {
		ms := model.Shock{Kind: kinds[sh.Kind], At: -1, Hazard: sh.Hazard, Organisation: -1, Team: -1, Post: -1, Size: sh.Size}
		if !sh.Date.IsZero() {
			ms.At = week(sh.Date)
		}
		if sh.Organisation != "" {
			ms.Organisation = orgIdx[sh.Organisation]
		}
		if sh.Team != "" {
			ms.Team = teamIdx[sh.Team]
		}
		if sh.Post != "" {
			ms.Post = postIdx[sh.Post]
		}
		cfg.Shocks = append(cfg.Shocks, ms)
	}
	m := s.Mechanisms
	set := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	set(&cfg.Mechanisms.Contact, m.Contact)
	set(&cfg.Mechanisms.SelfCategorisation, m.SelfCategorisation)
	set(&cfg.Mechanisms.PessimisticTradition, m.PessimisticTradition)
	set(&cfg.Mechanisms.TrustAsymmetry, m.TrustAsymmetry)
	set(&cfg.Mechanisms.PerformanceRegime, m.PerformanceRegime)
	set(&cfg.Mechanisms.ManagementCapacity, m.ManagementCapacity)
	set(&cfg.Mechanisms.Governance, m.Governance)
	set(&cfg.Mechanisms.ServiceFlow, m.ServiceFlow)
	set(&cfg.Mechanisms.Workforce, m.Workforce)
	set(&cfg.Mechanisms.LabourMarket, m.LabourMarket)
	for _, name := range sortedKeys(s.Parameters) {
		if err := cfg.Params.Set(name, s.Parameters[name]); err != nil {
			fe("parameters."+name, trimModel(err.Error()))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return cfg, nil
}

func trimModel(s string) string {
	const p = "model: "
	if len(s) > len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// careTrust puts social care under NHS governance: in a care trust the
// council's staff in the teams are employed by the trust, the first NHS
// organisation that staffs a team, so they answer to its national targets,
// its budget and its line management. The council remains, with no staff
// in the teams. Without an NHS organisation in the teams nothing changes.
func careTrust(cfg *model.Config) {
	trust := -1
	for _, t := range cfg.Teams {
		for _, m := range t.Members {
			if trust < 0 && cfg.Organisations[m.Employer].Kind == model.NHS {
				trust = m.Employer
			}
		}
	}
	if trust < 0 {
		return
	}
	for ti := range cfg.Teams {
		for mi := range cfg.Teams[ti].Members {
			m := &cfg.Teams[ti].Members[mi]
			if cfg.Organisations[m.Employer].Kind == model.Council {
				m.Employer = trust
			}
		}
	}
}
