#!/usr/bin/env bash
# Desktop notification test of the production binary (build it with `make build`).
#
#   build/scripts/notify.sh        (run by `make smoke` after smoke.sh)
#
# Under a private Xvfb, a private D-Bus session bus and a real notification
# daemon (dunst), with the example records and one checklist item of this
# user's overdue, it checks that
#   1. the window sends the day's digest as a desktop notification within 30 s
#      (seen on the bus: org.freedesktop.Notifications.Notify with its title),
#   2. the daemon shows it (dunstctl counts it),
#   3. it is sent once: a second check five seconds later sends nothing more.
# READYROOM_REMINDERS=now makes the first check a second after start and the
# digest due whatever the hour. Prints PASS/FAIL lines, then "N passed, N failed".
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

BIN="${READYROOM_BIN:-$ROOT/build/bin/readyroom}"
[ -x "$BIN" ] || die "$BIN not found: build it first with 'make build'"
need dbus-daemon "a private session bus for the notification test"
need dbus-monitor "watches the notifications sent on the bus"
need dunst "a real notification daemon"
need dunstctl "asks the daemon what it shows"

dir="$OUT/notify"
mkdir -p "$dir"
rm -f "$dir"/*.log
make_temp_dir tmp readyroom-notify
data="$tmp/data"
XVFB_LOG="$dir/xvfb.log" xvfb_start
app_env "$tmp/env"

# The example records, and an item of this user's (the author name the app
# takes from the account) overdue since yesterday.
"$BIN" demo --data "$data" >/dev/null || die "readyroom demo failed"
me=$(id -un)
record=$("$BIN" list --json --data "$data" | sed -n 's/^ *"id": "\([0-9A-Z]\{26\}\)".*/\1/p' | head -n1)
[ -n "$record" ] || die "no record id in readyroom list --json"
yesterday=$(date -d yesterday +%F)
"$BIN" item set "$record" COM-01 --owner "$me" --due "$yesterday" --status in-progress --data "$data" >/dev/null ||
  die "could not make an item overdue"

# A session bus of our own, and the daemon on it.
read -r bus_addr bus_pid < <(dbus-daemon --session --fork --nopidfile --print-address=1 --print-pid=1 | paste -sd' ')
[ -n "${bus_pid:-}" ] || die "dbus-daemon did not start"
export DBUS_SESSION_BUS_ADDRESS="$bus_addr"
stop_bus() { kill -TERM "$bus_pid" 2>/dev/null || true; }
on_exit stop_bus
mkdir -p "$XDG_CONFIG_HOME/dunst"
: > "$XDG_CONFIG_HOME/dunst/dunstrc" # the defaults
dunst >"$dir/dunst.log" 2>&1 </dev/null &
DUNST_PID=$!
stop_dunst() { stop_pid "$DUNST_PID" 2 || true; }
on_exit stop_dunst
for ((i = 0; i < 100; i++)); do # 5 s for the daemon to own its name
  dunstctl count displayed >/dev/null 2>&1 && break
  sleep 0.05
done
dunstctl count displayed >/dev/null 2>&1 || die "dunst did not start (log: $dir/dunst.log)"
dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" >"$dir/bus.log" 2>&1 &
MON_PID=$!
stop_mon() { stop_pid "$MON_PID" 1 || true; }
on_exit stop_mon

READYROOM_REMINDERS=now "$BIN" --data "$data" >"$dir/app.log" 2>&1 </dev/null &
APP_PID=$!
stop_app() { [ -n "$APP_PID" ] && { stop_pid "$APP_PID" 2 || true; }; APP_PID=; }
on_exit stop_app

# 1. the digest on the bus
t0=$(now_ns)
for ((i = 0; i < 600; i++)); do # 30 s
  grep -q 'string "Ready Room: today"' "$dir/bus.log" 2>/dev/null && break
  alive "$APP_PID" || break
  sleep 0.05
done
if grep -q 'string "Ready Room: today"' "$dir/bus.log"; then
  body=$(grep -A1 'string "Ready Room: today"' "$dir/bus.log" | tail -n1 | sed 's/^ *string //')
  pass "digest notification sent after $(ms_since "$t0") ms: $body"
else
  fail "no notification on the bus within 30 s (app log: $dir/app.log, bus log: $dir/bus.log)"
fi

# 2. the daemon shows it
shown=$(( $(dunstctl count displayed 2>/dev/null || echo 0) + $(dunstctl count history 2>/dev/null || echo 0) ))
if [ "$shown" -ge 1 ]; then
  pass "dunst shows $shown notification(s)"
else
  fail "dunst shows no notification (dunst log: $dir/dunst.log)"
fi

# 3. once: nothing more at the next check (the schedule checks every 5 minutes;
# a restart checks again a second after start and must send nothing new).
stop_app
before=$(grep -c 'member=Notify' "$dir/bus.log")
READYROOM_REMINDERS=now "$BIN" --data "$data" >>"$dir/app.log" 2>&1 </dev/null &
APP_PID=$!
sleep 6
after=$(grep -c 'member=Notify' "$dir/bus.log")
if alive "$APP_PID" && [ "$after" -eq "$before" ]; then
  pass "restarted, nothing sent twice ($before notification(s) in all)"
else
  fail "after a restart: $((after - before)) more notification(s), app alive: $(alive "$APP_PID" && echo yes || echo no)"
fi
stop_app

summary
