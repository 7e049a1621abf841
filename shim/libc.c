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

static ElfW(Addr) dyn_ptr(const struct link_map *l, ElfW(Sxword) tag)
{
	const ElfW(Dyn) * d;

	for (d = l->l_ld; d && d->d_tag != DT_NULL; d++)
		if (d->d_tag == tag)
			/* The loader relocates these in place on most
			 * architectures; on the others they are offsets. */
			return d->d_un.d_ptr < l->l_addr
				   ? l->l_addr + d->d_un.d_ptr
				   : d->d_un.d_ptr;
	return 0;
}

static uint32_t gnu_hash(const char *name)
{
	uint32_t h = 5381;

	for (; *name; name++)
		h = h * 33 + (unsigned char)*name;
	return h;
}

/* @name defined in @l, through its DT_GNU_HASH table, or NULL. */
static void *symbol_in(const struct link_map *l, const char *name)
{
	const uint32_t *table = (const uint32_t *)dyn_ptr(l, DT_GNU_HASH);
	const ElfW(Sym) *syms = (const ElfW(Sym) *)dyn_ptr(l, DT_SYMTAB);
	const char *strtab = (const char *)dyn_ptr(l, DT_STRTAB);
	const uint16_t *versions = (const uint16_t *)dyn_ptr(l, DT_VERSYM);
	const uint32_t *buckets, *chain;
	uint32_t h = gnu_hash(name), i;

	if (!table || !syms || !strtab || !table[0])
		return NULL;
	buckets =
	    (const uint32_t *)((const ElfW(Addr) *)(table + 4) + table[2]);
	chain = buckets + table[0];
	i = buckets[h % table[0]];
	if (i < table[1])
		return NULL;
	for (;; i++) {
		uint32_t h2 = chain[i - table[1]];

		/* An old, hidden version is never what the loader binds. */
		if ((h | 1) == (h2 | 1) && syms[i].st_shndx != SHN_UNDEF &&
		    syms[i].st_value && !(versions && versions[i] & 0x8000) &&
		    llshim_streq(strtab + syms[i].st_name, name))
			return (void *)(l->l_addr + syms[i].st_value);
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

/*
 * @name's first definition in load order, the program's own included
 * unless @libraries_only (its copy of environ is the one libc uses; a
 * dlsym of its own would look up symbols for the program, not for us).
 * Before main() no object was dlopen()ed outside the global scope but by
 * an earlier constructor, and those come after libc in the list.
 */
static void *find_symbol(const struct r_debug *debug, const char *name,
			 bool libraries_only)
{
	const struct link_map *l;
	void *found;

	for (l = debug ? debug->r_map : NULL; l; l = l->l_next) {
		if (libraries_only && (!l->l_name || !l->l_name[0]))
			continue;
		found = symbol_in(l, name);
		if (found)
			return found;
	}
	return NULL;
}

/* For llshim_errno_text() and the loader's functions, found later. */
static dlsym_fn *libc_dlsym;

bool llshim_libc_find(const ElfW(Phdr) * phdr, size_t phnum,
		      struct llshim_libc *libc)
{
	const struct r_debug *debug = loader_list(phdr, phnum);

	*(void **)&libc->dlsym = find_symbol(debug, "dlsym", true);
	*(void **)&libc->dl_iterate_phdr =
	    find_symbol(debug, "dl_iterate_phdr", false);
	*(void **)&libc->errno_location =
	    find_symbol(debug, "__errno_location", false);
	libc->environ = find_symbol(debug, "environ", false);
	libc->single_threaded =
	    find_symbol(debug, "__libc_single_threaded", false);
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
