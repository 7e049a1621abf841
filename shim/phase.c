// SPDX-License-Identifier: MIT
/*
 * The marks of phase.h and their report, built only for `make
 * bench-phases` (PHASES=1): never part of an installed shim.
 */
#include "msg.h"
#include "phase.h"
#include "sys.h"

#ifdef LLSHIM_PHASES

/* Past the .bss the front gives back before reporting (layout.ld.in). */
uint64_t llshim_phase_at[LLSHIM_PHASE_COUNT];

/* The .bss is gone by now: the line is built on the stack. */
void llshim_phase_report(void)
{
	struct llshim_msg line;
	size_t i;

	llshim_msg_set(&line, "llshim-phases");
	for (i = 0; i < LLSHIM_PHASE_COUNT; i++) {
		llshim_msg_add(&line, " ");
		llshim_msg_add_uint(&line, llshim_phase_at[i]);
	}
	llshim_msg_add(&line, "\n");
	/* Not open: the harness did not ask, and nothing is written. */
	llshim_sys_write_all(3, line.text, line.len);
}

#endif
