/* SPDX-License-Identifier: MIT */
/*
 * Turning loaded policies into enforced Landlock layers, shared by the
 * constructor and `llshim run`: plan each policy for this kernel, fill
 * every ruleset, and only then set no_new_privs and enforce them all.
 * Errors come back as a negative errno with msg set; the caller decides
 * how to refuse.
 */
#ifndef LLSHIM_LAYERS_H
#define LLSHIM_LAYERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "plan.h"
#include "policy.h"

/* The kernel stacks at most 16 Landlock layers. */
#define LLSHIM_MAX_LAYERS 16

struct llshim_layer {
	struct llshim_policy *policy;
	void (*free)(struct llshim_policy *policy); /* its allocator's free */
	struct llshim_plan plan;
	int fd;	     /* the filled ruleset, or -1 */
	int last_fd; /* the last descriptor closed with it (landlock.h) */
	/* Left open by the source (its compiled file), or -1: closed with
	 * the ruleset, in the same call when it comes right before it. */
	int held_fd;
	unsigned rule_count;
	size_t same_as; /* 1 + index of an identical earlier layer, or 0 */
	bool skipped;	/* best-effort: nothing to restrict on this kernel */
	/* Bit i: always_readable[i] needed no rule (llshim_ruleset_build). */
	uint32_t beneath;
};

/* A layer before it is built: no ruleset, nothing held open. */
#define LLSHIM_LAYER_INIT ((struct llshim_layer){ .fd = -1, .held_fd = -1 })

/*
 * Plans and fills every layer's ruleset.  @always_readable: NULL-terminated
 * files every layer lets the program read (the shim itself, a script).
 * Best-effort layers that restrict nothing on this kernel are skipped and
 * reported through @warn.
 */
int llshim_layers_build(struct llshim_layer *layers, size_t count, int abi,
			const char *const *always_readable,
			void (*warn)(const char *message),
			struct llshim_msg *msg);

/*
 * no_new_privs, then every filled layer, covering all threads or failing.
 * The threads are counted in /proc (whose first use in a process costs
 * about 17 us) unless the caller knows there is only one.
 */
int llshim_layers_enforce(struct llshim_layer *layers, size_t count, int abi,
			  bool single_threaded, struct llshim_msg *msg);

/* Closes the rulesets and held descriptors and frees the policies. */
void llshim_layers_release(struct llshim_layer *layers, size_t count);

/* One line for LLSHIM_DEBUG: source, rules, handled rights, flags, drops. */
void llshim_layer_describe(const struct llshim_layer *layer, size_t index,
			   struct llshim_msg *msg);

#endif
