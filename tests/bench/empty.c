// SPDX-License-Identifier: MIT
/*
 * The cost of LD_PRELOAD itself: a preloaded library whose constructor does
 * nothing, so that the loader maps, relocates and initialises it exactly
 * as it does libllshim.so.
 */
__attribute__((constructor)) static void empty_init(void)
{
}
