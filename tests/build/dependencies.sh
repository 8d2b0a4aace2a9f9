#!/bin/sh
# A package built from source against a dependency built from source: the dependency is
# resolved first, its DEP_<LINKS>_<KEY> values reach the build (environment and ${...} in
# options), the result finds it at run time through an rpath, and its static closure
# carries it.
. "$(dirname "$0")/lib.sh"
start_server

make_project make npa 1.0.0 "$WORK/src/npa-1.0.0"
pack "$WORK/src/npa-1.0.0" tar.gz "$WORK/www/npa.tar.gz"
recipe npa 1.0.0 make "$URL/files/npa.tar.gz" "$(sha256 "$WORK/www/npa.tar.gz")"

# npb calls npa, and its Makefile takes npa's prefix from a variable the recipe fills in.
make_project make npb 2.0.0 "$WORK/src/npb-2.0.0"
cat >"$WORK/src/npb-2.0.0/npb.c" <<'C'
#include "npb.h"
#include "npa.h"
#include <stdio.h>
static char buf[64];
const char *npb_version(void) { snprintf(buf, sizeof buf, "2.0.0+%s", npa_version()); return buf; }
C
sed -i 's|$(CC) $(CFLAGS) -fPIC -c $(NAME).c -o $@|$(CC) $(CFLAGS) -I$(NPA)/include -fPIC -c $(NAME).c -o $@|; s|$(CC) -shared -o $@ $(NAME).o $(LDFLAGS)|$(CC) -shared -o $@ $(NAME).o $(LDFLAGS) -L$(NPA)/lib -lnpa|; s|^all:|check-env:\n\ttest -n "$(DEP_NPA_ROOT)"\nall: check-env|' "$WORK/src/npb-2.0.0/Makefile"
pack "$WORK/src/npb-2.0.0" tar.gz "$WORK/www/npb.tar.gz"
recipe npb 2.0.0 make "$URL/files/npb.tar.gz" "$(sha256 "$WORK/www/npb.tar.gz")" \
	', "dependencies": { "npa": ">= 1.0" }'
sed -i 's|"build": { "system": "make" }|"build": { "system": "make", "options": ["NPA=${DEP_NPA_ROOT}"] }|' "$RECIPES/npb.json"

run 0 --mode build build npb
contains "$OUT" "npa 1.0.0 via build (shared)"
contains "$OUT" "npb 2.0.0 via build (shared)"
check_program npb "2.0.0+1.0.0" --mode build
ldd "$WORK/prog" | grep -q "libnpa.so => $NATIVEPKG_CACHE_DIR/builds/npa-1.0.0-" ||
	{ ldd "$WORK/prog"; fail "libnpb.so does not find nativepkg's libnpa.so by itself"; }
pass "npb built against npa, found at run time without LD_LIBRARY_PATH"

run 0 --mode build env npb
contains "$OUT" "DEP_NPA_ROOT=$NATIVEPKG_CACHE_DIR/builds/npa-1.0.0-"
# A consumer's command never builds: the static build is `build`'s (or `resolve`'s) to make.
run 1 --mode build --static flags --libs npb
contains "$ERR" "run 'nativepkg resolve"
run 0 --mode build --static build npb
run 0 --mode build --static flags --libs npb
# Static means the archives, the dependency's too: a libnpa.so beside libnpa.a is never taken.
grep -q -- "-l:libnpb.a .*-l:libnpa.a" "$OUT" || { cat "$OUT"; fail "npb's static closure does not name npa's archive"; }
grep -q -- "-lnpa\|-lnpb\|rpath" "$OUT" && { cat "$OUT"; fail "a static answer names a library a shared object can satisfy, or a runtime path"; }
# shellcheck disable=SC2046
cc "$WORK/prog.c" -o "$WORK/prog-static" $("$NP" --recipes "$RECIPES" --mode build --static flags npb)
[ "$(env -u LD_LIBRARY_PATH "$WORK/prog-static")" = "2.0.0+1.0.0" ] || fail "the static program"
readelf -d "$WORK/prog-static" | grep -q "NEEDED.*libnp[ab]" && fail "the static program loads a shared npa or npb"
pass "metadata and static closure: archives named, nothing shared loaded"

# A static npb on a shared npa (the workspace links npa shared): npb's archive, and npa as its
# shared answer says, runtime search path included, so the program finds the npa it linked.
mkdir -p "$WORK/mixed" && cd "$WORK/mixed"
NATIVEPKG_NPB_STATIC=1 run 0 --mode build resolve npb
NATIVEPKG_NPB_STATIC=1 run 0 --mode build flags --libs npb
grep -q -- "-l:libnpb.a" "$OUT" || { cat "$OUT"; fail "the static npb is not named by its archive"; }
grep -q -- "-Wl,-rpath,$NATIVEPKG_CACHE_DIR/builds/npa-1.0.0-" "$OUT" ||
	{ cat "$OUT"; fail "the shared npa under a static npb has no runtime search path"; }
# shellcheck disable=SC2046
cc "$WORK/prog.c" -o "$WORK/prog-mixed" $(NATIVEPKG_NPB_STATIC=1 "$NP" --recipes "$RECIPES" --mode build flags npb)
[ "$(env -u LD_LIBRARY_PATH "$WORK/prog-mixed")" = "2.0.0+1.0.0" ] || fail "the program with a static npb on a shared npa"
cd "$WORK/ws"
pass "a static package on a shared dependency links the dependency with its runtime search path"

# A changed dependency changes the dependent's build key.
before=$(ls "$NATIVEPKG_CACHE_DIR/builds" | grep -c '^npb-2.0.0-')
echo "/* changed */" >>"$WORK/src/npa-1.0.0/npa.c"
pack "$WORK/src/npa-1.0.0" tar.gz "$WORK/www/npa.tar.gz"
recipe npa 1.0.0 make "$URL/files/npa.tar.gz" "$(sha256 "$WORK/www/npa.tar.gz")"
run 0 --mode build build npb
[ "$(ls "$NATIVEPKG_CACHE_DIR/builds" | grep -c '^npb-2.0.0-')" = $((before + 1)) ] ||
	fail "npb was not rebuilt after npa changed"
pass "a dependency's change rebuilds its dependents"

# An option naming a value no dependency provides is bad input.
sed -i 's|NPA=${DEP_NPA_ROOT}|NPA=${DEP_NOPE_ROOT}|' "$RECIPES/npb.json"
run 3 --mode build build npb
contains "$ERR" 'uses ${DEP_NOPE_ROOT}, which no dependency provides'
pass "unknown \${DEP_...} in options"
