package templatefmt

import "readyroom/readiness"

func readMarkdown(name string, b []byte, opt Options, bs *base) (draft, error) {
	_ = readiness.Gold
	return draft{}, refuse(ErrUnsupported, "todo")
}
