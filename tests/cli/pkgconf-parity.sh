#!/bin/sh
# For every pkg-config module installed on this machine, `nativepkg flags` must print exactly
# what `pkgconf` prints: --cflags --libs, then the same with --static. Two differences are by
# design: a static request for a library that has no archive is refused (pkgconf prints flags
# that cannot link statically), and a static answer names the package's own archive
# (-l:libz.a where pkgconf prints -lz, which a libz.so beside it would satisfy). Each refusal
# is checked to be true, and each archive named to exist; the rest must be equal.
set -u
nativepkg=$1
tried=0
failed=0
refused=0
multiarch=$(cc -dumpmachine 2>/dev/null || echo none)
err=$(mktemp)
trap 'rm -f "$err"' EXIT

# Whether lib$1.a exists in any of the -L directories given after it or the system ones.
has_archive() {
	lib=$1
	shift
	for dir in "$@" /usr/local/lib "/usr/lib/$multiarch" /usr/lib "/lib/$multiarch" /lib; do
		[ -e "$dir/lib$lib.a" ] && return 0
	done
	return 1
}
for module in $(pkgconf --list-package-names | sort); do
	for mode in "" --static; do
		# A module pkgconf itself cannot resolve (a missing dependency) must fail in both.
		if expected=$(pkgconf $mode --cflags --libs "$module" 2>/dev/null); then
			want_ok=1
		else
			want_ok=0
		fi
		if actual=$("$nativepkg" flags $mode --cflags --libs "$module" 2>"$err"); then
			got_ok=1
		else
			got_ok=0
		fi
		tried=$((tried + 1))
		missing=$(sed -n 's/.*a static link is requested.*there is no lib\([^ ,]*\)\.a.*/\1/p' "$err" | head -n 1)
		if [ "$mode" = --static ] && [ "$want_ok" = 1 ] && [ "$got_ok" = 0 ] && [ -n "$missing" ]; then
			dirs=$(pkgconf --static --libs-only-L "$module" | sed 's/-L//g')
			# shellcheck disable=SC2086
			if has_archive "$missing" $dirs; then
				failed=$((failed + 1))
				echo "WRONG REFUSAL $module $mode: lib$missing.a exists"
			else
				refused=$((refused + 1))
			fi
			continue
		fi
		if [ "$mode" = --static ] && [ "$got_ok" = 1 ]; then
			dirs=$(pkgconf --static --libs-only-L "$module" 2>/dev/null | sed 's/-L//g')
			for lib in $(printf '%s\n' "$actual" | tr ' ' '\n' | sed -n 's/^-l:lib\(.*\)\.a$/\1/p'); do
				# shellcheck disable=SC2086
				has_archive "$lib" $dirs && continue
				failed=$((failed + 1))
				echo "NO ARCHIVE $module $mode: names lib$lib.a, which does not exist"
			done
			actual=$(printf '%s' "$actual" | sed 's/-l:lib\([^ ]*\)\.a/-l\1/g')
		fi
		if [ "$want_ok" != "$got_ok" ] || { [ "$want_ok" = 1 ] && [ "$expected" != "$actual" ]; }; then
			failed=$((failed + 1))
			echo "MISMATCH $module $mode"
			echo "  pkgconf:   [$expected] (ok=$want_ok)"
			echo "  nativepkg: [$actual] (ok=$got_ok)"
		fi
	done
done
echo "pkgconf parity: $tried queries, $failed mismatches, $refused static requests refused for want of an archive"
[ "$tried" -gt 0 ] && [ "$failed" = 0 ]
