#!/bin/sh
# SIGKILL at exact points — during the download, the build and the install — each reached
# through a barrier the test controls (the server holds half the file; the Makefile waits in
# its build step and half-way through its install). After each kill: nothing counts as a hit
# or a download, no lock stays held (the next run would time out in 2 s), and the next run
# succeeds. Then `cache clean` while a build is in progress: the build still succeeds.
. "$(dirname "$0")/lib.sh"
start_server
export NATIVEPKG_LOCK_TIMEOUT=2

# npk: a make project whose build and install steps stop at barriers when asked to:
# $NPK_BARRIER.build / .install are created on arrival; each step goes on once
# $NPK_BARRIER.build.go / .install.go exists.
make_project make npk 1.0.0 "$WORK/src/npk-1.0.0"
python3 - "$WORK/src/npk-1.0.0/Makefile" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
wait = "\t@if [ -n \"$$NPK_BARRIER\" ]; then touch \"$$NPK_BARRIER.{0}\"; " \
       "while [ ! -e \"$$NPK_BARRIER.{0}.go\" ]; do sleep 0.05; done; fi\n"
text = text.replace("all: lib$(NAME).a lib$(NAME).so\n",
                    "all: lib$(NAME).a lib$(NAME).so\n" + wait.format("build"))
text = text.replace("\tcp $(NAME).h $(DESTDIR)$(PREFIX)/include/\n",
                    wait.format("install") + "\tcp $(NAME).h $(DESTDIR)$(PREFIX)/include/\n")
open(path, "w").write(text)
PY
head -c 200000 /dev/urandom >"$WORK/src/npk-1.0.0/padding.bin"
pack "$WORK/src/npk-1.0.0" tar.gz "$WORK/www/npk.tar.gz"
SUM=$(sha256 "$WORK/www/npk.tar.gz")

# until FILE: waits (up to 20 s) for FILE to exist.
until_file() {
	for _ in $(seq 400); do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	fail "never reached: $1"
}

# no_build STEP: a killed run never leaves a builds/ entry (a finished build is renamed there).
no_build() {
	[ -z "$(ls "$NATIVEPKG_CACHE_DIR/builds")" ] || { ls -la "$NATIVEPKG_CACHE_DIR/builds"; fail "$1: a builds/ entry"; }
}

# --- during the download: the server has sent half and holds the rest ---------------------------
recipe npk 1.0.0 make "$URL/hold/npk.tar.gz" "$SUM"
"$NP" --recipes "$RECIPES" build npk >"$OUT" 2>"$ERR" &
victim=$!
for _ in $(seq 200); do
	[ -n "$(find "$NATIVEPKG_CACHE_DIR/tmp" -type f -size +1k 2>/dev/null)" ] && break
	sleep 0.05
done
[ -n "$(find "$NATIVEPKG_CACHE_DIR/tmp" -type f -size +1k)" ] || fail "the download never started"
kill -9 "$victim"
wait "$victim" 2>/dev/null || true
no_build download
[ -z "$(ls "$NATIVEPKG_CACHE_DIR/downloads/sha256")" ] || fail "a partial download was kept"
touch "$WORK/www/npk.tar.gz.go"
run 0 build npk
contains "$OUT" "npk 1.0.0 via build"
pass "SIGKILL during the download: no download kept, no lock held, the next run succeeds"

# --- during the build, then during the install ------------------------------------------------
recipe npk 1.0.0 make "$URL/files/npk.tar.gz" "$SUM"
for step in build install; do
	"$NP" cache clean >/dev/null
	rm -f "$WORK/barrier".*
	NPK_BARRIER="$WORK/barrier" "$NP" --recipes "$RECIPES" build npk >"$OUT" 2>"$ERR" &
	victim=$!
	until_file "$WORK/barrier.build"
	if [ "$step" = install ]; then
		touch "$WORK/barrier.build.go"
		until_file "$WORK/barrier.install"
		# Half installed: the library is in the staging directory, the header is not.
		[ -n "$(find "$NATIVEPKG_CACHE_DIR/tmp" -name libnpk.a)" ] || fail "not half-way through the install"
	fi
	kill -9 "$victim"
	wait "$victim" 2>/dev/null || true
	touch "$WORK/barrier.build.go" "$WORK/barrier.install.go" # the orphaned make finishes; nobody uses what it made
	no_build "$step"
	run 0 build npk
	contains "$OUT" "npk 1.0.0 via build"
	[ -f "$(ls -d "$NATIVEPKG_CACHE_DIR"/builds/npk-1.0.0-*)/include/npk.h" ] || fail "$step: the build is incomplete"
	pass "SIGKILL during the $step: nothing counts as a hit, no lock held, the next run builds it whole"
done

# --- cache clean while a build runs -------------------------------------------------------------
"$NP" cache clean >/dev/null
rm -f "$WORK/barrier".*
NPK_BARRIER="$WORK/barrier" "$NP" --recipes "$RECIPES" build npk >"$OUT" 2>"$ERR" &
builder=$!
until_file "$WORK/barrier.build"
"$NP" cache clean >"$WORK/clean.out" 2>"$WORK/clean.err" || { cat "$WORK/clean.err"; fail "cache clean failed"; }
touch "$WORK/barrier.build.go" "$WORK/barrier.install.go"
wait "$builder" || { cat "$ERR"; fail "the build failed after a concurrent cache clean"; }
contains "$OUT" "npk 1.0.0 via build"
[ -f "$(ls -d "$NATIVEPKG_CACHE_DIR"/builds/npk-1.0.0-*)/include/npk.h" ] || fail "the build is incomplete"
run 0 --mode build resolve npk
contains "$OUT" "npk 1.0.0 via"
pass "cache clean during a build: the build's work directory is left alone and the build completes"

# --- cache clean while a build that depends on another runs -------------------------------------
# npk now depends on npd (already built). While npk builds, `cache clean` removes neither npd's
# prefix, nor its log, nor the log npk is writing (each held by a shared lock: docs/building.md);
# what nobody uses goes. The build succeeds, and its log is whole.
make_project make npd 1.0.0 "$WORK/src/npd-1.0.0"
pack "$WORK/src/npd-1.0.0" tar.gz "$WORK/www/npd.tar.gz"
recipe npd 1.0.0 make "$URL/files/npd.tar.gz" "$(sha256 "$WORK/www/npd.tar.gz")"
recipe npk 1.0.0 make "$URL/files/npk.tar.gz" "$SUM" ', "dependencies": { "npd": ">= 1.0" }'
make_project make npx 1.0.0 "$WORK/src/npx-1.0.0"
pack "$WORK/src/npx-1.0.0" tar.gz "$WORK/www/npx.tar.gz"
recipe npx 1.0.0 make "$URL/files/npx.tar.gz" "$(sha256 "$WORK/www/npx.tar.gz")"
"$NP" cache clean >/dev/null
run 0 build npd npx
npd_dir=$(ls -d "$NATIVEPKG_CACHE_DIR"/builds/npd-1.0.0-*)
npx_dir=$(ls -d "$NATIVEPKG_CACHE_DIR"/builds/npx-1.0.0-*)
npd_log="$NATIVEPKG_CACHE_DIR/logs/$(basename "$npd_dir").log"
[ -f "$npd_log" ] || fail "npd has no log"
rm -f "$WORK/barrier".*
NPK_BARRIER="$WORK/barrier" "$NP" --recipes "$RECIPES" --mode build build npk >"$OUT" 2>"$ERR" &
builder=$!
until_file "$WORK/barrier.build"
npk_log=$(ls "$NATIVEPKG_CACHE_DIR"/logs/npk-1.0.0-*.log)
"$NP" cache clean >"$WORK/clean.out" 2>"$WORK/clean.err" || { cat "$WORK/clean.err"; fail "cache clean failed"; }
[ -f "$npd_dir/include/npd.h" ] || fail "cache clean removed npd, which the running build of npk uses"
[ -f "$npd_log" ] || fail "cache clean removed npd's log"
[ -f "$npk_log" ] || fail "cache clean removed the log of the running build"
[ ! -e "$npx_dir" ] || fail "cache clean kept npx, which nothing uses"
contains "$WORK/clean.out" "kept $npd_dir: a running build uses it"
touch "$WORK/barrier.build.go" "$WORK/barrier.install.go"
wait "$builder" || { cat "$ERR"; fail "the build failed after a concurrent cache clean"; }
contains "$OUT" "npk 1.0.0 via build"
contains "$npk_log" "make -j"         # written before the clean
contains "$npk_log" "make install"    # and after it, into the same file
pass "cache clean during a build: its dependency's prefix and log and its own log stay, the rest goes"
