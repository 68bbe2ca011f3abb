#!/usr/bin/env bash
# Whole-process figures for the production binary (build it with `make build`).
#
#   build/scripts/bench.sh        (or: make bench, after the Go benchmarks)
#
# 1. Seeds a fresh data directory with 1,000 records:
#      readyroom seed --data DIR --records 1000   (a hidden support subcommand)
# 2. Start to first window: from exec to xdotool seeing the "Ready Room" window,
#    under a private Xvfb, RUNS times (default 5) on that data directory; the median.
# 3. Memory 5 s after exec: proportional set size (Pss, /proc/PID/smaps_rollup)
#    summed over the app and all its descendants (WebKitWebProcess,
#    WebKitNetworkProcess, ...); the median over the runs. RSS too, for comparison
#    (RSS counts shared pages once per process, so it overstates). The last run
#    is also sampled at 15 s, to show whether memory is still growing.
# Prints a table and writes it to build/out/bench/whole-process.txt.
# READYROOM_BIN=path measures another binary; RECORDS=n and RUNS=n change the sizes.
# The page cache is not dropped: "cold" means a new process, not a cold disk.
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
env -u DISPLAY timeout -k 2 120 "$BIN" seed --data "$data" --records "$RECORDS" >"$dir/seed.log" 2>&1 </dev/null
seed_rc=$?
seed_ms=$(ms_since "$t0")
if [ "$seed_rc" -eq 0 ]; then
  seeded="$RECORDS records, seeded in $seed_ms ms (whole process), $(du -sh "$data" | cut -f1) on disk"
else
  seeded="EMPTY: 'readyroom seed' failed (exit $seed_rc: $(head -n1 "$dir/seed.log"))"
  problems+=("'readyroom seed --data DIR --records N' failed with exit code $seed_rc: $(head -n1 "$dir/seed.log")")
  [ "$seed_rc" -eq 2 ] && problems+=("the binary needs a hidden 'seed' subcommand that writes N realistic records in one transaction")
  warn "seeding failed (exit $seed_rc); measuring with an empty data directory"
  rm -rf "$data"
fi

XVFB_LOG="$dir/xvfb.log" xvfb_start
app_env "$tmp/env"

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

starts=() psss=() rsss=() breakdown="" nproc_seen="" late_pss="" late_breakdown=""
for ((run = 1; run <= RUNS; run++)); do
  log "run $run of $RUNS"
  t0=$(now_ns)
  "$BIN" --data "$data" >"$dir/app-$run.log" 2>&1 </dev/null &
  APP_PID=$!
  wait_window "$APP_PID" 30 "$tmp/window.stamp" >/dev/null
  rc=$?
  if [ "$rc" -ne 0 ]; then
    problems+=("run $run: $( [ "$rc" -eq 1 ] && echo "no window within 30 s" || echo "the app exited before its window appeared"): $(tail -n 2 "$dir/app-$run.log" | tr '\n' ' ')")
    stop_app
    continue
  fi
  starts+=($(( ($(cat "$tmp/window.stamp") - t0) / 1000000 )))
  # memory MEM_AFTER_S seconds after exec
  while [ "$(ms_since "$t0")" -lt $((MEM_AFTER_S * 1000)) ]; do sleep 0.05; done
  if alive "$APP_PID"; then
    read -r pss rss breakdown <<<"$(mem_sample "$APP_PID")"
    psss+=("$pss"); rsss+=("$rss")
    nproc_seen=$(( $(descendants "$APP_PID" | wc -l) + 1 ))
  else
    problems+=("run $run: the app exited before the memory sample")
  fi
  if [ "$run" -eq "$RUNS" ] && alive "$APP_PID"; then
    # Is it still growing? One later sample, on the last run only.
    while [ "$(ms_since "$t0")" -lt $((LATE_S * 1000)) ]; do sleep 0.1; done
    read -r late_pss _ late_breakdown <<<"$(mem_sample "$APP_PID")"
  fi
  helpers=$(descendants "$APP_PID")
  stop_app
  # shellcheck disable=SC2086
  [ "$(reap_leftovers $helpers)" -eq 0 ] || problems+=("run $run: WebKit helpers outlived the app by 5 s")
done

mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
{
  echo "Ready Room whole-process figures, $(date -u '+%Y-%m-%d %H:%M UTC')"
  version=$(env -u DISPLAY timeout -k 1 5 "$BIN" version 2>/dev/null </dev/null | head -n1)
  echo "binary        $BIN (${version:-version unknown}, $(( $(stat -c %s "$BIN") / 1024 / 1024 )) MB)"
  echo "machine       $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(uname -sr), Xvfb 1280x800x24"
  echo "data          $seeded$( [ -d "$data" ] && echo "; $(du -sh "$data" 2>/dev/null | cut -f1) after the runs")"
  echo
  printf '%-38s %-28s %s\n' "figure" "runs" "median"
  if [ ${#starts[@]} -gt 0 ]; then
    printf '%-38s %-28s %s\n' "exec to first window (ms)" "${starts[*]}" "$(median "${starts[@]}")"
  else
    printf '%-38s %-28s %s\n' "exec to first window (ms)" "-" "no window"
  fi
  if [ ${#psss[@]} -gt 0 ]; then
    pss_mb=(); for v in "${psss[@]}"; do pss_mb+=("$(mb "$v")"); done
    rss_mb=(); for v in "${rsss[@]}"; do rss_mb+=("$(mb "$v")"); done
    printf '%-38s %-28s %s\n' "PSS at ${MEM_AFTER_S} s, app + helpers (MB)" "${pss_mb[*]}" "$(median "${pss_mb[@]}")"
    printf '%-38s %-28s %s\n' "RSS at ${MEM_AFTER_S} s, app + helpers (MB)" "${rss_mb[*]}" "$(median "${rss_mb[@]}")"
    echo
    echo "last run: $nproc_seen processes; PSS at ${MEM_AFTER_S} s: $breakdown"
    [ -n "$late_pss" ] && echo "          PSS at ${LATE_S} s: $(mb "$late_pss") MB in all: $late_breakdown"
  fi
  if [ ${#problems[@]} -gt 0 ]; then
    echo
    echo "problems:"
    printf '  - %s\n' "${problems[@]}"
  fi
} | tee "$report"
log "written to $report"
[ ${#problems[@]} -eq 0 ]
