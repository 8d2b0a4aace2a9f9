#!/bin/sh
# Sources in every archive format nativepkg promises (tar.gz, tar.xz, tar.bz2, tar.zst, zip),
# from file:// URLs and from http, are extracted with strip-components and built.
. "$(dirname "$0")/lib.sh"
start_server

for format in tar.gz tar.xz tar.bz2 tar.zst zip; do
	name=npfmt$(echo "$format" | tr -d -c a-z0-9)
	make_project make "$name" 2.0.0 "$WORK/src/$name-2.0.0"
	pack "$WORK/src/$name-2.0.0" "$format" "$WORK/www/$name.$format"
	case $format in
	zip) url="file://$WORK/www/$name.$format" ;;
	*) url="$URL/files/$name.$format" ;;
	esac
	recipe "$name" 2.0.0 make "$url" "$(sha256 "$WORK/www/$name.$format")"
	run 0 build "$name"
	check_program "$name" 2.0.0 --mode build
	pass "$format ($url)"
done

# strip: the default is 1; 2 reaches into a nested directory.
mkdir -p "$WORK/src/outer"
make_project make npstrip 3.0.0 "$WORK/src/outer/npstrip-3.0.0"
pack "$WORK/src/outer" tar.gz "$WORK/www/npstrip.tar.gz"
recipe npstrip 3.0.0 make "$URL/files/npstrip.tar.gz" "$(sha256 "$WORK/www/npstrip.tar.gz")"
sed -i 's/"sha256": "\([0-9a-f]*\)" }/"sha256": "\1", "strip": 2 }/' "$RECIPES/npstrip.json"
run 0 build npstrip
check_program npstrip 3.0.0 --mode build
pass "strip 2"
