#!/bin/sh
# Hostile archives: every escape is refused with exit 6 naming the entry, nothing is written
# outside the work directory, unsafe modes are neutralised, a decompression bomb is stopped.
. "$(dirname "$0")/lib.sh"
make_project make nph 1.0.0 "$WORK/src/nph"
export NP_ABSOLUTE_TARGET="$WORK/escape-absolute.txt"

# try KIND CODE [TEXT]: builds from an archive with KIND's entry; must exit CODE.
try() {
	kind=$1 code=$2 text=${3:-}
	python3 "$SRC/tests/build/hostile.py" "$kind" "$WORK/src/nph" "$WORK/www/nph-$kind.tar.gz"
	recipe nph 1.0.0 make "file://$WORK/www/nph-$kind.tar.gz" "$(sha256 "$WORK/www/nph-$kind.tar.gz")"
	run "$code" build nph
	[ -z "$text" ] || contains "$ERR" "$text"
	escaped=$(find "$WORK" "$NATIVEPKG_CACHE_DIR/.." -maxdepth 3 -name 'escape-*' 2>/dev/null | wc -l)
	[ "$escaped" = 0 ] || fail "$kind: a file escaped the work directory"
	[ -z "$(ls "$NATIVEPKG_CACHE_DIR/builds")" ] || [ "$code" = 0 ] || fail "$kind: a build counts as done"
	pass "$kind: exit $code"
}

try dotdot 6 "unsafe entry 'pkg/../../escape-dotdot.txt': climbs out with '..'"
try absolute 6 "unsafe entry '$WORK/escape-absolute.txt': absolute path"
try symlink-out 6 "unsafe entry 'pkg/evil': symlink to '../../../../../../../etc' outside the tree"
try symlink-abs 6 "unsafe entry 'pkg/evil': symlink to '/etc' outside the tree"
try symlink-write 6 "unsafe entry 'pkg/up': symlink to '..' outside the tree"
try hardlink-out 6 "unsafe entry 'pkg/hl': hard link to '/etc/passwd' outside the tree"
try hardlink-dotdot 6 "hard link to '../../etc/passwd' outside the tree"
try device 6 "unsafe entry 'pkg/dev': a character device"
try fifo 6 "unsafe entry 'pkg/fifo': a FIFO"
try symlink-chain 6 "unsafe entry 'pkg/a/b/c/c3': symlink to 'c2/..' resolving outside the tree through other links"
try through-symlink 6 "unsafe entry 'pkg/a/b/esc': symlink to 'u/../..' resolving outside the tree through other links"
try symlink-later 6 "unsafe entry 'a/l': symlink to 'm/..' resolving outside the tree through other links"
try symlink-replaced 6 "unsafe entry 'a/l': symlink to 'f/..' resolving outside the tree through other links"
try hardlink-symlink 6 "unsafe entry 'pkg/hl': hard link to 'pkg/a/b/l', which is a symlink"
try symlink-inside 0

# setuid, setgid and world-writable bits are dropped, and the build goes on.
export NATIVEPKG_KEEP_WORK=1
"$NP" cache clean >/dev/null
try modes 0
suid=$(find "$NATIVEPKG_CACHE_DIR/tmp" -name suid.sh | head -1)
[ -n "$suid" ] || fail "modes: the extracted file is missing"
perm=$(stat -c %a "$suid")
sgid=$(stat -c %a "$(dirname "$suid")/sgid-dir")
case $perm in *[2367]? | [4-7]???) fail "modes: suid.sh extracted with mode $perm" ;; esac
[ "$sgid" = 755 ] || [ "$sgid" = 775 ] || fail "modes: sgid-dir extracted with mode $sgid"
unset NATIVEPKG_KEEP_WORK
pass "modes neutralised (suid.sh $perm, sgid-dir $sgid)"

# An entry named like nativepkg's completion marker does not make a failed build count.
"$NP" cache clean >/dev/null
python3 "$SRC/tests/build/hostile.py" marker "$WORK/src/nph" "$WORK/www/nph-marker.tar.gz"
recipe nph 1.0.0 make "file://$WORK/www/nph-marker.tar.gz" "$(sha256 "$WORK/www/nph-marker.tar.gz")"
sed -i 's/"system": "make"/"system": "make", "options": ["CC=false"]/' "$RECIPES/nph.json"
run 1 build nph
[ -z "$(ls "$NATIVEPKG_CACHE_DIR/builds")" ] || fail "marker: a failed build left a builds/ entry"
run 1 --mode build resolve nph
contains "$ERR" "build failed"
pass "an archived .nativepkg-build.json does not make a failed build count"

# A decompression bomb stops at the size cap.
mkdir -p "$WORK/src/bomb/nphb-1.0.0"
head -c 50000000 /dev/zero >"$WORK/src/bomb/nphb-1.0.0/zeros"
tar -C "$WORK/src/bomb" -czf "$WORK/www/bomb.tar.gz" nphb-1.0.0
recipe nphb 1.0.0 make "file://$WORK/www/bomb.tar.gz" "$(sha256 "$WORK/www/bomb.tar.gz")"
export NATIVEPKG_MAX_EXTRACT=10000000
run 6 build nphb
unset NATIVEPKG_MAX_EXTRACT
contains "$ERR" "expands to more than 10000000 bytes"
pass "decompression bomb ($(stat -c %s "$WORK/www/bomb.tar.gz") bytes -> 50 MB) stopped at 10 MB"
