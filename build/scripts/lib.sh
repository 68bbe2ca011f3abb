# Shared helpers for smoke.sh, e2e.sh and bench.sh. Source it; do not run it.
#
# Everything started here is tracked by pid and stopped by pid in an EXIT trap:
# the scripts never kill processes by name.

# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck disable=SC2034  # used by the scripts that source this file
OUT="$ROOT/build/out"
SCRIPT_NAME="$(basename "$0" .sh)"
# Apps started by the test scripts never announce themselves on the machine's
# real networks: no mDNS discovery, and peers only on loopback, any free port.
export READYROOM_IFACE="${READYROOM_IFACE:-off}" READYROOM_LISTEN="${READYROOM_LISTEN:-127.0.0.1:0}"

log() { printf '%s: %s\n' "$SCRIPT_NAME" "$*"; }
warn() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; }
die() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }

now_ns() { date +%s%N; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000000 )); }

need() { # need TOOL WHY
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed ($2); run build/scripts/setup.sh"
}

# --- checks: "N passed, N failed" -----------------------------------------
PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); printf 'PASS %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL %s\n' "$*"; }
summary() { printf '%d passed, %d failed\n' "$PASSED" "$FAILED"; [ "$FAILED" -eq 0 ]; }

# --- cleanup: run registered commands, last first, on any exit -------------
_CLEANUPS=()
on_exit() { _CLEANUPS+=("$*"); }
_run_cleanups() {
  local rc=$? i
  trap - EXIT INT TERM HUP
  for ((i = ${#_CLEANUPS[@]} - 1; i >= 0; i--)); do
    eval "${_CLEANUPS[$i]}" || true
  done
  exit "$rc"
}
trap _run_cleanups EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# A fresh temporary directory, removed on exit. Sets the variable named $1.
make_temp_dir() { # make_temp_dir VAR PREFIX
  local d
  d="$(mktemp -d "${TMPDIR:-/tmp}/$2.XXXXXX")"
  on_exit "rm -rf '$d'"
  printf -v "$1" '%s' "$d"
}

# --- processes ---------------------------------------------------------------
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null && ! _zombie "$1"; }
_zombie() { [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]; }

# descendants PID: every process whose ppid chain leads to PID (not PID itself).
descendants() {
  local root=$1
  awk -v root="$root" '
    { pid = $1; ppid = $2; parent[pid] = ppid }
    END {
      for (p in parent) {
        q = parent[p]; n = 0
        while (q != "" && q != 0 && q != root && n < 64) { q = parent[q]; n++ }
        if (q == root) print p
      }
    }' < <(for s in /proc/[0-9]*/stat; do
             # comm may contain spaces and parentheses: cut after the last ")".
             { read -r line < "$s"; } 2>/dev/null || continue
             pid=${line%% *}; rest=${line##*) }
             read -r _ ppid _ <<< "$rest"
             echo "$pid $ppid"
           done) | sort -n
}

# stop_pid PID [GRACE_SECONDS]: SIGTERM, wait up to GRACE (default 5) seconds,
# then SIGKILL. Returns 0 if it went on SIGTERM, 1 if it needed SIGKILL.
stop_pid() {
  local pid=$1 grace=${2:-5} i
  alive "$pid" || { wait "$pid" 2>/dev/null; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 20; i++)); do
    alive "$pid" || { wait "$pid" 2>/dev/null; return 0; }
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null
  return 1
}

# reap_leftovers PID...: the given pids (recorded descendants of a process
# this script started) that are still running after 5 s are killed, by pid.
# Prints how many were left over.
reap_leftovers() {
  local left=() p i
  for ((i = 0; i < 100; i++)); do
    left=()
    for p in "$@"; do alive "$p" && left+=("$p"); done
    [ ${#left[@]} -eq 0 ] && break
    sleep 0.05
  done
  for p in "${left[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  echo "${#left[@]}"
}

# --- Xvfb ------------------------------------------------------------------------
# xvfb_start: starts Xvfb 1280x800x24 on a free display (Xvfb picks it itself
# with -displayfd, so two runs never race for a number), exports DISPLAY and
# sets XVFB_PID. Stopped on exit.
XVFB_PID=
xvfb_start() {
  need Xvfb "virtual X display"
  local fdfile i n=
  fdfile="$(mktemp "${TMPDIR:-/tmp}/readyroom-xvfb.XXXXXX")"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 2>"${XVFB_LOG:-/dev/null}" \
    3>"$fdfile" </dev/null &
  XVFB_PID=$!
  on_exit "xvfb_stop"
  for ((i = 0; i < 200; i++)); do # 10 s
    n="$(head -n1 "$fdfile" 2>/dev/null)"
    [ -n "$n" ] && break
    alive "$XVFB_PID" || break
    sleep 0.05
  done
  rm -f "$fdfile"
  [ -n "$n" ] || die "Xvfb did not start within 10 s"
  export DISPLAY=":$n"
  unset WAYLAND_DISPLAY
}
xvfb_stop() {
  [ -n "$XVFB_PID" ] || return 0
  stop_pid "$XVFB_PID" 5 || true
  XVFB_PID=
}

# --- the app's environment ------------------------------------------------------
# app_env DIR: keeps WebKit's cache, local storage and GTK settings of the app
# under test inside DIR, so runs do not see each other or the user's own;
# no accessibility bus (there is no session bus here).
app_env() {
  mkdir -p "$1/config" "$1/cache" "$1/share" "$1/runtime"
  chmod 700 "$1/runtime"
  export XDG_CONFIG_HOME="$1/config" XDG_CACHE_HOME="$1/cache" XDG_DATA_HOME="$1/share" \
    XDG_RUNTIME_DIR="$1/runtime" NO_AT_BRIDGE=1
}

# --- windows and screenshots ----------------------------------------------------
# The title wait_window looks for; bench.sh sets it to time another app.
WINDOW_TITLE_RE='^Ready Room$'

# wait_window PID TIMEOUT_S STAMPFILE: waits until a visible window titled
# "Ready Room" exists on $DISPLAY (xdotool search --sync), while PID stays alive.
# Writes the time it appeared (date +%s%N) to STAMPFILE and the window id to
# stdout. Returns 1 on timeout, 2 if PID exited first.
wait_window() {
  local pid=$1 timeout=$2 stamp=$3 wpid deadline wid
  rm -f "$stamp" "$stamp.id" "$stamp.stop"
  # Polled every 50 ms: `xdotool search --sync` looks only every half
  # second, which made "exec to first window" come out as ~600 or ~1,100 ms
  # whatever the app did in between (a faster poll keeps Xvfb so busy that a
  # starting GTK may fail to connect). The loop ends by itself at the
  # deadline, and when _stop_waiter leaves a stop file beside the stamp.
  ( end=$(( $(now_ns) + timeout * 1000000000 ))
    while [ ! -e "$stamp.stop" ] && [ "$(now_ns)" -lt "$end" ]; do
      if xdotool search --onlyvisible --name "$WINDOW_TITLE_RE" 2>/dev/null | head -n1 > "$stamp.id" && [ -s "$stamp.id" ]; then
        now_ns > "$stamp.tmp" && mv "$stamp.tmp" "$stamp"
        break
      fi
      sleep 0.05
    done ) 2>/dev/null &
  wpid=$!
  deadline=$(( $(now_ns) + timeout * 1000000000 ))
  while :; do
    if [ -s "$stamp" ]; then
      wait "$wpid" 2>/dev/null
      wid="$(cat "$stamp.id")"; rm -f "$stamp.id"
      echo "$wid"
      return 0
    fi
    if ! alive "$pid"; then _stop_waiter "$wpid"; return 2; fi
    if [ "$(now_ns)" -ge "$deadline" ]; then _stop_waiter "$wpid"; return 1; fi
    sleep 0.02
  done
}
_stop_waiter() { # tells the waiting subshell to stop, ends its xdotool by pid, and reaps it
  local k
  : > "$stamp.stop"
  for k in $(descendants "$1"); do kill -TERM "$k" 2>/dev/null || true; done
  wait "$1" 2>/dev/null || true
  rm -f "$stamp" "$stamp.id" "$stamp.tmp" "$stamp.stop"
}

# imagemagick: the path of the real ImageMagick `convert` (not a stand-in).
imagemagick() {
  local c
  for c in /usr/bin/convert "$(command -v convert 2>/dev/null)" "$(command -v magick 2>/dev/null)"; do
    [ -n "$c" ] && [ -x "$c" ] || continue
    if "$c" -version 2>/dev/null | head -n1 | grep -q 'ImageMagick'; then echo "$c"; return 0; fi
  done
  return 1
}

# --- memory ------------------------------------------------------------------------
# pss_kb PID: proportional set size in kB (0 if the process is gone).
pss_kb() {
  awk '/^Pss:/ { print $2; found = 1 } END { if (!found) print 0 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0
}

# median of the numbers given as arguments
median() {
  printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'
}
