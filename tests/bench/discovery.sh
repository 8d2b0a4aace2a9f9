#!/bin/sh
# Cold discovery of an installed library, side by side in one run (hyperfine): nativepkg in a
# workspace with no lock and no output tree (every run starts from nothing: pkg-config through
# libpkgconf, the candidate checks, the lock and the outputs written), against pkgconf, CMake's
# `cmake --find-package` and a meson `dependency()` lookup (meson setup of a project that only
# looks the library up; the same project without the lookup is shown as meson's own floor).
# Prints each mean and its ratio to nativepkg. Usage: discovery.sh [NATIVEPKG] [PACKAGE] [CMAKE NAME]
set -eu
nativepkg=$(realpath "${1:-build/bin/nativepkg}")
pkg=${2:-zlib}
cmake_name=${3:-ZLIB}
for tool in hyperfine pkgconf cmake meson; do
	command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ws" "$work/meson-dep" "$work/meson-none"
printf "project('probe', 'c')\ndependency('%s')\n" "$pkg" >"$work/meson-dep/meson.build"
printf "project('probe', 'c')\n" >"$work/meson-none/meson.build"
cd "$work" # cmake --find-package leaves a CMakeFiles/ directory where it runs

hyperfine --warmup 3 --min-runs 20 --export-csv "$work/times.csv" \
	-n "nativepkg resolve $pkg (cold)" \
	--prepare "rm -rf '$work/ws/.nativepkg' '$work/ws/nativepkg.lock'" \
	"cd '$work/ws' && '$nativepkg' -q resolve $pkg" \
	-n "pkgconf --cflags --libs $pkg" --prepare "true" "pkgconf --cflags --libs $pkg" \
	-n "cmake --find-package $cmake_name" --prepare "true" \
	"cmake --find-package -DNAME=$cmake_name -DCOMPILER_ID=GNU -DLANGUAGE=C -DMODE=COMPILE" \
	-n "meson setup + dependency('$pkg')" --prepare "rm -rf '$work/mb1'" \
	"meson setup '$work/mb1' '$work/meson-dep'" \
	-n "meson setup (no lookup: its floor)" --prepare "rm -rf '$work/mb2'" \
	"meson setup '$work/mb2' '$work/meson-none'" >"$work/hyperfine.log" 2>&1 ||
	{ cat "$work/hyperfine.log"; exit 1; }

echo "machine: $(nproc) cores, $(uname -sr)"
awk -F, 'NR > 1 { name[NR] = $1; mean[NR] = $2; n = NR }
	END {
		printf "%-40s %10s %16s\n", "cold discovery", "mean (ms)", "vs nativepkg"
		for (i = 2; i <= n; i++)
			printf "%-40s %10.2f %15.2fx\n", name[i], mean[i] * 1000, mean[i] / mean[2]
	}' "$work/times.csv"
