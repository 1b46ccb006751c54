package model

import "github.com/joinedup/joinedup/sim"

// Mechanism 9, careers, for the teams' leaders: leaders arrive and leave,
// and what a team achieves depends on who leads it and for how long, so
// sites that start alike can end apart (Hudson, 000: the programme's
// leadership; Anning et al., 001: leadership is what co-location alone
// lacks).
//
// Each week a team's leader leaves with probability leader_turnover / 52.
// The successor is drawn as the first leader was: quality = the team's
// configured leadership + site_variation × a standard normal draw,
// clipped to [0, 1]. A change of leader, whether drawn here or a
// leadership-change shock, costs the team leader_change_loss of its
// current leadership (the newcomer's grip is weaker; leadership then
// moves toward the new leader's quality) and unsettles the team's working
// relationships: for upheaval_weeks, leader_change_upheaval of negative
// experience a week between all members (mechanism 4). With the workforce
// mechanism off, leaders stay.

// leaders draws this week's departures of leaders.
func (w *World) leaders(t sim.Tick) {
	if !w.mech.Workforce || w.p.LeaderTurnover <= 0 {
		return
	}
	h := w.p.LeaderTurnover / 52
	for ti := range w.teams {
		if w.rLeaders.Float64() >= h {
			continue
		}
		q := clamp01(w.cfg.Teams[ti].Leadership + w.p.SiteVariation*w.rLeaders.NormFloat64())
		w.changeLeader(t, ti, q)
	}
}

// changeLeader gives team ti a new leader of quality q in week t.
func (w *World) changeLeader(t sim.Tick, ti int, q float64) {
	ts := &w.teams[ti]
	ts.leadTarget = q
	ts.leadership *= 1 - w.p.LeaderChangeLoss
	w.upheave(t, ti, w.p.LeaderChangeUpheaval, -1)
}
