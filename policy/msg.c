// SPDX-License-Identifier: MIT
/* Bounded messages made of whole strings and numbers, without stdio. */
#include <stdarg.h>

#include "msg.h"
#include "str.h"

static void add_bytes(struct llshim_msg *msg, const char *s, size_t n)
{
	size_t room = sizeof(msg->text) - 1 - msg->len;

	if (n > room) {
		/* Mark the cut so a truncated message never reads as whole. */
		llshim_memcpy(msg->text + msg->len, s, room);
		msg->len += room;
		if (msg->len >= 3)
			llshim_memcpy(msg->text + msg->len - 3, "...", 3);
	} else {
		llshim_memcpy(msg->text + msg->len, s, n);
		msg->len += n;
	}
	msg->text[msg->len] = '\0';
}

void llshim_msg_clear(struct llshim_msg *msg)
{
	msg->len = 0;
	msg->text[0] = '\0';
}

void llshim_msg_vadd(struct llshim_msg *msg, va_list ap)
{
	const char *s;

	while ((s = va_arg(ap, const char *)))
		add_bytes(msg, s, llshim_strlen(s));
}

void llshim_msg_add_strings(struct llshim_msg *msg, ...)
{
	va_list ap;

	va_start(ap, msg);
	llshim_msg_vadd(msg, ap);
	va_end(ap);
}

void llshim_msg_set_strings(struct llshim_msg *msg, ...)
{
	va_list ap;

	llshim_msg_clear(msg);
	va_start(ap, msg);
	llshim_msg_vadd(msg, ap);
	va_end(ap);
}

static void add_number(struct llshim_msg *msg, uint64_t value, unsigned base)
{
	char digits[24];
	size_t i = sizeof(digits);

	do {
		digits[--i] = "0123456789abcdef"[value % base];
		value /= base;
	} while (value);
	add_bytes(msg, digits + i, sizeof(digits) - i);
}

void llshim_msg_add_uint(struct llshim_msg *msg, uint64_t value)
{
	add_number(msg, value, 10);
}

void llshim_msg_add_hex(struct llshim_msg *msg, uint64_t value)
{
	add_bytes(msg, "0x", 2);
	add_number(msg, value, 16);
}

void llshim_msg_add_errno(struct llshim_msg *msg, int err)
{
	const char *desc = llshim_errno_text(err);

	llshim_msg_add(msg, ": ", desc ? desc : "unknown error");
}
