#!/bin/sh
# Building zlib + libpng from local tarballs, side by side in one run (hyperfine, 3 runs each,
# cold caches): nativepkg; the same extract/patch/configure/build/install steps by hand; a
# CMake FetchContent superbuild of both. Then a cache-hit resolve after the build, against
# pkgconf answering for the system libpng. Prints the ratios (target: nativepkg <= 1.05x by hand).
# Usage: build.sh [NATIVEPKG] [SOURCES]   (SOURCES: Debian's tarballs, see .ci/setup --test)
set -eu
np=$(realpath "${1:-build/bin/nativepkg}")
src=$(realpath "${2:-build-sources}")
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/tests/bench/zlib-libpng.sh"

# By hand: the steps nativepkg's drivers run, typed out.
cat >"$work/by-hand.sh" <<S
set -e
h="$work/hand"
mkdir -p "\$h/zsrc" "\$h/psrc"
tar -C "\$h/zsrc" --strip-components=1 -xjf "$zlib_tar"
patch -s -p1 -N -d "\$h/zsrc" -i "$patch_file"
cmake -S "\$h/zsrc" -B "\$h/zb" -GNinja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="\$h/zlib" \\
  -DCMAKE_INSTALL_LIBDIR=lib -DBUILD_SHARED_LIBS=ON -DCMAKE_POSITION_INDEPENDENT_CODE=ON \\
  -DCMAKE_INSTALL_RPATH="\$h/zlib/lib" -DZLIB_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "\$h/zb" --parallel $jobs >/dev/null
cmake --install "\$h/zb" >/dev/null
tar -C "\$h/psrc" --strip-components=1 -xzf "$png_tar"
cmake -S "\$h/psrc" -B "\$h/pb" -GNinja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="\$h/png" \\
  -DCMAKE_INSTALL_LIBDIR=lib -DBUILD_SHARED_LIBS=ON -DCMAKE_POSITION_INDEPENDENT_CODE=ON \\
  -DCMAKE_PREFIX_PATH="\$h/zlib" -DCMAKE_INSTALL_RPATH="\$h/png/lib;\$h/zlib/lib" \\
  -DPNG_TESTS=OFF -DZLIB_ROOT="\$h/zlib" -DPNG_SHARED=ON -DPNG_STATIC=OFF >/dev/null
cmake --build "\$h/pb" --parallel $jobs >/dev/null
cmake --install "\$h/pb" >/dev/null
S

# CMake FetchContent: one superbuild fetching both.
mkdir -p "$work/fc"
cat >"$work/fc/CMakeLists.txt" <<S
cmake_minimum_required(VERSION 3.24)
project(superbuild C)
include(FetchContent)
FetchContent_Declare(zlib URL "file://$zlib_tar"
  URL_HASH SHA256=$(sha256sum "$zlib_tar" | cut -d' ' -f1)
  PATCH_COMMAND patch -s -p1 -N -i "$patch_file")
# Both projects install with export sets that cannot reference each other inside one
# superbuild (CMake refuses to generate): the usual FetchContent answer is to skip install.
set(SKIP_INSTALL_ALL ON CACHE BOOL "" FORCE)
FetchContent_MakeAvailable(zlib)
set(PNG_BUILD_ZLIB ON CACHE BOOL "" FORCE)
set(PNG_TESTS OFF CACHE BOOL "" FORCE)
set(PNG_STATIC OFF CACHE BOOL "" FORCE)
set(ZLIB_INCLUDE_DIRS "\\\${zlib_SOURCE_DIR}" "\\\${zlib_BINARY_DIR}")
set(ZLIB_LIBRARIES zlib)
FetchContent_Declare(libpng URL "file://$png_tar"
  URL_HASH SHA256=$(sha256sum "$png_tar" | cut -d' ' -f1))
FetchContent_MakeAvailable(libpng)
S
cat >"$work/fetchcontent.sh" <<S
set -e
cmake -S "$work/fc" -B "$work/fcb" -GNinja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/fcb" --parallel $jobs >/dev/null
S

hyperfine --runs 3 --export-csv "$work/build.csv" \
	--prepare "rm -rf '$work/np-cache' '$work/hand' '$work/fcb' '$work/.nativepkg'" \
	-n "nativepkg (zlib + libpng)" "sh $work/nativepkg.sh" \
	-n "by hand (same steps)" "sh $work/by-hand.sh" \
	-n "CMake FetchContent" "sh $work/fetchcontent.sh" >"$work/build.log" 2>&1 ||
	{ cat "$work/build.log"; exit 1; }

# After the build: a cache-hit resolve (warm), and pkgconf answering for the system libpng.
sh "$work/nativepkg.sh"
cat >"$work/hit.sh" <<S
cd "$work" && NATIVEPKG_CACHE_DIR="$work/np-cache" NATIVEPKG_ZLIB_MODE=build NATIVEPKG_LIBPNG_MODE=build \\
exec "$np" -q --recipes "$work/recipes" resolve libpng
S
hyperfine -N --warmup 10 --min-runs 100 --export-csv "$work/hit.csv" \
	-n "nativepkg resolve libpng (cache hit)" "sh $work/hit.sh" \
	-n "pkgconf --cflags --libs libpng (system)" "pkgconf --cflags --libs libpng" \
	-n "sh -c true (the shell the hit runs under)" "sh -c true" >"$work/hit.log" 2>&1

echo "machine: $(nproc) cores, $(uname -sr); $jobs build jobs"
awk -F, 'NR > 1 { name[NR] = $1; mean[NR] = $2; n = NR }
	END {
		base = mean[3]
		printf "%-42s %10s %14s\n", "build", "mean (s)", "vs by hand"
		for (i = 2; i <= n; i++)
			printf "%-42s %10.2f %14.3f\n", name[i], mean[i], mean[i] / base
	}' "$work/build.csv"
awk -F, 'NR > 1 { name[NR] = $1; mean[NR] = $2; n = NR }
	END {
		printf "%-42s %10s\n", "after the build", "mean (ms)"
		for (i = 2; i <= n; i++)
			printf "%-42s %10.2f\n", name[i], mean[i] * 1000
		printf "cache hit minus shell start: %.2f ms (pkgconf, system libpng: %.2f ms)\n",
			(mean[2] - mean[4]) * 1000, mean[3] * 1000
	}' "$work/hit.csv"
