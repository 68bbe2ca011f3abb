//go:build unix

package app

import (
	"net"
	"os"
	"syscall"
)

// listenPrivate listens on a unix socket that only this user can connect
// to: it is created with mode 0600 (the umask is tightened around the call,
// so there is no moment when others could connect), and checked after.
func listenPrivate(path string) (net.Listener, error) {
	old := syscall.Umask(0o077)
	l, err := net.Listen("unix", path)
	syscall.Umask(old)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		l.Close()
		return nil, err
	}
	// The socket file is removed by ServeControl's stop, and only while it
	// is still this listener's; closing must not unlink whatever is at the
	// path by then (another instance's socket).
	if ul, ok := l.(*net.UnixListener); ok {
		ul.SetUnlinkOnClose(false)
	}
	return l, nil
}
