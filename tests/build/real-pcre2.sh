#!/bin/sh
# A real package of several libraries, from upstream's bytes (Debian's pcre2 10.42 .orig
# tarball, which is upstream's pcre2-10.42.tar.gz): a schema-2 recipe with the components
# libpcre2-8 and libpcre2-posix, the definition its header needs (PCRE2_CODE_UNIT_WIDTH), its
# version from two macros. Built shared and static; each component consumed on its own by a
# program compiled with `nativepkg flags`, by pkgconf and by CMake, run without
# LD_LIBRARY_PATH. Skipped when the tarball is absent.
. "$(dirname "$0")/lib.sh"
S=${NATIVEPKG_TEST_SOURCES:-}
if [ -z "$S" ] || [ ! -f "$S/pcre2_10.42.orig.tar.gz" ]; then
	echo "skipped: pcre2_10.42.orig.tar.gz not in NATIVEPKG_TEST_SOURCES ('$S')"
	exit 77
fi
command -v cmake >/dev/null || { echo "skipped: no cmake"; exit 77; }
start_server
cp "$S/pcre2_10.42.orig.tar.gz" "$WORK/www/pcre2-10.42.tar.gz"
export NATIVEPKG_MIRRORS="$URL/files"

cat >"$RECIPES/pcre2.json" <<'J'
{
  "schema": 2,
  "name": "pcre2",
  "version": "10.42",
  "links": "pcre2",
  "description": "Perl-compatible regular expressions (8-bit library and POSIX wrapper)",
  "homepage": "https://github.com/PCRE2Project/pcre2",
  "license": "BSD-3-Clause",
  "discover": {
    "pkg_config": { "modules": ["libpcre2-8-not-here"] },
    "headers": ["pcre2.h", "pcre2posix.h"],
    "symbol": "pcre2_compile_8",
    "version": { "macro": ["PCRE2_MAJOR", "PCRE2_MINOR"] }
  },
  "components": {
    "8": { "lib": "pcre2-8", "pkg_config": "libpcre2-8", "cmake_targets": "PCRE2::8BIT",
           "definitions": ["PCRE2_CODE_UNIT_WIDTH=8"], "static_definitions": ["PCRE2_STATIC"] },
    "posix": { "lib": "pcre2-posix", "pkg_config": "libpcre2-posix",
               "cmake_targets": "PCRE2::POSIX", "requires": ["8"] }
  },
  "source": {
    "urls": ["https://github.com/PCRE2Project/pcre2/releases/download/pcre2-10.42/pcre2-10.42.tar.gz"],
    "sha256": "c33b418e3b936ee3153de2c61cc638e7e4fe3156022a5c77d0711bcbb9d64f1f"
  },
  "build": {
    "system": "cmake",
    "options": ["-DPCRE2_BUILD_TESTS=OFF", "-DPCRE2_BUILD_PCRE2GREP=OFF", "-DPCRE2_SUPPORT_JIT=OFF"],
    "static_options": ["-DBUILD_STATIC_LIBS=ON"],
    "shared_options": ["-DBUILD_STATIC_LIBS=OFF"]
  },
  "exports": { "cmake": { "package": "PCRE2" } }
}
J
cat >"$WORK/p8.c" <<'C'
#include <stdio.h>
#include <pcre2.h>
int main(void)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)"a+b", PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)"xxaaab", 6, 0, 0, md, NULL);
	printf("%d %d.%d\n", rc, PCRE2_MAJOR, PCRE2_MINOR);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return 0;
}
C
cat >"$WORK/posix.c" <<'C'
#include <stdio.h>
#include <pcre2posix.h>
int main(void)
{
	regex_t re;
	int rc = regcomp(&re, "a+b", 0);
	printf("%d %d\n", rc, regexec(&re, "xxaaab", 0, NULL, 0));
	regfree(&re);
	return 0;
}
C
# prog SOURCE OUT EXPECTED FLAGS...
prog() {
	source=$1 out=$2 want=$3
	shift 3
	# shellcheck disable=SC2068
	cc "$source" -o "$out" $@ || fail "cannot compile $source with: $*"
	got=$(env -u LD_LIBRARY_PATH "$out")
	[ "$got" = "$want" ] || fail "$out printed '$got', expected '$want'"
}

for kind in shared static; do
	mkdir -p "$WORK/$kind" && cd "$WORK/$kind"
	run 0 "--$kind" --mode build resolve pcre2
	contains "$OUT" "pcre2 10.42 via build ($kind)"
	prog "$WORK/p8.c" "$WORK/p8-$kind" "1 10.42" $("$NP" --recipes "$RECIPES" flags pcre2:8)
	prog "$WORK/posix.c" "$WORK/posix-$kind" "0 0" $("$NP" --recipes "$RECIPES" flags pcre2:posix)
	tree=$WORK/$kind/.nativepkg
	for pc in libpcre2-8 libpcre2-posix; do
		PKG_CONFIG_LIBDIR=$tree/lib/pkgconfig pkgconf --validate "$pc" || fail "$pc.pc ($kind)"
	done
	contains "$tree/lib/pkgconfig/libpcre2-posix.pc" "Requires: libpcre2-8"
	static=
	[ "$kind" = static ] && static=--static
	# shellcheck disable=SC2046
	prog "$WORK/posix.c" "$WORK/posix-pc-$kind" "0 0" \
		$(PKG_CONFIG_LIBDIR=$tree/lib/pkgconfig pkgconf $static --cflags --libs libpcre2-posix)
	mkdir -p "$WORK/cm-$kind"
	cat >"$WORK/cm-$kind/CMakeLists.txt" <<M
cmake_minimum_required(VERSION 3.13)
project(consumer C)
find_package(PCRE2 CONFIG REQUIRED COMPONENTS 8BIT POSIX)
add_executable(p8 "$WORK/p8.c")
target_link_libraries(p8 PCRE2::8BIT)
add_executable(posix "$WORK/posix.c")
target_link_libraries(posix PCRE2::POSIX)
M
	cmake -S "$WORK/cm-$kind" -B "$WORK/cm-$kind/b" -DCMAKE_PREFIX_PATH="$tree" >"$WORK/cm.log" 2>&1 &&
		cmake --build "$WORK/cm-$kind/b" >>"$WORK/cm.log" 2>&1 ||
		{ cat "$WORK/cm.log" >&2; fail "the CMake consumer ($kind)"; }
	[ "$(env -u LD_LIBRARY_PATH "$WORK/cm-$kind/b/p8")" = "1 10.42" ] || fail "CMake p8 ($kind)"
	[ "$(env -u LD_LIBRARY_PATH "$WORK/cm-$kind/b/posix")" = "0 0" ] || fail "CMake posix ($kind)"
	if [ "$kind" = shared ]; then
		grep -q '^DEP_PCRE2_DYLIB=.*/libpcre2-8\.so$' "$tree/env/pcre2.env" || fail "DEP_PCRE2_DYLIB"
		grep -q '^DEP_PCRE2_POSIX_DYLIB=.*/libpcre2-posix\.so$' "$tree/env/pcre2.env" || fail "DEP_PCRE2_POSIX_DYLIB"
	else
		readelf -d "$WORK/posix-$kind" | grep -q libpcre2 && fail "the static program needs a libpcre2 .so"
	fi
	pass "pcre2 10.42 ($kind): each component by flags, pkgconf and CMake"
done
