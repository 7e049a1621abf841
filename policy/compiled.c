// SPDX-License-Identifier: MIT
/*
 * Compiled policies (compiled.h): the inputs the parser records, and the
 * bytes of a policy with those inputs.  Freestanding (sys.h, str.h,
 * alloc.h): the shim's front decodes in every start of a program with a
 * policy file, so this file imports nothing from libc.
 *
 * The bytes, in this machine's byte order (they never leave it):
 *
 *   header  "LLSHIMC\0", u32 format version, str build id, u32 uid,
 *           u32 kind, str policy path, str source
 *   layer   u32 compat, u32 abi pin, u8 fs handled, u64 scoped,
 *           u32 restrict flags, then bind and connect each as
 *           u8 handled, u32 count, count x u16 port
 *   rules   u32 count, then each: str path, u64 access, u8 flags
 *           (1 required, 2 no directory when compiled), str origin
 *   beneath u32 count, then each: str path (policy.h: always-readable
 *           paths found beneath the rules when it was written)
 *   inputs  u32 count, then each: u8 kind, str path and, for files and
 *           directories, u64 dev, ino, u32 mode, uid, gid, i64 size,
 *           mtime sec, nsec, ctime sec, nsec
 *   vars    u32 count, then each: str name, u8 set, str value when set
 *   sum     u64 checksum() of every byte before it
 *
 * A str is a u32 length, that many bytes, none of them NUL, and a NUL:
 * the decoded policy's strings point into its copy of the bytes.  The
 * buffer ends exactly after the sum.  Only its owner can have written the
 * file (compiled_store.c); the sum catches what a crash or a disk left of
 * it, so such a file is refused as a whole, not read as another policy.
 * Past the sum, the reader checks every length and
 * count against the bytes left before it uses them: a count can never ask
 * for more records than the remaining bytes could hold, so a corrupt file
 * cannot make it allocate more than a few times its own size.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "alloc.h"
#include "compiled.h"
#include "landlock_uapi.h"
#include "policy.h"
#include "str.h"
#include "sys.h"

#ifndef LLSHIM_BUILD_ID
#error "LLSHIM_BUILD_ID must name this build (the Makefile defines it)"
#endif

#define MAGIC	       "LLSHIMC"
#define FORMAT_VERSION 3
/* Bounds of the strings of a compiled policy: paths as the kernel takes
 * them, and messages ("file:line", "LLSHIM_POLICY=file") a bit longer. */
#define PATH_BYTES_MAX 4095
#define STR_BYTES_MAX  8191
/* The smallest record of each list, for the bound on its count. */
#define STR_MIN	  (4 + 1)
#define RULE_MIN  (STR_MIN + 8 + 1 + STR_MIN)
#define INPUT_MIN (1 + STR_MIN)
#define VAR_MIN	  (STR_MIN + 1)
#define SUM_BYTES 8
/* A rule's flags. */
#define RULE_REQUIRED 1
#define RULE_NOT_DIR  2

uint64_t llshim_fnv1a(uint64_t hash, const void *bytes, size_t n)
{
	const unsigned char *p = bytes;

	while (n--) {
		hash ^= *p++;
		hash *= LLSHIM_FNV1A_PRIME;
	}
	return hash;
}

/*
 * FNV-1a's step on eight bytes at a time (the last word zero-padded),
 * then on the length: eight times fewer steps than bytewise.  Each step
 * maps the running value one-to-one, so any change confined to one word
 * always changes the sum.
 */
static uint64_t checksum(const unsigned char *bytes, size_t len)
{
	uint64_t hash = LLSHIM_FNV1A_START, word;
	size_t left;

	for (left = len; left >= sizeof(word); left -= sizeof(word)) {
		__builtin_memcpy(&word, bytes, sizeof(word));
		hash = (hash ^ word) * LLSHIM_FNV1A_PRIME;
		bytes += sizeof(word);
	}
	word = 0;
	llshim_memcpy(&word, bytes, left);
	hash = (hash ^ word) * LLSHIM_FNV1A_PRIME;
	return (hash ^ len) * LLSHIM_FNV1A_PRIME;
}

void llshim_compiled_seal(void *buf, size_t len)
{
	uint64_t sum;

	if (len < SUM_BYTES)
		return;
	sum = checksum(buf, len - SUM_BYTES);
	llshim_memcpy((unsigned char *)buf + len - SUM_BYTES, &sum, SUM_BYTES);
}

/* Recording ------------------------------------------------------------ */

struct llshim_inputs *llshim_inputs_new(enum llshim_policy_kind kind,
					const char *path)
{
	struct llshim_inputs *in = llshim_alloc(sizeof(*in));

	if (!in)
		return NULL;
	in->path = llshim_strdup(path);
	if (!in->path) {
		llshim_free(in);
		return NULL;
	}
	in->kind = kind;
	return in;
}

void llshim_inputs_free(struct llshim_inputs *in)
{
	size_t i;

	if (!in)
		return;
	for (i = 0; i < in->file_count; i++)
		llshim_free(in->files[i].path);
	for (i = 0; i < in->var_count; i++) {
		llshim_free(in->vars[i].name);
		llshim_free(in->vars[i].value);
	}
	llshim_free(in->files);
	llshim_free(in->vars);
	llshim_free(in->path);
	llshim_free(in);
}

/* @array, or a bigger copy, with room for one more element; NULL when
 * out of memory. */
static void *room_for_one(void *array, size_t count, size_t *capacity,
			  size_t size)
{
	size_t want = *capacity ? *capacity * 2 : 16;
	void *bigger;

	if (count < *capacity)
		return array;
	bigger = llshim_realloc(array, want * size);
	if (bigger)
		*capacity = want;
	return bigger;
}

static int no_memory(struct llshim_inputs *in)
{
	in->uncacheable = true;
	return -ENOMEM;
}

static void take_stat(struct llshim_input *input, const struct stat *st)
{
	input->dev = (uint64_t)st->st_dev;
	input->ino = (uint64_t)st->st_ino;
	input->mode = (uint32_t)st->st_mode;
	input->uid = (uint32_t)st->st_uid;
	input->gid = (uint32_t)st->st_gid;
	input->size = (int64_t)st->st_size;
	input->mtime_sec = (int64_t)st->st_mtim.tv_sec;
	input->mtime_nsec = (int64_t)st->st_mtim.tv_nsec;
	input->ctime_sec = (int64_t)st->st_ctim.tv_sec;
	input->ctime_nsec = (int64_t)st->st_ctim.tv_nsec;
}

/* Whether @st agrees with @input on what a later start checks. */
static bool stat_holds(const struct llshim_input *input, const struct stat *st)
{
	if (input->kind == LLSHIM_INPUT_ABSENT)
		return false;
	if (input->dev != (uint64_t)st->st_dev ||
	    input->ino != (uint64_t)st->st_ino ||
	    input->mode != (uint32_t)st->st_mode ||
	    input->uid != (uint32_t)st->st_uid ||
	    input->gid != (uint32_t)st->st_gid)
		return false;
	/* A directory's times move with every file made in it. */
	if (input->kind == LLSHIM_INPUT_DIR)
		return true;
	return input->size == (int64_t)st->st_size &&
	       input->mtime_sec == (int64_t)st->st_mtim.tv_sec &&
	       input->mtime_nsec == (int64_t)st->st_mtim.tv_nsec &&
	       input->ctime_sec == (int64_t)st->st_ctim.tv_sec &&
	       input->ctime_nsec == (int64_t)st->st_ctim.tv_nsec;
}

static int add_input(struct llshim_inputs *in, enum llshim_input_kind kind,
		     const char *path, const struct stat *st)
{
	struct llshim_input *input;
	size_t i;

	if (!in)
		return 0;
	/* The trust checks stat the same directories for every profile:
	 * keep each once.  A path seen twice with different answers changed
	 * while it was read: nothing a later start could check. */
	for (i = 0; i < in->file_count; i++) {
		if (!llshim_streq(in->files[i].path, path))
			continue;
		if (in->files[i].kind != kind ||
		    (st && !stat_holds(&in->files[i], st)))
			in->uncacheable = true;
		return 0;
	}
	input = room_for_one(in->files, in->file_count, &in->file_capacity,
			     sizeof(*in->files));
	if (!input)
		return no_memory(in);
	in->files = input;
	input += in->file_count;
	*input = (struct llshim_input){ .kind = kind };
	if (st)
		take_stat(input, st);
	input->path = llshim_strdup(path);
	if (!input->path)
		return no_memory(in);
	in->file_count++;
	return 0;
}

int llshim_inputs_add_stat(struct llshim_inputs *in,
			   enum llshim_input_kind kind, const char *path,
			   const struct stat *st)
{
	return add_input(in, kind, path, st);
}

int llshim_inputs_add_absent(struct llshim_inputs *in, const char *path)
{
	return add_input(in, LLSHIM_INPUT_ABSENT, path, NULL);
}

static bool same_value(const char *a, const char *b)
{
	return a == b || (a && b && llshim_streq(a, b));
}

int llshim_inputs_add_var(struct llshim_inputs *in, const char *name,
			  const char *value)
{
	struct llshim_input_var *var;
	size_t i;

	if (!in)
		return 0;
	for (i = 0; i < in->var_count; i++) {
		if (!llshim_streq(in->vars[i].name, name))
			continue;
		if (!same_value(in->vars[i].value, value))
			in->uncacheable = true;
		return 0;
	}
	var = room_for_one(in->vars, in->var_count, &in->var_capacity,
			   sizeof(*in->vars));
	if (!var)
		return no_memory(in);
	in->vars = var;
	var += in->var_count;
	var->name = llshim_strdup(name);
	var->value = value ? llshim_strdup(value) : NULL;
	if (!var->name || (value && !var->value)) {
		llshim_free(var->name);
		llshim_free(var->value);
		return no_memory(in);
	}
	in->var_count++;
	return 0;
}

/* Writing -------------------------------------------------------------- */

struct writer {
	unsigned char *buf; /* NULL: only count the bytes */
	size_t len;
};

static void put(struct writer *w, const void *bytes, size_t n)
{
	if (w->buf)
		llshim_memcpy(w->buf + w->len, bytes, n);
	w->len += n;
}

static void put_u8(struct writer *w, uint8_t v)
{
	put(w, &v, sizeof(v));
}

static void put_u16(struct writer *w, uint16_t v)
{
	put(w, &v, sizeof(v));
}

static void put_u32(struct writer *w, uint32_t v)
{
	put(w, &v, sizeof(v));
}

static void put_u64(struct writer *w, uint64_t v)
{
	put(w, &v, sizeof(v));
}

static void put_str(struct writer *w, const char *s)
{
	uint32_t n = (uint32_t)llshim_strlen(s);

	put_u32(w, n);
	put(w, s, n + 1);
}

static void put_ports(struct writer *w, const struct llshim_port_rules *r)
{
	size_t i;

	put_u8(w, r->handled);
	put_u32(w, (uint32_t)r->count);
	for (i = 0; i < r->count; i++)
		put_u16(w, r->ports[i]);
}

static void put_input(struct writer *w, const struct llshim_input *input)
{
	put_u8(w, (uint8_t)input->kind);
	put_str(w, input->path);
	if (input->kind == LLSHIM_INPUT_ABSENT)
		return;
	put_u64(w, input->dev);
	put_u64(w, input->ino);
	put_u32(w, input->mode);
	put_u32(w, input->uid);
	put_u32(w, input->gid);
	put_u64(w, (uint64_t)input->size);
	put_u64(w, (uint64_t)input->mtime_sec);
	put_u64(w, (uint64_t)input->mtime_nsec);
	put_u64(w, (uint64_t)input->ctime_sec);
	put_u64(w, (uint64_t)input->ctime_nsec);
}

/*
 * A rule with directory-only rights on what is no directory now: a later
 * start opens it as a file at once, sparing the failed O_DIRECTORY open
 * (landlock.c).  Should it become a directory, that start grants it only
 * the file rights, less than the policy asks.  Looked up only when
 * writing, not when counting.
 */
static uint8_t rule_flags(const struct writer *w,
			  const struct llshim_fs_rule *rule)
{
	uint8_t flags = rule->required ? RULE_REQUIRED : 0;
	struct stat st;

	if (w->buf && (rule->access & ~LLSHIM_FS_FILE_RIGHTS) &&
	    llshim_sys_stat(rule->path, &st) == 0 && !S_ISDIR(st.st_mode))
		flags |= RULE_NOT_DIR;
	return flags;
}

static size_t count_beneath(const struct llshim_policy *policy)
{
	size_t n = 0;

	while (policy->beneath && policy->beneath[n])
		n++;
	return n;
}

static void put_policy(struct writer *w, const struct llshim_policy *policy,
		       uint32_t uid)
{
	const struct llshim_inputs *in = policy->inputs;
	size_t i;

	put(w, MAGIC, sizeof(MAGIC));
	put_u32(w, FORMAT_VERSION);
	put_str(w, LLSHIM_BUILD_ID);
	put_u32(w, uid);
	put_u32(w, (uint32_t)in->kind);
	put_str(w, in->path);
	put_str(w, policy->source);

	put_u32(w, (uint32_t)policy->compat);
	put_u32(w, (uint32_t)policy->abi_pin);
	put_u8(w, policy->fs_handled);
	put_u64(w, policy->scoped);
	put_u32(w, policy->restrict_flags);
	put_ports(w, &policy->bind);
	put_ports(w, &policy->connect);

	put_u32(w, (uint32_t)policy->fs_count);
	for (i = 0; i < policy->fs_count; i++) {
		put_str(w, policy->fs[i].path);
		put_u64(w, policy->fs[i].access);
		put_u8(w, rule_flags(w, &policy->fs[i]));
		put_str(w, policy->fs[i].origin);
	}

	put_u32(w, (uint32_t)count_beneath(policy));
	for (i = 0; policy->beneath && policy->beneath[i]; i++)
		put_str(w, policy->beneath[i]);

	put_u32(w, (uint32_t)in->file_count);
	for (i = 0; i < in->file_count; i++)
		put_input(w, &in->files[i]);

	put_u32(w, (uint32_t)in->var_count);
	for (i = 0; i < in->var_count; i++) {
		put_str(w, in->vars[i].name);
		put_u8(w, in->vars[i].value != NULL);
		if (in->vars[i].value)
			put_str(w, in->vars[i].value);
	}
}

static bool fits(const char *s, size_t max)
{
	return llshim_strlen(s) <= max;
}

/* What the reader would refuse is never written. */
static bool encodable(const struct llshim_policy *policy)
{
	const struct llshim_inputs *in = policy->inputs;
	size_t i;

	if (!in || in->uncacheable || !in->path ||
	    !fits(in->path, PATH_BYTES_MAX) ||
	    !fits(policy->source, STR_BYTES_MAX) ||
	    in->kind > LLSHIM_POLICY_EXPLICIT ||
	    (uint32_t)policy->compat > LLSHIM_COMPAT_HARD ||
	    policy->abi_pin < 0 || policy->abi_pin > LLSHIM_ABI_LAST)
		return false;
	for (i = 0; i < policy->fs_count; i++)
		if (!fits(policy->fs[i].path, PATH_BYTES_MAX) ||
		    !fits(policy->fs[i].origin, STR_BYTES_MAX))
			return false;
	for (i = 0; policy->beneath && policy->beneath[i]; i++)
		if (!policy->beneath[i][0] ||
		    !fits(policy->beneath[i], PATH_BYTES_MAX))
			return false;
	for (i = 0; i < in->file_count; i++)
		if (!fits(in->files[i].path, PATH_BYTES_MAX) ||
		    in->files[i].kind > LLSHIM_INPUT_ABSENT)
			return false;
	for (i = 0; i < in->var_count; i++) {
		if (!fits(in->vars[i].name, STR_BYTES_MAX) ||
		    (in->vars[i].value &&
		     !fits(in->vars[i].value, STR_BYTES_MAX)))
			return false;
		/* A system policy knows only the kernel's UID (expand.c). */
		if (in->kind == LLSHIM_POLICY_SYSTEM &&
		    !llshim_streq(in->vars[i].name, "UID"))
			return false;
	}
	return true;
}

int llshim_compiled_encode(const struct llshim_policy *policy, uint32_t uid,
			   void **buf, size_t *len)
{
	struct writer w = { NULL, 0 };
	size_t size;

	if (!encodable(policy))
		return -EINVAL;
	put_policy(&w, policy, uid);
	if (w.len + SUM_BYTES > LLSHIM_COMPILED_MAX_BYTES)
		return -E2BIG;
	size = w.len + SUM_BYTES;
	w.buf = llshim_alloc(size);
	if (!w.buf)
		return -ENOMEM;
	w.len = 0;
	put_policy(&w, policy, uid);
	put_u64(&w, checksum(w.buf, w.len));
	*buf = w.buf;
	*len = size;
	return 0;
}

/* Reading -------------------------------------------------------------- */

struct reader {
	const unsigned char *p;
	size_t left;
	int err; /* the first error: -EINVAL, -ENOMEM; later reads are no-ops */
	/* Decoding: the policy's copy of the bytes, which p walks. */
	unsigned char *copy;
};

/* A string inside the buffer, NUL-terminated there. */
struct str {
	const char *s;
	size_t len;
};

/* The next @n bytes, or NULL (and r->err) when fewer are left.  Inline:
 * it runs for every field of every start's compiled form. */
static inline __attribute__((always_inline)) const unsigned char *
take(struct reader *r, size_t n)
{
	const unsigned char *p = r->p;

	if (r->err)
		return NULL;
	if (n > r->left) {
		r->err = -EINVAL;
		return NULL;
	}
	r->p += n;
	r->left -= n;
	return p;
}

/* A value of a fixed size: an inline move, even under -fno-builtin. */
#define GET(r, type)                                                           \
	({                                                                     \
		type v_ = 0;                                                   \
		const unsigned char *p_ = take(r, sizeof(type));               \
		if (p_)                                                        \
			__builtin_memcpy(&v_, p_, sizeof(type));               \
		v_;                                                            \
	})

static uint8_t get_u8(struct reader *r)
{
	return GET(r, uint8_t);
}

static bool get_bool(struct reader *r)
{
	uint8_t v = get_u8(r);

	if (v > 1 && !r->err)
		r->err = -EINVAL;
	return v == 1;
}

static uint16_t get_u16(struct reader *r)
{
	return GET(r, uint16_t);
}

static uint32_t get_u32(struct reader *r)
{
	return GET(r, uint32_t);
}

static uint64_t get_u64(struct reader *r)
{
	return GET(r, uint64_t);
}

/* A count of records, each at least @min bytes: never more than fit. */
static size_t get_count(struct reader *r, size_t min)
{
	uint32_t n = get_u32(r);

	if (!r->err && n > r->left / min)
		r->err = -EINVAL;
	return r->err ? 0 : n;
}

static struct str get_str(struct reader *r, size_t max)
{
	struct str str = { "", 0 };
	uint32_t n = get_u32(r);

	if (!r->err &&
	    (n > max || n >= r->left || r->p[n] || llshim_has_nul(r->p, n)))
		r->err = -EINVAL;
	if (r->err)
		return str;
	str.s = (const char *)r->p;
	str.len = n;
	r->p += n + 1;
	r->left -= n + 1;
	return str;
}

/* @str, read from the policy's copy of the bytes, as the policy's own. */
static char *kept(const struct reader *r, struct str str)
{
	return (char *)r->copy + (str.s - (const char *)r->copy);
}

static bool str_is(struct str str, const char *s)
{
	return llshim_strlen(s) == str.len && llshim_memeq(str.s, s, str.len);
}

struct header {
	uint32_t uid;
	enum llshim_policy_kind kind;
	struct str path;
	struct str source;
};

static int get_header(struct reader *r, struct header *h)
{
	const unsigned char *magic = take(r, sizeof(MAGIC));
	uint32_t kind;

	if (!magic || !llshim_memeq(magic, MAGIC, sizeof(MAGIC)) ||
	    get_u32(r) != FORMAT_VERSION ||
	    !str_is(get_str(r, STR_BYTES_MAX), LLSHIM_BUILD_ID))
		return -EINVAL;
	h->uid = get_u32(r);
	kind = get_u32(r);
	h->path = get_str(r, PATH_BYTES_MAX);
	h->source = get_str(r, STR_BYTES_MAX);
	if (r->err || kind > LLSHIM_POLICY_EXPLICIT || !h->path.len)
		return -EINVAL;
	h->kind = (enum llshim_policy_kind)kind;
	return 0;
}

int llshim_compiled_match(const void *buf, size_t len,
			  enum llshim_policy_kind kind, const char *path)
{
	struct reader r = { buf, len, 0, NULL };
	struct header h;
	int err = get_header(&r, &h);

	if (err)
		return err;
	return h.kind == kind && str_is(h.path, path) ? 0 : -ENOENT;
}

static void get_ports(struct reader *r, struct llshim_port_rules *rules)
{
	size_t i, count;

	rules->handled = get_bool(r);
	count = get_count(r, sizeof(uint16_t));
	for (i = 0; i < count && !r->err; i++)
		if (llshim_policy_add_port(rules, get_u16(r)))
			r->err = -ENOMEM;
	/* The parser never keeps a port twice: a shorter list is damage. */
	if (!r->err && rules->count != count)
		r->err = -EINVAL;
}

static void get_layer(struct reader *r, struct llshim_policy *policy)
{
	uint32_t compat = get_u32(r), abi = get_u32(r);

	if (!r->err && (compat > LLSHIM_COMPAT_HARD || abi > LLSHIM_ABI_LAST))
		r->err = -EINVAL;
	policy->compat = (enum llshim_compat)compat;
	policy->abi_pin = (int)abi;
	policy->fs_handled = get_bool(r);
	policy->scoped = get_u64(r);
	policy->restrict_flags = get_u32(r);
	get_ports(r, &policy->bind);
	get_ports(r, &policy->connect);
}

/* The rules, their strings the policy's copy's, in one array. */
static void get_rules(struct reader *r, struct llshim_policy *policy)
{
	size_t count = get_count(r, RULE_MIN);
	struct llshim_fs_rule *rule;
	struct str path, origin;
	uint8_t flags;

	if (!count)
		return;
	policy->fs = llshim_alloc(count * sizeof(*policy->fs));
	if (!policy->fs) {
		r->err = -ENOMEM;
		return;
	}
	policy->fs_capacity = count;
	while (policy->fs_count < count && !r->err) {
		path = get_str(r, PATH_BYTES_MAX);
		rule = &policy->fs[policy->fs_count];
		rule->access = get_u64(r);
		flags = get_u8(r);
		origin = get_str(r, STR_BYTES_MAX);
		if (!r->err &&
		    (!path.len || flags > (RULE_REQUIRED | RULE_NOT_DIR)))
			r->err = -EINVAL;
		if (r->err)
			return;
		rule->path = kept(r, path);
		rule->origin = kept(r, origin);
		rule->required = flags & RULE_REQUIRED;
		rule->not_dir = flags & RULE_NOT_DIR;
		policy->fs_count++;
	}
}

/* The always-readable paths known beneath the rules, NULL-terminated. */
static void get_beneath(struct reader *r, struct llshim_policy *policy)
{
	size_t i, count = get_count(r, STR_MIN);
	struct str path;

	if (!count)
		return;
	policy->beneath = llshim_alloc((count + 1) * sizeof(*policy->beneath));
	if (!policy->beneath) {
		r->err = -ENOMEM;
		return;
	}
	for (i = 0; i < count && !r->err; i++) {
		path = get_str(r, PATH_BYTES_MAX);
		if (!r->err && !path.len)
			r->err = -EINVAL;
		policy->beneath[i] = r->err ? NULL : kept(r, path);
	}
	policy->beneath[i] = NULL;
}

/* Whether @path still looks as @input recorded it. */
static bool input_holds(const struct llshim_input *input, const char *path)
{
	struct stat st;
	int err = llshim_sys_stat(path, &st);

	if (input->kind == LLSHIM_INPUT_ABSENT)
		return err == -ENOENT || err == -ENOTDIR;
	return !err && stat_holds(input, &st);
}

/* The identity, owner, mode, size and times of a file or directory. */
static void get_stat(struct reader *r, struct llshim_input *input)
{
	bool has = input->kind != LLSHIM_INPUT_ABSENT;

	input->dev = has ? get_u64(r) : 0;
	input->ino = has ? get_u64(r) : 0;
	input->mode = has ? get_u32(r) : 0;
	input->uid = has ? get_u32(r) : 0;
	input->gid = has ? get_u32(r) : 0;
	input->size = has ? (int64_t)get_u64(r) : 0;
	input->mtime_sec = has ? (int64_t)get_u64(r) : 0;
	input->mtime_nsec = has ? (int64_t)get_u64(r) : 0;
	input->ctime_sec = has ? (int64_t)get_u64(r) : 0;
	input->ctime_nsec = has ? (int64_t)get_u64(r) : 0;
}

/*
 * The inputs list.  With @check false it only walks the bytes (bounds);
 * with @check true, on bytes already walked, it compares each input with
 * the file system and sets *stale on the first that changed.
 */
static void get_inputs(struct reader *r, bool check, bool *stale)
{
	size_t i, count = get_count(r, INPUT_MIN);
	struct llshim_input input;
	struct str name;
	uint8_t kind;

	for (i = 0; i < count && !r->err && !*stale; i++) {
		kind = get_u8(r);
		name = get_str(r, PATH_BYTES_MAX);
		if (!r->err && (kind > LLSHIM_INPUT_ABSENT || !name.len))
			r->err = -EINVAL;
		input.kind = (enum llshim_input_kind)kind;
		get_stat(r, &input);
		if (check && !r->err && !input_holds(&input, name.s))
			*stale = true;
	}
}

/* The decimal text of @n into @buf (at least 11 bytes). */
static const char *decimal(uint32_t n, char *buf)
{
	char *p = buf + 10;

	*p = '\0';
	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	return p;
}

/* Whether the variable @name, recorded as @value (NULL: unset), still has
 * that value where the policy's kind takes variables from. */
static bool var_holds(enum llshim_policy_kind kind, struct str name,
		      const struct str *value, uint32_t uid, char *const *env)
{
	char number[11];
	const char *now = NULL;
	char *const *entry;

	if (kind == LLSHIM_POLICY_SYSTEM)
		return value && str_is(*value, decimal(uid, number));
	/* The first "name=", as getenv() finds it. */
	for (entry = env; entry && *entry && !now; entry++)
		if (llshim_memeq(*entry, name.s, name.len) &&
		    (*entry)[name.len] == '=')
			now = *entry + name.len + 1;
	if (!now || !value)
		return !now && !value;
	return str_is(*value, now);
}

static void get_vars(struct reader *r, enum llshim_policy_kind kind, bool check,
		     uint32_t uid, char *const *env, bool *stale)
{
	size_t i, count = get_count(r, VAR_MIN);
	struct str name, value = { "", 0 };
	bool set;

	for (i = 0; i < count && !r->err && !*stale; i++) {
		name = get_str(r, STR_BYTES_MAX);
		set = get_bool(r);
		if (set)
			value = get_str(r, STR_BYTES_MAX);
		/* A system policy's only variable is the kernel's UID. */
		if (!r->err && (!name.len || (kind == LLSHIM_POLICY_SYSTEM &&
					      (!str_is(name, "UID") || !set))))
			r->err = -EINVAL;
		if (check && !r->err &&
		    !var_holds(kind, name, set ? &value : NULL, uid, env))
			*stale = true;
	}
}

/* The layer itself, from the bytes after the header; it owns the copy
 * @r walks, which its strings point into. */
static int get_policy(struct reader *r, const struct header *h,
		      struct llshim_policy **out)
{
	struct llshim_policy *policy = llshim_alloc(sizeof(*policy));

	if (!policy) {
		llshim_free(r->copy);
		return -ENOMEM;
	}
	policy->backing = r->copy;
	policy->source = kept(r, h->source);
	get_layer(r, policy);
	get_rules(r, policy);
	get_beneath(r, policy);
	if (r->err) {
		llshim_policy_free(policy);
		return r->err;
	}
	*out = policy;
	return 0;
}

int llshim_compiled_decode(const void *buf, size_t len, uint32_t uid,
			   char *const *env, struct llshim_policy **out)
{
	void *copy;

	if (len > LLSHIM_COMPILED_MAX_BYTES)
		return -EINVAL;
	copy = llshim_alloc_bytes(len);
	if (!copy)
		return -ENOMEM;
	llshim_memcpy(copy, buf, len);
	return llshim_compiled_adopt(copy, len, uid, env, out);
}

int llshim_compiled_adopt(void *buf, size_t len, uint32_t uid, char *const *env,
			  struct llshim_policy **out)
{
	struct reader r = { buf, len, 0, buf }, inputs, vars;
	struct llshim_policy *policy;
	bool stale = false;
	struct header h;
	uint64_t sum;
	int err;

	if (len > LLSHIM_COMPILED_MAX_BYTES || len < SUM_BYTES) {
		llshim_free(buf);
		return -EINVAL;
	}
	/* The sum is not part of the policy's bytes. */
	r.left = len -= SUM_BYTES;
	__builtin_memcpy(&sum, r.copy + len, SUM_BYTES);
	err = sum == checksum(buf, len) ? get_header(&r, &h) : -EINVAL;
	/* A system policy is root's whoever runs it, and its only tie to the
	 * user, ${UID}, is an input checked below: root's compiled form
	 * serves every user.  The others were trusted for their user. */
	if (!err && h.kind != LLSHIM_POLICY_SYSTEM && h.uid != uid)
		err = -EINVAL;
	if (err) {
		llshim_free(r.copy);
		return err;
	}
	/* From here the policy owns the bytes, and frees them on an error. */
	err = get_policy(&r, &h, &policy);
	if (err)
		return err;
	/* All bytes first, then the file system: damage is -EINVAL even
	 * where an input before it changed. */
	inputs = r;
	get_inputs(&r, false, &stale);
	vars = r;
	get_vars(&r, h.kind, false, uid, env, &stale);
	if (!r.err && r.left)
		r.err = -EINVAL;
	if (!r.err) {
		/* Variables are cheaper to check than the file system. */
		r = vars;
		get_vars(&r, h.kind, true, uid, env, &stale);
		r = inputs;
		get_inputs(&r, true, &stale);
	}
	err = r.err ? r.err : stale ? -ESTALE : 0;
	if (err) {
		llshim_policy_free(policy);
		return err;
	}
	*out = policy;
	return 0;
}
