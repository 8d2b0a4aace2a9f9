#!/bin/sh
# A Rust library packaged as a native one (issue 15, docs/rust-libraries.md), consumed as a new
# user would, shared and static, every program run with no LD_LIBRARY_PATH and checked for the
# libadder it actually maps (/proc/self/maps):
#
#   tests/fixtures/rust/adder — zero dependencies, crate-type staticlib + cdylib, a cbindgen.toml,
#   a Cargo feature the recipe turns on — built by a "cargo" recipe, then used by C through
#   `nativepkg flags` and through the .pc, by CMake's find_package(Adder CONFIG), by Python's
#   ctypes on DEP_ADDER_DYLIB (shared) and a cffi API-mode extension linking the archive (static);
#   the static answer's closure is what rustc printed as native-static-libs, in every output.
#
#   tests/fixtures/rust/zadder — its build script links the zlib nativepkg built for it (a fixture
#   zlib whose version no real one has): a C program calling zlib and zadder maps one zlib, the
#   locked one, with zadder shared and static.
#
# Usage: rust-library.sh NATIVEPKG SOURCE_DIR
. "$(dirname "$0")/../build/lib.sh"
C="$SRC/tests/consumers/rust"
# rustup keeps its toolchains under the user's home, which this test replaced: use the real one.
real_home=$(getent passwd "$(id -u)" | cut -d: -f6)
export RUSTUP_HOME="${RUSTUP_HOME:-$real_home/.rustup}" CARGO_HOME="${CARGO_HOME:-$real_home/.cargo}"
[ ! -x "$CARGO_HOME/bin/cargo" ] || PATH="$PATH:$CARGO_HOME/bin"
command -v cargo >/dev/null || { echo "skipped: no cargo (Debian: apt-get install cargo)"; exit 77; }
command -v cbindgen >/dev/null || { echo "skipped: no cbindgen (Debian: apt-get install cbindgen)"; exit 77; }
py=/usr/bin/python3

np() {
	"$NP" --recipes "$RECIPES" "$@"
}

# tarball CRATE DIR: the fixture crate packed as $WORK/www/DIR.tar.gz, its top directory DIR.
tarball() {
	mkdir -p "$WORK/src"
	cp -R "$SRC/tests/fixtures/rust/$1" "$WORK/src/$2"
	pack "$WORK/src/$2" tar.gz "$WORK/www/$2.tar.gz"
}

tarball adder adder-0.3.1
cat >"$RECIPES/adder.json" <<J
{
  "schema": 1,
  "name": "adder",
  "version": "0.3.1",
  "links": "adder",
  "description": "a Rust library with a C ABI",
  "discover": { "headers": ["adder.h"], "libs": ["adder"] },
  "source": { "urls": ["file://$WORK/www/adder-0.3.1.tar.gz"],
              "sha256": "$(sha256 "$WORK/www/adder-0.3.1.tar.gz")" },
  "build": { "system": "cargo", "features": ["mul"] },
  "exports": { "cmake": { "package": "Adder", "targets": { "Adder::adder": "adder" } },
               "pkg_config": "adder" }
}
J

# expect WANT PROGRAM...: PROGRAM must print "0.3.1 42 mul" and the libadder it mapped, WANT.
expect() {
	want=$1
	shift
	got=$(env -u LD_LIBRARY_PATH "$@") || fail "$* failed"
	[ "$got" = "0.3.1 42 mul $want" ] || fail "$* printed '$got', expected '0.3.1 42 mul $want'"
}

# --- shared ----------------------------------------------------------------------------------
run 0 resolve adder
contains "$ERR" "building adder 0.3.1 (cargo, shared"
T="$WORK/ws/.nativepkg"
dylib=$(sed -n 's/^DEP_ADDER_DYLIB=//p' "$T/env/adder.env")
prefix=$(sed -n 's/^DEP_ADDER_ROOT=//p' "$T/env/adder.env")
[ "$dylib" = "$prefix/lib/libadder.so" ] || fail "DEP_ADDER_DYLIB is '$dylib'"
locked=$(realpath "$dylib")
soname=$(readelf -d "$dylib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = libadder.so ] || fail "libadder.so's soname is '$soname'"
[ ! -e "$prefix/lib/libadder.a" ] || fail "a shared build installed the archive too"
contains "$prefix/include/adder.h" "int32_t adder_add(int32_t a, int32_t b);"
contains "$prefix/include/adder.h" "#ifndef ADDER_H"
pass "a cargo recipe builds the crate's cdylib as libadder.so (soname libadder.so), its header from cbindgen.toml"

cc "$C/adder.c" -o "$WORK/app-flags" $(np flags adder) || fail "cc with nativepkg flags"
expect "$locked" "$WORK/app-flags"
readelf -d "$WORK/app-flags" | grep -q 'NEEDED.*\[libadder\.so\]' || fail "the program does not need libadder.so"
np verify "$WORK/app-flags" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "nativepkg verify"; }
contains "$WORK/log" "libadder.so loads the lock's adder 0.3.1"
PKG_CONFIG_LIBDIR="$T/lib/pkgconfig" pkgconf --validate adder >"$WORK/log" 2>&1 && [ ! -s "$WORK/log" ] ||
	{ cat "$WORK/log"; fail "pkgconf --validate adder"; }
cc "$C/adder.c" -o "$WORK/app-pc" $(PKG_CONFIG_LIBDIR="$T/lib/pkgconfig" pkgconf --cflags --libs adder) ||
	fail "cc with the .pc"
expect "$locked" "$WORK/app-pc"
pass "shared: C programs from nativepkg flags and from adder.pc load the locked libadder.so (verify agrees)"

cmake -S "$C/cmake" -B "$WORK/cmake-shared" -DCMAKE_PREFIX_PATH="$T" -DWANT=0.3 >"$WORK/log" 2>&1 ||
	{ cat "$WORK/log"; fail "cmake consumer (shared): configure"; }
contains "$WORK/log" "Adder 0.3.1 from $T/lib/cmake/Adder"
cmake --build "$WORK/cmake-shared" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cmake consumer (shared): build"; }
expect "$locked" "$WORK/cmake-shared/app"
cmake -S "$C/cmake" -B "$WORK/cmake-reject" -DCMAKE_PREFIX_PATH="$T" -DWANT=1 >"$WORK/log" 2>&1 &&
	fail "find_package(Adder 1 CONFIG) accepted 0.3.1"
pass "shared: CMake find_package(Adder 0.3 CONFIG) links Adder::adder and loads the locked libadder.so; Adder 1 is rejected"

got=$(env -u LD_LIBRARY_PATH "$py" "$C/adder.py" ctypes "$dylib") || fail "ctypes"
[ "$got" = "0.3.1 42 mul $locked" ] || fail "ctypes on DEP_ADDER_DYLIB: '$got'"
pass "shared: Python ctypes on DEP_ADDER_DYLIB calls the locked libadder.so"

# --- static ----------------------------------------------------------------------------------
mkdir -p "$WORK/ws-static"
cd "$WORK/ws-static"
NATIVEPKG_ADDER_STATIC=1 run 0 resolve adder
S="$WORK/ws-static/.nativepkg"
sprefix=$(sed -n 's/^DEP_ADDER_ROOT=//p' "$S/env/adder.env")
[ "$sprefix" != "$prefix" ] || fail "the static build has the shared one's key"
[ -f "$sprefix/lib/libadder.a" ] && [ ! -e "$sprefix/lib/libadder.so" ] || fail "the static build's lib/: $(ls "$sprefix/lib")"
# What rustc said the archive needs, as the build recorded it.
native=$("$py" -c 'import json, sys; print(" ".join(json.load(open(sys.argv[1]))["native_static_libs"]))' \
	"$sprefix/share/nativepkg/cargo.json")
case " $native " in *" -lpthread "*" -lc "*) ;; *) fail "native-static-libs recorded as '$native'" ;; esac
libs="-L$sprefix/lib -l:libadder.a $native"
[ "$(np flags --libs adder)" = "$libs " ] || fail "flags --libs: '$(np flags --libs adder)', expected '$libs'"
contains "$S/env/adder.env" "DEP_ADDER_LDFLAGS=$libs"
contains "$S/lib/pkgconfig/adder.pc" "Libs: $libs"
contains "$S/lib/cmake/Adder/AdderConfig.cmake" "INTERFACE_LINK_LIBRARIES \"$(echo "$native" | tr ' ' ';')\""
"$py" - "$S" "$libs" <<'PY' || fail "resolution.json or adder.cps disagrees"
import json, sys
tree, libs = sys.argv[1], sys.argv[2].split()
r = [p for p in json.load(open(tree + "/resolution.json"))["packages"] if p["name"] == "adder"][0]
assert (r["method"], r["link"], r["ldflags"], r["static_ldflags"]) == ("build", "static", libs, libs), r
c = json.load(open(tree + "/cps/adder.cps"))["components"]["adder"]
assert c["type"] == "archive" and c["location"].endswith("/lib/libadder.a"), c
assert c["link_libraries"] == [a[2:] for a in libs[2:]], c
PY
np env --format cargo adder >"$WORK/cargo.txt" || fail "env --format cargo"
contains "$WORK/cargo.txt" "cargo:rustc-link-lib=static=adder"
contains "$WORK/cargo.txt" "cargo:rustc-link-lib=pthread"
pass "static: rustc's native-static-libs ($native) are the archive's closure in flags, env, JSON, .pc, CMake, CPS and Cargo"

cc "$C/adder.c" -o "$WORK/static-flags" $(np flags adder) || fail "cc with nativepkg flags (static)"
expect - "$WORK/static-flags"
readelf -d "$WORK/static-flags" | grep -q 'NEEDED.*libadder' && fail "the static program needs a libadder"
cc "$C/adder.c" -o "$WORK/static-pc" $(PKG_CONFIG_LIBDIR="$S/lib/pkgconfig" pkgconf --static --cflags --libs adder) ||
	fail "cc with the .pc (static)"
expect - "$WORK/static-pc"
cmake -S "$C/cmake" -B "$WORK/cmake-static" -DCMAKE_PREFIX_PATH="$S" -DWANT=0.3 >"$WORK/log" 2>&1 ||
	{ cat "$WORK/log"; fail "cmake consumer (static): configure"; }
cmake --build "$WORK/cmake-static" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cmake consumer (static): build"; }
expect - "$WORK/cmake-static/app"
pass "static: C from flags and from the .pc, and CMake's Adder::adder, link libadder.a and run"

if "$py" -c "import cffi" 2>/dev/null && [ -f "$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ]; then
	np flags --format cffi adder >"$WORK/cffi.json" || fail "flags --format cffi"
	mkdir -p "$WORK/cffi"
	(cd "$WORK/cffi" && "$py" "$C/cffi_build.py" "$WORK/cffi.json" "$WORK/cffi") >"$WORK/log" 2>&1 ||
		{ cat "$WORK/log"; fail "cffi API mode on the archive"; }
	ext=$(ls "$WORK"/cffi/_adder*.so)
	readelf -d "$ext" | grep -q 'NEEDED.*libadder' && fail "the cffi extension needs a libadder"
	got=$(env -u LD_LIBRARY_PATH "$py" "$C/adder.py" module _adder "$WORK/cffi") || fail "importing the cffi extension"
	[ "$got" = "0.3.1 42 mul -" ] || fail "the cffi extension printed '$got'"
	pass "static: a cffi API-mode extension from --format cffi links libadder.a and its closure"
else
	echo "skipped: cffi (no python3-cffi or python3-dev)"
fi

# --- a Rust library on nativepkg's zlib --------------------------------------------------------
zfake_recipe
tarball zadder zadder-0.1.0
cat >"$RECIPES/zadder.json" <<J
{
  "schema": 1,
  "name": "zadder",
  "version": "0.1.0",
  "links": "zadder",
  "discover": { "headers": ["zadder.h"], "libs": ["zadder"] },
  "source": { "urls": ["file://$WORK/www/zadder-0.1.0.tar.gz"],
              "sha256": "$(sha256 "$WORK/www/zadder-0.1.0.tar.gz")" },
  "build": { "system": "cargo" },
  "dependencies": { "zlib": "*" }
}
J
for kind in shared static; do
	mkdir -p "$WORK/ws-z-$kind"
	cd "$WORK/ws-z-$kind"
	static=0
	[ "$kind" = shared ] || static=1
	NATIVEPKG_ZLIB_MODE=build NATIVEPKG_ZADDER_STATIC=$static run 0 resolve zadder zlib
	zlib=$(realpath "$(sed -n 's/^DEP_Z_DYLIB=//p' .nativepkg/env/z.env)")
	case $zlib in "$NATIVEPKG_CACHE_DIR"/builds/zlib-9.9.9-fixture-*/lib/libz.so) ;;
		*) fail "$kind: the locked zlib is $zlib, not nativepkg's build" ;; esac
	if [ "$kind" = shared ]; then
		zdylib=$(sed -n 's/^DEP_ZADDER_DYLIB=//p' .nativepkg/env/zadder.env)
		readelf -d "$zdylib" | grep -q 'NEEDED.*\[libz\.so\]' || fail "libzadder.so does not need the fixture's libz.so"
	fi
	cc "$C/zboth.c" -o "$WORK/zboth-$kind" $(np flags zadder zlib) || fail "$kind: cc zboth.c"
	got=$(env -u LD_LIBRARY_PATH "$WORK/zboth-$kind") || fail "$kind: zboth failed"
	[ "$got" = "9.9.9-fixture 9.9.9-fixture $zlib" ] ||
		fail "$kind: the program and zadder called '$got', expected one zlib: '9.9.9-fixture 9.9.9-fixture $zlib'"
	np verify "$WORK/zboth-$kind" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "$kind: nativepkg verify zboth"; }
	pass "zadder $kind: its build script links nativepkg's zlib (DEP_Z_*, and 'nativepkg env' answering the build's lock); a C program calling both maps one zlib, the locked one"
done
