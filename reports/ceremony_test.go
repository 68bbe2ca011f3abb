package reports

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"readyroom/readiness"
)

// A ceremony report opens with its decision and says what was open, what
// a go did with each blocked item, and every amendment.

func TestGoNoGoReportOpensWithTheDecision(t *testing.T) {
	needTools(t, "pdftotext", "pdfinfo", "qpdf")
	r := liveRecord(t)
	path := writePDF(t, renderCeremony(t, r, "01JD00000000000000000000C2"))
	qpdfCheck(t, path)
	if n := atoi(t, pdfInfo(t, path)["Pages"]); n < 2 {
		t.Fatalf("the report has %d page: page 1 holding the decision proves nothing", n)
	}
	one := pageText(t, path, 1)
	wantInOrder(t, "page 1", one, "GO/NO-GO REPORT", "Go/no-go held on 2026-11-14",
		"GO WITH CONDITIONS", "Go three days early", "Reasons: Everything done but the rollback rehearsal",
		"Go with 2 conditions, 1 blocked item accepted as a risk.",
		"What was open when it was held", "95% ready: 68 of 71 applicable items done; 2 blocked, 1 overdue, 1 open high risk.",
		"SEC-01", "The supplier's penetration test report is not in yet", "REL-01", "Rollback rehearsal in staging failed",
		"Not done, by section", "1.0 Communications 1 item", "2.0 Information security, data protection and compliance 1 item", "6.0 Release and rollback 1 item")
	all := strings.Join(pdfRawPages(t, path), " ")
	wantInOrder(t, "the report", all, "What the go did with each blocked item",
		"REL-01", "Condition", "Unblock REL-01", "Owner Jo Park · due 2026-11-15 · done today",
		"SEC-01", "Accepted risk", "Accepted as a risk: Our own penetration test passed", "In the risk register, owner Dana Fox, accepted today",
		"Conditions and actions", "Support FAQ on tokenised cards", "Open", "Attendees", "The record as it stood")
}

func TestAmendedCeremonySaysSo(t *testing.T) {
	needTools(t, "pdftotext")
	r := liveRecord(t)
	one := pageText(t, writePDF(t, renderCeremony(t, r, "01JD00000000000000000000C1")), 1)
	wantAll(t, "page 1", one, "Amended after it was held",
		"Amended on 2026-11-11 by Priya Raman because Lena Fischer from Security attended and was left off the list (changed: attendees, notes).")
	// A ceremony never amended says nothing of the kind.
	wantNone(t, "the go/no-go", strings.Join(pdfRawPages(t, writePDF(t, renderCeremony(t, r, "01JD00000000000000000000C2"))), " "), "Amended")
}

// The hypercare timeline's exit marker crosses none of its labels,
// whichever day of the window the exit fell on: the marker (the report's
// one vertical line, read from its page's content stream) meets no word
// pdftotext -bbox finds on that page ("end 2026-11-14" had it through its
// "e"), and its own label stays within the body's margins.
func TestTimelineExitMarkerClearsTheLabels(t *testing.T) {
	needTools(t, "pdftotext")
	r := handedOverRecord(t)
	exit := r.Ceremonies[1]
	exit.ID, exit.Kind, exit.Blocked, exit.Open = "01JD00000000000000000000C9", readiness.HypercareExit, nil, nil
	r.Ceremonies = append(r.Ceremonies, exit)
	line := regexp.MustCompile(`(?m)^([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S$`)
	for day := r.Hypercare.Window.Start; day <= r.Hypercare.End(); day = day.AddDays(1) {
		r.Hypercare.Window.ExitedOn = day
		b := renderCeremony(t, r, exit.ID)
		var marks [][4]float64 // x, y, x, y in points from the bottom left
		for _, m := range line.FindAllSubmatch(b, -1) {
			var c [4]float64
			for i := range c {
				c[i], _ = strconv.ParseFloat(string(m[i+1]), 64)
			}
			if c[0] == c[2] {
				marks = append(marks, c)
			}
		}
		words := pdfWords(t, writePDF(t, b))
		page := 0
		for _, w := range words {
			if w.text == "exited" {
				page = w.page
			}
		}
		if len(marks) != 1 || page == 0 {
			t.Fatalf("exit on %s: %d vertical lines and the label on page %d; want one line and its label", day, len(marks), page)
		}
		for _, w := range outsideBody(words, page) {
			t.Errorf("exit on %s: %s", day, w)
		}
		const halfWidth = 0.8 / ptToMM / 2
		x, top, bottom := marks[0][0], min(marks[0][1], marks[0][3]), max(marks[0][1], marks[0][3])
		for _, w := range words {
			if w.page != page || w.x1 < x-halfWidth || w.x0 > x+halfWidth {
				continue
			}
			// The line's ends from the page's top, as the word boxes are.
			if from, to := w.pageH-bottom, w.pageH-top; w.y1 > from && w.y0 < to {
				t.Errorf("exit on %s: the marker at %.2f pt (%.2f-%.2f from the top) crosses %q (%.2f-%.2f, %.2f-%.2f)", day, x, from, to, w.text, w.x0, w.x1, w.y0, w.y1)
			}
		}
	}
}
