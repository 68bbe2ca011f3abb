package app

import (
	"github.com/oklog/ulid/v2"

	"readyroom/readiness"
)

// entityID returns the given id checked, or a new one for "".
func entityID(s string) (readiness.EntityID, error) {
	if s == "" {
		return readiness.EntityID(ulid.Make().String()), nil
	}
	return readiness.ParseEntityID(s)
}
