#!/usr/bin/env bash
# End-to-end tests: Debian's Chromium (playwright-core) against the dev-tagged
# binary, which serves the built UI and the real Go bindings on 127.0.0.1.
#
#   build/scripts/e2e.sh [FILTER...]   (or: make e2e, which runs `make devbuild` first)
#
# Builds nothing: needs build/bin/readyroom-dev and frontend/dist (make devbuild).
# Compiles frontend/e2e/*.ts with the project's TypeScript into build/out/e2e-js,
# starts a private Xvfb for the app windows, and runs every frontend/e2e/*.e2e.ts
# test (only those whose "file › name" contains a FILTER, if given).
# Prints PASS/FAIL per test, then "N passed, N failed"; exits 1 on any failure.
# Screenshots and app logs: build/out/e2e. READYROOM_DEVBIN / READYROOM_ASSETDIR
# override the binary and the UI directory.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

DEVBIN="${READYROOM_DEVBIN:-$ROOT/build/bin/readyroom-dev}"
ASSETDIR="${READYROOM_ASSETDIR:-$ROOT/frontend/dist}"
[ -x "$DEVBIN" ] || die "$DEVBIN not found: build it first with 'make devbuild'"
[ -f "$ASSETDIR/index.html" ] || die "$ASSETDIR/index.html not found: build the UI first with 'make devbuild'"
need node "runs the tests"
[ -x /usr/bin/chromium ] || [ -n "${READYROOM_CHROMIUM:-}" ] || die "/usr/bin/chromium not found (apt-get install chromium)"
TSC="$ROOT/frontend/node_modules/.bin/tsc"
[ -x "$TSC" ] || die "frontend/node_modules is missing: run build/scripts/setup.sh"
[ -d "$ROOT/frontend/node_modules/playwright-core" ] || die "playwright-core is missing from frontend/node_modules: run build/scripts/setup.sh"

js="$OUT/e2e-js"
rm -rf "$js" "$OUT/e2e"
mkdir -p "$OUT/e2e"
"$TSC" -p "$ROOT/frontend/e2e/tsconfig.json" || die "the end-to-end tests do not compile"
# The compiled files are CommonJS and find playwright-core through this link.
printf '{ "type": "commonjs" }\n' > "$js/package.json"
ln -sfn "$ROOT/frontend/node_modules" "$js/node_modules"

XVFB_LOG="$OUT/e2e/xvfb.log" xvfb_start
log "display $DISPLAY, binary $DEVBIN, UI $ASSETDIR"

export READYROOM_ROOT="$ROOT" READYROOM_DEVBIN="$DEVBIN" READYROOM_ASSETDIR="$ASSETDIR"
# Started in the background so that an interrupted script can stop it by pid
# (the runner then stops its apps and browser).
node "$js/run.js" "$@" &
RUNNER_PID=$!
on_exit 'stop_pid "$RUNNER_PID" 15 || true'
wait "$RUNNER_PID"
rc=$?
RUNNER_PID=
exit "$rc"
