#!/bin/sh
# Three consumers that all need libpng and zlib — a CMake project, a meson project and a Cargo
# crate (tests/bench/consumers/) — built from nothing, side by side in one run (hyperfine, 3 cold
# runs each):
#   shared: nativepkg builds zlib + libpng once; CMake finds them through find_package(CONFIG),
#           meson through the .pc files, Cargo through `nativepkg env --format cargo`;
#   own:    each consumer builds its own copies: CMake FetchContent, meson CMake subprojects,
#           a -sys-style build.rs running CMake.
# Each program is run afterwards and must print both versions. Prints the ratio (target:
# shared >= 2.5x faster). Needs cmake, meson, ninja and cargo (apt-get install cargo).
# Usage: consumers.sh [NATIVEPKG] [SOURCES]   (SOURCES: Debian's tarballs, see .ci/setup --test)
set -eu
np=$(realpath "${1:-build/bin/nativepkg}")
src=$(realpath "${2:-build-sources}")
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/tests/bench/zlib-libpng.sh"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
cargo=$(command -v cargo || echo "$CARGO_HOME/bin/cargo")
for tool in cmake meson ninja "$cargo"; do
	command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done
cp -r "$repo/tests/bench/consumers" "$work/cons"
c="$work/cons"

cat >"$work/shared.sh" <<S
set -e
sh "$work/nativepkg.sh"
export NATIVEPKG_CACHE_DIR="$work/np-cache" NATIVEPKG_RECIPE_PATH="$work/recipes" \\
  NATIVEPKG_ZLIB_MODE=build NATIVEPKG_LIBPNG_MODE=build NATIVEPKG="$np" NATIVEPKG_WS="$work"
cmake -S "$c/cmake-shared" -B "$work/out/cmake" -GNinja -DCMAKE_PREFIX_PATH="$work/.nativepkg" >/dev/null
cmake --build "$work/out/cmake" >/dev/null
PKG_CONFIG_LIBDIR="$work/.nativepkg/lib/pkgconfig" meson setup "$work/out/meson" "$c/meson-shared" >/dev/null
meson compile -C "$work/out/meson" >/dev/null
"$cargo" build --offline -q --manifest-path "$c/cargo-shared/Cargo.toml" --target-dir "$work/out/cargo"
S
cat >"$work/own.sh" <<S
set -e
cmake -S "$c/cmake-own" -B "$work/out/cmake" -GNinja -DCMAKE_BUILD_TYPE=Release \\
  -DZLIB_TAR="$zlib_tar" -DPNG_TAR="$png_tar" -DZLIB_PATCH="$patch_file" >/dev/null
cmake --build "$work/out/cmake" --parallel $jobs >/dev/null
mkdir -p "$c/meson-own/subprojects/zlib" "$c/meson-own/subprojects/libpng"
tar -C "$c/meson-own/subprojects/zlib" --strip-components=1 -xjf "$zlib_tar"
patch -s -p1 -N -d "$c/meson-own/subprojects/zlib" -i "$patch_file"
tar -C "$c/meson-own/subprojects/libpng" --strip-components=1 -xzf "$png_tar"
meson setup "$work/out/meson" "$c/meson-own" >/dev/null
meson compile -C "$work/out/meson" >/dev/null
ZLIB_TAR="$zlib_tar" PNG_TAR="$png_tar" ZLIB_PATCH="$patch_file" \\
  "$cargo" build --offline -q --manifest-path "$c/cargo-own/Cargo.toml" --target-dir "$work/out/cargo"
S
clean="rm -rf '$work/np-cache' '$work/.nativepkg' '$work/nativepkg.lock' '$work/out' '$c/meson-own/subprojects'"

# check SCRIPT: a cold run, then every program prints both versions.
check() {
	sh -c "$clean"
	sh "$work/$1.sh" >"$work/check.log" 2>&1 || { cat "$work/check.log"; echo "$1 failed" >&2; exit 1; }
	for prog in "$work/out/cmake/app" "$work/out/meson/app" "$work/out/cargo/debug/consumer_$1"; do
		"$prog" | grep -q "^libpng 1.6.39, zlib 1.2.13" || { echo "$1: $prog does not run" >&2; exit 1; }
	done
}
check shared
check own

hyperfine --runs 3 --export-csv "$work/consumers.csv" --prepare "$clean" \
	-n "shared: one nativepkg build for 3 consumers" "sh $work/shared.sh" \
	-n "own copies: FetchContent + meson + build.rs" "sh $work/own.sh" >"$work/consumers.log" 2>&1 ||
	{ cat "$work/consumers.log"; exit 1; }

echo "machine: $(nproc) cores, $(uname -sr); $jobs build jobs"
awk -F, 'NR > 1 { name[NR] = $1; mean[NR] = $2; n = NR }
	END {
		printf "%-44s %10s %10s\n", "3 consumers of libpng + zlib", "mean (s)", "vs shared"
		for (i = 2; i <= n; i++)
			printf "%-44s %10.2f %9.2fx\n", name[i], mean[i], mean[i] / mean[2]
	}' "$work/consumers.csv"
