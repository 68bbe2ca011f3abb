package app

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// teamCommand runs team, share and peers.
func teamCommand(c Control, cmd Command, w io.Writer) error {
	switch cmd.Name {
	case "share":
		t, err := c.Share(cmd.Args[0], cmd.Args[1])
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "shared %s with %s (%d members)\n", cmd.Args[0], t.Name, activeMembers(t))
		return err
	case "peers":
		st, err := c.Peers()
		if err != nil {
			return err
		}
		if cmd.JSON {
			return printJSON(w, st.Peers)
		}
		fmt.Fprintf(w, "this device: %s (%s)\n", st.Device, st.Name)
		if len(st.Peers) == 0 {
			fmt.Fprintln(w, "no devices seen or paired yet")
		}
		for _, p := range st.Peers {
			name := p.Name
			if !p.Paired {
				name = "(not paired)"
			}
			sync := "never synced"
			if p.LastSync != nil {
				sync = "synced " + p.LastSync.Local().Format(time.DateTime)
			}
			fmt.Fprintf(w, "%s  %-20s %-24s %s %s\n", p.Short, name, strings.Join(p.Addrs, ","), sync, p.Error)
		}
		return nil
	}
	switch cmd.Args[0] {
	case "create":
		t, err := c.CreateTeam(cmd.Args[1])
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(w, t.ID)
		return err
	case "invite":
		inv, err := c.Invite(cmd.Args[1])
		if err != nil {
			return err
		}
		if cmd.JSON {
			return printJSON(w, inv)
		}
		_, err = fmt.Fprintf(w, "%s\non the joining device: readyroom team join --device %s --code %s\n", inv.Code, inv.Device, inv.Code)
		return err
	case "join":
		t, err := c.Join(cmd.Device, cmd.Addr, cmd.Code)
		if err != nil {
			return err
		}
		if cmd.JSON {
			return printJSON(w, t)
		}
		_, err = fmt.Fprintf(w, "joined %s (%s): %d members\n", t.Name, t.ID, activeMembers(t))
		return err
	case "members":
		ms, err := c.Members(cmd.Args[1])
		if err != nil {
			return err
		}
		if cmd.JSON {
			return printJSON(w, ms)
		}
		for _, m := range ms {
			state := ""
			if m.Removed {
				state = "  (removed)"
			} else if m.Self {
				state = "  (this device)"
			}
			fmt.Fprintf(w, "%s  %s%s\n", m.Device, m.Name, state)
		}
		return nil
	case "remove":
		t, err := c.RemoveMember(cmd.Args[1], cmd.Args[2])
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "removed %s from %s\n", cmd.Args[2], t.Name)
		return err
	}
	return fmt.Errorf("%w: unknown team command %q", ErrUsage, cmd.Args[0])
}

func activeMembers(t TeamView) int {
	n := 0
	for _, m := range t.Members {
		if !m.Removed {
			n++
		}
	}
	return n
}

// runPeer is the headless peer: discovery, sync and the control socket, no
// window, until SIGINT or SIGTERM.
func runPeer(cmd Command, w io.Writer) error {
	logger := log.New(os.Stderr, "readyroom peer: ", log.LstdFlags)
	in, err := Open(cmd.DataDir, Options{
		Network: &NetworkOptions{Listen: cmd.Listen, Iface: cmd.Iface, PullInterval: cmd.PullInterval},
		Control: true, Backups: true, Logger: logger,
	})
	if err != nil {
		return err
	}
	defer in.Close()
	if cmd.PeerName != "" {
		if err := in.Records.SetAuthor(cmd.PeerName); err != nil {
			return fmt.Errorf("--name: %w", err)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, _ := in.Network.Status()
	fmt.Fprintf(w, "peer %s (%s) listening on %s\n", st.Device, st.Name, st.Listening)
	if st.DiscoveryNote != "" {
		fmt.Fprintln(w, st.DiscoveryNote)
	}
	<-ctx.Done()
	return nil
}
