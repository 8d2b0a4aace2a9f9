#!/bin/sh
# The memo (cli/memo.h): a warm command answers from .nativepkg/memo without reading the lock,
# and anything an answer was made from — the environment, the manifest, the output tree, the
# memo itself — sends the next run through in full, with the full run's answer.
. "$(dirname "$0")/lib.sh"
fixture=$(dirname "$NP")/../tests/fixtures/zlib-override
[ -d "$fixture" ] || fail "no fixture zlib at $fixture"
memos() { ls "$WORK/ws/.nativepkg/memo" 2>/dev/null | wc -l; }
# settle: file times lag the clock; the memo keeps nothing changed in the last 50 ms.
settle() { sleep 0.2; }
export NATIVEPKG_OFFLINE=1 # a range the system cannot meet fails at once (exit 5), not online

run 0 resolve zlib
run 0 resolve zlib # answers now come from the lock, whose inputs differ: the tree is rewritten
settle
run 0 resolve zlib # nothing changed: this run keeps its answer
[ "$(memos)" = 1 ] || fail "no memo after a warm resolve ($(memos))"
kept="$WORK/ws/.nativepkg/memo/$(ls "$WORK/ws/.nativepkg/memo")" # resolve zlib's
written() { stat -c %y "$kept" 2>/dev/null || echo none; }
cp "$OUT" "$WORK/full.out"
run 0 resolve zlib
cmp -s "$OUT" "$WORK/full.out" || fail "the kept answer differs: $(cat "$OUT")"
contains "$OUT" "zlib "
contains "$OUT" ", locked)"
contains "$OUT" "up to date: $WORK/ws/.nativepkg"
if command -v strace >/dev/null; then
	# (LeakSanitizer cannot run under ptrace: the sanitizer build runs this without it.)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -e trace=openat -o "$WORK/trace" "$NP" --recipes "$RECIPES" resolve zlib \
		>/dev/null ||
		fail "resolve under strace failed"
	grep -q '/.nativepkg/memo/' "$WORK/trace" || fail "the memo was not read"
	! grep -q 'nativepkg.lock' "$WORK/trace" || fail "a kept answer still opened the lock"
	! grep -q 'libcjson' "$WORK/trace" || fail "a kept answer still loaded cJSON"
	pass "a warm resolve answers from its memo: no lock read, no JSON parser loaded"
else
	echo "skipped: no strace, the memo's reads are not checked"
fi

run 0 flags zlib
settle
run 0 flags zlib
cp "$OUT" "$WORK/flags.out"
run 0 flags zlib
cmp -s "$OUT" "$WORK/flags.out" || fail "kept flags differ"
# An override in the environment: the memo's digest of it no longer holds, so the run
# resolves — and, being a consumer's, answers the lock and warns that the override disagrees
# (a replay of the kept answer would say nothing).
NATIVEPKG_ZLIB_ROOT="$fixture" "$NP" --recipes "$RECIPES" flags zlib >"$OUT" 2>"$ERR" ||
	fail "flags with an override failed: $(cat "$ERR")"
contains "$ERR" "settings disagree"
cmp -s "$OUT" "$WORK/flags.out" || fail "a consumer answered other than the lock: $(cat "$OUT")"
run 0 flags zlib
cmp -s "$OUT" "$WORK/flags.out" || fail "flags after the override differ: $(cat "$OUT")"
pass "an environment variable the answer depends on bypasses the memo"

# A file of the output tree removed: the next resolve writes it again.
rm "$WORK/ws/.nativepkg/env/z.env"
run 0 resolve zlib
[ -f "$WORK/ws/.nativepkg/env/z.env" ] || fail "a removed output file was not written again"
contains "$OUT" "wrote $WORK/ws/.nativepkg"
pass "a changed output tree bypasses the memo"

# A manifest appears whose range the system's zlib cannot meet: the answer is now a failure.
settle
was=$(written)
run 0 resolve zlib
[ "$(written)" != "$was" ] || fail "no memo kept before the manifest appears"
printf '{ "dependencies": { "zlib": ">=99" } }\n' >"$WORK/ws/nativepkg.json"
run 5 resolve zlib
rm "$WORK/ws/nativepkg.json"
run 0 resolve zlib
pass "a new manifest bypasses the memo"

# A damaged memo is only not used; the answer stands and the memo is written again.
settle
run 0 resolve zlib
printf 'nativepkg memo 1\nenv 0\nnames\noutput 99\nx' >"$kept"
run 0 resolve zlib
cmp -s "$OUT" "$WORK/full.out" || fail "a damaged memo changed the answer: $(cat "$OUT")"
run 0 resolve zlib
cmp -s "$OUT" "$WORK/full.out" || fail "the rewritten memo's answer differs: $(cat "$OUT")"
pass "a damaged memo is ignored and replaced"

# Nothing is kept from a run that may have read a file while it changed, nor with
# NATIVEPKG_MEMO=0, nor for an answer the lock did not give whole, nor with --verbose.
rm -rf "$WORK/ws/.nativepkg/memo"
touch "$WORK/ws/nativepkg.lock"
run 0 resolve zlib
[ "$(memos)" = 0 ] || fail "a memo was kept although the lock had just changed"
settle
NATIVEPKG_MEMO=0 "$NP" --recipes "$RECIPES" resolve zlib >/dev/null || fail "NATIVEPKG_MEMO=0 failed"
[ "$(memos)" = 0 ] || fail "a memo was kept with NATIVEPKG_MEMO=0"
run 0 -v resolve zlib
contains "$ERR" "zlib: lock:"
[ "$(memos)" = 0 ] || fail "a memo was kept with --verbose"
run 0 resolve zlib
[ "$(memos)" = 1 ] || fail "the same run without --verbose kept no memo"
mkdir "$WORK/unlocked"
(cd "$WORK/unlocked" && "$NP" flags zlib >/dev/null && sleep 0.2 && "$NP" flags zlib >/dev/null) ||
	fail "flags without a lock failed"
[ ! -d "$WORK/unlocked/.nativepkg/memo" ] || fail "an answer that is not locked was kept"
pass "no memo from a racy run, NATIVEPKG_MEMO=0, --verbose or an unlocked answer"
