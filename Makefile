# SPDX-License-Identifier: MIT
# llshim: a Landlock sandbox for unmodified programs, loaded with LD_PRELOAD.

PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
BATS ?= bats
BATS_FLAGS ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wundef -Wvla -Wwrite-strings -Wpointer-arith -Wcast-qual
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif

PATHS = -DLLSHIM_SYSCONFDIR='"$(SYSCONFDIR)"' -DLLSHIM_DATADIR='"$(DATADIR)"'
ALL_CFLAGS = -std=gnu11 $(WARNINGS) -fPIC -fvisibility=hidden \
	-fstack-protector-strong -D_GNU_SOURCE $(PATHS) -Ipolicy $(CFLAGS)
ALL_LDFLAGS = -Wl,-z,relro,-z,now -Wl,--as-needed -Wl,-z,defs $(LDFLAGS)

B = build
O = $(B)/obj

# Policy code every object links: freestanding (sys.h, str.h, alloc.h).
POLICY_CORE = policy/msg.c policy/policy.c policy/rights.c policy/env.c \
	policy/dirs.c policy/compiled.c
# libllshim.so: the whole shim, freestanding; it imports nothing and finds
# libc's few functions at run time (shim/front.h, shim/libc.h).
FRONT_SRCS = shim/front.c shim/start.c shim/elect.c shim/layers.c \
	shim/readable.c shim/landlock.c shim/log.c shim/parser.c shim/libc.c \
	shim/arena.c policy/resolve.c policy/parse_env.c policy/plan.c \
	policy/compiled_store.c $(POLICY_CORE)
# libllshim-parser.so, the only object that links libconfig, loaded by the
# shim only when a policy file has no current compiled form.
PARSER_SRCS = policy/parse_file.c policy/expand.c policy/trust.c \
	policy/libc.c $(POLICY_CORE)

# PHASES=1: the shim of make bench-phases, with time marks (shim/phase.h);
# built in a directory of its own, never installed.
ifeq ($(PHASES),1)
FRONT_SRCS += shim/phase.c
PATHS += -DLLSHIM_PHASES
endif

FRONT_OBJS = $(FRONT_SRCS:%.c=$(B)/obj-front/%.o)
PARSER_OBJS = $(PARSER_SRCS:%.c=$(O)/%.o)

TEST_PROGS = $(patsubst tests/progs/%.c,$(B)/tests/%,$(wildcard tests/progs/*.c))

.DELETE_ON_ERROR:
.PHONY: all test check install uninstall clean format lint bench demo deps \
	test-progs

all: $(B)/libllshim.so $(B)/libllshim-parser.so

# The install paths are compiled in: a change of PREFIX or SYSCONFDIR must
# rebuild, so they are kept in a stamp rewritten only when they change.
PATHS_SEEN = $(SYSCONFDIR) $(DATADIR) $(LIBDIR) $(BINDIR)
$(shell mkdir -p $(B) && echo "$(PATHS_SEEN)" | cmp -s - $(B)/paths.stamp || \
	echo "$(PATHS_SEEN)" >$(B)/paths.stamp)

# Compiled policies (policy/compiled.h) are only read by the build that
# wrote them: its identity is a hash of the sources and the paths.
BUILD_ID := $(shell cat $(sort $(wildcard shim/*.[ch] policy/*.[ch])) \
	$(B)/paths.stamp | sha256sum | cut -c1-16)
$(shell echo "$(BUILD_ID)" | cmp -s - $(B)/build-id.stamp || \
	echo "$(BUILD_ID)" >$(B)/build-id.stamp)
PATHS += -DLLSHIM_BUILD_ID='"$(BUILD_ID)"'

$(O)/policy/compiled.o $(B)/obj-front/policy/compiled.o: $(B)/build-id.stamp

$(O)/%.o: %.c $(wildcard policy/*.h shim/*.h) $(B)/paths.stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The front must not call into libc (sys.h, str.h): no builtins turned back
# into libc calls, unused functions of shared files dropped, and no stack
# protector, whose __stack_chk_fail would be its only import (its buffers
# are fixed-size and every copy into them is bounded).
FRONT_CFLAGS = $(ALL_CFLAGS) -fno-builtin -fno-tree-loop-distribute-patterns \
	-ffunction-sections -fdata-sections -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-unwind-tables

$(B)/obj-front/%.o: %.c $(wildcard policy/*.h shim/*.h) $(B)/paths.stamp
	@mkdir -p $(dir $@)
	$(CC) $(FRONT_CFLAGS) -c -o $@ $<

# Only front.c and what it calls in every process (finding the sources)
# run without a policy; the rest is optimized for size: its pages are
# resident in every process the shim is preloaded into (the kernel maps a
# library's cached pages around each one touched), and system calls, not
# instructions, are what it spends its time on.
FRONT_HOT = shim/front.c policy/resolve.c policy/dirs.c policy/env.c \
	policy/parse_env.c
SHIM_SIZE_OPT ?= -Os
FRONT_COLD_OBJS = $(filter-out $(FRONT_HOT:%.c=$(B)/obj-front/%.o),$(FRONT_OBJS))
$(FRONT_COLD_OBJS): FRONT_CFLAGS += $(SHIM_SIZE_OPT)

# The segments (shim/layout.ld.in, which says why): the front's code and
# constants, read-only tables, the cold code, then the .bss, and no
# writable file data or relocation at all; one madvise gives back the cold
# code and the .bss once a policy is applied (llshim_cold_start to _end).
# tests/check-layout.sh checks the result.  (No unwind tables either:
# nothing unwinds through the shim.)
$(B)/layout.ld: shim/layout.ld.in Makefile
	@mkdir -p $(dir $@)
	hot=; for o in $(FRONT_HOT:%.c=%.o); do \
		hot="$$hot *$$o(.text .text.* .rodata .rodata.*)"; done; \
	sed "s|@HOT@|$$hot|" shim/layout.ld.in >$@

# No libc, no start files: nothing for the loader to bind or version-check.
$(B)/libllshim.so: $(FRONT_OBJS) shim/llshim.map $(B)/layout.ld
	$(CC) -shared -nostdlib $(FRONT_CFLAGS) $(ALL_LDFLAGS) -Wl,--gc-sections \
		-Wl,--version-script=shim/llshim.map -Wl,-T,$(B)/layout.ld \
		-Wl,-init=llshim_front -o $@ $(FRONT_OBJS)

$(B)/libllshim-parser.so: $(PARSER_OBJS) policy/parser.map
	$(CC) -shared $(ALL_CFLAGS) $(ALL_LDFLAGS) -Wl,--version-script=policy/parser.map \
		-o $@ $(PARSER_OBJS) -lconfig

# Small C programs the tests drive: one file each under tests/progs/.
test-progs: $(TEST_PROGS)

$(B)/tests/%: tests/progs/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -Wall -Wextra -D_GNU_SOURCE -Ipolicy -o $@ $< $(TEST_LDLIBS_$*)

-include $(wildcard tests/progs/*.mk)
# Sanitized drivers of single policy/ parts.
-include $(wildcard tests/asan/*.mk)
# The llshim command, its man pages and shell completion.
-include cli/cli.mk
# make fuzz: libFuzzer over the policy parsers, kept out of make test.
-include tests/fuzz/fuzz.mk
# make bench: start-up benchmarks, kept out of make test.
-include tests/bench/bench.mk

# The policy code under AddressSanitizer and UBSan, driven by the suite.
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -O1 -g
SAN_SRCS = tests/asan/policy_check.c policy/parse_file.c policy/expand.c \
	policy/trust.c policy/plan.c policy/parse_env.c policy/libc.c \
	$(POLICY_CORE)

$(B)/asan/policy_check: $(SAN_SRCS) $(wildcard policy/*.h)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARNINGS) -D_GNU_SOURCE $(PATHS) -Ipolicy $(SAN_FLAGS) \
		-o $@ $(SAN_SRCS) -lconfig

test-progs: $(B)/asan/policy_check

# The dependencies the build and the suite need (Debian package names).
DEPS = gcc make libconfig-dev pkg-config bats bats-support bats-assert parallel \
	python3 perl sqlite3 git tar gzip binutils util-linux procps \
	libasan8 libubsan1 cppcheck shellcheck strace patchelf curl openssl

deps:
	@sh tests/deps.sh $(DEPS)

check: all lint
	@sh tests/check-exports.sh $(B)/libllshim.so
	@sh tests/check-imports.sh $(B)/libllshim.so
	@sh tests/check-layout.sh $(B)/libllshim.so
	@sh tests/check-exports.sh $(B)/libllshim-parser.so llshim_parser_parse llshim_parser_free

test: deps all test-progs check
	$(BATS) $(BATS_FLAGS) --jobs $(JOBS) --no-parallelize-within-files tests/

clean:
	rm -rf $(B)

# What install puts where; uninstall removes exactly these (and the
# directories, only when empty: an admin's policies in policy.d stay).
INSTALLED_LIBS = $(DESTDIR)$(LIBDIR)/llshim/libllshim.so \
	$(DESTDIR)$(LIBDIR)/llshim/libllshim-parser.so
INSTALLED_PROFILES = $(patsubst policy/%,$(DESTDIR)$(DATADIR)/llshim/%,\
	$(wildcard policy/profiles/*.conf))
INSTALLED_APPS = $(patsubst policy/%,$(DESTDIR)$(DATADIR)/llshim/%,\
	$(wildcard policy/apps/*.conf))

install: all
	install -d -m 0755 $(DESTDIR)$(LIBDIR)/llshim \
		$(DESTDIR)$(DATADIR)/llshim/profiles $(DESTDIR)$(DATADIR)/llshim/apps \
		$(DESTDIR)$(SYSCONFDIR)/llshim/policy.d $(DESTDIR)$(SYSCONFDIR)/llshim/profiles
	install -m 0644 $(B)/libllshim.so $(B)/libllshim-parser.so \
		$(DESTDIR)$(LIBDIR)/llshim/
	install -m 0644 policy/profiles/*.conf $(DESTDIR)$(DATADIR)/llshim/profiles/
	$(if $(INSTALLED_APPS),install -m 0644 policy/apps/*.conf $(DESTDIR)$(DATADIR)/llshim/apps/)

# The compiled policies root's processes wrote are llshim's own cache, not
# the administrator's: they go too.
uninstall:
	rm -f $(INSTALLED_LIBS) $(INSTALLED_PROFILES) $(INSTALLED_APPS)
	rm -rf $(DESTDIR)$(SYSCONFDIR)/llshim/compiled
	-rmdir $(DESTDIR)$(LIBDIR)/llshim $(DESTDIR)$(DATADIR)/llshim/profiles \
		$(DESTDIR)$(DATADIR)/llshim/apps $(DESTDIR)$(DATADIR)/llshim \
		$(DESTDIR)$(SYSCONFDIR)/llshim/policy.d \
		$(DESTDIR)$(SYSCONFDIR)/llshim/profiles $(DESTDIR)$(SYSCONFDIR)/llshim \
		2>/dev/null || true

format:
	clang-format -i shim/*.c shim/*.h policy/*.c policy/*.h tests/progs/*.c \
		tests/progs/lib/*.c tests/asan/*.c tests/fuzz/*.c tests/bench/*.c

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--inline-suppr -D_GNU_SOURCE -D'ElfW(t)=Elf64_##t' -DLLSHIM_BUILD_ID='"lint"' \
		-Ipolicy shim policy
	shellcheck -s bash tests/helper.bash tests/*.sh

demo: deps all
	@sh tests/demo.sh
