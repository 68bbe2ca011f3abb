package app

import (
	"fmt"

	"github.com/oklog/ulid/v2"

	"readyroom/readiness"
)

// LoadDemo adds the example records — a Gold release a week before go-live
// with blocked items and open risks, and a Silver release in preparation —
// through the change log like any other edit, in one transaction. It returns
// the number of records added.
func LoadDemo(s *Records) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attention = nil // many records change: reload on next use
	now := s.now()
	b := demoBuilder{maker: s.maker, today: readiness.DateOf(now)}
	b.gold()
	b.silver()
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
	changes []readiness.Change
	records int
	err     error
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
	if err := b.doc.Apply(c, nil); err != nil {
		b.err = err
		return
	}
	b.changes = append(b.changes, c)
}

func (b *demoBuilder) create(in readiness.NewRecord) {
	b.doc = readiness.Doc{}
	b.records++
	b.add(b.maker.Create(readiness.RecordID(ulid.Make().String()), in))
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
	b.set(readiness.RiskPath(newID()), readiness.Risk{Description: "Vaultline's API rate limit is lower than our peak during re-tokenisation batches.", Likelihood: "medium", Impact: "high", Mitigation: "Batch job throttled to 60% of the contracted limit; Vaultline raising our limit before go-live.", Owner: "Amira Haddad", Status: "open"})
	b.set(readiness.RiskPath(newID()), readiness.Risk{Description: "Customers with expired saved cards fail re-tokenisation and are asked to re-enter card details.", Likelihood: "high", Impact: "low", Mitigation: "Skip expired cards; comms prepared for the service desk.", Owner: "Jo Whitfield", Status: "open"})
	b.set(readiness.RiskPath(newID()), readiness.Risk{Description: "Old vault decommissioned too early, removing the rollback path.", Likelihood: "low", Impact: "high", Mitigation: "Old write path stays for a week after 100%; decommission is a separate change.", Owner: "Sam Okafor", Status: "mitigated"})
	b.set(readiness.ContactPath(newID()), readiness.Contact{Name: "Sam Okafor", Role: "Tech lead", Team: "Squad Falcon", InHours: "#squad-falcon, 020 7946 0101", OutOfHours: "PagerDuty payments-primary"})
	b.set(readiness.ContactPath(newID()), readiness.Contact{Name: "Priya Raman", Role: "Service delivery manager", Team: "Service Delivery", InHours: "priya.raman@example.com", OutOfHours: "Major incident bridge via service desk"})
	b.set(readiness.ContactPath(newID()), readiness.Contact{Name: "Vaultline support", Role: "Supplier", Team: "Vaultline", InHours: "support@vaultline.example", OutOfHours: "+44 20 7946 0999 (24/7, contract VL-2291)"})
	b.set(readiness.ContactPath(newID()), readiness.Contact{Name: "Dana Fox", Role: "Team lead", Team: "Payments Run Team", InHours: "#payments-run", OutOfHours: "PagerDuty payments-run"})
}

func (b *demoBuilder) silver() {
	b.as("Lee Chen").create(readiness.NewRecord{
		Service: "Customer Notifications", Title: "SMS preference centre", Squad: "Squad Otter",
		SDM: "Priya Raman", MaintenanceTeam: "Digital Support", GoLive: string(b.today.AddDays(24)),
		Answers: readiness.Answers{CustomerFacing: true},
		Tier:    readiness.Silver,
	})
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

func newID() readiness.EntityID { return readiness.EntityID(ulid.Make().String()) }
