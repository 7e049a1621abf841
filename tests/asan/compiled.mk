# SPDX-License-Identifier: MIT
# compiled_check: compiled policies (policy/compiled.h) under ASan and UBSan,
# driven by tests/compiled.bats.

COMPILED_SAN_SRCS = tests/asan/compiled_check.c $(sort policy/compiled.c \
	policy/compiled_store.c policy/parse_file.c policy/expand.c \
	policy/trust.c policy/dirs.c policy/libc.c $(POLICY_CORE))
# The Makefile's own build id when it passes one, else a fixed one.
COMPILED_SAN_ID = $(if $(findstring LLSHIM_BUILD_ID,$(PATHS) $(CFLAGS)),,\
	-DLLSHIM_BUILD_ID='"asan"')

$(B)/asan/compiled_check: $(COMPILED_SAN_SRCS) $(wildcard policy/*.h)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARNINGS) -D_GNU_SOURCE $(PATHS) $(COMPILED_SAN_ID) \
		-Ipolicy $(SAN_FLAGS) -o $@ $(COMPILED_SAN_SRCS) -lconfig

test-progs: $(B)/asan/compiled_check
