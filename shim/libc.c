// SPDX-License-Identifier: MIT
/*
 * Finding libc's functions without importing them (libc.h).  The
 * program's DT_DEBUG entry points to the loader's list of loaded objects;
 * what a sandboxed start needs is looked up in their GNU hash tables, in
 * load order as the loader's global scope would, and dlsym only when the
 * parser must be loaded.
 */
#include <elf.h>
#include <link.h>

#include "libc.h"
#include "msg.h"
#include "str.h"

static const ElfW(Dyn) * program_dynamic(const ElfW(Phdr) * phdr, size_t phnum)
{
	ElfW(Addr) bias = 0;
	const ElfW(Phdr) *dyn = NULL;
	size_t i;

	for (i = 0; phdr && i < phnum; i++) {
		if (phdr[i].p_type == PT_PHDR)
			bias = (ElfW(Addr))phdr - phdr[i].p_vaddr;
		else if (phdr[i].p_type == PT_DYNAMIC)
			dyn = &phdr[i];
	}
	return dyn ? (const ElfW(Dyn) *)(bias + dyn->p_vaddr) : NULL;
}

static ElfW(Addr) dyn_addr(const struct link_map *l, ElfW(Addr) ptr)
{
	/* The loader relocates these in place on most architectures; on
	 * the others they are offsets. */
	return ptr < l->l_addr ? l->l_addr + ptr : ptr;
}

/* One loaded object's dynamic symbol tables, read in one pass. */
struct tables {
	const uint32_t *gnu_hash;
	const ElfW(Sym) * syms;
	const char *strtab;
	const uint16_t *versions;
};

static bool tables_of(const struct link_map *l, struct tables *t)
{
	const ElfW(Dyn) * d;

	*t = (struct tables){ NULL, NULL, NULL, NULL };
	for (d = l->l_ld; d && d->d_tag != DT_NULL; d++) {
		if (d->d_tag == DT_GNU_HASH)
			t->gnu_hash =
			    (const uint32_t *)dyn_addr(l, d->d_un.d_ptr);
		else if (d->d_tag == DT_SYMTAB)
			t->syms = (const ElfW(Sym) *)dyn_addr(l, d->d_un.d_ptr);
		else if (d->d_tag == DT_STRTAB)
			t->strtab = (const char *)dyn_addr(l, d->d_un.d_ptr);
		else if (d->d_tag == DT_VERSYM)
			t->versions =
			    (const uint16_t *)dyn_addr(l, d->d_un.d_ptr);
	}
	return t->gnu_hash && t->syms && t->strtab && t->gnu_hash[0] &&
	       t->gnu_hash[2];
}

static uint32_t gnu_hash(const char *name)
{
	uint32_t h = 5381;

	for (; *name; name++)
		h = h * 33 + (unsigned char)*name;
	return h;
}

#define BLOOM_BITS (8 * sizeof(ElfW(Addr)))

/*
 * @name (GNU hash @h) as defined in @l, or NULL: the table's Bloom filter
 * first, which turns away most objects after two bit tests.
 */
static void *symbol_in(const struct link_map *l, const struct tables *t,
		       const char *name, uint32_t h)
{
	const uint32_t *table = t->gnu_hash;
	const ElfW(Addr) *bloom = (const ElfW(Addr) *)(table + 4);
	const uint32_t *buckets = (const uint32_t *)(bloom + table[2]);
	const uint32_t *chain = buckets + table[0];
	ElfW(Addr) word = bloom[(h / BLOOM_BITS) % table[2]];
	ElfW(Addr) mask = ((ElfW(Addr))1 << (h % BLOOM_BITS)) |
			  ((ElfW(Addr))1 << ((h >> table[3]) % BLOOM_BITS));
	uint32_t i, h2;

	if ((word & mask) != mask)
		return NULL;
	i = buckets[h % table[0]];
	if (i < table[1])
		return NULL;
	for (;; i++) {
		h2 = chain[i - table[1]];
		/* An old, hidden version is never what the loader binds. */
		if ((h | 1) == (h2 | 1) && t->syms[i].st_shndx != SHN_UNDEF &&
		    t->syms[i].st_value &&
		    !(t->versions && t->versions[i] & 0x8000) &&
		    llshim_streq(t->strtab + t->syms[i].st_name, name))
			return (void *)(l->l_addr + t->syms[i].st_value);
		if (h2 & 1)
			return NULL;
	}
}

typedef void *dlsym_fn(void *handle, const char *name);

static const struct r_debug *loader_list(const ElfW(Phdr) * phdr, size_t phnum)
{
	const ElfW(Dyn) *d = program_dynamic(phdr, phnum);

	for (; d && d->d_tag != DT_NULL; d++)
		if (d->d_tag == DT_DEBUG)
			return (const struct r_debug *)d->d_un.d_ptr;
	return NULL;
}

/* This object's own dynamic section (the linker defines it). */
extern ElfW(Dyn) _DYNAMIC[] __attribute__((visibility("hidden")));

/* A symbol to find, and where the address goes. */
struct wanted {
	const char *name;
	bool libraries_only;
	void **out;
	uint32_t hash;
};

/*
 * Each symbol's first definition in load order, the program's own
 * included unless libraries_only (its copy of environ is the one libc
 * uses; a dlsym of its own would look up symbols for the program, not for
 * us), in one walk over the loaded objects.  Before main() no object was
 * dlopen()ed outside the global scope but by an earlier constructor, and
 * those come after libc in the list.
 */
static void find_symbols(const struct r_debug *debug, struct wanted *w,
			 size_t count)
{
	const struct link_map *l;
	struct tables t;
	size_t i, left = count;

	for (i = 0; i < count; i++) {
		*w[i].out = NULL;
		w[i].hash = gnu_hash(w[i].name);
	}
	for (l = debug ? debug->r_map : NULL; l && left; l = l->l_next) {
		/* The shim defines none of them (it exports nothing). */
		if (l->l_ld == _DYNAMIC || !tables_of(l, &t))
			continue;
		for (i = 0; i < count; i++) {
			if (*w[i].out || (w[i].libraries_only &&
					  (!l->l_name || !l->l_name[0])))
				continue;
			*w[i].out = symbol_in(l, &t, w[i].name, w[i].hash);
			if (*w[i].out)
				left--;
		}
	}
}

/* For llshim_errno_text() and the loader's functions, found later. */
static dlsym_fn *libc_dlsym;

bool llshim_libc_find(const ElfW(Phdr) * phdr, size_t phnum,
		      struct llshim_libc *libc)
{
	struct wanted wanted[] = {
		{ "dlsym", true, (void **)&libc->dlsym, 0 },
		{ "dl_iterate_phdr", false, (void **)&libc->dl_iterate_phdr,
		  0 },
		{ "__errno_location", false, (void **)&libc->errno_location,
		  0 },
		{ "environ", false, (void **)&libc->environ, 0 },
		{ "__libc_single_threaded", false,
		  (void **)(void *)&libc->single_threaded, 0 },
	};

	find_symbols(loader_list(phdr, phnum), wanted,
		     sizeof(wanted) / sizeof(wanted[0]));
	libc_dlsym = libc->dlsym;
	return libc->dlsym && libc->dl_iterate_phdr && libc->errno_location &&
	       libc->environ;
}

bool llshim_libc_find_loader(struct llshim_libc *libc)
{
	dlsym_fn *sym = libc->dlsym;

	*(void **)&libc->dlopen = sym(RTLD_DEFAULT, "dlopen");
	*(void **)&libc->dlclose = sym(RTLD_DEFAULT, "dlclose");
	*(void **)&libc->dlerror = sym(RTLD_DEFAULT, "dlerror");
	*(void **)&libc->dladdr = sym(RTLD_DEFAULT, "dladdr");
	return libc->dlopen && libc->dlclose && libc->dlerror && libc->dladdr;
}

const char *llshim_errno_text(int err)
{
	const char *(*describe)(int err) = NULL;

	/* Only on the way to refusing: the lookup costs nothing before. */
	if (libc_dlsym)
		*(void **)&describe =
		    libc_dlsym(RTLD_DEFAULT, "strerrordesc_np");
	return describe ? describe(err) : NULL;
}
