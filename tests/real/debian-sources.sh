#!/bin/sh
# Real upstream sources, from Debian's archive (.ci/setup --test fetches them with
# `apt-get source --download-only` into $NATIVEPKG_TEST_SOURCES): cJSON 1.7.15, libyaml 0.2.5,
# lz4 1.9.4 and libpng 1.6.39 are byte-identical to the upstream downloads the shipped recipes name, so
# those recipes build unmodified from a loopback mirror. zlib is repacked by Debian (1.2.13.dfsg,
# another sha256, no win32/), so its recipe here is the shipped one with that file and a patch.
# Then programs compiled with `nativepkg flags` run against what nativepkg built.
. "$(dirname "$0")/../build/lib.sh"
S=${NATIVEPKG_TEST_SOURCES:-}
for f in cjson_1.7.15.orig.tar.gz libyaml_0.2.5.orig.tar.gz libpng1.6_1.6.39.orig.tar.gz \
	lz4_1.9.4.orig.tar.gz zlib_1.2.13.dfsg.orig.tar.bz2; do
	if [ -z "$S" ] || [ ! -f "$S/$f" ]; then
		echo "skipped: $f not in NATIVEPKG_TEST_SOURCES ('${S}'); .ci/setup --test downloads it"
		exit 77
	fi
done
start_server
# The mirror layout nativepkg asks for: <mirror>/<file name of the recipe's URL>.
cp "$S/cjson_1.7.15.orig.tar.gz" "$WORK/www/v1.7.15.tar.gz"
cp "$S/libyaml_0.2.5.orig.tar.gz" "$WORK/www/0.2.5.tar.gz"
cp "$S/libpng1.6_1.6.39.orig.tar.gz" "$WORK/www/v1.6.39.tar.gz"
cp "$S/lz4_1.9.4.orig.tar.gz" "$WORK/www/v1.9.4.tar.gz"
cp "$S/zlib_1.2.13.dfsg.orig.tar.bz2" "$WORK/www/"
export NATIVEPKG_MIRRORS="$URL/files"

# zlib: the shipped recipe, pointed at Debian's repacked tarball, plus the patch.
debian_zlib "$S/zlib_1.2.13.dfsg.orig.tar.bz2"

# The shipped recipes, unmodified (the built-in recipe directory): cmake, autotools, make.
for pkg in cjson libyaml lz4; do
	run 0 build "$pkg"
	pass "$pkg built from the upstream tarball"
done
cat >"$WORK/yj.c" <<'C'
#include <stdio.h>
#include <yaml.h>
#include <lz4.h>
#include <cjson/cJSON.h>
int main(void) { printf("%s %s %s\n", cJSON_Version(), yaml_get_version_string(), LZ4_versionString()); return 0; }
C
flags=$("$NP" --recipes "$RECIPES" --mode build flags cjson libyaml lz4)
# shellcheck disable=SC2086
cc "$WORK/yj.c" -o "$WORK/yj" $flags
[ "$(env -u LD_LIBRARY_PATH "$WORK/yj")" = "1.7.15 0.2.5 1.9.4" ] || fail "cjson/libyaml/lz4 program: $("$WORK/yj")"
ldd "$WORK/yj" | grep -q "libcjson.so.1 => $NATIVEPKG_CACHE_DIR/builds/cjson-1.7.15-" || fail "not nativepkg's cJSON"
ldd "$WORK/yj" | grep -q "libyaml-0.so.2 => $NATIVEPKG_CACHE_DIR/builds/libyaml-0.2.5-" || fail "not nativepkg's libyaml"
ldd "$WORK/yj" | grep -q "liblz4.so.1 => $NATIVEPKG_CACHE_DIR/builds/lz4-1.9.4-" || fail "not nativepkg's lz4"
pass "a program links nativepkg's cJSON, libyaml and lz4 and runs"

# libpng built against nativepkg's zlib; the consumer gets both.
export NATIVEPKG_ZLIB_MODE=build NATIVEPKG_LIBPNG_MODE=build
run 0 resolve libpng
contains "$OUT" "zlib 1.2.13 via build (shared)"
contains "$OUT" "libpng 1.6.39 via build (shared)"
grep -q "ZLIB_ROOT=$NATIVEPKG_CACHE_DIR/builds/zlib-1.2.13-" "$NATIVEPKG_CACHE_DIR"/logs/libpng-*.log ||
	fail "libpng was not configured against nativepkg's zlib"
run 0 resolve libpng
grep -q building "$ERR" && fail "the second resolve built again"
contains "$OUT" "libpng 1.6.39 via build (shared, locked)"
# Resolved again, the same build key finds the finished build in the cache.
run 0 resolve --update libpng
grep -q building "$ERR" && fail "the third resolve built again"
contains "$OUT" "libpng 1.6.39 via cache (shared)"
cat >"$WORK/png.c" <<'C'
#include <stdio.h>
#include <png.h>
#include <zlib.h>
int main(void) { printf("%s %s\n", png_get_libpng_ver(NULL), zlibVersion()); return 0; }
C
flags=$("$NP" --recipes "$RECIPES" flags libpng zlib)
# shellcheck disable=SC2086
cc "$WORK/png.c" -o "$WORK/png" $flags
[ "$(env -u LD_LIBRARY_PATH "$WORK/png")" = "1.6.39 1.2.13" ] || fail "libpng program: $("$WORK/png")"
ldd "$WORK/png" | grep -q "libz.so.1 => $NATIVEPKG_CACHE_DIR/builds/zlib-1.2.13-" ||
	{ ldd "$WORK/png"; fail "the program loads a zlib other than nativepkg's"; }
# libpng's own shared object must find nativepkg's zlib too, not the system copy.
pnglib=$(ls "$NATIVEPKG_CACHE_DIR"/builds/libpng-1.6.39-*/lib/libpng16.so.16)
ldd "$pnglib" | grep -q "libz.so.1 => $NATIVEPKG_CACHE_DIR/builds/zlib-1.2.13-" ||
	{ ldd "$pnglib"; fail "libpng16.so loads a zlib other than nativepkg's"; }
contains "$WORK/ws/.nativepkg/env/png16.env" "DEP_PNG16_METHOD=cache"
pass "libpng built against nativepkg's zlib; the program and libpng16.so both load it"
