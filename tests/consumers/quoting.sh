#!/bin/sh
# A hostile prefix round-trips byte for byte through every format that can carry it — sourced
# by dash and bash, parsed as JSON and TOML, read by CMake, read by Cargo — and a format that
# cannot carry it refuses with exit 3 and writes nothing.
. "$(dirname "$0")/../build/lib.sh"
C="$WORK/consumers"
cp -r "$SRC/tests/consumers" "$C"

# hostile NAME: a zlib (the fixture one, 9.9.9-fixture) installed under a prefix named NAME,
# in a workspace that has locked nothing yet (a consumer answers the lock when there is one).
hostile() {
	H="$WORK/$1"
	mkdir -p "$H"
	cp -r "$FIXTURES_ZLIB/include" "$FIXTURES_ZLIB/lib" "$H/"
	export NATIVEPKG_ZLIB_ROOT="$H"
	rm -f "$WORK/ws/nativepkg.lock"
}
FIXTURES_ZLIB=$(dirname "$NP")/../tests/fixtures/zlib-override
[ -d "$FIXTURES_ZLIB" ] || fail "no fixture zlib at $FIXTURES_ZLIB"

# Everything but ';' (a CMake list separator) and a newline.
hostile 'p q$HOME"d'"'"'e`id`#f\g'
run 0 resolve zlib
T="$WORK/ws/.nativepkg"
for shell in dash bash; do
	got=$($shell -c ". '$T/env/all.sh' && printf '%s' \"\$DEP_Z_ROOT\"")
	[ "$got" = "$H" ] || fail "$shell read DEP_Z_ROOT as '$got'"
done
pass "sh: dash and bash source it back exactly"
python3 - "$T/resolution.json" "$T/cargo/config.toml" "$H" <<'PY' || fail "JSON or TOML read it differently"
import json, sys, tomllib
want = sys.argv[3]
res = json.load(open(sys.argv[1]))
assert res["packages"][0]["prefix"] == want, res["packages"][0]["prefix"]
assert res["packages"][0]["env"]["DEP_Z_ROOT"] == want
toml = tomllib.load(open(sys.argv[2], "rb"))
table = next(iter(toml["target"].values()))["z"]
assert table["root"] == want, table["root"]
PY
pass "json and cargo/config.toml: read back exactly"
mkdir -p "$WORK/cmq"
cat >"$WORK/cmq/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.19)
project(quoting C)
find_package(ZLIB CONFIG REQUIRED)
get_target_property(location ZLIB::ZLIB IMPORTED_LOCATION)
file(WRITE "${CMAKE_BINARY_DIR}/include.txt" "${ZLIB_INCLUDE_DIR}")
file(WRITE "${CMAKE_BINARY_DIR}/location.txt" "${location}")
CM
cmake -S "$WORK/cmq" -B "$WORK/cmq-build" -DCMAKE_PREFIX_PATH="$T" >"$WORK/log" 2>&1 ||
	{ cat "$WORK/log"; fail "CMake could not read the config"; }
[ "$(cat "$WORK/cmq-build/include.txt")" = "$H/include" ] || fail "CMake read ZLIB_INCLUDE_DIR as '$(cat "$WORK/cmq-build/include.txt")'"
[ "$(cat "$WORK/cmq-build/location.txt")" = "$H/lib/libz.so" ] || fail "CMake read IMPORTED_LOCATION as '$(cat "$WORK/cmq-build/location.txt")'"
pass "cmake: ZLIB_INCLUDE_DIR and IMPORTED_LOCATION read back exactly"

real_home=$(getent passwd "$(id -u)" | cut -d: -f6)
export RUSTUP_HOME="${RUSTUP_HOME:-$real_home/.rustup}" CARGO_HOME="${CARGO_HOME:-$real_home/.cargo}"
cargo=$(command -v cargo || true)
[ -n "$cargo" ] || [ ! -x "$CARGO_HOME/bin/cargo" ] || cargo="$CARGO_HOME/bin/cargo"
if [ -n "$cargo" ]; then
	export NATIVEPKG="$NP" CARGO_TARGET_DIR="$WORK/cargo-target"
	(cd "$C/cargo/app" && "$cargo" build --offline -q) >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cargo"; }
	out=$("$CARGO_TARGET_DIR/debug/app")
	# The version, the libz mapped (found through the runtime path in that hostile directory),
	# and DEP_Z_INCLUDE as the dependent's build script read it.
	[ "$out" = "9.9.9-fixture $(realpath "$H/lib/libz.so") $H/include" ] ||
		fail "Cargo carried DEP_Z_INCLUDE as '$out'"
	pass "cargo: a dependent's build script reads DEP_Z_INCLUDE exactly, and the program runs"
else
	echo "skipped: cargo"
fi

# ';' cannot be a CMake path: resolve refuses, and writes nothing.
rm -rf "$T"
hostile 'semi;colon'
run 3 resolve zlib
contains "$ERR" "';' would split it into a list"
[ ! -e "$T" ] || fail "a refused resolve wrote $T"
run 0 env --format sh zlib
pass "';': refused for CMake (exit 3, nothing written), carried by sh"

# A newline: KEY=VALUE, make, pkg-config and Cargo's line protocol cannot carry it.
hostile 'new
line'
run 3 resolve zlib
[ ! -e "$T" ] || fail "a refused resolve wrote $T"
for format in dotenv make cargo; do
	run 3 env --format "$format" zlib
	[ ! -s "$OUT" ] || fail "env --format $format printed something before refusing"
done
run 0 env --format sh zlib
got=$(bash -c ". '$OUT' && printf '%s' \"\$DEP_Z_ROOT\"")
[ "$got" = "$H" ] || fail "sh did not carry the newline"
run 0 env --format json zlib
python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['DEP_Z_ROOT'] == sys.argv[2]" "$OUT" "$H" ||
	fail "JSON did not carry the newline"
run 0 env --format github zlib
contains "$OUT" "DEP_Z_ROOT<<NATIVEPKG_EOF_0"
pass "a newline: dotenv, make and cargo refuse (exit 3, nothing printed); sh, json and github carry it"

# --- Non-ASCII paths: a workspace, a prefix and a cache whose paths hold 'ä' (and a space).
# Every resolve used to fail ("not valid UTF-8"): the flag quoting put a backslash before each
# byte of a UTF-8 character. Each case goes through resolve, every file of the tree, and a real
# compile with `nativepkg flags`, the program run without LD_LIBRARY_PATH.

# first_word FLAGS: the first argument a shell makes of FLAGS (pkg-config's quoting).
first_word() {
	eval "set -- $1"
	printf '%s' "$1"
}

# tree_holds DIR LINKS MODULE CMAKE NAME PREFIX INCLUDE: every output in DIR (a workspace's
# tree) carries the package's prefix and include directory exactly.
tree_holds() {
	d=$1 links=$2 module=$3 cmake=$4 name=$5 prefix=$6 include=$7
	upper=$(echo "$links" | tr a-z A-Z)
	for shell in dash bash; do
		got=$($shell -c ". '$d/env/all.sh' && printf '%s' \"\$DEP_${upper}_ROOT\"")
		[ "$got" = "$prefix" ] || fail "$shell read DEP_${upper}_ROOT as '$got'"
		cflags=$($shell -c ". '$d/env/all.sh' && printf '%s' \"\$DEP_${upper}_CFLAGS\"")
		[ "$(first_word "$cflags")" = "-I$include" ] || fail "$shell: DEP_${upper}_CFLAGS is '$cflags'"
	done
	grep -qxF "DEP_${upper}_ROOT=$prefix" "$d/env/$links.env" || fail "env/$links.env: $(cat "$d/env/$links.env")"
	grep -qxF "cargo:root=$prefix" "$d/cargo/$links.txt" || fail "cargo/$links.txt: $(cat "$d/cargo/$links.txt")"
	python3 - "$d" "$links" "$name" "$prefix" "$include" <<'PY' || fail "JSON, TOML or CPS read it differently"
import json, shlex, sys, tomllib
d, links, name, prefix, include = sys.argv[1:6]
res = json.load(open(d + "/resolution.json", encoding="utf-8"))
pkg = [p for p in res["packages"] if p["links"] == links][0]
assert pkg["prefix"] == prefix, pkg["prefix"]
assert include in pkg["include_dirs"], pkg["include_dirs"]
cflags = pkg["env"]["DEP_%s_CFLAGS" % links.upper()]
assert shlex.split(cflags)[0] == "-I" + include, cflags
toml = tomllib.load(open(d + "/cargo/config.toml", "rb"))
table = next(iter(toml["target"].values()))[links]
assert table["root"] == prefix, table["root"]
assert shlex.split(table["cflags"])[0] == "-I" + include, table["cflags"]
cps = json.load(open(d + "/cps/%s.cps" % name, encoding="utf-8"))
comp = next(iter(cps["components"].values()))
assert include in comp["includes"], comp["includes"]
PY
	got=$(PKG_CONFIG_PATH="$d/lib/pkgconfig" PKG_CONFIG_LIBDIR= pkgconf --cflags "$module") ||
		fail "pkgconf cannot read lib/pkgconfig/$module.pc"
	[ "$(first_word "$got")" = "-I$include" ] || fail "pkgconf read $module.pc's cflags as '$got'"
	[ -z "$cmake" ] && return 0
	rm -rf "$WORK/cmq-build"
	cmake -S "$WORK/cmq" -B "$WORK/cmq-build" -DCMAKE_PREFIX_PATH="$d" -DNP_PACKAGE="$cmake" \
		>"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "CMake could not read $cmake's config"; }
	[ "$(cat "$WORK/cmq-build/include.txt")" = "$include" ] ||
		fail "CMake read ${cmake}_INCLUDE_DIR as '$(cat "$WORK/cmq-build/include.txt")'"
}
cat >"$WORK/cmq/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.19)
project(quoting C)
find_package(${NP_PACKAGE} CONFIG REQUIRED)
file(WRITE "${CMAKE_BINARY_DIR}/include.txt" "${${NP_PACKAGE}_INCLUDE_DIR}")
CM

# compiles PROGRAM.c with `nativepkg flags PKG` (eval: the flags are quoted for a shell, the
# runtime search path among them), runs it without LD_LIBRARY_PATH, and compares what it
# prints with WANT.
compiles() {
	src=$1 pkg=$2 want=$3
	flags=$("$NP" --recipes "$RECIPES" flags "$pkg") || fail "flags $pkg"
	eval "cc \"\$src\" -o \"\$WORK/prog\" $flags" || fail "cannot compile against $pkg: $flags"
	got=$(env -u LD_LIBRARY_PATH "$WORK/prog")
	[ "$got" = "$want" ] || fail "the program printed '$got', expected '$want'"
}

unset NATIVEPKG_ZLIB_ROOT
rm -rf "$T"
for name in 'präfix' 'prä fix'; do
	hostile "$name"
	run 0 resolve zlib
	tree_holds "$T" z zlib ZLIB zlib "$H" "$H/include"
	# The version, and the libz mapped: found through a runtime path naming that directory.
	compiles "$C/app.c" zlib "9.9.9-fixture $(realpath "$H/lib/libz.so")"
	rm -rf "$T" "$WORK/ws/nativepkg.lock"
done
pass "a prefix (override) with 'ä', and with a space and 'ä': every output, pkgconf, CMake and a compile"

hostile 'präfix'
for name in 'wörkspace/ä' 'wörk späce/ä'; do
	mkdir -p "$WORK/$name"
	cd "$WORK/$name"
	run 0 resolve zlib
	tree_holds "$WORK/$name/.nativepkg" z zlib ZLIB zlib "$H" "$H/include"
	run 0 env --format json zlib
	compiles "$C/app.c" zlib "9.9.9-fixture $(realpath "$H/lib/libz.so")"
done
cd "$WORK/ws"
unset NATIVEPKG_ZLIB_ROOT
pass "a workspace with 'ä', and with a space and 'ä': resolve, every output, env, flags and a compile"

# A cache with 'ä': a package built from source has its prefix there. (A cache whose path has
# a space cannot build yet: the build passes LDFLAGS=-Wl,-rpath,<prefix>/lib, which every build
# system splits at the space — resolvers/build.c.)
start_server
make_project make npu 1.0.0 "$WORK/src/npu-1.0.0"
pack "$WORK/src/npu-1.0.0" tar.gz "$WORK/www/npu.tar.gz"
recipe npu 1.0.0 make "$URL/files/npu.tar.gz" "$(sha256 "$WORK/www/npu.tar.gz")"
cat >"$WORK/npu.c" <<'P'
#include <stdio.h>
#include "npu.h"
int main(void) { puts(npu_version()); return 0; }
P
for name in 'cäche'; do
	export NATIVEPKG_CACHE_DIR="$WORK/$name"
	mkdir -p "$WORK/ws-$name"
	cd "$WORK/ws-$name"
	run 0 resolve npu
	prefix=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["packages"][0]["prefix"])' \
		"$WORK/ws-$name/.nativepkg/resolution.json")
	case $prefix in "$NATIVEPKG_CACHE_DIR"/builds/*) ;; *) fail "npu was not built in the cache: $prefix" ;; esac
	tree_holds "$WORK/ws-$name/.nativepkg" npu npu "" npu "$prefix" "$prefix/include"
	compiles "$WORK/npu.c" npu 1.0.0
done
cd "$WORK/ws"
pass "a cache with 'ä': a build from source, every output and a compile"
