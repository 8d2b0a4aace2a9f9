# Helpers sourced by tests/build/*.sh: an isolated cache and workspace, the loopback server,
# fixture library projects for each build system, archives, recipes, assertions.
# Usage of a test: sh test.sh NATIVEPKG SOURCE_DIR
set -eu
NP=$(realpath "$1")
SRC=$(realpath "$2")
WORK=$(mktemp -d /tmp/nativepkg-buildtest-XXXXXX)
export HOME="$WORK/home" NATIVEPKG_CACHE_DIR="$WORK/cache" NATIVEPKG_LOW_SPEED_TIME=2
unset XDG_CACHE_HOME XDG_CONFIG_HOME NATIVEPKG_MIRRORS NATIVEPKG_OFFLINE NATIVEPKG_MODE \
	NATIVEPKG_STATIC NATIVEPKG_RECIPE_PATH PKG_CONFIG_PATH LD_LIBRARY_PATH 2>/dev/null || true
mkdir -p "$HOME" "$WORK/www" "$WORK/recipes" "$WORK/ws"
RECIPES="$WORK/recipes"
SERVER_PID=
cd "$WORK/ws"

# cleanup [STATUS]: the trap's work (a test with its own trap passes the status on).
cleanup() {
	status=${1:-$?}
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
	if [ "$status" = 0 ] || [ "$status" = 77 ]; then
		chmod -R u+w "$WORK" 2>/dev/null
		rm -rf "$WORK"
	else
		echo "(work directory kept: $WORK)" >&2
	fi
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

pass() {
	echo "ok: $*"
}

# start_server [--tls]: the loopback server on $URL; with --tls also an HTTPS endpoint on
# $TLS_URL whose certificate a test CA ($WORK/tls/ca.pem, made now) signed for 127.0.0.1.
start_server() {
	tls=${1:-}
	set --
	if [ "$tls" = --tls ]; then
		mkdir -p "$WORK/tls"
		(cd "$WORK/tls" &&
			openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \
				-subj "/CN=nativepkg test CA" >/dev/null 2>&1 &&
			openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr \
				-subj "/CN=127.0.0.1" >/dev/null 2>&1 &&
			printf 'subjectAltName=IP:127.0.0.1\n' >ext &&
			openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
				-out server.pem -days 2 -extfile ext >/dev/null 2>&1) ||
			fail "cannot make the test CA and certificate"
		set -- --tls-cert "$WORK/tls/server.pem" --tls-key "$WORK/tls/server.key" \
			--tls-port-file "$WORK/tls-port"
	fi
	python3 "$SRC/tests/build/httpd.py" --root "$WORK/www" --log "$WORK/requests.log" \
		--port-file "$WORK/port" "$@" &
	SERVER_PID=$!
	for _ in $(seq 50); do
		[ -f "$WORK/port" ] && break
		sleep 0.1
	done
	[ -f "$WORK/port" ] || fail "the test server did not start"
	URL="http://127.0.0.1:$(cat "$WORK/port")"
	[ ! -f "$WORK/tls-port" ] || TLS_URL="https://127.0.0.1:$(cat "$WORK/tls-port")"
}

# requests PATH: how many times the server was asked for PATH since the last `mark`.
MARK=0
mark() {
	MARK=$(wc -l <"$WORK/requests.log")
}
requests() {
	tail -n +"$((MARK + 1))" "$WORK/requests.log" | grep -cxF "$1" || true
}

# run CODE ARGS...: runs nativepkg; the exit code must be CODE. Output in $OUT and $ERR.
OUT="$WORK/out"
ERR="$WORK/err"
run() {
	want=$1
	shift
	set +e
	"$NP" --recipes "$RECIPES" "$@" >"$OUT" 2>"$ERR"
	got=$?
	set -e
	if [ "$got" != "$want" ]; then
		echo "--- stdout" >&2
		cat "$OUT" >&2
		echo "--- stderr" >&2
		cat "$ERR" >&2
		fail "nativepkg $* exited $got, expected $want"
	fi
}

# contains FILE TEXT
contains() {
	grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 does not contain: $2"; }
}

# make_project SYSTEM NAME VERSION DIR: a tiny C library NAME whose header defines
# <NAME>_VERSION, built by SYSTEM: cmake, configure (a hand-written configure script),
# autoreconf (configure.ac + Makefile.am, no configure), meson or make.
make_project() {
	system=$1 name=$2 version=$3 dir=$4
	upper=$(echo "$name" | tr a-z A-Z)
	mkdir -p "$dir"
	cat >"$dir/$name.h" <<H
#ifndef ${upper}_H
#define ${upper}_H
#define ${upper}_VERSION "$version"
const char *${name}_version(void);
#endif
H
	cat >"$dir/$name.c" <<C
#include "$name.h"
const char *${name}_version(void) { return ${upper}_VERSION; }
C
	case $system in
	cmake)
		cat >"$dir/CMakeLists.txt" <<M
cmake_minimum_required(VERSION 3.13)
project($name C)
add_library($name $name.c)
install(TARGETS $name ARCHIVE DESTINATION lib LIBRARY DESTINATION lib)
install(FILES $name.h DESTINATION include)
M
		;;
	configure)
		cat >"$dir/configure" <<'S'
#!/bin/sh
# A configure script with autoconf's interface, for a library named in Makefile.in.
prefix=/usr/local libdir= static=no shared=yes
for a in "$@"; do
	case $a in
	--prefix=*) prefix=${a#*=} ;;
	--libdir=*) libdir=${a#*=} ;;
	--enable-static) static=yes ;;
	--disable-static) static=no ;;
	--enable-shared) shared=yes ;;
	--disable-shared) shared=no ;;
	*) echo "configure: unknown option $a" >&2; exit 1 ;;
	esac
done
srcdir=$(dirname "$0")
sed -e "s|@prefix@|$prefix|" -e "s|@libdir@|${libdir:-$prefix/lib}|" \
    -e "s|@static@|$static|" -e "s|@shared@|$shared|" -e "s|@srcdir@|$srcdir|" \
    "$srcdir/Makefile.in" > Makefile
S
		chmod +x "$dir/configure"
		printf 'NAME = %s\n' "$name" >"$dir/Makefile.in"
		cat >>"$dir/Makefile.in" <<'S'
prefix = @prefix@
libdir = @libdir@
srcdir = @srcdir@
all: lib$(NAME).a lib$(NAME).so
$(NAME).o: $(srcdir)/$(NAME).c
	$(CC) $(CFLAGS) -fPIC -c $(srcdir)/$(NAME).c -o $@
lib$(NAME).a: $(NAME).o
	$(AR) rcs $@ $(NAME).o
lib$(NAME).so: $(NAME).o
	$(CC) -shared -o $@ $(NAME).o $(LDFLAGS)
install: all
	mkdir -p $(DESTDIR)$(libdir) $(DESTDIR)$(prefix)/include
	if [ @static@ = yes ]; then cp lib$(NAME).a $(DESTDIR)$(libdir)/; fi
	if [ @shared@ = yes ]; then cp lib$(NAME).so $(DESTDIR)$(libdir)/; fi
	cp $(srcdir)/$(NAME).h $(DESTDIR)$(prefix)/include/
S
		;;
	autoreconf)
		cat >"$dir/configure.ac" <<A
AC_INIT([$name], [$version])
AM_INIT_AUTOMAKE([foreign])
AC_PROG_CC
LT_INIT
AC_CONFIG_FILES([Makefile])
AC_OUTPUT
A
		cat >"$dir/Makefile.am" <<A
lib_LTLIBRARIES = lib$name.la
lib${name}_la_SOURCES = $name.c
include_HEADERS = $name.h
A
		;;
	meson)
		cat >"$dir/meson.build" <<A
project('$name', 'c')
library('$name', '$name.c', install: true)
install_headers('$name.h')
A
		;;
	make)
		printf 'NAME = %s\n' "$name" >"$dir/Makefile"
		cat >>"$dir/Makefile" <<'S'
PREFIX ?= /usr/local
all: lib$(NAME).a lib$(NAME).so
$(NAME).o: $(NAME).c
	$(CC) $(CFLAGS) -fPIC -c $(NAME).c -o $@
lib$(NAME).a: $(NAME).o
	$(AR) rcs $@ $(NAME).o
lib$(NAME).so: $(NAME).o
	$(CC) -shared -o $@ $(NAME).o $(LDFLAGS)
install: all
	mkdir -p $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include
	cp lib$(NAME).a lib$(NAME).so $(DESTDIR)$(PREFIX)/lib/
	cp $(NAME).h $(DESTDIR)$(PREFIX)/include/
S
		;;
	*) fail "make_project: unknown system $system" ;;
	esac
}

# pack DIR FORMAT OUT: archives DIR (as its own top-level directory) in FORMAT:
# tar.gz, tar.xz, tar.bz2, tar.zst or zip.
pack() {
	dir=$1 format=$2 out=$3
	parent=$(dirname "$dir") base=$(basename "$dir")
	case $format in
	tar.gz) tar -C "$parent" -czf "$out" "$base" ;;
	tar.xz) tar -C "$parent" -cJf "$out" "$base" ;;
	tar.bz2) tar -C "$parent" -cjf "$out" "$base" ;;
	tar.zst) tar -C "$parent" --zstd -cf "$out" "$base" ;;
	zip) (cd "$parent" && zip -qr "$out" "$base") ;;
	*) fail "pack: unknown format $format" ;;
	esac
}

sha256() {
	sha256sum "$1" | cut -d' ' -f1
}

# zfake_recipe: $RECIPES/zlib.json builds tests/fixtures/zfake (a zlib whose version says it is
# the fixture, 9.9.9-fixture) with CMake from a file:// tarball.
zfake_recipe() {
	mkdir -p "$WORK/src/zfake-9.9.9"
	cp "$SRC"/tests/fixtures/zfake/* "$WORK/src/zfake-9.9.9/"
	pack "$WORK/src/zfake-9.9.9" tar.gz "$WORK/www/zfake-9.9.9.tar.gz"
	cat >"$RECIPES/zlib.json" <<J
{
  "schema": 1,
  "name": "zlib",
  "version": "9.9.9-fixture",
  "links": "z",
  "discover": { "headers": ["zlib.h"], "libs": ["z"], "version_macro": "ZLIB_VERSION" },
  "source": { "urls": ["file://$WORK/www/zfake-9.9.9.tar.gz"],
              "sha256": "$(sha256 "$WORK/www/zfake-9.9.9.tar.gz")" },
  "build": { "system": "cmake" }
}
J
}

# zfake_prefix DIR: the same fixture compiled into an install prefix by hand (an override's):
# DIR/include/zlib.h, DIR/lib/libz.so.1.99 with the soname libz.so.1 and its links, libz.a.
zfake_prefix() {
	mkdir -p "$1/lib" "$1/include"
	cp "$SRC/tests/fixtures/zfake/zlib.h" "$1/include/"
	cc -shared -fPIC -Wl,-soname,libz.so.1 -I"$1/include" "$SRC/tests/fixtures/zfake/zlib.c" \
		-o "$1/lib/libz.so.1.99" || fail "cannot build the fixture zlib"
	ln -s libz.so.1.99 "$1/lib/libz.so.1"
	ln -s libz.so.1 "$1/lib/libz.so"
	cc -c -fPIC -I"$1/include" "$SRC/tests/fixtures/zfake/zlib.c" -o "$1/z.o" &&
		ar rcs "$1/lib/libz.a" "$1/z.o" && rm -f "$1/z.o" || fail "cannot build the fixture archive"
}

# recipe NAME VERSION SYSTEM URL SHA256 [EXTRA_JSON]: a recipe that builds NAME from URL.
# debian_zlib TARBALL [VERSION PATCH]: $RECIPES/zlib.json, the shipped zlib recipe pointed at
# Debian's repacked tarball (1.2.13.dfsg: another sha256, no win32/) with the patch restoring
# what it dropped, then the recipe's own patches; optionally another version string and one more
# patch (copied beside it).
debian_zlib() {
	cp "$SRC/tests/real/zlib-debian-win32.patch" "$SRC"/recipes/zlib-*.patch "$RECIPES/"
	[ -z "${3:-}" ] || cp "$3" "$RECIPES/"
	python3 - "$SRC/recipes/zlib.json" "$RECIPES/zlib.json" "$(sha256 "$1")" "$(basename "$1")" \
		"${2:-}" "$(basename "${3:-}")" <<'PY'
import json, sys
src, dst, sha, name, version, extra = sys.argv[1:7]
r = json.load(open(src))
r["source"] = {"urls": ["https://deb.debian.org/" + name], "sha256": sha, "strip": 1,
               "patches": ["zlib-debian-win32.patch"] + r["source"].get("patches", []) +
                          ([extra] if extra else [])}
if version:
    r["version"] = version
json.dump(r, open(dst, "w"), indent=2)
PY
}

recipe() {
	name=$1 version=$2 system=$3 url=$4 sum=$5 extra=${6:-}
	cat >"$RECIPES/$name.json" <<J
{
  "schema": 1,
  "name": "$name",
  "version": "$version",
  "links": "$name",
  "discover": { "pkg_config": { "modules": ["$name-not-installed"] }, "headers": ["$name.h"], "libs": ["$name"] },
  "source": { "urls": ["$url"], "sha256": "$sum" },
  "build": { "system": "$system" }$extra
}
J
}

# check_program NAME VERSION [NATIVEPKG_ARGS...]: compiles a program with `nativepkg flags`
# and runs it without LD_LIBRARY_PATH; it must print the library's version.
check_program() {
	name=$1 version=$2
	shift 2
	cat >"$WORK/prog.c" <<C
#include <stdio.h>
#include "$name.h"
int main(void) { puts(${name}_version()); return 0; }
C
	flags=$("$NP" --recipes "$RECIPES" "$@" flags "$name") || fail "flags $name"
	# shellcheck disable=SC2086
	cc "$WORK/prog.c" -o "$WORK/prog" $flags || fail "cannot compile against $name: $flags"
	got=$(env -u LD_LIBRARY_PATH "$WORK/prog")
	[ "$got" = "$version" ] || fail "the program printed '$got', expected $version"
}
