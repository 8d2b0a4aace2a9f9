#!/bin/sh
# Recipe patches: applied in order before the build, part of the build key (a changed patch
# is a new build), and a patch that does not apply stops the build with its name.
. "$(dirname "$0")/lib.sh"
make_project make npp 1.0.0 "$WORK/src/npp-1.0.0"
pack "$WORK/src/npp-1.0.0" tar.gz "$WORK/www/npp.tar.gz"
cat >"$RECIPES/01-version.patch" <<'P'
--- a/npp.h
+++ b/npp.h
@@ -1,5 +1,5 @@
 #ifndef NPP_H
 #define NPP_H
-#define NPP_VERSION "1.0.0"
+#define NPP_VERSION "1.0.0-patched"
 const char *npp_version(void);
 #endif
P
cat >"$RECIPES/02-again.patch" <<'P'
--- a/npp.h
+++ b/npp.h
@@ -1,5 +1,5 @@
 #ifndef NPP_H
 #define NPP_H
-#define NPP_VERSION "1.0.0-patched"
+#define NPP_VERSION "1.0.0-patched-twice"
 const char *npp_version(void);
 #endif
P
recipe npp 1.0.0 make "file://$WORK/www/npp.tar.gz" "$(sha256 "$WORK/www/npp.tar.gz")"
sed -i 's|"sha256": "\([0-9a-f]*\)" }|"sha256": "\1", "patches": ["01-version.patch", "02-again.patch"] }|' "$RECIPES/npp.json"
run 0 build npp
check_program npp 1.0.0-patched-twice --mode build
pass "two patches applied in order"

sed -i 's/patched-twice/patched-thrice/' "$RECIPES/02-again.patch"
run 0 build npp
[ "$(ls "$NATIVEPKG_CACHE_DIR/builds" | grep -c '^npp-')" = 2 ] || fail "a changed patch did not make a new build"
check_program npp 1.0.0-patched-thrice --mode build
pass "a changed patch is a new build key"

sed -i 's|"patches": \["01-version.patch", "02-again.patch"\]|"patches": ["02-again.patch"]|' "$RECIPES/npp.json"
run 1 build npp
contains "$ERR" "patch 02-again.patch does not apply"
pass "a patch that does not apply stops the build"

sed -i 's|"patches": \["02-again.patch"\]|"patches": ["missing.patch"]|' "$RECIPES/npp.json"
run 1 build npp
contains "$ERR" "missing.patch"
pass "a missing patch file is reported"
