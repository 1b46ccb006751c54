package model

// relations runs mechanisms 1 to 4 for team ti's week in one pass over the
// team's members: for each member in turn, contact (mechanism 1), trust
// (mechanism 4), self-categorisation (mechanism 2) and the pessimistic
// tradition (mechanism 3) each walk the member's relations to the other
// professions in the team while they are in cache. It gives the same
// result as running the four submodels one after another over the whole
// team, in the order contact, trust, self-categorisation, tradition: a
// member's update reads and writes only that member's own state and
// relations and the team's conditions, and within a member each submodel
// reads what the ones before it wrote:
//
//   - contact reads last week's status gaps and professional affinity;
//   - trust reads this week's stereotypes and positive contact, and the
//     friction of the subgroup threat that last week's status gaps make
//     (summed by contact, which does not move them);
//   - self-categorisation reads the same threat and this week's shared
//     cases;
//   - the pessimistic tradition reads this week's team identification,
//     professional affinity, role understanding and trust.
func (w *World) relations(ti int) {
	ts := &w.teams[ti]
	cw := w.contactConditions(ti)
	tw := w.trustConditions(ti)
	iw := w.identityConditions(ti)
	pw := w.traditionConditions(ti)
	nk := len(ts.slotProf)
	for m, i := range ts.members {
		se := w.seat[i]
		if se.vacant {
			continue
		}
		own := int(se.slot)
		rel := w.rels(i, nk) // to the other slots
		base := ts.base[own*nk : own*nk+nk]
		ex := w.exp[m*w.K : m*w.K+nk] // the m'th member's experiences this week
		org := se.org
		cp := w.contactOf(&cw, i, org)                // before self-categorisation moves affProf
		gapSum := cw.contact(rel, ex, base, own, &cp) // last week's gaps: the tradition below moves them
		th := iw.threat(gapSum, nk-1)                 // subgroup threat (mechanism 2)
		tw.trustUpdate(rel, ex, base, own, org, tw.upheld(org), tw.friction*th*min(1, cp.presence*cw.base*cp.cut))
		if iw.on {
			w.selfCategorisation(&iw, i, th)
		}
		w.pessimisticTradition(&pw, i, rel, base, own)
	}
}
