#!/bin/sh
# The cache is a trust boundary (DESIGN §6 "Trust", docs/security.md), checked as root and as a
# second user: a cache that someone else owns or can write, or that someone else could replace,
# is refused with the fix in the message (exit 3); nothing is written through a symlink or a
# hard link planted at a lock or a log; a planted or forged build is never a hit. Credentials
# in a source URL are never stored, hashed or printed, and no program nativepkg starts sees its
# credentials in its environment.
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ]; then
	echo "skipped: cache-trust acts as a second user, which needs root"
	exit 77
fi
umask 022
U2=nptest
id "$U2" >/dev/null 2>&1 || useradd --no-create-home --shell /bin/sh "$U2" ||
	fail "cannot create the user $U2"
U2_UID=$(id -u "$U2")
U2_GID=$(id -g "$U2")
chmod 755 "$WORK" # the second user reaches the recipes, its own directory and the binary
mkdir -p "$WORK/u2/home" "$WORK/u2/ws"
chown -R "$U2_UID:$U2_GID" "$WORK/u2"
start_server

# as_u2 CMD...: CMD as the second user.
as_u2() {
	setpriv --reuid="$U2_UID" --regid="$U2_GID" --clear-groups -- "$@"
}
# run_u2 CODE ARGS...: `run`, as the second user, in its own workspace and home.
run_u2() {
	want=$1
	shift
	set +e
	(cd "$WORK/u2/ws" && as_u2 env HOME="$WORK/u2/home" "$NP" --recipes "$RECIPES" "$@") \
		>"$OUT" 2>"$ERR"
	got=$?
	set -e
	[ "$got" = "$want" ] || { cat "$OUT" "$ERR" >&2; fail "as $U2: nativepkg $* exited $got, expected $want"; }
}
# until_file FILE: waits (up to 20 s) for FILE to exist.
until_file() {
	for _ in $(seq 400); do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	fail "never reached: $1"
}
# A file of root's that a planted symlink or hard link points at: it must never change.
printf 'root only\n' >"$WORK/victim"
chmod 600 "$WORK/victim"
victim_intact() {
	[ "$(cat "$WORK/victim")" = "root only" ] || fail "$1: the victim file was written to"
}

# npt: its build step prints its environment into the log, and waits at a barrier when asked
# ($NPT_BARRIER.build is created on arrival; it goes on once $NPT_BARRIER.build.go exists).
make_project make npt 1.0.0 "$WORK/src/npt-1.0.0"
python3 - "$WORK/src/npt-1.0.0/Makefile" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
step = ("\tenv\n\t@if [ -n \"$$NPT_BARRIER\" ]; then touch \"$$NPT_BARRIER.build\"; "
        "while [ ! -e \"$$NPT_BARRIER.build.go\" ]; do sleep 0.05; done; fi\n")
text = text.replace("all: lib$(NAME).a lib$(NAME).so\n", "all: lib$(NAME).a lib$(NAME).so\n" + step)
open(path, "w").write(text)
PY
pack "$WORK/src/npt-1.0.0" tar.gz "$WORK/www/npt.tar.gz"
recipe npt 1.0.0 make "$URL/files/npt.tar.gz" "$(sha256 "$WORK/www/npt.tar.gz")"

# The reference build, in root's own cache: its entry and key, and its marker.
run 0 build npt
contains "$OUT" "npt 1.0.0 via build"
ENTRY=$(ls "$NATIVEPKG_CACHE_DIR/builds")
KEYLOCK=$(ls "$NATIVEPKG_CACHE_DIR/locks" | grep '\.lock$')
cp "$NATIVEPKG_CACHE_DIR/builds/$ENTRY/.nativepkg-build.json" "$WORK/real-marker.json"
LOG="$NATIVEPKG_CACHE_DIR/logs/$ENTRY.log"
[ "$(stat -c %a "$NATIVEPKG_CACHE_DIR")" = 755 ] && [ "$(stat -c %a "$NATIVEPKG_CACHE_DIR/builds")" = 755 ] &&
	[ "$(stat -c %a "$NATIVEPKG_CACHE_DIR/locks")" = 700 ] && [ "$(stat -c %a "$NATIVEPKG_CACHE_DIR/logs")" = 700 ] &&
	[ "$(stat -c %a "$LOG")" = 600 ] || { ls -la "$NATIVEPKG_CACHE_DIR" "$NATIVEPKG_CACHE_DIR/logs"; fail "cache modes"; }
pass "a new cache: root and builds/ 0755, locks/ and logs/ 0700, logs 0600"

# --- caches that others own or can write, or could replace: refused, with the fix --------------
C="$WORK/c1"
mkdir -m 777 "$C"
NATIVEPKG_CACHE_DIR=$C run 3 cache list
contains "$ERR" "the cache $C (from NATIVEPKG_CACHE_DIR) is not safe to use"
contains "$ERR" "writable by its group and others (mode 0777)"
contains "$ERR" "fix: chmod go-w '$C'"
[ ! -e "$C/builds" ] || fail "a refused cache was filled"
chmod go-w "$C"
NATIVEPKG_CACHE_DIR=$C run 0 cache list
chmod 770 "$C/builds"
NATIVEPKG_CACHE_DIR=$C run 3 cache list
contains "$ERR" "$C/builds is writable by its group (mode 0770)"
chmod 755 "$C/builds"
chmod 1777 "$C/locks"
NATIVEPKG_CACHE_DIR=$C run 3 build npt
contains "$ERR" "$C/locks is writable by its group and others (mode 1777)"
chmod 700 "$C/locks"
NATIVEPKG_CACHE_DIR=$C run 0 cache list
pass "a cache writable by others (its root, builds/, locks/ even sticky): exit 3 with the chmod that fixes it"

mkdir -m 777 "$WORK/open"
NATIVEPKG_CACHE_DIR="$WORK/open/cache" run 3 cache list
contains "$ERR" "$WORK/open on the way to it is writable by its group and others (mode 0777)"
contains "$ERR" "chmod go-w '$WORK/open'"
chmod +t "$WORK/open"
NATIVEPKG_CACHE_DIR="$WORK/open/cache" run 0 cache list
pass "a cache inside a directory anyone can write is refused; a sticky one (as /tmp) is fine"

# A cache another user prepared in a shared sticky directory, with everything planted: a lock
# and a log that are symlinks to root's file, and a finished-looking build of npt.
mkdir -m 1777 "$WORK/shared"
E="$WORK/shared/cache"
as_u2 mkdir -m 777 "$E"
as_u2 sh -c 'cd "$1" && mkdir -m 777 builds locks logs tmp compilers downloads downloads/sha256' _ "$E"
as_u2 ln -s "$WORK/victim" "$E/locks/$KEYLOCK"
as_u2 ln -s "$WORK/victim" "$E/logs/$ENTRY.log"
as_u2 cp -r "$NATIVEPKG_CACHE_DIR/builds/$ENTRY" "$E/builds/"
printf '{}\n' | as_u2 tee "$E/builds/$ENTRY/.nativepkg-build.json" >/dev/null
NATIVEPKG_CACHE_DIR=$E run 3 --mode build resolve npt
contains "$ERR" "$E is owned by $U2 (uid $U2_UID), not by you (root (uid 0))"
contains "$ERR" "rm -rf '$E'"
victim_intact "another user's cache"
pass "root refuses a cache another user prepared (planted lock, log and build untouched)"

# Their home directory would do no better: they own the way to it.
as_u2 mkdir -m 700 "$WORK/u2/cache-for-root"
NATIVEPKG_CACHE_DIR="$WORK/u2/cache-for-root/c" run 3 cache list
contains "$ERR" "$WORK/u2 on the way to it is owned by $U2"
as_u2 ln -s "$C" "$WORK/shared/link"
NATIVEPKG_CACHE_DIR="$WORK/shared/link" run 3 cache list
contains "$ERR" "the symlink $WORK/shared/link on the way to it is owned by $U2"
pass "a cache behind another user's directory or symlink is refused"

# --- the second user: root's cache is not theirs; their own works -------------------------------
run_u2 3 cache list
contains "$ERR" "$NATIVEPKG_CACHE_DIR is owned by root (uid 0), not by you ($U2 (uid $U2_UID))"
NATIVEPKG_CACHE_DIR="$WORK/u2/cache" run_u2 0 build npt
contains "$OUT" "npt 1.0.0 via build"
[ "$(stat -c %U "$WORK/u2/cache/builds/$ENTRY")" = "$U2" ] || fail "the second user's build is not theirs"
NATIVEPKG_CACHE_DIR="$WORK/u2/cache" run_u2 0 build npt
contains "$OUT" "npt 1.0.0 via cache"
NATIVEPKG_CACHE_DIR="$WORK/u2/cache" run 3 cache list
contains "$ERR" "is owned by $U2"
pass "as $U2: root's cache is refused, their own builds and hits; root refuses theirs"

# fresh: no build of npt, and no workspace lock that could answer without the cache.
fresh() {
	run 0 cache clean --builds
	rm -rf "$WORK/ws/nativepkg.lock" "$WORK/ws/.nativepkg"
}

# --- in root's own cache: nothing is written through a planted link ------------------------------
fresh
rm -f "$NATIVEPKG_CACHE_DIR/locks/$KEYLOCK"
ln -s "$WORK/victim" "$NATIVEPKG_CACHE_DIR/locks/$KEYLOCK"
run 3 build npt
contains "$ERR" "$NATIVEPKG_CACHE_DIR/locks/$KEYLOCK is a symlink"
victim_intact "a symlink at locks/"
rm -f "$NATIVEPKG_CACHE_DIR/locks/$KEYLOCK"
ln "$WORK/victim" "$NATIVEPKG_CACHE_DIR/locks/$KEYLOCK"
run 3 build npt
contains "$ERR" "has 2 hard links"
victim_intact "a hard link at locks/"
rm -f "$NATIVEPKG_CACHE_DIR/locks/$KEYLOCK"
pass "a symlink or a hard link planted at locks/<key>.lock: refused, the file it names untouched"

# A symlink that replaces the log while the build runs: the build writes to the log it opened.
fresh
rm -f "$WORK/barrier".*
NPT_BARRIER="$WORK/barrier" "$NP" --recipes "$RECIPES" build npt >"$OUT" 2>"$ERR" &
builder=$!
until_file "$WORK/barrier.build"
[ -f "$LOG" ] || fail "no log while building"
rm "$LOG"
ln -s "$WORK/victim" "$LOG"
touch "$WORK/barrier.build.go"
wait "$builder" || { cat "$ERR"; fail "the build failed"; }
contains "$OUT" "npt 1.0.0 via build"
victim_intact "a symlink raced in at logs/"
pass "a symlink raced in at logs/<build>.log: the build's output never reaches the file it names"

# --- planted and forged builds are never a hit -----------------------------------------------------
cat >"$WORK/planted.c" <<'C'
const char *npt_version(void) { return "planted"; }
C
# plant MARKER [OWNER]: builds/$ENTRY holding another library, with MARKER as its marker file.
plant() {
	fresh
	d="$NATIVEPKG_CACHE_DIR/builds/$ENTRY"
	mkdir -p "$d/include" "$d/lib"
	cp "$WORK/src/npt-1.0.0/npt.h" "$d/include/"
	cc -shared -fPIC -o "$d/lib/libnpt.so" "$WORK/planted.c"
	cp "$1" "$d/.nativepkg-build.json"
	[ -z "${2:-}" ] || chown -R "$2" "$d"
}
# not_a_hit WHAT: the planted build is not used; npt is built and the program gets the real one.
not_a_hit() {
	run 0 --mode build resolve npt
	contains "$OUT" "npt 1.0.0 via build"
	check_program npt 1.0.0 --mode build
	pass "$1: not a hit, built anew"
}
printf '{}\n' >"$WORK/empty-marker.json"
plant "$WORK/empty-marker.json"
not_a_hit "a planted build whose marker is {}"
sed 's/"key":\([[:space:]]*\)"[0-9a-f]*"/"key":\1"0000000000000000000000000000000000000000000000000000000000000000"/' \
	"$WORK/real-marker.json" >"$WORK/other-key.json"
cmp -s "$WORK/real-marker.json" "$WORK/other-key.json" && fail "the forged marker names the real key"
plant "$WORK/other-key.json"
not_a_hit "a planted build whose marker names another key"
plant "$WORK/real-marker.json" "$U2_UID:$U2_GID"
not_a_hit "a forged build (the real marker) owned by another user"
plant "$WORK/real-marker.json"
chmod 777 "$NATIVEPKG_CACHE_DIR/builds/$ENTRY"
not_a_hit "a forged build (the real marker) that anyone can write"
plant "$WORK/real-marker.json"
rm "$NATIVEPKG_CACHE_DIR/builds/$ENTRY/.nativepkg-build.json"
ln -s "$WORK/real-marker.json" "$NATIVEPKG_CACHE_DIR/builds/$ENTRY/.nativepkg-build.json"
not_a_hit "a forged build whose marker is a symlink to a real one"

# --- credentials: never stored, hashed or printed; never in a build's environment -----------------
make_project make npw 1.0.0 "$WORK/src/npw-1.0.0"
pack "$WORK/src/npw-1.0.0" tar.gz "$WORK/www/npw.tar.gz"
PORT=$(cat "$WORK/port")
recipe npw 1.0.0 make "http://npuser:hunter2-pw@127.0.0.1:$PORT/auth/npw.tar.gz" \
	"$(sha256 "$WORK/www/npw.tar.gz")"
mkdir "$WORK/bincache"
fresh
mark
NATIVEPKG_BINARY_CACHE="file://$WORK/bincache" run 0 --mode build resolve npw
contains "$OUT" "npw 1.0.0 via build"
tail -n +"$((MARK + 1))" "$WORK/requests.log" | grep -q "^authorization: Basic" ||
	fail "the source was fetched without the URL's credentials"
KEYW=$(ls "$NATIVEPKG_CACHE_DIR/builds" | grep '^npw-')
[ -n "$(ls "$WORK/bincache")" ] || fail "nothing was pushed to the binary cache"
run 0 recipe show npw
contains "$OUT" "http://***@127.0.0.1:$PORT/auth/npw.tar.gz"
run 0 recipe show --json npw
contains "$OUT" "***@127.0.0.1"
run 0 --mode build explain npw
grep -rlF hunter2-pw "$NATIVEPKG_CACHE_DIR" "$WORK/bincache" "$WORK/ws" "$OUT" "$ERR" &&
	fail "the password is stored or printed (files above)"
for args in "recipe show npw" "recipe show --json npw" "--mode build explain npw"; do
	# shellcheck disable=SC2086
	"$NP" --recipes "$RECIPES" $args 2>&1 | grep -F hunter2-pw && fail "nativepkg $args printed the password"
done
sed -i 's/hunter2-pw/rotated-pw/' "$RECIPES/npw.json"
run 0 --mode build resolve npw
contains "$OUT" "npw 1.0.0 via cache"
[ "$(ls "$NATIVEPKG_CACHE_DIR/builds" | grep '^npw-')" = "$KEYW" ] || fail "a new password made a new build key"
pass "a password in a source URL: not in the marker, log, manifest, lock, recipe show or explain; rotating it keeps the build key"

mkdir -p "$WORK/bin"
cat >"$WORK/bin/envcc" <<S
#!/bin/sh
env >>"$WORK/tool-env.txt"
exec cc "\$@"
S
chmod +x "$WORK/bin/envcc"
: >"$WORK/netrc-SECRET-4"
fresh
NATIVEPKG_BINARY_CACHE_TOKEN=token-SECRET-1 NATIVEPKG_BINARY_CACHE="ro:http://cu:cache-SECRET-2@127.0.0.1:$PORT/nocache" \
	NATIVEPKG_MIRRORS="http://mu:mirror-SECRET-3@127.0.0.1:$PORT/mirror" NATIVEPKG_NETRC="$WORK/netrc-SECRET-4" \
	CC="$WORK/bin/envcc" run 0 build npt
contains "$OUT" "npt 1.0.0 via build"
LOG2="$NATIVEPKG_CACHE_DIR/logs/$(ls "$NATIVEPKG_CACHE_DIR/builds")"
contains "$LOG2.log" "PATH=" # the Makefile's `env` ran
[ -s "$WORK/tool-env.txt" ] || fail "the compiler wrapper never ran"
grep -F SECRET "$LOG2.log" "$WORK/tool-env.txt" && fail "a build tool saw nativepkg's credentials"
pass "no build tool (compiler identity, make, cc) sees the token, the binary cache's or mirrors' URLs or the netrc file"
