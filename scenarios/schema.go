package scenarios

// Scenario is one scenario file, in the words of the domain. Every field's
// comment gives its unit, range and meaning when left out (its zero value).
// Names link the parts together: a team member names a profession and an
// employing organisation; a shock names the organisation or team it hits.
type Scenario struct {
	// Name is the scenario's short name, used in outputs (for example "sedgefield").
	Name string `toml:"name"`
	// Description is one line saying what the scenario represents.
	Description string `toml:"description"`
	// Source cites the source text the scenario is drawn from (a file in the seeds folder).
	Source string `toml:"source"`
	// Extends names the scenario this one builds on: an embedded scenario's
	// name, or a path ending in .toml relative to this file's folder. Tables
	// merge key by key with this file's keys winning; other values, arrays
	// of tables included, replace the parent's whole.
	Extends string `toml:"extends"`

	Run           Run            `toml:"run"`
	Professions   []Profession   `toml:"profession"`
	Organisations []Organisation `toml:"organisation"`
	Partnership   Partnership    `toml:"partnership"`
	ClientGroups  []ClientGroup  `toml:"client_group"`
	Teams         []Team         `toml:"team"`
	Shocks        []Shock        `toml:"shock"`
	// Mechanisms switches submodels on or off; all are on when left out.
	Mechanisms Mechanisms `toml:"mechanisms"`
	// Parameters overrides the model's behavioural coefficients by name; see
	// the ODD description for each one's unit, range and default.
	Parameters map[string]float64 `toml:"parameters"`

	file string // the file the scenario was parsed from; see File
	hash string // hex SHA-256 of that file's bytes; see Hash
	data []byte // the TOML decoded: the file's, or the resolved document; see TOML

	warnings []error // see Warnings
}

// Run holds the run settings.
type Run struct {
	// Start is the calendar date of week 0 (TOML date, e.g. 2003-04-01). Required.
	Start Date `toml:"start"`
	// Weeks is the number of weekly steps to simulate; 0 means 260 (five years).
	Weeks int `toml:"weeks"`
	// Replicates is the number of replicates; 0 means 200.
	Replicates int `toml:"replicates"`
	// Seed is the master seed; 0 means 1.
	Seed uint64 `toml:"seed"`
}

// Profession is a type of professional, not an agent.
type Profession struct {
	// Name is the profession's name, e.g. "district nurse". Required, unique.
	Name string `toml:"name"`
	// Status is the baseline status (prestige, pay band), 0 (lowest) to 1 (highest).
	Status float64 `toml:"status"`
	// Discretion is the autonomy the profession claims, 0 (none) to 1 (complete).
	Discretion float64 `toml:"discretion"`
	// Socialisation is the strength of professional socialisation, 0 to 1:
	// how strongly newcomers identify with the profession and how fast that identity is reinforced.
	Socialisation float64 `toml:"socialisation"`
	// CareModel is the conceptual frame: "medical" or "social" (or "mixed").
	CareModel string `toml:"care_model"`
	// Meets names the kind of need the profession meets: "health", "social", "housing" or "support".
	Meets string `toml:"meets"`
	// WeeklyCost is the cost of one full-time professional per week, in pounds.
	WeeklyCost float64 `toml:"weekly_cost"`
	// Caseload is the number of case contributions one full-time professional completes per week; 0 means 3.
	Caseload float64 `toml:"caseload"`
}

// Organisation is an employer and a body that answers to a governance regime.
type Organisation struct {
	// Name is the organisation's name. Required, unique.
	Name string `toml:"name"`
	// Kind is "nhs", "council" or "voluntary".
	Kind string `toml:"kind"`
	// Regime is "national-targets" (central performance management) or "local-accountability".
	Regime string `toml:"regime"`
	// TargetPressure is how hard the regime presses on measured targets, 0 to 1.
	TargetPressure float64 `toml:"target_pressure"`
	// ManagementCapacity is the management attention available, in units where
	// 1 runs an established organisation's basic business with a modest surplus; 0 means 1.
	ManagementCapacity float64 `toml:"management_capacity"`
	// Maturity is how established the organisation is, 0 (brand new) to 1 (long established); 0 means 1.
	// A new organisation has less effective capacity; maturity grows over about three years.
	Maturity float64 `toml:"maturity"`
	// New marks an organisation created at the start date: its maturity starts at Maturity and grows.
	New bool `toml:"new"`
	// RatingMonth is the month (1-12) in which the yearly rating is published; 0 means 7 (July).
	RatingMonth int `toml:"rating_month"`
	// FirstRating is the date from which yearly ratings are published (for
	// example 2003-07-01, when PCTs were first star-rated). Left out: ratings
	// are published in every rating month at least 26 weeks after the start.
	FirstRating Date `toml:"first_rating"`
	// Baseline is the organisation's standing among its national peers on the rated services
	// the model does not simulate (for a PCT: GP access, A&E and elective waits), as the share
	// of peers it outperforms on them, 0 to 1; 0 means 0.5 (the median). It is one input to the
	// rating; the rest is measured from the simulated work.
	Baseline float64 `toml:"baseline"`
	// RegulatorStance is how hard the regulator above a national-targets organisation (the
	// strategic health authority) acts on a poor rating and opposes arrangements outside NHS
	// control, 0 (hands off) to 1; 0 means 0.5.
	RegulatorStance float64 `toml:"regulator_stance"`
	// Funding is the organisation's budget as a share of the cost of its establishment and its
	// placements allowance, 0 to 2 (1 funds them in full); 0 means 1.
	Funding float64 `toml:"funding"`
}

// Partnership is the whole-system arrangement between the organisations.
type Partnership struct {
	// Form is the form of integration: "none", "network", "placement", "co-location",
	// "integrated-teams", "joint-posts", "pooled-budget" or "care-trust".
	Form string `toml:"form"`
	// Targets is "joint" (the partners are judged on shared targets) or "separate".
	Targets string `toml:"targets"`
	// Pace is the pace of structural change, 0 (none) to 1 (everything at once).
	Pace float64 `toml:"pace"`
	// Ownership is the equality of ownership, 0 (one partner takes over) to 1 (equals).
	Ownership float64 `toml:"ownership"`
	// Commitment is the local partners' political commitment to their joint arrangements,
	// 0 to 1: how hard they defend them against intervention from above; 0 means 0.5.
	Commitment float64 `toml:"commitment"`
	// Budgets is how the partners hold the money for the shared services: "separate" (each
	// its own), "aligned" (each its own, planned together: less cost shunting) or "pooled"
	// (one pot, Health Act 1999 section 31: no cost shunting, shared overspends). Empty means
	// separate, or pooled when the form is "pooled-budget".
	Budgets string `toml:"budgets"`
	// WorkforceStrategy: the partners have agreed to join up their workforce strategies. Partners
	// recruiting the same professions stop competing for each other's staff as far as the
	// strategy takes hold, which it does over about a year and only as far as the partners'
	// staff trust each other and neither partner has reverted to type under its own targets
	// (002: "trust before strategy"; "both partners must want to dance"). Default false.
	WorkforceStrategy bool `toml:"workforce_strategy"`
	// Change names which whole-system change processes are in place.
	Change ChangeProcesses `toml:"change"`
	// JointPosts are posts held jointly across organisations, e.g. a joint chief executive.
	JointPosts []JointPost `toml:"joint_post"`
}

// ChangeProcesses are the four whole-system change processes of the Sedgefield programme.
type ChangeProcesses struct {
	// Leadership: a partnership board with senior officers, members, users and carers.
	Leadership bool `toml:"leadership"`
	// Design: a cross-agency design team of middle managers.
	Design bool `toml:"design"`
	// Logistics: work streams that work out the operational detail.
	Logistics bool `toml:"logistics"`
	// Consultancy: dedicated change staff.
	Consultancy bool `toml:"consultancy"`
}

// JointPost is a post held jointly by two or more organisations.
type JointPost struct {
	// Name is the post's name, e.g. "joint chief executive". Required, unique.
	Name string `toml:"name"`
	// Level is "executive" (top of the organisations) or "operational".
	Level string `toml:"level"`
	// Organisations names the organisations sharing the post (at least two).
	Organisations []string `toml:"organisations"`
	// Scope is the share of all services the post integrates structurally, 0 to 1.
	Scope float64 `toml:"scope"`
}

// ClientGroup is a kind of service user with its pattern of needs.
type ClientGroup struct {
	// Name is the group's name, e.g. "older people". Required, unique.
	Name string `toml:"name"`
	// Health, Social and Housing are the probabilities that a referral needs each kind of help, 0 to 1.
	Health  float64 `toml:"health"`
	Social  float64 `toml:"social"`
	Housing float64 `toml:"housing"`
	// Complexity is the mean complexity of a referral, 0 (simple) to 1 (highly complex).
	Complexity float64 `toml:"complexity"`
	// FromHospital is the share of referrals awaiting discharge from hospital, 0 to 1.
	FromHospital float64 `toml:"from_hospital"`
}

// Team is a front-line team.
type Team struct {
	// Name is the team's name. Required, unique.
	Name string `toml:"name"`
	// ClientGroup names the client group the team serves.
	ClientGroup string `toml:"client_group"`
	// Referrals is the mean number of referrals per week.
	Referrals float64 `toml:"referrals"`
	// Colocated: members work from one base.
	Colocated bool `toml:"colocated"`
	// Management is "single" (one manager for all members) or "split" (each employer line-manages its own staff).
	Management string `toml:"management"`
	// SharedRecords: the team uses one record system.
	SharedRecords bool `toml:"shared_records"`
	// MeetingsPerMonth is how often the whole team meets.
	MeetingsPerMonth float64 `toml:"meetings_per_month"`
	// Leadership is the quality of active team leadership, 0 (none) to 1 (strong).
	Leadership float64 `toml:"leadership"`
	// LeadershipStrategy: the leader follows an explicit strategy for valuing every member's contribution (Anning et al.).
	LeadershipStrategy bool `toml:"leadership_strategy"`
	// Integrates is the date the team's integrated arrangement (co-location, management,
	// records) begins; before it the team works as separate services. Left out: from the start.
	Integrates Date `toml:"integrates"`
	// Members lists who is in the team.
	Members []Member `toml:"member"`
}

// Member is a group of identical members of a team.
type Member struct {
	// Profession names a profession. Required.
	Profession string `toml:"profession"`
	// Employer names an organisation. Required.
	Employer string `toml:"employer"`
	// Count is how many such members the team has; 0 means 1.
	Count int `toml:"count"`
	// Contract is "full-time", "part-time" (half the hours) or "peripheral"
	// (a fifth of the hours, spends most time in other teams); empty means full-time.
	Contract string `toml:"contract"`
}

// Shock is a reform shock or policy event, on a date or drawn at a yearly hazard.
type Shock struct {
	// Kind is one of "reorganisation", "abolition", "separate-targets", "joint-targets",
	// "joint-post-split", "leadership-change", "common-core-training", "budget-cut",
	// "choice-competition", "performance-funding", "discharge-fines", "departure", "leadership-effort".
	Kind string `toml:"kind"`
	// Date is when the shock happens. Exactly one of Date and Hazard is given.
	Date Date `toml:"date"`
	// Hazard is the yearly probability of the shock, drawn each week at Hazard/52.
	Hazard float64 `toml:"hazard"`
	// Organisation names the organisation hit (reorganisation, abolition, leadership-change, budget-cut).
	Organisation string `toml:"organisation"`
	// Team names the team hit (leadership-change and leadership-effort, where empty means every team; departure, where it is required).
	Team string `toml:"team"`
	// Post names the joint post split (joint-post-split).
	Post string `toml:"post"`
	// Size is the shock's size, 0 to 1: the share of budget cut, the share of staff trained, the share of a team's staff who resign (0: one), the leadership a manager gives, and so on.
	Size float64 `toml:"size"`
	// Note says where the date or size comes from.
	Note string `toml:"note"`
}

// Mechanisms switches each submodel on or off. Left out, a mechanism is on.
type Mechanisms struct {
	Contact              *bool `toml:"contact"`
	SelfCategorisation   *bool `toml:"self_categorisation"`
	PessimisticTradition *bool `toml:"pessimistic_tradition"`
	TrustAsymmetry       *bool `toml:"trust_asymmetry"`
	PerformanceRegime    *bool `toml:"performance_regime"`
	ManagementCapacity   *bool `toml:"management_capacity"`
	Governance           *bool `toml:"governance"`
	ServiceFlow          *bool `toml:"service_flow"`
	Workforce            *bool `toml:"workforce"`
	LabourMarket         *bool `toml:"labour_market"`
}
