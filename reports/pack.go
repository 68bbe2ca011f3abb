package reports

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"readyroom/readiness"
)

// PackOptions tune a report. Every report takes the same options; fields a
// report has no use for are ignored.
type PackOptions struct {
	// Paper is A4 (the default) or US Letter.
	Paper Paper
	// Now is the generation time, printed in the report and used as the
	// PDF's creation and modification dates; the date it gives decides what
	// is overdue. Required: the same record and options give byte-identical
	// files.
	Now time.Time
	// Author is the document's author metadata (who exported it); the squad
	// when empty.
	Author string
	// HistoryLimit is how many of the newest changes the readiness pack
	// lists: 20 when 0, none when negative.
	HistoryLimit int
	// Conflicts are the record's unresolved concurrent edits
	// (readiness.Doc.Conflicts). When there are any, the pack says that it
	// prints provisional values and names the fields.
	Conflicts []readiness.Conflict
	// Links are the link patterns that make evidence holding a ticket key
	// (and no address) a link; nil links keys to nothing.
	Links readiness.LinkPatterns
	// Track is the service's track record the readiness pack's summary
	// ends with; nil leaves it out.
	Track *ServiceTrack
}

const defaultHistoryLimit = 20

// ReadinessPack renders a record's readiness pack: a cover, contents with
// page numbers and links, an executive summary (readiness by section as a
// table and a chart, blockers, top risks, overdue items, the next step),
// every template section in order (narratives, contacts, risks, the status
// key, each checklist section with every item's status, owner, due date,
// evidence and reasons), acknowledgements, the hypercare plan and the
// newest changes from history (newest first, as readiness.History gives
// them). Nothing is written to w unless the whole pack rendered.
func ReadinessPack(w io.Writer, r *readiness.Record, history []readiness.HistoryEntry, opt PackOptions) (err error) {
	if r == nil {
		return fmt.Errorf("rendering readiness pack: %w", ErrNoRecord)
	}
	if opt.Now.IsZero() {
		return fmt.Errorf("rendering readiness pack: %w", ErrNoTime)
	}
	defer func() {
		if p := recover(); p != nil { // fpdf panics on some input it cannot handle
			err = fmt.Errorf("rendering readiness pack of %s: %v", r.ID, p)
		}
	}()
	st := readiness.StandingOf(r, opt.Now)
	d, err := newDoc(opt.Paper, docMeta{
		kind:     "Readiness pack",
		title:    r.Service + " — " + r.Title,
		subject:  fmt.Sprintf("%s release readiness, %s", tierName(r.Tier), goLiveSubject(st.GoLive)),
		author:   firstNonEmpty(opt.Author, r.Squad),
		keywords: keywords("readiness pack", string(r.Tier), r.Service, r.Squad),
		now:      opt.Now,
	})
	if err != nil {
		return fmt.Errorf("rendering readiness pack: %w", err)
	}
	p := &pack{doc: d, r: r, history: history, opt: opt, st: st, progress: st.Progress, today: readiness.DateOf(opt.Now)}
	p.render()
	return d.finish(w, "readiness pack")
}

// pack is one readiness pack being rendered.
type pack struct {
	*doc
	r       *readiness.Record
	history []readiness.HistoryEntry
	opt     PackOptions
	// st is where the record stands (readiness.StandingOf): its RAG and
	// why, the go-live shown, the hypercare health, the decision. The pack
	// computes none of it.
	st       readiness.Standing
	progress readiness.Progress
	today    readiness.Date
	laidOut  *laidOutChecklist // the last checklist table laid out
}

// packSection is a top-level section: an entry in the contents, a bookmark
// and a link target. Later sections (more hypercare, ceremonies) are more
// entries in this list.
type packSection struct {
	title   string
	newPage bool
	draw    func()
	link    int
	page    int
	// keep is how much of the section stays on its heading's page: a
	// checklist's rating line, guidance and first two rows; when nil,
	// sectionKeep, room for a line or two and a table's first rows.
	keep func() float64
}

func (p *pack) sections() []*packSection {
	out := []*packSection{{title: "Executive summary", newPage: true, draw: p.summary}}
	firstList := true
	for i := range p.r.Sections {
		s := &p.r.Sections[i]
		title := s.Title
		if s.Number != "" {
			title = s.Number + " " + s.Title
		}
		ps := &packSection{title: title, draw: func() { p.section(s) }}
		switch s.Kind {
		case readiness.KindChecklist:
			ps.keep = func() float64 { return p.checklistKeep(s) }
		case readiness.KindRisks:
			ps.keep = func() float64 {
				return p.keep(opening{cols: riskColumns(p.doc), rows: riskRows(readiness.RankRisks(p.r.Risks))})
			}
		case readiness.KindContacts:
			ps.keep = func() float64 { return p.keep(p.contactsOpening()) }
		case readiness.KindStatusKey:
			ps.keep = func() float64 { return p.keep(p.statusKeyOpening()) }
		}
		if s.Kind == readiness.KindChecklist {
			ps.newPage = firstList || len(s.Items) > 3 // a checklist section opens a page
			firstList = false
		}
		out = append(out, ps)
	}
	out = append(out,
		&packSection{title: "Acknowledgements", newPage: true, draw: p.acks},
		&packSection{title: "Actions", draw: p.actions, keep: func() float64 { return p.keep(p.actionsOpening()) }},
		&packSection{title: "Hypercare plan", draw: p.hypercarePlan},
		&packSection{title: "Recent changes", draw: p.recentChanges, keep: func() float64 { return p.keep(p.recentOpening()) }},
	)
	return out
}

// sectionKeep is what stays with a section's heading by default: a line
// of text and a table's header and first two rows of one line each.
const sectionKeep = 30.0

func (p *pack) render() {
	p.cover()
	secs := p.sections()
	contents := p.reserveContents(len(secs))
	for _, s := range secs {
		s.link = p.f.AddLink()
	}
	p.page()
	for i, s := range secs {
		if s.newPage && i > 0 && p.y > p.top {
			p.page()
		}
		keep := sectionKeep
		if s.keep != nil {
			keep = min(s.keep(), (p.bottom-p.top)/2)
		}
		p.headingIn(s.title, 0, s.link, stH1, 6, keep)
		s.page = p.f.PageNo()
		s.draw()
	}
	last := p.f.PageNo()
	p.drawContents(contents, secs)
	p.goToPage(last)
}

// --- cover and contents ---------------------------------------------------

func (p *pack) cover() {
	r, st := p.r, p.st
	strip := tones[tierTone(r.Tier)][1]
	p.band("Readiness pack", r.Service, r.Title, strip)
	x := p.left
	x += p.pill(x, p.y, tierName(r.Tier)+" tier", tierTone(r.Tier)) + 2
	p.pill(x, p.y, r.State.Label(), toneBlue)
	p.y += pillH + 6
	// The headline: readiness before go-live, the hypercare day while
	// live, the outcome after.
	h := p.headline()
	big := stBig
	big.color = tones[ragTone(st.RAG)][1]
	big.size = 40
	for big.size > 24 && p.fs.width(big.face, big.size, h.big)+6+p.fs.width(stH2.face, stH2.size, h.word) > p.width {
		big.size -= 2
	}
	p.textAt(p.left, p.y, h.big, big, alignLeft, 0)
	bx := p.left + p.fs.width(big.face, big.size, h.big) + 6
	// The word beside the figure wraps in the room left (a maintenance
	// team's name, a go-live's reason can be long), then the detail.
	dy := p.y + 3
	for _, l := range p.fs.wrapAtMost(stH2.face, stH2.size, p.right-bx, Sanitize(h.word), 3) {
		p.textAt(bx, dy, l, stH2, alignLeft, 0)
		dy += stH2.leading()
	}
	for _, l := range p.fs.wrapAtMost(stBody.face, stBody.size, p.right-bx, Sanitize(h.detail), 3) {
		p.textAt(bx, dy, l, stBody, alignLeft, 0)
		dy += stBody.leading()
	}
	p.y = max(p.y+big.leading(), dy) + 2
	p.ragLine()
	p.y += 3
	p.hline(p.left, p.right, p.y, cRule, 0.3)
	p.y += 6
	facts := []fact{
		{"Service", r.Service}, {"Release", r.Title},
		{"Go-live", goLiveLine(st.GoLive, p.today)}, {"Tier", tierName(r.Tier) + tierReason(r.TierReason)},
		{"Squad", r.Squad}, {"Service delivery manager", r.SDM},
		{"Maintenance team", r.MaintenanceTeam},
		{"Template", fmt.Sprintf("%s v%d", firstNonEmpty(r.TemplateID, string(r.Tier)), r.TemplateVersion)},
	}
	if st.Decision != "" {
		facts = append(facts, fact{"Go/no-go decision", st.Decision})
	}
	facts = append(facts, fact{"Generated", p.opt.Now.Format("2 January 2006, 15:04 MST")})
	p.facts(facts, 2)
	p.glance()
	p.y = max(p.y+6, p.bottom-22)
	p.hline(p.left, p.right, p.y, cRule, 0.3)
	p.y += 3
	p.lines(p.left, p.width, "Awareness, not approval. This pack is owned by the squad: it records what the team knows and has done so that everyone affected can see it. Hypercare: done is not done.", stNote)
}

// ragLine is the record's RAG as a pill and, beside it, why (both from
// readiness.StandingOf).
func (p *pack) ragLine() {
	p.need(pillH + 2)
	x := p.left + p.pill(p.left, p.y, ragWord(p.st.RAG), ragTone(p.st.RAG)) + 3
	why := p.fs.fit(stBodyBold.face, stBodyBold.size, p.right-x, Sanitize(capitalise(p.st.Why)))
	p.textAt(x, p.y+(pillH-stBodyBold.leading())/2, why, stBodyBold, alignLeft, 0)
	p.y += pillH + 2
}

// headline is the cover's big figure, the word beside it and a line of
// detail.
type headline struct{ big, word, detail string }

func (p *pack) headline() headline {
	r, st, pr := p.r, p.st, p.st.Progress
	hc := st.Hypercare
	switch r.State {
	case readiness.Live:
		if hc.Day > 0 {
			return headline{fmt.Sprintf("Day %d", hc.Day), fmt.Sprintf("of %d in hypercare", hc.Days), strings.Join(hypercareFigures(hc), " · ")}
		}
		if hc.State == readiness.HCExited {
			return headline{"Exited", "hypercare on " + string(hc.ExitedOn), "live, waiting for the handover: " + strings.Join(p.st.Next.Blockers, ", ")}
		}
		return headline{"Live", goLiveLine(st.GoLive, p.today), "the hypercare window has not started"}
	case readiness.HandedOver, readiness.Closed:
		word := "to " + firstNonEmpty(r.Handover.Team, r.MaintenanceTeam)
		if !r.HandedOver.On.IsZero() {
			word += " on " + string(r.HandedOver.On)
		}
		big := "Handed over"
		if r.State == readiness.Closed {
			big = "Closed"
			word = "on " + orDash(string(r.Closed.On))
		}
		return headline{big, word, strings.Join(outcomeFigures(r, st), " · ")}
	}
	return headline{fmt.Sprintf("%d%%", pr.Percent), "ready",
		fmt.Sprintf("%d of %d applicable checklist items done · %d blocked · %d overdue", pr.Done, pr.Applicable, pr.Blocked, pr.Overdue)}
}

// glance lists each checklist section with its rating on the cover, in two
// columns, when there is room.
func (p *pack) glance() {
	secs := p.progress.Sections
	rows := (len(secs) + 1) / 2
	const pitch = 6.4
	if len(secs) == 0 || p.y+8+stLabel.leading()+float64(rows)*pitch > p.bottom-26 {
		return
	}
	p.y += 4
	p.textAt(p.left, p.y, "CHECKLIST AT A GLANCE", stLabel, alignLeft, 0)
	p.y += stLabel.leading() + 1.5
	colW := p.width / 2
	for i, sp := range secs {
		x := p.left + float64(i/rows)*colW
		y := p.y + float64(i%rows)*pitch
		end := x + colW - 4
		x += max(p.pill(x, y, ragWord(sp.RAG), ragTone(sp.RAG)), p.pillWidth("Amber")) + 2.5
		ty := y + (pillH-stCell.leading())/2
		p.textAt(x+9, ty, fmt.Sprintf("%d%%", sp.Percent), stCellBold, alignRight, 0)
		x += 11
		p.textAt(x, ty, p.fs.fit(stCell.face, stCell.size, end-x, Sanitize(p.sectionTitle(sp.ID))), stCell, alignLeft, 0)
	}
	p.y += float64(rows) * pitch
}

func tierReason(reason string) string {
	if strings.TrimSpace(reason) == "" {
		return ""
	}
	return " — " + reason
}

// goLiveText is the go-live date and how far away it is.
func goLiveText(goLive, today readiness.Date) string {
	if goLive.IsZero() {
		return "Not set"
	}
	days := int(goLive.Time().Sub(today.Time()).Hours() / 24)
	switch {
	case days == 0:
		return string(goLive) + " (today)"
	case days == 1:
		return string(goLive) + " (tomorrow)"
	case days > 1:
		return fmt.Sprintf("%s (in %d days)", goLive, days)
	case days == -1:
		return string(goLive) + " (yesterday)"
	}
	return fmt.Sprintf("%s (%d days ago)", goLive, -days)
}

const contentsPitch = 7.2

// contentsRows is how many contents entries fit on the first and on later
// contents pages.
func (p *pack) contentsRows() (first, later int) {
	body := p.bottom - p.top
	return int((body - 18) / contentsPitch), int(body / contentsPitch)
}

// reserveContents adds the pages the contents will fill once every
// section's page is known, and returns their numbers.
func (p *pack) reserveContents(entries int) []int {
	first, later := p.contentsRows()
	n := 1
	if entries > first {
		n += (entries - first + later - 1) / later
	}
	pages := make([]int, n)
	for i := range pages {
		p.page()
		pages[i] = p.f.PageNo()
		if i == 0 {
			p.f.Bookmark("Contents", 0, p.top)
		}
	}
	return pages
}

func (p *pack) drawContents(pages []int, secs []*packSection) {
	first, later := p.contentsRows()
	i := 0
	for n, pg := range pages {
		p.goToPage(pg)
		p.y = p.top
		rows := later
		if n == 0 {
			p.title("Contents", stH1)
			rows = first
		}
		for ; rows > 0 && i < len(secs); rows-- {
			s := secs[i]
			i++
			num := fmt.Sprint(s.page)
			numW := p.fs.width(stBody.face, stBody.size, num)
			title := p.fs.fit(stBody.face, stBody.size, p.width-numW-14, Sanitize(s.title))
			titleW := p.fs.width(stBody.face, stBody.size, title)
			p.textAt(p.left, p.y, title, stBody, alignLeft, 0)
			p.textAt(p.right, p.y, num, stBodyBold, alignRight, 0)
			p.f.Link(p.left, p.y, p.width, stBody.leading(), s.link) // the whole line
			// A dotted leader from the title to its page number.
			p.setDraw(cInk3)
			p.setLineWidth(0.25)
			p.f.SetDashPattern([]float64{0.25, 1.1}, 0)
			base := p.y + stBody.leading()/2 + 0.36*stBody.size*ptToMM
			p.f.Line(p.left+titleW+2, base, p.right-numW-2, base)
			p.f.SetDashPattern([]float64{}, 0)
			p.y += contentsPitch
		}
	}
}

// bullet draws an indented line with a bullet.
func (d *doc) bullet(s string, st textStyle) {
	d.need(st.leading())
	d.textAt(d.left+2, d.y, "•", st, alignLeft, 0)
	d.lines(d.left+6, d.width-6, s, st)
}

// sectionTitle is a checklist section's number and title.
func (p *pack) sectionTitle(id readiness.SectionID) string {
	if s := p.r.Section(id); s != nil {
		return strings.TrimSpace(s.Number + " " + s.Title)
	}
	return string(id)
}

// sectionTable is readiness per checklist section (now, or as a snapshot
// had it).
func (d *doc) sectionTable(r *readiness.Record, sections []readiness.SectionProgress) {
	rows := sectionRows(r, sections)
	if len(rows) == 0 {
		d.note(noSections)
		return
	}
	d.table(sectionColumns, rows)
}

var sectionColumns = []column{{"Section", 0}, {"Done", 19}, {"Ready", 15}, {"RAG", 19}, {"Why", 58}}

const noSections = "The record has no checklist sections."

func sectionRows(r *readiness.Record, sections []readiness.SectionProgress) [][]cell {
	var rows [][]cell
	for _, sp := range sections {
		title := string(sp.ID)
		if s := r.Section(sp.ID); s != nil {
			title = strings.TrimSpace(s.Number + " " + s.Title)
		}
		rows = append(rows, []cell{textCell(title), textCell(fmt.Sprintf("%d of %d", sp.Done, sp.Applicable)), boldCell(fmt.Sprintf("%d%%", sp.Percent)),
			pillCell(ragWord(sp.RAG), ragTone(sp.RAG)), textCell(sp.Why)})
	}
	return rows
}

// riskTable lists risks in the order readiness.RankRisks gives them, each
// with its score (likelihood × impact) and rating.
func (d *doc) riskTable(risks []readiness.RankedRisk, empty string) {
	if len(risks) == 0 {
		d.note(empty)
		return
	}
	d.table(riskColumns(d), riskRows(risks))
}

func riskColumns(d *doc) []column {
	return []column{{"Risk", 0}, {"Score (L × I)", d.colWidth(stCellMuted, "Score (L × I)", "medium × medium")}, {"Mitigation", 0}, {"Owner", 0}, {"Status", 19}}
}

// riskRows are risks as table rows: the score as a pill with its rating,
// and the likelihood × impact it comes from.
func riskRows(risks []readiness.RankedRisk) [][]cell {
	rows := make([][]cell, 0, len(risks))
	for _, rk := range risks {
		k := rk.Risk
		score := pillCell(fmt.Sprintf("%d %s", rk.Score, capitalise(rk.Rating)), ratingTone(rk.Rating))
		score.add(fmt.Sprintf("%s × %s", k.Likelihood, k.Impact), stCellMuted)
		rows = append(rows, []cell{textCell(k.Description), score, textCell(orDash(k.Mitigation)), textCell(orDash(k.Owner)), textCell(riskStatus(k.Status))})
	}
	return rows
}

// topRisks are the first n risks not closed, as readiness.RankRisks ranks
// them.
func topRisks(risks []readiness.Risk, n int) []readiness.RankedRisk {
	var out []readiness.RankedRisk
	for _, rk := range readiness.RankRisks(risks) {
		if rk.Risk.Status != "closed" && len(out) < n {
			out = append(out, rk)
		}
	}
	return out
}

func riskStatus(s string) string { return capitalise(s) }

// capitalise upper-cases the first letter of a word from the domain
// ("medium", "open"); "—" when there is none.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return "—"
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func reasonCell(reason string) cell {
	if strings.TrimSpace(reason) == "" {
		return mutedCell("No reason given")
	}
	return textCell(reason)
}

func outcomePill(o readiness.Outcome) (string, tone) {
	switch o {
	case readiness.Go:
		return "Go", toneGreen
	case readiness.NoGo:
		return "No-go", toneRed
	case readiness.GoWithConditions:
		return "Go with conditions", toneAmber
	}
	return "Decision", toneGrey
}

// --- template sections ----------------------------------------------------

func (p *pack) section(s *readiness.Section) {
	switch s.Kind {
	case readiness.KindNarrative:
		if s.Retired {
			p.note("A section a newer version of the template no longer has, kept for what was written in it.")
		}
		if strings.TrimSpace(s.Text) == "" {
			p.note("Not filled in.")
			if s.Prompt != "" {
				p.para(s.Prompt, stCellMuted)
			}
			return
		}
		p.para(s.Text, stBody)
	case readiness.KindContacts:
		p.contacts()
	case readiness.KindRisks:
		p.riskTable(readiness.RankRisks(p.r.Risks), "No risks recorded.")
	case readiness.KindStatusKey:
		p.statusKey()
	case readiness.KindChecklist:
		p.checklist(s)
	case readiness.KindRetired:
		p.note("Items a newer version of the template no longer has, with the answers given to them. They do not count toward readiness.")
		p.checklist(s)
	default:
		if strings.TrimSpace(s.Text) != "" {
			p.para(s.Text, stBody)
		}
	}
}

// opening is how a section that is a note and a table opens: the note (in
// stNote; none when empty) and the table (none without rows).
type opening struct {
	note string
	cols []column
	rows [][]cell
}

// draw draws the opening: the note, a millimetre, the table.
func (p *pack) draw(o opening) {
	if o.note != "" {
		p.para(o.note, stNote)
		p.gap(1)
	}
	if len(o.rows) > 0 {
		p.table(o.cols, o.rows)
	}
}

// keep is what of an opening stays with its section's heading: the note
// and the table's first rows (startKeep), sectionKeep at least.
func (p *pack) keep(o opening) float64 {
	h := 0.0
	if o.note != "" {
		h += float64(len(p.fs.wrap(stNote.face, stNote.size, p.width, Sanitize(o.note))))*stNote.leading() + 1
	}
	if len(o.rows) > 0 {
		h += p.tableHeight(o.cols, o.rows, cellPadY, true)
	}
	return max(h, sectionKeep)
}

func (p *pack) contacts() { p.draw(p.contactsOpening()) }

func (p *pack) contactsOpening() opening {
	if len(p.r.Contacts) == 0 {
		return opening{note: "No contacts recorded."}
	}
	o := opening{cols: contactColumns(p.doc), rows: contactRows(escalationOrder(p.r.Contacts))}
	for _, c := range p.r.Contacts {
		if c.Level != "" {
			o.note = "In escalation order: L1 is called first."
			break
		}
	}
	return o
}

func (p *pack) statusKey() {
	p.draw(p.statusKeyOpening())
	p.para("Readiness is the share of applicable items (those not n/a) that are done, per section and overall.", stNote)
}

func (p *pack) statusKeyOpening() opening {
	rows := [][]cell{}
	for _, st := range readiness.Statuses {
		rows = append(rows, []cell{pillCell(st.Label(), statusTone(st)), textCell(statusMeaning(st))})
	}
	for _, rag := range []readiness.RAG{readiness.Green, readiness.Amber, readiness.Red} {
		rows = append(rows, []cell{pillCell(ragWord(rag), ragTone(rag)), textCell(ragMeaning(rag))})
	}
	return opening{cols: []column{{"Key", p.statusColWidth()}, {"Meaning", 0}}, rows: rows}
}

func statusMeaning(s readiness.Status) string {
	switch s {
	case readiness.NotStarted:
		return "Nobody has begun the item."
	case readiness.InProgress:
		return "Work is under way."
	case readiness.Done:
		return "Finished, with evidence."
	case readiness.NA:
		return "Does not apply to this release; the reason is recorded."
	case readiness.Blocked:
		return "Cannot progress; the reason is recorded."
	}
	return ""
}

func ragMeaning(r readiness.RAG) string {
	switch r {
	case readiness.Green:
		return "Section rating: every item is done or n/a."
	case readiness.Amber:
		return "Section rating: work is open, nothing is overdue or blocked."
	}
	return "Section rating: an item is blocked or past its due date."
}

// statusColWidth fits the widest status pill.
func (d *doc) statusColWidth() float64 {
	w := 0.0
	for _, st := range readiness.Statuses {
		w = max(w, d.pillWidth(st.Label()))
	}
	return w + 2*cellPadX + 0.5
}

func (p *pack) checklist(s *readiness.Section) {
	for _, sp := range p.progress.Sections {
		if sp.ID != s.ID {
			continue
		}
		x := p.left
		p.need(pillH + 2)
		x += p.pill(x, p.y, ragWord(sp.RAG), ragTone(sp.RAG)) + 3
		p.textAt(x, p.y+(pillH-stBodyBold.leading())/2, fmt.Sprintf("%d%% ready · %d of %d applicable items done · %s", sp.Percent, sp.Done, sp.Applicable, sp.Why), stBodyBold, alignLeft, 0)
		p.y += pillH + 2
	}
	if s.Guidance != "" {
		p.para(s.Guidance, stNote)
		p.gap(2)
	}
	if len(s.Items) == 0 {
		p.note("This section has no items.")
		return
	}
	cols, rows, long := p.checklistTable(s)
	p.tableThen(cols, rows, p.addressesKeep(long))
	p.addressesInFull(long)
}

// checklistTable is a checklist section's table: its columns follow the
// content, addresses whole; then the addresses too long for the evidence
// column they got are shortened there, and returned to be printed whole.
// The last section laid out is kept, for its heading's keep and its draw.
func (p *pack) checklistTable(s *readiness.Section) ([]column, [][]cell, []longAddress) {
	if t := p.laidOut; t != nil && t.s == s {
		return t.cols, t.rows, t.long
	}
	ids := make([]string, len(s.Items))
	for i := range s.Items {
		ids[i] = string(s.Items[i].ID)
	}
	cols := []column{
		{"Item", p.colWidth(stCellBold, "Item", ids...)}, {"What", 0}, {"Status", p.statusColWidth()},
		{"Owner", 0}, {"Due", p.colWidth(stCell, "Due", "2026-12-31")}, {"Evidence and notes", 0},
	}
	rows, _ := p.checklistRows(s, 0)
	for i, w := range p.fitColumns(cols, rows) {
		cols[i].width = w
	}
	rows, long := p.checklistRows(s, cols[len(cols)-1].width-2*cellPadX)
	p.laidOut = &laidOutChecklist{s, cols, rows, long}
	return cols, rows, long
}

// laidOutChecklist is a checklist section's table, laid out.
type laidOutChecklist struct {
	s    *readiness.Section
	cols []column
	rows [][]cell
	long []longAddress
}

// checklistKeep is what stays with a checklist section's heading: its
// rating line, guidance, and the table's header and first two rows.
func (p *pack) checklistKeep(s *readiness.Section) float64 {
	h := pillH + 2
	if s.Guidance != "" {
		h += float64(len(p.fs.wrap(stNote.face, stNote.size, p.width, Sanitize(s.Guidance))))*stNote.leading() + 2
	}
	if len(s.Items) == 0 {
		return h + stNote.leading()
	}
	cols, rows, _ := p.checklistTable(s)
	return h + p.tableHeight(cols, rows, cellPadY, true)
}

// checklistRows are a checklist section's items as table rows, their
// evidence laid out for a column w millimetres wide (0: as wide as it
// takes), and the addresses too long for it.
func (p *pack) checklistRows(s *readiness.Section, w float64) ([][]cell, []longAddress) {
	rows := make([][]cell, len(s.Items))
	var long []longAddress
	for i := range s.Items {
		it := &s.Items[i]
		status := pillCell(it.Status.Label(), statusTone(it.Status))
		due := textCell(orDash(string(it.Due)))
		if it.Overdue(p.today) {
			due.add("Overdue", stCellRed)
		}
		notes := ""
		if p.longNotes(it.Notes) {
			notes = it.Notes
		}
		ev, l := p.evidenceCell(it, w, notes == "")
		long = append(long, l...)
		rows[i] = []cell{boldCell(string(it.ID)), textCell(it.Text), status, textCell(orDash(it.Owner)), due, ev}
		if notes != "" {
			rows[i] = append(rows[i], cell{paras: []span{{notes, stCell, ""}}, wide: true})
		}
	}
	return rows, long
}

// longNotes reports whether an item's notes are long enough to be printed
// across the table under its row rather than in its evidence column:
// longer than four lines of a third of the page.
func (p *pack) longNotes(notes string) bool {
	return p.fs.width(stCell.face, stCell.size, Sanitize(notes)) > 4*p.width/3
}

// longAddress is an evidence address too long for its table cell, printed
// whole under the table.
type longAddress struct {
	item  readiness.ItemID
	label string
	url   string
}

// addressesInFull lists the evidence addresses the table had to shorten,
// each whole on a line across the page (in type down to minAddressSize),
// so that a reader can copy it from the PDF; one longer even than that
// wraps, breaking after / - _ . ? & = or # with nothing added. Every line
// links to its address.
func (p *pack) addressesInFull(list []longAddress) {
	if len(list) == 0 {
		return
	}
	p.need(p.addressesKeep(list) - 3)
	p.textAt(p.left, p.y, "ADDRESSES IN FULL", stLabel, alignLeft, 0)
	p.y += stLabel.leading() + 0.5
	for _, a := range list {
		head := string(a.item)
		if a.label != "" {
			head += " · " + a.label
		}
		st := p.fitAddress(stCellLink, p.width, a.url)
		p.need(stCellBold.leading() + st.leading())
		p.textAt(p.left, p.y, p.fs.fit(stCellBold.face, stCellBold.size, p.width, Sanitize(head)), stCellBold, alignLeft, 0)
		p.y += stCellBold.leading()
		for _, l := range p.fs.wrap(st.face, st.size, p.width, Sanitize(a.url)) {
			p.need(st.leading())
			p.linkedText(p.left, p.y, l, st, a.url)
			p.y += st.leading()
		}
		p.y += 1
	}
	p.y += 2
}

// addressesKeep is how much of the addresses in full stays with the
// table above them: their label and the first address; 0 for none.
// With the 3 mm under the table, up to three addresses stay with it.
func (p *pack) addressesKeep(list []longAddress) float64 {
	if len(list) == 0 {
		return 0
	}
	h := 3 + stLabel.leading() + 0.5
	for _, a := range list[:min(3, len(list))] {
		st := p.fitAddress(stCellLink, p.width, a.url)
		h += stCellBold.leading() + float64(len(p.fs.wrap(st.face, st.size, p.width, Sanitize(a.url))))*st.leading() + 1
	}
	return h
}

// evidenceCell holds an item's reason (n/a, blocked), its evidence (label
// and address) and its notes, for a column w millimetres wide. The label
// links where the entry goes (its address, or its ticket key's through the
// link patterns), and so does the address printed under it: whole when it
// fits a line (in smaller type if need be), else shortened with an
// ellipsis and returned, to be printed whole under the table.
func (p *pack) evidenceCell(it *readiness.Item, w float64, withNotes bool) (cell, []longAddress) {
	links := p.opt.Links
	var long []longAddress
	var c cell
	if it.Status.NeedsReason() {
		st := stCellBold
		st.color = tones[statusTone(it.Status)][1]
		c.add(it.Status.Label()+": "+firstNonEmpty(it.Reason, "no reason given"), st)
	}
	for _, e := range it.Evidence {
		href, st := links.Href(e), stCellBold
		if e.URL == "" && href != "" {
			st.color = stCellLink.color // a key that links, no address printed
		}
		c.addLink(e.Label, st, href)
		if u := Sanitize(e.URL); u != "" && w > 0 && p.fitAddress(stCellLink, w, u) == stCellLink && p.fs.width(stCellLink.face, stCellLink.size, u) > w {
			c.addLink(p.fs.fit(stCellLink.face, stCellLink.size, w, u), stCellLink, e.URL)
			long = append(long, longAddress{it.ID, e.Label, e.URL})
		} else {
			c.addLink(e.URL, stCellLink, e.URL)
		}
	}
	if withNotes {
		c.add(it.Notes, stCell)
	}
	if len(c.paras) == 0 {
		c.add("None yet", stCellMuted)
	}
	return c, long
}

// --- after the template ---------------------------------------------------

func (p *pack) acks() {
	p.para("Awareness, not approval: these people have seen the record. An acknowledgement given before a later material change (tier, go-live date, rollback plan, an item reopened) acknowledged an earlier version.", stNote)
	p.gap(2)
	if len(p.r.Acks) == 0 {
		p.note("No acknowledgements yet.")
		return
	}
	var rows [][]cell
	for i := range p.r.Acks {
		a := &p.r.Acks[i]
		who := boldCell(a.Person.Name)
		who.add(a.Person.Role, stCellMuted)
		who.add(a.Provenance(), stCellMuted) // where it came from; "" adds nothing
		scope := "Whole record"
		if s := p.r.Section(a.Section); s != nil {
			scope = s.Title
		}
		version := pillCell("Current", toneGreen)
		if a.Stale(p.r) {
			version = pillCell("Earlier version", toneAmber)
		}
		rows = append(rows, []cell{who, textCell(scope), textCell(a.At.UTC().Format("2006-01-02")), version, textCell(orDash(a.Comment))})
	}
	p.table([]column{{"Who", 40}, {"Scope", 34}, {"When", p.colWidth(stCell, "When", "2026-12-31")}, {"Version", p.pillWidth("Earlier version") + 2*cellPadX + 0.5}, {"Comment", 0}}, rows)
}

// actions lists every action with its state: open, done, cancelled or
// transferred to the receiving team.
func (p *pack) actions() { p.draw(p.actionsOpening()) }

func (p *pack) actionsOpening() opening {
	if len(p.r.Actions) == 0 {
		return opening{note: "No actions recorded."}
	}
	return opening{
		note: fmt.Sprintf("%s open, %d overdue; conditions of a go and of the handover's acceptance are actions too.",
			plural(p.st.OpenActions, "action", "actions"), p.st.OverdueActions),
		cols: actionColumns(p.doc, "Action"), rows: actionRows(p.r.Actions, p.today),
	}
}

func (p *pack) hypercarePlan() {
	h, hc := &p.r.Hypercare, p.st.Hypercare
	window := fmt.Sprintf("%d days", h.Window.Days)
	if hc.ExtraDays > 0 {
		window += fmt.Sprintf(" + %d extended", hc.ExtraDays)
	}
	p.facts([]fact{
		{"Window", window}, {"State", string(hc.State)},
		{"Starts", orDash(string(hc.Start))}, {"Ends", orDash(string(hc.End))},
	}, 4)
	p.gap(1)
	if len(h.Extensions) > 0 {
		var rows [][]cell
		for _, e := range h.Extensions {
			rows = append(rows, []cell{textCell(string(e.On)), boldCell(plural(e.Days, "day", "days")), textCell(e.Reason)})
		}
		p.table([]column{{"Extended on", p.colWidth(stCell, "Extended on", "2026-12-31")}, {"By", 18}, {"Why", 0}}, rows)
	}
	if len(h.Criteria) == 0 {
		p.note("No exit criteria recorded.")
		return
	}
	var rows [][]cell
	for _, c := range h.Criteria {
		t := map[readiness.CriterionStatus]tone{readiness.Met: toneGreen, readiness.Waived: toneAmber}[c.Status]
		note := cell{}
		if c.Reason != "" {
			note.add("Waived: "+c.Reason, stCellBold)
		}
		note.addTextOrLink(c.Evidence, stCell)
		if len(note.paras) == 0 {
			note = mutedCell("—")
		}
		rows = append(rows, []cell{textCell(c.Text), pillCell(criterionWord(c.Status), t), note})
	}
	p.table([]column{{"Exit criterion", 0}, {"Status", p.pillWidth("Waived") + 2*cellPadX + 2}, {"Evidence or reason", 0}}, rows)
}

func criterionWord(s readiness.CriterionStatus) string {
	switch s {
	case readiness.Met:
		return "Met"
	case readiness.Waived:
		return "Waived"
	}
	return "Unmet"
}

func (p *pack) recentChanges() {
	limit := p.opt.HistoryLimit
	if limit == 0 {
		limit = defaultHistoryLimit
	}
	if limit < 0 || len(p.history) == 0 {
		p.note("No changes recorded.")
		if limit < 0 {
			p.note("The history is not included in this pack.")
		}
		return
	}
	p.draw(p.recentOpening())
}

func (p *pack) recentOpening() opening {
	limit := p.opt.HistoryLimit
	if limit == 0 {
		limit = defaultHistoryLimit
	}
	if limit < 0 || len(p.history) == 0 {
		return opening{}
	}
	shown := p.history[:min(limit, len(p.history))]
	rows := make([][]cell, len(shown))
	for i, e := range shown {
		what := textCell(firstNonEmpty(e.Label, string(e.Path)))
		if e.Undo {
			what.add("undo", stCellNote)
		}
		rows[i] = []cell{textCell(e.At.UTC().Format("2006-01-02 15:04")), textCell(orDash(e.Author)), what, textCell(orDash(e.Summary))}
	}
	return opening{
		note: fmt.Sprintf("The newest %d of %d changes, newest first. Times are UTC.", len(shown), len(p.history)),
		cols: []column{{"When", p.colWidth(stCell, "When", "2026-12-31 23:59")}, {"Who", 32}, {"What", 44}, {"Change", 0}}, rows: rows,
	}
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}
