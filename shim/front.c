// SPDX-License-Identifier: MIT
/*
 * The constructor that runs in every process (front.h).  It imports
 * nothing; everything it does in a process without a policy is raw system
 * calls, with the lookup's buffers in the library's .bss (front.h), so
 * such a process pays two or three failed opens and no page of libc.
 */
#include <elf.h>
#include <errno.h>
#include <link.h>

/* The dynamic section is read-only (layout.ld.in), which the loader of
 * glibc before 2.35 would write to, crashing every process. */
#if !__GLIBC_PREREQ(2, 35)
#error "libllshim.so needs glibc 2.35 or later (read-only dynamic section)"
#endif

#include "front.h"
#include "phase.h"
#include "str.h"
#include "sys.h"

#define NOTE_NAME "llshim"
#define NOTE_TYPE 0x4c4c5348 /* "LLSH": elect.c finds copies by it */

struct llshim_note {
	ElfW(Nhdr) header;
	char name[8];
	uint32_t desc;
};

__attribute__((section(".note.llshim"), aligned(4),
	       used)) static const struct llshim_note note = {
	{ sizeof(NOTE_NAME), sizeof(uint32_t), NOTE_TYPE },
	NOTE_NAME,
	1,
};

/* What one pass over the environment tells the front. */
struct env_view {
	bool source; /* an LL_* policy variable or LLSHIM_POLICY is set */
	char *xdg_config_home; /* the first entry of each, as getenv() */
	char *home;
};

#define HAS_PREFIX(s, lit) llshim_memeq((s), (lit), sizeof(lit) - 1)

/* One pass: the pass-through path must stay this cheap. */
static void view_env(char **envp, struct env_view *v)
{
	static const char policy_var[] = LLSHIM_ENV_POLICY "=";
	char *e;

	for (; envp && (e = *envp); envp++) {
		if (e[0] == 'L' && e[1] == 'L') {
			if (HAS_PREFIX(e, policy_var) ||
			    llshim_env_is_inline_var(e))
				v->source = true;
		} else if (e[0] == 'H' && !v->home && HAS_PREFIX(e, "HOME=")) {
			v->home = e;
		} else if (e[0] == 'X' && !v->xdg_config_home &&
			   HAS_PREFIX(e, "XDG_CONFIG_HOME=")) {
			v->xdg_config_home = e;
		}
	}
}

/*
 * The auxiliary vector follows the environment on the initial stack, and
 * the loader hands the constructors of the program's libraries that
 * original array.  An earlier constructor's unsetenv() may have left extra
 * NULLs at its end, so they are skipped; the vector's first entry type is
 * never 0.
 */
static const ElfW(auxv_t) * auxv_after(char **envp)
{
	if (!envp)
		return NULL;
	while (*envp)
		envp++;
	while (!*envp)
		envp++;
	return (const ElfW(auxv_t) *)envp;
}

/*
 * Whether @a looks like the kernel's vector: it ends within a bound and
 * holds the page size.  If the library was not handed the initial stack
 * (dlopen()ed by someone), the front must not trust what it reads.
 */
static bool plausible_auxv(const ElfW(auxv_t) * a)
{
	bool page_size = false;
	int i;

	for (i = 0; a && i < 64; i++) {
		if (a[i].a_type == AT_NULL)
			return page_size;
		if (a[i].a_type == AT_PAGESZ)
			page_size = a[i].a_un.a_val >= 4096 &&
				    !(a[i].a_un.a_val & (a[i].a_un.a_val - 1));
	}
	return false;
}

struct auxv_view {
	bool secure;
	unsigned uid;
	size_t page_size;
	const char *execfn;
	const ElfW(Phdr) * phdr; /* the program's program headers */
	size_t phnum;
};

/* Without a plausible vector, secure execution is assumed: fail safe. */
static void read_auxv(char **envp, struct auxv_view *v)
{
	const ElfW(auxv_t) *a = auxv_after(envp);

	if (!plausible_auxv(a)) {
		v->secure = true;
		v->uid = llshim_sys_getuid();
		return;
	}
	for (; a->a_type != AT_NULL; a++) {
		if (a->a_type == AT_SECURE)
			v->secure = a->a_un.a_val != 0;
		else if (a->a_type == AT_UID)
			v->uid = (unsigned)a->a_un.a_val;
		else if (a->a_type == AT_EXECFN)
			v->execfn = (const char *)a->a_un.a_val;
		else if (a->a_type == AT_PAGESZ)
			v->page_size = a->a_un.a_val;
		else if (a->a_type == AT_PHDR)
			v->phdr = (const ElfW(Phdr) *)a->a_un.a_val;
		else if (a->a_type == AT_PHNUM)
			v->phnum = a->a_un.a_val;
	}
}

/*
 * A directory that does not exist holds no policy.  A system directory
 * that cannot be searched is an error (its policies apply to everyone); a
 * user directory the user cannot search holds none of the user's.
 */
static bool unreachable(int err, enum llshim_policy_kind kind)
{
	return err == -ENOENT || err == -ENOTDIR ||
	       (kind == LLSHIM_POLICY_USER && err == -EACCES);
}

struct policy_dir {
	const char *path;
	enum llshim_policy_kind kind;
	int fd;
};

/* Page-aligned, and so is the whole .bss, which starts with it: its
 * segment begins on a page of its own, right after the cold code's. */
static struct llshim_lookup lookup __attribute__((aligned(4096)));

/*
 * The cold code's segment (layout.ld.in), used only by llshim_start,
 * and the end of the .bss, which follows it: the two are one run of pages
 * (tests/check-layout.sh checks it), and the library has no writable data
 * in its file that a drop could undo.
 */
extern const char llshim_cold_start[] __attribute__((visibility("hidden")));
extern char _end[] __attribute__((visibility("hidden")));

/*
 * Once the policy is applied, the cold code has run for the last time in
 * this process and the .bss (the arena's first chunk, the lookup's
 * results) holds nothing more: one madvise(2) drops both from the
 * process's resident set.  The code's pages stay in the page cache,
 * shared; the .bss's are zero again, as the loader left them.  Called
 * from here, in the front's own pages.
 */
static void release_pages(size_t page_size)
{
	llshim_sys_drop_pages(llshim_cold_start, _end, page_size);
}

static void note_error(struct llshim_front *f, int err, const char *dir)
{
	if (!f->lookup_error) {
		f->lookup_error = err;
		f->lookup_dir = dir;
	}
}

static void open_dir(struct llshim_front *f, struct policy_dir *dir)
{
	dir->fd = llshim_sys_openat(AT_FDCWD, dir->path,
				    O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir->fd < 0 && !unreachable(dir->fd, dir->kind))
		note_error(f, dir->fd, dir->path);
}

static void find_in(struct llshim_front *f, const struct policy_dir *dir)
{
	struct llshim_found *found;
	int i, err;

	for (i = 0; i < f->id_count && f->found_count < LLSHIM_MAX_FOUND; i++) {
		found = &f->lookup->found[f->found_count];
		err = llshim_find_policy(dir->fd, dir->path, &f->lookup->ids[i],
					 found->path, sizeof(found->path));
		if (err > 0) {
			found->kind = dir->kind;
			f->found_count++;
		} else if (err < 0 && !unreachable(err, dir->kind)) {
			note_error(f, err, dir->path);
		}
	}
}

/* Sources 1 and 2 (SPEC 2): the system's and the user's policy.d. */
static void look_up(struct llshim_front *f, struct policy_dir dirs[2],
		    const char *execfn)
{
	int i;

	if (dirs[0].fd < 0 && dirs[1].fd < 0)
		return;
	f->id_count = llshim_self_identities(execfn, f->maybe_binfmt,
					     f->lookup->ids, &f->lookup->room);
	if (f->id_count == 0)
		note_error(f, -ENOENT, "/proc/self/exe");
	for (i = 0; i < 2; i++)
		if (dirs[i].fd >= 0)
			find_in(f, &dirs[i]);
}

/*
 * The library's DT_INIT (Makefile: -init), which the loader calls with the
 * arguments it gives a constructor, before the DT_INIT_ARRAY of the same
 * object; unlike a constructor attribute's array entry it needs no
 * relocation.
 */
void llshim_front(int argc, char **argv, char **envp)
{
	struct llshim_front f;
	struct env_view env = { false, NULL, NULL };
	char *user_env[3] = { NULL, NULL, NULL };
	char user_dir[PATH_MAX];
	struct policy_dir dirs[2] = {
		{ LLSHIM_SYSTEM_POLICY_DIR, LLSHIM_POLICY_SYSTEM, -1 },
		{ user_dir, LLSHIM_POLICY_USER, -1 },
	};
	struct auxv_view auxv = { false, 0, 0, NULL, NULL, 0 };
	int i;

	llshim_phase(LLSHIM_PHASE_ENTER);
	view_env(envp, &env);
	f.secure = false;
	f.env_source = env.source;
	f.id_count = -1;
	f.found_count = 0;
	f.lookup_error = 0;
	f.lookup_dir = NULL;
	f.note = (uintptr_t)&note;
	f.lookup = &lookup;
	open_dir(&f, &dirs[0]);
	/* A two-entry environment, in getenv() order of precedence. */
	user_env[env.xdg_config_home ? 1 : 0] = env.home;
	user_env[0] = env.xdg_config_home ? env.xdg_config_home : env.home;
	if (!llshim_user_config_path_in(user_env, user_dir, sizeof(user_dir),
					"policy.d"))
		open_dir(&f, &dirs[1]);
	llshim_phase(LLSHIM_PHASE_DIRS);
	if (dirs[0].fd < 0 && dirs[1].fd < 0 && !f.env_source &&
	    !f.lookup_error) {
		llshim_phase_report();
		return;
	}
	read_auxv(envp, &auxv);
	f.secure = auxv.secure;
	f.uid = auxv.uid;
	f.page_size = auxv.page_size;
	f.execfn = auxv.execfn;
	f.maybe_binfmt = llshim_maybe_binfmt(argc, argv, auxv.execfn);
	f.phdr = auxv.phdr;
	f.phnum = auxv.phnum;
	if (f.secure) {
		/* The environment and the user's directory are the caller's. */
		f.env_source = false;
		if (dirs[1].fd >= 0)
			llshim_sys_close(dirs[1].fd);
		dirs[1].fd = -1;
		if (f.lookup_dir == user_dir)
			f.lookup_error = 0;
	}
	look_up(&f, dirs, auxv.execfn);
	for (i = 0; i < 2; i++)
		if (dirs[i].fd >= 0)
			llshim_sys_close(dirs[i].fd);
	llshim_phase(LLSHIM_PHASE_LOOKUP);
	if (f.found_count || f.env_source || f.lookup_error) {
		llshim_start(&f);
		release_pages(f.page_size);
		llshim_phase(LLSHIM_PHASE_PAGES);
	}
	llshim_phase_report();
}
