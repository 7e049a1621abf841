/* SPDX-License-Identifier: MIT */
/*
 * Time marks at the constructor's phase boundaries, for `make
 * bench-phases` (tests/bench/phases.c) only.  Its build (PHASES=1, in a
 * directory of its own) defines LLSHIM_PHASES: each mark then reads the
 * processor's cycle counter, and the front writes the marks as one line to
 * file descriptor 3.  In every other build the marks are nothing at all.
 */
#ifndef LLSHIM_PHASE_H
#define LLSHIM_PHASE_H

#include <stdint.h>

/* In the order a start reaches them; one that does not run stays 0. */
enum llshim_phase {
	LLSHIM_PHASE_ENTER,    /* the front begins */
	LLSHIM_PHASE_DIRS,     /* the two policy directories opened */
	LLSHIM_PHASE_LOOKUP,   /* the program named and its policies found */
	LLSHIM_PHASE_START,    /* cold code reached, start-up record taken */
	LLSHIM_PHASE_LIBC,     /* libc's few functions found */
	LLSHIM_PHASE_SOURCES,  /* every source loaded: elected, compiled
				* forms read and checked, or files parsed */
	LLSHIM_PHASE_PROBE,    /* the kernel's Landlock ABI */
	LLSHIM_PHASE_READABLE, /* the always-readable paths listed */
	LLSHIM_PHASE_BUILD,    /* every ruleset made and filled */
	LLSHIM_PHASE_STORE,    /* compiled forms written */
	LLSHIM_PHASE_ENFORCE,  /* no_new_privs, every layer restricted */
	LLSHIM_PHASE_RELEASE,  /* descriptors and the parser closed */
	LLSHIM_PHASE_SCRUB,    /* the environment scrubbed */
	LLSHIM_PHASE_PAGES,    /* code and scratch pages given back */
	LLSHIM_PHASE_COUNT
};

#ifdef LLSHIM_PHASES

#if !defined(__x86_64__) && !defined(__aarch64__)
#error "phase marks read a cycle counter: x86_64 or aarch64 only"
#endif

/* On a page of its own, past the .bss the front gives back. */
extern uint64_t llshim_phase_at[LLSHIM_PHASE_COUNT];

static inline uint64_t llshim_phase_cycles(void)
{
#if defined(__x86_64__)
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
#else
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
#endif
}

static inline void llshim_phase(enum llshim_phase p)
{
	/* The first write copies the page: done before the clock is read. */
	*(volatile uint64_t *)&llshim_phase_at[p] = 0;
	*(volatile uint64_t *)&llshim_phase_at[p] = llshim_phase_cycles();
}

/* "llshim-phases" and the marks, in cycles, one line on descriptor 3. */
void llshim_phase_report(void);

#else

static inline void llshim_phase(enum llshim_phase p)
{
	(void)p;
}

static inline void llshim_phase_report(void)
{
}

#endif
#endif
