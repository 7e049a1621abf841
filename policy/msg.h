/* SPDX-License-Identifier: MIT */
/*
 * A bounded message buffer built from whole strings and numbers, without
 * stdio: the constructor runs inside someone else's process, where the first
 * snprintf() alone costs more than a whole Landlock layer.
 */
#ifndef LLSHIM_MSG_H
#define LLSHIM_MSG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define LLSHIM_MSG_MAX 1024

struct llshim_msg {
	char text[LLSHIM_MSG_MAX];
	size_t len;
};

void llshim_msg_clear(struct llshim_msg *msg);
/*
 * llshim_msg_add(msg, "a", "b"): appends the strings; truncates (marked
 * "...") when full.  The macros add the NULL that ends the list.
 */
#define llshim_msg_add(msg, ...)                                               \
	llshim_msg_add_strings((msg), __VA_ARGS__, (const char *)NULL)
#define llshim_msg_set(msg, ...)                                               \
	llshim_msg_set_strings((msg), __VA_ARGS__, (const char *)NULL)
void llshim_msg_add_strings(struct llshim_msg *msg, ...);
void llshim_msg_set_strings(struct llshim_msg *msg, ...);
void llshim_msg_vadd(struct llshim_msg *msg, va_list ap);
void llshim_msg_add_uint(struct llshim_msg *msg, uint64_t value);
void llshim_msg_add_hex(struct llshim_msg *msg, uint64_t value);
/* Appends ": <strerror(err)>" using the thread-safe strerror variant. */
void llshim_msg_add_errno(struct llshim_msg *msg, int err);
/*
 * strerror()'s text, not localized, without allocation, or NULL: libc's
 * strerrordesc_np(), called directly (libc.c) or, inside the shim, found
 * at run time (shim/libc.c).
 */
const char *llshim_errno_text(int err);

#endif
