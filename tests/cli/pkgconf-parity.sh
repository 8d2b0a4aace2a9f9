#!/bin/sh
# For every pkg-config module installed on this machine, `nativepkg flags` must print exactly
# what `pkgconf` prints: --cflags --libs, then the same with --static.
set -u
nativepkg=$1
tried=0
failed=0
for module in $(pkgconf --list-package-names | sort); do
	for mode in "" --static; do
		# A module pkgconf itself cannot resolve (a missing dependency) must fail in both.
		if expected=$(pkgconf $mode --cflags --libs "$module" 2>/dev/null); then
			want_ok=1
		else
			want_ok=0
		fi
		if actual=$("$nativepkg" flags $mode --cflags --libs "$module" 2>/dev/null); then
			got_ok=1
		else
			got_ok=0
		fi
		tried=$((tried + 1))
		if [ "$want_ok" != "$got_ok" ] || { [ "$want_ok" = 1 ] && [ "$expected" != "$actual" ]; }; then
			failed=$((failed + 1))
			echo "MISMATCH $module $mode"
			echo "  pkgconf:   [$expected] (ok=$want_ok)"
			echo "  nativepkg: [$actual] (ok=$got_ok)"
		fi
	done
done
echo "pkgconf parity: $tried queries, $failed mismatches"
[ "$tried" -gt 0 ] && [ "$failed" = 0 ]
