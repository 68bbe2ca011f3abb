package lan

import "errors"

var (
	// ErrNotFound is what a device that is not a member of a team hears about
	// it: the same answer as for a team that does not exist.
	ErrNotFound = errors.New("no such team here, or this device is not a member")
	// ErrInviteFormat is returned for a code that cannot be an invite code.
	ErrInviteFormat = errors.New("not an invite code")
	// ErrInviteRefused is returned when an invite code is wrong, used,
	// expired or revoked; the inviter says no more than that to the joiner.
	ErrInviteRefused = errors.New("invite code not accepted")
	// ErrPinMismatch is returned when a peer's certificate is not the one
	// pinned for it; the connection is dropped before anything is sent.
	ErrPinMismatch = errors.New("the peer's certificate is not the one pinned for it")
	// ErrTooLarge is returned when a peer sends more than the protocol allows.
	ErrTooLarge = errors.New("the peer sent more than the protocol allows")
	// ErrProtocol is returned when a peer's answer is malformed.
	ErrProtocol = errors.New("the peer's answer is not Ready Room protocol")
	// ErrRemoved is returned when this device was removed from a team.
	ErrRemoved = errors.New("this device was removed from the team")
	// ErrUnreachable is returned when no address of a peer answers.
	ErrUnreachable = errors.New("the peer cannot be reached")
	// ErrIdentity is returned when the device's key and certificate in the
	// data directory cannot be used as they are; nothing is written then,
	// and the message says what is wrong and how to restore them.
	ErrIdentity = errors.New("the device identity cannot be used")
	// ErrNoIdentity is returned when a data directory opened for reading
	// only has no device identity yet (one is made when Ready Room first
	// runs with it open for writing).
	ErrNoIdentity = errors.New("this data directory has no device identity yet")
)
