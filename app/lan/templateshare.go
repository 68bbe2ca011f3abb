package lan

import (
	"encoding/json"
	"fmt"
	"slices"

	"readyroom/readiness"
)

// Templates shared with a team on their own, without a record: a squad's
// members pull every version of them (GET /v1/teams/{team}/templates lists
// them; each version then comes by its digest, checked, as a record's
// template does), so that their new records can use them.

// MaxSharedTemplates bounds the template versions a team's list may name.
const MaxSharedTemplates = 256

// templateList is the answer to a shared-templates request.
type templateList struct {
	Templates []readiness.TemplateRef `json:"templates"`
}

func templateShareKey(team TeamID) string { return prefixTShare + string(team) }

// SharedTemplates lists the ids of the templates this device shares with
// a team.
func (n *Node) SharedTemplates(team TeamID) ([]string, error) {
	b, err := n.state.Get(templateShareKey(team))
	if err != nil || b == nil {
		return []string{}, err
	}
	var ids []string
	if err := json.Unmarshal(b, &ids); err != nil {
		return nil, fmt.Errorf("reading the templates shared with team %s: %w", team, err)
	}
	return ids, nil
}

// ShareTemplate shares (or stops sharing) every version of one of the
// organisation's templates with a team, and tells its members.
func (n *Node) ShareTemplate(template string, team TeamID, shared bool) (Team, error) {
	t, err := n.Team(team)
	if err != nil {
		return t, err
	}
	if !t.IsMember(n.id.ID) {
		return t, ErrRemoved
	}
	if readiness.IsShipped(template) {
		return t, fmt.Errorf("%s comes with Ready Room: every member has it already", template)
	}
	if refs, err := n.changes.TemplateVersions([]string{template}); err != nil {
		return t, err
	} else if len(refs) == 0 && shared {
		return t, fmt.Errorf("template %s has no published version to share: %w", template, readiness.ErrNotFound)
	}
	err = n.state.Update(templateShareKey(team), func(old []byte) ([]byte, error) {
		var ids []string
		if old != nil {
			if err := json.Unmarshal(old, &ids); err != nil {
				return nil, err
			}
		}
		ids = slices.DeleteFunc(ids, func(id string) bool { return id == template })
		if shared {
			ids = append(ids, template)
			slices.Sort(ids)
		}
		if len(ids) == 0 {
			return nil, nil
		}
		return json.Marshal(ids)
	})
	if err != nil {
		return t, err
	}
	if shared {
		n.puller.pokeTeam(t)
	}
	return t, nil
}
