package app

import (
	"errors"

	"readyroom/app/lan"
)

// errNoNetwork is returned by the LAN methods when this window runs without
// a network (a problem window, or bindings generation).
var errNoNetwork = errors.New("sharing on the network is not running in this window")

// AttachNetwork connects the LAN service to the window: its events become
// window events.
// (A function, not a method, so that the window cannot call it.)
func AttachNetwork(a *App, n *Network) {
	a.network = n
	n.OnEvent(func(e lan.Event) {
		switch e.Kind {
		case lan.EventPeers:
			a.notify(EventPeersChanged)
		case lan.EventTeams:
			a.notify(EventTeamsChanged)
		}
		// Records pulled from a peer reach the window from the store.
	})
}

func (a *core) net() (*Network, error) {
	if a.network == nil {
		return nil, errNoNetwork
	}
	return a.network, nil
}

// NetworkStatus returns this device and every device seen or paired.
func (a *NetworkService) NetworkStatus() (NetworkStatus, error) {
	n, err := a.net()
	if err != nil {
		return NetworkStatus{}, err
	}
	return n.Status()
}

// Teams lists this device's teams.
func (a *NetworkService) Teams() ([]TeamView, error) {
	n, err := a.net()
	if err != nil {
		return nil, err
	}
	return n.Teams()
}

// CreateTeam starts a team with this device in it.
func (a *NetworkService) CreateTeam(name string) (TeamView, error) {
	n, err := a.net()
	if err != nil {
		return TeamView{}, err
	}
	return n.CreateTeam(name)
}

// InviteToTeam makes a one-time invite code, valid for ten minutes.
func (a *NetworkService) InviteToTeam(team string) (InviteView, error) {
	n, err := a.net()
	if err != nil {
		return InviteView{}, err
	}
	return n.Invite(team)
}

// JoinTeam pairs with the inviting device, chosen from those seen on the
// network (device) or typed as host:port (addr), using its invite code.
func (a *NetworkService) JoinTeam(device, addr, code string) (TeamView, error) {
	n, err := a.net()
	if err != nil {
		return TeamView{}, err
	}
	return n.Join(device, addr, code)
}

// RemoveTeamMember removes a device from a team, for every member.
func (a *NetworkService) RemoveTeamMember(team, device string) (TeamView, error) {
	n, err := a.net()
	if err != nil {
		return TeamView{}, err
	}
	return n.RemoveMember(team, device)
}

// ShareRecord shares a record with a team, or stops sharing it.
func (a *NetworkService) ShareRecord(record, team string, shared bool) (TeamView, error) {
	n, err := a.net()
	if err != nil {
		return TeamView{}, err
	}
	v, err := n.Share(record, team, shared)
	if err == nil { // the record's sharing, not its content, changed
		a.notify(EventTeamsChanged)
	}
	return v, err
}

// TemplateTeams lists the teams a template can be shared with, and
// whether it is.
func (a *NetworkService) TemplateTeams(template string) ([]RecordTeam, error) {
	n, err := a.net()
	if err != nil {
		return nil, err
	}
	return n.TemplateTeams(template)
}

// ShareTemplate shares every version of one of the organisation's
// templates with a team (its members' new records can use it), or stops.
func (a *NetworkService) ShareTemplate(template, team string, shared bool) error {
	n, err := a.net()
	if err != nil {
		return err
	}
	return n.ShareTemplate(template, team, shared)
}

// RecordTeams lists the teams a record can be shared with.
func (a *NetworkService) RecordTeams(record string) ([]RecordTeam, error) {
	n, err := a.net()
	if err != nil {
		return nil, err
	}
	return n.RecordTeams(record)
}

// SyncNow pulls from every paired peer now.
func (a *NetworkService) SyncNow() error {
	n, err := a.net()
	if err != nil {
		return err
	}
	n.node.SyncNow()
	return nil
}
