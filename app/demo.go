package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"

	"readyroom/readiness"
)

// LoadDemo adds the example records — a Gold release a week before go-live
// with blocked items and open risks, a Silver release in preparation, a Gold
// release in active hypercare, and a Silver release handed over and closed —
// through the change log like any other edit, in one transaction. It returns
// the number of records added.
func LoadDemo(s *Records) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	b := demoBuilder{maker: s.maker, today: readiness.DateOf(now)}
	b.gold()
	b.silver()
	b.inHypercare()
	b.closed()
	if b.err != nil {
		return 0, fmt.Errorf("building example records: %w", b.err)
	}
	if _, err := s.db.Apply(b.changes...); err != nil {
		return 0, fmt.Errorf("saving example records: %w", err)
	}
	return b.records, nil
}

type demoBuilder struct {
	maker   readiness.Maker
	today   readiness.Date
	doc     readiness.Doc
	byPath  map[readiness.Path][]readiness.Change
	changes []readiness.Change
	records int
	err     error
	// at, when set, moves the clock the changes are stamped by to a day
	// (Seed writes each record at the days its events happened).
	at func(readiness.Date)
}

// on stamps the changes that follow at a day, when the builder keeps a
// clock of its own.
func (b *demoBuilder) on(d readiness.Date) {
	if b.at != nil {
		b.at(d)
	}
}

func (b *demoBuilder) as(author string) *demoBuilder {
	b.maker.Author = author
	return b
}

func (b *demoBuilder) add(c readiness.Change, err error) {
	if b.err != nil {
		return
	}
	if err != nil {
		b.err = err
		return
	}
	if b.byPath == nil {
		b.byPath = map[readiness.Path][]readiness.Change{}
	}
	b.byPath[c.Path] = append(b.byPath[c.Path], c)
	if err := b.doc.Apply(c, func(p readiness.Path) ([]readiness.Change, error) { return b.byPath[p], nil }, nil); err != nil {
		b.err = err
		return
	}
	b.changes = append(b.changes, c)
}

// do runs a domain operation against the record being built.
func (b *demoBuilder) do(op func(r *readiness.Record) ([]readiness.Edit, error)) {
	if b.err != nil {
		return
	}
	edits, err := op(&b.doc.Record)
	if err != nil {
		b.err = err
		return
	}
	cs, err := b.maker.EditAll(&b.doc, edits)
	if err != nil {
		b.err = err
		return
	}
	for _, c := range cs {
		b.add(c, nil)
	}
}

// ceremony records a ceremony held on a day.
func (b *demoBuilder) ceremony(kind readiness.CeremonyKind, on readiness.Date, people []readiness.Person, agenda, notes string, conditions []readiness.Condition, decisions ...readiness.Decision) {
	b.ceremonyWith(kind, on, people, agenda, notes, conditions, nil, decisions...)
}

// ceremonyWith records a ceremony that also says what becomes of the
// blocked items.
func (b *demoBuilder) ceremonyWith(kind readiness.CeremonyKind, on readiness.Date, people []readiness.Person, agenda, notes string, conditions []readiness.Condition, blocked []readiness.BlockedChoice, decisions ...readiness.Decision) {
	b.on(on)
	b.do(func(r *readiness.Record) ([]readiness.Edit, error) {
		return r.RecordCeremony(readiness.CeremonyInput{
			Ceremony:   readiness.Ceremony{Kind: kind, Date: on, Attendees: people, Agenda: agenda, Notes: notes, Decisions: decisions},
			Conditions: conditions, Blocked: blocked,
		}, newID, b.maker.Author, on.Time().Add(10*time.Hour))
	})
}

// move moves the record on a day.
func (b *demoBuilder) move(m readiness.Move, on readiness.Date) {
	b.on(on)
	b.do(func(r *readiness.Record) ([]readiness.Edit, error) { return r.MoveTo(m, b.maker.Author, on) })
}

// finishChecklist marks every item done (n/a where allowed for the last of a section).
func (b *demoBuilder) finishChecklist() {
	for _, items := range b.items() {
		for i, it := range items {
			if i == len(items)-1 && it.NAAllowed && len(items) > 3 {
				b.status(it, readiness.NA, "No change in this area for this release.")
				continue
			}
			b.status(it, readiness.Done, "")
		}
	}
}

func (b *demoBuilder) create(in readiness.NewRecord) {
	b.doc = readiness.Doc{}
	b.records++
	b.add(b.maker.Create(readiness.RecordID(ulid.Make().String()), in, nil))
}

func (b *demoBuilder) set(p readiness.Path, v any) {
	if b.err != nil {
		return
	}
	b.add(b.maker.Edit(&b.doc, p, v))
}

func (b *demoBuilder) text(section readiness.SectionID, text string) {
	b.set(readiness.SectionTextPath(section), text)
}

// items returns the ids of the record's checklist items, section by section.
func (b *demoBuilder) items() [][]readiness.Item {
	var out [][]readiness.Item
	for _, s := range b.doc.Record.Sections {
		if s.Kind == readiness.KindChecklist {
			out = append(out, s.Items)
		}
	}
	return out
}

func (b *demoBuilder) status(it readiness.Item, st readiness.Status, reason string) {
	b.set(readiness.ItemPath(it.ID, "status"), readiness.StatusValue{Status: st, Reason: reason})
}

func (b *demoBuilder) gold() {
	b.as("Sam Okafor").create(readiness.NewRecord{
		Service: "Payments Gateway", Title: "Card tokenisation v3", Squad: "Squad Falcon",
		SDM: "Priya Raman", MaintenanceTeam: "Payments Run Team", GoLive: string(b.today.AddDays(7)),
		Answers: readiness.Answers{CustomerFacing: true, SensitiveData: true, NewSupplier: true},
		Tier:    readiness.Gold,
	})
	b.move(readiness.Move{To: readiness.Preparing}, b.today.AddDays(-21))
	b.text("description", "Moves card tokenisation from the in-house vault to the new PCI-certified token service from Vaultline. Every card payment on web and app is affected; customers see no new screens, but saved cards are re-tokenised in the background over two nights.")
	b.text("key-dates", "Firebreak in pre-production: 3 days before go-live.\nGo/no-go: 2 days before go-live, 10:00, Falcon room and bridge.\nGo-live: 06:00, ahead of the morning peak.\nRe-tokenisation batches: nights 1 and 2 after go-live, 01:00–04:00.\nHypercare: 14 days from go-live.")
	b.text("release-plan", "1. Enable dual-write to both vaults behind flag tokenisation.v3.dual-write (owner: Sam).\n2. Canary 5% of card payments for 2 hours; watch authorisation rate and latency SLOs.\n3. 25% → 50% → 100% at one-hour steps if the canary alarms stay quiet.\n4. Re-tokenise saved cards in two overnight batches.\n5. Turn off the old vault's write path one week after 100%.")
	b.text("test-plan", "Contract tests against Vaultline's sandbox; load test at 2× Black Friday peak; a failover drill with Vaultline's secondary region. Service desk and the Payments Run Team get a 45-minute walkthrough and the new runbook.")
	b.text("rollback-plan", "Trigger: authorisation success rate below 97% for 5 minutes, or p99 latency above 800 ms. Action: turn off the v3 flag (under 2 minutes); dual-write keeps the old vault current, so no data needs restoring. Rehearsed in staging on the 3rd, took 4 minutes end to end.")
	b.text("observability", "Dashboards: Payments SLOs (authorisation rate, latency), Vaultline API errors, re-tokenisation batch progress.\nAlerts: SLO burn rate pages Payments on-call; Vaultline 5xx above 1% pages; batch failure raises a ticket.\nOut of hours: PagerDuty rota \"payments-primary\" with Vaultline's 24/7 line as second escalation.")
	b.text("hypercare-plan", "Daily 09:30 check-in for 14 days with Payments Run Team and Vaultline; a shared triage board; extra on-call engineer during the two re-tokenisation nights. Exit needs 7 consecutive days within SLO and no open P1/P2.")

	groups := b.items()
	owners := []string{"Sam Okafor", "Amira Haddad", "Jo Whitfield", "Tom Reyes"}
	blocked := map[int]string{
		1: "Waiting for Vaultline's penetration test report; promised for Friday.",
		2: "Escalation tree not yet tested with the Payments Run Team; session booked.",
		5: "Rollback rehearsal in staging failed on the batch job; fix in review.",
	}
	for gi, items := range groups {
		for ii, it := range items {
			owner := owners[(gi+ii)%len(owners)]
			b.as(owner)
			switch {
			case ii == 0 && blocked[gi] != "":
				b.status(it, readiness.Blocked, blocked[gi])
				b.set(readiness.ItemPath(it.ID, "owner"), owner)
				b.set(readiness.ItemPath(it.ID, "due"), b.today.AddDays(2))
			case ii < len(items)*2/3:
				b.status(it, readiness.Done, "")
				b.set(readiness.ItemPath(it.ID, "owner"), owner)
				if ii%3 == 0 {
					b.set(readiness.ItemPath(it.ID, "evidence"), []readiness.Evidence{{Label: "Confluence: Card tokenisation v3 — " + string(it.ID), URL: "https://wiki.example.com/payments/tokenisation-v3/" + string(it.ID)}})
				}
			case ii == len(items)-1 && it.NAAllowed:
				b.status(it, readiness.NA, "Not applicable: no change to this area for a back-end migration.")
			default:
				b.status(it, readiness.InProgress, "")
				b.set(readiness.ItemPath(it.ID, "owner"), owner)
				due := b.today.AddDays(3 + ii%3)
				if gi == 0 && ii == len(items)-2 {
					due = b.today.AddDays(-2) // overdue
				}
				b.set(readiness.ItemPath(it.ID, "due"), due)
			}
		}
	}
	b.as("Sam Okafor")
	b.set(readiness.EntryPath("plans", newID()), readiness.Plan{Kind: readiness.ReadinessReview, Date: b.today.AddDays(1), Note: "Falcon room and bridge, 10:00"})
	b.set(readiness.EntryPath("plans", newID()), readiness.Plan{Kind: readiness.GoNoGo, Date: b.today.AddDays(5), Note: "Decision makers: Priya Raman, Sam Okafor, Dana Fox"})
	b.set(readiness.RiskPath(newID()), readiness.Risk{Description: "Vaultline's API rate limit is lower than our peak during re-tokenisation batches.", Likelihood: "medium", Impact: "high", Mitigation: "Batch job throttled to 60% of the contracted limit; Vaultline raising our limit before go-live.", Owner: "Amira Haddad", Status: "open"})
	b.set(readiness.RiskPath(newID()), readiness.Risk{Description: "Customers with expired saved cards fail re-tokenisation and are asked to re-enter card details.", Likelihood: "high", Impact: "low", Mitigation: "Skip expired cards; comms prepared for the service desk.", Owner: "Jo Whitfield", Status: "open"})
	b.set(readiness.RiskPath(newID()), readiness.Risk{Description: "Old vault decommissioned too early, removing the rollback path.", Likelihood: "low", Impact: "high", Mitigation: "Old write path stays for a week after 100%; decommission is a separate change.", Owner: "Sam Okafor", Status: "mitigated"})
	b.set(readiness.ContactPath(newID()), readiness.Contact{Name: "Sam Okafor", Role: "Tech lead", Team: "Squad Falcon", Level: "L2", InHours: "#squad-falcon, 020 7946 0101", OutOfHours: "PagerDuty payments-primary"})
	b.set(readiness.ContactPath(newID()), readiness.Contact{Name: "Priya Raman", Role: "Service delivery manager", Team: "Service Delivery", InHours: "priya.raman@example.com", OutOfHours: "Major incident bridge via service desk"})
	b.set(readiness.ContactPath(newID()), readiness.Contact{Name: "Vaultline support", Role: "Supplier", Team: "Vaultline", Level: "L3", InHours: "support@vaultline.example", OutOfHours: "+44 20 7946 0999 (24/7, contract VL-2291)"})
	b.set(readiness.ContactPath(newID()), readiness.Contact{Name: "Dana Fox", Role: "Team lead", Team: "Payments Run Team", Level: "L1", InHours: "#payments-run", OutOfHours: "PagerDuty payments-run"})
}

func (b *demoBuilder) silver() {
	b.as("Lee Chen").create(readiness.NewRecord{
		Service: "Customer Notifications", Title: "SMS preference centre", Squad: "Squad Otter",
		SDM: "Priya Raman", MaintenanceTeam: "Digital Support", GoLive: string(b.today.AddDays(24)),
		Answers: readiness.Answers{CustomerFacing: true},
		Tier:    readiness.Silver,
	})
	b.move(readiness.Move{To: readiness.Preparing}, b.today)
	b.text("description", "Lets customers choose which SMS messages they receive from the account settings page. New table for preferences; the sender checks them before every SMS.")
	b.text("release-plan", "Dark launch behind flag notifications.sms-preferences, then 10% of customers for a week before everyone.")
	for gi, items := range b.items() {
		for ii, it := range items {
			switch {
			case ii == 0:
				b.as("Lee Chen").status(it, readiness.Done, "")
			case ii == 1 && gi%2 == 0:
				b.as("Ravi Patel").status(it, readiness.InProgress, "")
				b.set(readiness.ItemPath(it.ID, "owner"), "Ravi Patel")
				b.set(readiness.ItemPath(it.ID, "due"), b.today.AddDays(10))
			}
		}
	}
	b.set(readiness.RiskPath(newID()), readiness.Risk{Description: "Preferences not migrated for customers who opted out by text reply.", Likelihood: "medium", Impact: "medium", Mitigation: "Import STOP replies from the SMS provider before launch.", Owner: "Ravi Patel", Status: "open"})
	b.set(readiness.ContactPath(newID()), readiness.Contact{Name: "Lee Chen", Role: "Product owner", Team: "Squad Otter", InHours: "#squad-otter", OutOfHours: "Not on call; see Digital Support"})
}

// inHypercare is a Gold release that went live six days ago, three days
// before its planned date: a go with a condition and a blocked item
// accepted as a risk, a readiness review amended afterwards, check-ins, a P2
// incident resolved and a P4 still open, exit criteria partly met.
func (b *demoBuilder) inHypercare() {
	live, planned := b.today.AddDays(-6), b.today.AddDays(-3)
	b.as("Amira Haddad").create(readiness.NewRecord{
		Service: "Identity", Title: "Passwordless sign-in", Squad: "Squad Heron",
		SDM: "Priya Raman", MaintenanceTeam: "Identity Operations", GoLive: string(planned),
		Answers: readiness.Answers{CustomerFacing: true, SensitiveData: true}, Tier: readiness.Gold,
	})
	b.text("description", "Customers can sign in with a passkey instead of a password on web and app. Passwords remain as a fallback during hypercare.")
	b.text("rollback-plan", "Turn off flag identity.passkeys (under a minute); password sign-in is untouched.")
	b.finishChecklist()
	// The supplier's penetration test report was late: blocked at the go/no-go.
	pen := b.items()[1][0]
	b.status(pen, readiness.Blocked, "The supplier's penetration test report is not in yet.")
	people := []readiness.Person{{Name: "Amira Haddad", Role: "Tech lead"}, {Name: "Priya Raman", Role: "Service delivery manager"}, {Name: "Kofi Mensah", Role: "Identity Operations"}}
	b.move(readiness.Move{To: readiness.Preparing}, live.AddDays(-20))
	b.ceremony(readiness.ReadinessReview, live.AddDays(-7), people, "Walk the Gold checklist; open risks", "All sections green apart from the supplier pen test.", nil,
		readiness.Decision{Outcome: readiness.Noted, Text: "Ready for go/no-go", Reason: "Checklist complete but for the pen test, risks owned"})
	review := b.doc.Record.Ceremonies[len(b.doc.Record.Ceremonies)-1].ID
	b.do(func(r *readiness.Record) ([]readiness.Edit, error) {
		return r.AmendCeremony(readiness.CeremonyAmendment{Ceremony: review,
			Attendees: append(append([]readiness.Person(nil), people...), readiness.Person{Name: "Dana Fox", Role: "Security"}),
			Reason:    "Dana Fox from Security attended and was left off the list"}, newID, "Priya Raman", live.AddDays(-6).Time().Add(9*time.Hour))
	})
	b.ceremonyWith(readiness.GoNoGo, live.AddDays(-2), people, "Go/no-go for passwordless sign-in", "Security asked to ship before the holiday change freeze.",
		[]readiness.Condition{{Text: "Support FAQ on passkeys published before go-live", Owner: "Kofi Mensah", Due: live}},
		[]readiness.BlockedChoice{{Item: pen.ID, As: readiness.AsRisk, Owner: "Dana Fox",
			Reason: "Our own penetration test passed; the supplier's report follows within the week and is reviewed by Security"}},
		readiness.Decision{Outcome: readiness.GoWithConditions, Text: "Go three days early", Reason: "All criteria met but the supplier's pen test report; the FAQ is the one condition"})
	b.move(readiness.Move{To: readiness.Live, DateReason: "Brought forward three days to ship before the holiday change freeze"}, live)
	b.status(pen, readiness.Done, "")
	checkins := []struct {
		day     int
		rag     readiness.RAG
		summary string
	}{
		{0, readiness.Green, "Smooth go-live; 4% of sign-ins used passkeys by 18:00."},
		{1, readiness.Amber, "P2 incident: passkey registration failed on older Android browsers; fixed with a fallback prompt."},
		{2, readiness.Green, "No new incidents; registration success back to 99.2%."},
		{4, readiness.Amber, "A P4 help-text typo open; registration steady."},
	}
	for _, c := range checkins {
		b.set(readiness.EntryPath("hypercare/checkins", newID()), readiness.CheckIn{Date: live.AddDays(c.day), RAG: c.rag, Summary: c.summary, By: "Amira Haddad"})
	}
	b.set(readiness.EntryPath("hypercare/incidents", newID()), readiness.Incident{Ref: "INC-40211", Severity: "P2",
		Opened: readiness.DateTime(string(live.AddDays(1)) + "T09:12"), Resolved: readiness.DateTime(string(live.AddDays(1)) + "T13:40"),
		Summary: "Passkey registration failed on Android 9 browsers; fallback prompt shipped."})
	b.set(readiness.EntryPath("hypercare/incidents", newID()), readiness.Incident{Ref: "INC-40297", Severity: "P4",
		Opened: readiness.DateTime(string(live.AddDays(4)) + "T15:05"), Summary: "Help text typo on the passkey settings page."})
	for i, c := range b.doc.Record.Hypercare.Criteria {
		if i%2 == 0 {
			c.Status, c.Evidence = readiness.Met, "See the daily check-ins and the SLO dashboard."
			b.set(readiness.CriterionPath(c.ID), c)
		}
	}
	for i, h := range b.doc.Record.Handover.Items {
		if i < 4 {
			b.set(readiness.HandoverItemPath(h.ID), readiness.HandoverItemValue{Status: readiness.Done, Evidence: "Handed over in the KT session"})
		}
	}
	b.set(readiness.ContactPath(newID()), readiness.Contact{Name: "Kofi Mensah", Role: "Operations lead", Team: "Identity Operations", Level: "L1", InHours: "#identity-ops", OutOfHours: "PagerDuty identity-primary"})
	b.set(readiness.ContactPath(newID()), readiness.Contact{Name: "Amira Haddad", Role: "Tech lead", Team: "Squad Heron", Level: "L2", InHours: "#squad-heron", OutOfHours: "PagerDuty identity-secondary"})
}

// closed is a Silver release that went through hypercare, was handed over
// with one condition, and closed with an action transferred to the
// receiving team.
func (b *demoBuilder) closed() {
	live := b.today.AddDays(-30)
	b.as("Lee Chen").create(readiness.NewRecord{
		Service: "Customer Notifications", Title: "Email digest redesign", Squad: "Squad Otter",
		SDM: "Priya Raman", MaintenanceTeam: "Digital Support", GoLive: string(live), Tier: readiness.Silver,
	})
	b.text("description", "New layout for the weekly email digest, rendered by the notifications service.")
	b.text("rollback-plan", "Switch the digest template back to v1 in the notifications admin (under five minutes); no data changes.")
	b.finishChecklist()
	people := []readiness.Person{{Name: "Lee Chen", Role: "Product owner"}, {Name: "Priya Raman", Role: "Service delivery manager"}, {Name: "Jo Park", Role: "Digital Support"}}
	b.move(readiness.Move{To: readiness.Preparing}, live.AddDays(-14))
	b.ceremony(readiness.ReadinessReview, live.AddDays(-5), people, "Silver checklist review", "", nil,
		readiness.Decision{Outcome: readiness.Noted, Text: "Ready", Reason: "All essentials done"})
	b.ceremony(readiness.GoNoGo, live.AddDays(-1), people, "", "", nil, readiness.Decision{Outcome: readiness.Go, Text: "Go", Reason: "Checklist complete, rollback rehearsed"})
	b.move(readiness.Move{To: readiness.Live}, live)
	for d := 0; d < 7; d += 2 {
		b.set(readiness.EntryPath("hypercare/checkins", newID()), readiness.CheckIn{Date: live.AddDays(d), RAG: readiness.Green, Summary: "No incidents; open rate as forecast.", By: "Lee Chen"})
	}
	for _, c := range b.doc.Record.Hypercare.Criteria {
		c.Status, c.Evidence = readiness.Met, "Check-ins and the support queue"
		b.set(readiness.CriterionPath(c.ID), c)
	}
	b.ceremony(readiness.HypercareExit, live.AddDays(7), people, "Exit review", "", nil,
		readiness.Decision{Outcome: readiness.Noted, Text: "Exit hypercare", Reason: "Every criterion met"})
	for _, h := range b.doc.Record.Handover.Items {
		b.set(readiness.HandoverItemPath(h.ID), readiness.HandoverItemValue{Status: readiness.Done, Evidence: "Accepted in the handover meeting"})
	}
	b.ceremony(readiness.HandoverMeeting, live.AddDays(8), people, "Handover to Digital Support", "", nil,
		readiness.Decision{Outcome: readiness.Noted, Text: "Handed over", Reason: "Runbooks and known errors accepted"})
	b.do(func(r *readiness.Record) ([]readiness.Edit, error) {
		return r.Accept(readiness.AcceptInput{Acceptance: readiness.Acceptance{Person: readiness.Person{Name: "Jo Park", Role: "Digital Support lead"}, Date: live.AddDays(8)},
			Conditions: []readiness.Condition{{Text: "Known-error article for digest rendering in Outlook published", Owner: "Jo Park", Due: live.AddDays(20)}}}, newID)
	})
	b.move(readiness.Move{To: readiness.HandedOver}, live.AddDays(8))
	b.do(func(r *readiness.Record) ([]readiness.Edit, error) {
		return r.SaveAction(readiness.Action{Text: "Archive the v1 digest templates after a quarter", Owner: "Lee Chen", Due: live.AddDays(90)}, newID)
	})
	var outcomes []readiness.ActionOutcome
	for _, a := range b.doc.Record.Actions {
		switch {
		case !a.IsOpen():
		case strings.HasPrefix(a.Text, "Archive"):
			outcomes = append(outcomes, readiness.ActionOutcome{ID: a.ID, To: readiness.ActionTransferred, Note: "Digital Support owns the templates now"})
		default:
			outcomes = append(outcomes, readiness.ActionOutcome{ID: a.ID, To: readiness.ActionDone, Note: "Published as KE-1182"})
		}
	}
	b.move(readiness.Move{To: readiness.Closed, Actions: outcomes}, live.AddDays(10))
}

func newID() readiness.EntityID { return readiness.EntityID(ulid.Make().String()) }
