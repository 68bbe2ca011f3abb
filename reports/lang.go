package reports

// A record has no language of its own (readiness.Record holds none), so a
// PDF's /Lang is read from its text: the script most of its letters are
// written in, counted over everything drawn. Where that script names a
// language (Hebrew, Arabic, Greek, kana, hangul, Chinese characters, Thai,
// Armenian, Georgian) the document says that language; otherwise English,
// the language of the packs' own headings and labels (Latin letters do not
// tell English from German, nor Cyrillic Russian from Ukrainian).

// script is a writing system the counter tells apart.
type script uint8

const (
	scriptOther script = iota // Latin, Cyrillic and the rest: English
	scriptHebrew
	scriptArabic
	scriptGreek
	scriptKana
	scriptHangul
	scriptHan
	scriptThai
	scriptArmenian
	scriptGeorgian
	nScripts
)

var scriptLang = [nScripts]string{
	scriptOther: "en", scriptHebrew: "he", scriptArabic: "ar", scriptGreek: "el", scriptKana: "ja",
	scriptHangul: "ko", scriptHan: "zh", scriptThai: "th", scriptArmenian: "hy", scriptGeorgian: "ka",
}

// scriptCount counts letters by script.
type scriptCount [nScripts]int

// add counts the letters of s.
func (c *scriptCount) add(s string) {
	ascii := 0
	for i := 0; i < len(s); i++ {
		if b := s[i] | 0x20; b >= 'a' && b <= 'z' {
			ascii++
		}
	}
	c[scriptOther] += ascii
	if plainASCII(s) {
		return
	}
	for _, r := range s {
		if r < 0x370 {
			if r >= 0xC0 && r != 0xD7 && r != 0xF7 {
				c[scriptOther]++ // Latin letters with accents
			}
			continue
		}
		c[scriptOf(r)]++
	}
}

// scriptOf is the script of a letter above U+036F; scriptOther for what is
// not a letter of one of the scripts counted.
func scriptOf(r rune) script {
	switch {
	case r >= 0x0370 && r <= 0x03FF, r >= 0x1F00 && r <= 0x1FFF:
		return scriptGreek
	case r >= 0x0531 && r <= 0x058F:
		return scriptArmenian
	case r >= 0x05D0 && r <= 0x05EA, r >= 0xFB1D && r <= 0xFB4F:
		return scriptHebrew
	case r >= 0x0620 && r <= 0x064A, r >= 0x066E && r <= 0x06FF, r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFC:
		return scriptArabic
	case r >= 0x0E01 && r <= 0x0E5B:
		return scriptThai
	case r >= 0x10A0 && r <= 0x10FF:
		return scriptGeorgian
	case r >= 0x3041 && r <= 0x30FF, r >= 0xFF66 && r <= 0xFF9D:
		return scriptKana
	case r >= 0x1100 && r <= 0x11FF, r >= 0xAC00 && r <= 0xD7A3, r >= 0x3131 && r <= 0x318E:
		return scriptHangul
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF, r >= 0x20000 && r <= 0x2FFFF:
		return scriptHan
	}
	return scriptOther
}

// lang is the BCP 47 tag of the script with the most letters. Japanese
// writes kana among its Chinese characters, so any kana makes the
// characters Japanese.
func (c *scriptCount) lang() string {
	n := *c
	if n[scriptKana] > 0 {
		n[scriptKana] += n[scriptHan]
		n[scriptHan] = 0
	}
	best := scriptOther
	for s := range nScripts {
		if n[s] > n[best] {
			best = s
		}
	}
	return scriptLang[best]
}
