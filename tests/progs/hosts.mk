# SPDX-License-Identifier: MIT
# Link flags and the shared library of the hygiene, symbols and threads hosts.

# Exports the host's own config_* traps to the global namespace.
TEST_LDLIBS_hostcfg_export = -rdynamic
# A host with its own libconfig.
TEST_LDLIBS_hostcfg_link = -lconfig
# A host whose DT_NEEDED library starts a thread before the shim runs.
TEST_LDLIBS_threadhost = -L$(B)/tests -lthreadlib -Wl,-rpath,'$$ORIGIN'

test-progs: $(B)/tests/libthreadlib.so
$(B)/tests/threadhost: $(B)/tests/libthreadlib.so

# Under lib/ so that the tests/progs/*.c wildcard does not make it a program.
$(B)/tests/libthreadlib.so: tests/progs/lib/threadlib.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -Wall -Wextra -D_GNU_SOURCE -fPIC -shared -pthread -o $@ $<
