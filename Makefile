# Ready Room — the two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X readyroom/app.Version=$(VERSION)
TAGS    := webkit2_41
BIN     := build/bin/readyroom
DEVBIN  := build/bin/readyroom-dev
OUT     := build/out
DATA    ?=

# Go 1.27.3, fetched once from the Go module proxy (about 76 MB) when this
# machine's Go is older: go.mod needs it, and this machine's go.env pins
# GOTOOLCHAIN=local, so every go command here is told. Go 1.27's
# encoding/json runs on the json/v2 engine, which decodes what peers send
# about twice as fast.
export GOTOOLCHAIN := go1.27.3

.PHONY: run test setup setup-run bindings frontend build devbuild check-go test-go fuzz test-frontend e2e smoke bench clean

setup-run:
	@build/scripts/setup.sh run

setup:
	@build/scripts/setup.sh test

## run: install what is missing, build, start the app (DATA=dir to use another data directory)
run: setup-run build
	./$(BIN) $(if $(DATA),--data $(DATA))

## bindings: regenerate frontend/wailsjs from the Go API
bindings:
	@go tool wails generate module -tags $(TAGS) >/dev/null

frontend: bindings
	@cd frontend && npm run --silent build

## build: the production binary in build/bin
# (what `wails build` runs on Linux, with the bindings and frontend steps made explicit)
# Commands that open no window do not load GTK and WebKitGTK: the binary is
# linked as usual (every symbol checked), then build/dropneeded takes those
# libraries out of what the loader maps at start, and the window loads them
# itself (windowlibs_linux.go). That needs lazy binding (-z lazy) and no GOT
# references into them: cgo compiles with -fno-pie, so that a function whose
# address Wails takes gets a PLT entry. The last line checks that every
# symbol the binary imports is found once WebKitGTK is loaded.
WINDOW_LIB  := libwebkit2gtk-4.1.so.0
WINDOW_PKGS := gtk+-3.0 webkit2gtk-4.1 gio-unix-2.0
build: frontend
	CGO_CFLAGS="$${CGO_CFLAGS:--O2 -g} -fno-pie" go build -tags desktop,production,$(TAGS) \
	  -ldflags "-w -s $(LDFLAGS) -extldflags=-Wl,-z,lazy" -o $(BIN) .
	go run ./build/dropneeded -libs "$$(pkg-config --libs-only-l $(WINDOW_PKGS))" $(BIN)
	@LD_BIND_NOW=1 LD_PRELOAD=$(WINDOW_LIB) ./$(BIN) version >/dev/null || \
	  { echo "$(BIN) imports a symbol $(WINDOW_LIB) and its dependencies do not define"; exit 1; }
	@echo "built $(BIN)"

## devbuild: the dev-tagged binary the end-to-end tests drive over loopback
devbuild: frontend
	go build -tags dev,$(TAGS) -ldflags "$(LDFLAGS)" -o $(DEVBIN) .

check-go:
	@echo "== gofmt"; out=$$("$$(go env GOROOT)/bin/gofmt" -l $$(git ls-files '*.go' | grep -v '^frontend/')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@echo "== go vet"; go vet ./...

test-go:
	@echo "== go test -race"; go test -race -count=1 -timeout 30m ./...

## fuzz: a short run of each fuzz target, about 10 s each here (FUZZTIME=1m for a longer one)
# Budgets are execution counts, not durations: a duration races Go 1.26's fuzz
# coordinator, which can then fail with a bare "context deadline exceeded" and
# no crasher (golang/go#75804, fixed in Go 1.27). FUZZTIME overrides them all.
FUZZTIME ?=
FUZZ_DECODE ?= 100000x
FUZZ_MERGE ?= 1000x
FUZZ_IDS ?= 200000x
FUZZ_STRINGS ?= 200000x
FUZZ_IMPORT ?= 3000x
fuzz:
	@echo "== fuzz: change decoder, merge order, id shapes, the store's JSON strings and template files"
	@go test -run '^$$' -fuzz '^FuzzDecodeChange$$' -fuzztime $(or $(FUZZTIME),$(FUZZ_DECODE)) ./readiness
	@go test -run '^$$' -fuzz '^FuzzMergeOrder$$' -fuzztime $(or $(FUZZTIME),$(FUZZ_MERGE)) ./readiness
	@go test -run '^$$' -fuzz '^FuzzIDShapes$$' -fuzztime $(or $(FUZZTIME),$(FUZZ_IDS)) ./readiness
	@go test -run '^$$' -fuzz '^FuzzAppendString$$' -fuzztime $(or $(FUZZTIME),$(FUZZ_STRINGS)) ./app/store
	@go test -run '^$$' -fuzz '^FuzzImport$$' -fuzztime $(or $(FUZZTIME),$(FUZZ_IMPORT)) ./templatefmt

test-frontend: bindings
	@echo "== svelte-check"; cd frontend && npm run --silent check
	@echo "== vitest"; mkdir -p build/out; cd frontend && npx vitest run --reporter=default --reporter=json --outputFile=../build/out/vitest.json; \
	  rc=$$?; node -e 'const r=require("../build/out/vitest.json"); console.log(`vitest: $${r.numPassedTests} passed, $${r.numFailedTests} failed`)'; exit $$rc

e2e: devbuild
	@echo "== end-to-end (Chromium against the dev build under Xvfb)"
	@build/scripts/e2e.sh

smoke: build
	@echo "== desktop smoke test (production binary under Xvfb)"
	@build/scripts/smoke.sh
	@echo "== desktop notifications (a reminder, under Xvfb with dunst on a private session bus)"
	@build/scripts/notify.sh

## test: install what is missing, then run every check
test: setup
	@$(MAKE) --no-print-directory check-go test-go fuzz test-frontend e2e smoke

## bench: Go benchmarks, whole-process figures, and the window's figures on 1,000 and 5,000 records
bench: build devbuild
	go test -run '^$$' -bench . -benchmem ./...
	build/scripts/bench.sh
	build/scripts/bench-cli.sh
	build/scripts/bench-pdf.sh
	build/scripts/bench-ui.sh

clean:
	rm -rf build/bin build/out frontend/dist/assets frontend/dist/index.html frontend/wailsjs
