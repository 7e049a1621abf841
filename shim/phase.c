// SPDX-License-Identifier: MIT
/*
 * The marks of phase.h and their report, built only for `make
 * bench-phases` (PHASES=1): never part of an installed shim.
 */
#include "phase.h"
#include "sys.h"

#ifdef LLSHIM_PHASES

/* Initialised, so in .data: the front zeroes the .bss before reporting. */
uint64_t llshim_phase_at[LLSHIM_PHASE_COUNT] = { 1 };

static char *put_decimal(char *p, uint64_t n)
{
	char digits[20];
	size_t len = 0;

	do {
		digits[len++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (len)
		*p++ = digits[--len];
	return p;
}

void llshim_phase_report(void)
{
	static const char tag[] = "llshim-phases";
	char line[sizeof(tag) + LLSHIM_PHASE_COUNT * 21 + 1];
	char *p = line;
	size_t i;

	for (i = 0; i + 1 < sizeof(tag); i++)
		*p++ = tag[i];
	for (i = 0; i < LLSHIM_PHASE_COUNT; i++) {
		*p++ = ' ';
		p = put_decimal(p, llshim_phase_at[i]);
	}
	*p++ = '\n';
	/* Not open: the harness did not ask, and nothing is written. */
	llshim_sys_write_all(3, line, (size_t)(p - line));
}

#endif
