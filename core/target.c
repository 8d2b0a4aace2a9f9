/* target: triples parsed into their GNU, Rust, CMake, meson and binary forms. */
#include "core/target.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"

/* One architecture: its spellings and its name or number in each consumer's vocabulary. */
struct arch {
	const char *gnu;
	const char *aliases;   /* other first components meaning it, separated by spaces */
	const char *rust;      /* Rust's architecture component (arm: for hard-float EABI) */
	const char *debian;    /* the multiarch component, when not the GNU one */
	int bits;
	bool big_endian;
	const char *cmake, *meson_family, *meson_cpu;
	int elf;
	unsigned pe;
	int macho;
};

static const struct arch arches[] = {
	{"x86_64", "amd64 x86-64", "x86_64", NULL, 64, false, "x86_64", "x86_64", "x86_64", 62,
		0x8664, 0x01000007},
	{"i686", "i386 i486 i586 x86", "i686", "i386", 32, false, "i686", "x86", "i686", 3, 0x14c, 7},
	{"aarch64", "arm64", "aarch64", NULL, 64, false, "aarch64", "aarch64", "aarch64", 183, 0xaa64,
		0x0100000c},
	{"arm", "armv7 armv7l armv7a armv7hl armhf armv6 armv6l armel armv5te", "armv7", NULL, 32,
		false, "arm", "arm", "armv7", 40, 0x1c4, 12},
	{"riscv64", "riscv64gc", "riscv64gc", NULL, 64, false, "riscv64", "riscv64", "riscv64", 243,
		0x5064, 0},
	{"powerpc64le", "ppc64le ppc64el", "powerpc64le", NULL, 64, false, "ppc64le", "ppc64",
		"ppc64le", 21, 0, 0},
	{"s390x", "", "s390x", NULL, 64, true, "s390x", "s390x", "s390x", 22, 0, 0},
	{"loongarch64", "", "loongarch64", NULL, 64, false, "loongarch64", "loongarch64",
		"loongarch64", 258, 0x6264, 0},
};

/* How the second half of a triple names the system. */
enum os_word {
	OS_NONE,
	OS_LINUX,
	OS_WINDOWS, /* Rust: <arch>-pc-windows-gnu */
	OS_MINGW,   /* GNU: <arch>-w64-mingw32 */
	OS_DARWIN,
	OS_FREEBSD,
};

static bool
word_in(const char *word, const char *list)
{
	size_t n = strlen(word);

	for (const char *p = list; *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, word, n) == 0)
			return true;
		p += len;
		while (*p == ' ')
			p++;
	}
	return false;
}

static const struct arch *
find_arch(const char *word)
{
	for (size_t i = 0; i < sizeof arches / sizeof *arches; i++)
		if (strcmp(word, arches[i].gnu) == 0 || word_in(word, arches[i].aliases))
			return &arches[i];
	return NULL;
}

/* darwin21.1, macos, freebsd13.2: a system word may carry its version. */
static bool
versioned(const char *word, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(word, name, n) != 0)
		return false;
	for (word += n; *word; word++)
		if (!isdigit((unsigned char)*word) && *word != '.')
			return false;
	return true;
}

static enum os_word
os_word(const char *w)
{
	if (strcmp(w, "linux") == 0)
		return OS_LINUX;
	if (strcmp(w, "windows") == 0)
		return OS_WINDOWS;
	if (strcmp(w, "mingw32") == 0 || strcmp(w, "mingw64") == 0)
		return OS_MINGW;
	if (versioned(w, "darwin") || versioned(w, "macos") || versioned(w, "macosx"))
		return OS_DARWIN;
	if (versioned(w, "freebsd"))
		return OS_FREEBSD;
	return OS_NONE;
}

static bool
is_arm(const struct arch *a)
{
	return strcmp(a->gnu, "arm") == 0;
}

/* The ABIs a Linux triple may end in, with whether they are ARM's EABI. */
static const struct {
	const char *name;
	bool eabi;
	bool android;
	bool multiarch; /* Debian has multiarch directories for it */
} linux_abis[] = {
	{"gnu", false, false, true}, {"gnueabi", true, false, true}, {"gnueabihf", true, false, true},
	{"musl", false, false, false}, {"musleabi", true, false, false},
	{"musleabihf", true, false, false}, {"android", false, true, false},
	{"androideabi", true, true, false},
};

static void
set_env_form(struct np_target *t)
{
	size_t i;

	for (i = 0; t->gnu[i]; i++) {
		unsigned char c = (unsigned char)t->gnu[i];
		t->env[i] = isalnum(c) ? (char)toupper(c) : '_';
	}
	t->env[i] = '\0';
}

static bool
valid_text(const char *text)
{
	if (*text == '\0' || strlen(text) >= NP_TARGET_MAX)
		return false;
	for (const char *p = text; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
			return false;
	return true;
}

/* The rest of a Linux or Android triple: the ABI after "linux". */
static bool
parse_linux(const char *text, const struct arch *a, const char *abi, struct np_target *t,
	struct np_error *err)
{
	size_t k;

	if (abi == NULL)
		abi = is_arm(a) ? "gnueabihf" : "gnu"; /* x86_64-redhat-linux, arm-linux */
	for (k = 0; k < sizeof linux_abis / sizeof *linux_abis; k++)
		if (strcmp(abi, linux_abis[k].name) == 0)
			break;
	if (k == sizeof linux_abis / sizeof *linux_abis)
		return np_error_set(err, NP_EXIT_INPUT, "target \"%s\": unknown Linux ABI \"%s\" "
			"(expected gnu, gnueabihf, gnueabi, musl, musleabihf, android or androideabi)",
			text, abi);
	if (linux_abis[k].eabi != is_arm(a))
		return np_error_set(err, NP_EXIT_INPUT, "target \"%s\": %s is %sfor 32-bit ARM", text,
			abi, linux_abis[k].eabi ? "only " : "not ");
	t->abi = linux_abis[k].name;
	/* Rust's arm triples name the ISA: armv7 for hard-float, arm for soft-float EABI. */
	if (linux_abis[k].android) {
		t->os = NP_TARGET_OS_ANDROID;
		snprintf(t->gnu, sizeof t->gnu, "%s-linux-%s", a->gnu, t->abi);
		snprintf(t->rust, sizeof t->rust, "%s-linux-%s", a->rust, t->abi);
		t->cmake_system = "Android";
		t->meson_system = "android";
	} else {
		const char *rarch = is_arm(a) && strcmp(t->abi, "gnueabi") == 0 ? "arm" : a->rust;
		t->os = NP_TARGET_OS_LINUX;
		snprintf(t->gnu, sizeof t->gnu, "%s-linux-%s", a->gnu, t->abi);
		snprintf(t->rust, sizeof t->rust, "%s-unknown-linux-%s", rarch, t->abi);
		if (linux_abis[k].multiarch)
			snprintf(t->multiarch, sizeof t->multiarch, "%s-linux-%s",
				a->debian ? a->debian : a->gnu, t->abi);
		t->cmake_system = "Linux";
		t->meson_system = "linux";
	}
	t->format = NP_BINARY_ELF;
	return true;
}

bool
np_target_parse(const char *text, struct np_target *t, struct np_error *err)
{
	char copy[NP_TARGET_MAX], *words[8];
	size_t n = 0, at;
	const struct arch *a;
	const char *vendor, *env;
	enum os_word os = OS_NONE;

	memset(t, 0, sizeof *t);
	if (!valid_text(text))
		return np_error_set(err, NP_EXIT_INPUT, "target \"%s\" is not a target triple (such as "
			"aarch64-linux-gnu or x86_64-pc-windows-gnu)", text);
	strcpy(copy, text);
	for (char *p = copy, *save = NULL, *w = strtok_r(p, "-", &save); w && n < 8;
		w = strtok_r(NULL, "-", &save))
		words[n++] = w;
	if (n < 2 || n > 4)
		return np_error_set(err, NP_EXIT_INPUT, "target \"%s\" is not a target triple: expected "
			"2 to 4 parts (architecture-[vendor-]system[-abi]), as in aarch64-linux-gnu", text);
	if ((a = find_arch(words[0])) == NULL)
		return np_error_set(err, NP_EXIT_INPUT, "target \"%s\": unknown architecture \"%s\" "
			"(known: x86_64, i686, aarch64, arm, riscv64, powerpc64le, s390x, loongarch64)",
			text, words[0]);
	for (at = 1; at < n && (os = os_word(words[at])) == OS_NONE; at++)
		;
	if (os == OS_NONE)
		return np_error_set(err, NP_EXIT_INPUT, "target \"%s\": unknown operating system "
			"(expected linux, windows or mingw32, darwin or freebsd, as in aarch64-linux-gnu, "
			"x86_64-w64-mingw32 or x86_64-pc-windows-gnu)", text);
	if (at > 2 || n - at > 2)
		return np_error_set(err, NP_EXIT_INPUT, "target \"%s\" is not a target triple: expected "
			"architecture-[vendor-]system[-abi]", text);
	vendor = at == 2 ? words[1] : NULL;
	env = at + 1 < n ? words[at + 1] : NULL;
	(void)vendor; /* any vendor names the same target: pc, unknown, w64, redhat */

	t->arch = a->gnu;
	t->bits = a->bits;
	t->big_endian = a->big_endian;
	t->cmake_processor = a->cmake;
	t->meson_cpu_family = a->meson_family;
	t->meson_cpu = a->meson_cpu;
	t->elf_machine = a->elf;
	t->pe_machine = a->pe;
	t->macho_cputype = a->macho;

	switch (os) {
	case OS_LINUX:
		if (!parse_linux(text, a, env, t, err))
			return false;
		break;
	case OS_WINDOWS:
	case OS_MINGW:
		if (os == OS_WINDOWS && env && strcmp(env, "msvc") == 0)
			return np_error_set(err, NP_EXIT_INPUT, "target \"%s\": MSVC targets are not "
				"supported (nativepkg drives GNU-style toolchains); use %s-pc-windows-gnu "
				"(mingw-w64)", text, a->rust);
		if ((os == OS_WINDOWS && (env == NULL || (strcmp(env, "gnu") != 0 &&
			strcmp(env, "gnullvm") != 0))) || (os == OS_MINGW && env))
			return np_error_set(err, NP_EXIT_INPUT, "target \"%s\": unknown Windows ABI "
				"(expected <arch>-w64-mingw32 or <arch>-pc-windows-gnu)", text);
		if (a->pe == 0 || is_arm(a))
			return np_error_set(err, NP_EXIT_INPUT, "target \"%s\": no Windows for %s", text,
				a->gnu);
		t->os = NP_TARGET_OS_WINDOWS;
		t->abi = "mingw32";
		snprintf(t->gnu, sizeof t->gnu, "%s-w64-mingw32", a->gnu);
		/* Rust's mingw-w64 std for arm64 is the LLVM flavour. */
		snprintf(t->rust, sizeof t->rust, "%s-pc-windows-%s", a->rust,
			strcmp(a->gnu, "aarch64") == 0 ? "gnullvm" : "gnu");
		t->cmake_system = "Windows";
		t->meson_system = "windows";
		t->format = NP_BINARY_PE;
		break;
	case OS_DARWIN:
		if (env || a->macho == 0)
			return np_error_set(err, NP_EXIT_INPUT, "target \"%s\": expected "
				"x86_64-apple-darwin or aarch64-apple-darwin", text);
		t->os = NP_TARGET_OS_DARWIN;
		t->abi = "darwin";
		snprintf(t->gnu, sizeof t->gnu, "%s-apple-darwin", a->gnu);
		snprintf(t->rust, sizeof t->rust, "%s-apple-darwin", a->rust);
		t->cmake_system = "Darwin";
		t->meson_system = "darwin";
		t->format = NP_BINARY_MACHO;
		break;
	case OS_FREEBSD:
		if (env)
			return np_error_set(err, NP_EXIT_INPUT, "target \"%s\": expected "
				"<arch>-unknown-freebsd", text);
		t->os = NP_TARGET_OS_FREEBSD;
		t->abi = "freebsd";
		snprintf(t->gnu, sizeof t->gnu, "%s-unknown-freebsd", a->gnu);
		snprintf(t->rust, sizeof t->rust, "%s-unknown-freebsd", a->rust);
		t->cmake_system = "FreeBSD";
		t->meson_system = "freebsd";
		t->format = NP_BINARY_ELF;
		break;
	case OS_NONE:
		break;
	}
	set_env_form(t);
	return true;
}

bool
np_target_same(const struct np_target *a, const struct np_target *b)
{
	return strcmp(a->gnu, b->gnu) == 0;
}

const char *
np_target_format_name(enum np_binary_format f)
{
	switch (f) {
	case NP_BINARY_ELF: return "ELF";
	case NP_BINARY_PE: return "PE/COFF";
	case NP_BINARY_MACHO: return "Mach-O";
	}
	return "?";
}

const char *
np_target_os_name(enum np_target_os os)
{
	switch (os) {
	case NP_TARGET_OS_LINUX: return "linux";
	case NP_TARGET_OS_ANDROID: return "android";
	case NP_TARGET_OS_WINDOWS: return "windows";
	case NP_TARGET_OS_DARWIN: return "darwin";
	case NP_TARGET_OS_FREEBSD: return "freebsd";
	}
	return "?";
}

bool
np_target_is_windows(const struct np_target *t)
{
	return t->os == NP_TARGET_OS_WINDOWS;
}

void
np_target_library_names(const struct np_target *t, const char *name, bool want_static,
	struct np_strv *names)
{
	static const char *const elf_shared[] = {"lib", ".so", NULL};
	static const char *const macho_shared[] = {"lib", ".dylib", "lib", ".tbd", NULL};
	static const char *const pe_shared[] = {"lib", ".dll.a", "", ".dll.a", "", ".lib", "lib", ".lib",
		"lib", ".dll", "", ".dll", NULL};
	static const char *const unix_static[] = {"lib", ".a", NULL};
	static const char *const pe_static[] = {"lib", ".a", "", ".lib", "lib", ".lib", NULL};
	const char *const *forms;

	if (t->format == NP_BINARY_PE)
		forms = want_static ? pe_static : pe_shared;
	else if (t->format == NP_BINARY_MACHO)
		forms = want_static ? unix_static : macho_shared;
	else
		forms = want_static ? unix_static : elf_shared;
	for (size_t i = 0; forms[i]; i += 2)
		np_strv_push_owned(names, np_xasprintf("%s%s%s", forms[i], name, forms[i + 1]));
}

void
np_target_lib_dirs(const struct np_target *t, struct np_strv *out)
{
	np_strv_push(out, "lib");
	np_strv_push(out, "lib64");
	if (*t->multiarch)
		np_strv_pushf(out, "lib/%s", t->multiarch);
}
