#!/bin/sh
# `cmake --install` lays out bin/, share/nativepkg/recipes, the man page and the docs, and the
# installed binary finds its own recipes (relative to itself, wherever the prefix is).
set -eu
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix/with space" >/dev/null
root="$prefix/with space"
for f in bin/nativepkg share/nativepkg/recipes/zlib.json share/nativepkg/recipes/zlib-mingw.patch \
	share/man/man1/nativepkg.1 \
	share/doc/nativepkg/README.md share/doc/nativepkg/recipe-format.md; do
	[ -f "$root/$f" ] || { echo "missing after install: $f"; exit 1; }
done
out=$(cd "$prefix" && "$root/bin/nativepkg" recipe show zlib)
echo "$out" | grep -qF "file           $root/share/nativepkg/recipes/zlib.json" ||
	{ echo "installed binary does not use its installed recipes:"; echo "$out"; exit 1; }
echo "install layout ok: $root"
