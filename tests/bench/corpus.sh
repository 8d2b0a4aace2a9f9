#!/bin/sh
# The whole recipe corpus (tests/corpus/corpus.list: 36 recipes from Debian's byte-identical
# tarballs), shared, into an empty cache, three ways in one run:
#
#   graph       one `nativepkg build` of every package, NATIVEPKG_JOBS = cores: independent
#               packages build at the same time and share the job budget;
#   one by one  the same packages one `nativepkg build PKG` after another, in dependency order,
#               each with NATIVEPKG_JOBS = cores (so each build still runs `make -jN`): the fair
#               sequential baseline — what a script building them in turn would do. With
#               BENCH_SERIAL=1, also one by one with NATIVEPKG_JOBS=1 (one core in all);
#   restore     the same `nativepkg build` of every package from a file:// binary cache that the
#               graph's builds were pushed to, against building them.
#
# Sources come from a file:// mirror (content-addressed); OpenSSL is Debian's (as in the corpus
# test). Prints the times and the ratios, and the machine's conditions: cores, load average, and
# for each way its own CPU time and how many cores other work kept busy meanwhile (/proc/stat),
# since the machines this runs on are shared.
# Usage: corpus.sh [NATIVEPKG] [SOURCES]   (SOURCES: Debian's tarballs, see .ci/setup --test)
# BENCH_RECIPES="zlib libpng ..." measures those recipes of corpus.list instead of all of them
# (a subset must hold its members' corpus dependencies: the one-by-one run builds each alone);
# BENCH_ONE_BY_ONE=0 leaves the one-by-one run out (the graph and the restore take ~7 minutes on
# 2 cores, the one-by-one run as long again).
set -eu
np=$(realpath "${1:-build/bin/nativepkg}")
src=$(realpath "${2:-build-sources}")
repo=$(cd "$(dirname "$0")/../.." && pwd)
list="$repo/tests/corpus/corpus.list"
jobs=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

names=$(grep -v '^#' "$list" | awk '{print $1}')
if [ -n "${BENCH_RECIPES:-}" ]; then
	# corpus.list's order (dependencies first), whatever the order given.
	for name in $BENCH_RECIPES; do
		echo "$names" | grep -qx "$name" || { echo "$name is not in $list" >&2; exit 2; }
	done
	names=$(echo "$names" | grep -Fx "$(echo "$BENCH_RECIPES" | tr ' ' '\n')")
fi
mkdir -p "$work/recipes" "$work/mirror/sha256"
grep -v '^#' "$list" | while read -r name orig _; do
	[ -f "$src/$orig" ] || { echo "missing $src/$orig (.ci/setup --test downloads it)" >&2; exit 2; }
	cp "$src/$orig" "$work/mirror/sha256/$(sha256sum "$src/$orig" | cut -d' ' -f1)"
done
# zlib: the shipped recipe pointed at Debian's repacked tarball and the patch restoring it.
cp "$repo/tests/real/zlib-debian-win32.patch" "$work/recipes/"
python3 - "$repo/recipes/zlib.json" "$work/recipes/zlib.json" \
	"$(sha256sum "$src/zlib_1.2.13.dfsg.orig.tar.bz2" | cut -d' ' -f1)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["source"] = {"urls": ["https://deb.debian.org/zlib_1.2.13.dfsg.orig.tar.bz2"],
               "sha256": sys.argv[3], "strip": 1, "patches": ["zlib-debian-win32.patch"]}
json.dump(r, open(sys.argv[2], "w"), indent=2)
PY
export NATIVEPKG_MIRRORS="file://$work/mirror" NATIVEPKG_MODE=build NATIVEPKG_OPENSSL_MODE=system \
	HOME="$work/home"
unset NATIVEPKG_BINARY_CACHE NATIVEPKG_CACHE_DIR LD_LIBRARY_PATH 2>/dev/null || true
mkdir -p "$HOME" "$work/ws"
cd "$work/ws"

hz=$(getconf CLK_TCK)
# mark: the time, the CPU time the whole machine has spent busy so far (/proc/stat: user, nice,
# system, irq, softirq, steal) and this script's children's CPU time (the second line of
# `times`), into T, BUSY and MINE. Called directly, never in $(...), where `times` would be the
# subshell's.
mark() {
	times >"$work/times"
	MINE=$(awk 'NR == 2 {for (i = 1; i <= 2; i++) {split($i, a, /[ms]/); t += a[1] * 60 + a[2]} printf "%.2f", t}' "$work/times")
	BUSY=$(awk -v hz="$hz" '/^cpu / {printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz}' /proc/stat)
	T=$(date +%s.%N)
}
# since T0 BUSY0 MINE0: the seconds from that mark to the last one.
since() { echo "$T - $1" | bc; }
# conditions T0 BUSY0 MINE0: what the phase between that mark and the last one ran beside: its
# own CPU time and the cores other work kept busy meanwhile.
conditions() {
	echo "$1 $2 $3 $T $BUSY $MINE" | awk '{wall = $4 - $1; own = $6 - $3; other = ($5 - $2) - own
		if (other < 0) other = 0
		printf "%.1f s CPU of its own (%.2f cores busy), other work %.2f cores", own, own / wall, other / wall}'
}
# np CACHE ARGS...: nativepkg with its own cache, the corpus recipes and a quiet log.
np() {
	cache=$1
	shift
	NATIVEPKG_CACHE_DIR="$cache" "$np" --recipes "$work/recipes" --shared "$@" >>"$work/out" 2>>"$work/log" ||
		{ tail -40 "$work/log" >&2; echo "nativepkg $* failed" >&2; exit 1; }
}
built() { grep -c ' via build (shared)' "$work/out" || true; }

echo "machine: $(nproc) cores, $(uname -sr), $(awk '/^MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# graph: every package in one run.
: >"$work/out"
mark
set -- "$T" "$BUSY" "$MINE"
# shellcheck disable=SC2086
NATIVEPKG_JOBS=$jobs np "$work/cache-graph" build $names
mark
n=$(built)
[ "$n" = "$(echo "$names" | wc -l)" ] || { cat "$work/out" >&2; echo "the graph built $n packages" >&2; exit 1; }
graph=$(since "$@")
echo "graph ($jobs jobs): $graph s; $(conditions "$@"); load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# one by one, each package its own run (dependency order: corpus.list is in that order).
serial() {
	j=$1 cache="$work/cache-serial-$1"
	: >"$work/out"
	for name in $names; do
		before=$(built)
		NATIVEPKG_JOBS=$j np "$cache" build "$name"
		[ "$(built)" = $((before + 1)) ] || { cat "$work/out" >&2; echo "$name: not one build" >&2; exit 1; }
	done
}
if [ "${BENCH_ONE_BY_ONE:-1}" = 1 ]; then
	mark
	set -- "$T" "$BUSY" "$MINE"
	serial "$jobs"
	mark
	one=$(since "$@")
	echo "one by one ($jobs jobs each): $one s; $(conditions "$@"); load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
if [ "${BENCH_SERIAL:-0}" = 1 ]; then
	mark
	set -- "$T" "$BUSY" "$MINE"
	serial 1
	mark
	single=$(since "$@")
	echo "one by one (1 job): $single s; $(conditions "$@")"
fi

# restore: push the graph's builds to a file:// cache, then build everything into an empty cache.
mkdir -p "$work/bincache"
# shellcheck disable=SC2086
NATIVEPKG_BINARY_CACHE="file://$work/bincache" np "$work/cache-graph" cache push $names
: >"$work/out"
mark
set -- "$T" "$BUSY" "$MINE"
# shellcheck disable=SC2086
NATIVEPKG_BINARY_CACHE="ro:file://$work/bincache" NATIVEPKG_JOBS=$jobs np "$work/cache-restore" build $names
mark
restore=$(since "$@")
if [ "$(built)" != 0 ] || [ "$(grep -c ' via cache (shared)' "$work/out")" != "$(echo "$names" | wc -l)" ] ||
	[ -n "$(ls "$work/cache-restore/logs" 2>/dev/null)" ]; then
	cat "$work/out" >&2
	echo "the restore built something" >&2
	exit 1
fi
echo "restore from file:// ($jobs jobs): $restore s ($(du -sh "$work/bincache" | cut -f1) of archives); $(conditions "$@")"

echo
printf "%-44s %10s %12s\n" "$(echo "$names" | wc -l) recipes, shared, into an empty cache" "time (s)" "vs graph"
printf "%-44s %10.1f %11.2fx\n" "graph (NATIVEPKG_JOBS=$jobs)" "$graph" 1
[ -z "${one:-}" ] || printf "%-44s %10.1f %11.2fx\n" "one by one (NATIVEPKG_JOBS=$jobs each)" "$one" "$(echo "$one / $graph" | bc -l)"
[ -z "${single:-}" ] || printf "%-44s %10.1f %11.2fx\n" "one by one (NATIVEPKG_JOBS=1)" "$single" "$(echo "$single / $graph" | bc -l)"
printf "%-44s %10.2f %11.4fx  (%.0fx faster)\n" "restore from a file:// binary cache" "$restore" \
	"$(echo "$restore / $graph" | bc -l)" "$(echo "$graph / $restore" | bc -l)"
