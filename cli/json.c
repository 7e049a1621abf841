// SPDX-License-Identifier: MIT
/* The JSON writer of `llshim check --json` (RFC 8259). */
#include <inttypes.h>

#include "json.h"

void llshim_json_init(struct llshim_json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->has_items[0] = false;
}

/* Length of the valid UTF-8 sequence at @s, or 0 when it is not one. */
static int utf8_length(const unsigned char *s)
{
	int len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/*
 * Paths are bytes, JSON is Unicode: a byte that is not part of valid
 * UTF-8 is written as the code point of the same value (U+0080..U+00FF),
 * so the output always parses.
 */
static void write_string(FILE *out, const char *value)
{
	const unsigned char *s = (const unsigned char *)value;
	int len;

	fputc('"', out);
	while (*s) {
		if (*s == '"' || *s == '\\') {
			fprintf(out, "\\%c", *s++);
		} else if (*s == '\n') {
			fputs("\\n", out);
			s++;
		} else if (*s == '\t') {
			fputs("\\t", out);
			s++;
		} else if (*s < 0x20 || *s == 0x7f) {
			fprintf(out, "\\u%04x", *s++);
		} else {
			len = utf8_length(s);
			if (!len) {
				fprintf(out, "\\u%04x", *s++);
				continue;
			}
			fwrite(s, 1, (size_t)len, out);
			s += len;
		}
	}
	fputc('"', out);
}

/* The comma before an item, and its key inside an object. */
static void item(struct llshim_json *j, const char *key)
{
	if (j->has_items[j->depth])
		fputc(',', j->out);
	j->has_items[j->depth] = true;
	if (key) {
		write_string(j->out, key);
		fputc(':', j->out);
	}
}

static void begin(struct llshim_json *j, const char *key, char bracket)
{
	item(j, key);
	fputc(bracket, j->out);
	if (j->depth < LLSHIM_JSON_MAX_DEPTH - 1)
		j->depth++;
	j->has_items[j->depth] = false;
}

static void end(struct llshim_json *j, char bracket)
{
	fputc(bracket, j->out);
	if (j->depth > 0)
		j->depth--;
	if (j->depth == 0)
		fputc('\n', j->out);
}

void llshim_json_begin_object(struct llshim_json *j, const char *key)
{
	begin(j, key, '{');
}

void llshim_json_end_object(struct llshim_json *j)
{
	end(j, '}');
}

void llshim_json_begin_array(struct llshim_json *j, const char *key)
{
	begin(j, key, '[');
}

void llshim_json_end_array(struct llshim_json *j)
{
	end(j, ']');
}

void llshim_json_string(struct llshim_json *j, const char *key,
			const char *value)
{
	item(j, key);
	if (value)
		write_string(j->out, value);
	else
		fputs("null", j->out);
}

void llshim_json_uint(struct llshim_json *j, const char *key, uint64_t value)
{
	item(j, key);
	fprintf(j->out, "%" PRIu64, value);
}

void llshim_json_int(struct llshim_json *j, const char *key, long long value)
{
	item(j, key);
	fprintf(j->out, "%lld", value);
}

void llshim_json_bool(struct llshim_json *j, const char *key, bool value)
{
	item(j, key);
	fputs(value ? "true" : "false", j->out);
}
