#!/bin/sh
# `nativepkg recipe new URL|FILE` on a CMake, a meson and two autotools projects (a configure
# script, and configure.ac alone), each with a test switch that breaks the build when left on:
# the recipe it writes turns the tests off, names the sha256 of what was downloaded, and —
# from its trial build — the library, the header (and its subdirectory), the .pc module, the
# CMake package and its target, the version macro; that recipe lints, builds and resolves,
# and a program compiled with `nativepkg flags` runs without LD_LIBRARY_PATH.
. "$(dirname "$0")/lib.sh"
command -v cmake >/dev/null || { echo "skipped: no cmake"; exit 77; }
start_server

# --- CMake: headers in include/npnewc/, a .pc saying so, a CMake export with a namespace -----
make_project cmake npnewc 2.3.0 "$WORK/src/npnewc-2.3.0"
cat >"$WORK/src/npnewc-2.3.0/CMakeLists.txt" <<'M'
cmake_minimum_required(VERSION 3.13)
project(npnewc VERSION 2.3.0 LANGUAGES C)
option(NPNEWC_BUILD_TESTS "build the tests" ON)
if(NPNEWC_BUILD_TESTS)
  message(FATAL_ERROR "the tests cannot be built here: turn NPNEWC_BUILD_TESTS off")
endif()
add_library(npnewc npnewc.c)
target_include_directories(npnewc INTERFACE $<INSTALL_INTERFACE:include/npnewc>)
install(TARGETS npnewc EXPORT npnewcTargets ARCHIVE DESTINATION lib LIBRARY DESTINATION lib)
install(FILES npnewc.h DESTINATION include/npnewc)
install(EXPORT npnewcTargets NAMESPACE NpNew:: DESTINATION lib/cmake/NpNewC
        FILE NpNewCConfig.cmake)
file(WRITE "${CMAKE_BINARY_DIR}/npnewc.pc" "prefix=${CMAKE_INSTALL_PREFIX}
includedir=\${prefix}/include
libdir=\${prefix}/lib
Name: npnewc
Description: fixture
Version: 2.3.0
Cflags: -I\${includedir}/npnewc
Libs: -L\${libdir} -lnpnewc
")
install(FILES "${CMAKE_BINARY_DIR}/npnewc.pc" DESTINATION lib/pkgconfig)
M
pack "$WORK/src/npnewc-2.3.0" tar.gz "$WORK/www/npnewc-2.3.0.tar.gz"
cd "$RECIPES"
run 0 recipe new "$URL/files/npnewc-2.3.0.tar.gz"
contains "$OUT" "wrote npnewc.json (npnewc 2.3.0, cmake, from a trial build)"
python3 - "$RECIPES/npnewc.json" "$(sha256 "$WORK/www/npnewc-2.3.0.tar.gz")" "$URL" <<'PY' ||
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == 2 and r["name"] == "npnewc" and r["version"] == "2.3.0", r
assert r["source"] == {"urls": [sys.argv[3] + "/files/npnewc-2.3.0.tar.gz"], "sha256": sys.argv[2], "strip": 1}, r["source"]
assert r["build"] == {"system": "cmake", "options": ["-DNPNEWC_BUILD_TESTS=OFF"]}, r["build"]
d = r["discover"]
assert d["headers"] == ["npnewc.h"] and d["include_subdir"] == "npnewc", d
assert d["pkg_config"] == {"modules": ["npnewc"]}, d
assert d["version"] == {"macro": "NPNEWC_VERSION"}, d
assert r["components"] == {"npnewc": {"lib": "npnewc", "cmake_targets": "NpNew::npnewc"}}, r["components"]
assert r["exports"] == {"cmake": {"package": "NpNewC"}, "pkg_config": "npnewc"}, r["exports"]
PY
	{ cat "$RECIPES/npnewc.json" >&2; fail "recipe new: the CMake project's recipe"; }
cd "$WORK/ws"
run 0 --mode build resolve npnewc
check_program npnewc 2.3.0
[ -f .nativepkg/lib/cmake/NpNewC/NpNewCConfig.cmake ] || fail "no NpNewC config"
pass "recipe new: a CMake project (options, include subdirectory, .pc, CMake target, version)"

# An existing file is kept; --force replaces it; --output writes elsewhere.
cd "$RECIPES"
run 2 recipe new --no-build "$URL/files/npnewc-2.3.0.tar.gz"
contains "$ERR" "recipe new: npnewc.json exists (--force replaces it, --output writes elsewhere)"
run 0 recipe new --no-build --name other --output "$WORK/other.json" "$URL/files/npnewc-2.3.0.tar.gz"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["name"]=="other" and "discover" not in r' \
	"$WORK/other.json" || fail "--name/--output/--no-build"
pass "recipe new keeps an existing recipe; --output, --name, --no-build"

# --- meson: a boolean tests option -------------------------------------------------------------
if command -v meson >/dev/null; then
	make_project meson npnewm 1.4.2 "$WORK/src/npnewm-1.4.2"
	cat >"$WORK/src/npnewm-1.4.2/meson_options.txt" <<'O'
option('tests', type: 'boolean', value: true, description: 'build the tests')
O
	cat >>"$WORK/src/npnewm-1.4.2/meson.build" <<'O'
if get_option('tests')
  error('the tests cannot be built here: turn the option off')
endif
O
	pack "$WORK/src/npnewm-1.4.2" tar.xz "$WORK/www/npnewm-1.4.2.tar.xz"
	cd "$RECIPES"
	run 0 recipe new "$URL/files/npnewm-1.4.2.tar.xz"
	contains "$OUT" "wrote npnewm.json (npnewm 1.4.2, meson, from a trial build)"
	contains "$RECIPES/npnewm.json" '"options": ["-Dtests=false"]'
	contains "$RECIPES/npnewm.json" '"macro": "NPNEWM_VERSION"'
	cd "$WORK/ws"
	run 0 --mode build resolve npnewm
	check_program npnewm 1.4.2
	pass "recipe new: a meson project"
else
	echo "skipped: meson (not installed)"
fi

# --- autotools: a configure script, and configure.ac without one ---------------------------------
make_project configure npnewa 0.9.1 "$WORK/src/npnewa-0.9.1"
pack "$WORK/src/npnewa-0.9.1" tar.bz2 "$WORK/www/npnewa-0.9.1.tar.bz2"
cd "$RECIPES"
run 0 recipe new "$URL/files/npnewa-0.9.1.tar.bz2"
contains "$OUT" "wrote npnewa.json (npnewa 0.9.1, autotools, from a trial build)"
cd "$WORK/ws"
run 0 --mode build resolve npnewa
check_program npnewa 0.9.1
pass "recipe new: a configure script"

if command -v autoreconf >/dev/null && command -v libtoolize >/dev/null; then
	make_project autoreconf npnewr 3.0.0 "$WORK/src/npnewr-3.0.0"
	cat >"$WORK/src/npnewr-3.0.0/configure.ac" <<'A'
AC_INIT([npnewr], [3.0.0])
AM_INIT_AUTOMAKE([foreign])
AC_PROG_CC
LT_INIT
AC_ARG_ENABLE([tests], [AS_HELP_STRING([--disable-tests], [do not build the tests])],
  [], [enable_tests=yes])
AS_IF([test "x$enable_tests" = xyes], [AC_MSG_ERROR([the tests cannot be built here])])
AC_CONFIG_FILES([Makefile])
AC_OUTPUT
A
	pack "$WORK/src/npnewr-3.0.0" tar.gz "$WORK/www/npnewr-3.0.0.tar.gz"
	cd "$RECIPES"
	run 0 recipe new "$URL/files/npnewr-3.0.0.tar.gz"
	contains "$RECIPES/npnewr.json" '"options": ["--disable-tests"]'
	cd "$WORK/ws"
	run 0 --mode build resolve npnewr
	check_program npnewr 3.0.0
	pass "recipe new: configure.ac without configure (autoreconf)"
else
	echo "skipped: autoreconf (not installed)"
fi

# --- a local file, and what cannot be scaffolded ---------------------------------------------------
cd "$RECIPES"
run 0 recipe new --no-build --output "$WORK/local.json" "$WORK/www/npnewa-0.9.1.tar.bz2"
contains "$WORK/local.json" "\"file://$WORK/www/npnewa-0.9.1.tar.bz2\""
contains "$ERR" "the source is a local file: replace \"source.urls\""
run 2 recipe new "$WORK/does-not-exist.tar.gz"
contains "$ERR" "recipe new: no file '$WORK/does-not-exist.tar.gz'"
run 5 recipe new "$URL/files/missing.tar.gz"
contains "$ERR" "HTTP 404"
pass "recipe new: a local file, a missing file, a missing URL"
