#!/bin/sh
# A package of several libraries (recipe format v2): libmulta and libmultb (which requires
# multa), headers in include/multi-1/ that stop with #error unless MULTI_WIDTH is defined and
# that need <stdio.h> first, no version macro but a version function, a static-only
# definition, and a feature that builds a third library. Each component is consumed on its
# own, shared and static — a program per component compiled with `nativepkg flags PKG:COMP`
# and run without LD_LIBRARY_PATH, pkgconf on each .pc (validated), CMake's find_package and
# one target per component — and the same definitions reach the probe, an override and the
# outputs. Features are recorded in the lock; editing exports rewrites the outputs without a
# rebuild.
. "$(dirname "$0")/lib.sh"
command -v cmake >/dev/null || { echo "skipped: no cmake"; exit 77; }
command -v pkgconf >/dev/null || { echo "skipped: no pkgconf"; exit 77; }
start_server

src=$WORK/src/multi-3.1.4
mkdir -p "$src/include/multi-1" "$src/src"
cat >"$src/include/multi-1/multi.h" <<'H'
#ifndef MULTI_H
#define MULTI_H
#ifndef MULTI_WIDTH
#error MULTI_WIDTH must be defined before including multi.h
#endif
#ifdef MULTI_STATIC
#define MULTI_LINKAGE "static"
#else
#define MULTI_LINKAGE "shared"
#endif
const char *multi_version(void);
int multi_width(void);
#endif
H
cat >"$src/include/multi-1/multib.h" <<'H'
/* Uses FILE without including <stdio.h>: whoever includes it includes that first. */
int multib_print(FILE *f);
int multib_twice(void);
H
cat >"$src/src/a.c" <<'C'
#include "multi.h"
const char *multi_version(void) { return "3.1.4"; }
int multi_width(void) { return MULTI_WIDTH; }
C
cat >"$src/src/b.c" <<'C'
#include <stdio.h>
#include "multi.h"
#include "multib.h"
int multib_twice(void) { return 2 * multi_width(); }
int multib_print(FILE *f) { return fprintf(f, "b\n"); }
C
cat >"$src/src/c.c" <<'C'
const char *multic_hello(void) { return "c"; }
C
cat >"$src/CMakeLists.txt" <<'M'
cmake_minimum_required(VERSION 3.13)
project(multi C)
option(MULTI_EXTRA "build libmultc" OFF)
add_library(multa src/a.c)
add_library(multb src/b.c)
foreach(t multa multb)
  target_include_directories(${t} PRIVATE include/multi-1)
  target_compile_definitions(${t} PRIVATE MULTI_WIDTH=8)
endforeach()
target_link_libraries(multb PRIVATE multa)
install(TARGETS multa multb ARCHIVE DESTINATION lib LIBRARY DESTINATION lib)
install(FILES include/multi-1/multi.h include/multi-1/multib.h DESTINATION include/multi-1)
if(MULTI_EXTRA)
  add_library(multc src/c.c)
  install(TARGETS multc ARCHIVE DESTINATION lib LIBRARY DESTINATION lib)
endif()
M
pack "$src" tar.gz "$WORK/www/multi.tar.gz"
sum=$(sha256 "$WORK/www/multi.tar.gz")

# write_recipe EXPORTS_EXTRA: the recipe, with more fields in its component a (for the edit).
write_recipe() {
	cat >"$RECIPES/multi.json" <<J
{
  "schema": 2,
  "name": "multi",
  "version": "3.1.4",
  "links": "multi",
  "discover": {
    "pkg_config": { "modules": ["multi-a-not-installed"] },
    "headers": ["multi.h", "multib.h"],
    "include_subdir": "multi-1",
    "prelude": { "headers": ["stdio.h"] },
    "version": { "function": "multi_version" }
  },
  "components": {
    "a": { "lib": "multa", "pkg_config": "multi-a", "cmake_targets": "Multi::A",
           "definitions": ["MULTI_WIDTH=8"], "metadata": { "ROLE": "core" }$1 },
    "b": { "lib": "multb", "pkg_config": "multi-b", "cmake_targets": ["Multi::B", "Multi::Bee"],
           "requires": ["a"] },
    "c": { "lib": "multc", "pkg_config": "multi-c", "requires": ["a"] }
  },
  "features": {
    "extra": { "description": "libmultc", "options": ["-DMULTI_EXTRA=ON"],
               "off_options": ["-DMULTI_EXTRA=OFF"], "definitions": ["MULTI_HAVE_EXTRA=1"],
               "components": ["c"] }
  },
  "source": { "urls": ["$URL/files/multi.tar.gz"], "sha256": "$sum" },
  "build": { "system": "cmake" },
  "exports": { "cmake": { "package": "Multi" }, "static_definitions": ["MULTI_STATIC"] }
}
J
}
write_recipe ""
run 0 recipe lint --werror "$RECIPES/multi.json"

cat >"$WORK/a.c" <<'C'
#include <stdio.h>
#include <multi.h>
int main(void) { printf("%s %d %s\n", multi_version(), multi_width(), MULTI_LINKAGE); return 0; }
C
cat >"$WORK/b.c" <<'C'
#include <stdio.h>
#include <multi.h>
#include <multib.h>
int main(void) { printf("%d %s\n", multib_twice(), MULTI_LINKAGE); return multib_print(stdout) < 0; }
C

# prog SOURCE OUT EXPECTED FLAGS...: compiles SOURCE with the flags, runs it with no
# LD_LIBRARY_PATH; its first line must be EXPECTED.
prog() {
	source=$1 out=$2 want=$3
	shift 3
	# shellcheck disable=SC2068
	cc "$source" -o "$out" $@ || fail "cannot compile $source with: $*"
	got=$(env -u LD_LIBRARY_PATH "$out" | head -n 1)
	[ "$got" = "$want" ] || fail "$out printed '$got', expected '$want'"
}

# --- shared ----------------------------------------------------------------------------------------
mkdir -p "$WORK/shared" && cd "$WORK/shared"
run 0 resolve multi
contains "$OUT" "multi 3.1.4 via build (shared)"
builds=$(ls "$NATIVEPKG_CACHE_DIR/logs" | wc -l)
tree=$WORK/shared/.nativepkg
prog "$WORK/a.c" "$WORK/prog-a" "3.1.4 8 shared" $("$NP" --recipes "$RECIPES" flags multi:a)
prog "$WORK/b.c" "$WORK/prog-b" "16 shared" $("$NP" --recipes "$RECIPES" flags multi:b)
run 0 flags multi:a
case $(cat "$OUT") in *-lmultb*) fail "multi:a links multb: $(cat "$OUT")" ;; esac
contains "$OUT" "/include/multi-1 "
contains "$OUT" "-DMULTI_WIDTH=8 "
run 2 flags multi:nope
contains "$ERR" "flags: multi has no component 'nope' (a, b)"
pass "a program per component, flags PKG:COMP, shared, no LD_LIBRARY_PATH"

contains "$tree/env/multi.env" "DEP_MULTI_DYLIB=$NATIVEPKG_CACHE_DIR/builds/multi-3.1.4-"
grep -q '^DEP_MULTI_DYLIB=.*/lib/libmulta\.so$' "$tree/env/multi.env" || fail "DEP_MULTI_DYLIB is not libmulta"
grep -q '^DEP_MULTI_B_DYLIB=.*/lib/libmultb\.so$' "$tree/env/multi.env" || fail "no DEP_MULTI_B_DYLIB"
grep -q '^DEP_MULTI_A_DYLIB=.*/lib/libmulta\.so$' "$tree/env/multi.env" || fail "no DEP_MULTI_A_DYLIB"
contains "$tree/env/multi.env" "DEP_MULTI_B_LIBS=multb multa"
contains "$tree/env/multi.env" "DEP_MULTI_A_ROLE=core"
contains "$tree/env/multi.env" "DEP_MULTI_LIBS=multb multa"
pass "DEP_MULTI_DYLIB names the main component, DEP_MULTI_<COMP>_* each one"

# One .pc per component, valid, multi-b requiring multi-a; pkgconf alone builds a program.
[ ! -e "$tree/lib/pkgconfig/multi.pc" ] || fail "a package .pc although the components have theirs"
for pc in multi-a multi-b; do
	PKG_CONFIG_LIBDIR=$tree/lib/pkgconfig pkgconf --validate "$pc" || fail "$pc.pc does not validate"
done
contains "$tree/lib/pkgconfig/multi-b.pc" "Requires: multi-a"
grep -q '^Requires' "$tree/lib/pkgconfig/multi-a.pc" && fail "multi-a.pc requires something"
prog "$WORK/b.c" "$WORK/prog-pc" "16 shared" $(PKG_CONFIG_LIBDIR=$tree/lib/pkgconfig pkgconf --cflags --libs multi-b)
pass "one valid .pc per component, multi-b.pc requiring multi-a.pc"

# CMake: one target per component, Multi::B linking Multi::A (never the reverse).
config=$tree/lib/cmake/Multi/MultiConfig.cmake
sed -n '/add_library(Multi::A /,/^endif/p' "$config" | grep -q INTERFACE_LINK_LIBRARIES &&
	fail "Multi::A links something: $(cat "$config")"
sed -n '/add_library(Multi::B /,/^endif/p' "$config" | grep -q 'INTERFACE_LINK_LIBRARIES "Multi::A"' ||
	fail "Multi::B does not link Multi::A: $(cat "$config")"
mkdir -p "$WORK/cm"
cat >"$WORK/cm/CMakeLists.txt" <<M
cmake_minimum_required(VERSION 3.13)
project(consumer C)
find_package(Multi CONFIG REQUIRED COMPONENTS A B)
add_executable(proga "$WORK/a.c")
target_link_libraries(proga Multi::A)
add_executable(progb "$WORK/b.c")
target_link_libraries(progb Multi::Bee)
M
cmake -S "$WORK/cm" -B "$WORK/cm/build" -DCMAKE_PREFIX_PATH="$tree" >"$WORK/cm.log" 2>&1 ||
	{ cat "$WORK/cm.log" >&2; fail "the CMake consumer does not configure"; }
cmake --build "$WORK/cm/build" >>"$WORK/cm.log" 2>&1 || { cat "$WORK/cm.log" >&2; fail "the CMake consumer does not build"; }
[ "$(env -u LD_LIBRARY_PATH "$WORK/cm/build/proga")" = "3.1.4 8 shared" ] || fail "proga"
[ "$(env -u LD_LIBRARY_PATH "$WORK/cm/build/progb" | head -n 1)" = "16 shared" ] || fail "progb"
cat >"$WORK/cm/CMakeLists.txt" <<M
cmake_minimum_required(VERSION 3.13)
project(consumer C)
find_package(Multi CONFIG REQUIRED COMPONENTS nope)
M
cmake -S "$WORK/cm" -B "$WORK/cm/build2" -DCMAKE_PREFIX_PATH="$tree" >"$WORK/cm.log" 2>&1 &&
	fail "find_package(Multi COMPONENTS nope) succeeded"
grep -q "no component nope in multi" "$WORK/cm.log" || { cat "$WORK/cm.log" >&2; fail "no message for a missing component"; }
pass "CMake find_package(Multi COMPONENTS ...) and a target per component"

# --- editing exports rewrites the outputs, builds nothing ------------------------------------------
write_recipe ', "pkg_config_aliases": ["multi-core"]'
run 0 resolve multi
contains "$OUT" "multi 3.1.4 via cache (shared)"
[ "$(ls "$NATIVEPKG_CACHE_DIR/logs" | wc -l)" = "$builds" ] || fail "editing exports started a build"
[ -f "$tree/lib/pkgconfig/multi-core.pc" ] || fail "the new alias was not written"
pass "editing exports rewrites the outputs without a rebuild"
write_recipe ""

# --- static ---------------------------------------------------------------------------------------
mkdir -p "$WORK/static" && cd "$WORK/static"
run 0 --static resolve multi
contains "$OUT" "multi 3.1.4 via build (static)"
run 0 flags multi:b
contains "$OUT" "-DMULTI_STATIC "
contains "$OUT" "-l:libmultb.a -l:libmulta.a"
prog "$WORK/a.c" "$WORK/sprog-a" "3.1.4 8 static" $("$NP" --recipes "$RECIPES" flags multi:a)
prog "$WORK/b.c" "$WORK/sprog-b" "16 static" $("$NP" --recipes "$RECIPES" flags multi:b)
readelf -d "$WORK/sprog-b" | grep -q 'libmult' && fail "the static program needs a shared libmult*"
pass "components, static: archives by name, the static definition"

# --- features ------------------------------------------------------------------------------------
mkdir -p "$WORK/feat" && cd "$WORK/feat"
NATIVEPKG_MULTI_FEATURES=extra run 0 resolve multi
[ -f .nativepkg/lib/pkgconfig/multi-c.pc ] || fail "feature extra: no multi-c.pc"
grep -q '^DEP_MULTI_C_DYLIB=.*/libmultc\.so$' .nativepkg/env/multi.env || fail "feature extra: no DEP_MULTI_C_DYLIB"
contains .nativepkg/env/multi.env "-DMULTI_HAVE_EXTRA=1"
python3 - <<'PY' || fail "the lock does not record the feature"
import json
e = json.load(open("nativepkg.lock"))["packages"][0]
assert e["request"]["features"] == ["extra"], e["request"]
assert [c["name"] for c in e["answer"]["components"]] == ["a", "b", "c"], e["answer"]["components"]
PY
run 0 resolve multi
contains "$OUT" "multi: features [extra] -> []"
[ ! -e .nativepkg/lib/pkgconfig/multi-c.pc ] || fail "without the feature, multi-c.pc stays"
python3 -c 'import json; assert json.load(open("nativepkg.lock"))["packages"][0]["request"]["features"] == []' ||
	fail "the lock does not record no feature"
NATIVEPKG_MULTI_FEATURES=nope run 3 resolve multi
contains "$ERR" "multi: feature \"nope\" from env NATIVEPKG_MULTI_FEATURES is not one of its recipe's (extra)"
pass "features on and off, recorded in the lock"

# --- definitions and the prelude reach the probe; a version function answers it --------------------
prefix=$(ls -d "$NATIVEPKG_CACHE_DIR"/builds/multi-3.1.4-* | head -n 1)
for d in "$NATIVEPKG_CACHE_DIR"/builds/multi-3.1.4-*; do
	[ -e "$d/lib/libmulta.so" ] && [ ! -e "$d/lib/libmultc.so" ] && prefix=$d
done
mkdir -p "$WORK/probe" && cd "$WORK/probe"
CPATH=$prefix/include LIBRARY_PATH=$prefix/lib run 0 --mode system resolve multi
contains "$OUT" "multi 3.1.4 via probe (shared)"
cp "$RECIPES/multi.json" "$WORK/with-defs.json"
python3 - "$RECIPES/multi.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
del r["components"]["a"]["definitions"]
json.dump(r, open(sys.argv[1], "w"), indent=2)
PY
CPATH=$prefix/include LIBRARY_PATH=$prefix/lib run 1 --mode system resolve multi
contains "$ERR" "probe: the headers do not preprocess"
python3 - "$RECIPES/multi.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["components"]["a"]["definitions"] = ["MULTI_WIDTH=8"]
del r["discover"]["prelude"]
json.dump(r, open(sys.argv[1], "w"), indent=2)
PY
CPATH=$prefix/include LIBRARY_PATH=$prefix/lib run 1 --mode system resolve multi
cp "$WORK/with-defs.json" "$RECIPES/multi.json"
pass "the probe needs the definitions and the prelude, and gets them"

mkdir -p "$WORK/override" && cd "$WORK/override"
NATIVEPKG_MULTI_ROOT=$prefix run 0 resolve multi
contains "$OUT" "multi 3.1.4 via override (shared)"
contains .nativepkg/env/multi.env "DEP_MULTI_VERSION=3.1.4"
contains .nativepkg/env/multi.env "DEP_MULTI_INCLUDE=$prefix/include/multi-1"
contains .nativepkg/env/multi.env "-DMULTI_WIDTH=8"
pass "an override: include subdirectory, definitions, the version from multi_version()"
