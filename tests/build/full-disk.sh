#!/bin/sh
# A full disk: every write error fails the step (extraction, download, packing) with the
# system's reason, nothing half-written is left in the cache, and the next run, with room
# again, does the whole step afresh.
#
# Two ways to fill a disk: a file size limit (RLIMIT_FSIZE through `ulimit -f`: a write past it
# fails with EFBIG; works for everyone), and a small tmpfs over the cache's tmp/ (ENOSPC, as on
# a real full disk; needs a private mount namespace, as root or in a user namespace: skipped,
# and said so, where neither can be made).
. "$(dirname "$0")/lib.sh"
unset NATIVEPKG_KEEP_WORK

# limited BLOCKS CODE ARGS...: like run, with every file nativepkg writes limited to BLOCKS
# times 512 bytes. SIGXFSZ is ignored (as the exec'd process inherits), so writes fail instead.
limited() {
	blocks=$1 want=$2
	shift 2
	set +e
	(trap '' XFSZ && ulimit -f "$blocks" && exec "$NP" --recipes "$RECIPES" "$@") >"$OUT" 2>"$ERR"
	got=$?
	set -e
	[ "$got" = "$want" ] || { cat "$OUT" "$ERR" >&2; fail "nativepkg $* (under ulimit -f $blocks) exited $got, expected $want"; }
}

# A private mount namespace: root's own, else a user namespace's.
if [ "$(id -u)" = 0 ]; then NS="unshare -m"; else NS="unshare -rm"; fi
mkdir -p "$WORK/probe"
TMPFS=
# shellcheck disable=SC2016
if $NS sh -c 'mount -t tmpfs -o size=64k nativepkg-probe "$1"' sh "$WORK/probe" 2>/dev/null; then
	TMPFS=yes
else
	echo "note: no mount namespace here (unshare -m as root, or unprivileged user namespaces):" \
		"the tmpfs cases are skipped; the file-size-limit cases still run"
fi

# on_full_tmp SIZE CODE ARGS...: like run, with the cache's tmp/ on a tmpfs of SIZE that only
# this run sees; what tmp/ holds when nativepkg has exited goes to $WORK/left.
on_full_tmp() {
	size=$1 want=$2
	shift 2
	# shellcheck disable=SC2016
	$NS sh -c '
		size=$1 tmp=$2 work=$3 np=$4
		shift 4
		mount -t tmpfs -o "size=$size,mode=0700" nativepkg-full "$tmp" || exit 99
		"$np" "$@" >"$work/out" 2>"$work/err"
		echo $? >"$work/rc"
		find "$tmp" -mindepth 1 >"$work/left"
	' sh "$size" "$NATIVEPKG_CACHE_DIR/tmp" "$WORK" "$NP" --recipes "$RECIPES" "$@" ||
		fail "cannot mount a tmpfs over the cache's tmp/"
	got=$(cat "$WORK/rc")
	[ "$got" = "$want" ] || { cat "$OUT" "$ERR" >&2; fail "nativepkg $* (tmp/ on a $size tmpfs) exited $got, expected $want"; }
	[ ! -s "$WORK/left" ] || { cat "$WORK/left" >&2; fail "files were left in tmp/ on the full disk"; }
}

# nothing_kept: no build, no download, no work directory.
nothing_kept() {
	[ -z "$(ls "$NATIVEPKG_CACHE_DIR/builds")" ] || fail "a build counts as done: $(ls "$NATIVEPKG_CACHE_DIR/builds")"
	[ -z "$(ls "$NATIVEPKG_CACHE_DIR/tmp")" ] || fail "left in tmp/: $(ls "$NATIVEPKG_CACHE_DIR/tmp")"
}

# Extraction: 4 MiB of zeros in a 16 KB archive, with a 1 MiB limit (the download fits).
make_project make npd 1.0.0 "$WORK/src/npd-1.0.0"
head -c 4194304 /dev/zero >"$WORK/src/npd-1.0.0/data.bin"
pack "$WORK/src/npd-1.0.0" tar.gz "$WORK/www/npd.tar.gz"
recipe npd 1.0.0 make "file://$WORK/www/npd.tar.gz" "$(sha256 "$WORK/www/npd.tar.gz")"
"$NP" --recipes "$RECIPES" fetch npd >/dev/null
limited 2048 1 build npd
contains "$ERR" "cannot write 'npd-1.0.0/data.bin'"
contains "$ERR" "File too large"
nothing_kept
run 0 build npd
[ "$(stat -c %s "$NATIVEPKG_CACHE_DIR/builds/"*/include/npd.h)" -gt 0 ] || fail "the build after the failure is not whole"
cat "$ERR"; pass "extraction past the file size limit: exit 1 naming the file, nothing kept; the next run builds"

if [ -n "$TMPFS" ]; then
	"$NP" --recipes "$RECIPES" cache clean --builds >/dev/null
	on_full_tmp 1m 1 build npd
	contains "$ERR" "cannot write 'npd-1.0.0/data.bin'"
	contains "$ERR" "No space left on device"
	! grep -q "build failed" "$ERR" || fail "a truncated extraction was handed to the build"
	nothing_kept
	run 0 build npd
	cat "$ERR"; pass "extraction onto a full disk (1 MiB tmpfs): exit 1 naming the file, nothing left or kept"
fi

# Packing a build for a binary cache: nothing is uploaded, nothing left.
mkdir -p "$WORK/store"
export NATIVEPKG_BINARY_CACHE="file://$WORK/store"
limited 4 1 cache push npd
contains "$ERR" "File too large"
[ -z "$(ls "$WORK/store")" ] || fail "a pack that failed was uploaded: $(ls "$WORK/store")"
[ -z "$(ls "$NATIVEPKG_CACHE_DIR/tmp")" ] || fail "left in tmp/: $(ls "$NATIVEPKG_CACHE_DIR/tmp")"
run 0 cache push npd
unset NATIVEPKG_BINARY_CACHE
cat "$ERR"; pass "packing past the file size limit: exit 1, nothing uploaded or left; the next push works"

# Downloads: a 2 MiB source (incompressible) with a 1 MiB limit. A local write error is not
# the server's: one request, no retry.
start_server
make_project make npg 1.0.0 "$WORK/src/npg-1.0.0"
head -c 2097152 /dev/urandom >"$WORK/src/npg-1.0.0/random.bin"
pack "$WORK/src/npg-1.0.0" tar.gz "$WORK/www/npg.tar.gz"
recipe npg 1.0.0 make "$URL/files/npg.tar.gz" "$(sha256 "$WORK/www/npg.tar.gz")"
"$NP" --recipes "$RECIPES" cache clean >/dev/null
mark
limited 2048 1 build npg
contains "$ERR" "npg: cannot write the download"
contains "$ERR" "File too large"
[ "$(requests /files/npg.tar.gz)" = 1 ] || fail "a local write error was retried: $(requests /files/npg.tar.gz) requests"
nothing_kept
[ -z "$(ls "$NATIVEPKG_CACHE_DIR/downloads/sha256")" ] || fail "a partial download was kept"
run 0 build npg
cat "$ERR"; pass "a download past the file size limit: exit 1, one request, nothing kept; the next run downloads"

if [ -n "$TMPFS" ]; then
	"$NP" --recipes "$RECIPES" cache clean >/dev/null
	on_full_tmp 1m 1 build npg
	contains "$ERR" "npg: cannot write the download"
	contains "$ERR" "No space left on device"
	[ -z "$(ls "$NATIVEPKG_CACHE_DIR/downloads/sha256")" ] || fail "a partial download was kept"
	cat "$ERR"; pass "a download onto a full disk (1 MiB tmpfs): exit 1, nothing left or kept"
fi
