#!/bin/sh
# Real consumers of nativepkg's outputs, each configured, built and run with no
# LD_LIBRARY_PATH, each checked for the copy of zlib it actually loads: the version it calls
# AND the libz file mapped into the process (/proc/self/maps) must be the locked ones.
#
#   C via `nativepkg flags` and via the DEP_Z_* variables; CMake find_package(ZLIB CONFIG) from
#   the tree (version accepted and rejected), nativepkg_require(), an unmodified
#   find_package(ZLIB) through the tree's project include, libpng's unmodified CMakeLists through
#   the dependency provider; meson dependency() and autotools PKG_CHECK_MODULES on the .pc
#   files; a Cargo -sys crate whose build.rs is `nativepkg env --format cargo`, its dependent,
#   and a links = "z" crate replaced by cargo/config.toml; bindgen; SWIG; cffi (static, and
#   shared in the run environment); ctypes on DEP_Z_DYLIB.
#
# Usage: consumers.sh NATIVEPKG SOURCE_DIR FLAVOUR, FLAVOUR being
#   system    the machine's zlib (zlib1g-dev)
#   override  a zlib whose headers and library say 1.2.13-override, given as
#             NATIVEPKG_ZLIB_ROOT (built from Debian's tarball into a prefix of its own)
#   built     a zlib nativepkg builds, whose version string is 1.2.13-nativepkg
# In the last two a consumer that loads the system copy at run time prints 1.2.13 and the
# system's libz path, and fails.
. "$(dirname "$0")/../build/lib.sh"
flavour=$3
S=${NATIVEPKG_TEST_SOURCES:-}
C="$WORK/consumers"
cp -r "$SRC/tests/consumers" "$C"
export NATIVEPKG="$NP" NATIVEPKG_RECIPE_PATH="$RECIPES"

need_zlib_source() {
	tarball="$S/zlib_1.2.13.dfsg.orig.tar.bz2"
	[ -f "$tarball" ] || { echo "skipped: no $tarball (.ci/setup --test downloads it)"; exit 77; }
	mkdir -p "$WORK/mirror"
	cp "$tarball" "$WORK/mirror/"
}

case $flavour in
system)
	expected=$(pkgconf --modversion zlib)
	;;
override)
	need_zlib_source
	# Built once, elsewhere, then handed over as a plain prefix: the workspace never builds it.
	sed 's/1\.2\.13-nativepkg/1.2.13-override/' "$C/zlib-version.patch" >"$WORK/zlib-override.patch"
	debian_zlib "$tarball" 1.2.13-override "$WORK/zlib-override.patch"
	(cd "$WORK" && NATIVEPKG_CACHE_DIR="$WORK/other-cache" NATIVEPKG_MIRRORS="file://$WORK/mirror" \
		NATIVEPKG_ZLIB_MODE=build "$NP" --recipes "$RECIPES" -q build zlib) || fail "building the override zlib"
	cp -a "$WORK"/other-cache/builds/zlib-1.2.13-override-* "$WORK/zlib-prefix"
	rm -f "$RECIPES/zlib.json"
	export NATIVEPKG_ZLIB_ROOT="$WORK/zlib-prefix"
	expected=1.2.13-override
	;;
built)
	need_zlib_source
	# The headers say 1.2.13-nativepkg (zlib-version.patch), and so does the recipe.
	debian_zlib "$tarball" 1.2.13-nativepkg "$C/zlib-version.patch"
	export NATIVEPKG_MIRRORS="file://$WORK/mirror" NATIVEPKG_ZLIB_MODE=build
	expected=1.2.13-nativepkg
	;;
*) fail "unknown flavour $flavour" ;;
esac

run 0 resolve zlib
T="$WORK/ws/.nativepkg"
include=$(sed -n 's/^DEP_Z_INCLUDE=//p' "$T/env/z.env")
dylib=$(sed -n 's/^DEP_Z_DYLIB=//p' "$T/env/z.env")
# The file the loader maps for the locked answer: the shared object's real path.
locked=$(realpath "$dylib")
case $flavour in
system) [ -z "$(sed -n 's/^DEP_Z_RUNTIME_DIRS=//p' "$T/env/z.env")" ] || fail "a system zlib got runtime directories" ;;
*) grep -q "^DEP_Z_LDFLAGS=.*-Wl,-rpath," "$T/env/z.env" || fail "no runtime search path in DEP_Z_LDFLAGS" ;;
esac

# expect PROGRAM...: it must print the locked zlib's version and the locked libz file.
expect() {
	got=$("$@") || fail "$* failed"
	[ "$got" = "$expected $locked" ] || fail "$* loaded zlib '$got', expected '$expected $locked'"
}

# --- C via nativepkg flags, and via the DEP_Z_* variables -------------------------------------
# shellcheck disable=SC2046
cc "$C/app.c" -o "$WORK/app-flags" $("$NP" flags zlib) || fail "cc with nativepkg flags"
expect "$WORK/app-flags"
(
	. "$T/env/all.sh"
	# shellcheck disable=SC2086
	cc "$C/app.c" -o "$WORK/app-env" $DEP_Z_CFLAGS $DEP_Z_LDFLAGS
) || fail "cc with DEP_Z_CFLAGS and DEP_Z_LDFLAGS"
expect "$WORK/app-env"
pass "$flavour: C programs from nativepkg flags and from DEP_Z_* load the locked libz"

# --- CMake: find_package(ZLIB <version> CONFIG) from the output tree ---------------------------
cmake -S "$C/cmake" -B "$WORK/cmake-build" -DCMAKE_PREFIX_PATH="$T" -DWANT=1.2 >"$WORK/log" 2>&1 ||
	{ cat "$WORK/log"; fail "cmake consumer: configure"; }
grep -q "ZLIB_DIR.*$T/lib/cmake/ZLIB\|from $T/lib/cmake/ZLIB" "$WORK/log" || { cat "$WORK/log"; fail "cmake found another ZLIB"; }
cmake --build "$WORK/cmake-build" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cmake consumer: build"; }
expect "$WORK/cmake-build/app"
cmake -S "$C/cmake" -B "$WORK/cmake-reject" -DCMAKE_PREFIX_PATH="$T" -DWANT=99 >"$WORK/log" 2>&1 &&
	fail "cmake consumer: find_package(ZLIB 99) was accepted"
grep -q 'requested version "99"' "$WORK/log" || { cat "$WORK/log"; fail "cmake: no version rejection"; }
pass "$flavour: CMake find_package(ZLIB 1.2 CONFIG) links and runs the locked libz; ZLIB 99 is rejected"

# --- An unmodified find_package(ZLIB), given only the tree's project include -------------------
cmake -S "$C/cmake-module" -B "$WORK/cmake-module" -DCMAKE_PROJECT_TOP_LEVEL_INCLUDES="$T/nativepkg.cmake" \
	>"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cmake module consumer: configure"; }
grep -q "from $T/lib/cmake/ZLIB" "$WORK/log" || { cat "$WORK/log"; fail "find_package(ZLIB) did not take nativepkg's answer"; }
cmake --build "$WORK/cmake-module" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cmake module consumer: build"; }
expect "$WORK/cmake-module/app"
expect "$WORK/cmake-module/app_vars"
pass "$flavour: an unmodified find_package(ZLIB) takes nativepkg's answer through nativepkg.cmake (target and ZLIB_LIBRARIES)"

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
	# The program links only libpng: the libz mapped is the one libpng16.so loads.
	sed 's|#include <zlib.h>|#include <zlib.h>\n#include <png.h>|; s|printf("%s %s\\n", zlibVersion(), mapped);|printf("%s %s\\n", png_access_version_number() ? "png" : "", mapped);|' \
		"$C/app.c" >"$WORK/png.c"
	cc "$WORK/png.c" -o "$WORK/png" -I"$WORK/libpng" -I"$WORK/libpng-build" -I"$include" \
		-L"$WORK/libpng-build" -lpng16 -Wl,-rpath,"$WORK/libpng-build" || fail "libpng: cannot link a program"
	readelf -d "$WORK/png" | grep -q "NEEDED.*libz" && fail "the libpng program links libz itself"
	[ "$("$WORK/png")" = "png $locked" ] || fail "libpng16.so loads $("$WORK/png"), not the locked libz ($locked)"
	pass "$flavour: libpng's unmodified CMakeLists gets ZLIB from nativepkg's provider; its libpng16.so loads the locked libz"
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
	[ "$out" = "$expected $locked $include" ] ||
		fail "cargo app printed '$out', expected '$expected $locked $include'"
	pass "$flavour: a -sys crate printing 'nativepkg env --format cargo', and a dependent passing DEP_Z_RUNTIME_DIRS on: the binary loads the locked libz"

	# The override table replaces the build script; cargo/config.toml's rustflags carry the
	# runtime search path to every binary.
	(cd "$C/cargo/zoverride" && "$cargo" --config "$T/cargo/config.toml" build --offline -q) \
		>"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cargo: the override table"; }
	expect "$CARGO_TARGET_DIR/debug/zoverride"
	pass "$flavour: a links = \"z\" crate's build script replaced by cargo/config.toml; the binary loads the locked libz"
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
	# Linked with nativepkg's own link flags, each handed to the linker as it is.
	set --
	for arg in $("$NP" flags --libs zlib); do set -- "$@" -C "link-arg=$arg"; done
	BINDINGS_DIR="$WORK" "$rustc" --edition 2021 -o "$WORK/bindgen-app" "$C/bindgen/main.rs" "$@" \
		>"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "rustc on bindgen's bindings"; }
	expect "$WORK/bindgen-app"
	grep -q "ZLIB_VERSION.*$expected" "$WORK/bindings.rs" || fail "bindgen read another zlib.h"
	pass "$flavour: bindgen generates bindings from nativepkg's flags; the Rust program loads the locked libz"
else
	echo "skipped: bindgen (no bindgen or rustc)"
fi

# --- Python: SWIG, cffi, ctypes ----------------------------------------------------------------
# Debian's python3 itself links libz.so.1, so an extension's own RUNPATH cannot bring another
# zlib in: the loader reuses the interpreter's (docs/outputs.md). What works: the run
# environment (env/run.sh) for shared answers, a static archive with private symbols, or
# ctypes on the absolute DEP_Z_DYLIB.
py=/usr/bin/python3
pyinc=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
pyrun() {
	(. "$T/env/run.sh" && "$py" "$C/python/loaded.py" "$@")
}
# pyexpect KIND ARGS...: the version the extension calls, and every libz mapped is the locked one.
pyexpect() {
	got=$(pyrun "$@") || fail "python $*"
	[ "$got" = "$expected $locked" ] || fail "python $* loaded zlib '$got', expected '$expected $locked'"
}

got=$(env -u LD_LIBRARY_PATH "$py" "$C/python/loaded.py" ctypes "$dylib") || fail "ctypes"
case $got in "$expected "*"$locked"*) ;; *) fail "ctypes on DEP_Z_DYLIB: '$got', expected $expected from $locked" ;; esac
pass "$flavour: ctypes on DEP_Z_DYLIB calls the locked libz"

if [ -f "$pyinc/Python.h" ] && command -v swig >/dev/null; then
	mkdir -p "$WORK/swig"
	# shellcheck disable=SC2046
	swig -python $("$NP" flags --format swig zlib) -o "$WORK/swig/zv_wrap.c" -outdir "$WORK/swig" \
		"$C/swig/zv.i" || fail "swig"
	# shellcheck disable=SC2046
	cc -shared -fPIC -I"$pyinc" "$WORK/swig/zv_wrap.c" -o "$WORK/swig/_zv.so" $("$NP" flags zlib) ||
		fail "compiling the SWIG module"
	pyexpect module zv "$WORK/swig"
	pass "$flavour: a SWIG module built from nativepkg's flags, in the run environment, calls the locked libz"
else
	echo "skipped: SWIG (no swig or python3-dev)"
fi

if "$py" -c "import cffi" 2>/dev/null; then
	# Shared, in the run environment.
	"$NP" flags --format cffi zlib >"$WORK/cffi.json" || fail "cffi flags"
	mkdir -p "$WORK/cffi-shared"
	(cd "$WORK/cffi-shared" && "$py" "$C/cffi/build.py" "$WORK/cffi.json" "$WORK/cffi-shared") \
		>"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cffi (shared)"; }
	pyexpect module _zv "$WORK/cffi-shared"
	# Static, in a workspace of its own (a workspace links one copy, of one kind), and with no
	# run environment: the archive's symbols are private to the extension.
	mkdir -p "$WORK/ws-static"
	(cd "$WORK/ws-static" && NATIVEPKG_ZLIB_STATIC=1 "$NP" resolve -q zlib &&
		"$NP" flags --format cffi zlib) >"$WORK/cffi-static.json" 2>"$WORK/log" ||
		{ cat "$WORK/log"; fail "cffi flags (static)"; }
	mkdir -p "$WORK/cffi-static"
	(cd "$WORK/cffi-static" && "$py" "$C/cffi/build.py" "$WORK/cffi-static.json" "$WORK/cffi-static") \
		>"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cffi (static)"; }
	ext=$(ls "$WORK"/cffi-static/_zv*.so)
	readelf -d "$ext" | grep -q "NEEDED.*libz" && fail "the static cffi extension still needs a shared libz"
	got=$(env -u LD_LIBRARY_PATH "$py" "$C/python/loaded.py" module _zv "$WORK/cffi-static" | cut -d' ' -f1)
	[ "$got" = "$expected" ] || fail "the static cffi extension calls zlib '$got', expected '$expected'"
	pass "$flavour: cffi API-mode extensions from --format cffi: shared in the run environment, static on its own"
else
	echo "skipped: cffi (no python3-cffi)"
fi
