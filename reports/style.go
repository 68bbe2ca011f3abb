package reports

import "readyroom/readiness"

// The house style of every report: one palette, one type scale. Colour is
// never the only cue: every pill carries a word.

type rgb struct{ r, g, b int }

var (
	cNavy     = rgb{22, 44, 84}    // cover band, headings' rule
	cAccent   = rgb{44, 88, 178}   // links, bars
	cInk      = rgb{24, 32, 43}    // body text
	cInk2     = rgb{72, 83, 99}    // secondary text, table heads
	cInk3     = rgb{110, 119, 132} // notes, "not filled in"
	cRule     = rgb{220, 224, 230}
	cZebra    = rgb{246, 247, 249}
	cHeadFill = rgb{234, 238, 244}
	cTrack    = rgb{232, 235, 240} // the empty part of a bar
	cWhite    = rgb{255, 255, 255}
	cOnNavy   = rgb{196, 209, 232} // secondary text on the band
)

// tone is a pill's colour family.
type tone uint8

const (
	toneGrey tone = iota
	toneGreen
	toneAmber
	toneRed
	toneBlue
	toneGold
	toneSilver
)

// tones are each tone's background and text colours: dark text on a pale
// ground, readable in greyscale print.
var tones = [...][2]rgb{
	toneGrey:   {{236, 239, 243}, {72, 83, 99}},
	toneGreen:  {{223, 242, 231}, {20, 110, 66}},
	toneAmber:  {{252, 239, 214}, {146, 84, 0}},
	toneRed:    {{252, 228, 226}, {170, 32, 22}},
	toneBlue:   {{225, 236, 251}, {27, 88, 172}},
	toneGold:   {{250, 238, 200}, {128, 90, 0}},
	toneSilver: {{231, 235, 240}, {74, 85, 99}},
}

// textStyle is a face, a size in points and a colour.
type textStyle struct {
	face  face
	size  float64
	color rgb
}

// leading is the height of one line of the style, in millimetres.
func (st textStyle) leading() float64 { return st.size * ptToMM * 1.36 }

// The type scale.
var (
	stCoverKind  = textStyle{bold, 9, cOnNavy}
	stCoverTitle = textStyle{bold, 30, cWhite}
	stCoverSub   = textStyle{regular, 15, cWhite}
	stBandTitle  = textStyle{bold, 18, cWhite} // a report's header band
	stBandSub    = textStyle{regular, 10.5, cOnNavy}
	stBig        = textStyle{bold, 40, cInk}
	stH1         = textStyle{bold, 17, cNavy}
	stH1Compact  = textStyle{bold, 12.5, cNavy} // a top-level section on a full page
	stH2         = textStyle{bold, 11.5, cInk}
	stLead       = textStyle{regular, 10.5, cInk} // a section's opening line
	stBody       = textStyle{regular, 9.5, cInk}
	stBodyBold   = textStyle{bold, 9.5, cInk}
	stNote       = textStyle{oblique, 8.5, cInk3}
	stCell       = textStyle{regular, 8.5, cInk}
	stCellBold   = textStyle{bold, 8.5, cInk}
	stCellMuted  = textStyle{regular, 8, cInk3}
	stCellLink   = textStyle{regular, 8, cAccent}
	stCellNote   = textStyle{oblique, 8, cInk2}
	stCellRed    = textStyle{bold, 8.5, tones[toneRed][1]} // "Overdue" under a date
	stLabel      = textStyle{bold, 7, cInk2}               // table heads, fact labels
	stPill       = textStyle{bold, 7.5, cInk}
	stRunning    = textStyle{regular, 7.5, cInk3} // header and footer
	stFactValue  = textStyle{bold, 10, cInk}
	stTileNumber = textStyle{bold, 20, cInk}
)

func statusTone(s readiness.Status) tone {
	switch s {
	case readiness.Done:
		return toneGreen
	case readiness.InProgress:
		return toneBlue
	case readiness.Blocked:
		return toneRed
	}
	return toneGrey
}

func ragTone(r readiness.RAG) tone {
	switch r {
	case readiness.Green:
		return toneGreen
	case readiness.Amber:
		return toneAmber
	case readiness.Red:
		return toneRed
	}
	return toneGrey
}

// ragWord is a rating as a word, for pills and text.
func ragWord(r readiness.RAG) string {
	switch r {
	case readiness.Green:
		return "Green"
	case readiness.Amber:
		return "Amber"
	case readiness.Red:
		return "Red"
	}
	return "Unrated"
}

func tierTone(t readiness.Tier) tone {
	if t == readiness.Gold {
		return toneGold
	}
	return toneSilver
}

func tierName(t readiness.Tier) string { return readiness.TierLabel(t) }

// ratingTone colours a risk's rating (readiness.RankedRisk.Rating).
func ratingTone(rating string) tone {
	switch rating {
	case "high":
		return toneRed
	case "medium":
		return toneAmber
	case "low":
		return toneGreen
	}
	return toneGrey
}
