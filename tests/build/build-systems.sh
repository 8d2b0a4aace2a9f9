#!/bin/sh
# Every build driver builds a real library from a tarball on a loopback server, and a program
# compiled with `nativepkg flags` runs against it without LD_LIBRARY_PATH: cmake (shared and
# static), a configure script, configure.ac without configure (autoreconf), meson, make.
. "$(dirname "$0")/lib.sh"
start_server

i=0
for system in cmake configure autoreconf meson make; do
	i=$((i + 1))
	name=np$(echo "$system" | tr -d -c a-z)
	version=1.$i.0
	make_project "$system" "$name" "$version" "$WORK/src/$name-$version"
	pack "$WORK/src/$name-$version" tar.gz "$WORK/www/$name-$version.tar.gz"
	case $system in configure | autoreconf) kind=autotools ;; *) kind=$system ;; esac
	recipe "$name" "$version" "$kind" "$URL/files/$name-$version.tar.gz" \
		"$(sha256 "$WORK/www/$name-$version.tar.gz")"
	run 0 build "$name"
	contains "$OUT" "$name $version via build (shared)"
	check_program "$name" "$version" --mode build
	pass "$system builds $name (shared)"
done

# The link kind is part of the build key: a static build is another build.
run 0 --static build npcmake
contains "$OUT" "npcmake 1.1.0 via build (static)"
[ "$(ls -d "$NATIVEPKG_CACHE_DIR"/builds/npcmake-* | wc -l)" = 2 ] || fail "expected two npcmake builds"
check_program npcmake 1.1.0 --mode build --static
nm "$WORK/prog" | grep -q npcmake_version || fail "the static library was not linked in"
pass "cmake builds npcmake (static)"

# --- builds that do not count ---------------------------------------------------------------------
# nobuild NAME: nothing of NAME under builds/ (a build appears there only verified and whole).
nobuild() {
	if ls "$NATIVEPKG_CACHE_DIR/builds" | grep -q "^$1-"; then
		ls -la "$NATIVEPKG_CACHE_DIR/builds" >&2
		fail "a builds/ entry for $1"
	fi
}
# ignore_destdir DIR: the project's Makefile installs into $(PREFIX) itself, ignoring DESTDIR,
# and copies a marker-named file of its source tree there too.
ignore_destdir() {
	printf '{}\n' >"$1/.nativepkg-build.json"
	sed -i 's|$(DESTDIR)||g; s|^\tcp $(NAME).h $(PREFIX)/include/$|&\n\tcp .nativepkg-build.json $(PREFIX)/|' \
		"$1/Makefile"
	grep -q 'cp .nativepkg-build.json' "$1/Makefile" || fail "ignore_destdir: the Makefile did not change"
}

# It installs the whole library into the final prefix: caught, removed, DESTDIR named — and
# the next run builds again (and is caught again) rather than take it for a finished build.
make_project make npdest 1.0.0 "$WORK/src/npdest-1.0.0"
ignore_destdir "$WORK/src/npdest-1.0.0"
pack "$WORK/src/npdest-1.0.0" tar.gz "$WORK/www/npdest.tar.gz"
recipe npdest 1.0.0 make "$URL/files/npdest.tar.gz" "$(sha256 "$WORK/www/npdest.tar.gz")"
run 1 build npdest
contains "$ERR" "npdest: the build wrote into its final prefix $NATIVEPKG_CACHE_DIR/builds/npdest-1.0.0-"
contains "$ERR" "its build system ignores DESTDIR, so what it wrote there was removed"
nobuild npdest
run 1 --mode build resolve npdest
contains "$ERR" "ignores DESTDIR"
grep -q "via cache" "$OUT" "$ERR" && fail "a build that ignored DESTDIR was reused"
nobuild npdest
pass "a Makefile that ignores DESTDIR: exit 1 naming DESTDIR, nothing kept, the next run builds again"

# The same, failing after it wrote there: the failure is reported, and the marker-named file
# it left in the final prefix never makes the next run a hit.
make_project make npdfail 1.0.0 "$WORK/src/npdfail-1.0.0"
ignore_destdir "$WORK/src/npdfail-1.0.0"
printf '\tfalse\n' >>"$WORK/src/npdfail-1.0.0/Makefile"
pack "$WORK/src/npdfail-1.0.0" tar.gz "$WORK/www/npdfail.tar.gz"
recipe npdfail 1.0.0 make "$URL/files/npdfail.tar.gz" "$(sha256 "$WORK/www/npdfail.tar.gz")"
run 1 build npdfail
contains "$ERR" "ignores DESTDIR"
contains "$ERR" "npdfail: build failed: 'make' exited with status 2"
nobuild npdfail
run 1 build npdfail
contains "$ERR" "build failed"
nobuild npdfail
pass "a failing Makefile that wrote into the final prefix (with a marker from its tarball): nothing counts"

# A build that installs no library (here: into share/): verified before it counts, so it fails.
make_project make npnolib 1.0.0 "$WORK/src/npnolib-1.0.0"
sed -i 's|$(DESTDIR)$(PREFIX)/lib|$(DESTDIR)$(PREFIX)/share|g' "$WORK/src/npnolib-1.0.0/Makefile"
pack "$WORK/src/npnolib-1.0.0" tar.gz "$WORK/www/npnolib.tar.gz"
recipe npnolib 1.0.0 make "$URL/files/npnolib.tar.gz" "$(sha256 "$WORK/www/npnolib.tar.gz")"
run 1 build npnolib
contains "$ERR" "npnolib: the build's install is not complete (see $NATIVEPKG_CACHE_DIR/logs/npnolib-1.0.0-"
contains "$ERR" "no shared library libnpnolib.so in lib/, lib64/"
nobuild npnolib
# And a static request of a build that installs only its shared library.
make_project make npsonly 1.0.0 "$WORK/src/npsonly-1.0.0"
sed -i 's|cp lib$(NAME).a lib$(NAME).so|cp lib$(NAME).so|' "$WORK/src/npsonly-1.0.0/Makefile"
pack "$WORK/src/npsonly-1.0.0" tar.gz "$WORK/www/npsonly.tar.gz"
recipe npsonly 1.0.0 make "$URL/files/npsonly.tar.gz" "$(sha256 "$WORK/www/npsonly.tar.gz")"
run 1 --static build npsonly
contains "$ERR" "no static library libnpsonly.a"
nobuild npsonly
pass "a build without the recipe's library (of the requested kind): exit 1, nothing cached"

# --- the cache's path ----------------------------------------------------------------------------
# Build systems split flags and make rules at whitespace and expand '$': a cache whose path holds
# one of those is refused before anything is fetched or built (it would fail half-way, in
# whichever tool first met the path), naming the cache and the character; a non-ASCII path is
# only bytes to them and builds.
for odd in "cache with space" 'cache$HOME' "cache:colon"; do
	NATIVEPKG_CACHE_DIR="$WORK/$odd" run 3 build npmake
	contains "$ERR" "npmake: cannot build in '$WORK/$odd' (the cache, from NATIVEPKG_CACHE_DIR): its path holds"
	contains "$ERR" "set NATIVEPKG_CACHE_DIR to a directory whose path has no whitespace"
	[ -z "$(find "$WORK/$odd/builds" "$WORK/$odd/tmp" "$WORK/$odd/downloads/sha256" -mindepth 1)" ] ||
		fail "something was fetched or built in '$WORK/$odd'"
done
grep -qF "holds a dollar sign" "$ERR" || grep -qF "holds a colon" "$ERR" || fail "the character is not named"
for system in make configure meson; do
	name=np$system
	NATIVEPKG_CACHE_DIR="$WORK/cache-é ü" run 3 build "$name"
	NATIVEPKG_CACHE_DIR="$WORK/cache-éü" run 0 build "$name"
	NATIVEPKG_CACHE_DIR="$WORK/cache-éü" check_program "$name" "$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$RECIPES/$name.json")" --mode build
done
pass "a cache path build systems would take apart is refused (exit 3, nothing fetched); a non-ASCII one builds"
