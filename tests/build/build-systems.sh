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
