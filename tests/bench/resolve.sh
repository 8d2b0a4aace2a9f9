#!/bin/sh
# Warm discovery, side by side in one run: `nativepkg resolve zlib` and `nativepkg flags zlib`
# against `pkgconf --cflags --libs zlib`, with hyperfine. Prints each mean and the ratio to
# pkgconf (target: resolve <= 1.0). Usage: resolve.sh [NATIVEPKG] [PACKAGE]
set -eu
nativepkg=$(realpath "${1:-build/bin/nativepkg}")
pkg=${2:-zlib}
module=${3:-$pkg}
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$nativepkg" -q resolve "$pkg" # warm: the output tree exists, files are in the page cache

hyperfine -N --warmup 50 --min-runs 300 --export-csv "$work/times.csv" \
	-n "nativepkg resolve $pkg" "$nativepkg -q resolve $pkg" \
	-n "nativepkg flags $pkg" "$nativepkg flags $pkg" \
	-n "pkgconf --cflags --libs $module" "pkgconf --cflags --libs $module" >"$work/hyperfine.log" 2>&1

echo "machine: $(nproc) cores, $(uname -sr)"
awk -F, 'NR > 1 { name[NR] = $1; mean[NR] = $2; sd[NR] = $3; n = NR }
	END {
		base = mean[n]
		printf "%-34s %10s %10s %8s\n", "command", "mean (ms)", "sd (ms)", "ratio"
		for (i = 2; i <= n; i++)
			printf "%-34s %10.3f %10.3f %8.2f\n", name[i], mean[i] * 1000, sd[i] * 1000, mean[i] / base
	}' "$work/times.csv"
