# ImportOps API keys. The two commands a new machine needs:
#   make run    build everything and serve the demo on http://127.0.0.1:8080
#   make test   every test: Go (SQLite and PostgreSQL), the page, the browser
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

BIN      := bin/importops
# make run ADDR=127.0.0.1:9090 DB=postgres://… (DB defaults to $DATABASE_URL,
# then to the SQLite file importops.db).
ADDR     ?= 127.0.0.1:8080
DB       ?= $(or $(DATABASE_URL),sqlite:importops.db)
GOFILES  := $(shell find . -name '*.go' -not -path './frontend/node_modules/*')
FRONTEND := $(shell find frontend/src frontend/scripts -type f 2>/dev/null) frontend/index.html frontend/vite.config.ts frontend/codegen.ts frontend/tsconfig.json frontend/package.json schema.graphql

.PHONY: run build test test-go test-frontend test-e2e fuzz lint generate bench soak chromium jq node-version clean

# The demo keeps webhook secrets under webhook.key (made once, never
# committed) and lets webhooks reach a receiver on this machine over http://
# (--allow-insecure-webhooks): it is for trying things, not for production.
run: build webhook.key
	./$(BIN) serve --demo --addr $(ADDR) --db $(DB) --webhook-key-file webhook.key --allow-insecure-webhooks

webhook.key:
	umask 077 && head -c 32 /dev/urandom | base64 > $@

build: $(BIN)

# importops version prints what git describe says of the checkout.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

$(BIN): frontend/dist/index.html $(GOFILES) go.mod go.sum
	go build -ldflags "-X main.buildVersion=$(VERSION)" -o $(BIN) ./cmd/importops

frontend/node_modules/.package-lock.json: frontend/package-lock.json | node-version
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND)
	cd frontend && npm run build

# Every step runs even when one fails, then testsummary prints how many
# tests passed, failed and were skipped in each suite, and the sum alone on
# the last line (what CI reads); it exits non-zero if anything failed.
COUNTS := bin/test-counts
TEST_STEPS := lint test-go fuzz test-frontend test-e2e
test: bin/testsummary
	@rm -rf $(COUNTS); mkdir -p $(COUNTS); failed=""; \
	for step in $(TEST_STEPS); do \
	  $(MAKE) --no-print-directory $$step || failed="$$failed $$step"; \
	done; \
	bin/testsummary total -dir $(COUNTS) -failed-steps "$$failed"

bin/testsummary: $(wildcard cmd/testsummary/*.go)
	go build -o $@ ./cmd/testsummary

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	go vet ./...

# -race over everything: the server, the last-used recorder and the
# authentication path all run concurrently. testsummary shows what go test
# shows without -json (a failing test's whole output) and counts.
# internal/server's tests take longest (most wait on the databases): they
# run as two halves beside the other packages, so CI stays well within its
# time. SERVER_HALF picks the first half by test name.
SERVER_HALF := ^Test([A-I]|Key[^s])
test-go: frontend/dist/index.html bin/testsummary jq
	@mkdir -p $(COUNTS)
	@rm -f $(COUNTS)/go-*.json
	go test -race -count=1 -timeout 20m -json $$(go list ./... | grep -v '/internal/server$$') > $(COUNTS)/go-rest.json & \
	go test -race -count=1 -timeout 20m -json -run '$(SERVER_HALF)' ./internal/server > $(COUNTS)/go-server-1.json & \
	go test -race -count=1 -timeout 20m -json -skip '$(SERVER_HALF)' ./internal/server > $(COUNTS)/go-server-2.json & \
	wait
	cat $(COUNTS)/go-*.json | bin/testsummary go -counts $(COUNTS)/go.json

# A short run of each fuzz target beyond its checked-in corpus (which
# test-go already replays); FUZZTIME=5m for a longer hunt.
FUZZTIME ?= 5s
FUZZ := internal/token:FuzzParse internal/vin:FuzzNormalize \
        internal/apikey:FuzzNormalizeName internal/apikey:FuzzExpiresAt
fuzz:
	@for t in $(FUZZ); do \
	  echo "fuzz $$t for $(FUZZTIME)"; \
	  go test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) ./$${t%:*} || exit 1; \
	done

test-frontend: frontend/node_modules/.package-lock.json
	@mkdir -p $(COUNTS)
	cd frontend && npm test -- --reporter=default --reporter=json --outputFile.json=$(CURDIR)/$(COUNTS)/vitest.json

test-e2e: build chromium
	@mkdir -p $(COUNTS)
	cd frontend && IMPORTOPS_BIN=$(CURDIR)/$(BIN) IMPORTOPS_E2E_TAP=$(CURDIR)/$(COUNTS)/e2e.tap npm run e2e

# Debian's Chromium, for the browser tests (Playwright's own download
# cannot work here).
chromium:
	@command -v chromium >/dev/null || { apt-get update && apt-get install -y chromium; }

# jq, for the README walk-through that cmd/importops's TestReadmeWalkthrough
# runs as a script.
jq:
	@command -v jq >/dev/null || { apt-get update && apt-get install -y jq; }

# The Node version frontend/package.json's engines asks for, checked before
# npm ci so that an old Node stops with a sentence.
node-version:
	@command -v node >/dev/null || { echo "Node is needed for the page (see frontend/package.json engines)"; exit 1; }
	@node frontend/scripts/check-node.mjs

# The soak test at full length: a minute of mixed traffic against a real
# server on PostgreSQL, then the in-process goroutine check (make test
# runs both briefly). -p 1 keeps the two packages from skewing the memory
# and thread measurements.
soak: frontend/dist/index.html
	IMPORTOPS_SOAK_SECONDS=60 IMPORTOPS_REQUIRE_POSTGRES=1 go test -race -count=1 -p 1 -timeout 15m -v -run '^TestSoak' ./cmd/importops/ ./internal/server/

# Regenerates ent's client, the versioned migrations (a new file in
# ent/migrations/{sqlite,postgres} when the ent schema changed: name it
# with MIGRATION=add_something; needs PostgreSQL for its development
# database) and gqlgen's execution code, which go generate ./graph then
# rewrites to marshal lists without a goroutine per element
# (internal/listmarshal). A clean checkout leaves no diff.
generate:
	go generate ./ent
	go generate ./ent/migrations
	go generate ./graph

# Performance figures (docs/performance.md): the Go benchmarks, a cold
# start, a load run of the real binary beside pgbench -S, and scale; a
# table, then one JSON line per figure. Needs PostgreSQL on 127.0.0.1:5432
# and pgbench; about four minutes; drops the databases it creates.
bench:
	go run ./cmd/bench $(BENCHFLAGS)

clean:
	rm -rf bin frontend/node_modules
	find frontend/dist -mindepth 1 -not -name .gitkeep -delete
