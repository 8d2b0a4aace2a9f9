#!/bin/sh
# The cargo build system (issue 15) beyond its consumers (tests/consumers/rust-library.sh): a
# crate with a vendored dependency builds offline, its header and library name from the recipe;
# the Rust toolchain is part of the build key; and bad input is a clear error, with the log's
# tail when cargo fails, and leaves no build behind: cargo-only fields under another build
# system, a build.library outside discover.libs, no Cargo.toml, no library target, a crate-type
# without the kind asked for, a cbindgen config the recipe names but the crate lacks, a header
# nothing provides, a crate that does not compile, a foreign target without its Rust std,
# cbindgen missing from PATH.
. "$(dirname "$0")/lib.sh"
# rustup keeps its toolchains under the user's home, which this test replaced: use the real one.
real_home=$(getent passwd "$(id -u)" | cut -d: -f6)
export RUSTUP_HOME="${RUSTUP_HOME:-$real_home/.rustup}" CARGO_HOME="${CARGO_HOME:-$real_home/.cargo}"
[ ! -x "$CARGO_HOME/bin/cargo" ] || PATH="$PATH:$CARGO_HOME/bin"
command -v cargo >/dev/null || { echo "skipped: no cargo (Debian: apt-get install cargo)"; exit 77; }
command -v cbindgen >/dev/null || { echo "skipped: no cbindgen (Debian: apt-get install cbindgen)"; exit 77; }
F="$SRC/tests/fixtures/rust"

# crate NAME FIXTURE_DIR: the crate in FIXTURE_DIR packed as $WORK/www/NAME.tar.gz; prints nothing.
crate() {
	rm -rf "${WORK:?}/src/$1"
	mkdir -p "$WORK/src"
	cp -R "$2" "$WORK/src/$1"
	pack "$WORK/src/$1" tar.gz "$WORK/www/$1.tar.gz"
}

# cargo_recipe NAME LIB HEADER BUILD_JSON: a recipe building $WORK/www/NAME.tar.gz with cargo.
cargo_recipe() {
	cat >"$RECIPES/$1.json" <<J
{
  "schema": 1,
  "name": "$1",
  "version": "1.0",
  "links": "$1",
  "discover": { "headers": ["$3"], "libs": ["$2"] },
  "source": { "urls": ["file://$WORK/www/$1.tar.gz"], "sha256": "$(sha256 "$WORK/www/$1.tar.gz")" },
  "build": $4
}
J
}

# no_build NAME: nothing of NAME is under builds/ (a failed build keeps nothing).
no_build() {
	! ls "$NATIVEPKG_CACHE_DIR/builds" 2>/dev/null | grep -q "^$1-" || fail "a failed build of $1 left $(ls "$NATIVEPKG_CACHE_DIR/builds")"
}

# --- the recipe format ---------------------------------------------------------------------------
cat >"$RECIPES/notcargo.json" <<'J'
{
  "schema": 1, "name": "notcargo", "version": "1.0", "links": "notcargo",
  "discover": { "headers": ["n.h"], "libs": ["n"] },
  "source": { "urls": ["file:///nowhere.tar.gz"], "sha256": "unknown" },
  "build": { "system": "cmake", "features": ["x"], "cbindgen": "cbindgen.toml" }
}
J
run 3 recipe lint "$RECIPES/notcargo.json"
contains "$ERR" 'notcargo.json:5:33: "build.features" is only for the cargo build system'
contains "$ERR" '"build.cbindgen" is only for the cargo build system'
cat >"$RECIPES/badlib.json" <<'J'
{
  "schema": 1, "name": "badlib", "version": "1.0", "links": "badlib",
  "discover": { "headers": ["b.h"], "libs": ["b"] },
  "source": { "urls": ["file:///nowhere.tar.gz"], "sha256": "unknown" },
  "build": { "system": "cargo", "library": "other", "features": ["bad feature"], "header": "../b.h" }
}
J
run 3 recipe lint "$RECIPES/badlib.json"
contains "$ERR" '"build.library" "other" is not in "discover.libs"'
contains "$ERR" '"build.features" must be a Cargo feature name'
contains "$ERR" "\"build.header\" must not contain '..'"
rm "$RECIPES/notcargo.json" "$RECIPES/badlib.json"
pass "recipe lint: cargo's fields belong to cargo, build.library to discover.libs; features and paths are checked"

# --- a vendored dependency, offline; the header and the library's name from the recipe -----------
# The header directory holds a link to a file elsewhere in the crate: installed as the file.
mkdir -p "$WORK/fx"
cp -R "$F/vendored" "$WORK/fx/vend"
echo '#define VEND_EXTRA 1' >"$WORK/fx/vend/src/extra.h"
ln -s ../src/extra.h "$WORK/fx/vend/include/vend-extra.h"
crate vend "$WORK/fx/vend"
cargo_recipe vend vend2 vend.h '{ "system": "cargo", "library": "vend2", "header": "include" }'
run 0 fetch vend
NATIVEPKG_OFFLINE=1 run 0 resolve vend
prefix=$(sed -n 's/^DEP_VEND_ROOT=//p' "$WORK/ws/.nativepkg/env/vend.env")
[ -f "$prefix/lib/libvend2.so" ] || fail "no lib/libvend2.so: $(ls "$prefix/lib")"
[ "$(readelf -d "$prefix/lib/libvend2.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')" = libvend2.so ] ||
	fail "libvend2.so's soname is not libvend2.so"
cmp -s "$prefix/include/vend.h" "$F/vendored/include/vend.h" || fail "include/vend.h is not the crate's"
[ -f "$prefix/include/vend-extra.h" ] && [ ! -L "$prefix/include/vend-extra.h" ] ||
	fail "include/vend-extra.h is not a file: $(ls -l "$prefix/include")"
cat >"$WORK/vend.c" <<'C'
#include <stdio.h>
#include "vend.h"
int main(void) { printf("%d\n", vend_twice(21)); return 0; }
C
cc "$WORK/vend.c" -o "$WORK/vend" $("$NP" --recipes "$RECIPES" flags vend) || fail "cc against vend"
[ "$(env -u LD_LIBRARY_PATH "$WORK/vend")" = 42 ] || fail "the vend program printed $(env -u LD_LIBRARY_PATH "$WORK/vend")"
pass "a crate with a vendored dependency builds offline; build.header (a directory) and build.library (libvend2.so, its soname) are honoured"

cp "$WORK/www/vend.tar.gz" "$WORK/www/vendfile.tar.gz"
cargo_recipe vendfile vendfile vend.h '{ "system": "cargo", "library": "vendfile", "header": "include/vend.h" }'
NATIVEPKG_VENDFILE_STATIC=1 run 0 resolve vendfile
cc "$WORK/vend.c" -o "$WORK/vendfile" $("$NP" --recipes "$RECIPES" flags vendfile) || fail "cc against vendfile"
[ "$(env -u LD_LIBRARY_PATH "$WORK/vendfile")" = 42 ] || fail "the static vendfile program failed"
pass "build.header naming a file installs it in include/; a static build links libvendfile.a"

# A binary cache carries the build with its record: a machine that restores it links the same closure.
libs=$("$NP" --recipes "$RECIPES" flags --libs vendfile)
case $libs in *" -lpthread "*) ;; *) fail "the static closure of vendfile is '$libs'" ;; esac
mkdir -p "$WORK/bincache"
NATIVEPKG_BINARY_CACHE="file://$WORK/bincache" NATIVEPKG_VENDFILE_STATIC=1 run 0 cache push vendfile
mkdir -p "$WORK/ws-restore"
(
	cd "$WORK/ws-restore"
	NATIVEPKG_CACHE_DIR="$WORK/cache2" NATIVEPKG_BINARY_CACHE="file://$WORK/bincache" \
		NATIVEPKG_VENDFILE_STATIC=1 run 0 resolve vendfile
	contains "$OUT" "vendfile 1.0 via cache (static)"
	[ "$("$NP" --recipes "$RECIPES" flags --libs vendfile)" = "$(echo "$libs" | sed "s|$NATIVEPKG_CACHE_DIR/|$WORK/cache2/|g")" ] ||
		fail "the restored build's closure is '$("$NP" --recipes "$RECIPES" flags --libs vendfile)', not '$libs'"
	[ -f "$WORK/cache2/builds/$(basename "$(dirname "$(dirname "$(ls "$WORK"/cache2/builds/vendfile-*/lib/libvendfile.a)")")")/share/nativepkg/cargo.json" ] ||
		fail "the restored build has no share/nativepkg/cargo.json"
) || exit 1
pass "a binary cache's copy of a cargo build restores with its record: the same static closure"

# --- the Rust toolchain is part of the build key ---------------------------------------------------
mkdir -p "$WORK/ws-key" "$WORK/bin"
cd "$WORK/ws-key"
crate adder "$F/adder"
cargo_recipe adder adder adder.h '{ "system": "cargo" }'
run 0 resolve adder
contains "$ERR" "building adder 1.0 (cargo"
key1=$(sed -n 's/^DEP_ADDER_ROOT=//p' .nativepkg/env/adder.env)
contains "$key1/.nativepkg-build.json" "$(rustc -vV | sed -n 's/^release: //p')"
rm -rf .nativepkg nativepkg.lock
run 0 resolve adder
[ "$(sed -n 's/^DEP_ADDER_ROOT=//p' .nativepkg/env/adder.env)" = "$key1" ] || fail "the same toolchain did not reuse the build"
grep -q "building adder" "$ERR" && fail "the same toolchain built adder again"
# A rustc that says it is another one: another key, another build.
printf '#!/bin/sh\nif [ "$1" = -vV ]; then rustc -vV; echo "wrapped: yes"; else exec rustc "$@"; fi\n' >"$WORK/bin/rustc-wrapped"
chmod +x "$WORK/bin/rustc-wrapped"
rm -rf .nativepkg nativepkg.lock
RUSTC="$WORK/bin/rustc-wrapped" run 0 resolve adder
contains "$ERR" "building adder 1.0 (cargo"
key2=$(sed -n 's/^DEP_ADDER_ROOT=//p' .nativepkg/env/adder.env)
[ "$key2" != "$key1" ] || fail "another rustc -vV has the same build key"
contains "$key2/.nativepkg-build.json" "wrapped: yes"
pass "the build key holds rustc -vV: the same toolchain reuses the build, another one builds anew"
if [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] && [ "$(/usr/bin/rustc -vV)" != "$(rustc -vV)" ]; then
	rm -rf .nativepkg nativepkg.lock
	PATH="/usr/bin:$PATH" run 0 resolve adder
	key3=$(sed -n 's/^DEP_ADDER_ROOT=//p' .nativepkg/env/adder.env)
	[ "$key3" != "$key1" ] && [ "$key3" != "$key2" ] || fail "Debian's toolchain has another's build key"
	contains "$key3/.nativepkg-build.json" "$(/usr/bin/rustc -vV | sed -n 's/^release: //p')"
	cc "$SRC/tests/consumers/rust/adder.c" -o "$WORK/adder-debian" $("$NP" --recipes "$RECIPES" flags adder) ||
		fail "cc against Debian's build"
	got=$(env -u LD_LIBRARY_PATH "$WORK/adder-debian")
	[ "$got" = "0.3.1 42 none $(realpath "$key3/lib/libadder.so")" ] || fail "the program on Debian's build printed '$got'"
	pass "Debian's cargo and rustc ($(/usr/bin/rustc -V)) build the crate under a key of their own"
else
	echo "skipped: a second toolchain (no Debian cargo and rustc besides $(rustc -V))"
fi
cd "$WORK/ws"

# --- bad crates ------------------------------------------------------------------------------------
# No Cargo.toml at all.
mkdir -p "$WORK/fx/nocargo"
echo "not a crate" >"$WORK/fx/nocargo/README"
crate nocargo "$WORK/fx/nocargo"
cargo_recipe nocargo nocargo nocargo.h '{ "system": "cargo" }'
NATIVEPKG_NOCARGO_MODE=build run 3 resolve nocargo
contains "$ERR" "nocargo: the source has no Cargo.toml in"
no_build nocargo

# A crate with a binary and no library.
mkdir -p "$WORK/fx/binonly/src"
printf '[package]\nname = "binonly"\nversion = "1.0.0"\nedition = "2021"\n' >"$WORK/fx/binonly/Cargo.toml"
echo 'fn main() {}' >"$WORK/fx/binonly/src/main.rs"
crate binonly "$WORK/fx/binonly"
cargo_recipe binonly binonly binonly.h '{ "system": "cargo" }'
NATIVEPKG_BINONLY_MODE=build run 3 resolve binonly
contains "$ERR" "binonly: the crate binonly has no library target: a Rust library for C needs a [lib] with crate-type = [\"staticlib\", \"cdylib\"]"
no_build binonly
pass "no Cargo.toml, or a crate without a library target: a clear error (exit 3), no build kept"

# A [lib] that builds only a cdylib, asked for static (and an rlib, asked for shared).
mkdir -p "$WORK/fx/onlycdylib/src"
printf '[package]\nname = "onlycdylib"\nversion = "1.0.0"\nedition = "2021"\n[lib]\ncrate-type = ["cdylib"]\n' \
	>"$WORK/fx/onlycdylib/Cargo.toml"
echo '#[no_mangle] pub extern "C" fn one() -> i32 { 1 }' >"$WORK/fx/onlycdylib/src/lib.rs"
crate onlycdylib "$WORK/fx/onlycdylib"
cargo_recipe onlycdylib onlycdylib onlycdylib.h '{ "system": "cargo", "header": "src" }'
NATIVEPKG_ONLYCDYLIB_MODE=build NATIVEPKG_ONLYCDYLIB_STATIC=1 run 3 resolve onlycdylib
contains "$ERR" "onlycdylib: a static build needs crate-type \"staticlib\", but the [lib] of the crate onlycdylib builds only [\"cdylib\"]: add \"staticlib\" to its crate-type in"
contains "$ERR" "or link it shared (NATIVEPKG_ONLYCDYLIB_STATIC=0, or --shared)"
no_build onlycdylib
mkdir -p "$WORK/fx/rlib/src"
printf '[package]\nname = "rlib"\nversion = "1.0.0"\nedition = "2021"\n' >"$WORK/fx/rlib/Cargo.toml"
echo 'pub fn one() -> i32 { 1 }' >"$WORK/fx/rlib/src/lib.rs"
crate rlib "$WORK/fx/rlib"
cargo_recipe rlib rlib rlib.h '{ "system": "cargo", "header": "src" }'
NATIVEPKG_RLIB_MODE=build run 3 resolve rlib
contains "$ERR" "rlib: a shared build needs crate-type \"cdylib\", but the [lib] of the crate rlib builds only [\"lib\"]"
no_build rlib
pass "a crate-type without the kind asked for is refused, naming the crate-type to add (and the kind it has)"

# The recipe asks for cbindgen with a config the crate does not have; and no header at all.
cargo_recipe adder adder adder.h '{ "system": "cargo", "cbindgen": "ffi/cbindgen.toml" }'
NATIVEPKG_ADDER_MODE=build run 3 resolve adder
contains "$ERR" "adder: \"build.cbindgen\" names $NATIVEPKG_CACHE_DIR/tmp/"
contains "$ERR" "/src/ffi/cbindgen.toml, which the crate does not have"
crate vendnoh "$F/vendored"
cargo_recipe vendnoh vend vend.h '{ "system": "cargo" }'
NATIVEPKG_VENDNOH_MODE=build run 3 resolve vendnoh
contains "$ERR" "vendnoh: nothing provides the header vend.h: the crate has no cbindgen.toml, and the recipe names neither \"build.header\" nor \"build.cbindgen\""
no_build vendnoh
pass "a cbindgen config the crate lacks, or a header nothing provides: a clear error before cargo builds"

# A crate that does not compile: cargo's failure, with the log's tail.
mkdir -p "$WORK/fx/broken/src"
printf '[package]\nname = "broken"\nversion = "1.0.0"\nedition = "2021"\n[lib]\ncrate-type = ["cdylib"]\n' \
	>"$WORK/fx/broken/Cargo.toml"
echo '#[no_mangle] pub extern "C" fn broken() -> i32 { undefined_thing }' >"$WORK/fx/broken/src/lib.rs"
crate broken "$WORK/fx/broken"
cargo_recipe broken broken broken.h '{ "system": "cargo", "header": "src" }'
NATIVEPKG_BROKEN_MODE=build run 1 resolve broken
contains "$ERR" "broken: build failed: 'cargo' exited with status 101; last lines of $NATIVEPKG_CACHE_DIR/logs/broken-1.0-"
contains "$ERR" "  | error[E0425]: cannot find value \`undefined_thing\` in this scope"
[ "$(grep -c "^nativepkg: broken: build failed" "$ERR")" = 1 ] || fail "the failure was reported more than once"
no_build broken
pass "a crate that does not compile: exit 1, cargo's command, its status and the log's tail (rustc's error)"

# A foreign target whose Rust standard library this rustc lacks: stopped before cargo compiles,
# naming the Rust triple and how to install it (tests/real/cross-rust-library.sh builds for one
# it has).
std=$(rustc --print target-libdir --target aarch64-unknown-linux-gnu 2>/dev/null) || std=
if ! command -v aarch64-linux-gnu-gcc >/dev/null; then
	echo "skipped: a cross build without the target's Rust std (no aarch64-linux-gnu-gcc)"
elif [ -z "$std" ] || [ -d "$std" ]; then
	echo "skipped: a cross build without the target's Rust std ($(rustc -V) has aarch64's: $std)"
else
	crate adder "$F/adder"
	cargo_recipe adder adder adder.h '{ "system": "cargo" }'
	before=$(ls "$NATIVEPKG_CACHE_DIR/builds")
	NATIVEPKG_ADDER_MODE=build run 1 --target aarch64-linux-gnu resolve adder
	contains "$ERR" "adder: rustc has no standard library for aarch64-unknown-linux-gnu (the target aarch64-linux-gnu): $std is not there; install it (rustup target add aarch64-unknown-linux-gnu;"
	contains "$ERR" "adder 1.0: configure failed"
	log=$(sed -n 's/.*building adder 1.0 (cargo.*; log: //p' "$ERR")
	grep -q "Compiling" "$log" && fail "the crate was compiled for a target without its std"
	[ "$(ls "$NATIVEPKG_CACHE_DIR/builds")" = "$before" ] || fail "the failed build left $(ls "$NATIVEPKG_CACHE_DIR/builds")"
	pass "a cross build for a target without its Rust std: a clear error naming the Rust triple and 'rustup target add', before cargo compiles"
fi

# cbindgen missing from PATH: the build says what to install.
mkdir -p "$WORK/nocbindgen"
for f in /usr/bin/*; do
	[ "${f##*/}" = cbindgen ] || ln -s "$f" "$WORK/nocbindgen/"
done
crate adder "$F/adder"
cargo_recipe adder adder adder.h '{ "system": "cargo" }'
NATIVEPKG_ADDER_MODE=build PATH="$CARGO_HOME/bin:$WORK/nocbindgen" run 1 resolve adder
contains "$ERR" "adder: building with cargo needs 'cbindgen', which is not on PATH (Debian: apt-get install cbindgen)"
contains "$ERR" "adder 1.0: configure failed"
log=$(sed -n 's/.*building adder 1.0 (cargo.*; log: //p' "$ERR")
[ -f "$log" ] || fail "no build log named: $(cat "$ERR")"
grep -q "Compiling" "$log" && fail "the crate was compiled before cbindgen was found missing"
pass "cbindgen missing from PATH: the error names it and its Debian package, before the crate is compiled"
