# SPDX-License-Identifier: MIT
# The llshim command (cli/), its man pages and its bash completion.
# Included by the top Makefile; uses its variables and its $(O)/%.o rule.

VERSION ?= 0.1.0

CLI_SRCS = cli/main.c cli/common.c cli/run.c cli/check.c cli/which.c \
	cli/status.c cli/json.c
# What the command shares with libllshim.so and its parser: one parser,
# one planner, one ruleset builder.  Every policy/ source either object
# links, and of shim/ only the builder and the Landlock calls (not the
# constructor).  The command is its own process: it links libconfig.
CLI_SHARED_SRCS = shim/layers.c shim/landlock.c shim/readable.c \
	$(filter policy/%,$(sort $(FRONT_SRCS) $(PARSER_SRCS)))

CLI_OBJS = $(CLI_SRCS:%.c=$(O)/%.o)
CLI_SHARED_OBJS = $(CLI_SHARED_SRCS:%.c=$(O)/%.o)
CLI_DEFINES = -DLLSHIM_VERSION='"$(VERSION)"' -DLLSHIM_LIBDIR='"$(LIBDIR)"'

MAN_PAGES = man/llshim.1 man/llshim.conf.5 man/libllshim.8
COMPLETION = completion/llshim.bash

all: $(B)/llshim

$(CLI_OBJS): ALL_CFLAGS += $(CLI_DEFINES) -Icli -Ishim
$(CLI_OBJS): $(wildcard cli/*.h)

$(B)/llshim: $(CLI_OBJS) $(CLI_SHARED_OBJS)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) \
		$(CLI_SHARED_OBJS) -lconfig

# The command under AddressSanitizer and UBSan, driven by tests/cli_check.bats.
$(B)/asan/llshim: $(CLI_SRCS) $(CLI_SHARED_SRCS) $(wildcard policy/*.h shim/*.h cli/*.h)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARNINGS) -D_GNU_SOURCE $(PATHS) $(CLI_DEFINES) \
		-Ipolicy -Icli -Ishim $(SAN_FLAGS) -o $@ $(CLI_SRCS) \
		$(CLI_SHARED_SRCS) -lconfig

test-progs: $(B)/asan/llshim

# The man pages name the build's directories and version: their .ds lines
# and .TH are set to this build's when installed.
MAN_PATHS = -e 's|^\.ds llshim-sysconfdir .*|.ds llshim-sysconfdir $(SYSCONFDIR)|' \
	-e '/^\.TH /s|"llshim [^"]*"|"llshim $(VERSION)"|' \
	-e 's|^\.ds llshim-datadir .*|.ds llshim-datadir $(DATADIR)|' \
	-e 's|^\.ds llshim-libdir .*|.ds llshim-libdir $(LIBDIR)|'

INSTALLED_CLI = $(DESTDIR)$(BINDIR)/llshim \
	$(DESTDIR)$(MANDIR)/man1/llshim.1 \
	$(DESTDIR)$(MANDIR)/man5/llshim.conf.5 \
	$(DESTDIR)$(MANDIR)/man8/libllshim.8 \
	$(DESTDIR)$(DATADIR)/bash-completion/completions/llshim

.PHONY: install-cli uninstall-cli lint-cli format-cli

install: install-cli
uninstall: uninstall-cli
lint: lint-cli
format: format-cli

install-cli: $(B)/llshim $(MAN_PAGES) $(COMPLETION)
	install -d -m 0755 $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions
	install -m 0755 $(B)/llshim $(DESTDIR)$(BINDIR)/llshim
	for page in $(MAN_PAGES); do \
		section=$${page##*.}; \
		sed $(MAN_PATHS) $$page >$(DESTDIR)$(MANDIR)/man$$section/$${page#man/} \
			&& chmod 0644 $(DESTDIR)$(MANDIR)/man$$section/$${page#man/} \
			|| exit 1; \
	done
	install -m 0644 $(COMPLETION) \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/llshim

# Only the files: bin/, man*/ and completions/ are shared with others.
uninstall-cli:
	rm -f $(INSTALLED_CLI)

lint-cli:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--inline-suppr -D_GNU_SOURCE $(CLI_DEFINES) -Ipolicy -Ishim cli
	shellcheck -s bash $(COMPLETION)

format-cli:
	clang-format -i cli/*.c cli/*.h

# man(1) renders the pages in tests/cli_docs.bats.
DEPS += groff-base man-db
