#!/bin/sh
# Real consumers of nativepkg's outputs, each configured, built and run: a CMake project
# (find_package CONFIG, version accepted and rejected), libpng's unmodified CMakeLists through
# the dependency provider, meson dependency(), autotools PKG_CHECK_MODULES, a Cargo -sys crate
# whose build.rs is `nativepkg env --format cargo` with a dependent reading DEP_Z_INCLUDE, a
# links = "z" crate whose build script the override table replaces, bindgen, and cffi.
#
# Usage: consumers.sh NATIVEPKG SOURCE_DIR FLAVOUR, FLAVOUR being
#   system  the machine's zlib (zlib1g-dev)
#   built   a zlib nativepkg builds, whose version string is 1.2.13-nativepkg: a consumer
#           that silently falls back to the system copy prints 1.2.13 and fails.
. "$(dirname "$0")/../build/lib.sh"
flavour=$3
S=${NATIVEPKG_TEST_SOURCES:-}
C="$WORK/consumers"
cp -r "$SRC/tests/consumers" "$C"
export NATIVEPKG="$NP" NATIVEPKG_RECIPE_PATH="$RECIPES"

case $flavour in
system)
	expected=$(pkgconf --modversion zlib)
	;;
built)
	tarball="$S/zlib_1.2.13.dfsg.orig.tar.bz2"
	[ -f "$tarball" ] || { echo "skipped: no $tarball (.ci/setup --test downloads it)"; exit 77; }
	mkdir -p "$WORK/mirror"
	cp "$tarball" "$WORK/mirror/"
	# The headers say 1.2.13-nativepkg (zlib-version.patch), and so does the recipe.
	debian_zlib "$tarball" 1.2.13-nativepkg "$C/zlib-version.patch"
	export NATIVEPKG_MIRRORS="file://$WORK/mirror" NATIVEPKG_ZLIB_MODE=build
	expected=1.2.13-nativepkg
	;;
*) fail "unknown flavour $flavour" ;;
esac

run 0 resolve zlib
T="$WORK/ws/.nativepkg"
libdir=$(sed -n 's/^DEP_Z_LIB_DIR=//p' "$T/env/z.env")
include=$(sed -n 's/^DEP_Z_INCLUDE=//p' "$T/env/z.env")

# expect PROGRAM...: the program must print the wanted zlib version first.
expect() {
	got=$("$@" | cut -d' ' -f1)
	[ "$got" = "$expected" ] || fail "$* printed zlib '$got', expected '$expected'"
}

# --- CMake: find_package(ZLIB <version> CONFIG) from the output tree ---------------------------
cmake -S "$C/cmake" -B "$WORK/cmake-build" -DCMAKE_PREFIX_PATH="$T" -DWANT=1.2 >"$WORK/log" 2>&1 ||
	{ cat "$WORK/log"; fail "cmake consumer: configure"; }
grep -q "ZLIB_DIR.*$T/lib/cmake/ZLIB\|from $T/lib/cmake/ZLIB" "$WORK/log" || { cat "$WORK/log"; fail "cmake found another ZLIB"; }
cmake --build "$WORK/cmake-build" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cmake consumer: build"; }
expect "$WORK/cmake-build/app"
cmake -S "$C/cmake" -B "$WORK/cmake-reject" -DCMAKE_PREFIX_PATH="$T" -DWANT=99 >"$WORK/log" 2>&1 &&
	fail "cmake consumer: find_package(ZLIB 99) was accepted"
grep -q 'requested version "99"' "$WORK/log" || { cat "$WORK/log"; fail "cmake: no version rejection"; }
pass "$flavour: CMake find_package(ZLIB 1.2 CONFIG) links and runs; ZLIB 99 is rejected"

# --- find_package(nativepkg) + nativepkg_require() -----------------------------------------------
cmake -S "$C/require" -B "$WORK/require-build" -Dnativepkg_DIR="$(dirname "$NP")/../lib/cmake/nativepkg" \
	>"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "nativepkg_require: configure"; }
cmake --build "$WORK/require-build" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "nativepkg_require: build"; }
expect "$WORK/require-build/app"
grep -q "$WORK/ws/.nativepkg\|_nativepkg" "$WORK/require-build/CMakeCache.txt" || fail "nativepkg_require found ZLIB elsewhere"
pass "$flavour: find_package(nativepkg) + nativepkg_require(zlib VERSION 1.2 REQUIRED)"

# --- the .pc files: valid, and pkgconf answers what nativepkg answers ---------------------------
for pc in "$T"/lib/pkgconfig/*.pc; do
	module=$(basename "$pc" .pc)
	PKG_CONFIG_LIBDIR="$T/lib/pkgconfig" pkgconf --validate "$module" >"$WORK/log" 2>&1 ||
		{ cat "$WORK/log"; fail "pkgconf --validate $module"; }
	[ ! -s "$WORK/log" ] || { cat "$WORK/log"; fail "pkgconf --validate $module warned"; }
done
[ "$(PKG_CONFIG_LIBDIR="$T/lib/pkgconfig" pkgconf --libs zlib)" = "$("$NP" flags --libs zlib)" ] ||
	fail "pkgconf reading nativepkg's zlib.pc disagrees with nativepkg flags"
pass "$flavour: every .pc passes pkgconf --validate silently and reads back as nativepkg answers"

# --- libpng's own CMakeLists, unmodified, through the dependency provider ----------------------
png_tar="$S/libpng1.6_1.6.39.orig.tar.gz"
if [ -f "$png_tar" ]; then
	mkdir -p "$WORK/libpng"
	tar -C "$WORK/libpng" --strip-components=1 -xzf "$png_tar"
	cmake -S "$WORK/libpng" -B "$WORK/libpng-build" -DPNG_TESTS=OFF -DPNG_STATIC=OFF \
		-DNATIVEPKG_EXECUTABLE="$NP" \
		-DCMAKE_PROJECT_TOP_LEVEL_INCLUDES="$(dirname "$NP")/../share/nativepkg/cmake/NativePkgProvider.cmake" \
		>"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "libpng: configure"; }
	grep -q "^ZLIB_DIR:PATH=$WORK/libpng-build/_nativepkg/lib/cmake/ZLIB" "$WORK/libpng-build/CMakeCache.txt" ||
		{ grep ZLIB "$WORK/libpng-build/CMakeCache.txt"; fail "libpng's find_package(ZLIB) was not answered by nativepkg"; }
	cmake --build "$WORK/libpng-build" --target png >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "libpng: build"; }
	cat >"$WORK/png.c" <<'P'
#include <stdio.h>
#include <png.h>
#include <zlib.h>
int main(void) { printf("%s %s\n", zlibVersion(), png_get_libpng_ver(NULL)); return 0; }
P
	# The program links only libpng: the zlib it reports is the one libpng16.so loads.
	cc "$WORK/png.c" -o "$WORK/png" -I"$WORK/libpng" -I"$WORK/libpng-build" -I"$include" \
		-L"$WORK/libpng-build" -lpng16 -Wl,-rpath,"$WORK/libpng-build" -Wl,--allow-shlib-undefined \
		-Wl,--no-as-needed $(NATIVEPKG_ZLIB_MODE=${NATIVEPKG_ZLIB_MODE:-} "$NP" flags --libs zlib) ||
		fail "libpng: cannot link a program"
	expect "$WORK/png"
	pass "$flavour: libpng's unmodified CMakeLists gets ZLIB from nativepkg's provider"
else
	echo "skipped: libpng's CMakeLists (no $png_tar)"
fi

# --- meson dependency('zlib') ----------------------------------------------------------------
PKG_CONFIG_LIBDIR="$T/lib/pkgconfig" meson setup "$WORK/meson-build" "$C/meson" >"$WORK/log" 2>&1 ||
	{ cat "$WORK/log"; fail "meson consumer: setup"; }
meson compile -C "$WORK/meson-build" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "meson consumer: compile"; }
expect "$WORK/meson-build/app"
pass "$flavour: meson dependency('zlib')"

# --- autotools PKG_CHECK_MODULES ---------------------------------------------------------------
cp "$C/app.c" "$C/autotools/"
(cd "$C/autotools" && autoreconf -fi >"$WORK/log" 2>&1 &&
	./configure PKG_CONFIG_LIBDIR="$T/lib/pkgconfig" >>"$WORK/log" 2>&1 && make >>"$WORK/log" 2>&1) ||
	{ cat "$WORK/log"; fail "autotools consumer"; }
expect "$C/autotools/app"
pass "$flavour: autotools PKG_CHECK_MODULES([ZLIB], [zlib >= 1.2])"

# --- Cargo ------------------------------------------------------------------------------------
# rustup keeps its toolchains under the user's home, which this test replaced: use the real one.
real_home=$(getent passwd "$(id -u)" | cut -d: -f6)
export RUSTUP_HOME="${RUSTUP_HOME:-$real_home/.rustup}" CARGO_HOME="${CARGO_HOME:-$real_home/.cargo}"
cargo=$(command -v cargo || true)
[ -n "$cargo" ] || [ ! -x "$CARGO_HOME/bin/cargo" ] || cargo="$CARGO_HOME/bin/cargo"
if [ -n "$cargo" ]; then
	export CARGO_TARGET_DIR="$WORK/cargo-target"
	(cd "$C/cargo/app" && "$cargo" build --offline -q) >"$WORK/log" 2>&1 ||
		{ cat "$WORK/log"; fail "cargo: zsys + app"; }
	out=$("$CARGO_TARGET_DIR/debug/app")
	[ "$out" = "$expected $include" ] || fail "cargo app printed '$out', expected '$expected $include'"
	pass "$flavour: a -sys crate printing 'nativepkg env --format cargo', and a dependent reading DEP_Z_INCLUDE"

	(cd "$C/cargo/zoverride" && "$cargo" --config "$T/cargo/config.toml" build --offline -q) \
		>"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cargo: the override table"; }
	LD_LIBRARY_PATH="$libdir" expect "$CARGO_TARGET_DIR/debug/zoverride"
	pass "$flavour: a links = \"z\" crate's build script replaced by cargo/config.toml"
else
	echo "skipped: Cargo consumers (no cargo)"
fi

# --- bindgen --------------------------------------------------------------------------------
if command -v bindgen >/dev/null && [ -n "$cargo" ]; then
	rustc=$(dirname "$cargo")/rustc
	"$NP" flags --format bindgen zlib >"$WORK/clang-args"
	set -- "$C/bindgen/wrapper.h" -o "$WORK/bindings.rs" --allowlist-function zlibVersion \
		--allowlist-var ZLIB_VERSION --
	while IFS= read -r arg; do set -- "$@" "$arg"; done <"$WORK/clang-args"
	bindgen "$@" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "bindgen"; }
	BINDINGS_DIR="$WORK" "$rustc" --edition 2021 -o "$WORK/bindgen-app" "$C/bindgen/main.rs" \
		${libdir:+-L native="$libdir"} -l z ${libdir:+-C link-arg=-Wl,-rpath,"$libdir"} \
		>"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "rustc on bindgen's bindings"; }
	expect "$WORK/bindgen-app"
	grep -q "ZLIB_VERSION.*$expected" "$WORK/bindings.rs" || fail "bindgen read another zlib.h"
	pass "$flavour: bindgen generates bindings from nativepkg's flags; Rust calls zlib through them"
else
	echo "skipped: bindgen (no bindgen or rustc)"
fi

# --- python3-cffi, API mode --------------------------------------------------------------------
if /usr/bin/python3 -c "import cffi" 2>/dev/null; then
	# The interpreter itself links the system libz.so.1, so another zlib can only live in the
	# extension as a static archive with private symbols (what --format cffi asks for then).
	# A workspace links one copy, of one kind: the static one is another workspace's answer.
	mkdir -p "$WORK/ws-static"
	if [ "$flavour" = built ]; then
		(cd "$WORK/ws-static" && NATIVEPKG_ZLIB_STATIC=1 "$NP" resolve -q zlib) || fail "resolve --static"
	fi
	(cd "$WORK/ws-static" && "$NP" flags --format cffi zlib) >"$WORK/cffi.json" 2>"$WORK/log" ||
		{ cat "$WORK/log"; fail "cffi flags"; }
	mkdir -p "$WORK/cffi-build"
	got=$(cd "$WORK/cffi-build" && /usr/bin/python3 "$C/cffi/build.py" "$WORK/cffi.json" "$WORK/cffi-build" 2>"$WORK/log") ||
		{ cat "$WORK/log"; fail "cffi"; }
	[ "$got" = "$expected" ] || fail "the cffi extension reports zlib '$got', expected '$expected'"
	pass "$flavour: a cffi API-mode extension built from --format cffi"
else
	echo "skipped: cffi (no python3-cffi)"
fi
