#!/bin/sh
# Cross builds for Windows with mingw-w64, from the real zlib and libpng tarballs: as DLLs (zlib1.dll
# with its import library libz.dll.a, libpng16.dll) and static (libz.a, libpng16.a). A consumer
# .exe built with `nativepkg flags`, and one built by CMake from the generated package configs,
# run under wine64 — the DLLs found through DEP_<L>_RUNTIME_DIRS, the static one with no DLL of
# either. A Linux library is never a Windows answer.
. "$(dirname "$0")/../build/lib.sh"
S=${NATIVEPKG_TEST_SOURCES:-}
for f in zlib_1.2.13.dfsg.orig.tar.bz2 libpng1.6_1.6.39.orig.tar.gz; do
	if [ -z "$S" ] || [ ! -f "$S/$f" ]; then
		echo "skipped: $f not in NATIVEPKG_TEST_SOURCES ('${S}'); .ci/setup --test downloads it"
		exit 77
	fi
done
command -v x86_64-w64-mingw32-gcc >/dev/null ||
	{ echo "skipped: no x86_64-w64-mingw32-gcc (.ci/setup --test installs gcc-mingw-w64-x86-64)"; exit 77; }
WINE=/usr/lib/wine/wine64
[ -x "$WINE" ] || { echo "skipped: no $WINE (.ci/setup --test installs wine64)"; exit 77; }
T=x86_64-w64-mingw32
# wine's own state lives in the work directory; the first run creates it. Its server outlives
# the programs for a while, writing there: it is stopped before the directory goes.
export WINEPREFIX="$WORK/wine" WINEDEBUG=-all
trap 'status=$?; if [ -d "$WINEPREFIX" ]; then /usr/lib/wine/wineserver64 -k 2>/dev/null; /usr/lib/wine/wineserver64 -w 2>/dev/null; fi; cleanup $status' EXIT

start_server
cp "$S/zlib_1.2.13.dfsg.orig.tar.bz2" "$WORK/www/"
cp "$S/libpng1.6_1.6.39.orig.tar.gz" "$WORK/www/v1.6.39.tar.gz"
export NATIVEPKG_MIRRORS="$URL/files"
# zlib with MinGW's own file names (zlib1.dll, libz.dll.a) and a real resource script.
debian_zlib "$S/zlib_1.2.13.dfsg.orig.tar.bz2"

cat >"$WORK/png.c" <<'C'
#include <stdio.h>
#include <png.h>
#include <zlib.h>
int main(void) { printf("%s %s\n", png_get_libpng_ver(NULL), zlibVersion()); return 0; }
C

# --- DLLs ---------------------------------------------------------------------------------------
mkdir "$WORK/shared" && cd "$WORK/shared"
run 0 --target x86_64-pc-windows-gnu --mode build resolve zlib libpng
contains "$OUT" "zlib 1.2.13 via build (shared): $NATIVEPKG_CACHE_DIR/builds/zlib-1.2.13-"
contains "$OUT" "/bin/zlib1.dll"
zdir=$(ls -d "$NATIVEPKG_CACHE_DIR"/builds/zlib-1.2.13-*)
for f in bin/zlib1.dll lib/libz.dll.a; do [ -f "$zdir/$f" ] || fail "no $f in the zlib build"; done
file "$zdir/bin/zlib1.dll" | grep -q "PE32+ executable (DLL).*x86-64" || fail "zlib1.dll: $(file "$zdir/bin/zlib1.dll")"
env_file=".nativepkg/targets/$T/env/all.env"
contains "$env_file" "DEP_Z_DYLIB=$zdir/bin/zlib1.dll"
contains "$env_file" "DEP_Z_RUNTIME_DIRS=$zdir/bin"
contains "$env_file" "DEP_Z_LDFLAGS=-L$zdir/lib -lz"
grep -q "rpath" "$env_file" && fail "a Windows answer carries a runtime search path"
pass "zlib and libpng built as DLLs with import libraries (zlib1.dll, libz.dll.a)"

flags=$("$NP" --recipes "$RECIPES" --target "$T" flags libpng zlib) || fail "flags"
# shellcheck disable=SC2086
x86_64-w64-mingw32-gcc "$WORK/png.c" -o "$WORK/png.exe" $flags || fail "cannot link the .exe: $flags"
x86_64-w64-mingw32-objdump -p "$WORK/png.exe" | grep -q "DLL Name: zlib1.dll" || fail "png.exe does not import zlib1.dll"
dirs=$(sed -n 's/^DEP_\(Z\|PNG16\)_RUNTIME_DIRS=//p' "$env_file" | tr '\n' ';')
got=$(WINEPATH="$dirs" "$WINE" "$WORK/png.exe") || fail "png.exe does not run under wine"
[ "$(echo "$got" | tr -d '\r')" = "1.6.39 1.2.13" ] || fail "png.exe printed '$got'"
# Without the runtime directories Windows finds no zlib1.dll: the one it ran with is nativepkg's.
"$WINE" "$WORK/png.exe" >/dev/null 2>&1 && fail "png.exe ran without nativepkg's DLL directories"
pass "an .exe linked through the import libraries runs under wine with the DLLs of DEP_<L>_RUNTIME_DIRS"

# A CMake project of the user's, cross-compiled with its own toolchain file, finds the packages
# in the target's tree (IMPORTED_IMPLIB + IMPORTED_LOCATION).
mkdir "$WORK/cm"
cat >"$WORK/cm/CMakeLists.txt" <<'M'
cmake_minimum_required(VERSION 3.13)
project(app C)
find_package(PNG REQUIRED CONFIG)
add_executable(app app.c)
target_link_libraries(app PNG::PNG ZLIB::ZLIB)
M
cp "$WORK/png.c" "$WORK/cm/app.c"
cat >"$WORK/cm/mingw.cmake" <<'M'
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
M
cmake -S "$WORK/cm" -B "$WORK/cm/b" -DCMAKE_TOOLCHAIN_FILE="$WORK/cm/mingw.cmake" \
	-DCMAKE_PREFIX_PATH="$WORK/shared/.nativepkg/targets/$T" >"$WORK/cm.log" 2>&1 &&
	cmake --build "$WORK/cm/b" >>"$WORK/cm.log" 2>&1 || { cat "$WORK/cm.log" >&2; fail "the CMake project"; }
got=$(WINEPATH="$dirs" "$WINE" "$WORK/cm/b/app.exe") || fail "app.exe does not run under wine"
[ "$(echo "$got" | tr -d '\r')" = "1.6.39 1.2.13" ] || fail "app.exe printed '$got'"
pass "a CMake project links the DLLs through IMPORTED_IMPLIB and runs under wine"

# --- Static -------------------------------------------------------------------------------------
mkdir "$WORK/static" && cd "$WORK/static"
run 0 --target "$T" --mode build --static resolve zlib libpng
contains "$OUT" "zlib 1.2.13 via build (static)"
contains "$OUT" "libpng 1.6.39 via build (static)"
flags=$("$NP" --recipes "$RECIPES" --target "$T" flags libpng zlib) || fail "flags"
echo "$flags" | grep -q -- "-l:libz.a" || fail "the static answer does not name libz.a: $flags"
# shellcheck disable=SC2086
x86_64-w64-mingw32-gcc "$WORK/png.c" -o "$WORK/png-static.exe" $flags || fail "static .exe: $flags"
x86_64-w64-mingw32-objdump -p "$WORK/png-static.exe" | grep -E -q "DLL Name: (zlib1|libpng16)" &&
	fail "the static .exe imports a DLL of zlib or libpng"
got=$("$WINE" "$WORK/png-static.exe") || fail "png-static.exe does not run under wine"
[ "$(echo "$got" | tr -d '\r')" = "1.6.39 1.2.13" ] || fail "png-static.exe printed '$got'"
pass "zlib and libpng built static for Windows; the .exe runs under wine with no DLL of theirs"

# --- A Linux library is no Windows answer ------------------------------------------------------
mkdir "$WORK/wrong" && cd "$WORK/wrong"
mkdir -p linux/include linux/lib
cp "$zdir/include/zlib.h" "$zdir/include/zconf.h" linux/include/
cp "$(realpath /usr/lib/x86_64-linux-gnu/libz.so)" linux/lib/libz.dll.a
NATIVEPKG_ZLIB_ROOT="$PWD/linux" run 3 --target "$T" resolve zlib
contains "$ERR" "built for x86-64 (ELF), but the target $T needs x86-64 (PE/COFF)"
pass "an ELF library is refused for $T, whatever its name"
