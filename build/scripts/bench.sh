#!/usr/bin/env bash
# Whole-process figures for the production binary (build it with `make build`),
# side by side with a hello-world Wails v2 app built with the same tags.
#
#   build/scripts/bench.sh        (or: make bench, after the Go benchmarks)
#
# 1. Seeds a fresh data directory with 1,000 records:
#      readyroom seed --data DIR --records 1000   (a hidden support subcommand)
#    and says what the file holds (readyroom stats).
# 2. Builds the baseline, build/bench/hello (the smallest Wails v2 app, its own
#    embedded index.html), with -tags benchhello,desktop,production,webkit2_41.
# 3. Start to first window: from exec to xdotool seeing the app's window, under
#    a private Xvfb, RUNS times (default 5) each, Ready Room and the baseline in
#    turns (which goes first alternates), so that the machine's noise falls on
#    both; the medians.
# 4. Memory 5 s after exec: proportional set size (Pss, /proc/PID/smaps_rollup)
#    summed over the app and all its descendants (WebKitWebProcess,
#    WebKitNetworkProcess, ...); the medians, and Ready Room's minus the
#    baseline's. RSS too, for comparison (RSS counts shared pages once per
#    process, so it overstates). Ready Room's last run is also sampled at 15 s,
#    to show whether memory is still growing.
# Prints a table and writes it to build/out/bench/whole-process.txt.
# READYROOM_BIN=path measures another binary, HELLO_BIN=path another baseline;
# RECORDS=n and RUNS=n change the sizes. The page cache is not dropped: "cold"
# means a new process, not a cold disk.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

BIN="${READYROOM_BIN:-$ROOT/build/bin/readyroom}"
RECORDS="${RECORDS:-1000}"
RUNS="${RUNS:-5}"
MEM_AFTER_S=5
LATE_S=15
[ -x "$BIN" ] || die "$BIN not found: build it first with 'make build'"
need xdotool "finds the app window"

dir="$OUT/bench"
mkdir -p "$dir"
report="$dir/whole-process.txt"
make_temp_dir tmp readyroom-bench
data="$tmp/data"
problems=()

# 1. seed
log "seeding $RECORDS records: $BIN seed --data $data --records $RECORDS"
t0=$(now_ns)
env -u DISPLAY timeout -k 2 300 "$BIN" seed --data "$data" --records "$RECORDS" >"$dir/seed.log" 2>&1 </dev/null
seed_rc=$?
seed_ms=$(ms_since "$t0")
if [ "$seed_rc" -eq 0 ]; then
  seeded="$RECORDS records, seeded in $seed_ms ms (whole process), $(du -sh "$data" | cut -f1) on disk"
  env -u DISPLAY "$BIN" stats --data "$data" >"$dir/stats.txt" 2>&1 </dev/null
else
  seeded="EMPTY: 'readyroom seed' failed (exit $seed_rc: $(head -n1 "$dir/seed.log"))"
  problems+=("'readyroom seed --data DIR --records N' failed with exit code $seed_rc: $(head -n1 "$dir/seed.log")")
  warn "seeding failed (exit $seed_rc); measuring with an empty data directory"
  rm -rf "$data"
fi

# 2. the baseline
HELLO="${HELLO_BIN:-$dir/hello}"
if [ -z "${HELLO_BIN:-}" ]; then
  log "building the baseline: go build -tags benchhello,desktop,production,webkit2_41 ./build/bench/hello"
  (cd "$ROOT" && GOTOOLCHAIN="${GOTOOLCHAIN:-go1.27.3}" go build -tags benchhello,desktop,production,webkit2_41 -ldflags "-w -s" -o "$HELLO" ./build/bench/hello) ||
    die "the baseline did not build"
fi

XVFB_LOG="$dir/xvfb.log" xvfb_start

APP_PID=
stop_app() { [ -n "$APP_PID" ] && { stop_pid "$APP_PID" 5 || true; }; APP_PID=; }
on_exit stop_app

# mem_sample PID: "pss_kb rss_kb breakdown" over PID and its descendants
mem_sample() {
  local p pss rss tpss=0 trss=0 name breakdown=""
  for p in "$1" $(descendants "$1"); do
    pss=$(pss_kb "$p")
    rss=$(awk '/^Rss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    name=$(cat "/proc/$p/comm" 2>/dev/null || echo "?")
    tpss=$((tpss + pss)); trss=$((trss + ${rss:-0}))
    breakdown+="$name=$((pss / 1024))MB "
  done
  echo "$tpss $trss $breakdown"
}

# run_app WHICH RUN: starts one app, times its window, samples its memory,
# stops it; appends to WHICH's figures (rr or hello).
declare -A starts psss rsss breakdowns
late_pss="" late_breakdown=""
run_app() {
  local which=$1 run=$2 rc t0 pss rss breakdown helpers
  t0=$(now_ns)
  if [ "$which" = rr ]; then
    app_env "$tmp/env-rr"
    WINDOW_TITLE_RE='^Ready Room$'
    "$BIN" --data "$data" >"$dir/app-$run.log" 2>&1 </dev/null &
  else
    app_env "$tmp/env-hello"
    WINDOW_TITLE_RE='^Hello$'
    "$HELLO" >"$dir/hello-$run.log" 2>&1 </dev/null &
  fi
  APP_PID=$!
  wait_window "$APP_PID" 30 "$tmp/window.stamp" >/dev/null
  rc=$?
  if [ "$rc" -ne 0 ]; then
    problems+=("$which run $run: $( [ "$rc" -eq 1 ] && echo "no window within 30 s" || echo "the app exited before its window appeared")")
    stop_app
    return
  fi
  starts[$which]+="$(( ($(cat "$tmp/window.stamp") - t0) / 1000000 )) "
  while [ "$(ms_since "$t0")" -lt $((MEM_AFTER_S * 1000)) ]; do sleep 0.05; done
  if alive "$APP_PID"; then
    read -r pss rss breakdown <<<"$(mem_sample "$APP_PID")"
    psss[$which]+="$((pss / 1024)) "; rsss[$which]+="$((rss / 1024)) "
    breakdowns[$which]="$breakdown"
  else
    problems+=("$which run $run: the app exited before the memory sample")
  fi
  if [ "$which" = rr ] && [ "$run" -eq "$RUNS" ] && alive "$APP_PID"; then
    while [ "$(ms_since "$t0")" -lt $((LATE_S * 1000)) ]; do sleep 0.1; done
    read -r late_pss _ late_breakdown <<<"$(mem_sample "$APP_PID")"
  fi
  helpers=$(descendants "$APP_PID")
  stop_app
  # shellcheck disable=SC2086
  [ "$(reap_leftovers $helpers)" -eq 0 ] || problems+=("$which run $run: WebKit helpers outlived the app by 5 s")
}

for ((run = 1; run <= RUNS; run++)); do
  log "run $run of $RUNS"
  if ((run % 2)); then run_app rr "$run"; run_app hello "$run"; else run_app hello "$run"; run_app rr "$run"; fi
done

row() { # row LABEL VALUES...: the runs and their median
  local label=$1; shift
  if [ $# -gt 0 ]; then printf '%-44s %-30s %s\n' "$label" "$*" "$(median "$@")"; else printf '%-44s %-30s %s\n' "$label" "-" "none"; fi
}
{
  echo "Ready Room whole-process figures, $(date -u '+%Y-%m-%d %H:%M UTC')"
  version=$(env -u DISPLAY timeout -k 1 5 "$BIN" version 2>/dev/null </dev/null | head -n1)
  echo "binary        $BIN (${version:-version unknown}, $(( $(stat -c %s "$BIN") / 1024 / 1024 )) MB)"
  echo "baseline      $HELLO ($(( $(stat -c %s "$HELLO") / 1024 / 1024 )) MB): build/bench/hello, Wails v2 hello world, same tags"
  echo "machine       $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(uname -sr), Xvfb 1280x800x24"
  echo "data          $seeded$( [ -d "$data" ] && echo "; $(du -sh "$data" 2>/dev/null | cut -f1) after the runs")"
  echo
  printf '%-44s %-30s %s\n' "figure" "runs (in turns)" "median"
  # shellcheck disable=SC2086
  row "Ready Room: exec to first window (ms)" ${starts[rr]:-}
  # shellcheck disable=SC2086
  row "hello world: exec to first window (ms)" ${starts[hello]:-}
  # shellcheck disable=SC2086
  row "Ready Room: PSS at ${MEM_AFTER_S} s, app + helpers (MB)" ${psss[rr]:-}
  # shellcheck disable=SC2086
  row "hello world: PSS at ${MEM_AFTER_S} s, app + helpers (MB)" ${psss[hello]:-}
  # shellcheck disable=SC2086
  row "Ready Room: RSS at ${MEM_AFTER_S} s (MB)" ${rsss[rr]:-}
  # shellcheck disable=SC2086
  row "hello world: RSS at ${MEM_AFTER_S} s (MB)" ${rsss[hello]:-}
  if [ -n "${psss[rr]:-}" ] && [ -n "${psss[hello]:-}" ]; then
    # shellcheck disable=SC2086
    rr_pss=$(median ${psss[rr]}) hello_pss=$(median ${psss[hello]})
    echo
    echo "Ready Room's PSS minus the baseline's: $((rr_pss - hello_pss)) MB (target: at most 40 MB)"
    echo "Ready Room, last run, PSS at ${MEM_AFTER_S} s: ${breakdowns[rr]}"
    echo "hello world, last run, PSS at ${MEM_AFTER_S} s: ${breakdowns[hello]}"
    [ -n "$late_pss" ] && echo "Ready Room, last run, PSS at ${LATE_S} s: $((late_pss / 1024)) MB in all: $late_breakdown"
  fi
  if [ -s "$dir/stats.txt" ]; then
    echo
    echo "where the seeded file's bytes go (readyroom stats):"
    sed 's/^/  /' "$dir/stats.txt"
  fi
  if [ ${#problems[@]} -gt 0 ]; then
    echo
    echo "problems:"
    printf '  - %s\n' "${problems[@]}"
  fi
} | tee "$report"
log "written to $report"
[ ${#problems[@]} -eq 0 ]
