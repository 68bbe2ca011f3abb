package reports

import (
	"fmt"
	"strings"

	"readyroom/readiness"
)

// actionTable lists actions as they stand: what (with where the action
// came from), owner, due date (marked when overdue), state and the note
// that goes with it — the closing note, why it was cancelled, or the team
// it was transferred to.
func (d *doc) actionTable(actions []readiness.Action, today readiness.Date, what string) {
	d.table(actionColumns(d, what), actionRows(actions, today))
}

func actionColumns(d *doc, what string) []column {
	return []column{
		{what, 0}, {"Owner", 28}, {"Due", d.colWidth(stCell, "Due", "2026-12-31")},
		{"State", d.pillWidth("Transferred") + 2*cellPadX + 0.5}, {"Note", 46},
	}
}

func actionRows(actions []readiness.Action, today readiness.Date) [][]cell {
	rows := make([][]cell, 0, len(actions))
	for i := range actions {
		a := &actions[i]
		text := textCell(a.Text)
		text.add(a.Source, stCellMuted)
		due := textCell(orDash(string(a.Due)))
		if a.Overdue(today) {
			due.add("Overdue", stCellRed)
		}
		word, t := actionPill(a.State())
		rows = append(rows, []cell{text, textCell(orDash(a.Owner)), due, pillCell(word, t), actionNote(a)})
	}
	return rows
}

// actionPill is an action's state as a pill: the word and its colour.
func actionPill(s readiness.ActionStatus) (string, tone) {
	switch s {
	case readiness.ActionDone:
		return "Done", toneGreen
	case readiness.ActionCancelled:
		return "Cancelled", toneGrey
	case readiness.ActionTransferred:
		return "Transferred", toneBlue
	}
	return "Open", toneAmber
}

// actionNote says how an action was settled: when, by whom, to whom and
// with what note; "—" for an open action.
func actionNote(a *readiness.Action) cell {
	var c cell
	when := ""
	if !a.ClosedOn.IsZero() {
		when = " on " + string(a.ClosedOn)
	}
	if a.ClosedBy != "" {
		when += " by " + a.ClosedBy
	}
	switch a.State() {
	case readiness.ActionDone:
		c.add(strings.TrimSpace("Closed"+when), stCellMuted)
	case readiness.ActionCancelled:
		c.add(strings.TrimSpace("Cancelled"+when), stCellMuted)
	case readiness.ActionTransferred:
		c.add(fmt.Sprintf("Transferred to %s%s", firstNonEmpty(a.TransferredTo, "the receiving team"), when), stCellBold)
	}
	c.add(a.Note, stCell)
	if len(c.paras) == 0 {
		return mutedCell("—")
	}
	return c
}
