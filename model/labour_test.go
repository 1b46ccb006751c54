package model_test

import (
	"context"
	"math"
	"sync/atomic"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/joinedup/joinedup/model"
	"github.com/joinedup/joinedup/scenarios"
	"github.com/joinedup/joinedup/sim"
)

// TestRealisedTurnoverMatchesParameter: turnover is the area's turnover at
// its usual intention to leave, so in the area's usual arrangements
// (usual-care) the realised turnover — leavers over staff in post, as the
// workforce statistics count it — matches the parameter: over 200
// replicates the mean over years 1-5, with its 95% interval, lies within
// a tenth of the parameter (0.159 ± 0.016). Before the labour market the
// model realised 0.09 against a parameter of 0.12.
func TestRealisedTurnoverMatchesParameter(t *testing.T) {
	cfg := build(t, "usual-care", nil)
	v := yearMeans(t, cfg, 200, 20030401, []string{"turnover", "vacancy_rate", "agency_share"})
	per := make([]float64, len(v[0][1]))
	for r := range per {
		for y := 1; y <= 5; y++ {
			per[r] += v[0][y][r] / 5
		}
	}
	mean, hw := meanCI(per)
	want := cfg.Params.Turnover
	t.Logf("turnover: %.4f ± %.4f against the parameter %.3f", mean, hw, want)
	if math.Abs(mean-want)+hw > 0.1*want {
		t.Errorf("realised turnover %.4f ± %.4f, parameter %.3f: not within a tenth", mean, hw, want)
	}
	vac, _ := meanCI(v[1][3])
	ag, _ := meanCI(v[2][3])
	t.Logf("year 3: vacancy rate %.3f, agency share %.3f", vac, ag)
	if vac < 0.05 || vac > 0.25 {
		t.Errorf("vacancy rate %.3f in year 3, far from the published 10-19%%", vac)
	}
	if ag <= 0 || ag >= vac {
		t.Errorf("agency share %.3f in year 3 against vacancies %.3f: agency workers cover part of the vacancies", ag, vac)
	}
}

// TestJointWorkforceStrategyLowersTurnover: in workforce-strategy, where the
// partners recruit the same professions from one pool, a joint workforce
// strategy lowers turnover over the five years (as far as it takes hold,
// fewer partners take each other's staff); with the labour market off it
// changes nothing.
func TestJointWorkforceStrategyLowersTurnover(t *testing.T) {
	for _, on := range []bool{true, false} {
		edit := func(joint bool) func(*scenarios.Scenario) {
			return func(sc *scenarios.Scenario) {
				sc.Partnership.WorkforceStrategy = joint
				v := on
				sc.Mechanisms.LabourMarket = &v
			}
		}
		a := yearMeans(t, build(t, "workforce-strategy", edit(false)), 400, 5, []string{"turnover"})
		b := yearMeans(t, build(t, "workforce-strategy", edit(true)), 400, 5, []string{"turnover"})
		d := make([]float64, len(a[0][1]))
		for r := range d {
			for y := 1; y <= 5; y++ {
				d[r] += (b[0][y][r] - a[0][y][r]) / 5
			}
		}
		mean, hw := meanCI(d)
		t.Logf("labour market %v: joint strategy minus competing, turnover over years 1-5 %.4f ± %.4f", on, mean, hw)
		if on && mean+hw >= 0 {
			t.Errorf("a joint workforce strategy did not lower turnover: %.4f ± %.4f", mean, hw)
		}
		if !on && mean != 0 {
			t.Errorf("with the labour market off a joint workforce strategy changed turnover by %.4f", mean)
		}
	}
}

// strategyHold runs n replicates of cfg for weeks and returns each
// replicate's hold of the joint workforce strategy in the first area, and
// the trust across employers it was read from, then.
func strategyHold(t *testing.T, cfg *model.Config, n, weeks int) (hold, trust []float64) {
	t.Helper()
	for r := 0; r < n; r++ {
		w, err := model.New(cfg, sim.Replicate{Master: 9, Index: r})
		if err != nil {
			t.Fatal(err)
		}
		for wk := 0; wk < weeks; wk++ {
			if err := w.Step(sim.Tick(wk)); err != nil {
				t.Fatal(err)
			}
		}
		h, tr, _ := w.StrategyHold()
		hold, trust = append(hold, h[0]), append(trust, tr[0])
	}
	return hold, trust
}

// TestStrategyNeedsTrust: trust before strategy (002). The same joint
// workforce strategy takes a firmer hold by year 3 where the partners'
// staff work as integrated teams (one manager, shared records, co-located,
// with a leadership strategy), and so trust one another more, than where
// they work apart; and within each arrangement the sites whose partners
// trust each other more hold it more firmly (a correlation across
// replicates above 0.5, where 60 replicates put a null correlation's 95%
// bound at 0.25). 60 replicates a side: the hold's sd across replicates is
// a few hundredths, the difference about 0.1.
func TestStrategyNeedsTrust(t *testing.T) {
	arrangement := func(integrated bool) func(*scenarios.Scenario) {
		return func(sc *scenarios.Scenario) {
			sc.Partnership.WorkforceStrategy = true
			for i := range sc.Teams {
				tm := &sc.Teams[i]
				tm.Colocated, tm.SharedRecords, tm.LeadershipStrategy = integrated, integrated, integrated
				tm.Management = "split"
				if integrated {
					tm.Management = "single"
				}
			}
		}
	}
	hi, ti := strategyHold(t, build(t, "workforce-strategy", arrangement(true)), 60, 156)
	ho, to := strategyHold(t, build(t, "workforce-strategy", arrangement(false)), 60, 156)
	d := make([]float64, len(hi))
	for r := range d {
		d[r] = hi[r] - ho[r]
	}
	mean, hw := meanCI(d)
	mti, _ := meanCI(ti)
	mto, _ := meanCI(to)
	ci, co := stat.Correlation(hi, ti, nil), stat.Correlation(ho, to, nil)
	t.Logf("trust across employers %.3f integrated, %.3f apart; hold integrated minus apart %.3f ± %.3f; correlation of hold and trust %.2f integrated, %.2f apart", mti, mto, mean, hw, ci, co)
	if mean-hw <= 0 {
		t.Errorf("the strategy took no firmer hold where the partners trust each other more: %.3f ± %.3f", mean, hw)
	}
	if ci < 0.5 || co < 0.5 {
		t.Errorf("the strategy's hold did not follow the partners' trust across sites: correlation %.2f and %.2f", ci, co)
	}
}

// TestStrategyNeedsBothPartners: both partners must want to dance (002).
// Where the primary care trust is under heavy target pressure, it reverts
// to type and the joint strategy takes less hold than where it is under
// little; with the performance regime off, pressure does not steer it and
// the hold is the same.
func TestStrategyNeedsBothPartners(t *testing.T) {
	pressure := func(x float64, regime bool) func(*scenarios.Scenario) {
		return func(sc *scenarios.Scenario) {
			sc.Partnership.WorkforceStrategy = true
			for i := range sc.Organisations {
				if sc.Organisations[i].Name == "primary care trust" {
					sc.Organisations[i].TargetPressure = x
				}
			}
			v := regime
			sc.Mechanisms.PerformanceRegime = &v
		}
	}
	for _, regime := range []bool{true, false} {
		lo, _ := strategyHold(t, build(t, "workforce-strategy", pressure(0.1, regime)), 40, 156)
		hi, _ := strategyHold(t, build(t, "workforce-strategy", pressure(0.9, regime)), 40, 156)
		d := make([]float64, len(lo))
		for r := range d {
			d[r] = hi[r] - lo[r]
		}
		mean, hw := meanCI(d)
		t.Logf("performance regime %v: hold under heavy minus light pressure %.3f ± %.3f", regime, mean, hw)
		if regime && mean+hw >= 0 {
			t.Errorf("a partner under heavy target pressure did not hold the strategy back: %.3f ± %.3f", mean, hw)
		}
		if !regime && math.Abs(mean) > 0.02 {
			t.Errorf("with the performance regime off, target pressure moved the strategy's hold by %.3f", mean)
		}
	}
}

// TestSitesEndApart: sites that start alike (the same scenario, leadership
// drawn with site variation, the same burnt-in start) end apart because of
// what happens to them. Over 200 replicates of sedgefield, the sd across
// sites of cohesion at year 5 is more than 1.5 times that at year 1, and
// with staff churn (the workforce and the labour market) switched off it
// is less than 0.75 times as large: careers, vacancies and agency cover,
// each replicate's own history, drive the divergence. An F test of two
// variances at 199 and 199 degrees of freedom rejects equality at 5% when
// the sd ratio passes 1.12 (or 0.89).
func TestSitesEndApart(t *testing.T) {
	sd := func(x []float64) float64 {
		_, hw := meanCI(x)
		return hw / 1.96 * math.Sqrt(float64(len(x)))
	}
	on := yearMeans(t, build(t, "sedgefield", nil), 200, 11, []string{"cohesion"})
	off := yearMeans(t, build(t, "sedgefield", func(sc *scenarios.Scenario) {
		f := false
		sc.Mechanisms.Workforce = &f
		sc.Mechanisms.LabourMarket = &f
	}), 200, 11, []string{"cohesion"})
	y1, y5, y5off := sd(on[0][1]), sd(on[0][5]), sd(off[0][5])
	t.Logf("sd of cohesion across sites: year 1 %.4f, year 5 %.4f; year 5 without churn %.4f", y1, y5, y5off)
	if y5 < 1.5*y1 {
		t.Errorf("sites did not end apart: sd %.4f at year 5 against %.4f at year 1", y5, y1)
	}
	if y5off > 0.75*y5 {
		t.Errorf("without churn sites end as far apart: sd %.4f against %.4f", y5off, y5)
	}
}

// leaderWatch counts changes of leader (a new leader's quality, drawn
// with site variation, differs from the last with probability 1).
type leaderWatch struct {
	w       *model.World
	last    []float64
	changes *atomic.Int64
}

func (l *leaderWatch) Step(t sim.Tick) error {
	if err := l.w.Step(t); err != nil {
		return err
	}
	for ti := range l.last {
		if q := l.w.LeaderTarget(ti); q != l.last[ti] {
			l.changes.Add(1)
			l.last[ti] = q
		}
	}
	return nil
}

func (l *leaderWatch) Observe(t sim.Tick, dst []float64) []float64 { return l.w.Observe(t, dst) }

// TestLeaderTurnoverIsRealised: leaders leave at leader_turnover a year
// (leaders.go). Over 200 replicates of sedgefield (five teams, five
// years, 5,000 team-years), the changes of leader per team-year, with
// their 95% interval, lie within a tenth of the parameter (0.3).
func TestLeaderTurnoverIsRealised(t *testing.T) {
	cfg := build(t, "sedgefield", nil)
	var changes atomic.Int64
	var teamYears atomic.Int64
	f := func(rep sim.Replicate) (sim.Model, error) {
		w, err := model.New(cfg, rep)
		if err != nil {
			return nil, err
		}
		l := &leaderWatch{w: w, last: make([]float64, w.NumTeams()), changes: &changes}
		for ti := range l.last {
			l.last[ti] = w.LeaderTarget(ti)
		}
		teamYears.Add(int64(w.NumTeams() * cfg.Weeks / 52))
		return l, nil
	}
	err := sim.Run(context.Background(), sim.Config{Ticks: cfg.Weeks, Replicates: 200, Seed: 5, Workers: 1}, f, sim.ObserverFunc(func(*sim.Trajectory) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	n, ty := float64(changes.Load()), float64(teamYears.Load())
	rate, hw := n/ty, 1.96*math.Sqrt(n)/ty // Poisson count
	want := cfg.Params.LeaderTurnover
	t.Logf("changes of leader: %.0f in %.0f team-years, %.3f ± %.3f a year against the parameter %.2f", n, ty, rate, hw, want)
	if math.Abs(rate-want)+hw > 0.1*want {
		t.Errorf("realised leader turnover %.3f ± %.3f, parameter %.2f: not within a tenth", rate, hw, want)
	}
}
