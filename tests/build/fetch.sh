#!/bin/sh
# Downloads: integrity, HTTP failures, bounded retries, mirrors, offline use, the download
# cache. Every failure leaves nothing behind in the cache.
. "$(dirname "$0")/lib.sh"
start_server --tls
make_project make npf 1.0.0 "$WORK/src/npf-1.0.0"
# Incompressible padding: the stalled server sends 1 KiB, so the archive must be larger.
head -c 65536 /dev/urandom >"$WORK/src/npf-1.0.0/padding.bin"
pack "$WORK/src/npf-1.0.0" tar.gz "$WORK/www/npf.tar.gz"
SUM=$(sha256 "$WORK/www/npf.tar.gz")

# fresh URL: an empty cache and a recipe fetching from URL.
fresh() {
	"$NP" cache clean >/dev/null
	recipe npf 1.0.0 make "$1" "$SUM"
	mark
}

# nothing_left: no download, no partial file anywhere in the cache.
nothing_left() {
	left=$(find "$NATIVEPKG_CACHE_DIR/downloads" "$NATIVEPKG_CACHE_DIR/tmp" -type f | wc -l)
	[ "$left" = 0 ] || { find "$NATIVEPKG_CACHE_DIR" -type f; fail "files left behind: $left"; }
}

fresh "$URL/wrong/npf.tar.gz"
run 4 build npf
contains "$ERR" "sha256 mismatch for $URL/wrong/npf.tar.gz"
contains "$ERR" "expected $SUM"
contains "$ERR" "actual   "
nothing_left
pass "wrong bytes at the right length: exit 4, both hashes shown, nothing kept"

fresh "$URL/status/404/npf.tar.gz"
run 5 build npf
contains "$ERR" "HTTP 404"
[ "$(requests /status/404/npf.tar.gz)" = 1 ] || fail "a 404 was retried"
nothing_left
pass "404: one request, exit 5"

fresh "$URL/drop/npf.tar.gz"
run 5 build npf
[ "$(requests /drop/npf.tar.gz)" = 3 ] || fail "a dropped transfer was tried $(requests /drop/npf.tar.gz) times, expected 3"
nothing_left
pass "dropped half-way: three tries, exit 5, nothing kept"

fresh "$URL/stall/npf.tar.gz"
start=$(date +%s)
export NATIVEPKG_LOW_SPEED_TIME=1
run 5 build npf
export NATIVEPKG_LOW_SPEED_TIME=2
elapsed=$(($(date +%s) - start))
# The server would hold it for an hour: far less means the low-speed limit gave up (not a
# speed measurement; the bound leaves room for a loaded machine).
[ "$elapsed" -le 60 ] || fail "a stalled server held the build for ${elapsed}s"
nothing_left
pass "stalled after 1 KiB: exit 5 after ${elapsed}s (3 tries of 1s below 1 KiB/s)"

# HTTPS: a certificate no trusted CA signed is refused; the test CA, configured, is trusted.
cp "$WORK/www/npf.tar.gz" "$WORK/www/tls.tar.gz"
fresh "$TLS_URL/files/tls.tar.gz"
run 5 build npf
contains "$ERR" "certificate"
nothing_left
NATIVEPKG_CA_FILE="$WORK/tls/ca.pem" run 0 build npf
[ "$(requests /files/tls.tar.gz)" = 1 ] || fail "the HTTPS source took $(requests /files/tls.tar.gz) requests"
pass "self-signed HTTPS: exit 5 naming the certificate; with the test CA configured it downloads"

fresh "$URL/flaky/2/npf.tar.gz"
run 0 build npf
[ "$(requests /flaky/2/npf.tar.gz)" = 3 ] || fail "503, 503, 200 took $(requests /flaky/2/npf.tar.gz) requests"
pass "503, 503, 200: success in exactly three requests"

fresh "$URL/loop/0"
run 5 build npf
contains "$ERR" "Maximum (10) redirects followed"
[ "$(grep -c '^/loop/' "$WORK/requests.log")" -le 11 ] || fail "more than 10 redirects followed"
pass "redirect loop: stopped after 10 hops"

fresh "$URL/tofile/npf.tar.gz"
run 5 build npf
grep -q "passwd" "$NATIVEPKG_CACHE_DIR/downloads/sha256/"* 2>/dev/null && fail "followed a redirect to file://"
contains "$ERR" "(curl error 1)"
pass "redirect to file:// refused"

fresh "$URL/huge/npf.tar.gz"
export NATIVEPKG_MAX_DOWNLOAD=100000
run 5 build npf
unset NATIVEPKG_MAX_DOWNLOAD
contains "$ERR" "larger than the 100000-byte limit"
nothing_left
pass "10 GiB Content-Length refused before writing"

fresh "http://alice:s3cret@127.0.0.1:${URL##*:}/status/404/npf.tar.gz"
run 5 build npf
grep -q s3cret "$ERR" "$OUT" && fail "the password appeared in the output"
contains "$ERR" "http://***@127.0.0.1"
pass "a password in a URL is never printed"

# Mirrors come first: <mirror>/<file name of the recipe's URL>.
fresh "$URL/status/500/npf.tar.gz"
export NATIVEPKG_MIRRORS="$URL/status/404 $URL/files"
run 0 build npf
unset NATIVEPKG_MIRRORS
[ "$(requests /status/404/npf.tar.gz)" = 1 ] || fail "the first mirror was not tried"
[ "$(requests /files/npf.tar.gz)" = 1 ] || fail "the second mirror was not used"
[ "$(requests /status/500/npf.tar.gz)" = 0 ] || fail "the recipe's URL was tried after a mirror had it"
pass "mirrors tried in order, before the recipe's URL"

# Offline: a miss asks nothing of the network; a seeded cache builds.
fresh "$URL/files/npf.tar.gz"
before=$(wc -l <"$WORK/requests.log")
run 5 --offline build npf
contains "$ERR" "offline"
contains "$ERR" "nativepkg cache add FILE"
[ "$(wc -l <"$WORK/requests.log")" = "$before" ] || fail "--offline made a request"
run 0 cache add "$WORK/www/npf.tar.gz"
contains "$OUT" "$SUM"
export NATIVEPKG_OFFLINE=1
run 0 build npf
unset NATIVEPKG_OFFLINE
[ "$(wc -l <"$WORK/requests.log")" = "$before" ] || fail "an offline build made a request"
pass "offline: a miss makes no request; 'cache add' seeds it"

# A corrupted byte in a cached download is found, the copy discarded and fetched again.
"$NP" --recipes "$RECIPES" cache clean --builds >/dev/null
mark
cached="$NATIVEPKG_CACHE_DIR/downloads/sha256/$SUM"
printf 'X' | dd of="$cached" bs=1 seek=100 conv=notrunc 2>/dev/null
run 0 build npf
[ "$(requests /files/npf.tar.gz)" = 1 ] || fail "the corrupted download was not fetched again"
[ "$(sha256 "$cached")" = "$SUM" ] || fail "the cache still holds the corrupted file"
pass "corrupted cached tarball: discarded and fetched again"

# A malformed sha256 is bad input before any request.
before=$(wc -l <"$WORK/requests.log")
recipe npf 1.0.0 make "$URL/files/npf.tar.gz" "not-a-hash"
run 3 build npf
[ "$(wc -l <"$WORK/requests.log")" = "$before" ] || fail "a malformed sha256 still made a request"
recipe npf 1.0.0 make "$URL/files/npf.tar.gz" "unknown"
run 1 build npf
contains "$ERR" "the recipe's sha256 is unknown"
[ "$(wc -l <"$WORK/requests.log")" = "$before" ] || fail "an unknown sha256 still made a request"
pass "malformed or unknown sha256: no request"
