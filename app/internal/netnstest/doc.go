//go:build linux

// Package netnstest runs a test's peers on a LAN of Linux network
// namespaces, for tests that need real networking (mDNS, TCP between
// addresses) without touching the machine's own.
//
// # Design
//
// The test process itself never opens a socket on the LAN. It re-runs its
// own binary (-test.run=^TestNetnsHelper$) as helper children, each cloned
// into a fresh, unnamed network namespace (CLONE_NEWNET) that exists only
// as long as the child does. The role a child plays is in its environment;
// the package's TestNetnsHelper hands it to [Config.RunHelper] with the
// package's [Roles], which dispatches to it:
//
//	func TestNetnsHelper(t *testing.T) {
//		netns.RunHelper(t, netnstest.Roles{"peer": peerChild})
//	}
//
// The LAN: a "hub" child (built in; [Config.StartHub]) holds a bridge.
// Each peer child ([Config.StartPeer], then [Helper.JoinLAN] on its side)
// creates a veth pair inside its own namespace and moves the far end into
// the hub's namespace at once, so that no end ever exists in the root
// namespace; the hub enslaves it to its bridge. The peer gives its end,
// [Iface], the address 10.77.S.(10+n)/24 (and fd77:S::(10+n)/64 when it
// keeps IPv6), where S is [Config.Subnet], a different one for every test
// package: the namespaces of two packages never share a LAN, but distinct
// subnets keep even their logs apart when `go test ./...` runs them side by
// side. A multicast route (224.0.0.0/4) goes to the peer's end, so mDNS
// works.
//
// Children talk to the test over their standard streams: commands in on
// stdin, one a line ([Child.Send], [Helper.Commands]); a closed stdin asks
// the child to quit ([Child.Stop], [Helper.Quit]); [Event]s out on stdout as
// JSON lines ([Helper.Emit]); whatever else either stream carries is kept
// for the log of a failed test. Every wait is bounded ([Wait]), and fails at
// once when a child it depends on has exited.
//
// # Safety rules
//
//   - Never on the machine's real interfaces. A child refuses to run unless
//     it is in a network namespace other than the test process's (passed to
//     it in RR_NETNS_PARENT) and other than pid 1's. Everything a child
//     configures (links, addresses, routes, sysctls under /proc/sys/net) is
//     in its own namespace, or in the hub's for the far end of a veth pair.
//   - The root namespace's interfaces are only ever read: [Config.CheckRoot]
//     lists them before a test and fails the test if they differ after it,
//     once every child is gone.
//   - Nothing is left behind, even when the test is killed. The namespaces
//     are unnamed (nothing under /run/netns), so they and every interface in
//     them go when their last process exits. A child is killed when the test
//     process dies (Pdeathsig: SIGKILL), quits when its stdin closes, lives
//     at most [Config.Life] in any case and runs with a -test.timeout a
//     little beyond that. Cleanup asks each child to quit, waits
//     [Config.Grace], then kills it by its pid, and only it.
//
// The tests need root and the ip command (Debian package iproute2);
// [Config.Skip] skips them otherwise. RR_NETNS_DUMP=1 in the test's
// environment logs everything the children said, not only when a test
// fails.
package netnstest
