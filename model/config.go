package model

import (
	"time"

	"github.com/joinedup/joinedup/sim"
)

// Need is a kind of help a case needs and a profession meets.
type Need uint8

// Kinds of need.
const (
	Health Need = iota
	Social
	Housing
	Support // admin and support staff: they help every case but meet no need alone
	numNeeds
)

var needNames = [...]string{"health", "social", "housing", "support"}

func (n Need) String() string { return needNames[n] }

// Regime is an organisation's governance regime.
type Regime uint8

// Governance regimes.
const (
	LocalAccountability Regime = iota // elected members, local needs, own inspection
	NationalTargets                   // central performance management, star ratings
)

// OrgKind is the kind of organisation.
type OrgKind uint8

// Kinds of organisation.
const (
	NHS OrgKind = iota
	Council
	Voluntary
)

// Form is the form of integration, from none to structural merger.
type Form uint8

// Forms of integration, in rising order of structural change.
const (
	FormNone Form = iota
	FormNetwork
	FormPlacement
	FormColocation
	FormIntegratedTeams
	FormJointPosts
	FormPooledBudget
	FormCareTrust
)

// formWeight is the structural scope of a form, 0..1 (the form_weight_*
// parameters; none is 0).
func (p *Params) formWeight(f Form) float64 {
	switch f {
	case FormNetwork:
		return p.FormWeightNetwork
	case FormPlacement:
		return p.FormWeightPlacement
	case FormColocation:
		return p.FormWeightColocation
	case FormIntegratedTeams:
		return p.FormWeightIntegratedTeams
	case FormJointPosts:
		return p.FormWeightJointPosts
	case FormPooledBudget:
		return p.FormWeightPooledBudget
	case FormCareTrust:
		return p.FormWeightCareTrust
	}
	return 0
}

// Contract is a member's contract with the team.
type Contract uint8

// Contracts.
const (
	FullTime   Contract = iota
	PartTime            // part_time_presence of the hours (half by default)
	Peripheral          // peripheral_presence of the hours (a fifth by default); spends most time in other teams
)

// presence is the share of a full-time member's week that a member on
// contract c spends with the team.
func (p *Params) presence(c Contract) float64 {
	switch c {
	case PartTime:
		return p.PartTimePresence
	case Peripheral:
		return p.PeripheralPresence
	}
	return 1
}

// ShockKind is the kind of a reform shock or policy event.
type ShockKind uint8

// Kinds of shock.
const (
	Reorganisation ShockKind = iota
	Abolition
	SeparateTargets
	JointTargets
	JointPostSplit
	LeadershipChange
	CommonCoreTraining
	BudgetCut
	ChoiceCompetition
	PerformanceFunding
	DischargeFines
	Departure
	LeadershipEffort
	numShockKinds
)

var shockNames = [...]string{"reorganisation", "abolition", "separate-targets", "joint-targets",
	"joint-post-split", "leadership-change", "common-core-training", "budget-cut",
	"choice-competition", "performance-funding", "discharge-fines", "departure", "leadership-effort"}

func (k ShockKind) String() string { return shockNames[k] }

// ShockKinds lists the names of the shock kinds.
func ShockKinds() []string { return append([]string(nil), shockNames[:]...) }

// Config is a resolved world: names are indices, dates are weeks from Start.
type Config struct {
	Name          string
	Start         time.Time // calendar date of week 0
	Weeks         int
	Professions   []Profession
	Organisations []Organisation
	Partnership   Partnership
	ClientGroups  []ClientGroup
	Teams         []Team
	Shocks        []Shock
	Mechanisms    Mechanisms
	Params        Params
	// TeamMetrics adds per-team outcomes (cohesion[TEAM] and the others
	// listed by Metrics) after the world-level ones. The zero value, false,
	// leaves them out: a national world has thousands of teams. It changes
	// no world-level value.
	TeamMetrics bool
}

// Profession is a type of professional.
type Profession struct {
	Name          string
	Status        float64 // 0..1
	Discretion    float64 // autonomy claimed, 0..1
	Socialisation float64 // strength of professional socialisation, 0..1
	CareModel     float64 // 0 social, 1 medical
	Meets         Need
	WeeklyCost    float64 // pounds per full-time week
	Caseload      float64 // case contributions per full-time week
}

// Organisation is an employer answering to a regime.
type Organisation struct {
	Name               string
	Kind               OrgKind
	Regime             Regime
	TargetPressure     float64 // 0..1
	ManagementCapacity float64 // capacity units
	Maturity           float64 // 0..1 at the start
	New                bool    // maturity grows from its starting value
	RatingMonth        time.Month
	FirstRating        sim.Tick // no rating before this week
	// Standing is the organisation's standing among its peers on the rated
	// services the model does not simulate (for a PCT: GP access, A&E,
	// elective waits): the share of peers it outperforms on them, 0..1.
	Standing float64
	// RegulatorStance is how hard the regulator above a national-targets
	// organisation (the strategic health authority) acts on a poor rating
	// and how far it opposes arrangements outside NHS control, 0..1.
	RegulatorStance float64
	// Funding is its budget as a share of the cost of its establishment
	// and its placements allowance (1 funds them in full).
	Funding float64
}

// Partnership is the arrangement between the organisations.
type Partnership struct {
	Form         Form
	JointTargets bool
	Pace         float64 // 0..1
	Ownership    float64 // equality of ownership, 0..1
	// The four whole-system change processes (Sedgefield, 000).
	Leadership, Design, Logistics, Consultancy bool
	JointPosts                                 []JointPost
	// Commitment is the local partners' political commitment to their
	// joint arrangements, 0..1: how hard they defend them against
	// intervention from above.
	Commitment float64
	// Budgets is how the partners hold the money for the shared services
	// (a pooled-budget form pools them whatever this says).
	Budgets BudgetMode
	// WorkforceStrategy: the partners have joined up their workforce
	// strategies, so they do not compete for each other's staff (002).
	WorkforceStrategy bool
}

// JointPost is a post held jointly across organisations.
type JointPost struct {
	Name          string
	Executive     bool
	Organisations []int
	Scope         float64 // 0..1
}

// ClientGroup is a kind of service user.
type ClientGroup struct {
	Name         string
	Need         [3]float64 // probability of health, social and housing need
	Complexity   float64    // mean complexity, 0..1
	FromHospital float64    // share awaiting hospital discharge
}

// Team is a front-line team.
type Team struct {
	Name             string
	ClientGroup      int
	Referrals        float64 // mean per week
	Colocated        bool
	SingleManager    bool
	SharedRecords    bool
	MeetingsPerMonth float64
	Leadership       float64 // 0..1
	Strategy         bool    // explicit leadership strategy valuing every contribution
	Integrates       sim.Tick
	Members          []Member
}

// Member is a group of identical team members.
type Member struct {
	Profession int
	Employer   int
	Count      int
	Contract   Contract
}

// Shock is a reform shock: at a week (At ≥ 0) or at a yearly hazard.
type Shock struct {
	Kind         ShockKind
	At           sim.Tick // -1 when drawn at Hazard
	Hazard       float64  // yearly probability
	Organisation int      // -1 when not given
	Team         int      // -1 when not given (every team)
	Post         int      // -1 when not given
	Size         float64
}

// Mechanisms switches the ten submodels; true is on.
type Mechanisms struct {
	Contact, SelfCategorisation, PessimisticTradition, TrustAsymmetry,
	PerformanceRegime, ManagementCapacity, Governance, ServiceFlow, Workforce, LabourMarket bool
}

// AllMechanisms has every submodel on.
func AllMechanisms() Mechanisms {
	return Mechanisms{true, true, true, true, true, true, true, true, true, true}
}

// MechanismNames lists the scenario names of the switches, in submodel order.
func MechanismNames() []string {
	return []string{"contact", "self_categorisation", "pessimistic_tradition", "trust_asymmetry",
		"performance_regime", "management_capacity", "governance", "service_flow", "workforce", "labour_market"}
}

// Date returns the calendar date of week t.
func (c *Config) Date(t sim.Tick) time.Time { return c.Start.AddDate(0, 0, 7*int(t)) }

// WeekOf returns the first week on or after the date d.
func (c *Config) WeekOf(d time.Time) sim.Tick {
	days := d.Sub(c.Start).Hours() / 24
	if days <= 0 {
		return 0
	}
	w := int(days+6.5) / 7
	return sim.Tick(w)
}
