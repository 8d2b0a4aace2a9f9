#!/bin/sh
# The output tree (docs/outputs.md): it never creates or writes anything through a symlink — a
# symlinked .nativepkg, a symlinked directory in it, a symlink or a FIFO where a file goes — and
# it removes what it wrote for packages that left the graph, and nothing else.
. "$(dirname "$0")/lib.sh"
fixtures=$(dirname "$NP")/../tests/fixtures
[ -d "$fixtures/pc" ] || fail "no fixtures at $fixtures"
export PKG_CONFIG_LIBDIR="$fixtures/pc" NATIVEPKG_MEMO=0
RECIPES="$SRC/tests/fixtures/recipes"
T="$WORK/ws/.nativepkg"
mkdir -p "$WORK/outside"

# untouched: nothing was created or changed in $WORK/outside.
untouched() {
	left=$(find "$WORK/outside" -mindepth 1 ! -name victim | wc -l)
	[ "$left" = 0 ] || { find "$WORK/outside"; fail "$1: written outside the workspace"; }
	[ ! -e "$WORK/outside/victim" ] || [ "$(cat "$WORK/outside/victim")" = victim ] ||
		fail "$1: the victim was overwritten"
}

# A directory of the tree that is a symlink, at each depth: refused, naming the link.
for link in lib lib/cmake lib/pkgconfig env cargo cps lib/cmake/NPDEP; do
	rm -rf "$T"
	mkdir -p "$(dirname "$T/$link")"
	ln -s "$WORK/outside" "$T/$link"
	run 1 resolve npdep
	contains "$ERR" "'$T/$link' is a symbolic link: nativepkg does not write through one"
	untouched "$link"
done
pass "a symlinked directory in .nativepkg/ (lib, lib/cmake, ..., lib/cmake/NPDEP): refused, nothing written through it"

rm -rf "$T"
ln -s "$WORK/outside" "$T"
run 1 resolve npdep
contains "$ERR" "'$T' is a symbolic link: nativepkg does not write through one"
untouched ".nativepkg"
# Consumers keep memos and the stat cache in .nativepkg too: not through the link either.
for _ in 1 2 3; do
	sleep 0.1 # past the memo's 50 ms window for files just written
	NATIVEPKG_MEMO=1 run 0 flags npdep
done
untouched ".nativepkg (memo, stat-cache)"
rm "$T"
pass "a symlinked .nativepkg: resolve refused; no tree, memo or stat cache written outside the workspace"

# A symlinked .nativepkg/memo full of files: the memo's pruning (at 64 memos) removes none.
run 0 resolve npdep
for _ in 1 2 3; do
	sleep 0.1
	NATIVEPKG_MEMO=1 run 0 flags --cflags npdep
done
[ -n "$(ls "$T/memo" 2>/dev/null)" ] || fail "no memo was kept: the case below would prove nothing"
rm -r "$T/memo"
mkdir -p "$WORK/outside/many"
for i in $(seq 70); do echo victim >"$WORK/outside/many/f$i"; done
ln -s "$WORK/outside/many" "$T/memo"
for _ in 1 2 3; do
	sleep 0.1
	NATIVEPKG_MEMO=1 run 0 flags --cflags npdep
done
[ "$(ls "$WORK/outside/many" | wc -l)" = 70 ] || fail "the memo pruned files through a symlink"
rm -rf "$T/memo" "$WORK/outside/many"
pass "a symlinked .nativepkg/memo: nothing removed or written through it"

# A symlink or a FIFO where a file goes is replaced, never followed (a FIFO would block a read).
run 0 resolve npdep
echo victim >"$WORK/outside/victim"
rm "$T/env/npdep.env" "$T/resolution.json" "$T/tree-stamp"
ln -s "$WORK/outside/victim" "$T/env/npdep.env"
mkfifo "$T/resolution.json"
timeout 120 "$NP" --recipes "$RECIPES" resolve npdep >"$OUT" 2>"$ERR" ||
	{ cat "$ERR"; fail "resolve over a symlink and a FIFO failed or hung"; }
untouched "a symlinked file"
[ -f "$T/env/npdep.env" ] && [ ! -L "$T/env/npdep.env" ] || fail "the symlink was not replaced by the file"
[ -f "$T/resolution.json" ] || fail "the FIFO was not replaced by the file"
contains "$T/env/npdep.env" "DEP_NPDEP_ROOT="
pass "a symlink and a FIFO where files go: replaced by the files, the symlink's target untouched"

# Pruning: a package that left the graph takes its files and the directories they leave empty.
rm -rf "$T" "$WORK/ws/nativepkg.lock"
printf '{ "dependencies": { "npdep": "*", "npfix": "*" } }' >"$WORK/ws/nativepkg.json"
run 0 resolve
[ -f "$T/lib/cmake/NPFIX/NPFIXConfig.cmake" ] || fail "no NPFIX config to prune"
printf '{ "dependencies": { "npdep": "*" } }' >"$WORK/ws/nativepkg.json"
run 0 resolve
[ ! -e "$T/lib/cmake/NPFIX" ] || fail "lib/cmake/NPFIX was left: $(ls -A "$T/lib/cmake/NPFIX")"
for f in env/npfix.env cargo/npfix.txt lib/pkgconfig/npfix.pc cps/npfix.cps; do
	[ ! -e "$T/$f" ] || fail "$f was left"
done
[ -f "$T/lib/cmake/NPDEP/NPDEPConfig.cmake" ] && [ -f "$T/env/npdep.env" ] || fail "npdep's files went too"
pass "a package that left the graph: its files and its emptied directories are removed"

# A hostile record: a tree-stamp naming a file outside the tree, with that file's true stamp,
# and one through a symlinked directory. Neither is removed.
echo victim >"$WORK/outside/victim"
ln -s "$WORK/outside" "$T/env/link"
python3 - "$T/tree-stamp" "$WORK/outside/victim" <<'PY'
import os, sys
st = os.stat(sys.argv[2])
line = "%d %d %d %d %d %d %d" % (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns // 10**9,
    st.st_mtime_ns % 10**9, st.st_ctime_ns // 10**9, st.st_ctime_ns % 10**9)
with open(sys.argv[1], "a") as f:
    f.write(line + " ../../outside/victim\n" + line + " env/link/victim\n")
PY
printf '{ "dependencies": { "npdep": "*", "npfix": "*" } }' >"$WORK/ws/nativepkg.json"
run 0 resolve
[ -f "$WORK/outside/victim" ] || fail "a file the tree-stamp named outside the tree was removed"
untouched "a hostile tree-stamp"
pass "a tree-stamp naming files outside the tree or through a symlink removes neither"
