// SPDX-License-Identifier: MIT
/* Building and enforcing all layers of one start (see layers.h). */
#include <errno.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "landlock.h"
#include "layers.h"
#include "rights.h"
#include "sys.h"

/*
 * An identical layer found twice (two identities, two directories) is
 * applied once: the intersection is the same and layers are scarce.
 */
static size_t earlier_same(const struct llshim_layer *layers, size_t index)
{
	size_t i;

	for (i = 0; i < index; i++)
		if (!layers[i].same_as &&
		    llshim_policy_same(layers[i].policy, layers[index].policy))
			return i + 1;
	return 0;
}

static int build_one(struct llshim_layer *layer, int abi,
		     const char *const *always_readable,
		     void (*warn)(const char *message), struct llshim_msg *msg)
{
	int err = llshim_plan_layer(layer->policy, abi, &layer->plan, msg);

	if (err == -ENOMSG &&
	    layer->policy->compat == LLSHIM_COMPAT_BEST_EFFORT) {
		llshim_msg_add(msg, "; layer skipped");
		warn(msg->text);
		layer->skipped = true;
		return 0;
	}
	if (!err)
		err = llshim_ruleset_build(
		    layer->policy, &layer->plan, always_readable, &layer->fd,
		    &layer->last_fd, &layer->rule_count, &layer->beneath, msg);
	return err;
}

int llshim_layers_build(struct llshim_layer *layers, size_t count, int abi,
			const char *const *always_readable,
			void (*warn)(const char *message),
			struct llshim_msg *msg)
{
	size_t i;
	int err;

	for (i = 0; i < count; i++) {
		layers[i].same_as = earlier_same(layers, i);
		if (layers[i].same_as) {
			layers[i].beneath =
			    layers[layers[i].same_as - 1].beneath;
			continue;
		}
		err = build_one(&layers[i], abi, always_readable, warn, msg);
		if (err)
			return err;
	}
	return 0;
}

/*
 * /proc/self/task has a link per thread beyond "." and "..".  stat() is
 * not restricted by Landlock, so this works inside a parent's sandbox,
 * where reading /proc/self/stat may be denied.
 */
static long count_threads(void)
{
	struct stat st;

	if (llshim_sys_stat("/proc/self/task", &st) || st.st_nlink < 3)
		return -1;
	return (long)st.st_nlink - 2;
}

/* Landlock restricts the calling thread; others need TSYNC (ABI 8). */
static int thread_flags(int abi, bool single_threaded, uint32_t *flags,
			struct llshim_msg *msg)
{
	long threads = single_threaded ? 1 : count_threads();

	*flags = 0;
	if (threads == 1)
		return 0;
	if (abi >= 8) {
		*flags = LLSHIM_RESTRICT_TSYNC;
		return 0;
	}
	if (threads < 0) {
		llshim_msg_set(msg, "cannot count this process's threads "
				    "(no /proc/self/task), so cannot know that "
				    "the sandbox covers them all");
		return -ENOENT;
	}
	llshim_msg_set(msg, "");
	llshim_msg_add_uint(msg, (uint64_t)threads);
	llshim_msg_add(msg, " threads are already running and this kernel "
			    "(Landlock ABI ");
	llshim_msg_add_uint(msg, (uint64_t)abi);
	llshim_msg_add(msg, ") cannot restrict them all (needs ABI 8, TSYNC)");
	return -EPERM;
}

static int enforce_error(const struct llshim_layer *layer, int err,
			 struct llshim_msg *msg)
{
	if (err == -E2BIG) {
		llshim_msg_set(msg, layer->policy->source,
			       ": cannot enforce: Landlock stacks at most 16 "
			       "layers and this process already has them all "
			       "(E2BIG)");
		return err;
	}
	llshim_msg_set(msg, layer->policy->source,
		       ": cannot enforce the Landlock ruleset");
	llshim_msg_add_errno(msg, -err);
	return err;
}

int llshim_layers_enforce(struct llshim_layer *layers, size_t count, int abi,
			  bool single_threaded, struct llshim_msg *msg)
{
	uint32_t extra;
	size_t i;
	int err = thread_flags(abi, single_threaded, &extra, msg);

	if (err)
		return err;
	err = llshim_sys_prctl(PR_SET_NO_NEW_PRIVS, 1);
	if (err) {
		llshim_msg_set(msg, "cannot set no_new_privs");
		llshim_msg_add_errno(msg, -err);
		return err;
	}
	for (i = 0; i < count; i++) {
		if (layers[i].fd < 0)
			continue;
		err = llshim_ruleset_enforce(
		    layers[i].fd, layers[i].plan.restrict_flags | extra);
		if (err)
			return enforce_error(&layers[i], err, msg);
	}
	return 0;
}

/* A source's file, opened first, usually has the number right before its
 * ruleset's: one close_range(2) for the file, the ruleset and its rules. */
static void close_layer(const struct llshim_layer *layer)
{
	int first = layer->fd, held = layer->held_fd;

	if (held >= 0 && first >= 0 && held == first - 1)
		first = held;
	else if (held >= 0)
		llshim_sys_close(held);
	if (first >= 0)
		llshim_ruleset_close(first, layer->last_fd);
}

void llshim_layers_release(struct llshim_layer *layers, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		close_layer(&layers[i]);
		layers[i].fd = -1;
		layers[i].held_fd = -1;
		if (layers[i].policy)
			layers[i].free(layers[i].policy);
		layers[i].policy = NULL;
	}
}

void llshim_layer_describe(const struct llshim_layer *layer, size_t index,
			   struct llshim_msg *msg)
{
	const struct llshim_plan *plan = &layer->plan;

	llshim_msg_set(msg, "layer ");
	llshim_msg_add_uint(msg, index + 1);
	llshim_msg_add(msg, ": ", layer->policy->source, ": ");
	if (layer->same_as) {
		llshim_msg_add(msg, "same as layer ");
		llshim_msg_add_uint(msg, layer->same_as);
		llshim_msg_add(msg, ", applied once");
		return;
	}
	if (layer->skipped) {
		llshim_msg_add(msg, "skipped");
		return;
	}
	llshim_msg_add_uint(msg, layer->rule_count);
	llshim_msg_add(msg, " rules; handled fs: ");
	llshim_msg_add_fs_rights(msg, plan->attr.handled_access_fs);
	llshim_msg_add(msg, "; net: ");
	llshim_msg_add_net_rights(msg, plan->attr.handled_access_net);
	llshim_msg_add(msg, "; scoped: ");
	llshim_msg_add_scopes(msg, plan->attr.scoped);
	llshim_msg_add(msg, "; flags: ");
	llshim_msg_add_restrict_flags(msg, plan->restrict_flags);
	llshim_msg_add(msg, "; dropped for ABI ");
	llshim_msg_add_uint(msg, (uint64_t)plan->kernel_abi);
	llshim_msg_add(msg, ": ");
	llshim_plan_describe_dropped(plan, msg);
}
