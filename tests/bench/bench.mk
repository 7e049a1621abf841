# SPDX-License-Identifier: MIT
# make bench: start-up benchmarks (tests/bench/README.md), kept out of
# make test.  BENCH_ROUNDS=N sets the rounds of the start-up run (the
# scaling run does a fifth of them); BENCH_QUICK=1 is a short run whose
# results go to $(B)/bench/results-quick instead of tests/bench/results.

BENCH_SRC = tests/bench
BENCH_BIN = $(B)/bench
BENCH_CFLAGS = -std=gnu11 $(WARNINGS) -D_GNU_SOURCE $(CFLAGS)
BENCH_PROGS = $(BENCH_BIN)/ret0 $(BENCH_BIN)/memprobe \
	$(BENCH_BIN)/spawnbench $(BENCH_BIN)/stepcount $(BENCH_BIN)/empty.so \
	$(BENCH_BIN)/floor.so $(BENCH_BIN)/floor-scaled.so \
	$(BENCH_BIN)/floor-bare.so $(BENCH_BIN)/floor10-bare.so \
	$(BENCH_BIN)/floor10.so $(BENCH_BIN)/phases $(BENCH_BIN)/cooler \
	$(BENCH_BIN)/floor-phases.so $(BENCH_BIN)/floor10-phases.so
# What the benchmark needs (libc6-dev: libc.a for the static stepcount),
# and what it compares llshim with or plots with when it can install it.
BENCH_DEPS = gcc make libc6-dev libconfig-dev
BENCH_EXTRA_DEPS = gnuplot-nox bubblewrap firejail
BENCH_ROUNDS ?=
BENCH_QUICK ?=
PHASES_RUNS ?=

.PHONY: bench-progs bench-phases

bench:
	@sh tests/deps.sh $(BENCH_DEPS)
	@sh tests/deps.sh $(BENCH_EXTRA_DEPS) || \
		echo "bench: going on without the missing packages above"
	@$(MAKE) --no-print-directory all bench-progs
	@BENCH_ROUNDS='$(BENCH_ROUNDS)' BENCH_QUICK='$(BENCH_QUICK)' \
		bash $(BENCH_SRC)/run.sh $(B)

bench-progs: $(BENCH_PROGS)

# make bench-phases: where the constructor spends its time, phase by phase,
# measured with a shim built with time marks (PHASES=1) in $(B)/phases.
bench-phases:
	@sh tests/deps.sh $(BENCH_DEPS)
	@$(MAKE) --no-print-directory all bench-progs
	@$(MAKE) --no-print-directory B=$(B)/phases PHASES=1 all
	@PHASES_RUNS='$(PHASES_RUNS)' bash $(BENCH_SRC)/phases.sh $(B) $(B)/phases

# The tiny programs stay plain: they are what every variant starts.
$(BENCH_BIN)/ret0 $(BENCH_BIN)/memprobe: $(BENCH_BIN)/%: $(BENCH_SRC)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_BIN)/phases: $(BENCH_SRC)/phases.c shim/phase.h
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_BIN)/cooler: $(BENCH_SRC)/cooler.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

# The floors again, reporting their constructor's time as the shim's
# phase marks do (make bench-phases).
$(BENCH_BIN)/floor-phases.so $(BENCH_BIN)/floor10-phases.so: $(BENCH_BIN)/%-phases.so: \
		$(BENCH_SRC)/floor.c shim/phase.h
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -DFLOOR_PHASES $(if $(filter floor10,$*),-DFLOOR_TEN) \
		-fPIC -shared -Wl,-z,relro,-z,now -o $@ $<

$(BENCH_BIN)/spawnbench: $(BENCH_SRC)/spawnbench.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< -lm

# Static, so that an LD_PRELOAD in its environment reaches only the child.
$(BENCH_BIN)/stepcount: $(BENCH_SRC)/stepcount.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -static -o $@ $<

$(BENCH_BIN)/empty.so $(BENCH_BIN)/floor.so: $(BENCH_BIN)/%.so: $(BENCH_SRC)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -fPIC -shared -Wl,-z,relro,-z,now -o $@ $<

$(BENCH_BIN)/floor-scaled.so: $(BENCH_SRC)/floor.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -DFLOOR_SCALED -fPIC -shared \
		-Wl,-z,relro,-z,now -o $@ $<

# The floors as bare as a preloaded library can be (floor.c: FLOOR_BARE):
# no libc, no relocation, one segment.  References, not the targets' floor.
$(BENCH_BIN)/floor-bare.so $(BENCH_BIN)/floor10-bare.so: $(BENCH_BIN)/%-bare.so: \
		$(BENCH_SRC)/floor.c $(BENCH_SRC)/floor_bare.ld policy/sys.h
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -DFLOOR_BARE $(if $(filter floor10,$*),-DFLOOR_TEN) \
		-fPIC -fvisibility=hidden -fno-stack-protector \
		-fno-asynchronous-unwind-tables -shared -nostdlib -Wl,-z,now \
		-Wl,--build-id=none -Wl,-T,$(BENCH_SRC)/floor_bare.ld \
		-Wl,-init=floor_init -o $@ $<

$(BENCH_BIN)/floor10.so: $(BENCH_SRC)/floor.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -DFLOOR_TEN -fPIC -shared \
		-Wl,-z,relro,-z,now -o $@ $<
