/* SPDX-License-Identifier: MIT */
/* The shim's one output path: "llshim: <program>: <message>" on stderr. */
#ifndef LLSHIM_LOG_H
#define LLSHIM_LOG_H

#include "msg.h"

/* Writes one line with a single write(2); never touches stdio or errno. */
void llshim_log(const char *message);

/* Writes the line, then ends the process with _exit(126) (SPEC.md 5). */
__attribute__((noreturn)) void llshim_refuse(const char *message);

#endif
