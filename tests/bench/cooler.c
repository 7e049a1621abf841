// SPDX-License-Identifier: MIT
/*
 * cooler: writes one byte in every cache line of 64 MiB, more than the
 * last-level cache of the machines this runs on, so that the next program
 * started finds the caches holding nothing of its own (make bench-phases,
 * phases -c).  The pages come and go with this process.
 */
#include <stdlib.h>

#define SWEEP_BYTES (64UL << 20)
#define LINE_BYTES  64

int main(void)
{
	volatile unsigned char *p = malloc(SWEEP_BYTES);
	size_t i;

	if (!p)
		return 1;
	for (i = 0; i < SWEEP_BYTES; i += LINE_BYTES)
		p[i]++;
	return 0;
}
