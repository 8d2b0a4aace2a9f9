#!/bin/sh
# Warm discovery, side by side: `nativepkg resolve zlib` and `nativepkg flags zlib` against
# `pkgconf --cflags --libs zlib`, with hyperfine. Warm: the workspace was resolved a moment
# before, so these runs answer from their memo (cli/memo.h); the same two commands are also
# timed with NATIVEPKG_MEMO=0, which resolves from the lock every time. This machine's speed
# drifts by tens of percent within a minute, so the commands are timed together in ROUNDS
# short rounds (default 10) and each round gives its own ratios; the median ratio over the
# rounds is the result, as drift between rounds cancels out. Target: resolve <= 1.0.
# Usage: resolve.sh [NATIVEPKG] [PACKAGE] [MODULE]; ROUNDS=n and RUNS=n (per round) in the env.
set -eu
nativepkg=$(realpath "${1:-build/bin/nativepkg}")
pkg=${2:-zlib}
module=${3:-$pkg}
rounds=${ROUNDS:-10}
runs=${RUNS:-100}
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$nativepkg" -q resolve "$pkg"
"$nativepkg" -q resolve "$pkg" # answers now come from the lock (whose inputs differ: rewritten)
# A memo is kept only of files unchanged since 50 ms before a run: then each command once.
sleep 0.2
"$nativepkg" -q resolve "$pkg"
"$nativepkg" flags "$pkg" >/dev/null

round=1
while [ "$round" -le "$rounds" ]; do
	hyperfine -N --warmup 20 --runs "$runs" --export-csv "$work/round$round.csv" \
		-n "nativepkg resolve $pkg" "$nativepkg -q resolve $pkg" \
		-n "nativepkg flags $pkg" "$nativepkg flags $pkg" \
		-n "pkgconf --cflags --libs $module" "pkgconf --cflags --libs $module" \
		>"$work/hyperfine.log" 2>&1
	NATIVEPKG_MEMO=0 hyperfine -N --warmup 20 --runs "$runs" \
		--export-csv "$work/round$round-nomemo.csv" \
		-n "nativepkg resolve $pkg (no memo)" "$nativepkg -q resolve $pkg" \
		-n "nativepkg flags $pkg (no memo)" "$nativepkg flags $pkg" \
		-n "pkgconf --cflags --libs $module" "pkgconf --cflags --libs $module" \
		>"$work/hyperfine.log" 2>&1
	round=$((round + 1))
done

echo "machine: $(nproc) cores, $(uname -sr); $rounds rounds of $runs runs per command"
# Per round: each command's mean and its ratio to pkgconf (the last command of the round).
for f in "$work"/round*.csv; do
	awk -F, 'NR > 1 { name[NR] = $1; mean[NR] = $2; n = NR }
		END { for (i = 2; i <= n; i++) printf "%s\t%.6f\t%.6f\n", name[i], mean[i], mean[i] / mean[n] }' "$f"
done >"$work/all.tsv"
printf "%-34s %12s %14s %14s\n" command "mean (ms)" "median ratio" "ratio range"
awk -F'\t' '{ print $1 }' "$work/all.tsv" | awk '!seen[$0]++' | while IFS= read -r name; do
	awk -F'\t' -v n="$name" '$1 == n { print $2 * 1000, $3 }' "$work/all.tsv" | sort -k2 -g |
		awk -v n="$name" '{ ms += $1; r[NR] = $2 }
			END {
				med = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
				printf "%-34s %12.3f %14.2f %9.2f-%.2f\n", n, ms / NR, med, r[1], r[NR]
			}'
done
