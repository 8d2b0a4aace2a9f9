/*
 * target: a target triple parsed once into every form its consumers speak (DESIGN §8). The
 * GNU form is canonical — the name of the target's GNU toolchain (`aarch64-linux-gnu-gcc`,
 * `x86_64-w64-mingw32-gcc`), Debian's multiarch name on Linux and what `gcc -dumpmachine`
 * prints — so both spellings of one target (Rust's `aarch64-unknown-linux-gnu`, GNU's
 * `aarch64-linux-gnu`) are one lock key, one set of NATIVEPKG_..._<TRIPLE> variables and one
 * output tree. Everything else is rendered from the parsed value, never re-derived from text:
 * Rust's triple for Cargo, CMake's system name and processor, meson's machine description,
 * autotools' --host, and the binary format its libraries must have.
 */
#ifndef NP_CORE_TARGET_H
#define NP_CORE_TARGET_H

#include <stdbool.h>

#include "core/error.h"
#include "core/strv.h"

/* The longest triple accepted, with its terminating NUL. */
#define NP_TARGET_MAX 64

enum np_target_os {
	NP_TARGET_OS_LINUX,
	NP_TARGET_OS_ANDROID,
	NP_TARGET_OS_WINDOWS,
	NP_TARGET_OS_DARWIN,
	NP_TARGET_OS_FREEBSD,
};

enum np_binary_format {
	NP_BINARY_ELF,
	NP_BINARY_PE,
	NP_BINARY_MACHO,
};

/* Valid when zeroed only as "no target"; fill it with np_target_parse. Plain data: no release. */
struct np_target {
	char gnu[NP_TARGET_MAX];       /* canonical: aarch64-linux-gnu, x86_64-w64-mingw32 */
	char rust[NP_TARGET_MAX];      /* aarch64-unknown-linux-gnu, x86_64-pc-windows-gnu */
	char multiarch[NP_TARGET_MAX]; /* Debian's library directory name (i386-linux-gnu); "" when
	                                  the target has none (Windows, macOS) */
	char env[NP_TARGET_MAX];       /* the GNU form for variable names: AARCH64_LINUX_GNU */
	const char *arch;              /* GNU's architecture: x86_64, i686, aarch64, arm, ... */
	enum np_target_os os;
	const char *abi;               /* gnu, gnueabihf, musl, android, mingw32 ... */
	int bits;                      /* 32 or 64 */
	bool big_endian;
	/* CMake: CMAKE_SYSTEM_NAME, CMAKE_SYSTEM_PROCESSOR. */
	const char *cmake_system, *cmake_processor;
	/* meson's [host_machine]: system, cpu_family, cpu (endian comes from big_endian). */
	const char *meson_system, *meson_cpu_family, *meson_cpu;
	/* What its libraries are: the format and, per format, the machine code. */
	enum np_binary_format format;
	int elf_machine;               /* e_machine (62 x86-64, 183 AArch64) */
	unsigned pe_machine;           /* IMAGE_FILE_MACHINE_* (0x8664 x86-64, 0x14c i386) */
	int macho_cputype;
};

/*
 * Parses a triple in any spelling nativepkg knows (GNU, Rust, vendor names such as pc,
 * unknown, w64, redhat) into t. An unknown architecture or system, or a target nativepkg cannot
 * build for (MSVC), is NP_EXIT_INPUT naming what was not understood.
 */
bool np_target_parse(const char *text, struct np_target *t, struct np_error *err);
/* Whether two parsed targets are one (their canonical forms are equal). */
bool np_target_same(const struct np_target *a, const struct np_target *b);
/* "ELF", "PE/COFF", "Mach-O". */
const char *np_target_format_name(enum np_binary_format f);
/* "linux", "windows" ... as written in messages. */
const char *np_target_os_name(enum np_target_os os);
/* Whether the target's shared libraries are Windows DLLs (with import libraries). */
bool np_target_is_windows(const struct np_target *t);
/*
 * The library directories of an install prefix for t, in search order, pushed onto out: lib,
 * lib64, and lib/<multiarch> when t has a multiarch name (Debian's layout, which GNUInstallDirs
 * and meson choose on Debian).
 */
void np_target_lib_dirs(const struct np_target *t, struct np_strv *out);
/*
 * The file names `-l<name>` links on the target, in the linker's order of preference: for a
 * shared link lib<name>.so (ELF), lib<name>.dylib (Mach-O), or the import library
 * lib<name>.dll.a, <name>.lib, then a DLL linked directly (Windows); for a static link
 * lib<name>.a (and <name>.lib on Windows). Appended to names.
 */
void np_target_library_names(const struct np_target *t, const char *name, bool want_static,
	struct np_strv *names);

#endif
