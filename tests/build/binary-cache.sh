#!/bin/sh
# Binary caches against a real server: nginx from Debian with a WebDAV PUT location, a
# read-only location and one behind basic auth, started on loopback by the test. A build pushed
# from one cache directory is pulled into a fresh one without any build tool run; a corrupted
# object is discarded and the package built locally; a server that is down is a warning and a
# local build; a read-only cache is never written to; credentials come from a netrc file and
# are never printed. Then zlib and libpng (Debian's tarballs) restored into a cache at another
# path: their .pc files point at the new place and libpng16.so finds the restored zlib.
. "$(dirname "$0")/lib.sh"
command -v nginx >/dev/null || { echo "skipped: no nginx (.ci/setup --test installs nginx-light)"; exit 77; }
start_server

# --- nginx on loopback ------------------------------------------------------------------------
N="$WORK/nginx"
mkdir -p "$N" "$WORK/store/rw" "$WORK/store/ro" "$WORK/store/auth" "$WORK/store/token"
NPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'nativepkg:%s\n' "$(openssl passwd -apr1 's3cret-pass')" >"$N/htpasswd"
cat >"$N/nginx.conf" <<CONF
daemon off;
master_process off;
pid $N/nginx.pid;
error_log $N/error.log;
events {}
http {
	access_log $N/access.log;
	client_body_temp_path $N/body;
	proxy_temp_path $N/proxy;
	fastcgi_temp_path $N/fastcgi;
	uwsgi_temp_path $N/uwsgi;
	scgi_temp_path $N/scgi;
	server {
		listen 127.0.0.1:$NPORT;
		root $WORK/store;
		client_max_body_size 0;
		location /rw/ { dav_methods PUT DELETE; create_full_put_path on; dav_access user:rw all:r; }
		location /ro/ { }
		location /token/ {
			if (\$http_authorization != "Bearer t0ken-value") { return 401; }
			dav_methods PUT; create_full_put_path on; dav_access user:rw all:r;
		}
		location /auth/ {
			auth_basic "nativepkg";
			auth_basic_user_file $N/htpasswd;
			dav_methods PUT; create_full_put_path on; dav_access user:rw all:r;
		}
	}
}
CONF
start_nginx() {
	nginx -c "$N/nginx.conf" -p "$N" 2>>"$N/stderr" &
	NGINX_PID=$!
	for _ in $(seq 50); do
		python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
			"$NPORT" 2>/dev/null && return 0
		sleep 0.1
	done
	cat "$N/error.log" "$N/stderr" >&2
	fail "nginx did not start"
}
stop_nginx() {
	kill "$NGINX_PID" 2>/dev/null || true
	wait "$NGINX_PID" 2>/dev/null || true
}
trap 'st=$?; stop_nginx; cleanup $st' EXIT
start_nginx
NG="http://127.0.0.1:$NPORT"

# Each step starts from a fresh cache; the workspace's lock would answer from the last one.
fresh_cache() {
	export NATIVEPKG_CACHE_DIR="$1"
	rm -rf "$WORK/ws/nativepkg.lock" "$WORK/ws/.nativepkg"
}

# npr: a CMake project, and a build tree that hides every build tool but the compiler.
make_project cmake npr 1.0.0 "$WORK/src/npr-1.0.0"
pack "$WORK/src/npr-1.0.0" tar.gz "$WORK/www/npr.tar.gz"
recipe npr 1.0.0 cmake "$URL/files/npr.tar.gz" "$(sha256 "$WORK/www/npr.tar.gz")"
mkdir -p "$WORK/cc-only"
for tool in cc gcc sh ld as collect2; do
	p=$(command -v $tool 2>/dev/null) && ln -sf "$p" "$WORK/cc-only/$tool"
done
puts() { grep -c '"PUT ' "$N/access.log" || true; }

# A build is pushed to the writable cache.
export NATIVEPKG_BINARY_CACHE="$NG/rw"
run 0 build npr
contains "$ERR" "building npr"
ls "$WORK"/store/rw/npr-1.0.0-*.json >/dev/null 2>&1 || fail "nothing was uploaded"
ls "$WORK"/store/rw/npr-1.0.0-*.tar.gz >/dev/null 2>&1 || fail "no archive was uploaded"
pass "a build is pushed: $(puts) PUTs, archive and manifest"

# Pulled into a fresh cache with no build tool on PATH: restored, nothing built.
fresh_cache "$WORK/cache2"
PATH="$WORK/cc-only" "$NP" --recipes "$RECIPES" --mode build resolve npr >"$OUT" 2>"$ERR" ||
	{ cat "$ERR"; fail "the pull failed"; }
contains "$ERR" "restoring npr 1.0.0 from $NG/rw"
grep -q building "$ERR" && fail "the pull built npr"
[ ! -e "$WORK/cache2/logs" ] || [ -z "$(ls "$WORK/cache2/logs")" ] || fail "a build log exists: the driver ran"
contains "$OUT" "npr 1.0.0 via cache"
grep -q "^prefix=$WORK/cache2/builds/npr-1.0.0-" "$WORK"/cache2/builds/npr-*/lib/pkgconfig/npr.pc 2>/dev/null ||
	[ ! -e "$WORK"/cache2/builds/npr-*/lib/pkgconfig/npr.pc ] || fail "the .pc was not relocated"
pass "a fresh cache pulls it with no build tool on PATH; the build driver never started"

# What the restored build emits is what a build made here emits when it is reused (method
# "cache" both): the output tree and the prefix's metadata files, byte for byte (not the
# stat cache, which only remembers files old enough to trust their timestamps).
snapshot() {
	fresh_cache "$WORK/cache2"
	run 0 --mode build resolve npr
	rm -rf "$1" && mkdir -p "$1/prefix" && cp -R "$WORK/ws/.nativepkg" "$1/tree"
	(cd "$WORK"/cache2/builds/npr-1.0.0-* &&
		find . \( -name '*.pc' -o -name '*.cmake' -o -name '*.json' \) -exec cp --parents {} "$1/prefix" \;)
}
snapshot "$WORK/meta-restored"
fresh_cache "$WORK/cache2"
rm -rf "$WORK/cache2"
NATIVEPKG_BINARY_CACHE= run 0 --mode build resolve npr
contains "$ERR" "building npr"
snapshot "$WORK/meta-local"
diff -r -x tree-stamp -x stat-cache "$WORK/meta-restored" "$WORK/meta-local" || fail "the restored build's metadata differs from a local build's"
pass "the restored build's output tree and metadata equal a local build's"

# A corrupted object: discarded with a warning, and built here.
archive=$(ls "$WORK"/store/rw/npr-1.0.0-*.tar.gz)
python3 - "$archive" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0xFF
open(p, "wb").write(bytes(b))
PY
fresh_cache "$WORK/cache3"
run 0 --mode build resolve npr
contains "$ERR" "warning: npr: binary cache $NG/rw"
contains "$ERR" "sha256 mismatch"
contains "$ERR" "building npr"
want=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["archive"]["sha256"])' \
	"${archive%.tar.gz}.json")
[ ! -e "$WORK/cache3/downloads/sha256/$want" ] || fail "the corrupted archive was kept"
ls "$WORK/cache3/tmp" 2>/dev/null | grep -q download && fail "a partial download was left in tmp"
pass "a corrupted object: a warning, nothing kept, built locally"

# The server down: a warning, and built here.
stop_nginx
fresh_cache "$WORK/cache4"
run 0 --mode build resolve npr
contains "$ERR" "warning: npr: binary cache $NG/rw"
contains "$ERR" "building npr"
pass "the server down: a warning, built locally"
start_nginx

# A read-only cache is read, and never written to. Its objects: npr's build from cache3,
# pushed again by hand over the corrupted archive.
fresh_cache "$WORK/cache3"
NATIVEPKG_BINARY_CACHE="$NG/rw" run 0 cache push npr
cp "$WORK"/store/rw/npr-1.0.0-*.json "$WORK"/store/rw/npr-1.0.0-*.tar.gz "$WORK/store/ro/"
# This one comes from the workspace manifest.
unset NATIVEPKG_BINARY_CACHE
printf '{"binary_cache": [{"url": "%s/ro", "read_only": true}]}\n' "$NG" >"$WORK/ws/nativepkg.json"
fresh_cache "$WORK/cache5"
before=$(puts)
run 0 --mode build resolve npr
contains "$ERR" "restoring npr 1.0.0 from $NG/ro"
make_project make npq 1.0.0 "$WORK/src/npq-1.0.0"
pack "$WORK/src/npq-1.0.0" tar.gz "$WORK/www/npq.tar.gz"
recipe npq 1.0.0 make "$URL/files/npq.tar.gz" "$(sha256 "$WORK/www/npq.tar.gz")"
run 0 build npq
[ "$(puts)" = "$before" ] || fail "a read-only cache was written to"
run 2 cache push npq
contains "$ERR" "no writable binary cache"
NATIVEPKG_BINARY_CACHE="ro:$NG/ro" run 2 cache push npq
contains "$ERR" "no writable binary cache"
[ "$(puts)" = "$before" ] || fail "a read-only cache was written to"
printf '{"binary_cache": ["ftp://example.invalid/cache"]}\n' >"$WORK/ws/nativepkg.json"
run 3 resolve npr
contains "$ERR" "nativepkg.json:1:19: a binary cache must be an https://, http:// or file:// URL"
rm "$WORK/ws/nativepkg.json"
pass "a read-only cache (from nativepkg.json): restored from, never written to; a bad URL is exit 3"

# cache pull / push by hand.
export NATIVEPKG_BINARY_CACHE="$NG/rw"
fresh_cache "$WORK/cache6"
run 1 cache pull npq
contains "$ERR" "no binary cache has npq-1.0.0-"
run 0 cache push npq
run 0 cache pull npr
contains "$OUT" "have npr 1.0.0"
pass "cache push and pull"

# Credentials from a netrc file, never printed.
export NATIVEPKG_BINARY_CACHE="$NG/auth"
fresh_cache "$WORK/cache7"
run 0 build npq
contains "$ERR" "HTTP 401"
printf 'machine 127.0.0.1 login nativepkg password s3cret-pass\n' >"$WORK/netrc"
NATIVEPKG_NETRC="$WORK/netrc" run 0 cache push npq
ls "$WORK"/store/auth/npq-1.0.0-*.json >/dev/null 2>&1 || fail "the authenticated push did not land"
fresh_cache "$WORK/cache8"
NATIVEPKG_NETRC="$WORK/netrc" run 0 cache pull npq
grep -rq "s3cret-pass" "$OUT" "$ERR" "$WORK"/cache*/logs 2>/dev/null && fail "the password was printed"
pass "basic auth from a netrc file: refused without, pushed and pulled with; the password never shown"

# A bearer token from the environment: sent to the binary cache, never to a source's host.
export NATIVEPKG_BINARY_CACHE="$NG/token" NATIVEPKG_BINARY_CACHE_TOKEN=t0ken-value
fresh_cache "$WORK/cache9"
mark
run 0 build npr
ls "$WORK"/store/token/npr-1.0.0-*.json >/dev/null 2>&1 || fail "the push with a token did not land"
grep -q "t0ken" "$WORK/requests.log" && fail "the token went to the source's server"
fresh_cache "$WORK/cache10"
run 0 --mode build resolve npr
contains "$ERR" "restoring npr 1.0.0 from $NG/token"
grep -rq "t0ken" "$OUT" "$ERR" "$WORK"/cache*/logs 2>/dev/null && fail "the token was printed"
unset NATIVEPKG_BINARY_CACHE_TOKEN
pass "a bearer token from NATIVEPKG_BINARY_CACHE_TOKEN: pushed and pulled; never sent to sources or printed"

# A file:// cache, written and read; then hostile manifests in it: a file path out of the tree,
# a prefix that would have a restore rewrite every "/". Each is a warning and a local build.
export NATIVEPKG_BINARY_CACHE="file://$WORK/filecache"
mkdir -p "$WORK/filecache"
run 0 cache push npr
fresh_cache "$WORK/cache11"
run 0 --mode build resolve npr
contains "$ERR" "restoring npr 1.0.0 from file://$WORK/filecache"
hostile() {
	python3 - "$(ls "$WORK"/filecache/npr-1.0.0-*.json)" "$1" <<'PY'
import json, sys
path, what = sys.argv[1], sys.argv[2]
m = json.load(open(path))
if what == "path":
    m["files"][0]["path"] = "../../../outside.pc"
else:
    m["prefix"] = "/" + m["prefix"].rsplit("/", 1)[1]
json.dump(m, open(path, "w"))
PY
}
hostile path
fresh_cache "$WORK/cache12"
run 0 --mode build resolve npr
contains "$ERR" "its manifest lists \"../../../outside.pc\", which is not a path inside the prefix"
contains "$ERR" "building npr"
hostile prefix
fresh_cache "$WORK/cache13"
run 0 --mode build resolve npr
contains "$ERR" "its manifest is not one of this build"
contains "$ERR" "building npr"
[ ! -e "$WORK/outside.pc" ] && [ ! -e "$WORK/cache12/outside.pc" ] || fail "a restore wrote outside its tree"
pass "a file:// cache; hostile manifests (a path out of the tree, a prefix of /) refused, built locally"

# --- zlib and libpng, restored into a cache at another path --------------------------------------
S=${NATIVEPKG_TEST_SOURCES:-}
if [ -z "$S" ] || [ ! -f "$S/zlib_1.2.13.dfsg.orig.tar.bz2" ] || [ ! -f "$S/libpng1.6_1.6.39.orig.tar.gz" ]; then
	echo "skipped: zlib and libpng (no Debian sources; .ci/setup --test downloads them)"
	exit 0
fi
cp "$S/zlib_1.2.13.dfsg.orig.tar.bz2" "$WORK/www/"
cp "$S/libpng1.6_1.6.39.orig.tar.gz" "$WORK/www/v1.6.39.tar.gz"
debian_zlib "$S/zlib_1.2.13.dfsg.orig.tar.bz2"
export NATIVEPKG_MIRRORS="$URL/files" NATIVEPKG_BINARY_CACHE="$NG/rw"
fresh_cache "$WORK/first-cache"
run 0 --mode build resolve libpng
contains "$ERR" "building libpng"
mv "$WORK/first-cache" "$WORK/gone"
fresh_cache "$WORK/second/cache"
run 0 --mode build resolve libpng
grep -q building "$ERR" && fail "the second cache built"
grep -q "$WORK/gone\|first-cache" "$WORK"/second/cache/builds/libpng-*/lib/pkgconfig/libpng16.pc &&
	fail "libpng16.pc still names the first cache"
cat >"$WORK/png.c" <<'C'
#include <stdio.h>
#include <png.h>
#include <zlib.h>
int main(void) { printf("%s %s\n", png_get_libpng_ver(NULL), zlibVersion()); return 0; }
C
# shellcheck disable=SC2046
cc "$WORK/png.c" -o "$WORK/png" $("$NP" --recipes "$RECIPES" --mode build flags libpng zlib)
[ "$(env -u LD_LIBRARY_PATH "$WORK/png")" = "1.6.39 1.2.13" ] || fail "the program: $("$WORK/png")"
pnglib=$(ls "$WORK"/second/cache/builds/libpng-1.6.39-*/lib/libpng16.so.16)
loaded=$(env -u LD_LIBRARY_PATH ldd "$pnglib" | sed -n 's/^[[:space:]]*libz\.so\.1 => \([^ ]*\) .*/\1/p')
case $(realpath "$loaded") in
"$WORK"/second/cache/builds/zlib-1.2.13-*) ;;
*) ldd "$pnglib"; fail "the restored libpng16.so loads another zlib: $loaded" ;;
esac
pass "zlib and libpng restored into another cache path: relocated .pc files, and libpng16.so loads the restored zlib"
