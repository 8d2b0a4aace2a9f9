#!/bin/sh
# Every JSON input nativepkg reads — a recipe, the workspace manifest, the user config, the
# lock — given each hostile form: 10^6 nesting levels, 100 MiB, \u0000, a duplicate key,
# trailing garbage, a wrong type, 1e400, 3.7 where an integer is wanted, invalid UTF-8. Each
# must be exit 3 with the file named (and file:line:col where there is a place), without
# hanging (a run is stopped after 30 s; the time is printed, not asserted: speed is for
# tests/bench). Then hostile values in override variables: carried exactly or refused (exit 3).
. "$(dirname "$0")/lib.sh"
tried=0

# gen FILE CASE KIND: writes one hostile input.
gen() {
	python3 - "$@" <<'PY'
import sys
path, case, kind = sys.argv[1:4]
valid = {
    "recipe": '{"schema": 1, "name": "x", "version": "1", "links": "x", %s}',
    "manifest": '{"dependencies": {"zlib": "*"}, %s}',
    "config": '{"mode": "auto", %s}',
    "lock": '{"nativepkg_lock": 2, "packages": [], %s}',
}[kind]
# Whole documents: a wrong type, and 3.7 where an integer is wanted.
wrong = {
    "recipe": valid % '"provides": "zlib"', "manifest": valid % '"static": "yes"',
    "config": valid % '"overrides": []', "lock": '{"nativepkg_lock": 2, "packages": {}}',
}[kind]
integer = {
    "recipe": valid % '"source": {"urls": ["https://x/a.tgz"], "sha256": "unknown", "strip": 3.7}',
    "manifest": valid % '"static": 3.7', "config": valid % '"static": 3.7',
    "lock": '{"nativepkg_lock": 3.7, "packages": []}',
}[kind]
out = open(path, "wb")
if case == "deep":
    out.write(b"[" * 10**6)  # under every size limit: the depth check must catch it
elif case == "huge":
    out.write(b'{"description": "' + b"a" * (100 << 20) + b'"}')
elif case == "nul":
    out.write((valid % '"note": "a\\u0000b"').encode())
elif case == "duplicate":
    out.write((valid % '"mode": "auto", "mode": "system"').encode())
elif case == "trailing":
    out.write((valid % '"extra": 1').replace(', "extra": 1', "").encode() + b" trailing")
elif case == "type":
    out.write(wrong.encode())
elif case == "overflow":
    out.write((valid % '"static": 1e400').encode())
elif case == "integer":
    out.write(integer.encode())
elif case == "utf8":
    out.write((valid % '"note": "@"').encode().replace(b"@", b"\xc3\x28\xff"))
PY
}

# check KIND CASE FILE ARGS...: nativepkg ARGS must exit 3 naming FILE (timeout's 124: a hang).
check() {
	kind=$1 case=$2 file=$3
	shift 3
	start=$(date +%s%N)
	set +e
	timeout 30 "$NP" "$@" >"$OUT" 2>"$ERR"
	code=$?
	set -e
	ms=$((($(date +%s%N) - start) / 1000000))
	tried=$((tried + 1))
	[ "$code" = 3 ] || { cat "$ERR"; fail "$kind/$case: exit $code, expected 3"; }
	grep -qF "$file" "$ERR" || { cat "$ERR"; fail "$kind/$case: the error does not name $file"; }
	case $case in
	huge) ;;
	*) grep -qE "$file:[0-9]+:[0-9]+: " "$ERR" || { cat "$ERR"; fail "$kind/$case: no line:col"; } ;;
	esac
	echo "ok: $kind/$case: exit 3 in $ms ms: $(head -n 1 "$ERR" | cut -c1-110)"
}

mkdir -p "$WORK/r" "$WORK/m" "$WORK/u/nativepkg" "$WORK/l"
for case in deep huge nul duplicate trailing type overflow integer utf8; do
	gen "$WORK/r/x.json" "$case" recipe
	check recipe "$case" "$WORK/r/x.json" recipe lint "$WORK/r/x.json"
	gen "$WORK/m/nativepkg.json" "$case" manifest
	check manifest "$case" "$WORK/m/nativepkg.json" -C "$WORK/m" resolve
	gen "$WORK/u/nativepkg/config.json" "$case" config
	XDG_CONFIG_HOME="$WORK/u" check config "$case" "$WORK/u/nativepkg/config.json" flags zlib
	gen "$WORK/l/nativepkg.lock" "$case" lock
	check lock "$case" "$WORK/l/nativepkg.lock" -C "$WORK/l" env zlib
done
pass "$tried hostile inputs: each exit 3 naming the file, each under a second"

# Hostile values in override variables: a path with spaces, quotes, '$' and a backslash is
# carried exactly; a newline cannot be (exit 3, nothing written); library names must be names.
fixture=$(dirname "$NP")/../tests/fixtures/zlib-override
H="$WORK/a b\"c'd\$e\\f"
mkdir -p "$H" && cp -r "$fixture/include" "$fixture/lib" "$H/"
mkdir -p "$WORK/v" && cd "$WORK/v"
NATIVEPKG_ZLIB_ROOT="$H" run 0 env --format json zlib
python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["DEP_Z_ROOT"]; assert v==sys.argv[2], v' \
	"$OUT" "$H" || fail "the override's path did not round-trip"
NL="$WORK/new
line"
mkdir -p "$NL" && cp -r "$fixture/include" "$fixture/lib" "$NL/"
NATIVEPKG_ZLIB_ROOT="$NL" run 3 resolve zlib
[ ! -e "$WORK/v/.nativepkg" ] || fail "a refused resolve wrote the tree"
NATIVEPKG_ZLIB_ROOT="$H" NATIVEPKG_ZLIB_LIBS='z; rm -rf /' run 3 flags zlib
contains "$ERR" '"z;" from env NATIVEPKG_ZLIB_LIBS is not a library name'
pass "override values: quotes, spaces, \$ and backslashes round-trip; a newline or a non-name is refused"
