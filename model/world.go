package model

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/joinedup/joinedup/sim"
)

// Purposes of the random streams a World draws from. Demand, staff and case
// randomness come from separate streams so that scenarios differing in one
// respect keep their other draws aligned (common random numbers).
const (
	StreamDemand uint64 = 1 + iota
	StreamStaff
	StreamCases
	StreamEvents
	StreamInit
	StreamPerformance
	StreamTraining
	StreamGovernance
	StreamOutcomes
	StreamLeaders
)

const external = 255 // step slot for a contribution from outside the team

// World is one replicate's state. Build it with New; it satisfies sim.Model
// and sim.Scheduled.
type World struct {
	cfg   *Config
	p     Params
	mech  Mechanisms
	week  sim.Tick // the model's own clock: weeks since the burn-in began
	sched sim.Schedule

	// The burn-in (burnin.go): the model's clock runs off weeks ahead of
	// the run's, and burning is true while the pre-programme arrangements
	// are burnt in.
	off     sim.Tick
	burning bool

	rStaff, rEvents     *rand.Rand
	rLeaders            *sim.PCG // leaders' careers (mechanism 9)
	rPerf, rTrain, rGov *rand.Rand
	// The case flow's streams: the same numbers as rep.Rand's, drawn
	// through an inlinable generator.
	rDemand, rCases, rOutcome *sim.PCG

	// Professionals, indexed by professional id: where each post is and
	// whether it is filled (seat), and the state of the professional in
	// it (staff). A post may be vacant; its state is then reset when a
	// newcomer fills it. Ids are given team by team, so a team's members
	// are contiguous.
	seat  []seat
	staff []professional
	// Each professional's intention to leave, apart from the rest of their
	// state: the burn-in's weekly mean of it reads every post.
	intent []float64

	// Relations of professional i to the professions in the other slots of
	// i's team, R = K − 1 of them from index i*R (relIndex). K is the most
	// slots a team has. A professional's relation to their own profession
	// never changes, so it is kept once (ownRel, set by newcomer), not in
	// every professional.
	K, R   int
	rel    []relation
	ownRel relation
	// This week's experiences (scratch for the team whose week is being
	// run, so they stay in cache): the m'th member's, whose id is the
	// team's first id + m (ids are given team by team), with slot k at
	// index m*K+k.
	exp []experience

	teams []teamState
	orgs  []orgState
	posts []postState
	part  partnershipState

	// The labour market (labour.go): per area and profession (index
	// area × professions + profession) its pool of candidates, posts and
	// staff; per employer its area and, per profession, the share of the
	// area's posts its partners hold; the area's usual intention to leave.
	pool         []float64
	marketPosts  []int
	marketVacant []int // vacant posts at the start of this week
	vacantNow    []int // vacant posts now, kept by leave and newcomer
	marketStaff  [][]int32
	marketOf     []int32
	partnerShare []float64
	intentRef    float64
	// Per area, the hold of the partners' joint workforce strategy, 0..1
	// (strategy.go), and scratch for its weekly update.
	hold       []float64
	stratReady []float64
	stratTrust []float64
	stratPairs []int

	taskCost    []float64 // per profession: weekly cost ÷ caseload, the cost of one contribution
	recruit     []int     // per employer and profession: employers in its labour market recruiting that profession
	orgTeamLoad []float64 // scratch: change load of integrated teams per employer

	meas     []orgMeasure // per organisation: its measured work (mechanism 5)
	money    []orgMoney   // per organisation: its budget and spending (money)
	payers   [][2]int32   // per team: the NHS body and the council that pay for admissions, -1 none
	teamWait []float64    // per team: weeks to first intervention, smoothed over about 20 cases

	acc     weekly       // this week's flow counters
	totals  totals       // cumulative counters
	metrics []float64    // scratch
	teamAcc []teamWeekly // this week's flow counters per team
	teamObs []teamObs    // scratch for the per-team metrics (nil unless Config.TeamMetrics)
}

// professional is the state of the professional in one post. Each week's
// pass over a team reads most of these fields for every member, so they
// are kept together: 128 bytes, two cache lines a member, rather than a
// line of each of some twenty parallel slices (which, at national scale,
// are all out of cache by the time the week comes back to the team).
type professional struct {
	presence                 float64
	capWeek, capLeft, done   float64 // capacity this week / case contributions left / done this week
	jointTotal               float64 // shared cases this week
	stress                   float64
	affProf, affOrg, affTeam float64 // affinity to profession, employer and team, 0..1
	discretion               float64 // preferred autonomy, 0..1
	socialisation            float64 // this professional's socialisation, 0..1
	norm                     float64 // the discretion this professional's training claims, 0..1
	accept                   float64 // acceptance of others' judgement, 0..1
	tenure                   float64 // weeks
	vacantUntil              sim.Tick
	trainedUntil             sim.Tick // on a common-core course until this week (mechanisms 1 and 4)
}

// seat is where a post is and whether it is filled or covered: what the
// weekly passes over the whole world (the labour market, each slot's
// presence and employers) read of every post, kept apart from the
// professional's state so that those passes read 16 bytes a post, not the
// whole professional.
type seat struct {
	prof, org, team int32
	slot            int8 // own profession's slot in the team
	vacant          bool
	agency          bool // an agency worker covers the post while it is vacant (labour.go)
	// poached: the holder left this week, poached by the workforce of a
	// team whose week comes earlier, before this team's week began; the
	// post still counts as in post in this week's team conditions.
	poached bool
}

// relation is professional i's relation to the profession in one slot of
// their team. The fields are used together, so they are kept together.
type relation struct {
	trust, stereo, roleU float64 // 0..1
	gap                  float64 // perceived status gap, −1..1
}

// experience is what a professional met this week in their relation to
// the profession in one slot of their team: handoffs, during the case
// flow, and contact, in the pass over relations. It lives for the team's
// week only, so it is kept in scratch (World.exp), not with the relation.
type experience struct {
	good, bad float64 // this week's good and bad handoff experiences
	joint     float64 // this week's shared cases, then positive contact (mechanism 1)
}

// relBase is the status gap and the stereotype a newcomer of one
// profession brings to another: what their relation starts at and what it
// relapses toward. They depend on the two professions only, so they are
// kept once per team (teamState.base), not in every relation.
type relBase struct {
	baseGap, baseStere float64
}

type teamState struct {
	members       []int32   // professional ids
	slotProf      []int32   // profession of each slot
	slotMembers   [][]int32 // members in each slot
	employers     []int32   // distinct employers
	colocated     bool
	single        bool
	shared        bool
	leadership    float64 // current
	leadTarget    float64 // recovers toward this
	strategy      bool
	integrated    bool // the configured integrated arrangement is in place
	hasIntegrated bool // the configuration gives the team an integrated arrangement
	dissolved     bool
	since         sim.Tick
	queue         []caseState // open cases, oldest first
	demandMean    float64     // the mean of the week's referrals demandExp was computed for
	demandExp     float64     // e^−demandMean
	support       float64     // management support from the employers, 0..1
	upheaval      float64     // negative experience per week from a recent shock
	upheavalUntil sim.Tick
	mgmt          float64 // active team management, 0..1
	goals         float64 // common goals, 0..1
	backlog       []float64
	slotCap       []float64
	needSlots     [numNeeds][]uint8 // slots whose profession meets each need
	present       []bool            // this week: someone in the slot is in post
	slotOrg       []int32           // the slot's one employer, or -1 when several

	// The status gap and stereotype a newcomer in slot j brings to the
	// profession in slot k, at index j × slots + k (baselines).
	base []relBase

	// Upheaval after a shock and relationships lost with leavers (mechanism 4).
	upheavalOrg  []bool    // by organisation: its staff are in upheaval
	upheavalSlot []bool    // by slot: a member is employed by an organisation in upheaval
	inPost       []float64 // by slot: members in post last week
	lost         []float64 // by slot: share of last week's members who have left
}

type orgState struct {
	maturity      float64
	diversion     float64 // share of capacity diverted by reorganisation now
	divertedAt    sim.Tick
	divertSize    float64
	budgetCut     float64
	capacity      float64 // effective
	demand        float64
	deficit       float64
	support       float64
	attention     float64 // share of attention spent on the partnership
	pressure      float64
	perf          float64 // this week's measured performance
	rating        float64 // stars, NaN before the first rating
	alarm         float64 // reverting to type, 0..1
	reorgStress   float64
	fines         float64 // pounds this week
	inPartnership bool
	growing       bool // maturity grows (a new organisation, or an abolished one's successor)
}

type postState struct {
	standing bool
	since    sim.Tick
}

type partnershipState struct {
	jointTargets bool
	conflict     float64
	mixed        bool // partners answer to different regimes
	competition  float64
	funding      bool
	fines        bool
	training     float64 // share of staff trained per year while a programme runs
	trainingEnd  sim.Tick
}

// caseState is one open case. Its fields are ordered by size so that it
// takes 48 bytes, four cases to three cache lines: every week reads each
// open case once, so at national scale the queues are the largest stream
// of memory a week fetches, and a smaller record fetches fewer lines. Its
// team is the queue's, passed along rather than stored.
type caseState struct {
	complexity float64
	cost       float64
	referred   int32    // week of referral (sim.Tick)
	first      int32    // week of first intervention, -1 before
	last       int32    // professional who did the previous step, -1 none
	seams      float32  // organisational seams the user has met: cross-employer handoffs, weighted (mechanism 8)
	owner      int16    // employer of the professional who assessed it, -1 before (mechanism 5)
	steps      [7]uint8 // the assessment, then at most two contributions for each of the three needs
	nsteps     uint8
	cur        uint8
	handoffs   uint8
	dups       uint8
	stalls     uint8
	flags      caseFlags
}

// caseFlags are a case's yes-or-no facts, packed in a byte.
type caseFlags uint8

const (
	fromHospital caseFlags = 1 << iota // awaiting discharge from hospital
	healthNeeds                        // needs health help
	progressed                         // moved a step this week
)

// is reports whether the case has every flag of f.
func (cs *caseState) is(f caseFlags) bool { return cs.flags&f == f }

type weekly struct {
	arrived, closed, dropped int
	waitSum                  float64
	waitN                    int
	seenOnTime               float64 // first interventions within access_target_weeks
	handoffs, dups, crossOrg int
	uxSum                    float64
	emergency, residential   int
	delayedDays              float64
	costSum                  float64
	leavers                  int
	handoffsClosed           int
	dupsClosed               int
	fines                    float64
}

type totals struct {
	arrived, closed, dropped int
}

// New builds a World for one replicate.
func New(cfg *Config, rep sim.Replicate) (*World, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	w := &World{
		cfg: cfg, p: cfg.Params, mech: cfg.Mechanisms,
		rDemand: rep.PCG(StreamDemand), rStaff: rep.Rand(StreamStaff),
		rCases: rep.PCG(StreamCases), rEvents: rep.Rand(StreamEvents),
		rPerf: rep.Rand(StreamPerformance), rTrain: rep.Rand(StreamTraining), rGov: rep.Rand(StreamGovernance),
		rOutcome: rep.PCG(StreamOutcomes), rLeaders: rep.PCG(StreamLeaders),
	}
	rInit := rep.Rand(StreamInit)
	w.build(rInit)
	w.initRegime()
	w.burnIn()
	w.schedule()
	return w, nil
}

func (c *Config) check() error {
	var errs []error
	if len(c.Teams) == 0 {
		errs = append(errs, errors.New("model: no teams"))
	}
	for ti, t := range c.Teams {
		if len(t.Members) == 0 {
			errs = append(errs, fmt.Errorf("model: team %d has no members", ti))
		}
		for _, m := range t.Members {
			if m.Profession < 0 || m.Profession >= len(c.Professions) || m.Employer < 0 || m.Employer >= len(c.Organisations) {
				errs = append(errs, fmt.Errorf("model: team %d has a member with an unknown profession or employer", ti))
			}
		}
		if t.ClientGroup < 0 || t.ClientGroup >= len(c.ClientGroups) {
			errs = append(errs, fmt.Errorf("model: team %d has an unknown client group", ti))
		}
	}
	return errors.Join(errs...)
}

func (w *World) build(r *rand.Rand) {
	cfg := w.cfg
	// Slots: distinct professions per team.
	w.K = 1
	w.teams = make([]teamState, len(cfg.Teams))
	n := 0
	for ti, t := range cfg.Teams {
		ts := &w.teams[ti]
		seen := map[int]int{}
		for _, m := range t.Members {
			if _, ok := seen[m.Profession]; !ok {
				seen[m.Profession] = len(ts.slotProf)
				ts.slotProf = append(ts.slotProf, int32(m.Profession))
			}
			cnt := m.Count
			if cnt <= 0 {
				cnt = 1
			}
			n += cnt
		}
		if len(ts.slotProf) > w.K {
			w.K = len(ts.slotProf)
		}
	}
	w.alloc(n)
	id := 0
	for ti, t := range cfg.Teams {
		ts := &w.teams[ti]
		ts.slotMembers = make([][]int32, len(ts.slotProf))
		for k, p := range ts.slotProf {
			n := cfg.Professions[p].Meets
			ts.needSlots[n] = append(ts.needSlots[n], uint8(k))
		}
		ts.backlog = make([]float64, len(ts.slotProf))
		ts.present = make([]bool, len(ts.slotProf))
		// Room for about four months of referrals, so a warm queue rarely grows.
		ts.queue = make([]caseState, 0, max(32, int(16*t.Referrals)))
		ts.slotOrg = make([]int32, len(ts.slotProf))
		ts.slotCap = make([]float64, len(ts.slotProf))
		// Sites differ: the same configured leadership plays out differently.
		ts.leadTarget = clamp01(t.Leadership + w.p.SiteVariation*r.NormFloat64())
		ts.leadership = ts.leadTarget
		// A joint arrangement across employers: one manager or one record system.
		ts.hasIntegrated = t.SingleManager || t.SharedRecords
		ts.integrated = t.Integrates <= 0
		w.applyStructure(ti)
		w.baselines(ti)
		for _, m := range t.Members {
			cnt := max(m.Count, 1)
			slot := 0
			for k, p := range ts.slotProf {
				if int(p) == m.Profession {
					slot = k
				}
			}
			for c := 0; c < cnt; c++ {
				w.seat[id].prof, w.seat[id].org, w.seat[id].team = int32(m.Profession), int32(m.Employer), int32(ti)
				w.seat[id].slot = int8(slot)
				w.staff[id].presence = w.p.presence(m.Contract)
				ts.members = append(ts.members, int32(id))
				ts.slotMembers[slot] = append(ts.slotMembers[slot], int32(id))
				if !containsInt32(ts.employers, int32(m.Employer)) {
					ts.employers = append(ts.employers, int32(m.Employer))
				}
				w.newcomer(id, r)
				w.staff[id].tenure = r.Float64() * w.p.StartTenureMax
				id++
			}
		}
	}
	biggest := 0
	for _, ts := range w.teams {
		biggest = max(biggest, len(ts.members))
	}
	w.exp = make([]experience, biggest*w.K)
	w.countRecruiters()
	w.initLabour()
	w.taskCost = make([]float64, len(cfg.Professions))
	for p, pr := range cfg.Professions {
		w.taskCost[p] = pr.WeeklyCost / max(pr.Caseload, 0.1)
	}
	w.orgs = make([]orgState, len(cfg.Organisations))
	w.orgTeamLoad = make([]float64, len(cfg.Organisations))
	w.teamAcc = make([]teamWeekly, len(cfg.Teams))
	if cfg.TeamMetrics {
		w.teamObs = make([]teamObs, len(cfg.Teams))
	}
	for oi, o := range cfg.Organisations {
		os := &w.orgs[oi]
		os.maturity = o.Maturity
		os.growing = o.New
		os.pressure = o.TargetPressure
		os.rating = math.NaN()
		os.support = 1
	}
	w.posts = make([]postState, len(cfg.Partnership.JointPosts))
	for pi, jp := range cfg.Partnership.JointPosts {
		w.posts[pi].standing = true
		for _, o := range jp.Organisations {
			w.orgs[o].inPartnership = true
		}
	}
	for _, t := range w.teams {
		if t.hasIntegrated {
			for _, e := range t.employers {
				w.orgs[e].inPartnership = true
			}
		}
	}
	w.part.jointTargets = cfg.Partnership.JointTargets
	regimes := map[Regime]bool{}
	for oi, o := range cfg.Organisations {
		if w.orgs[oi].inPartnership {
			regimes[o.Regime] = true
		}
	}
	w.part.mixed = len(regimes) > 1
}

func containsInt32(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func (w *World) alloc(n int) {
	w.seat = make([]seat, n)
	w.staff = make([]professional, n)
	w.intent = make([]float64, n)
	w.R = w.K - 1
	w.rel = make([]relation, n*w.R)
}

// relIndex is the index, among a professional's relations (who is in slot
// own), of their relation to the profession in slot k ≠ own.
func relIndex(own, k int) int {
	if k > own {
		return k - 1
	}
	return k
}

// rels returns professional i's relations to the other slots of a team of
// nk slots, in slot order.
func (w *World) rels(i int32, nk int) []relation {
	return w.rel[int(i)*w.R : int(i)*w.R+nk-1]
}

// relTo returns professional i's relation (i in slot own) to the
// profession in slot k: the shared own-profession relation when k is own.
func (w *World) relTo(i int32, own, k int) *relation {
	if k == own {
		return &w.ownRel
	}
	return &w.rel[int(i)*w.R+relIndex(own, k)]
}

// applyStructure sets a team's working arrangement from its configuration:
// the integrated arrangement once it is in place, separate services before.
// The team's leader leads it whatever the arrangement (split management
// already limits how far they manage, teamConditions); a change of
// arrangement leaves leadership where it is.
func (w *World) applyStructure(ti int) {
	t := &w.cfg.Teams[ti]
	ts := &w.teams[ti]
	if ts.integrated && !ts.dissolved {
		ts.colocated, ts.single, ts.shared, ts.strategy = t.Colocated, t.SingleManager, t.SharedRecords, t.Strategy
	} else {
		ts.colocated, ts.single, ts.shared, ts.strategy = false, false, false, false
	}
	if ts.dissolved {
		// After a dissolution the staff may stay together but answer to
		// their own employers again.
		ts.colocated = t.Colocated
	}
}

// newcomer gives professional i the state of someone just arrived from
// their profession: identity from socialisation, no team identification,
// stereotypes and status gaps at their professional baselines.
func (w *World) newcomer(i int, r *rand.Rand) {
	pr := &w.cfg.Professions[w.seat[i].prof]
	ts := &w.teams[w.seat[i].team]
	w.staff[i].socialisation = clamp01(pr.Socialisation + w.p.IndividualVariation*r.NormFloat64())
	w.staff[i].norm = clamp01(pr.Discretion + w.p.IndividualVariation*r.NormFloat64())
	p := &w.p
	w.staff[i].affProf = clamp01(p.NewcomerProfAffinity + p.NewcomerProfAffinitySocial*w.staff[i].socialisation + p.NewcomerSD*r.NormFloat64())
	w.staff[i].affOrg = clamp01(p.NewcomerEmployerAffinity + p.NewcomerSD*r.NormFloat64())
	w.staff[i].affTeam = clamp01(p.NewcomerTeamID + p.NewcomerSD*r.NormFloat64())
	w.staff[i].discretion = w.staff[i].norm
	w.staff[i].stress = p.NewcomerStress
	w.intent[i] = p.NewcomerIntent
	w.staff[i].tenure = 0
	if w.seat[i].vacant && w.vacantNow != nil {
		w.vacantNow[w.market(i)]--
	}
	w.seat[i].vacant = false
	w.seat[i].agency = false
	var tsum, gsum, n float64
	own := int(w.seat[i].slot)
	nk := len(ts.slotProf)
	for k, b := range ts.base[own*nk : own*nk+nk] {
		if k == own {
			// The relation to one's own profession is the same for every
			// newcomer and no submodel moves it (ownRel). The draws its
			// trust and role understanding once took are still made, so
			// the stream's later draws stay where they were.
			r.NormFloat64()
			r.NormFloat64()
			w.ownRel = relation{trust: p.OwnProfessionTrust, stereo: 0, roleU: 1, gap: 0}
			continue
		}
		rel := &w.rel[i*w.R+relIndex(own, k)]
		rel.gap, rel.stereo = b.baseGap, b.baseStere
		rel.trust = clamp01(p.NewcomerTrust - p.NewcomerTrustStereo*b.baseStere + p.NewcomerSD*r.NormFloat64())
		rel.roleU = clamp01(p.NewcomerRole + p.NewcomerSD*r.NormFloat64())
		tsum += rel.trust
		gsum += math.Abs(rel.gap)
		n++
	}
	// Acceptance starts at the target mechanism 3 moves it toward.
	a := p.AcceptanceAlone
	if n > 0 {
		a = p.NewcomerAcceptance + (1-p.NewcomerAcceptance)*tsum/n
		if w.mech.PessimisticTradition {
			a *= (1 - p.DiscretionWeight*w.staff[i].norm*w.staff[i].affProf) * (1 - p.StatusWeight*gsum/n)
		}
	}
	w.staff[i].accept = clamp01(a)
}

// baselines sets team ti's base: for a newcomer in each slot, the status
// gap to each slot's profession and the stereotype of it, which comes from
// different models of care and, in the pessimistic tradition, from status
// differentials.
func (w *World) baselines(ti int) {
	ts := &w.teams[ti]
	nk := len(ts.slotProf)
	ts.base = make([]relBase, nk*nk)
	for j, pj := range ts.slotProf {
		pr := &w.cfg.Professions[pj]
		for k, pk := range ts.slotProf {
			o := &w.cfg.Professions[pk]
			b := &ts.base[j*nk+k]
			b.baseGap = o.Status - pr.Status
			b.baseStere = w.p.StereotypeBase + w.p.StereotypeCareModel*math.Abs(o.CareModel-pr.CareModel)
			if w.mech.PessimisticTradition {
				b.baseStere += w.p.StereotypeStatus * math.Abs(b.baseGap)
			}
			b.baseStere = clamp01(b.baseStere)
		}
	}
}

func clamp01(x float64) float64 {
	if x < 0 {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}

// Schedule returns the World's event schedule (sim.Scheduled).
func (w *World) Schedule() *sim.Schedule { return &w.sched }

// EventRand returns the generator events draw from (sim.Scheduled).
func (w *World) EventRand() *rand.Rand { return w.rEvents }

// Config returns the configuration the World was built from.
func (w *World) Config() *Config { return w.cfg }

// Step advances the World by one week of the run (sim.Model): week t of the
// run is week t + burn-in of the model's own clock.
func (w *World) Step(t sim.Tick) error { return w.step(t + w.off) }

// step advances the World by one week of its own clock: organisations,
// governance, demand and case flow, then the professionals' identities,
// relations and careers.
func (w *World) step(t sim.Tick) error {
	w.week = t
	w.acc = weekly{}
	clear(w.teamAcc)
	if !w.burning {
		w.hazards(t)
	}
	w.leaders(t) // mechanism 9: leaders' careers
	if w.burning || w.intentRef == 0 {
		// The area's usual intention to leave: tracked through the
		// burn-in, then held (mechanism 9).
		w.intentRef = w.meanIntent()
	}
	w.labourMarket()      // the labour market
	w.workforceStrategy() // the labour market: a joint strategy takes hold
	w.finances(t)         // money
	w.manageCapacity(t)   // mechanism 6
	if !w.burning {
		w.governance(t) // mechanism 7
	}
	w.performance(t) // mechanism 5
	// Each team's week runs start to finish while its data are in cache;
	// no team's week reads another team's state, so the order of teams is
	// the only order that matters, and it is fixed. A team's conditions
	// are derived at the start of its week, from the state as it stood
	// before any team's week (see teamConditions).
	for ti := range w.teams {
		w.teamConditions(ti) // inputs to 1-3 from the above
		w.serviceFlow(t, ti) // mechanism 8
		w.relations(ti)      // mechanisms 1, 4, 2 and 3
		w.workforce(t, ti)   // mechanism 9
	}
	w.ratings(t) // mechanism 5, yearly
	return nil
}

// teamConditions derives team ti's management support, active team
// management and common goals from its structure and its employers' state,
// and which of its slots have someone in post and under which employer.
// It runs at the start of the team's week rather than in a pass over every
// team before the teams' weeks, so that the team's state is read once
// while it is in cache; what it reads is what that pass read. The
// employers' state, the partnership's and the team's own are set before
// the teams' weeks and no team's week changes them; a post, though, may
// fall vacant earlier in the week when an earlier team's workforce poaches
// its holder (hire), so such a post still counts as in post here, as it
// did before any team's week.
func (w *World) teamConditions(ti int) {
	pt := &w.cfg.Partnership
	p := &w.p
	ts := &w.teams[ti]
	ts.leadership += (ts.leadTarget - ts.leadership) / p.LeadershipWeeks
	var s float64
	for _, e := range ts.employers {
		s += w.orgs[e].support * (1 - p.AlarmSupportCut*w.orgs[e].alarm)
	}
	ts.support = s / float64(len(ts.employers))
	m := ts.leadership * ts.support
	if !ts.single {
		m *= p.SplitManagement
	}
	if !ts.strategy {
		m *= p.NoStrategyManagement
	}
	ts.mgmt = clamp01(m)
	g := p.GoalsBase
	if ts.single {
		g += p.GoalsSingle
	}
	if w.part.jointTargets && w.mech.PerformanceRegime {
		// A joint target is a common goal only where targets steer
		// behaviour (mechanism 5).
		g += p.GoalsJointTargets
	}
	if ts.strategy {
		g += p.GoalsStrategy
	}
	if w.part.funding {
		g += p.GoalsFunding
	}
	if pt.Leadership {
		g += p.GoalsLeadership
	}
	g *= 1 - p.GoalsCompetitionCut*w.part.competition
	ts.goals = clamp01(g)
	for k, ms := range ts.slotMembers {
		ts.present[k] = false
		ts.slotOrg[k] = w.seat[ms[0]].org
		for _, m := range ms {
			if se := &w.seat[m]; !se.vacant || se.poached {
				ts.present[k] = true
				se.poached = false
			}
			if w.seat[m].org != ts.slotOrg[k] {
				ts.slotOrg[k] = -1
			}
		}
	}
}

// countRecruiters fills recruit: for each employer and profession, how many
// employers in the employer's labour market employ that profession. An
// employer's labour market is itself and the employers it shares a team
// with (its partners), so partners in one place compete for the same
// people while employers elsewhere in a national world do not.
func (w *World) countRecruiters() {
	no, np := len(w.cfg.Organisations), len(w.cfg.Professions)
	partner := make([]bool, no*no)
	for oi := 0; oi < no; oi++ {
		partner[oi*no+oi] = true
	}
	for _, ts := range w.teams {
		for _, a := range ts.employers {
			for _, b := range ts.employers {
				partner[int(a)*no+int(b)] = true
			}
		}
	}
	employs := make([]bool, no*np)
	for i := range w.seat {
		employs[int(w.seat[i].org)*np+int(w.seat[i].prof)] = true
	}
	w.recruit = make([]int, no*np)
	for a := 0; a < no; a++ {
		for b := 0; b < no; b++ {
			if !partner[a*no+b] {
				continue
			}
			for p := 0; p < np; p++ {
				if employs[b*np+p] {
					w.recruit[a*np+p]++
				}
			}
		}
	}
}
