package model

import "fmt"

// Params are the behavioural coefficients of the submodels. Every one has a
// unit, a range, a default and a source or stated assumption, listed in
// ParamSpecs and in the ODD description (docs/ODD.md).
type Params struct {
	// contact (mechanism 1)
	ContactColocated  float64 // weekly contact with each other profession when co-located, 0..1
	ContactDistant    float64 // weekly contact when not co-located, 0..1
	ContactMeeting    float64 // contact added per team meeting a month
	ContactRecords    float64 // contact added by a shared record system
	ContactJointCase  float64 // contact added per shared case in the week
	StereotypeLearn   float64 // weekly fall in stereotype at full contact under ideal conditions
	RoleLearn         float64 // weekly gain in role understanding at full contact
	StereotypeRelapse float64 // weekly relapse of stereotype toward its professional baseline
	// self-categorisation (mechanism 2)
	TeamIDGain   float64 // weekly gain in team identification with shared daily work and active management
	TeamIDDecay  float64 // weekly decay of team identification without active management
	AffinityRate float64 // weekly rate at which professional and employer affinity move to their targets
	// pessimistic tradition (mechanism 3)
	DiscretionWeight float64 // how strongly protected discretion lowers acceptance, 0..1
	StatusWeight     float64 // how strongly perceived status gaps lower acceptance, 0..1
	IdentityWeight   float64 // how strongly professional identity damps contact effects, 0..1
	ParityRate       float64 // weekly rate at which perceived status gaps move to their target
	// trust (mechanism 4)
	TrustGain float64 // weekly trust gain per unit of positive experience
	TrustLoss float64 // trust loss per unit of negative experience
	// performance regime (mechanism 5)
	NoStarsPenalty   float64 // fall in measured performance per unit of attention spent on a partnership under separate targets
	RevertThreshold  float64 // measured performance below which a national-targets organisation reverts to type
	TargetPull       float64 // pull of effort toward measured work per unit of target pressure, under separate targets
	InterventionProb float64 // probability that a zero-star rating brings intervention ending joint arrangements
	PerformanceNoise float64 // weekly noise (sd) in measured performance
	// management capacity (mechanism 6)
	BasicsLoad     float64 // management attention the basic business needs
	JointPostLoad  float64 // attention a joint executive post of full scope needs while it beds in
	TeamChangeLoad float64 // attention each integrating team needs while it beds in
	BeddingInWeeks float64 // weeks over which change load falls away
	DeficitPenalty float64 // fall in measured performance per unit of management deficit
	ReorgDiversion float64 // share of management capacity a reorganisation diverts at first
	ReorgWeeks     float64 // weeks over which attention diverted by a reorganisation recovers
	// governance (mechanism 7)
	ConflictGrowth float64 // weekly growth of conflict between partners under mismatched regimes
	ConflictDecay  float64 // weekly decay of conflict when it is surfaced and managed
	// service flow (mechanism 8)
	StallBase         float64 // probability that a handoff stalls a case for a week, before trust and structure
	DuplicateBase     float64 // probability of a duplicate assessment at a handoff, before trust and structure
	SingleManagerSeam float64 // share of a cross-employer handoff's seam (stall risk, felt by the user) left under one line manager
	DropWeekly        float64 // weekly probability that a case waiting over 12 weeks is dropped
	EmergencyRisk     float64 // weekly probability of an emergency admission for a waiting case with health needs
	ResidentialRisk   float64 // probability of admission to residential care at closure, for a simple case seen at once
	EmergencyCost     float64 // cost of an emergency admission, pounds
	ResidentialCost   float64 // cost of a residential care admission (first year), pounds
	// workforce (mechanism 9)
	Turnover     float64 // yearly staff turnover at average intention to leave
	VacancyWeeks float64 // mean weeks to fill a vacancy with one employer recruiting
	StressRate   float64 // weekly rate at which stress moves to its target
	// heterogeneity
	SiteVariation       float64 // sd of a team's leadership quality around its configured value, across sites and replicates
	IndividualVariation float64 // sd of a professional's socialisation and discretion around the profession's
}

// ParamSpec documents one parameter.
type ParamSpec struct {
	Name    string // the name used in a scenario's [parameters] table
	Unit    string
	Min     float64
	Max     float64
	Default float64
	Source  string // a source figure or a stated assumption
	field   func(*Params) *float64
}

// DefaultParams returns the default coefficients.
func DefaultParams() Params {
	var p Params
	for _, s := range ParamSpecs {
		*s.field(&p) = s.Default
	}
	return p
}

// Set sets a parameter by its scenario name.
func (p *Params) Set(name string, v float64) error {
	for _, s := range ParamSpecs {
		if s.Name == name {
			if v < s.Min || v > s.Max {
				return fmt.Errorf("model: parameter %s = %g out of range [%g, %g]", name, v, s.Min, s.Max)
			}
			*s.field(p) = v
			return nil
		}
	}
	return fmt.Errorf("model: unknown parameter %q", name)
}

// Get returns a parameter by its scenario name.
func (p *Params) Get(name string) (float64, bool) {
	for _, s := range ParamSpecs {
		if s.Name == name {
			return *s.field(p), true
		}
	}
	return 0, false
}

// ParamNames lists the parameter names in documentation order.
func ParamNames() []string {
	n := make([]string, len(ParamSpecs))
	for i, s := range ParamSpecs {
		n[i] = s.Name
	}
	return n
}

const assume = "assumption"

// ParamSpecs lists every parameter with its unit, range, default and source.
var ParamSpecs = []ParamSpec{
	{"contact_colocated", "contact units/week", 0, 1, 0.6, assume + ": daily contact in a shared base (Anning et al., 001)", func(p *Params) *float64 { return &p.ContactColocated }},
	{"contact_distant", "contact units/week", 0, 1, 0.08, assume + ": occasional contact between separately based services", func(p *Params) *float64 { return &p.ContactDistant }},
	{"contact_meeting", "contact units per monthly meeting", 0, 0.2, 0.03, assume, func(p *Params) *float64 { return &p.ContactMeeting }},
	{"contact_records", "contact units/week", 0, 0.5, 0.08, assume + ": one database makes colleagues' work visible (Sedgefield, 000)", func(p *Params) *float64 { return &p.ContactRecords }},
	{"contact_joint_case", "contact units per shared case", 0, 0.5, 0.12, assume, func(p *Params) *float64 { return &p.ContactJointCase }},
	{"stereotype_learn", "1/week", 0, 0.1, 0.025, assume + ": stereotypes fall over one to three years of good contact (Allport; 000)", func(p *Params) *float64 { return &p.StereotypeLearn }},
	{"role_learn", "1/week", 0, 0.1, 0.02, assume + ": understanding of roles grows within one to two years (000)", func(p *Params) *float64 { return &p.RoleLearn }},
	{"stereotype_relapse", "1/week", 0, 0.05, 0.004, assume, func(p *Params) *float64 { return &p.StereotypeRelapse }},
	{"team_id_gain", "1/week", 0, 0.2, 0.035, assume + ": affinity reorients to the team within one to three years (000)", func(p *Params) *float64 { return &p.TeamIDGain }},
	{"team_id_decay", "1/week", 0, 0.1, 0.012, assume + ": identification decays without active team management (001)", func(p *Params) *float64 { return &p.TeamIDDecay }},
	{"affinity_rate", "1/week", 0, 0.2, 0.02, assume, func(p *Params) *float64 { return &p.AffinityRate }},
	{"discretion_weight", "share", 0, 1, 0.6, assume + ": protected discretion suppresses joint working (Hudson 2002, cited in 000)", func(p *Params) *float64 { return &p.DiscretionWeight }},
	{"status_weight", "share", 0, 1, 1.2 / 2, assume + ": status differentials suppress joint working (000, 001)", func(p *Params) *float64 { return &p.StatusWeight }},
	{"identity_weight", "share", 0, 1, 0.5, assume + ": strong professional identity limits understanding of other views (000)", func(p *Params) *float64 { return &p.IdentityWeight }},
	{"parity_rate", "1/week", 0, 0.2, 0.015, assume, func(p *Params) *float64 { return &p.ParityRate }},
	{"trust_gain", "1/week per unit experience", 0, 0.1, 0.012, assume + ": trust builds over years (004; 002 'trust before strategy')", func(p *Params) *float64 { return &p.TrustGain }},
	{"trust_loss", "per unit experience", 0, 1, 0.25, assume + ": trust falls in weeks (004)", func(p *Params) *float64 { return &p.TrustLoss }},
	{"no_stars_penalty", "performance per unit attention", 0, 1, 0.45, assume + ": 'no stars for integration' (003)", func(p *Params) *float64 { return &p.NoStarsPenalty }},
	{"revert_threshold", "performance", 0, 1, 0.5, assume + ": partners 'revert to type' under pressure (003)", func(p *Params) *float64 { return &p.RevertThreshold }},
	{"target_pull", "share per unit pressure", 0, 1, 0.5, assume + ": separate targets pull partners apart (000, 003)", func(p *Params) *float64 { return &p.TargetPull }},
	{"intervention_prob", "probability", 0, 1, 0.85, assume + ": zero stars in 2003 led to the joint post's split that September (003)", func(p *Params) *float64 { return &p.InterventionProb }},
	{"performance_noise", "performance sd/week", 0, 0.2, 0.04, assume, func(p *Params) *float64 { return &p.PerformanceNoise }},
	{"basics_load", "capacity units", 0, 2, 0.8, assume + ": basic business takes most of an established body's attention", func(p *Params) *float64 { return &p.BasicsLoad }},
	{"joint_post_load", "capacity units", 0, 2, 0.35, assume + ": structural integration 'too far too fast' (003)", func(p *Params) *float64 { return &p.JointPostLoad }},
	{"team_change_load", "capacity units per team", 0, 0.5, 0.02, assume, func(p *Params) *float64 { return &p.TeamChangeLoad }},
	{"bedding_in_weeks", "weeks", 1, 520, 104, assume + ": change beds in over about two years (003, 004)", func(p *Params) *float64 { return &p.BeddingInWeeks }},
	{"deficit_penalty", "performance per capacity unit", 0, 2, 0.3, assume + ": integration absorbing managerial time (003)", func(p *Params) *float64 { return &p.DeficitPenalty }},
	{"reorg_diversion", "share of capacity", 0, 1, 0.4, assume + ": reorganisation diverts management attention (003)", func(p *Params) *float64 { return &p.ReorgDiversion }},
	{"reorg_weeks", "weeks", 1, 520, 78, "003: 'probably lost 18 months ... through organisational change'", func(p *Params) *float64 { return &p.ReorgWeeks }},
	{"conflict_growth", "1/week", 0, 0.2, 0.02, assume + ": mismatched governance breeds conflict (003)", func(p *Params) *float64 { return &p.ConflictGrowth }},
	{"conflict_decay", "1/week", 0, 0.2, 0.03, assume, func(p *Params) *float64 { return &p.ConflictDecay }},
	{"stall_base", "probability", 0, 1, 0.35, assume + ": handoffs cost time (004)", func(p *Params) *float64 { return &p.StallBase }},
	{"duplicate_base", "probability", 0, 1, 0.4, assume + ": duplicate assessments across boundaries (004)", func(p *Params) *float64 { return &p.DuplicateBase }},
	{"single_manager_seam", "share of a seam", 0, 1, 0.3, assume + ": one manager allocating across employers, one point of contact (Sedgefield, 000: 'speed')", func(p *Params) *float64 { return &p.SingleManagerSeam }},
	{"drop_weekly", "probability/week", 0, 0.5, 0.03, assume, func(p *Params) *float64 { return &p.DropWeekly }},
	{"emergency_risk", "probability/week", 0, 0.1, 0.004, assume + ": little hard evidence of clinical effects (004), so a small effect", func(p *Params) *float64 { return &p.EmergencyRisk }},
	{"residential_risk", "probability", 0, 1, 0.03, assume, func(p *Params) *float64 { return &p.ResidentialRisk }},
	{"emergency_cost", "pounds", 0, 100000, 2000, assume, func(p *Params) *float64 { return &p.EmergencyCost }},
	{"residential_cost", "pounds", 0, 500000, 30000, assume, func(p *Params) *float64 { return &p.ResidentialCost }},
	{"turnover", "1/year", 0, 1, 0.12, assume + ": about one in eight staff leave each year", func(p *Params) *float64 { return &p.Turnover }},
	{"vacancy_weeks", "weeks", 0, 104, 10, assume + ": partners compete to recruit the same people (002)", func(p *Params) *float64 { return &p.VacancyWeeks }},
	{"stress_rate", "1/week", 0, 1, 0.1, assume, func(p *Params) *float64 { return &p.StressRate }},
	{"site_variation", "sd", 0, 0.5, 0.1, assume + ": the same policy plays out differently at different sites (pattern 9)", func(p *Params) *float64 { return &p.SiteVariation }},
	{"individual_variation", "sd", 0, 0.5, 0.1, assume, func(p *Params) *float64 { return &p.IndividualVariation }},
}
