package readiness

import "testing"

func TestRecommend(t *testing.T) {
	cases := []struct {
		name    string
		a       Answers
		want    Tier
		reasons int
	}{
		{"nothing", Answers{}, Silver, 0},
		{"one weak factor", Answers{CustomerFacing: true}, Silver, 1},
		{"two weak factors", Answers{CustomerFacing: true, OutOfHours: true}, Gold, 2},
		{"irreversible data alone", Answers{IrreversibleData: true}, Gold, 1},
		{"personal data alone", Answers{SensitiveData: true}, Gold, 1},
		{"everything", Answers{true, true, true, true, true, true}, Gold, 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Recommend(c.a)
			if r.Tier != c.want || len(r.Reasons) != c.reasons || r.Summary == "" {
				t.Fatalf("Recommend(%+v) = %+v, want %s with %d reasons", c.a, r, c.want, c.reasons)
			}
		})
	}
}

func TestQuestionsCoverAnswers(t *testing.T) {
	all := Answers{true, true, true, true, true, true}
	for _, q := range Questions {
		if !all.yes(q.Key) {
			t.Errorf("question %q has no answer field", q.Key)
		}
	}
	if len(Questions) != 6 {
		t.Errorf("%d questions, want 6", len(Questions))
	}
}
