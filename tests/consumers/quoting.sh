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
