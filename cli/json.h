/* SPDX-License-Identifier: MIT */
/*
 * A tiny streaming JSON writer for `llshim check --json`: objects, arrays,
 * strings, numbers and booleans, with commas and escaping done for the
 * caller.  @key is the member name inside an object, NULL elsewhere.
 */
#ifndef LLSHIM_JSON_H
#define LLSHIM_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define LLSHIM_JSON_MAX_DEPTH 16

struct llshim_json {
	FILE *out;
	int depth;
	bool has_items[LLSHIM_JSON_MAX_DEPTH];
};

void llshim_json_init(struct llshim_json *j, FILE *out);
void llshim_json_begin_object(struct llshim_json *j, const char *key);
void llshim_json_end_object(struct llshim_json *j);
void llshim_json_begin_array(struct llshim_json *j, const char *key);
void llshim_json_end_array(struct llshim_json *j);
/* A NULL @value writes null. */
void llshim_json_string(struct llshim_json *j, const char *key,
			const char *value);
void llshim_json_uint(struct llshim_json *j, const char *key, uint64_t value);
void llshim_json_int(struct llshim_json *j, const char *key, long long value);
void llshim_json_bool(struct llshim_json *j, const char *key, bool value);

#endif
