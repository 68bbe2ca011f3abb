#!/usr/bin/env bash
# Whole-process figures for the commands that open no window (build the
# binary with `make build`):
#
#   build/scripts/bench-cli.sh     (or: make bench)
#
# 1. `readyroom version`: RUNS starts (default 11), the median and the fastest.
# 2. For each size in SIZES (default "100 1000 5000"): seeds a fresh data
#    directory (readyroom seed), says how many bytes a record takes and where
#    they go (readyroom stats), then times `readyroom list --json` RUNS times
#    (wall time and peak RSS with /usr/bin/time; the medians).
# Prints a table and writes it to build/out/bench/cli.txt.
# READYROOM_BIN=path measures another binary. The page cache is not dropped.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

BIN="${READYROOM_BIN:-$ROOT/build/bin/readyroom}"
RUNS="${RUNS:-11}"
SIZES="${SIZES:-100 1000 5000}"
[ -x "$BIN" ] || die "$BIN not found: build it first with 'make build'"
[ -x /usr/bin/time ] || die "/usr/bin/time is needed (apt-get install time)"
dir="$OUT/bench"
mkdir -p "$dir"
report="$dir/cli.txt"
make_temp_dir tmp readyroom-bench-cli
export -n DISPLAY WAYLAND_DISPLAY

# timed CMD...: "seconds peak_kb" of one run
timed() {
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" </dev/null || { echo "fail"; return; }
  cat "$tmp/time"
}
ms() { awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }'; }

version_ms=()
for ((i = 0; i < RUNS; i++)); do
  t0=$(now_ns)
  "$BIN" version >/dev/null </dev/null
  version_ms+=("$(ms_since "$t0")")
done

rows=()
for n in $SIZES; do
  data="$tmp/data-$n"
  log "seeding $n records"
  t0=$(now_ns)
  "$BIN" seed --data "$data" --records "$n" >/dev/null 2>&1 </dev/null || die "seeding $n records failed"
  seed_ms=$(ms_since "$t0")
  "$BIN" stats --data "$data" >"$dir/stats-$n.txt" 2>&1 </dev/null
  per=$(awk '/^all buckets/ { print $NF }' "$dir/stats-$n.txt")
  file_mb=$(( $(stat -c %s "$data/readyroom.db") / 1024 / 1024 ))
  secs=() peaks=()
  for ((i = 0; i < RUNS; i++)); do
    read -r s kb <<<"$(timed "$BIN" list --json --data "$data")"
    [ "$s" = fail ] && die "list --json failed on $n records: $(head -n1 "$tmp/err")"
    secs+=("$(ms "$s")"); peaks+=("$((kb / 1024))")
  done
  rows+=("$(printf '%-6s %-11s %-13s %-12s %-22s %s' "$n" "${seed_ms} ms" "$file_mb MB" "$per KB" "$(median "${secs[@]}") ms (${secs[*]})" "$(median "${peaks[@]}") MB")")
done

{
  echo "Ready Room command-line figures, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "binary   $BIN ($("$BIN" version 2>/dev/null), $(( $(stat -c %s "$BIN") / 1024 / 1024 )) MB)"
  echo "machine  $(nproc) CPUs, $(uname -sr), $RUNS runs each"
  echo
  fastest=$(printf '%s\n' "${version_ms[@]}" | sort -n | head -n1)
  echo "readyroom version: median $(median "${version_ms[@]}") ms, fastest $fastest ms (${version_ms[*]})"
  echo
  printf '%-6s %-11s %-13s %-12s %-22s %s\n' "records" "seeded in" "file" "pages/record" "list --json (median)" "peak RSS (median)"
  printf '%s\n' "${rows[@]}"
  echo
  echo "where the bytes go, per bucket: build/out/bench/stats-N.txt (readyroom stats --data DIR)"
} | tee "$report"
log "written to $report"
