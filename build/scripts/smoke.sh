#!/usr/bin/env bash
# Desktop smoke test of the production binary (build it with `make build`).
#
#   build/scripts/smoke.sh        (or: make smoke)
#
# Under a private Xvfb (1280x800x24) with a fresh data directory it checks that
#   1. the "Ready Room" window appears within 30 s,
#   2. the window is painted (screenshot build/out/smoke/window.png has > 50 colours),
#   3. a second instance on the same data directory exits within 2 s with code 1
#      and "in use by another Ready Room" on stderr,
#   4. the app was running until closed and exits on SIGTERM within 5 s
#      (its WebKit helper processes with it).
# Prints one PASS/FAIL line per check, then "N passed, N failed"; exit 1 on any failure.
# READYROOM_BIN=path tests another binary. The app's output is in build/out/smoke/app.log.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

BIN="${READYROOM_BIN:-$ROOT/build/bin/readyroom}"
[ -x "$BIN" ] || die "$BIN not found: build it first with 'make build'"
need xdotool "finds the app window"
need import "ImageMagick, takes the screenshot"
IM="$(imagemagick)" || die "ImageMagick's convert is not installed (apt-get install imagemagick)"

dir="$OUT/smoke"
mkdir -p "$dir"
rm -f "$dir/window.png" "$dir/app.log" "$dir/second.err"
make_temp_dir tmp readyroom-smoke
data="$tmp/data"
XVFB_LOG="$dir/xvfb.log" xvfb_start
app_env "$tmp/env"
log "display $DISPLAY, data $data, binary $BIN"

APP_PID=
stop_app() { [ -n "$APP_PID" ] && { stop_pid "$APP_PID" 2 || true; }; APP_PID=; }
on_exit stop_app

start=$(now_ns)
"$BIN" --data "$data" >"$dir/app.log" 2>&1 </dev/null &
APP_PID=$!

# 1. the window appears
wid=$(wait_window "$APP_PID" 30 "$tmp/window.stamp"); rc=$?
case $rc in
  0) pass "window \"Ready Room\" appeared after $(( ($(cat "$tmp/window.stamp") - start) / 1000000 )) ms" ;;
  1) fail "no window titled \"Ready Room\" within 30 s (app log: $dir/app.log)" ;;
  *) wait "$APP_PID"; code=$?; APP_PID=
     fail "the app exited with code $code before showing a window: $(tail -n 3 "$dir/app.log" | tr '\n' ' ')" ;;
esac

# 2. it is painted
if [ "$rc" -eq 0 ]; then
  sleep 2 # let the UI paint
  if import -window root "$dir/window.png" 2>"$tmp/import.err"; then
    colours=$("$IM" "$dir/window.png" -format %k info: 2>/dev/null || echo 0)
    if [ "${colours:-0}" -gt 50 ]; then
      pass "screenshot $dir/window.png has $colours colours"
    else
      fail "screenshot $dir/window.png looks blank: $colours colours (want > 50)"
    fi
  else
    fail "screenshot failed: $(head -n1 "$tmp/import.err")"
  fi
else
  fail "screenshot not taken: no window"
fi

# 3. a second instance on the same data directory is refused, quickly
if alive "$APP_PID"; then
  t0=$(now_ns)
  timeout -k 1 5 "$BIN" --data "$data" >/dev/null 2>"$dir/second.err" </dev/null
  code=$?
  took=$(ms_since "$t0")
  if [ "$code" -eq 1 ] && grep -q "in use by another Ready Room" "$dir/second.err" && [ "$took" -lt 2000 ]; then
    pass "second instance refused in $took ms: $(head -n1 "$dir/second.err")"
  else
    fail "second instance: exit code $code after $took ms (want 1 within 2000 ms), stderr: $(head -n2 "$dir/second.err" | tr '\n' ' ')"
  fi
else
  fail "second instance not tried: the first is not running"
fi

# 4. it ran until closed, and closes on SIGTERM (helpers too)
if alive "$APP_PID"; then
  helpers=$(descendants "$APP_PID" | tr '\n' ' ')
  t0=$(now_ns)
  if stop_pid "$APP_PID" 5; then
    took=$(ms_since "$t0")
    APP_PID=
    # shellcheck disable=SC2086
    left=$(reap_leftovers $helpers)
    if [ "$left" -eq 0 ]; then
      pass "app exited $took ms after SIGTERM, with its $(wc -w <<<"$helpers") helper processes"
    else
      fail "app exited on SIGTERM but $left helper processes were still running 5 s later (killed)"
    fi
  else
    APP_PID=
    # shellcheck disable=SC2086
    reap_leftovers $helpers >/dev/null
    fail "app did not exit within 5 s of SIGTERM (killed)"
  fi
else
  fail "app was not running when the test closed it (app log: $dir/app.log)"
fi

summary
