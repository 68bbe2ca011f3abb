package readiness

import "fmt"

// Tier is how much due diligence a release gets: gold for large or risky
// releases, silver for lighter ones.
type Tier string

const (
	Gold   Tier = "gold"
	Silver Tier = "silver"
)

// ParseTier accepts "gold" or "silver".
func ParseTier(s string) (Tier, error) {
	switch Tier(s) {
	case Gold, Silver:
		return Tier(s), nil
	}
	return "", fmt.Errorf("tier %q is not gold or silver", s)
}

// Answers are the squad's answers to the tier questionnaire.
type Answers struct {
	CustomerFacing   bool `json:"customerFacing"`
	IrreversibleData bool `json:"irreversibleData"`
	NewSupplier      bool `json:"newSupplier"`
	SensitiveData    bool `json:"sensitiveData"`
	SeveralSquads    bool `json:"severalSquads"`
	OutOfHours       bool `json:"outOfHours"`
}

// Question is one question of the tier questionnaire, as the UI shows it.
type Question struct {
	Key    string `json:"key"`
	Text   string `json:"text"`
	Reason string `json:"reason"` // shown when answered yes
	Strong bool   `json:"strong"` // a yes alone recommends Gold
}

// Questions lists the questionnaire in the order it is asked.
var Questions = []Question{
	{"customerFacing", "Will customers notice the change (new journeys, changed screens, downtime)?", "customers will notice the change", false},
	{"irreversibleData", "Does it change data or a schema in a way that cannot simply be rolled back?", "a data or schema change cannot simply be rolled back", true},
	{"newSupplier", "Does it bring in a new supplier, third party or external dependency?", "a new supplier or third party is involved", false},
	{"sensitiveData", "Does it touch payments or personal data?", "payments or personal data are touched", true},
	{"severalSquads", "Do several squads have to release or act together?", "several squads must coordinate", false},
	{"outOfHours", "Could it cause impact out of hours, or is it released out of hours?", "there may be out-of-hours impact", false},
}

func (a Answers) yes(key string) bool {
	switch key {
	case "customerFacing":
		return a.CustomerFacing
	case "irreversibleData":
		return a.IrreversibleData
	case "newSupplier":
		return a.NewSupplier
	case "sensitiveData":
		return a.SensitiveData
	case "severalSquads":
		return a.SeveralSquads
	case "outOfHours":
		return a.OutOfHours
	}
	return false
}

// Recommendation is the tier the questionnaire recommends and why.
type Recommendation struct {
	Tier    Tier     `json:"tier"`
	Reasons []string `json:"reasons"`
	Summary string   `json:"summary"`
	// History is what the service's track record says, when it says
	// anything (see RecommendWith).
	History string `json:"history,omitempty"`
	// StandardTemplate names the organisation's standard-change template
	// (id and name) when the service's track record earns it.
	StandardTemplate     string `json:"standardTemplate,omitempty"`
	StandardTemplateName string `json:"standardTemplateName,omitempty"`
}

// Recommend applies the questionnaire rule: Gold when any strong factor
// (irreversible data change, payments or personal data) is present or when
// two or more factors are; Silver otherwise. The rule is deliberately simple
// so that a squad can explain it.
func Recommend(a Answers) Recommendation {
	reasons := []string{}
	strong := false
	for _, q := range Questions {
		if a.yes(q.Key) {
			reasons = append(reasons, q.Reason)
			strong = strong || q.Strong
		}
	}
	r := Recommendation{Tier: Silver, Reasons: reasons}
	switch {
	case strong:
		r.Tier = Gold
		r.Summary = "Gold: at least one answer alone calls for full due diligence."
	case len(reasons) >= 2:
		r.Tier = Gold
		r.Summary = fmt.Sprintf("Gold: %d risk factors together call for full due diligence.", len(reasons))
	case len(reasons) == 1:
		r.Summary = "Silver: one risk factor, none that alone calls for Gold."
	default:
		r.Summary = "Silver: no risk factor that calls for Gold."
	}
	return r
}
