package readiness

import (
	"cmp"
	"slices"
)

// RankedRisk is a risk with its score: likelihood times impact, each rated
// 1 (low), 2 (medium) or 3 (high). A score of 6 or more is a high risk, 3
// or 4 a medium one, 1 or 2 a low one. Every screen and pack ranks risks
// with this one rule.
type RankedRisk struct {
	Risk   Risk   `json:"risk"`
	Score  int    `json:"score"`
	Rating string `json:"rating"` // low, medium, high
}

// High reports whether the risk is rated high.
func (r RankedRisk) High() bool { return r.Score >= 6 }

// RiskScore is likelihood times impact, 1 to 9 (0 for a level not rated).
func RiskScore(rk Risk) int { return levelValue(rk.Likelihood) * levelValue(rk.Impact) }

func levelValue(l Level) int { return slices.Index(Levels, l) + 1 }

func ratingOf(score int) string {
	switch {
	case score >= 6:
		return "high"
	case score >= 3:
		return "medium"
	}
	return "low"
}

// riskStatusOrder puts risks still to deal with first.
var riskStatusOrder = map[string]int{"open": 0, "accepted": 1, "mitigated": 2, "closed": 3}

// RankRisks orders risks for reading: open ones first, then by score
// (highest first), impact, likelihood, and description.
func RankRisks(risks []Risk) []RankedRisk {
	out := make([]RankedRisk, len(risks))
	for i, rk := range risks {
		s := RiskScore(rk)
		out[i] = RankedRisk{Risk: rk, Score: s, Rating: ratingOf(s)}
	}
	slices.SortStableFunc(out, func(a, b RankedRisk) int {
		return cmp.Or(
			cmp.Compare(riskStatusOrder[a.Risk.Status], riskStatusOrder[b.Risk.Status]),
			cmp.Compare(b.Score, a.Score),
			cmp.Compare(levelValue(b.Risk.Impact), levelValue(a.Risk.Impact)),
			cmp.Compare(levelValue(b.Risk.Likelihood), levelValue(a.Risk.Likelihood)),
			cmp.Compare(a.Risk.Description, b.Risk.Description),
		)
	})
	return out
}
