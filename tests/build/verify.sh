#!/bin/sh
# nativepkg verify FILE...: what a program or library loads at run time, against the lock. The
# locked zlib is an override (the fixture zlib, version 9.9.9-fixture, SONAME libz.so.1), so a
# program linked against it without a runtime search path loads the system's libz.so.1. Each
# verdict is checked against the real loader: the programs print the libz the kernel mapped.
. "$(dirname "$0")/lib.sh"
unset LD_LIBRARY_PATH
export NATIVEPKG_RECIPE_PATH="$RECIPES"

Z="$WORK/zfake"
mkdir -p "$WORK/ws/bin"
printf "{}\n" >"$WORK/ws/nativepkg.json"
zfake_prefix "$Z"
locked=$(realpath "$Z/lib/libz.so")

# which.c: the zlib version the program calls, and the libz file mapped into it.
cat >"$WORK/which.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <zlib.h>
int
main(void)
{
	char line[4096];
	const char *v = zlibVersion();
	FILE *f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof line, f)) {
		char *p = strchr(line, '/');
		if (p && strstr(p, "/libz.so")) {
			p[strcspn(p, "\n")] = '\0';
			printf("%s %s\n", v, p);
			return 0;
		}
	}
	printf("%s none\n", v);
	return 0;
}
C
cat >"$WORK/uses.c" <<'C'
#include <zlib.h>
const char *uses_zlib(void) { return zlibVersion(); }
C
cat >"$WORK/main.c" <<'C'
#include <stdio.h>
#include <string.h>
const char *uses_zlib(void);
int
main(void)
{
	char line[4096];
	const char *v = uses_zlib();
	FILE *f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof line, f)) {
		char *p = strchr(line, '/');
		if (p && strstr(p, "/libz.so")) {
			p[strcspn(p, "\n")] = '\0';
			printf("%s %s\n", v, p);
			return 0;
		}
	}
	printf("%s none\n", v);
	return 0;
}
C

NATIVEPKG_ZLIB_ROOT="$Z" run 0 resolve zlib
contains "$OUT" "zlib 9.9.9-fixture via override (shared)"

# mapped PROGRAM: the real path of the libz the loader maps for it; version PROGRAM: the zlib
# version it calls.
mapped() {
	set -- $("$@")
	[ "$#" = 2 ] && [ "$2" != none ] || fail "no libz mapped"
	realpath "$2"
}
version() {
	"$@" | cut -d' ' -f1
}

cd "$WORK/ws/bin"
# --- Linked against the override without a runtime path: the system's libz.so.1 is loaded ----
cc "$WORK/which.c" -o prog -I"$Z/include" -L"$Z/lib" -lz || fail "cannot link prog"
system=$(mapped ./prog)
[ "$(version ./prog)" != 9.9.9-fixture ] && [ "$system" != "$locked" ] ||
	fail "the program without a runtime path loaded the fixture: this machine has no other libz.so.1?"
run 4 verify ./prog
contains "$OUT" "mismatch: ./prog: libz.so.1 loads $system (ld.so.cache), but the lock's zlib 9.9.9-fixture is $locked"
contains "$ERR" "nativepkg: verify: 1 library would not be the lock's copy at run time"
pass "a program without a runtime path: verify exits 4 naming $system and the locked $locked"

# --- With the runpath: the locked copy, as the loader says --------------------------------------
cc "$WORK/which.c" -o prog-rpath -I"$Z/include" -L"$Z/lib" -lz -Wl,-rpath,"$Z/lib" ||
	fail "cannot link prog-rpath"
[ "$(mapped ./prog-rpath)" = "$locked" ] && [ "$(version ./prog-rpath)" = 9.9.9-fixture ] || fail "prog-rpath loads another libz"
run 0 verify ./prog-rpath
contains "$OUT" "ok: ./prog-rpath: libz.so.1 loads the lock's zlib 9.9.9-fixture, $locked (DT_RUNPATH of $WORK/ws/bin/prog-rpath)"
contains "$OUT" "./prog-rpath: 3 libraries to load, 1 of them locked, each the lock's copy"
# And as DT_RPATH, which the loader also applies to the program's libraries.
cc "$WORK/which.c" -o prog-oldrpath -I"$Z/include" -L"$Z/lib" -lz -Wl,-rpath,"$Z/lib" -Wl,--disable-new-dtags ||
	fail "cannot link prog-oldrpath"
run 0 verify "$WORK/ws/bin/prog-oldrpath"
contains "$OUT" "(DT_RPATH of $WORK/ws/bin/prog-oldrpath)"
pass "with a runpath (DT_RUNPATH or DT_RPATH) verify passes"

# --- LD_LIBRARY_PATH counts, as for a program started from here; --no-env leaves it out ----------
[ "$(LD_LIBRARY_PATH="$Z/lib" mapped ./prog)" = "$locked" ] || fail "LD_LIBRARY_PATH did not give prog the fixture"
LD_LIBRARY_PATH="$Z/lib" run 0 verify ./prog
contains "$OUT" "loads the lock's zlib 9.9.9-fixture, $locked (LD_LIBRARY_PATH)"
LD_LIBRARY_PATH="$Z/lib" run 4 verify --no-env ./prog
contains "$OUT" "mismatch: ./prog: libz.so.1 loads $system"
LD_LIBRARY_PATH="$Z/lib" run 4 verify ./prog-rpath ./prog --no-env
contains "$OUT" "ok: ./prog-rpath"
contains "$ERR" "verify: 1 library would not be"
pass "LD_LIBRARY_PATH set to the locked directory passes; --no-env ignores it"

# --- A library whose DT_RUNPATH lists a system directory before the locked zlib's ----------------
sysdir=$(dirname "$system")
cc -shared -fPIC "$WORK/uses.c" -o libuses.so -I"$Z/include" -L"$Z/lib" -lz \
	-Wl,-rpath,"$sysdir:$Z/lib" -Wl,--enable-new-dtags || fail "cannot build libuses.so"
cc "$WORK/main.c" -o prog-lib -L. -luses -Wl,-rpath,"$WORK/ws/bin" || fail "cannot link prog-lib"
[ "$(mapped ./prog-lib)" = "$system" ] || fail "prog-lib was expected to load $system"
run 4 verify ./prog-lib
contains "$OUT" "mismatch: ./prog-lib: libz.so.1 (needed by $WORK/ws/bin/libuses.so) loads $system (DT_RUNPATH of $WORK/ws/bin/libuses.so), but the lock's zlib 9.9.9-fixture is $locked"
run 4 verify libuses.so
contains "$OUT" "mismatch: libuses.so: libz.so.1 loads"
# The locked directory first: the right copy.
cc -shared -fPIC "$WORK/uses.c" -o libuses.so -I"$Z/include" -L"$Z/lib" -lz \
	-Wl,-rpath,"$Z/lib:$sysdir" -Wl,--enable-new-dtags || fail "cannot build libuses.so"
[ "$(mapped ./prog-lib)" = "$locked" ] || fail "prog-lib was expected to load the fixture"
run 0 verify ./prog-lib libuses.so
pass "a library whose runpath puts a system directory first is caught, the other order passes"

# --- A static answer, but a shared copy loaded ----------------------------------------------------
cd "$WORK/ws"
NATIVEPKG_ZLIB_ROOT="$Z" NATIVEPKG_ZLIB_STATIC=1 run 0 resolve zlib
run 4 verify "$WORK/ws/bin/prog-rpath"
contains "$OUT" "static: $WORK/ws/bin/prog-rpath: libz.so.1 loads $locked (DT_RUNPATH of $WORK/ws/bin/prog-rpath), but the lock links zlib 9.9.9-fixture statically ($(realpath "$Z/lib/libz.a"))"
pass "a shared libz loaded where the lock links the archive is reported"

# --- What cannot be found; what is not ELF; no files: the lock's own check ------------------------
NATIVEPKG_ZLIB_ROOT="$Z" run 0 resolve zlib
mkdir "$WORK/gone"
cc -shared -fPIC "$WORK/uses.c" -o "$WORK/gone/libgone.so" -Wl,-soname,libgone.so.7 -I"$Z/include" ||
	fail "cannot build libgone"
cc "$WORK/main.c" -o "$WORK/ws/bin/prog-gone" -L"$WORK/gone" -lgone -Wl,--allow-shlib-undefined ||
	fail "cannot link prog-gone"
rm -r "$WORK/gone"
run 4 verify "$WORK/ws/bin/prog-gone"
contains "$OUT" "missing: $WORK/ws/bin/prog-gone: libgone.so.7: not found"
printf '#!/bin/sh\n' >"$WORK/script"
run 3 verify "$WORK/script"
contains "$ERR" "nativepkg: $WORK/script: not an ELF file"
run 1 verify "$WORK/no-such-program"
run 0 verify
contains "$OUT" "ok: zlib 9.9.9-fixture via override"
pass "a missing library exits 4, a script 3, a missing file 1; without files verify checks the lock"
