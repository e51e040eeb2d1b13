# kijun: the two commands of the README, and a few more.
#   make run    install what is missing, build, create the demo database, serve
#   make check  install what is missing (tests too), compile the release
#               configuration with -Werror (the default build type: -O2,
#               _FORTIFY_SOURCE, no sanitizers; compile only, about 40 s on
#               two cores from scratch), build with -Werror and ASan/UBSan
#               (not position-independent, passwords hashed at the smallest
#               cost: a binary for the tests only),
#               run every test through ctest, the store, command-line,
#               web and one browser suite also on a throwaway PostgreSQL
#               cluster (tests/pg, label pg)
#   make bench  run the benchmarks against the release build

BUILD       ?= build
CHECK_BUILD ?= build-check
RELEASE_CHECK_BUILD ?= build-release-check
VAR         ?= var
DEMO_DB     ?= $(VAR)/kijun-demo.db
DEMO_OPERATORS ?= 3000
DEMO_SEED   ?= 2026
DEMO_YEARS  ?= 3
LISTEN      ?= 127.0.0.1:8080
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps test-deps build run check bench po clean

all: build

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test
	@cd tests && { [ -d node_modules ] && npm ls --silent >/dev/null 2>&1 || npm ci --no-audit --no-fund --loglevel=error; }

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DKJ_TESTS=OFF -DKJ_SANITIZE=OFF -DKJ_WERROR=OFF >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

$(DEMO_DB):
	@mkdir -p $(VAR)
	@rm -f $@.new $@.new-wal $@.new-shm
	$(BUILD)/kijun init --db $@.new
	$(BUILD)/kijun demo --db $@.new --operators $(DEMO_OPERATORS) --seed $(DEMO_SEED) --years $(DEMO_YEARS) \
		--self-assessment
	@mv $@.new $@

# The second factor's key (issue 16): made once beside the database, never
# inside it (mode 0600), and given to serve with --mfa-key.
MFA_KEY     ?= $(VAR)/kijun-demo.mfa-key

$(MFA_KEY):
	@mkdir -p $(VAR)
	$(BUILD)/kijun user mfa keygen $@

run: build $(DEMO_DB) $(MFA_KEY)
	@scripts/run-demo $(BUILD)/kijun $(DEMO_DB) $(LISTEN) $(MFA_KEY)

check: test-deps
	@# Optimised and fortified code warns where the debug build does not
	@# (-Wstringop-overflow and friends): compiled here, tested below.
	@cmake -S . -B $(RELEASE_CHECK_BUILD) -DKJ_WERROR=ON -DKJ_SANITIZE=OFF >/dev/null
	@cmake --build $(RELEASE_CHECK_BUILD) -j $(JOBS)
	@cmake -S . -B $(CHECK_BUILD) -DCMAKE_BUILD_TYPE=Debug -DKJ_WERROR=ON -DKJ_SANITIZE=ON \
		-DKJ_FAST_PWHASH=ON >/dev/null
	@cmake --build $(CHECK_BUILD) -j $(JOBS)
	@# AddressSanitizer keeps 32 MiB of freed memory from reuse, not 256:
	@# fresh pages for the rest cost a third of the allocating tests' time.
	@# The _pg twins run on a throwaway PostgreSQL cluster (tests/pg), the
	@# browser suites beside one vnu service (tests/browser/lib/vnu_service.mjs):
	@# their fixtures stop them, and so does this trap when ctest is interrupted.
	@cd $(CHECK_BUILD) && \
	trap '$(CURDIR)/tests/pg/cluster.sh stop $(abspath $(CHECK_BUILD))/pg; \
	      node $(CURDIR)/tests/browser/lib/vnu_service.mjs stop $(abspath $(CHECK_BUILD))/vnu-service \
	      2>/dev/null' EXIT && \
	trap 'exit 130' INT TERM && \
	ASAN_OPTIONS=$${ASAN_OPTIONS:+$$ASAN_OPTIONS:}quarantine_size_mb=32 \
	ctest --output-on-failure -j $(JOBS) -LE bench

bench: deps
	@cmake -S . -B $(BUILD)-bench -DCMAKE_BUILD_TYPE=Release -DKJ_SANITIZE=OFF >/dev/null
	@cmake --build $(BUILD)-bench -j $(JOBS)
	@cd $(BUILD)-bench && ctest -L bench --output-on-failure --verbose | sed -n 's/^[0-9]*: //p' | grep -v '^Test command\|^Working Directory\|^Test timeout' || true

po:
	@scripts/update-po

clean:
	rm -rf $(BUILD) $(BUILD)-bench $(CHECK_BUILD) $(RELEASE_CHECK_BUILD)
