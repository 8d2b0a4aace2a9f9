#!/bin/sh
# The build cache: a hit does no compile work (the build tools are not even on PATH); eight
# processes building the same package at once build it once; SIGKILL in the middle of a build
# leaves nothing that counts as a hit, no lock held, and the next run succeeds.
. "$(dirname "$0")/lib.sh"
start_server

# A build that takes long enough to be caught in the middle: its Makefile sleeps.
make_project make npc 1.0.0 "$WORK/src/npc-1.0.0"
sed -i 's|^all: |all: slow |; s|^PREFIX ?= /usr/local|PREFIX ?= /usr/local\nslow:\n\tsleep $${NPC_SLEEP:-0}|' "$WORK/src/npc-1.0.0/Makefile"
pack "$WORK/src/npc-1.0.0" tar.gz "$WORK/www/npc.tar.gz"
recipe npc 1.0.0 make "$URL/files/npc.tar.gz" "$(sha256 "$WORK/www/npc.tar.gz")"

# Eight at once on an empty cache: one download, one build, eight answers.
mark
export NPC_SLEEP=2
for i in 1 2 3 4 5 6 7 8; do
	"$NP" --recipes "$RECIPES" build npc >"$WORK/out.$i" 2>"$WORK/err.$i" &
	eval "pid$i=\$!"
done
for i in 1 2 3 4 5 6 7 8; do
	eval "wait \$pid$i" || { cat "$WORK/err.$i"; fail "builder $i failed"; }
done
unset NPC_SLEEP
builds=$(cat "$WORK"/err.? | grep -c "building npc")
[ "$builds" = 1 ] || fail "$builds of 8 concurrent processes built npc"
[ "$(requests /files/npc.tar.gz)" = 1 ] || fail "the source was downloaded $(requests /files/npc.tar.gz) times"
[ "$(ls "$NATIVEPKG_CACHE_DIR/builds" | wc -l)" = 1 ] || fail "more than one build directory"
grep -l "via cache" "$WORK"/out.? >/dev/null || fail "no process reported reusing the build"
pass "8 concurrent builds on an empty cache: 1 download, 1 build, the others waited and reused it"

# A hit needs no build tool at all: cmake, make and friends are hidden from PATH.
mkdir -p "$WORK/bin"
for tool in cc gcc sh; do ln -sf "$(command -v $tool)" "$WORK/bin/$tool"; done
PATH="$WORK/bin" "$NP" --recipes "$RECIPES" --mode build resolve npc >"$OUT" 2>"$ERR" ||
	{ cat "$ERR"; fail "a cache hit needed more than the compiler's identity"; }
contains "$OUT" "npc 1.0.0 via cache (shared)"
grep -q building "$ERR" && fail "a cache hit started a build"
pass "cache hit: no build tool run"

# SIGKILL in the middle of a build.
"$NP" cache clean --builds >/dev/null
export NPC_SLEEP=30
"$NP" --recipes "$RECIPES" build npc >"$OUT" 2>"$ERR" &
victim=$!
for _ in $(seq 100); do
	pgrep -f "sleep 30" >/dev/null && break
	sleep 0.1
done
pgrep -f "sleep 30" >/dev/null || fail "the build never reached its slow step"
kill -9 "$victim"
wait "$victim" 2>/dev/null || true
pkill -f "sleep 30" || true
unset NPC_SLEEP
[ -z "$(ls "$NATIVEPKG_CACHE_DIR/builds")" ] || fail "a killed build left a builds/ entry"
run 0 --mode build resolve npc
contains "$OUT" "npc 1.0.0 via build (shared)"
pass "SIGKILL mid-build: nothing counts as a hit, the lock is free, the next run builds"

# A lock held by another process is waited for, up to NATIVEPKG_LOCK_TIMEOUT, then exit 8.
"$NP" cache clean --builds >/dev/null
export NPC_SLEEP=10
"$NP" --recipes "$RECIPES" build npc >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do
	pgrep -f "sleep 10" >/dev/null && break
	sleep 0.1
done
export NATIVEPKG_LOCK_TIMEOUT=1
run 8 build npc
unset NATIVEPKG_LOCK_TIMEOUT
contains "$ERR" "held by process $holder"
kill -9 "$holder"
pkill -f "sleep 10" || true
unset NPC_SLEEP
pass "a held lock: exit 8 after the timeout, naming the holder"

# A lock held by something that writes no pid (flock(1)), or whose file holds junk or the pid of
# a process that is gone: no pid is named. And the timeout is measured exactly: never shorter
# than NATIVEPKG_LOCK_TIMEOUT, wherever in a second the wait begins.
"$NP" cache clean --builds >/dev/null
run 0 build npc
lockfile="$NATIVEPKG_CACHE_DIR/locks/$(ls "$NATIVEPKG_CACHE_DIR/locks" | grep '\.lock$')"
"$NP" cache clean --builds >/dev/null
sh -c 'exit 0' &
gone=$!
wait "$gone"
for content in "" "-7" "12abc" "$gone"; do
	printf '%s\n' "$content" >"$lockfile"
	[ -n "$content" ] || : >"$lockfile"
	rm -f "$WORK/held" "$WORK/release"
	flock "$lockfile" sh -c 'touch "$1"; while [ ! -e "$2" ]; do sleep 0.05; done' _ \
		"$WORK/held" "$WORK/release" &
	holder=$!
	for _ in $(seq 200); do [ -e "$WORK/held" ] && break; sleep 0.05; done
	[ -e "$WORK/held" ] || fail "flock never took the lock"
	start=$(date +%s%N)
	NATIVEPKG_LOCK_TIMEOUT=1 run 8 build npc
	elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
	touch "$WORK/release"
	wait "$holder"
	[ "$elapsed" -ge 1000 ] || fail "NATIVEPKG_LOCK_TIMEOUT=1 gave up after $elapsed ms"
	contains "$ERR" "timed out after 1s waiting for $lockfile"
	contains "$ERR" "waiting for another process, which is building it"
	grep -Eq "process [0-9-]|held by" "$ERR" && { cat "$ERR"; fail "a holder was named for a lock file holding '$content'"; }
done
pass "a lock file without a live pid names no holder; the timeout is never cut short (1 s waited at least 1000 ms)"
