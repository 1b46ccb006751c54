package model

import "fmt"

// Params are the behavioural coefficients of the submodels. Every one has a
// unit, a range, a default and a source or stated assumption, listed in
// ParamSpecs and in the ODD description (docs/ODD.md).
type Params struct {
	// contact (mechanism 1)
	ContactColocated      float64 // weekly contact with each other profession when co-located, 0..1
	ContactDistant        float64 // weekly contact when not co-located, 0..1
	ContactMeeting        float64 // contact added per team meeting a month
	ContactRecords        float64 // contact added by a shared record system
	ContactJointCase      float64 // contact added per shared case in the week
	StereotypeLearn       float64 // weekly fall in stereotype at full contact under ideal conditions
	RoleLearn             float64 // weekly gain in role understanding at full contact
	StereotypeRelapse     float64 // weekly relapse of stereotype toward its professional baseline, without contact
	ContactJointDistant   float64 // weight of a shared case's contact when the team is not co-located, 0..1
	ContactRevertCut      float64 // share of contact withdrawn when the employer fully reverts to type
	ContactCompetitionCut float64 // share of contact withdrawn at full choice and competition
	ContactEffectFloor    float64 // share of contact's full effect it has with neither status equality nor authority support
	ContactStatusShare    float64 // share of the conditional part of contact's effect that status equality governs (the rest: authority support)
	AuthorityNoBoard      float64 // authority support without a partnership board, as a share of that with one
	ContactSpeedFloor     float64 // share of contact's full speed with neither common goals nor cooperation
	ContactCoopShare      float64 // share of the conditional part of contact's speed that cooperation on shared cases governs (the rest: common goals)
	CooperationCases      float64 // shared cases a week with one profession at which cooperation is full
	StereotypeReduction   float64 // share of the baseline stereotype that contact at full effect removes
	RoleFloor             float64 // role understanding without contact (what a profession's training teaches of others)
	RoleForget            float64 // weekly decay of role understanding toward its floor without contact
	TrainingContact       float64 // contact with every other profession while on a common-core course
	TrainingWeeks         float64 // weeks a common-core course lasts
	// self-categorisation (mechanism 2)
	TeamIDGain           float64 // weekly gain in team identification with shared daily work and active management
	TeamIDDecay          float64 // weekly decay of team identification without active management
	AffinityRate         float64 // weekly rate at which professional and employer affinity move to their targets
	SharedWorkDistant    float64 // daily shared work of a team that is not co-located, relative to a co-located one
	SharedWorkBase       float64 // shared daily work in a week with no shared case, relative to a full week
	SharedWorkPerCase    float64 // shared daily work added per shared case in the week
	ProfAffinityBase     float64 // professional affinity of someone with no professional socialisation
	ProfAffinitySocial   float64 // professional affinity added per unit of professional socialisation
	IdentityDisplacement float64 // share of professional affinity displaced at full team identification, where the team does not value each profession's contribution
	DualIdentity         float64 // share of that displacement prevented where a leadership strategy values each profession's contribution
	StatusThreat         float64 // subgroup threat per unit of mean status gap, where the team does not value each contribution
	ThreatFriction       float64 // negative experience per unit of ordinary contact and of subgroup threat
	SplitAffinity        float64 // professional and employer affinity added under split line management
	EmployerAffinityBase float64 // employer affinity of someone with no team identification
	EmployerAlarm        float64 // employer affinity added when the employer fully reverts to type
	EmployerDisplacement float64 // employer affinity displaced at full team identification
	// pessimistic tradition (mechanism 3)
	DiscretionWeight float64 // how strongly protected discretion lowers acceptance, 0..1
	StatusWeight     float64 // how strongly perceived status gaps lower acceptance, 0..1
	IdentityWeight   float64 // how strongly professional identity damps contact effects, 0..1
	ParityRate       float64 // weekly rate at which perceived status gaps move to their target
	ParityGain       float64 // share of the baseline status gap removed at full team identification and role understanding under a leadership strategy
	ParityNoStrategy float64 // that share without a leadership strategy, relative to with one
	BoundaryBending  float64 // share of preferred discretion given up at full team identification and role understanding
	AcceptanceRate   float64 // weekly rate at which acceptance of others' judgement moves to its target
	AcceptanceFloor  float64 // acceptance of others' judgement at zero trust, before the tradition's factors
	// trust (mechanism 4)
	TrustGain         float64 // weekly trust gain per unit of positive experience
	TrustLoss         float64 // weekly trust loss per unit of negative experience
	HandoffGoodWeight float64 // positive experience per smooth handoff
	HandoffGoodCap    float64 // smooth handoffs counted in a week
	HandoffBadCap     float64 // bad handoffs counted in a week
	ConflictDistrust  float64 // negative experience per unit of governance conflict, toward members employed elsewhere
	StereotypeTrust   float64 // share by which a full stereotype slows trust building
	StrangerTrust     float64 // trust in a stranger of another profession, before stereotype
	StrangerStereo    float64 // trust in a stranger lost per unit of baseline stereotype
	// reform shocks
	AbolitionScale       float64 // an abolition's diversion and upheaval relative to a reorganisation's
	DiversionMax         float64 // largest share of management capacity a reorganisation diverts
	SuccessorMaturity    float64 // maturity of an abolished organisation's successor
	ReorgLeadershipLoss  float64 // share of a team's current leadership lost when a reorganisation's managers leave
	ReorgUpheaval        float64 // negative experience a week between staff a reorganisation moves
	UpheavalWeeks        float64 // weeks of upheaval after a reorganisation or a change of leader
	UpheavalSpillover    float64 // upheaval between members a reorganisation does not move, relative to that with those it moves
	LeaderChangeLoss     float64 // share of a team's current leadership lost when its leader changes
	LeaderTurnover       float64 // yearly probability that a team's leader leaves (mechanism 9)
	LeaderChangeUpheaval float64 // negative experience a week between all members after a change of leader
	NewLeaderMin         float64 // lowest quality of a new leader, relative to the configured leadership
	NewLeaderMax         float64 // highest quality of a new leader, relative to the configured leadership
	TrainingProgramme    float64 // weeks a common-core training programme runs
	CompetitionFloor     float64 // least competition a choice-and-competition shock brings
	// performance regime (mechanism 5)
	AccessTargetWeeks     float64 // weeks from referral to first intervention within which a case meets the access target
	AssessmentTargetWeeks float64 // weeks from referral within which a council's assessment is on time
	DelayCeilingDays      float64 // delayed-transfer days per case awaiting discharge that score zero
	ActivityPlan          float64 // planned contributions as a share of those its teams' referrals need
	ResidentialCeiling    float64 // admissions to residential care per closed case that score zero
	FieldMeanNational     float64 // mean simulated score of the national field of national-targets peers
	FieldMeanLocal        float64 // mean simulated score of the field of local-accountability peers
	FieldSD               float64 // sd of the simulated score across the field of peers
	OtherServicesWeight   float64 // weight of the rated services outside the model in the composite
	OtherServicesDeficit  float64 // fall in the standing (z) of the services outside the model per unit of management deficit
	RatingError           float64 // measurement error of the rating process, sd on the z scale
	FieldZeroStars        float64 // share of the field given zero stars
	FieldOneStar          float64 // share of the field given one star
	FieldTwoStars         float64 // share of the field given two stars
	RevertThreshold       float64 // standing in the field (share of peers outperformed) below which an organisation reverts to type
	TargetPull            float64 // pull of effort toward measured work per unit of target pressure, under separate targets
	LocalPullShare        float64 // pull under local accountability as a share of that under national targets
	InterventionStars     float64 // stars below which the regulator intervenes
	JuniorWeight          float64 // how far being seen as the junior partner weakens the defence of a joint arrangement
	MeasureWeeks          float64 // mean lifetime of the counts behind weekly measured performance, weeks
	// management capacity (mechanism 6)
	BasicsLoad                                                                              float64 // management attention the basic business needs
	JointPostLoad                                                                           float64 // attention a joint executive post of full scope needs while it beds in
	TeamChangeLoad                                                                          float64 // attention each integrating team needs while it beds in
	BeddingInWeeks                                                                          float64 // weeks over which change load falls away
	DeficitCapacityLoss                                                                     float64 // share of its staff's capacity an organisation loses per unit of management deficit
	ReorgDiversion                                                                          float64 // share of management capacity a reorganisation diverts at first
	ReorgWeeks                                                                              float64 // weeks over which attention diverted by a reorganisation recovers
	ReorgStress                                                                             float64 // stress a reorganisation adds to its staff at first
	NewOrgCapacity                                                                          float64 // effective management capacity of a brand-new organisation, as a share of an established one's
	MaturityWeeks                                                                           float64 // time constant of a new organisation's maturing, weeks
	ConsultancyCapacity                                                                     float64 // attention dedicated change staff add to each partner
	OperationalPostLoad                                                                     float64 // load of an operational joint post as a share of an executive one's
	PaceBase                                                                                float64 // joint post load at zero pace (the load is × (pace_base + pace))
	FormLoad                                                                                float64 // attention the partnership's form takes per unit of structural weight and pace
	ConflictLoad                                                                            float64 // attention governance conflict takes at full conflict
	BeddingFloor                                                                            float64 // share of change load that never beds in
	ProcessLightening                                                                       float64 // share of an integrating team's change load lifted by each of the design and logistics processes
	FormWeightNetwork, FormWeightPlacement, FormWeightColocation, FormWeightIntegratedTeams float64 // structural weight of each form
	FormWeightJointPosts, FormWeightPooledBudget, FormWeightCareTrust                       float64
	// governance (mechanism 7)
	ConflictGrowth                                float64 // weekly growth of conflict between partners under mismatched regimes
	ConflictDecay                                 float64 // weekly decay of conflict when it is surfaced and managed
	ConflictSplitHazard                           float64 // weekly probability that the partners end an executive joint post, at full conflict (× conflict²)
	SurfaceBoard, SurfaceDesign, SurfaceLogistics float64 // how far a partnership board, a design team and work streams surface conflict
	SameRegimeExposure                            float64 // exposure of partners under one regime, as a share of mismatched ones'
	OperationalExposure                           float64 // exposure of an operational joint post as a share of its scope
	ConflictFade                                  float64 // weekly fading of conflict without management
	// money (mechanism 10)
	DischargeFine        float64 // payment per day of delayed transfer while delayed-discharge payments apply, pounds
	OverspendTolerance   float64 // overspend, as a share of budget, at which financial pressure is full
	FinanceSqueeze       float64 // share of staff capacity cut at full financial pressure
	FinanceLoad          float64 // management attention financial recovery takes at full pressure
	CostShunting         float64 // probability of deferring a partner's case at full financial pressure, separate budgets
	AlignedShare         float64 // cost shunting under aligned budgets as a share of that under separate budgets
	PerformanceFundShare float64 // share of a rated organisation's budget that depends on its rating under performance-linked funding
	ChoiceExit           float64 // share of referrals lost at full competition when a team's wait is twice the access target
	ChoiceMemory         float64 // cases over which users' sense of a team's wait is smoothed
	PlacementWeeks       float64 // mean stay in a residential placement, over which its fees are paid, weeks
	FinanceWeeks         float64 // weeks over which the surplus ratio is smoothed
	// service flow (mechanism 8)
	StallBase                            float64 // probability that a handoff stalls a case for a week, before trust and structure
	DuplicateBase                        float64 // probability of a duplicate assessment at a handoff, before trust and structure
	SingleManagerSeam                    float64 // share of a cross-employer handoff's seam (stall risk, felt by the user) left under one line manager
	StressCapacityLoss                   float64 // share of capacity lost at full stress
	ComplexitySD                         float64 // sd of a referral's complexity around its client group's mean
	ExternalWeekly                       float64 // weekly probability that a contribution from outside the team is made
	RecordsStall                         float64 // stall risk with one record system, as a share of that without
	ColocatedStall                       float64 // stall risk when co-located, as a share of that apart
	StallBadShare                        float64 // share of stalls felt as a bad experience by both sides
	StallBadWeight                       float64 // weight of a stall felt as a bad experience, against a duplicate assessment's 1
	RecordsDuplicate                     float64 // fall in duplicate-assessment risk with one record system
	DropAfterWeeks                       float64 // weeks without a first intervention after which a case may be dropped
	EmergencyComplexity                  float64 // rise in emergency risk per unit of complexity
	EmergencyWaiting                     float64 // emergency risk while awaiting a first intervention, as a multiple
	ResidentialWait                      float64 // rise in the probability of residential admission per week waited
	UXWait, UXSeam, UXDuplicate, UXStall float64 // fall in user experience per week waited beyond one, per seam, per duplicate assessment, per stall
	DropWeekly                           float64 // weekly probability that a case waiting over 12 weeks is dropped
	EmergencyRisk                        float64 // weekly probability of an emergency admission for a waiting case with health needs
	ResidentialRisk                      float64 // probability of admission to residential care at closure, for a simple case seen at once
	EmergencyCost                        float64 // cost of an emergency admission, pounds
	ResidentialCost                      float64 // cost of a residential care admission (first year), pounds
	// workforce (mechanism 9)
	Turnover     float64 // yearly staff turnover at the area's usual intention to leave
	VacancyWeeks float64 // mean weeks a recruitment takes once a candidate is there (with the labour market off: to fill a vacancy, one employer recruiting)
	StressRate   float64 // weekly rate at which stress moves to its target
	// labour market (mechanism 10)
	LabourSupply       float64 // candidates joining an area's pool a year, relative to the replacements its turnover needs
	PoolExit           float64 // weekly share of the pool's candidates who find work elsewhere
	Poaching           float64 // share of a hire that comes from a partner's staff, where partners hold all the area's posts of the profession and compete
	StrategyTrust      float64 // trust across employers at which a joint workforce strategy can take full hold
	StrategyWeeks      float64 // time a joint workforce strategy takes to move toward what the partners' relationship allows
	StrategyPriority   float64 // how far a partner's alarm (reverting to type) keeps it out of a joint workforce strategy
	AgencyWeeks        float64 // mean weeks until an agency worker covers a vacancy
	AgencyPremium      float64 // an agency worker's cost as a multiple of the post's weekly cost
	AgencyProductivity float64 // an agency worker's rate of work as a share of a member's
	// heterogeneity
	SiteVariation       float64 // sd of a team's leadership quality around its configured value, across sites and replicates
	IndividualVariation float64 // sd of a professional's socialisation and discretion around the profession's
	// the newcomer (world.go, newcomer and baselines)
	NewcomerSD                 float64 // sd of a newcomer's starting affinities, trust and role understanding around their means
	NewcomerProfAffinity       float64 // a newcomer's professional affinity with no professional socialisation
	NewcomerProfAffinitySocial float64 // a newcomer's professional affinity added per unit of socialisation
	NewcomerTrust              float64 // a newcomer's trust in another profession, before stereotype
	NewcomerTrustStereo        float64 // a newcomer's trust lost per unit of baseline stereotype
	NewcomerRole               float64 // a newcomer's understanding of another profession's role
	NewcomerAcceptance         float64 // a newcomer's acceptance of others' judgement at zero trust, before the tradition's factors
	NewcomerEmployerAffinity   float64 // a newcomer's affinity to the employer
	NewcomerTeamID             float64 // a newcomer's identification with the team
	NewcomerStress             float64 // a newcomer's stress
	NewcomerIntent             float64 // a newcomer's intention to leave
	OwnProfessionTrust         float64 // trust in colleagues of one's own profession
	AcceptanceAlone            float64 // acceptance of someone with no other profession in the team
	StereotypeBase             float64 // stereotype of another profession that shares one's model of care
	StereotypeCareModel        float64 // stereotype added per unit of difference in model of care
	StereotypeStatus           float64 // stereotype added per unit of status gap, in the pessimistic tradition
	StartTenureMax             float64 // longest tenure of the staff in post at the start (drawn uniformly below it), weeks
	PartTimePresence           float64 // share of a full-time member's week a part-time member spends with the team
	PeripheralPresence         float64 // that share for a peripheral member
	// team conditions (world.go, teamConditions)
	LeadershipWeeks      float64 // weeks over which a team's leadership moves to a new target
	AlarmSupportCut      float64 // share of an employer's support withdrawn when it fully reverts to type
	SplitManagement      float64 // active team management under split line management, as a share of that under one manager
	NoStrategyManagement float64 // active team management without a leadership strategy, as a share of that with one
	GoalsBase            float64 // common goals of a team with none of the levers below
	GoalsSingle          float64 // common goals added by a single line manager
	GoalsJointTargets    float64 // common goals added by joint targets, where targets steer behaviour
	GoalsStrategy        float64 // common goals added by a leadership strategy
	GoalsFunding         float64 // common goals added by pooled or performance-linked funding
	GoalsLeadership      float64 // common goals added by the partnership's leadership process
	GoalsCompetitionCut  float64 // share of common goals lost at full choice and competition
	// stress and leaving (workforce.go)
	StressBase        float64 // stress target of an idle professional with no backlog, deficit or conflict
	StressUtilisation float64 // stress added at full utilisation of capacity
	StressBacklog     float64 // stress added at a backlog of a full week's capacity
	StressDeficit     float64 // stress added per unit of the employer's management deficit
	StressConflict    float64 // stress added at full governance conflict
	StressTeamBuffer  float64 // stress removed at full team identification and active management
	IntentBase        float64 // intention to leave without stress or team identification
	IntentStress      float64 // intention to leave added per unit of stress
	IntentTeam        float64 // intention to leave removed per unit of team identification
	LeaveHazardBase   float64 // leaving hazard at zero intention, relative to the hazard's intention slope of leave_hazard_intent
	LeaveHazardIntent float64 // leaving hazard added per unit of intention to leave (relative to leave_hazard_base)
	RecruiterDelay    float64 // lengthening of a vacancy per extra employer recruiting the profession, with the labour market off
	CutVacancy        float64 // lengthening of a vacancy per unit of the employer's budget cut
	// case flow, money and ratings
	StallTrust     float64 // share of stall risk removed at full trust between the two professions
	StallRole      float64 // share of stall risk removed at full role understanding
	FundParStars   float64 // stars at which performance-linked funding pays the budget in full
	RatingMinWeeks float64 // weeks of the run before an organisation's first rating, at least
	// the start (burnin.go)
	BurnInWeeks float64 // weeks the pre-programme arrangements run before the start date
	BurnInSpeed float64 // how many times faster the people's slow processes run in the burn-in
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
	{"contact_joint_distant", "share", 0, 1, 0.5, assume + ": a shared case worked from separate bases brings half the contact of one worked side by side", func(p *Params) *float64 { return &p.ContactJointDistant }},
	{"contact_revert_cut", "share", 0, 1, 0.5, assume + ": staff pulled back to measured work 'revert to type' and meet less (003)", func(p *Params) *float64 { return &p.ContactRevertCut }},
	{"contact_competition_cut", "share", 0, 1, 0.2, assume + ": choice and competition set partners against each other (000)", func(p *Params) *float64 { return &p.ContactCompetitionCut }},
	{"contact_effect_floor", "share of full effect", 0, 1, 0.7, assume + " after Pettigrew & Tropp 2006 (JPSP 90(5):751-783): contact reduces prejudice without Allport's conditions, and more with them; the conditions are facilitating, not necessary, and act as a bundle. The share is the ratio of their mean effects without and with structured optimal contact, taken as about 0.7", func(p *Params) *float64 { return &p.ContactEffectFloor }},
	{"contact_status_share", "share", 0, 1, 0.5, assume + ": status equality and authority support weigh equally (Pettigrew & Tropp 2006 found the conditions act as a bundle)", func(p *Params) *float64 { return &p.ContactStatusShare }},
	{"authority_without_board", "share", 0, 1, 0.6, assume + ": without a partnership board, authority support for joint work is weaker (000: the leadership process)", func(p *Params) *float64 { return &p.AuthorityNoBoard }},
	{"contact_speed_floor", "share of full speed", 0, 1, 0.4, assume + ": contact works, more slowly, without common goals or cooperation (Pettigrew & Tropp 2006)", func(p *Params) *float64 { return &p.ContactSpeedFloor }},
	{"contact_cooperation_share", "share", 0, 1, 0.5, assume + ": cooperation on cases and common goals weigh equally", func(p *Params) *float64 { return &p.ContactCoopShare }},
	{"cooperation_cases", "shared cases/week", 0.1, 20, 2, assume + ": two shared cases a week with a profession make cooperation an everyday routine", func(p *Params) *float64 { return &p.CooperationCases }},
	{"stereotype_reduction", "share of baseline stereotype", 0, 1, 0.7, assume + ": contact under ideal conditions wears down, but does not erase, stereotypes of another profession", func(p *Params) *float64 { return &p.StereotypeReduction }},
	{"role_floor", "role understanding", 0, 1, 0.25, assume + ": what a profession's own training teaches of other roles; the level understanding decays toward (a newcomer brings newcomer_role_understanding)", func(p *Params) *float64 { return &p.RoleFloor }},
	{"role_forget", "1/week", 0, 0.1, 0.004, assume + ": without contact, understanding of another role fades toward the floor with a half-life of about three years", func(p *Params) *float64 { return &p.RoleForget }},
	{"training_contact", "contact units/week", 0, 1, 1, assume + ": a common-core multi-agency course is full contact with the other professions, under equal status, a common task and the employers' sanction (002)", func(p *Params) *float64 { return &p.TrainingContact }},
	{"training_weeks", "weeks", 1, 52, 1, assume + ": a common-core course takes about a week of a professional's time (002)", func(p *Params) *float64 { return &p.TrainingWeeks }},
	{"team_id_gain", "1/week", 0, 0.2, 0.035, assume + ": affinity reorients to the team within one to three years (000)", func(p *Params) *float64 { return &p.TeamIDGain }},
	{"team_id_decay", "1/week", 0, 0.1, 0.012, assume + ": identification decays without active team management (001)", func(p *Params) *float64 { return &p.TeamIDDecay }},
	{"affinity_rate", "1/week", 0, 0.2, 0.02, assume, func(p *Params) *float64 { return &p.AffinityRate }},
	{"shared_work_distant", "share", 0, 1, 0.35, assume + ": members based apart share about a third of the daily work of a co-located team (001: co-location)", func(p *Params) *float64 { return &p.SharedWorkDistant }},
	{"shared_work_base", "share", 0, 1, 0.5, assume + ": a co-located team shares half its daily work without a shared case (meetings, the office, the record)", func(p *Params) *float64 { return &p.SharedWorkBase }},
	{"shared_work_per_case", "share per shared case", 0, 1, 0.25, assume + ": two shared cases in a week make the daily work fully shared", func(p *Params) *float64 { return &p.SharedWorkPerCase }},
	{"prof_affinity_base", "affinity", 0, 1, 0.45, assume + ": the affinity to one's profession, before socialisation, toward which professional identity moves (a newcomer starts at newcomer_prof_affinity)", func(p *Params) *float64 { return &p.ProfAffinityBase }},
	{"prof_affinity_socialisation", "affinity per unit socialisation", 0, 1, 0.45, assume + ": strongly socialised professions hold a strong professional identity (Hudson 2002, in 000)", func(p *Params) *float64 { return &p.ProfAffinitySocial }},
	{"identity_displacement", "share", 0, 1, 0.45, assume + ": recategorisation into one team identity displaces professional identity (common ingroup identity model, Gaertner & Dovidio 2000; 000 'reorientation of professional affinity')", func(p *Params) *float64 { return &p.IdentityDisplacement }},
	{"dual_identity", "share", 0, 1, 0.5, assume + ": where leadership values each profession's contribution (001), members keep their professional identity beside the team's (dual identity: Hornsey & Hogg 2000, PSPR 4(2):143-156)", func(p *Params) *float64 { return &p.DualIdentity }},
	{"threat_friction", "negative experience per unit contact × threat", 0, 2, 1, assume + ": under subgroup threat a share of daily encounters equal to the threat goes badly (Hornsey & Hogg 2000: threatened subgroups show more bias; negative contact, Barlow et al. 2012, PSPB 38(12):1629-1643); 1 is the natural scale; 000: diversity creates tensions 'that even co-location in itself will not overcome'", func(p *Params) *float64 { return &p.ThreatFriction }},
	{"status_threat", "threat per unit status gap", 0, 2, 0.5, assume + ": a superordinate identity that ignores status differences threatens the subgroup's identity, which is reasserted and resists the team (Hornsey & Hogg 2000; 001: hierarchy of professional status)", func(p *Params) *float64 { return &p.StatusThreat }},
	{"split_affinity", "affinity", 0, 0.5, 0.1, assume + ": line management by each employer keeps professional and employer ties salient (001)", func(p *Params) *float64 { return &p.SplitAffinity }},
	{"employer_affinity_base", "affinity", 0, 1, 0.45, assume + ": the affinity to the employer of someone with no team identification", func(p *Params) *float64 { return &p.EmployerAffinityBase }},
	{"employer_alarm_affinity", "affinity", 0, 1, 0.3, assume + ": an employer reverting to type pulls its staff back (003)", func(p *Params) *float64 { return &p.EmployerAlarm }},
	{"employer_displacement", "affinity", 0, 1, 0.35, assume + ": affinity to the new team replaces affinity to the employing body (000)", func(p *Params) *float64 { return &p.EmployerDisplacement }},
	{"discretion_weight", "share", 0, 1, 0.6, assume + ": protected discretion suppresses joint working (Hudson 2002, cited in 000)", func(p *Params) *float64 { return &p.DiscretionWeight }},
	{"status_weight", "share", 0, 1, 1.2 / 2, assume + ": status differentials suppress joint working (000, 001)", func(p *Params) *float64 { return &p.StatusWeight }},
	{"identity_weight", "share", 0, 1, 0.5, assume + ": strong professional identity limits understanding of other views (000)", func(p *Params) *float64 { return &p.IdentityWeight }},
	{"parity_rate", "1/week", 0, 0.2, 0.015, assume, func(p *Params) *float64 { return &p.ParityRate }},
	{"parity_gain", "share of baseline gap", 0, 1, 0.7, assume + ": parity of esteem where identification and understanding are high and leadership values every contribution (000, 001)", func(p *Params) *float64 { return &p.ParityGain }},
	{"parity_without_strategy", "share", 0, 1, 0.5, assume + ": without a leadership strategy a hierarchy of professional status persists (001)", func(p *Params) *float64 { return &p.ParityNoStrategy }},
	{"boundary_bending", "share of preferred discretion", 0, 1, 0.35, assume + ": a willingness to 'bend' professional boundaries (000)", func(p *Params) *float64 { return &p.BoundaryBending }},
	{"acceptance_rate", "1/week", 0, 1, 0.05, assume + ": acceptance of others' judgement follows its conditions over about five months", func(p *Params) *float64 { return &p.AcceptanceRate }},
	{"acceptance_floor", "acceptance", 0, 1, 0.2, assume + ": some acceptance of others' judgement without trust (formal roles); the rest grows with trust", func(p *Params) *float64 { return &p.AcceptanceFloor }},
	{"trust_gain", "1/week per unit experience", 0, 0.1, 0.012, assume + ": trust builds over years (004; 002 'trust before strategy')", func(p *Params) *float64 { return &p.TrustGain }},
	{"trust_loss", "1/week per unit experience", 0, 1, 0.075, assume + ": trust falls in weeks (004)", func(p *Params) *float64 { return &p.TrustLoss }},
	{"handoff_good_weight", "experience per handoff", 0, 1, 0.3, assume + ": a smooth handoff is a small positive experience of the other profession", func(p *Params) *float64 { return &p.HandoffGoodWeight }},
	{"handoff_good_cap", "handoffs/week", 0, 20, 3, assume + ": beyond a few a week, smooth handoffs add no more", func(p *Params) *float64 { return &p.HandoffGoodCap }},
	{"handoff_bad_cap", "handoffs/week", 0, 20, 4, assume + ": beyond a few a week, bad handoffs add no more", func(p *Params) *float64 { return &p.HandoffBadCap }},
	{"conflict_distrust", "experience per unit conflict", 0, 1, 0.05, assume + ": conflict between partners colours each side's view of the other's staff (003)", func(p *Params) *float64 { return &p.ConflictDistrust }},
	{"stereotype_trust", "share", 0, 1, 0.5, assume + ": a stereotype of a profession slows trust in its members", func(p *Params) *float64 { return &p.StereotypeTrust }},
	{"stranger_trust", "trust", 0, 1, 0.5, assume + ": trust in a colleague one does not yet know, without stereotype (a newcomer's own starting trust is newcomer_trust)", func(p *Params) *float64 { return &p.StrangerTrust }},
	{"stranger_stereotype", "trust per unit stereotype", 0, 1, 0.4, assume + ": a stereotyped profession's strangers start less trusted (for a newcomer's own starting trust: newcomer_trust_stereotype)", func(p *Params) *float64 { return &p.StrangerStereo }},
	{"access_target_weeks", "weeks", 0, 26, 2, assume + ": community services' first intervention within two weeks of referral, set against the national access targets of the period (CHI 2003 PCT indicators: access to a GP within 48 hours, to a primary care professional within 24)", func(p *Params) *float64 { return &p.AccessTargetWeeks }},
	{"assessment_target_weeks", "weeks", 0, 26, 4, assume + ": councils' assessments of older people completed within four weeks of first contact (the social services performance framework's waiting-time indicator of the period)", func(p *Params) *float64 { return &p.AssessmentTargetWeeks }},
	{"delay_ceiling_days", "days per case", 1, 365, 28, assume + ": four weeks of delay per case awaiting discharge scores nothing", func(p *Params) *float64 { return &p.DelayCeilingDays }},
	{"activity_plan", "share of needed contributions", 0, 2, 1, assume + ": activity planned at the contributions its referrals need", func(p *Params) *float64 { return &p.ActivityPlan }},
	{"residential_ceiling", "admissions per closed case", 0.01, 1, 0.2, assume, func(p *Params) *float64 { return &p.ResidentialCeiling }},
	{"field_mean_national", "score", 0, 1, 0.8, assume + ": peers' community services score as the usual-care counterfactual's NHS body does (usual-care, year 3, 200 replicates)", func(p *Params) *float64 { return &p.FieldMeanNational }},
	{"field_mean_local", "score", 0, 1, 0.8, assume + ": peers' services score as the usual-care counterfactual's councils do (usual-care, year 3, 200 replicates)", func(p *Params) *float64 { return &p.FieldMeanLocal }},
	{"field_sd", "score", 0.01, 0.5, 0.15, assume + ": about the spread of the NHS bodies of the scenario library at year 3 (scores 0.43 to 0.82)", func(p *Params) *float64 { return &p.FieldSD }},
	{"other_services_weight", "share", 0, 1, 0.5, assume + ": about half of a PCT's rating rested on services outside community teams (CHI 2003: nine key targets, among them GP and primary care access, elective and outpatient waits, A&E four hours, financial management)", func(p *Params) *float64 { return &p.OtherServicesWeight }},
	{"other_services_deficit", "z per capacity unit", 0, 5, 1, assume + ": integration absorbed managerial time needed for 'higher order NHS priorities' (003)", func(p *Params) *float64 { return &p.OtherServicesDeficit }},
	{"rating_error", "sd, z scale", 0, 2, 0.5, assume + ": reported and experienced performance differ (Bevan & Hood 2006: 139 of 158 acute trusts reported 90% of A&E patients seen within four hours in 2002/03, patients' survey 69%)", func(p *Params) *float64 { return &p.RatingError }},
	{"field_zero_stars", "share", 0, 1, 22.0 / 304, "Commission for Health Improvement (2003), NHS performance ratings 2002/2003, PCTs: 22 of 304 zero stars", func(p *Params) *float64 { return &p.FieldZeroStars }},
	{"field_one_star", "share", 0, 1, 98.0 / 304, "Commission for Health Improvement (2003), PCTs: 98 of 304 one star", func(p *Params) *float64 { return &p.FieldOneStar }},
	{"field_two_stars", "share", 0, 1, 139.0 / 304, "Commission for Health Improvement (2003), PCTs: 139 of 304 two stars (45 three stars)", func(p *Params) *float64 { return &p.FieldTwoStars }},
	{"revert_threshold", "share of field", 0, 1, 120.0 / 304, assume + ": an organisation expecting one star or none (the bottom 120 of 304 in 2003, CHI) 'reverts to type' (003)", func(p *Params) *float64 { return &p.RevertThreshold }},
	{"target_pull", "share per unit pressure", 0, 1, 0.5, assume + ": separate targets pull partners apart (000, 003)", func(p *Params) *float64 { return &p.TargetPull }},
	{"local_pull_share", "share", 0, 1, 0.3, assume + ": local accountability presses less hard on measured targets than national performance management (003)", func(p *Params) *float64 { return &p.LocalPullShare }},
	{"intervention_stars", "stars", 0, 3, 1, "Pulse (July 2003): the 22 zero-star PCTs had to draw up improvement plans and had trouble-shooters sent in; one star was 'some cause for concern' without intervention", func(p *Params) *float64 { return &p.InterventionStars }},
	{"junior_weight", "share", 0, 1, 0.5, assume + ": the PCT seen as 'junior' partner (003)", func(p *Params) *float64 { return &p.JuniorWeight }},
	{"measure_weeks", "weeks", 1, 104, 13, assume + ": measured performance over about a quarter", func(p *Params) *float64 { return &p.MeasureWeeks }},
	{"basics_load", "capacity units", 0, 2, 0.8, assume + ": basic business takes most of an established body's attention", func(p *Params) *float64 { return &p.BasicsLoad }},
	{"joint_post_load", "capacity units", 0, 2, 0.35, assume + ": structural integration 'too far too fast' (003)", func(p *Params) *float64 { return &p.JointPostLoad }},
	{"team_change_load", "capacity units per team", 0, 0.5, 0.02, assume, func(p *Params) *float64 { return &p.TeamChangeLoad }},
	{"bedding_in_weeks", "weeks", 1, 520, 104, assume + ": change beds in over about two years (003, 004)", func(p *Params) *float64 { return &p.BeddingInWeeks }},
	{"deficit_capacity_loss", "share per capacity unit", 0, 1, 0.25, assume + ": integration absorbing managerial time that the basics needed (003)", func(p *Params) *float64 { return &p.DeficitCapacityLoss }},
	{"reorg_diversion", "share of capacity", 0, 1, 0.4, assume + ": reorganisation diverts management attention (003)", func(p *Params) *float64 { return &p.ReorgDiversion }},
	{"reorg_weeks", "weeks", 1, 520, 78, "003: 'probably lost 18 months ... through organisational change'", func(p *Params) *float64 { return &p.ReorgWeeks }},
	{"abolition_scale", "ratio", 1, 3, 1.5, assume + ": abolishing an organisation diverts more and breaks more than reorganising it (000, 003)", func(p *Params) *float64 { return &p.AbolitionScale }},
	{"diversion_max", "share of capacity", 0, 1, 0.9, assume + ": even a large reorganisation leaves some attention for the basics", func(p *Params) *float64 { return &p.DiversionMax }},
	{"successor_maturity", "maturity", 0, 1, 0.3, assume + ": an abolished organisation's successor starts nearly as a new body (003: a new PCT)", func(p *Params) *float64 { return &p.SuccessorMaturity }},
	{"reorg_leadership_loss", "share", 0, 1, 0.5, assume + ": managers leave in a reorganisation (DOMAIN; 003) and their successors start weaker", func(p *Params) *float64 { return &p.ReorgLeadershipLoss }},
	{"reorg_upheaval", "negative experience/week", 0, 5, 1.5, assume + ": working relationships with staff the reorganisation moves break (DOMAIN; 004: constant reform undermines trust)", func(p *Params) *float64 { return &p.ReorgUpheaval }},
	{"upheaval_weeks", "weeks", 1, 52, 4, assume + ": the disruption of a reorganisation or a change of leader is felt for about a month", func(p *Params) *float64 { return &p.UpheavalWeeks }},
	{"upheaval_spillover", "share", 0, 1, 0.5, assume + ": a partner's reorganisation unsettles the whole joint team (its manager, base and records are in question), those it moves most", func(p *Params) *float64 { return &p.UpheavalSpillover }},
	{"leader_turnover", "1/year", 0, 1, 0.3, assume + ": a team leader stays about three years; the upper end is the line-manager churn social workers reported in 2011, when two-thirds had had two or more line managers in the 14 months since April 2010 (Community Care, 7 June 2011, 'Line manager turnover adds to social workers' stress'): a change hazard near 0.9 a year, much of it restructures after budget cuts", func(p *Params) *float64 { return &p.LeaderTurnover }},
	{"leader_change_loss", "share", 0, 1, 0.5, assume + ": a new leader starts with half the grip of an established one", func(p *Params) *float64 { return &p.LeaderChangeLoss }},
	{"leader_change_upheaval", "negative experience/week", 0, 5, 0.5, assume + ": a change of leader unsettles a team's working relationships", func(p *Params) *float64 { return &p.LeaderChangeUpheaval }},
	{"new_leader_min", "ratio", 0, 2, 0.5, assume + ": a new leader may be half as good as the configured leadership", func(p *Params) *float64 { return &p.NewLeaderMin }},
	{"new_leader_max", "ratio", 0, 3, 1.5, assume + ": or half as good again", func(p *Params) *float64 { return &p.NewLeaderMax }},
	{"training_programme_weeks", "weeks", 1, 520, 52, "002: Barnet's common-core programme trained 550 of 20,000 in its first year", func(p *Params) *float64 { return &p.TrainingProgramme }},
	{"competition_floor", "competition", 0, 1, 0.5, assume + ": choice and competition, once national policy, is felt at least at half strength (000)", func(p *Params) *float64 { return &p.CompetitionFloor }},
	{"reorg_stress", "stress", 0, 1, 0.3, assume + ": reorganisation unsettles staff (004)", func(p *Params) *float64 { return &p.ReorgStress }},
	{"new_org_capacity", "share", 0, 1, 0.4, assume + ": a brand-new PCT had under half an established body's management capacity (003)", func(p *Params) *float64 { return &p.NewOrgCapacity }},
	{"maturity_weeks", "weeks", 1, 1040, 156, assume + ": a new organisation matures over about three years (003: 'growing organisational maturity' by 2005)", func(p *Params) *float64 { return &p.MaturityWeeks }},
	{"consultancy_capacity", "capacity units", 0, 1, 0.1, assume + ": dedicated change staff (000)", func(p *Params) *float64 { return &p.ConsultancyCapacity }},
	{"operational_post_load", "share", 0, 1, 0.4, assume, func(p *Params) *float64 { return &p.OperationalPostLoad }},
	{"pace_base", "share", 0, 2, 0.5, assume + ": 'too far too fast' (003): load grows with pace", func(p *Params) *float64 { return &p.PaceBase }},
	{"form_load", "capacity units", 0, 2, 0.3, assume, func(p *Params) *float64 { return &p.FormLoad }},
	{"conflict_load", "capacity units", 0, 2, 0.3, assume + ": conflict takes senior time (003)", func(p *Params) *float64 { return &p.ConflictLoad }},
	{"bedding_floor", "share", 0, 1, 0.3, assume + ": change never beds in completely", func(p *Params) *float64 { return &p.BeddingFloor }},
	{"process_lightening", "share", 0, 0.5, 0.25, assume + ": design teams and work streams carry the operational detail (000)", func(p *Params) *float64 { return &p.ProcessLightening }},
	{"form_weight_network", "share", 0, 1, 0.1, assume + ": structural scope of a network", func(p *Params) *float64 { return &p.FormWeightNetwork }},
	{"form_weight_placement", "share", 0, 1, 0.2, assume, func(p *Params) *float64 { return &p.FormWeightPlacement }},
	{"form_weight_colocation", "share", 0, 1, 0.3, assume, func(p *Params) *float64 { return &p.FormWeightColocation }},
	{"form_weight_integrated_teams", "share", 0, 1, 0.4, assume, func(p *Params) *float64 { return &p.FormWeightIntegratedTeams }},
	{"form_weight_joint_posts", "share", 0, 1, 0.6, assume, func(p *Params) *float64 { return &p.FormWeightJointPosts }},
	{"form_weight_pooled_budget", "share", 0, 1, 0.6, assume, func(p *Params) *float64 { return &p.FormWeightPooledBudget }},
	{"form_weight_care_trust", "share", 0, 1, 0.9, assume + ": a care trust is near structural merger (003)", func(p *Params) *float64 { return &p.FormWeightCareTrust }},
	{"conflict_growth", "1/week", 0, 0.2, 0.02, assume + ": mismatched governance breeds conflict (003)", func(p *Params) *float64 { return &p.ConflictGrowth }},
	{"conflict_decay", "1/week", 0, 0.2, 0.03, assume, func(p *Params) *float64 { return &p.ConflictDecay }},
	{"conflict_split_hazard", "1/week", 0, 0.2, 0.01, assume + ": partners at odds end a joint post themselves (003)", func(p *Params) *float64 { return &p.ConflictSplitHazard }},
	{"surface_board", "share", 0, 1, 0.35, assume + ": a partnership board surfaces conflict (Engeström's activity theory, 001)", func(p *Params) *float64 { return &p.SurfaceBoard }},
	{"surface_design", "share", 0, 1, 0.3, assume, func(p *Params) *float64 { return &p.SurfaceDesign }},
	{"surface_logistics", "share", 0, 1, 0.15, assume, func(p *Params) *float64 { return &p.SurfaceLogistics }},
	{"same_regime_exposure", "share", 0, 1, 0.5, assume + ": partners under one regime read each other less wrongly (003)", func(p *Params) *float64 { return &p.SameRegimeExposure }},
	{"operational_exposure", "share", 0, 1, 0.5, assume, func(p *Params) *float64 { return &p.OperationalExposure }},
	{"conflict_fade", "1/week", 0, 0.1, 0.005, assume, func(p *Params) *float64 { return &p.ConflictFade }},
	{"discharge_fine", "pounds/day", 0, 1000, 120, "004: £120 a day (Community Care (Delayed Discharges etc.) Act 2003: the council pays the NHS body)", func(p *Params) *float64 { return &p.DischargeFine }},
	{"overspend_tolerance", "share of budget", 0.005, 0.5, 0.05, assume + ": an overspend of 5% of budget brings full financial pressure", func(p *Params) *float64 { return &p.OverspendTolerance }},
	{"finance_squeeze", "share of capacity", 0, 1, 0.15, assume + ": budget cuts squeeze capacity (overtime, bank and agency hours)", func(p *Params) *float64 { return &p.FinanceSqueeze }},
	{"finance_load", "capacity units", 0, 1, 0.2, assume + ": financial difficulties take the top's attention (003: Northumberland)", func(p *Params) *float64 { return &p.FinanceLoad }},
	{"cost_shunting", "probability", 0, 1, 0.3, assume + ": partners under financial pressure shift cost to each other unless budgets are pooled (003, 004)", func(p *Params) *float64 { return &p.CostShunting }},
	{"aligned_share", "share", 0, 1, 0.5, assume + ": aligned budgets, planned together, shift cost half as much", func(p *Params) *float64 { return &p.AlignedShare }},
	{"performance_fund_share", "share of budget", 0, 1, 0.05, assume + ": 'payment dependent on performance' (004); bonuses of up to £500,000 to three-star PCTs in 2003 (Pulse)", func(p *Params) *float64 { return &p.PerformanceFundShare }},
	{"choice_exit", "share of referrals", 0, 1, 0.3, assume + ": users choose other providers when waits are long (000: choice and competition)", func(p *Params) *float64 { return &p.ChoiceExit }},
	{"choice_memory", "cases", 1, 500, 20, assume, func(p *Params) *float64 { return &p.ChoiceMemory }},
	{"placement_weeks", "weeks", 1, 520, 52, assume + ": residential_cost is a year's fees", func(p *Params) *float64 { return &p.PlacementWeeks }},
	{"finance_weeks", "weeks", 1, 104, 52, assume + ": the financial year", func(p *Params) *float64 { return &p.FinanceWeeks }},
	{"stall_base", "probability", 0, 1, 0.35, assume + ": handoffs cost time (004)", func(p *Params) *float64 { return &p.StallBase }},
	{"duplicate_base", "probability", 0, 1, 0.4, assume + ": duplicate assessments across boundaries (004)", func(p *Params) *float64 { return &p.DuplicateBase }},
	{"single_manager_seam", "share of a seam", 0, 1, 0.3, assume + ": one manager allocating across employers, one point of contact (Sedgefield, 000: 'speed')", func(p *Params) *float64 { return &p.SingleManagerSeam }},
	{"stress_capacity_loss", "share", 0, 1, 0.25, assume + "; not calibrated: no target informs it and its range reaches a fully stressed professional losing all capacity, so runs keep the default rather than draw it (docs/CALIBRATION.md, 'Why the stress parameters are not fitted'); the sensitivity analysis (docs/ODD.md, section 7.14) moves it", func(p *Params) *float64 { return &p.StressCapacityLoss }},
	{"complexity_sd", "complexity", 0, 0.5, 0.15, assume, func(p *Params) *float64 { return &p.ComplexitySD }},
	{"external_weekly", "probability/week", 0.01, 1, 1.0 / 3, assume + ": help from outside the team takes about three weeks", func(p *Params) *float64 { return &p.ExternalWeekly }},
	{"records_stall", "share", 0, 1, 0.6, assume + ": one database (000)", func(p *Params) *float64 { return &p.RecordsStall }},
	{"colocated_stall", "share", 0, 1, 0.6, assume + ": a shared base (000, 001)", func(p *Params) *float64 { return &p.ColocatedStall }},
	{"stall_bad_share", "share", 0, 1, 0.3, assume, func(p *Params) *float64 { return &p.StallBadShare }},
	{"stall_bad_weight", "experience units", 0, 2, 0.5, assume + ": a stall is half as bad as a repeated assessment", func(p *Params) *float64 { return &p.StallBadWeight }},
	{"records_duplicate", "share", 0, 1, 0.8, assume + ": one database ends most repeated assessments (004)", func(p *Params) *float64 { return &p.RecordsDuplicate }},
	{"drop_after_weeks", "weeks", 1, 104, 12, assume, func(p *Params) *float64 { return &p.DropAfterWeeks }},
	{"emergency_complexity", "per unit complexity", 0, 10, 2, assume, func(p *Params) *float64 { return &p.EmergencyComplexity }},
	{"emergency_waiting", "multiple", 1, 5, 1.5, assume, func(p *Params) *float64 { return &p.EmergencyWaiting }},
	{"residential_wait", "probability/week", 0, 0.1, 0.005, assume, func(p *Params) *float64 { return &p.ResidentialWait }},
	{"ux_wait", "per week", 0, 0.5, 0.04, assume + ": users notice timeliness (004)", func(p *Params) *float64 { return &p.UXWait }},
	{"ux_seam", "per seam", 0, 0.5, 0.06, assume + ": users notice coordination (004)", func(p *Params) *float64 { return &p.UXSeam }},
	{"ux_duplicate", "per assessment", 0, 0.5, 0.1, assume + ": repeated assessments (004)", func(p *Params) *float64 { return &p.UXDuplicate }},
	{"ux_stall", "per stall", 0, 0.5, 0.05, assume, func(p *Params) *float64 { return &p.UXStall }},
	{"drop_weekly", "probability/week", 0, 0.5, 0.03, assume, func(p *Params) *float64 { return &p.DropWeekly }},
	{"emergency_risk", "probability/week", 0, 0.1, 0.004, assume + ": little hard evidence of clinical effects (004), so a small effect", func(p *Params) *float64 { return &p.EmergencyRisk }},
	{"residential_risk", "probability", 0, 1, 0.03, assume, func(p *Params) *float64 { return &p.ResidentialRisk }},
	{"emergency_cost", "pounds", 0, 100000, 2000, assume, func(p *Params) *float64 { return &p.EmergencyCost }},
	{"residential_cost", "pounds", 0, 500000, 30000, assume, func(p *Params) *float64 { return &p.ResidentialCost }},
	{"turnover", "1/year", 0, 1, 0.159, "DfE, Children's social work workforce 2023: 5,254 FTE leavers over 33,119 FTE in post in 2022-23 (15.9%; 13.5% in 2020, 15.4% in 2021); the area's turnover at its usual intention to leave; calibrated (docs/CALIBRATION.md) to the vacancy and turnover rates of children's social workers and adult social care: runs draw it from the ensemble (posterior mean 0.17, 90% 0.07–0.30)", func(p *Params) *float64 { return &p.Turnover }},
	{"vacancy_weeks", "weeks", 0, 104, 10, assume + ": advertising, interviews, checks and notice take about two to three months once a suitable candidate applies; calibrated to the published vacancy rates (docs/CALIBRATION.md): runs draw it from the ensemble (posterior mean 15 weeks, 90% 4.8–29)", func(p *Params) *float64 { return &p.VacancyWeeks }},
	{"stress_rate", "1/week", 0, 1, 0.1, assume + "; not calibrated: no target informs it, so runs keep the default rather than draw it over its range (docs/CALIBRATION.md, 'Why the stress parameters are not fitted'); the sensitivity analysis (docs/ODD.md, section 7.14) moves it", func(p *Params) *float64 { return &p.StressRate }},
	{"labour_supply", "ratio", 0, 3, 1.3, assume + ": the default set so that vacancy rates come out near the published ones (social work teams 10.4%, Community Care 2010; adult social care 9.9% in 2022-23, Skills for Care; NHS registered nurses 11.9% in September 2022, NHS Digital); calibrated (docs/CALIBRATION.md) to the vacancy and turnover rates of children's social workers and adult social care: runs draw it from the ensemble, which the targets inform less well (contraction 0.54; posterior mean 2.03, 90% 0.91–2.87)", func(p *Params) *float64 { return &p.LabourSupply }},
	{"pool_exit", "1/week", 0, 1, 0.04, assume + ": an unplaced candidate finds work elsewhere within about six months", func(p *Params) *float64 { return &p.PoolExit }},
	{"poaching", "share", 0, 1, 0.6, assume + ": partners recruiting the same professions compete for each other's staff (002: 'by joining up their workforce strategies agencies can avoid such competition')", func(p *Params) *float64 { return &p.Poaching }},
	{"strategy_trust", "trust", 0.05, 1, 0.5, assume + ": the mean trust across employers at which partners can join up their workforce strategies fully (002: 'you have to build relationships and trust before you start doing workforce strategies together'); below it a strategy takes hold in proportion", func(p *Params) *float64 { return &p.StrategyTrust }},
	{"strategy_weeks", "weeks", 1, 260, 52, assume + ": about a year for a joint workforce strategy to take hold (002: successful integration 'is slow'; few of the IDeA project's areas were working across the board on such strategies a year in)", func(p *Params) *float64 { return &p.StrategyWeeks }},
	{"strategy_priority", "share", 0, 1, 1, assume + ": a partner that has reverted to type under its own targets stays out of a joint strategy in proportion (002: health partners for whom 'partnership working may not be their priority. Both partners must want to dance')", func(p *Params) *float64 { return &p.StrategyPriority }},
	{"agency_weeks", "weeks", 1, 52, 3, assume + ", set so that agency workers cover about 93% of the vacancies at any time, as in DfE, Children's social work workforce 2023: 7,174 agency FTE against 7,723 FTE vacancies at 30 September 2023 (agency rate 17.8%, vacancy rate 18.9%); with vacancies lasting about 40 weeks, a mean of 3 weeks to cover gives 93%", func(p *Params) *float64 { return &p.AgencyWeeks }},
	{"agency_premium", "multiple of weekly cost", 1, 3, 1.35, "Community Care, 1 September 2010: an agency social worker costs about £14,400 a year more than a newly qualified permanent one (Sefton Council, cited by the Department of Health), about 35% of a £41,600 post with on-costs", func(p *Params) *float64 { return &p.AgencyPremium }},
	{"agency_productivity", "share", 0, 1, 0.8, assume + ": agency workers do not know the local system or the team (Community Care 2010: continuity is what agency cover lacks)", func(p *Params) *float64 { return &p.AgencyProductivity }},
	{"newcomer_sd", "sd", 0, 0.2, 0.05, assume + ": people of one profession arrive with somewhat different identities and first impressions", func(p *Params) *float64 { return &p.NewcomerSD }},
	{"newcomer_prof_affinity", "affinity", 0, 1, 0.45, assume + ": the affinity to one's profession a newcomer brings, before socialisation; the same default as prof_affinity_base, the level identity then moves toward", func(p *Params) *float64 { return &p.NewcomerProfAffinity }},
	{"newcomer_prof_affinity_socialisation", "affinity per unit socialisation", 0, 1, 0.45, assume + ": strongly socialised professions arrive with a strong professional identity; the same default as prof_affinity_socialisation", func(p *Params) *float64 { return &p.NewcomerProfAffinitySocial }},
	{"newcomer_trust", "trust", 0, 1, 0.5, assume + ": a newcomer's trust in colleagues of another profession, whom they do not yet know; the same default as stranger_trust", func(p *Params) *float64 { return &p.NewcomerTrust }},
	{"newcomer_trust_stereotype", "trust per unit stereotype", 0, 1, 0.4, assume + ": a newcomer trusts a stereotyped profession less; the same default as stranger_stereotype", func(p *Params) *float64 { return &p.NewcomerTrustStereo }},
	{"newcomer_role_understanding", "role understanding", 0, 1, 0.25, assume + ": what a newcomer's own training taught of other roles; the same default as role_floor", func(p *Params) *float64 { return &p.NewcomerRole }},
	{"newcomer_acceptance_floor", "acceptance", 0, 1, 0.2, assume + ": a newcomer's acceptance starts at the target mechanism 3 moves it toward, whose floor this is; the same default as acceptance_floor", func(p *Params) *float64 { return &p.NewcomerAcceptance }},
	{"newcomer_employer_affinity", "affinity", 0, 1, 0.5, assume + ": a newcomer is as attached to the employer as to nothing else yet; the employer affinity then moves to its target (employer_affinity_base and the rest)", func(p *Params) *float64 { return &p.NewcomerEmployerAffinity }},
	{"newcomer_team_id", "identification", 0, 1, 0.15, assume + ": a newcomer identifies a little with the team that hires them, before any shared work", func(p *Params) *float64 { return &p.NewcomerTeamID }},
	{"newcomer_stress", "stress", 0, 1, 0.25, assume + ": a newcomer arrives with the stress of an ordinary working week; it then moves to its target at stress_rate", func(p *Params) *float64 { return &p.NewcomerStress }},
	{"newcomer_intent", "intention", 0, 1, 0.2, assume + ": a newcomer's intention to leave before the team's conditions act; also the area's usual intention when no one is in post", func(p *Params) *float64 { return &p.NewcomerIntent }},
	{"own_profession_trust", "trust", 0, 1, 0.7, assume + ": colleagues of one's own profession are trusted more than strangers of another (stranger_trust), not fully", func(p *Params) *float64 { return &p.OwnProfessionTrust }},
	{"acceptance_alone", "acceptance", 0, 1, 0.5, assume + ": someone with no other profession in the team has no one whose judgement to accept or refuse; the midpoint stands in (it enters only cohesion)", func(p *Params) *float64 { return &p.AcceptanceAlone }},
	{"stereotype_base", "stereotype", 0, 1, 0.25, assume + ": professions that share a model of care still hold some stereotype of each other", func(p *Params) *float64 { return &p.StereotypeBase }},
	{"stereotype_care_model", "stereotype per unit care-model gap", 0, 1, 0.35, assume + ": different models of care (medical and social) breed stereotypes of each other", func(p *Params) *float64 { return &p.StereotypeCareModel }},
	{"stereotype_status", "stereotype per unit status gap", 0, 1, 0.3, assume + ": in the pessimistic tradition, status differentials feed stereotypes of the other profession", func(p *Params) *float64 { return &p.StereotypeStatus }},
	{"start_tenure_max", "weeks", 0, 2080, 520, assume + ": the staff in post at the start have served up to ten years (tenure is reported in snapshots only)", func(p *Params) *float64 { return &p.StartTenureMax }},
	{"part_time_presence", "share of a week", 0, 1, 0.5, assume + ": a part-time member works half a full-time member's hours with the team", func(p *Params) *float64 { return &p.PartTimePresence }},
	{"peripheral_presence", "share of a week", 0, 1, 0.2, assume + ": a peripheral member spends about a day a week with the team and the rest in others", func(p *Params) *float64 { return &p.PeripheralPresence }},
	{"leadership_weeks", "weeks", 1, 260, 26, assume + ": a team's leadership takes about half a year to reach a new level after a change of leader or a reorganisation", func(p *Params) *float64 { return &p.LeadershipWeeks }},
	{"alarm_support_cut", "share", 0, 1, 0.3, assume + ": an employer reverting to type withdraws part of its support for joint teams (003)", func(p *Params) *float64 { return &p.AlarmSupportCut }},
	{"split_management", "share", 0, 1, 0.55, assume + ": line management by each employer leaves the team leader about half the grip of a single manager (001)", func(p *Params) *float64 { return &p.SplitManagement }},
	{"no_strategy_management", "share", 0, 1, 0.6, assume + ": without a leadership strategy, active team management is weaker (001)", func(p *Params) *float64 { return &p.NoStrategyManagement }},
	{"goals_base", "goals", 0, 1, 0.3, assume + ": professionals serving the same users share some goals without any lever", func(p *Params) *float64 { return &p.GoalsBase }},
	{"goals_single", "goals", 0, 1, 0.25, assume + ": one manager sets one set of priorities (Sedgefield, 000)", func(p *Params) *float64 { return &p.GoalsSingle }},
	{"goals_joint_targets", "goals", 0, 1, 0.25, assume + ": joint targets are common goals where targets steer behaviour (000, 003)", func(p *Params) *float64 { return &p.GoalsJointTargets }},
	{"goals_strategy", "goals", 0, 1, 0.2, assume + ": a leadership strategy articulates shared aims (001)", func(p *Params) *float64 { return &p.GoalsStrategy }},
	{"goals_funding", "goals", 0, 1, 0.1, assume + ": shared money is a shared stake", func(p *Params) *float64 { return &p.GoalsFunding }},
	{"goals_leadership", "goals", 0, 1, 0.05, assume + ": the partnership's leadership process sets a joint vision, felt weakly in the teams (000)", func(p *Params) *float64 { return &p.GoalsLeadership }},
	{"goals_competition_cut", "share", 0, 1, 0.3, assume + ": choice and competition set partners against each other (000)", func(p *Params) *float64 { return &p.GoalsCompetitionCut }},
	{"stress_base", "stress", 0, 1, 0.1, assume + ": some stress in any job", func(p *Params) *float64 { return &p.StressBase }},
	{"stress_utilisation", "stress", 0, 1, 0.25, assume + ": workload is a main source of stress", func(p *Params) *float64 { return &p.StressUtilisation }},
	{"stress_backlog", "stress", 0, 1, 0.25, assume + ": waiting lists weigh on staff", func(p *Params) *float64 { return &p.StressBacklog }},
	{"stress_deficit", "stress per capacity unit", 0, 1, 0.25, assume + ": an employer short of management leaves its staff unsupported (003)", func(p *Params) *float64 { return &p.StressDeficit }},
	{"stress_conflict", "stress", 0, 1, 0.15, assume + ": conflict between partners reaches their staff (003)", func(p *Params) *float64 { return &p.StressConflict }},
	{"stress_team_buffer", "stress", 0, 1, 0.15, assume + ": a team one identifies with, actively managed, buffers stress", func(p *Params) *float64 { return &p.StressTeamBuffer }},
	{"intent_base", "intention", 0, 1, 0.05, assume + ": some intention to leave in any job (moves, retirement)", func(p *Params) *float64 { return &p.IntentBase }},
	{"intent_stress", "intention per unit stress", 0, 1, 0.7, assume + ": stress is the main driver of intention to leave", func(p *Params) *float64 { return &p.IntentStress }},
	{"intent_team", "intention per unit identification", 0, 1, 0.3, assume + ": identification with the team keeps people", func(p *Params) *float64 { return &p.IntentTeam }},
	{"leave_hazard_base", "hazard units", 0.01, 5, 0.4, assume + ": some leave whatever they intend (retirement, moves); with leave_hazard_intent, turnover at the usual intention is the turnover parameter", func(p *Params) *float64 { return &p.LeaveHazardBase }},
	{"leave_hazard_intent", "hazard units per unit intention", 0, 10, 2, assume + ": intention to leave makes leaving more likely, sixfold from none to full at the default base", func(p *Params) *float64 { return &p.LeaveHazardIntent }},
	{"recruiter_delay", "share per employer", 0, 2, 0.5, assume + ": with the labour market off, each further employer recruiting the profession lengthens a vacancy by half (002: competition for staff)", func(p *Params) *float64 { return &p.RecruiterDelay }},
	{"cut_vacancy", "multiple per unit cut", 0, 10, 2, assume + ": an employer under a budget cut is slow to fill posts (recruitment freezes)", func(p *Params) *float64 { return &p.CutVacancy }},
	{"stall_trust", "share", 0, 1, 0.5, assume + ": a colleague one trusts picks a case up promptly; at full trust the risk halves", func(p *Params) *float64 { return &p.StallTrust }},
	{"stall_role", "share", 0, 1, 0.5, assume + ": knowing what the other role does avoids wrong referrals; at full understanding the risk halves", func(p *Params) *float64 { return &p.StallRole }},
	{"fund_par_stars", "stars", 1, 3, 2, assume + ": performance-linked funding pays in full at two stars, less below and more above (004: 'payment dependent on performance')", func(p *Params) *float64 { return &p.FundParStars }},
	{"rating_min_weeks", "weeks", 0, 52, 26, assume + ": a rating needs about half a year of the organisation's measured work in the run", func(p *Params) *float64 { return &p.RatingMinWeeks }},
	{"site_variation", "sd", 0, 0.5, 0.1, assume + ": the same policy plays out differently at different sites (pattern 9)", func(p *Params) *float64 { return &p.SiteVariation }},
	{"individual_variation", "sd", 0, 0.5, 0.1, assume, func(p *Params) *float64 { return &p.IndividualVariation }},
	{"burn_in_weeks", "weeks", 0, 208, 52, assume + ": long enough for the pre-programme arrangements to settle (identities and relationships move at 1-4% a week, placements last a year); TestUsualCareDoesNotDrift checks the default", func(p *Params) *float64 { return &p.BurnInWeeks }},
	{"burn_in_speed", "multiple", 1, 10, 10, assume + ": the burn-in runs contact, identity, trust, stress, turnover and leaders' careers this many times faster so that relationships that take a decade to settle do so in burn_in_weeks; TestUsualCareDoesNotDrift checks the default, and TestBurnInSettingsDoNotMatter that faster paces distort the start, so the range stops at 10", func(p *Params) *float64 { return &p.BurnInSpeed }},
}
