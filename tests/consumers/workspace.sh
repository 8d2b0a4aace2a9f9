#!/bin/sh
# One linkage point for a whole workspace: a CMake project (nativepkg_require), a meson project
# (the output tree's .pc files) and a Cargo crate (a build script asking nativepkg) all need
# libpng and zlib. After `nativepkg resolve` in the workspace, each program is built and run,
# and each must have loaded the same libz and libpng files — checked by the real paths the
# kernel mapped — which must be the ones the lock names.
#
#   auto    the system's libpng and zlib (pkg-config)
#   build   NATIVEPKG_MODE=build: both built from Debian's upstream tarballs, libpng against
#           nativepkg's zlib, from a loopback mirror
# Usage: workspace.sh NATIVEPKG SOURCE_DIR auto|build
. "$(dirname "$0")/../build/lib.sh"
flavour=$3
S=${NATIVEPKG_TEST_SOURCES:-}
W="$WORK/ws"
cp -r "$SRC/tests/consumers/workspace/." "$W/"
export NATIVEPKG="$NP" NATIVEPKG_RECIPE_PATH="$RECIPES"

case $flavour in
auto) ;;
build)
	for f in zlib_1.2.13.dfsg.orig.tar.bz2 libpng1.6_1.6.39.orig.tar.gz; do
		[ -n "$S" ] && [ -f "$S/$f" ] || { echo "skipped: no $f (.ci/setup --test downloads it)"; exit 77; }
	done
	start_server
	cp "$S/zlib_1.2.13.dfsg.orig.tar.bz2" "$WORK/www/"
	cp "$S/libpng1.6_1.6.39.orig.tar.gz" "$WORK/www/v1.6.39.tar.gz"
	debian_zlib "$S/zlib_1.2.13.dfsg.orig.tar.bz2"
	export NATIVEPKG_MIRRORS="$URL/files" NATIVEPKG_MODE=build
	;;
*) fail "unknown flavour $flavour" ;;
esac

run 0 resolve
contains "$OUT" "zlib 1.2.13 via"
contains "$OUT" "libpng 1.6.39 via"
[ -f "$W/nativepkg.lock" ] || fail "no lock"
z_want=$(realpath "$(sed -n 's/^DEP_Z_DYLIB=//p' "$W/.nativepkg/env/z.env")")
png_want=$(realpath "$(sed -n 's/^DEP_PNG16_DYLIB=//p' "$W/.nativepkg/env/png16.env")")
grep -qF "\"real\": \"$z_want\"" "$W/nativepkg.lock" || fail "the lock does not name $z_want"
grep -qF "\"real\": \"$png_want\"" "$W/nativepkg.lock" || fail "the lock does not name $png_want"
if [ "$flavour" = build ]; then
	case $z_want in "$NATIVEPKG_CACHE_DIR"/builds/zlib-1.2.13-*) ;; *) fail "zlib is $z_want, not a build" ;; esac
	case $png_want in "$NATIVEPKG_CACHE_DIR"/builds/libpng-1.6.39-*) ;; *) fail "libpng is $png_want" ;; esac
fi
want="z=$z_want png=$png_want"
pass "$flavour: resolve locked zlib ($z_want) and libpng ($png_want)"

# check NAME PROGRAM: the program must have loaded exactly the locked files.
check() {
	got=$(env -u LD_LIBRARY_PATH "$2") || fail "$1: the program failed"
	[ "$got" = "$want" ] || fail "$1 loaded '$got', the lock says '$want'"
	pass "$flavour: the $1 consumer loads the locked libz and libpng"
}

# --- CMake, configured from its own directory: nativepkg finds the workspace upwards -------------
mark_lock=$(sha256sum "$W/nativepkg.lock")
cmake -S "$W/cmake" -B "$W/cmake/build" -Dnativepkg_DIR="$(dirname "$NP")/../lib/cmake/nativepkg" \
	>"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cmake: configure"; }
grep -qi "warning" "$WORK/log" && { cat "$WORK/log"; fail "cmake: nativepkg warned"; }
cmake --build "$W/cmake/build" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cmake: build"; }
check CMake "$W/cmake/build/app"

# --- meson, from the output tree's pkg-config files ---------------------------------------------
PKG_CONFIG_LIBDIR="$W/.nativepkg/lib/pkgconfig" meson setup "$W/meson/build" "$W/meson" \
	>"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "meson: setup"; }
meson compile -C "$W/meson/build" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "meson: compile"; }
check meson "$W/meson/build/app"

# --- Cargo: the build script runs nativepkg from the crate's directory ----------------------------
real_home=$(getent passwd "$(id -u)" | cut -d: -f6)
export RUSTUP_HOME="${RUSTUP_HOME:-$real_home/.rustup}" CARGO_HOME="${CARGO_HOME:-$real_home/.cargo}"
cargo=$(command -v cargo || true)
[ -n "$cargo" ] || [ ! -x "$CARGO_HOME/bin/cargo" ] || cargo="$CARGO_HOME/bin/cargo"
if [ -n "$cargo" ]; then
	(cd "$W/cargo" && CARGO_TARGET_DIR="$W/cargo/target" "$cargo" build --offline -q) \
		>"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cargo: build"; }
	check Cargo "$W/cargo/target/debug/wsapp"
else
	echo "skipped: the Cargo consumer (no cargo)"
fi

# Consumers read the lock; none of them changed it, and it still holds.
[ "$(sha256sum "$W/nativepkg.lock")" = "$mark_lock" ] || fail "a consumer changed the lock"
run 0 verify
run 0 --locked resolve
contains "$OUT" "zlib 1.2.13 via"
contains "$OUT" "(shared, locked)"
pass "$flavour: the consumers left the lock alone; verify and --locked resolve pass"
