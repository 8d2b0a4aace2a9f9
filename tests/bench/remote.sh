#!/bin/sh
# Binary cache: zlib + libpng restored into an empty cache from a binary cache that an earlier
# build filled, against building both again — side by side in one run (hyperfine, 5 cold runs
# each). The cache is read over loopback HTTP (python's http.server, read-only: a restore only
# GETs) and as a file:// directory. Prints the ratios (target: restore >= 10x faster).
# Usage: remote.sh [NATIVEPKG] [SOURCES]   (SOURCES: Debian's tarballs, see .ci/setup --test)
set -eu
np=$(realpath "${1:-build/bin/nativepkg}")
src=$(realpath "${2:-build-sources}")
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/tests/bench/zlib-libpng.sh"

# One build fills the binary cache.
mkdir -p "$work/bincache"
NATIVEPKG_BINARY_CACHE="file://$work/bincache" sh "$work/nativepkg.sh"
[ "$(ls "$work/bincache" | wc -l)" -ge 4 ] || { ls -l "$work/bincache"; echo "nothing pushed" >&2; exit 1; }

python3 -m http.server --bind 127.0.0.1 --directory "$work/bincache" 0 >"$work/http.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do
	port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/http.log" | head -n 1)
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { cat "$work/http.log"; echo "the HTTP server did not start" >&2; exit 1; }

hyperfine --runs 5 --export-csv "$work/remote.csv" \
	--prepare "rm -rf '$work/np-cache' '$work/.nativepkg'" \
	-n "rebuild from source (zlib + libpng)" "sh $work/nativepkg.sh" \
	-n "restore over HTTP (loopback)" \
	"NATIVEPKG_BINARY_CACHE=ro:http://127.0.0.1:$port sh $work/nativepkg.sh" \
	-n "restore from file://" "NATIVEPKG_BINARY_CACHE=ro:file://$work/bincache sh $work/nativepkg.sh" \
	>"$work/remote.log" 2>&1 || { cat "$work/remote.log"; exit 1; }

# The restore really restored: no build log, and the same answer as the build.
rm -rf "$work/np-cache" "$work/.nativepkg"
NATIVEPKG_BINARY_CACHE="ro:http://127.0.0.1:$port" sh "$work/nativepkg.sh"
[ ! -d "$work/np-cache/logs" ] || [ -z "$(ls "$work/np-cache/logs")" ] ||
	{ echo "a restore ran a build" >&2; exit 1; }

echo "machine: $(nproc) cores, $(uname -sr); $jobs build jobs"
awk -F, 'NR > 1 { name[NR] = $1; mean[NR] = $2; n = NR }
	END {
		printf "%-42s %10s %16s\n", "zlib + libpng into an empty cache", "mean (s)", "faster than build"
		for (i = 2; i <= n; i++)
			printf "%-42s %10.3f %15.1fx\n", name[i], mean[i], mean[2] / mean[i]
	}' "$work/remote.csv"
