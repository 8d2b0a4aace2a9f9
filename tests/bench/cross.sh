#!/bin/sh
# A cross build of zlib + libpng for aarch64-linux-gnu from local tarballs, side by side in one
# run (hyperfine, 3 runs each, cold caches): nativepkg --target aarch64-linux-gnu, and the same
# steps by hand — a CMake toolchain file written for the target, extract, patch, configure, build
# and install each library with the cross compiler. Prints the ratio (target: nativepkg <= 1.05x
# by hand). Usage: cross.sh [NATIVEPKG] [SOURCES]   (SOURCES: Debian's tarballs, .ci/setup --test)
set -eu
np=$(realpath "${1:-build/bin/nativepkg}")
src=$(realpath "${2:-build-sources}")
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/tests/bench/zlib-libpng.sh"
command -v aarch64-linux-gnu-gcc >/dev/null ||
	{ echo "aarch64-linux-gnu-gcc is needed (.ci/setup --test installs it)" >&2; exit 2; }
t=aarch64-linux-gnu

cat >"$work/np-cross.sh" <<S
cd "$work" && NATIVEPKG_CACHE_DIR="$work/np-cache" NATIVEPKG_MIRRORS="file://$work/mirror" \\
NATIVEPKG_ZLIB_MODE=build NATIVEPKG_LIBPNG_MODE=build NATIVEPKG_JOBS=$jobs \\
"$np" -q --recipes "$work/recipes" --target $t resolve libpng
S

# By hand: what a user types for a cross build — a toolchain file, then each library.
cat >"$work/toolchain.cmake" <<S
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER $t-gcc)
set(CMAKE_AR $t-ar)
set(CMAKE_RANLIB $t-ranlib)
set(CMAKE_STRIP $t-strip)
set(CMAKE_FIND_ROOT_PATH /usr/$t "$work/hand/zlib")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
S
cat >"$work/by-hand.sh" <<S
set -e
h="$work/hand"
export CC=$t-gcc AR=$t-ar
mkdir -p "\$h/zsrc" "\$h/psrc"
tar -C "\$h/zsrc" --strip-components=1 -xjf "$zlib_tar"
patch -s -p1 -N -d "\$h/zsrc" -i "$patch_file"
cmake -S "\$h/zsrc" -B "\$h/zb" -GNinja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="\$h/zlib" \\
  -DCMAKE_INSTALL_LIBDIR=lib -DBUILD_SHARED_LIBS=ON -DCMAKE_POSITION_INDEPENDENT_CODE=ON \\
  -DCMAKE_INSTALL_RPATH="\$h/zlib/lib" -DCMAKE_TOOLCHAIN_FILE="$work/toolchain.cmake" \\
  -DZLIB_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "\$h/zb" --parallel $jobs >/dev/null
cmake --install "\$h/zb" >/dev/null
tar -C "\$h/psrc" --strip-components=1 -xzf "$png_tar"
cmake -S "\$h/psrc" -B "\$h/pb" -GNinja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="\$h/png" \\
  -DCMAKE_INSTALL_LIBDIR=lib -DBUILD_SHARED_LIBS=ON -DCMAKE_POSITION_INDEPENDENT_CODE=ON \\
  -DCMAKE_PREFIX_PATH="\$h/zlib" -DCMAKE_INSTALL_RPATH="\$h/png/lib;\$h/zlib/lib" \\
  -DCMAKE_TOOLCHAIN_FILE="$work/toolchain.cmake" \\
  -DPNG_TESTS=OFF -DZLIB_ROOT="\$h/zlib" -DPNG_SHARED=ON -DPNG_STATIC=OFF >/dev/null
cmake --build "\$h/pb" --parallel $jobs >/dev/null
cmake --install "\$h/pb" >/dev/null
S

hyperfine --runs 3 --export-csv "$work/cross.csv" \
	--prepare "rm -rf '$work/np-cache' '$work/hand' '$work/.nativepkg' '$work/nativepkg.lock'" \
	-n "nativepkg --target $t (zlib + libpng)" "sh $work/np-cross.sh" \
	-n "by hand (same steps; a toolchain file)" "sh $work/by-hand.sh" >"$work/cross.log" 2>&1 ||
	{ cat "$work/cross.log"; exit 1; }
# Both built for the target (each run's --prepare removed the other's results: once more).
sh "$work/np-cross.sh"
for f in "$work"/np-cache/builds/libpng-*/lib/libpng16.so.16.39.0 "$work"/hand/png/lib/libpng16.so.16.39.0; do
	file -L "$f" | grep -q "ARM aarch64" || { echo "not aarch64: $f" >&2; exit 1; }
done

echo "machine: $(nproc) cores, $(uname -sr); $jobs build jobs"
awk -F, 'NR > 1 { name[NR] = $1; mean[NR] = $2; sd[NR] = $3; n = NR }
	END {
		base = mean[3]
		printf "%-44s %10s %10s %12s\n", "cross build for aarch64", "mean (s)", "stddev", "vs by hand"
		for (i = 2; i <= n; i++)
			printf "%-44s %10.2f %10.2f %12.3f\n", name[i], mean[i], sd[i], mean[i] / base
	}' "$work/cross.csv"
