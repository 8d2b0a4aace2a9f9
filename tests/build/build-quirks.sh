#!/bin/sh
# What real build systems do that a recipe must be able to say (recipe format v2):
# - a Makefile that ignores DESTDIR, declared so ("build.make.destdir": false), with its own
#   prefix variable and a variable the install needs;
# - a CMake project whose own cache entries turn an untyped relative path into <build>/...
#   (libjpeg-turbo's GNUInstallDirs): nativepkg's CMAKE_INSTALL_LIBDIR is typed, and a
#   recipe's "build.cmake_cache" entries are too;
# - a library that links something nobody declared: a warning naming the library and the file,
#   at build time and from `recipe lint --trial-build`;
# - a component the build does not install: the build fails naming it;
# - dependency kinds: optional (found or gone without) and build-only (never the answer's).
. "$(dirname "$0")/lib.sh"
command -v cmake >/dev/null || { echo "skipped: no cmake"; exit 77; }
start_server

# --- make, DESTDIR ignored -----------------------------------------------------------------------
make_project make npqmake 1.0.0 "$WORK/src/npqmake-1.0.0"
sed -i -e 's|$(DESTDIR)||g' -e 's|PREFIX|prefix|g' -e 's|^install: all$|install: all\n\ttest "$(NPQ_OK)" = yes|' \
	"$WORK/src/npqmake-1.0.0/Makefile"
grep -q DESTDIR "$WORK/src/npqmake-1.0.0/Makefile" && fail "the fixture still honours DESTDIR"
pack "$WORK/src/npqmake-1.0.0" tar.gz "$WORK/www/npqmake.tar.gz"
cat >"$RECIPES/npqmake.json" <<J
{ "schema": 2, "name": "npqmake", "version": "1.0.0", "links": "npqmake",
  "discover": { "headers": ["npqmake.h"], "version": { "macro": "NPQMAKE_VERSION" } },
  "components": { "npqmake": { "lib": "npqmake" } },
  "source": { "urls": ["$URL/files/npqmake.tar.gz"], "sha256": "$(sha256 "$WORK/www/npqmake.tar.gz")" },
  "build": { "system": "make",
             "make": { "destdir": false, "prefix_variable": "prefix", "variables": { "NPQ_OK": "yes" } } } }
J
run 0 --mode build resolve npqmake
contains "$OUT" "npqmake 1.0.0 via build (shared)"
check_program npqmake 1.0.0
cat "$NATIVEPKG_CACHE_DIR"/logs/npqmake-1.0.0-*.log >"$WORK/log"
contains "$WORK/log" "install prefix=$NATIVEPKG_CACHE_DIR/tmp/build."
pass "a Makefile that ignores DESTDIR, declared: installed with prefix=<staging>"

# --- CMake: typed cache entries ----------------------------------------------------------------
make_project cmake npqcm 1.1.0 "$WORK/src/npqcm-1.1.0"
cat >"$WORK/src/npqcm-1.1.0/CMakeLists.txt" <<'M'
cmake_minimum_required(VERSION 3.13)
project(npqcm C)
# As libjpeg-turbo's GNUInstallDirs does: an untyped -D value that is relative becomes
# <build>/<value> once the project declares the entry a PATH.
set(CMAKE_INSTALL_LIBDIR "lib64" CACHE PATH "where libraries go")
set(NPQ_INCDIR "inc" CACHE PATH "where headers go")
add_library(npqcm npqcm.c)
install(TARGETS npqcm ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES npqcm.h DESTINATION ${NPQ_INCDIR})
M
pack "$WORK/src/npqcm-1.1.0" tar.gz "$WORK/www/npqcm.tar.gz"
npqcm_recipe() {
	cat >"$RECIPES/npqcm.json" <<J
{ "schema": 2, "name": "npqcm", "version": "1.1.0", "links": "npqcm",
  "discover": { "headers": ["npqcm.h"], "version": { "macro": "NPQCM_VERSION" } },
  "components": { "npqcm": { "lib": "npqcm" } },
  "source": { "urls": ["$URL/files/npqcm.tar.gz"], "sha256": "$(sha256 "$WORK/www/npqcm.tar.gz")" },
  "build": { "system": "cmake"$1 } }
J
}
npqcm_recipe ', "options": ["-DNPQ_INCDIR=include"]'
run 1 --mode build resolve npqcm
contains "$ERR" "no header include/npqcm.h"
npqcm_recipe ', "cmake_cache": { "NPQ_INCDIR:PATH": "include" }'
run 0 --mode build resolve npqcm
check_program npqcm 1.1.0
cat "$NATIVEPKG_CACHE_DIR"/logs/npqcm-1.1.0-*.log >"$WORK/log"
contains "$WORK/log" "-DCMAKE_INSTALL_LIBDIR:PATH=lib"
contains "$WORK/log" "-DNPQ_INCDIR:PATH=include"
pass "typed cache entries: nativepkg's CMAKE_INSTALL_LIBDIR and the recipe's build.cmake_cache"

# --- an undeclared library in NEEDED ----------------------------------------------------------------
multiarch=$(cc -dumpmachine)
if [ -e "/usr/lib/$multiarch/libz.so" ] && pkgconf --exists zlib; then
	make_project make npqneed 1.0.0 "$WORK/src/npqneed-1.0.0"
	cat >"$WORK/src/npqneed-1.0.0/npqneed.c" <<'C'
#include "npqneed.h"
#include <zlib.h>
const char *npqneed_version(void) { return zlibVersion() ? NPQNEED_VERSION : "?"; }
C
	sed -i 's|$(CC) -shared -o $@ $(NAME).o $(LDFLAGS)|$(CC) -shared -o $@ $(NAME).o $(LDFLAGS) -lz|' \
		"$WORK/src/npqneed-1.0.0/Makefile"
	pack "$WORK/src/npqneed-1.0.0" tar.gz "$WORK/www/npqneed.tar.gz"
	npqneed_recipe() {
		cat >"$RECIPES/npqneed.json" <<J
{ "schema": 2, "name": "npqneed", "version": "1.0.0", "links": "npqneed",
  "discover": { "headers": ["npqneed.h"] },
  "components": { "npqneed": { "lib": "npqneed" } },
  "source": { "urls": ["$URL/files/npqneed.tar.gz"], "sha256": "$(sha256 "$WORK/www/npqneed.tar.gz")" },
  "build": { "system": "make" }$1 }
J
	}
	npqneed_recipe ""
	NATIVEPKG_NPQNEED_MODE=build run 0 resolve npqneed
	contains "$ERR" "warning: npqneed: $NATIVEPKG_CACHE_DIR/builds/npqneed-1.0.0-"
	contains "$ERR" "/lib/libnpqneed.so needs libz.so.1, which no declared dependency provides"
	run 0 recipe lint --trial-build "$RECIPES/npqneed.json"
	contains "$OUT" "trial build of npqneed 1.0.0 (shared)"
	npqneed_recipe ', "dependencies": { "zlib": "*" }'
	NATIVEPKG_NPQNEED_MODE=build run 0 resolve npqneed
	grep -q "needs libz" "$ERR" && fail "a declared dependency is warned about: $(cat "$ERR")"
	pass "an undeclared library in NEEDED is a warning naming it and the file; declared, none"
else
	echo "skipped: the undeclared NEEDED case (no libz.so or zlib.pc on this machine)"
fi

# --- a component the build does not install ----------------------------------------------------------
python3 - "$RECIPES/npqcm.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["components"]["extra"] = {"lib": "npqextra"}
r["version"] = "1.1.0"
json.dump(r, open(sys.argv[1], "w"))
PY
run 1 --mode build resolve npqcm
contains "$ERR" "no shared libraries libnpqcm.so, libnpqextra.so (component extra)"
run 3 recipe lint --trial-build "$RECIPES/npqcm.json"
contains "$ERR" "libnpqextra.so (component extra)"
pass "a component the build does not install fails the build, naming it"

# --- dependency kinds --------------------------------------------------------------------------------
cat >"$RECIPES/npqnothere.json" <<'J'
{ "schema": 2, "name": "npqnothere", "version": "1.0", "links": "npqnothere",
  "discover": { "pkg_config": { "modules": ["npqnothere-not-installed"] } } }
J
npqcm_recipe ', "cmake_cache": { "NPQ_INCDIR:PATH": "include" } }, "dependencies": { "npqnothere": { "version": "*", "kind": "optional" }, "npqmake": { "version": "*", "kind": "build" }'
sed -i 's/} } }$/} } }/' "$RECIPES/npqcm.json"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$RECIPES/npqcm.json" || {
	cat "$RECIPES/npqcm.json" >&2; fail "the kinds recipe is not JSON"; }
NATIVEPKG_NPQCM_MODE=build run 0 resolve npqcm
contains "$OUT" "npqcm 1.1.0 via build (shared)"
grep -q npqnothere .nativepkg/lib/pkgconfig/npqcm.pc && fail "an absent optional dependency in the .pc"
grep -q npqmake .nativepkg/lib/pkgconfig/npqcm.pc && fail "a build-only dependency in the .pc"
grep -q '"npqnothere"' nativepkg.lock && fail "an absent optional dependency is locked"
# Locked again as it is: the absent optional dependency and the build-only one are no change.
NATIVEPKG_NPQCM_MODE=build run 0 resolve npqcm
contains "$OUT" "npqcm 1.1.0 via build (shared, locked)"
pass "dependency kinds: an optional one absent, a build-only one kept out of the answer"
