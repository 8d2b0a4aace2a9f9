#!/bin/sh
# A Rust library built for Windows (issue 15's target, issue 18's cross builds): the fixture crate
# adder (crate-type staticlib + cdylib, a cbindgen.toml, a feature the recipe turns on) built by a
# "cargo" recipe with `--target x86_64-w64-mingw32` — cargo build --target x86_64-pc-windows-gnu,
# linked by x86_64-w64-mingw32-gcc — and consumed by a C program compiled with
# x86_64-w64-mingw32-gcc and `nativepkg flags` (and the .pc), run under wine64:
#
#   shared: adder.dll in bin/ and its import library lib/libadder.dll.a; the .exe imports
#   adder.dll and loads the one in DEP_ADDER_RUNTIME_DIRS (and does not run without it);
#   static: lib/libadder.a whose closure is what rustc printed for Windows (-lws2_32 -luserenv
#   -lbcrypt ..., not Linux's -lpthread -lgcc_s); the .exe needs no adder.dll.
#
# And a target whose Rust standard library is missing (aarch64-linux-gnu with Debian's rustc)
# is a clear error naming the Rust triple and how to install it.
. "$(dirname "$0")/../build/lib.sh"
CARGO=/usr/bin/cargo RUSTC=/usr/bin/rustc WINE=/usr/lib/wine/wine64 T=x86_64-w64-mingw32
for tool in "$CARGO" "$RUSTC" /usr/bin/cbindgen "$WINE" /usr/bin/x86_64-w64-mingw32-gcc; do
	[ -x "$tool" ] || { echo "skipped: no $tool (.ci/setup --test installs cargo, rustc, cbindgen, wine64, gcc-mingw-w64-x86-64)"; exit 77; }
done
ls -d /usr/lib/rustlib/x86_64-pc-windows-gnu >/dev/null 2>&1 ||
	{ echo "skipped: no Rust std for x86_64-pc-windows-gnu (.ci/setup --test installs libstd-rust-dev-windows)"; exit 77; }
# Debian's cargo and rustc, not a rustup one earlier on PATH (which has no Windows std here).
export PATH="/usr/bin:$PATH" WINEPREFIX="$WORK/wine" WINEDEBUG=-all
# wine's server outlives the programs for a while, writing into WINEPREFIX: stopped first.
trap 'status=$?; if [ -d "$WINEPREFIX" ]; then /usr/lib/wine/wineserver64 -k 2>/dev/null; /usr/lib/wine/wineserver64 -w 2>/dev/null; fi; cleanup $status' EXIT

np() {
	"$NP" --recipes "$RECIPES" --target "$T" "$@"
}

mkdir -p "$WORK/src"
cp -R "$SRC/tests/fixtures/rust/adder" "$WORK/src/adder-0.3.1"
pack "$WORK/src/adder-0.3.1" tar.gz "$WORK/www/adder-0.3.1.tar.gz"
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
  "exports": { "pkg_config": "adder" }
}
J

# The Windows program: what it calls, and the adder.dll the process loaded ("-": none).
cat >"$WORK/app.c" <<'C'
#include <stdio.h>
#include <windows.h>
#include "adder.h"
int main(void) {
	char path[MAX_PATH] = "-";
	HMODULE m = GetModuleHandleA("adder.dll");
	if (m && GetModuleFileNameA(m, path, sizeof path) == 0)
		snprintf(path, sizeof path, "?");
	printf("%s %d %s %s\n", adder_version(), adder_add(40, 2), adder_features(), path);
	return 0;
}
C

# wine_path DIR: DIR as Windows names it under wine (Z:\...), lower-cased for comparing.
wine_path() {
	printf 'Z:%s' "$1" | tr '/' '\\' | tr 'A-Z' 'a-z'
}

# --- shared: adder.dll and its import library -----------------------------------------------
run 0 --target "$T" --mode build resolve adder
contains "$ERR" "building adder 0.3.1 (cargo, shared"
E=".nativepkg/targets/$T/env/adder.env"
prefix=$(sed -n 's/^DEP_ADDER_ROOT=//p' "$E")
for f in bin/adder.dll lib/libadder.dll.a include/adder.h; do
	[ -f "$prefix/$f" ] || fail "no $f in the build: $(cd "$prefix" && find . -type f)"
done
[ ! -e "$prefix/lib/libadder.so" ] && [ ! -e "$prefix/lib/libadder.a" ] || fail "the Windows build installed a Linux library or the archive"
file "$prefix/bin/adder.dll" | grep -q "PE32+ executable (DLL).*x86-64" || fail "adder.dll: $(file "$prefix/bin/adder.dll")"
contains "$prefix/include/adder.h" "int32_t adder_add(int32_t a, int32_t b);"
contains "$E" "DEP_ADDER_DYLIB=$prefix/bin/adder.dll"
contains "$E" "DEP_ADDER_RUNTIME_DIRS=$prefix/bin"
contains "$E" "DEP_ADDER_LDFLAGS=-L$prefix/lib -ladder"
[ ! -e .nativepkg/env/adder.env ] || fail "the host's tree got a Windows answer"
pass "shared: cargo build --target x86_64-pc-windows-gnu installs bin/adder.dll and lib/libadder.dll.a (the target's names), with the header"

x86_64-w64-mingw32-gcc "$WORK/app.c" -o "$WORK/app.exe" $(np flags adder) || fail "mingw gcc with nativepkg flags"
x86_64-w64-mingw32-objdump -p "$WORK/app.exe" | grep -q "DLL Name: adder.dll" || fail "app.exe does not import adder.dll"
got=$(WINEPATH="$prefix/bin" "$WINE" "$WORK/app.exe" | tr -d '\r') || fail "app.exe does not run under wine"
want="0.3.1 42 mul $(wine_path "$prefix/bin/adder.dll")"
[ "$(printf "%s" "$got" | tr "A-Z" "a-z")" = "$want" ] || fail "app.exe printed '$got', expected '$want'"
"$WINE" "$WORK/app.exe" >/dev/null 2>&1 && fail "app.exe ran without nativepkg's DLL directory"
PC=".nativepkg/targets/$T/lib/pkgconfig"
x86_64-w64-mingw32-gcc "$WORK/app.c" -o "$WORK/app-pc.exe" $(PKG_CONFIG_LIBDIR="$PC" pkgconf --cflags --libs adder) ||
	fail "mingw gcc with adder.pc"
got=$(WINEPATH="$prefix/bin" "$WINE" "$WORK/app-pc.exe" | tr -d '\r') || fail "app-pc.exe does not run under wine"
[ "$(printf "%s" "$got" | tr "A-Z" "a-z")" = "$want" ] || fail "app-pc.exe printed '$got'"
pass "shared: .exe files from nativepkg flags and adder.pc import adder.dll and load the one in DEP_ADDER_RUNTIME_DIRS under wine"

# rustc's target is in the build key; a compiler with arguments links through a script of the build.
contains "$prefix/.nativepkg-build.json" "rust target x86_64-pc-windows-gnu"
mkdir -p "$WORK/ws-cc" "$WORK/bin" && cd "$WORK/ws-cc"
printf '#!/bin/sh\necho "$*" >>"%s/linked"\nexec "$@"\n' "$WORK" >"$WORK/bin/note"
chmod +x "$WORK/bin/note"
run 0 --target "$T" --toolchain "cc=$WORK/bin/note x86_64-w64-mingw32-gcc" --mode build resolve adder
contains "$ERR" "building adder 0.3.1 (cargo, shared"
ccprefix=$(sed -n 's/^DEP_ADDER_ROOT=//p' ".nativepkg/targets/$T/env/adder.env")
[ "$ccprefix" != "$prefix" ] && [ -f "$ccprefix/bin/adder.dll" ] || fail "the build with a compiler with arguments: '$ccprefix'"
grep -q "^x86_64-w64-mingw32-gcc .*adder.dll" "$WORK/linked" || fail "the DLL was not linked by the toolchain's compiler: $(cat "$WORK/linked" 2>/dev/null)"
pass "the build key holds rustc's target; the toolchain's compiler with arguments ('note x86_64-w64-mingw32-gcc') links the DLL"
cd "$WORK/ws"

# --- static: libadder.a and Windows' closure -------------------------------------------------
mkdir -p "$WORK/ws-static"
cd "$WORK/ws-static"
NATIVEPKG_ADDER_STATIC=1 run 0 --target "$T" --mode build resolve adder
E=".nativepkg/targets/$T/env/adder.env"
sprefix=$(sed -n 's/^DEP_ADDER_ROOT=//p' "$E")
[ "$sprefix" != "$prefix" ] || fail "the static build has the shared one's key"
[ -f "$sprefix/lib/libadder.a" ] && [ ! -e "$sprefix/bin/adder.dll" ] || fail "the static build: $(cd "$sprefix" && find . -type f)"
x86_64-w64-mingw32-objdump -f "$sprefix/lib/libadder.a" | grep -q "file format pe-x86-64" ||
	fail "libadder.a is not x86-64 PE: $(x86_64-w64-mingw32-objdump -f "$sprefix/lib/libadder.a" | head -5)"
native=$(python3 -c 'import json, sys; print(" ".join(json.load(open(sys.argv[1]))["native_static_libs"]))' \
	"$sprefix/share/nativepkg/cargo.json")
for l in -lkernel32 -lws2_32 -luserenv; do
	case " $native " in *" $l "*) ;; *) fail "native-static-libs recorded as '$native': no $l" ;; esac
done
case " $native " in *" -lpthread "* | *" -lgcc_s "* | *" -ldl "*) fail "Linux's closure for Windows: '$native'" ;; esac
libs="-L$sprefix/lib -l:libadder.a $native"
[ "$(np flags --libs adder)" = "$libs " ] || fail "flags --libs: '$(np flags --libs adder)', expected '$libs'"
contains "$E" "DEP_ADDER_LDFLAGS=$libs"
contains ".nativepkg/targets/$T/lib/pkgconfig/adder.pc" "Libs: $libs"
pass "static: lib/libadder.a for Windows, its closure rustc's for the target ($native)"

x86_64-w64-mingw32-gcc "$WORK/app.c" -o "$WORK/static.exe" $(np flags adder) || fail "mingw gcc with nativepkg flags (static)"
x86_64-w64-mingw32-objdump -p "$WORK/static.exe" | grep -qi "DLL Name: adder" && fail "the static .exe imports adder.dll"
got=$("$WINE" "$WORK/static.exe" | tr -d '\r') || fail "static.exe does not run under wine"
[ "$got" = "0.3.1 42 mul -" ] || fail "static.exe printed '$got'"
PC=".nativepkg/targets/$T/lib/pkgconfig"
x86_64-w64-mingw32-gcc "$WORK/app.c" -o "$WORK/static-pc.exe" \
	$(PKG_CONFIG_LIBDIR="$PC" pkgconf --static --cflags --libs adder) || fail "mingw gcc with adder.pc (static)"
got=$("$WINE" "$WORK/static-pc.exe" | tr -d '\r') || fail "static-pc.exe does not run under wine"
[ "$got" = "0.3.1 42 mul -" ] || fail "static-pc.exe printed '$got'"
pass "static: .exe files from nativepkg flags and adder.pc link libadder.a and run under wine with no adder.dll"

# --- a target whose Rust standard library is not installed ----------------------------------
if [ -d /usr/lib/rustlib/aarch64-unknown-linux-gnu ]; then
	echo "skipped: Debian's rustc has aarch64's std here; the missing-std case needs a target without it"
else
	mkdir -p "$WORK/ws-arm"
	cd "$WORK/ws-arm"
	before=$(ls "$NATIVEPKG_CACHE_DIR/builds")
	run 1 --target aarch64-linux-gnu --mode build resolve adder
	contains "$ERR" "adder: rustc has no standard library for aarch64-unknown-linux-gnu (the target aarch64-linux-gnu): /usr/lib/rustlib/aarch64-unknown-linux-gnu/lib is not there; install it (rustup target add aarch64-unknown-linux-gnu;"
	[ "$(ls "$NATIVEPKG_CACHE_DIR/builds")" = "$before" ] ||
		fail "the failed build left something: $(ls "$NATIVEPKG_CACHE_DIR/builds")"
	pass "a target without its Rust std is a clear error naming the Rust triple and how to install it"
fi

# --- a Rust library on nativepkg's Windows zlib --------------------------------------------
# zadder's build script asks nativepkg for zlib (DEP_Z_ROOT must be its answer): inside the build
# for Windows it gets the Windows zlib nativepkg built (Cargo's TARGET, the target's lock), and the
# .exe calling zlib and zadder loads one libz.dll, that one.
zfake_recipe
cp -R "$SRC/tests/fixtures/rust/zadder" "$WORK/src/zadder-0.1.0"
pack "$WORK/src/zadder-0.1.0" tar.gz "$WORK/www/zadder-0.1.0.tar.gz"
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
cat >"$WORK/zboth.c" <<'C'
#include <stdio.h>
#include <windows.h>
#include <zlib.h>
#include "zadder.h"
int main(void) {
	char path[MAX_PATH] = "-";
	HMODULE m = GetModuleHandleA("libz.dll");
	if (m && GetModuleFileNameA(m, path, sizeof path) == 0)
		snprintf(path, sizeof path, "?");
	printf("%s %s %s\n", zlibVersion(), zadder_zlib_version(), path);
	return 0;
}
C
for kind in shared static; do
	mkdir -p "$WORK/ws-z-$kind"
	cd "$WORK/ws-z-$kind"
	static=0
	[ "$kind" = shared ] || static=1
	NATIVEPKG_ZLIB_MODE=build NATIVEPKG_ZADDER_STATIC=$static run 0 --target "$T" resolve zadder zlib
	E=".nativepkg/targets/$T/env"
	zdll=$(sed -n 's/^DEP_Z_DYLIB=//p' "$E/z.env")
	case $zdll in "$NATIVEPKG_CACHE_DIR"/builds/zlib-9.9.9-fixture-*/bin/libz.dll) ;;
		*) fail "$kind: the locked zlib is '$zdll', not nativepkg's Windows build" ;; esac
	zprefix=$(sed -n 's/^DEP_ZADDER_ROOT=//p' "$E/zadder.env")
	if [ "$kind" = shared ]; then
		x86_64-w64-mingw32-objdump -p "$zprefix/bin/zadder.dll" | grep -q "DLL Name: libz.dll" ||
			fail "zadder.dll does not import the fixture's libz.dll"
	else
		case " $(np flags --libs zadder zlib) " in *" -l:libzadder.a "*" -lz "*) ;;
			*) fail "static zadder's flags: $(np flags --libs zadder zlib)" ;; esac
	fi
	x86_64-w64-mingw32-gcc "$WORK/zboth.c" -o "$WORK/zboth-$kind.exe" $(np flags zadder zlib) ||
		fail "$kind: mingw gcc zboth.c"
	dirs=$(sed -n 's/^DEP_\(Z\|ZADDER\)_RUNTIME_DIRS=//p' "$E/z.env" "$E/zadder.env" | tr '\n' ';')
	got=$(WINEPATH="$dirs" "$WINE" "$WORK/zboth-$kind.exe" | tr -d '\r') || fail "$kind: zboth.exe does not run under wine"
	want="9.9.9-fixture 9.9.9-fixture $(wine_path "$zdll")"
	[ "$(printf "%s" "$got" | tr "A-Z" "a-z")" = "$want" ] || fail "$kind: zboth.exe printed '$got', expected '$want'"
	pass "zadder $kind for Windows: its build script gets nativepkg's Windows zlib (Cargo's TARGET); the .exe calling both loads one libz.dll, the locked one"
done
