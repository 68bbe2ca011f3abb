#!/usr/bin/env bash
# Installs what Ready Room needs to build, run and test, and only what is
# missing. Prints what it installs and why. Safe to run again.
#   build/scripts/setup.sh          everything for `make run`
#   build/scripts/setup.sh test     also the tools `make test` needs
set -euo pipefail
cd "$(dirname "$0")/../.."

want=test
[ "${1:-}" = run ] && want=run

# package -> why, for Debian/Ubuntu.
declare -A why=(
  [build-essential]="C compiler for cgo (Wails links GTK and WebKit)"
  [pkg-config]="finds the GTK and WebKit libraries for cgo"
  [libgtk-3-dev]="GTK 3 headers: the window toolkit Wails uses on Linux"
  [libwebkit2gtk-4.1-dev]="WebKitGTK 4.1 headers: the web view that shows the UI"
)
if [ "$want" = test ]; then
  why+=(
    [xvfb]="virtual X display for the desktop smoke and end-to-end tests"
    [xauth]="lets xvfb-run authorise clients on the virtual display"
    [xdotool]="waits for the Ready Room window to appear in the smoke test"
    [imagemagick]="takes the window screenshot in the smoke test"
    [chromium]="real browser for the end-to-end tests (driven by playwright-core)"
    [poppler-utils]="pdftotext/pdffonts/pdftoppm read back, list the fonts of and render generated PDFs in tests"
    [qpdf]="checks that generated PDFs are structurally valid and that evidence links are /URI annotations (qpdf --json)"
    [python3-icalendar]="a second, independent reader of the calendar export in the Go tests"
    [pandoc]="renders the Markdown export as GitHub-flavoured Markdown in the Go tests, to check what a wiki shows"
    [fonts-dejavu-core]="a readable UI font in the test browser and window"
    [time]="measures peak memory in the whole-process benchmarks"
    [dunst]="a real notification daemon: the smoke test checks that a reminder appears as a desktop notification"
    [dbus-bin]="dbus-monitor: watches the notifications sent in the notification test"
    [dbus-daemon]="a private session bus for the notification test"
  )
fi

missing=()
for p in "${!why[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: missing system packages:"
  for p in "${missing[@]}"; do echo "  - $p: ${why[$p]}"; done
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null 2>&1 || { echo "setup: run as root or install sudo, then: apt-get install ${missing[*]}" >&2; exit 1; }
      sudo="sudo"
    fi
    echo "setup: installing them with apt-get"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: this is not a Debian/Ubuntu system; install the equivalents of: ${missing[*]}" >&2
    exit 1
  fi
fi

for tool in go node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "setup: $tool is required (Go >= 1.21, Node >= 20.19 with npm)" >&2; exit 1; }
done

# The Go toolchain go.mod names (the Makefile exports GOTOOLCHAIN): fetched
# once from the Go module proxy when this machine's Go is older.
want=${GOTOOLCHAIN:-go1.27.3}
if [ "$(GOTOOLCHAIN=local go env GOVERSION)" != "$want" ] && ! ls "$(go env GOMODCACHE)"/golang.org/toolchain@v0.0.1-"$want".* >/dev/null 2>&1; then
  echo "setup: fetching the $want toolchain from the Go module proxy (go.mod needs it; about 76 MB, once)"
fi
GOTOOLCHAIN=$want go version >/dev/null

# Go modules, including the Wails CLI pinned as a go.mod tool.
if ! go list -m github.com/wailsapp/wails/v2 >/dev/null 2>&1 || ! go tool -n wails >/dev/null 2>&1; then
  echo "setup: downloading Go modules (Wails CLI v2.16.0 pinned in go.mod, bbolt, validator, ...)"
fi
go mod download

# Frontend packages, when package-lock.json changed since the last install.
stamp=frontend/node_modules/.readyroom-lock
if [ ! -f "$stamp" ] || ! cmp -s frontend/package-lock.json "$stamp"; then
  echo "setup: installing frontend packages with npm ci (Svelte, Vite, TypeScript, vitest, playwright-core, markdown-it for the Markdown export tests)"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
  cp frontend/package-lock.json "$stamp"
fi
# The test tool that reads PDFs back as Firefox does (pdf.js), in its own
# folder so the frontend's packages stay the app's.
if [ "${1:-}" != run ]; then
  stamp=reports/testdata/pdfjs/node_modules/.readyroom-lock
  if [ ! -f "$stamp" ] || ! cmp -s reports/testdata/pdfjs/package-lock.json "$stamp"; then
    echo "setup: installing pdfjs-dist with npm ci in reports/testdata/pdfjs (the PDF tests read packs back with pdf.js, the reader in Firefox and many web viewers)"
    (cd reports/testdata/pdfjs && npm ci --no-audit --no-fund --loglevel=error)
    cp reports/testdata/pdfjs/package-lock.json "$stamp"
  fi
fi
echo "setup: everything needed is installed"
