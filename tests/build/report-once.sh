#!/bin/sh
# A failure is reported once and tried once: `resolve` and `add` used to run a failing build a
# second time (with the workspace lock held), doubling every progress line and the time to
# failure, and to fetch a source whose hash is wrong twice; a source the graph's prefetch
# failed to download was downloaded again by its build.
. "$(dirname "$0")/lib.sh"
start_server
make_project make npbad 1.0.0 "$WORK/src/npbad-1.0.0"
# A build that fails: the library does not compile.
echo 'this is not C;' >>"$WORK/src/npbad-1.0.0/npbad.c"
pack "$WORK/src/npbad-1.0.0" tar.gz "$WORK/www/npbad.tar.gz"
make_project make npok 1.0.0 "$WORK/src/npok-1.0.0"
pack "$WORK/src/npok-1.0.0" tar.gz "$WORK/www/npok.tar.gz"
BAD=$(sha256 "$WORK/www/npbad.tar.gz")
OK=$(sha256 "$WORK/www/npok.tar.gz")

# count TEXT FILE: how many lines of FILE hold TEXT.
count() {
	grep -cF -- "$1" "$2" || true
}

for command in resolve add; do
	"$NP" cache clean >/dev/null
	rm -f nativepkg.json nativepkg.lock
	recipe npbad 1.0.0 make "$URL/files/npbad.tar.gz" "$BAD"
	mark
	run 1 "$command" npbad
	[ "$(count "building npbad 1.0.0" "$ERR")" = 1 ] ||
		{ cat "$ERR"; fail "$command: the failing build ran $(count "building npbad" "$ERR") times"; }
	[ "$(count "npbad: build failed" "$ERR")" = 1 ] || { cat "$ERR"; fail "$command: the failure was reported more than once"; }
	[ "$(requests /files/npbad.tar.gz)" = 1 ] || fail "$command: the source was fetched $(requests /files/npbad.tar.gz) times"
	[ ! -e nativepkg.json ] || fail "add wrote the manifest of a package that failed"

	"$NP" cache clean >/dev/null
	recipe npbad 1.0.0 make "$URL/wrong/npbad.tar.gz" "$BAD"
	mark
	run 4 "$command" npbad
	[ "$(count "npbad: sha256 mismatch" "$ERR")" = 1 ] || { cat "$ERR"; fail "$command: the mismatch was reported more than once"; }
	[ "$(requests /wrong/npbad.tar.gz)" = 1 ] || fail "$command: a wrong source was fetched $(requests /wrong/npbad.tar.gz) times"
	[ "$(count "building npbad" "$ERR")" = 0 ] || fail "$command: a build started without its source"
	pass "$command: a failing build runs once and is reported once, a wrong source is fetched once"
done

# Two builds at once: their sources are prefetched together, and the one whose hash is wrong is
# not fetched again by its build.
"$NP" cache clean >/dev/null
rm -f nativepkg.json nativepkg.lock
recipe npbad 1.0.0 make "$URL/wrong/npbad.tar.gz" "$BAD"
recipe npok 1.0.0 make "$URL/files/npok.tar.gz" "$OK"
mark
run 4 resolve npbad npok
[ "$(requests /wrong/npbad.tar.gz)" = 1 ] || fail "a wrong source was fetched $(requests /wrong/npbad.tar.gz) times (prefetch, then its build)"
[ "$(requests /files/npok.tar.gz)" = 1 ] || fail "npok's source was fetched $(requests /files/npok.tar.gz) times"
[ "$(count "npbad: sha256 mismatch" "$ERR")" = 1 ] || { cat "$ERR"; fail "the mismatch was reported more than once"; }
pass "two sources prefetched together: the wrong one is fetched once and reported once"
