// SPDX-License-Identifier: MIT
/* Prints the running kernel's Landlock ABI version, 0 when unavailable. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, 1U << 0);

	printf("%ld\n", abi < 0 ? 0 : abi);
	return 0;
}
