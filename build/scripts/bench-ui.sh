#!/usr/bin/env bash
# Window figures for issue 13 (criteria 8, 9 and 10): Debian's Chromium against
# the dev build on 1,000 and 5,000 seeded records. See frontend/e2e/bench-ui.ts
# for what is timed and how.
#
#   build/scripts/bench-ui.sh               this build (make devbuild first)
#   build/scripts/bench-ui.sh save DIR      keep this build in DIR, to compare with later
#   BASE=DIR build/scripts/bench-ui.sh      the build kept in DIR and this one, in turns
#
# RECORDS="1000 5000" the sizes; ROUNDS=5 app starts per size and build;
# REPEAT=2 samples per start of each figure but the first search.
# Seeded data directories are kept in BENCH_DATA_DIR (default
# build/out/bench/data) as data-N and reused: seeding 5,000 records takes a few
# minutes and about 1 GB. Nothing writes to them but the app's daily backup,
# taken once before any figure. Prints a table of medians and writes it to
# build/out/bench/ui.txt.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

DEVBIN="${READYROOM_DEVBIN:-$ROOT/build/bin/readyroom-dev}"
ASSETDIR="${READYROOM_ASSETDIR:-$ROOT/frontend/dist}"
[ -x "$DEVBIN" ] || die "$DEVBIN not found: build it first with 'make devbuild'"
[ -f "$ASSETDIR/index.html" ] || die "$ASSETDIR/index.html not found: build the UI first with 'make devbuild'"

if [ "${1:-}" = save ]; then
  [ -n "${2:-}" ] || die "usage: $0 save DIR"
  mkdir -p "$2" && rm -rf "$2/dist" && cp "$DEVBIN" "$2/readyroom-dev" && cp -r "$ASSETDIR" "$2/dist" || die "could not save the build in $2"
  log "saved $DEVBIN and $ASSETDIR in $2"
  exit 0
fi

need node "runs the benchmark"
[ -x /usr/bin/chromium ] || [ -n "${READYROOM_CHROMIUM:-}" ] || die "/usr/bin/chromium not found (apt-get install chromium)"
TSC="$ROOT/frontend/node_modules/.bin/tsc"
[ -x "$TSC" ] || die "frontend/node_modules is missing: run build/scripts/setup.sh"

builds="this=$DEVBIN:$ASSETDIR"
if [ -n "${BASE:-}" ]; then
  [ -x "$BASE/readyroom-dev" ] && [ -f "$BASE/dist/index.html" ] || die "BASE=$BASE holds no saved build (readyroom-dev and dist/): make one with '$0 save DIR'"
  builds="base=$BASE/readyroom-dev:$BASE/dist,$builds"
fi

datadir="${BENCH_DATA_DIR:-$OUT/bench/data}"
mkdir -p "$datadir"
data=""
for n in ${RECORDS:-1000 5000}; do
  d="$datadir/data-$n"
  if [ ! -f "$d/.seeded" ]; then
    rm -rf "$d"
    log "seeding $n records into $d"
    env -u DISPLAY "$DEVBIN" seed --records "$n" --data "$d" >/dev/null || die "seeding $n records failed"
    touch "$d/.seeded"
  fi
  data+="${data:+,}$n=$d"
done

js="$OUT/bench-ui-js"
rm -rf "$js"
"$TSC" -p "$ROOT/frontend/e2e/tsconfig.json" --outDir "$js" || die "the benchmark does not compile"
printf '{ "type": "commonjs" }\n' > "$js/package.json"
ln -sfn "$ROOT/frontend/node_modules" "$js/node_modules"

mkdir -p "$OUT/bench"
XVFB_LOG="$OUT/bench/xvfb-ui.log" xvfb_start
log "display $DISPLAY; builds $builds; data $data"

export READYROOM_ROOT="$ROOT" BENCH_DATA="$data" BENCH_BUILDS="$builds" BENCH_ROUNDS="${ROUNDS:-5}" BENCH_REPEAT="${REPEAT:-2}"
node "$js/bench-ui.js" &
RUNNER_PID=$!
on_exit 'stop_pid "$RUNNER_PID" 15 || true'
wait "$RUNNER_PID"
rc=$?
RUNNER_PID=
exit "$rc"
