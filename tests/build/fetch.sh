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

# xor_sha256 FILE: the sha256 of what the server's /wrong/ sends for FILE.
xor_sha256() {
	python3 -c 'import hashlib, sys; print(hashlib.sha256(bytes(b ^ 0x5A for b in open(sys.argv[1], "rb").read())).hexdigest())' "$1"
}

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
contains "$ERR" "sha256 mismatch"
contains "$ERR" "expected $SUM"
contains "$ERR" "$URL/wrong/npf.tar.gz: sha256 mismatch, actual $(xor_sha256 "$WORK/www/npf.tar.gz")"
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

# Two projects whose tag archives have the same file name (2.1.5.tar.gz), as on GitHub.
for p in npa npb; do
	make_project make $p 2.1.5 "$WORK/src/$p/$p-2.1.5"
	mkdir -p "$WORK/www/$p"
	pack "$WORK/src/$p/$p-2.1.5" tar.gz "$WORK/www/$p/2.1.5.tar.gz"
done
A=$(sha256 "$WORK/www/npa/2.1.5.tar.gz") B=$(sha256 "$WORK/www/npb/2.1.5.tar.gz")
# both URL: recipes npa and npb fetching from URL/<project>/2.1.5.tar.gz.
both() {
	"$NP" cache clean >/dev/null
	recipe npa 2.1.5 make "$1/npa/2.1.5.tar.gz" "$A"
	recipe npb 2.1.5 make "$1/npb/2.1.5.tar.gz" "$B"
	mark
}

# A content-addressed mirror, filled by copying a download cache's downloads/ as it is.
both "$URL/files"
run 0 build npa npb
mkdir -p "$WORK/www/store"
cp -R "$NATIVEPKG_CACHE_DIR/downloads/." "$WORK/www/store/"
[ -f "$WORK/www/store/sha256/$A" ] && [ -f "$WORK/www/store/sha256/$B" ] || fail "downloads/ is not sha256/<hex>"
both "$URL/status/404"
export NATIVEPKG_MIRRORS="$URL/files/store"
run 0 build npa npb
unset NATIVEPKG_MIRRORS
[ "$(requests "/files/store/sha256/$A")" = 1 ] || fail "npa was not fetched from <mirror>/sha256/<hex>"
[ "$(requests "/files/store/sha256/$B")" = 1 ] || fail "npb was not fetched from <mirror>/sha256/<hex>"
[ "$(requests /files/store/2.1.5.tar.gz)" = 0 ] || fail "the file-name layout was tried after a sha256 hit"
[ "$(requests /status/404/npa/2.1.5.tar.gz)$(requests /status/404/npb/2.1.5.tar.gz)" = 00 ] ||
	fail "a recipe URL was tried after a mirror had it"
pass "content-addressed mirror: two same-named archives of two projects, each by its sha256"

# A mirror in the file-name layout holds npa's 2.1.5.tar.gz: npb gets wrong bytes there and
# goes on to the next candidate, its own URL.
mkdir -p "$WORK/www/legacy"
cp "$WORK/www/npa/2.1.5.tar.gz" "$WORK/www/legacy/"
both "$URL/files"
export NATIVEPKG_MIRRORS="$URL/files/legacy"
run 0 build npb
[ "$(requests "/files/legacy/sha256/$B")" = 1 ] || fail "the sha256 layout was not tried first"
[ "$(requests /files/legacy/2.1.5.tar.gz)" = 1 ] || fail "the file-name layout was not tried"
[ "$(requests /files/npb/2.1.5.tar.gz)" = 1 ] || fail "the recipe's URL was not tried after a mismatch"
run 0 build npa
unset NATIVEPKG_MIRRORS
[ "$(requests /files/npa/2.1.5.tar.gz)" = 0 ] || fail "npa was not taken from the file-name layout"
pass "file-name layout: a same-named file of another project is a mismatch, and the next URL is tried"

# Wrong bytes on the first mirror: the second mirror is tried, and kept.
both "$URL/status/404"
export NATIVEPKG_MIRRORS="$URL/wrong/store $URL/files/store"
run 0 build npa
unset NATIVEPKG_MIRRORS
[ "$(requests "/wrong/store/sha256/$A")" = 1 ] || fail "the first mirror was not tried"
[ "$(requests "/files/store/sha256/$A")" = 1 ] || fail "the second mirror was not tried after a mismatch"
[ "$(sha256 "$NATIVEPKG_CACHE_DIR/downloads/sha256/$A")" = "$A" ] || fail "the download cache holds other bytes"
[ -z "$(ls "$NATIVEPKG_CACHE_DIR/tmp")" ] || fail "the mismatched download was left in tmp/"
pass "a mismatch on the first mirror: the next mirror delivers"

# Every candidate fails: exit 4 (some sent wrong bytes), each candidate listed with its reason.
both "$URL/wrong"
export NATIVEPKG_MIRRORS="$URL/wrong/store $URL/status/404"
run 4 build npa
unset NATIVEPKG_MIRRORS
contains "$ERR" "npa: sha256 mismatch: no candidate delivered its source"
contains "$ERR" "expected $A"
contains "$ERR" "$URL/wrong/store/sha256/$A: sha256 mismatch, actual $(xor_sha256 "$WORK/www/store/sha256/$A")"
contains "$ERR" "$URL/wrong/store/2.1.5.tar.gz: HTTP 404"
contains "$ERR" "$URL/status/404/sha256/$A: HTTP 404"
contains "$ERR" "$URL/status/404/2.1.5.tar.gz: HTTP 404"
contains "$ERR" "$URL/wrong/npa/2.1.5.tar.gz: sha256 mismatch, actual $(xor_sha256 "$WORK/www/npa/2.1.5.tar.gz")"
nothing_left
pass "every candidate failed: exit 4 listing all five with their reasons, nothing kept"
recipe npf 1.0.0 make "$URL/files/npf.tar.gz" "$SUM"

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
