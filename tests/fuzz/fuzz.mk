# SPDX-License-Identifier: MIT
# make fuzz: libFuzzer over the policy parsers and the compiled-policy
# reader, kept out of make test.
# FUZZ_SECONDS=N per target (default 60); crashes land in $(B)/fuzz/.

FUZZ_SECONDS ?= 60
FUZZ_CC = clang
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-g -O1 -std=gnu11 -D_GNU_SOURCE $(PATHS) -Ipolicy
FUZZ_POLICY_SRCS = policy/parse_file.c policy/expand.c policy/trust.c \
	policy/plan.c policy/parse_env.c policy/libc.c $(POLICY_CORE)

.PHONY: fuzz

$(B)/fuzz/fuzz_policy: tests/fuzz/fuzz_policy.c $(FUZZ_POLICY_SRCS) $(wildcard policy/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz_policy.c $(FUZZ_POLICY_SRCS) -lconfig

$(B)/fuzz/fuzz_env: tests/fuzz/fuzz_env.c $(FUZZ_POLICY_SRCS) $(wildcard policy/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz_env.c $(FUZZ_POLICY_SRCS) -lconfig

$(B)/fuzz/fuzz_compiled: tests/fuzz/fuzz_compiled.c $(FUZZ_POLICY_SRCS) $(wildcard policy/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz_compiled.c $(FUZZ_POLICY_SRCS) -lconfig

fuzz:
	@sh tests/deps.sh clang libclang-rt-14-dev libconfig-dev
	@$(MAKE) --no-print-directory $(B)/fuzz/fuzz_policy $(B)/fuzz/fuzz_env \
		$(B)/fuzz/fuzz_compiled
	@mkdir -p $(B)/fuzz/corpus-policy $(B)/fuzz/corpus-env \
		$(B)/fuzz/corpus-compiled
	cp tests/fixtures/policies/*/*.conf policy/profiles/*.conf policy/apps/*.conf \
		$(B)/fuzz/corpus-policy/
	cd $(B)/fuzz && LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp \
		LLSHIM_FUZZ_PROFILES=$(CURDIR)/tests/fixtures/profiles \
		./fuzz_policy -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
		-artifact_prefix=$(CURDIR)/$(B)/fuzz/ corpus-policy
	cd $(B)/fuzz && LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp \
		./fuzz_env -max_total_time=$(FUZZ_SECONDS) -max_len=512 \
		-artifact_prefix=$(CURDIR)/$(B)/fuzz/ corpus-env
	cd $(B)/fuzz && ./fuzz_compiled -max_total_time=$(FUZZ_SECONDS) \
		-max_len=1024 -artifact_prefix=$(CURDIR)/$(B)/fuzz/ corpus-compiled
