//go:build linux

package netnstest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Child is the test's handle on one helper process in its own network
// namespace.
type Child struct {
	Name string // for messages: "hub", "peer1"

	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr lines

	mu     sync.Mutex
	events []Event
	other  []string      // stdout lines that are not events (the test framework's)
	exited chan struct{} // closed once the process has been waited for
	err    error         // from Wait, set before exited is closed
}

// Start starts the test binary again as a helper child with that role, in
// a new network namespace, with env added to the test's environment.
// Cleanup asks it to quit, waits Grace for it, and then kills it (by its
// pid), failing the test if it had to.
func (c Config) Start(t testing.TB, name, role string, env ...string) *Child {
	t.Helper()
	ch := &Child{Name: name, exited: make(chan struct{})}
	ch.cmd = exec.Command(os.Args[0], "-test.run=^"+HelperTest+"$", "-test.count=1", "-test.timeout="+(c.Life+30*time.Second).String())
	parentNS, err := os.Readlink("/proc/self/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	ch.cmd.Env = append(os.Environ(),
		parentEnv+"="+parentNS,
		roleEnv+"="+role,
		// A race-enabled binary otherwise sleeps a second at exit.
		"GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	ch.cmd.Env = append(ch.cmd.Env, env...)
	ch.cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET, Pdeathsig: syscall.SIGKILL}
	ch.cmd.Stderr = &ch.stderr
	if ch.stdin, err = ch.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := ch.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.cmd.Start(); err != nil {
		t.Fatalf("starting the %s child in a new network namespace: %v", name, err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var ev Event
			line := sc.Text()
			ch.mu.Lock()
			if strings.HasPrefix(line, "{") && json.Unmarshal([]byte(line), &ev) == nil {
				ch.events = append(ch.events, ev)
			} else {
				ch.other = append(ch.other, line)
			}
			ch.mu.Unlock()
		}
		ch.err = ch.cmd.Wait()
		close(ch.exited)
	}()
	t.Cleanup(func() {
		if !ch.Stop(c.Grace) {
			t.Errorf("%s child (pid %d) did not exit in time; killed it", name, ch.Pid())
		}
		if t.Failed() || os.Getenv(dumpEnv) != "" {
			ch.dump(t)
		}
	})
	return ch
}

// StartHub starts the hub child and waits for its bridge.
func (c Config) StartHub(t testing.TB) *Child {
	t.Helper()
	hub := c.Start(t, "hub", "hub")
	Wait(t, "the hub's bridge", 5*time.Second, 20*time.Millisecond, []*Child{hub}, func() (bool, string) {
		_, ok := hub.Event("ready")
		return ok, "no bridge yet"
	})
	return hub
}

// StartPeer starts a helper child with that role as peer n on the hub's
// LAN: its side calls Helper.JoinLAN. It returns at once.
func (c Config) StartPeer(t testing.TB, hub *Child, n int, name, role string, env ...string) *Child {
	t.Helper()
	return c.Start(t, name, role, slices.Concat([]string{
		peerEnv + "=" + strconv.Itoa(n),
		hubEnv + "=" + strconv.Itoa(hub.Pid()),
	}, env)...)
}

// Pid is the child's process id.
func (c *Child) Pid() int { return c.cmd.Process.Pid }

// Send writes one command line to the child.
func (c *Child) Send(t testing.TB, cmd string) {
	t.Helper()
	if _, err := io.WriteString(c.stdin, cmd+"\n"); err != nil {
		t.Fatalf("telling the %s child %q: %v", c.Name, cmd, err)
	}
}

// Stop closes the child's stdin, which asks it to quit, and waits up to
// grace before killing it (by its pid). It reports whether the child quit
// by itself. Stopping a child that has exited does nothing.
func (c *Child) Stop(grace time.Duration) bool {
	c.stdin.Close()
	select {
	case <-c.exited:
		return true
	case <-time.After(grace):
	}
	c.cmd.Process.Kill()
	<-c.exited
	return false
}

// Exited is closed once the child has exited.
func (c *Child) Exited() <-chan struct{} { return c.exited }

// Err is how the child exited (nil: status 0), once Exited is closed; nil
// before.
func (c *Child) Err() error {
	select {
	case <-c.exited:
		return c.err
	default:
		return nil
	}
}

// Gone says why the child can no longer answer, or "".
func (c *Child) Gone() string {
	select {
	case <-c.exited:
		return fmt.Sprintf("the %s child exited: %v", c.Name, c.err)
	default:
		return ""
	}
}

// Events is a copy of the events so far.
func (c *Child) Events() []Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.events)
}

// Event returns the first event of that kind, if any.
func (c *Child) Event(kind string) (Event, bool) {
	for _, ev := range c.Events() {
		if ev.Kind == kind {
			return ev, true
		}
	}
	return Event{}, false
}

// dump logs what the child said.
func (c *Child) dump(t testing.TB) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t.Logf("--- %s child: exit %v", c.Name, c.Err())
	for _, ev := range c.events {
		b, _ := json.Marshal(ev)
		t.Logf("%s> %s", c.Name, b)
	}
	for _, l := range c.other {
		t.Logf("%s| %s", c.Name, l)
	}
	for _, l := range c.stderr.all() {
		t.Logf("%s! %s", c.Name, l)
	}
}

// lines collects a stream's lines; safe to read while it is written.
type lines struct {
	mu      sync.Mutex
	partial []byte
	done    []string
}

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		l.done = append(l.done, string(l.partial[:i]))
		l.partial = l.partial[i+1:]
	}
	return len(p), nil
}

func (l *lines) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := slices.Clone(l.done)
	if len(l.partial) > 0 {
		out = append(out, string(l.partial))
	}
	return out
}
