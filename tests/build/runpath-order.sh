#!/bin/sh
# A library nativepkg builds against one dependency it built (a zlib) and one the system has
# (libyaml, found by pkg-config in /usr/lib/<multiarch>, which also holds the system's
# libz.so.1): its RUNPATH and link line must put the built zlib's directory before any system
# one, so a program that links only that library loads the built zlib. Then `verify`-style
# checks: readelf's RUNPATH, and the file actually mapped.
. "$(dirname "$0")/lib.sh"
pkgconf --exists yaml-0.1 || { echo "skipped: no libyaml-dev (yaml-0.1.pc)"; exit 77; }
[ -e "/usr/lib/$(cc -dumpmachine)/libz.so.1" ] || { echo "skipped: no system libz.so.1"; exit 77; }
start_server

# A stand-in zlib with the real soname and a version no system zlib has.
mkdir -p "$WORK/src/zfake-1.0"
cat >"$WORK/src/zfake-1.0/zlib.h" <<'H'
#define ZLIB_VERSION "9.9-built"
const char *zlibVersion(void);
H
cat >"$WORK/src/zfake-1.0/zlib.c" <<'C'
#include "zlib.h"
const char *zlibVersion(void) { return ZLIB_VERSION; }
C
cat >"$WORK/src/zfake-1.0/Makefile" <<'M'
PREFIX ?= /usr/local
all: libz.so.1
libz.so.1: zlib.c
	$(CC) $(CFLAGS) -fPIC -shared -Wl,-soname,libz.so.1 -o $@ zlib.c $(LDFLAGS)
install: all
	mkdir -p $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include
	cp libz.so.1 $(DESTDIR)$(PREFIX)/lib/ && ln -sf libz.so.1 $(DESTDIR)$(PREFIX)/lib/libz.so
	cp zlib.h $(DESTDIR)$(PREFIX)/include/
M
pack "$WORK/src/zfake-1.0" tar.gz "$WORK/www/zfake.tar.gz"
cat >"$RECIPES/zlib.json" <<J
{ "schema": 1, "name": "zlib", "version": "9.9-built", "links": "z",
  "discover": { "headers": ["zlib.h"], "libs": ["z"], "version_macro": "ZLIB_VERSION" },
  "source": { "urls": ["$URL/files/zfake.tar.gz"], "sha256": "$(sha256 "$WORK/www/zfake.tar.gz")" },
  "build": { "system": "make" } }
J
cp "$SRC/recipes/libyaml.json" "$RECIPES/"

# npmix needs both: libyaml is listed first, so a RUNPATH in dependency order would put the
# system directory (with its own libz.so.1) before the built zlib's.
make_project make npmix 1.0.0 "$WORK/src/npmix-1.0.0"
cat >"$WORK/src/npmix-1.0.0/npmix.c" <<'C'
#include "npmix.h"
#include <yaml.h>
#include <zlib.h>
const char *npmix_version(void) { return yaml_get_version_string() ? zlibVersion() : "none"; }
C
sed -i 's|$(CC) -shared -o $@ $(NAME).o $(LDFLAGS)|$(CC) -shared -o $@ $(NAME).o $(LDFLAGS) -lyaml -lz|; s|$(CC) $(CFLAGS) -fPIC -c|$(CC) $(CFLAGS) $(CPPFLAGS) -fPIC -c|' \
	"$WORK/src/npmix-1.0.0/Makefile"
pack "$WORK/src/npmix-1.0.0" tar.gz "$WORK/www/npmix.tar.gz"
recipe npmix 1.0.0 make "$URL/files/npmix.tar.gz" "$(sha256 "$WORK/www/npmix.tar.gz")" \
	', "dependencies": { "libyaml": ">= 0.1", "zlib": "*" }'

export NATIVEPKG_ZLIB_MODE=build NATIVEPKG_NPMIX_MODE=build NATIVEPKG_LIBYAML_MODE=system
run 0 resolve npmix
contains "$OUT" "libyaml"
contains "$OUT" "via pkg-config"
contains "$OUT" "zlib 9.9-built via build"
lib=$(ls "$NATIVEPKG_CACHE_DIR"/builds/npmix-1.0.0-*/lib/libnpmix.so)
runpath=$(readelf -d "$lib" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')
zdir=$(ls -d "$NATIVEPKG_CACHE_DIR"/builds/zlib-9.9-built-*/lib)
case ":$runpath:" in
*":/usr/lib/"*|*":/lib/"*) fail "libnpmix.so's RUNPATH names a system directory: $runpath" ;;
*":$zdir:"*) ;;
*) fail "libnpmix.so's RUNPATH lacks the built zlib ($zdir): $runpath" ;;
esac
pass "the RUNPATH of a library built on a built zlib and a system libyaml: $runpath"

# A program that links only npmix loads the built zlib through libnpmix.so.
cat >"$WORK/mix.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "npmix.h"
int main(void) {
	char line[4096], mapped[4096] = "-";
	FILE *f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof line, f)) {
		char *p = strchr(line, '/');
		if (p && strstr(p, "/libz.so")) { p[strcspn(p, "\n")] = 0; snprintf(mapped, sizeof mapped, "%s", p); break; }
	}
	printf("%s %s\n", npmix_version(), mapped);
	return 0;
}
C
# shellcheck disable=SC2046
cc "$WORK/mix.c" -o "$WORK/mix" $("$NP" --recipes "$RECIPES" flags npmix) || fail "cc"
readelf -d "$WORK/mix" | grep -q "NEEDED.*libz" && fail "the program links libz itself"
got=$("$WORK/mix")
[ "$got" = "9.9-built $(realpath "$zdir/libz.so.1")" ] || fail "a program linking only npmix loaded: $got"
pass "a program linking only npmix loads the built zlib, not the system's"
