#!/bin/sh
# `recipe lint --upgrade` rewrites every shipped recipe (recipes/*.json, schema 1) as schema 2,
# and each upgraded recipe gives the answers the original gives: for every package, resolved
# through an override of a prefix laid out as its recipe says (and its dependencies' the same
# way), the output tree and the lock are the same but for the recipe's path and hash; and
# built from source, the build key is the same (an upgrade rebuilds nothing). Upgrading again
# changes nothing; a schema-2 recipe is left alone.
. "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/v1" "$WORK/v2" "$WORK/prefixes"
cp "$SRC"/recipes/*.json "$WORK/v1/"
cp "$SRC"/recipes/*.json "$WORK/v2/"
# A recipe's patches (snappy's) sit beside it, and their bytes are part of its build key.
for p in "$SRC"/recipes/*.patch; do
	[ ! -f "$p" ] || { cp "$p" "$WORK/v1/" && cp "$p" "$WORK/v2/"; }
done
run 0 recipe lint --upgrade "$WORK"/v2/*.json
n=$(ls "$WORK"/v1/*.json | wc -l)
n1=$(grep -l '"schema": *1' "$WORK"/v1/*.json | wc -l)
[ "$(grep -c 'upgraded to schema 2' "$OUT")" = "$n1" ] || { cat "$OUT" >&2; fail "not every schema-1 recipe was upgraded"; }
for f in "$WORK"/v2/*.json; do
	grep -q '"schema": 2' "$f" || fail "$f is not schema 2"
done
cp -r "$WORK/v2" "$WORK/v2-again"
run 0 recipe lint --upgrade "$WORK"/v2-again/*.json
[ "$(grep -c 'already schema 2' "$OUT")" = "$n" ] || fail "an upgraded recipe was upgraded again"
diff -r "$WORK/v2" "$WORK/v2-again" >&2 || fail "upgrading a schema-2 recipe changed it"
run 0 recipe lint --werror "$WORK"/v2/*.json
pass "every shipped recipe upgrades to a schema-2 recipe that lints; upgrading again changes nothing"

# A prefix per package with the recipe's headers and libraries (empty files are enough for an
# override, which checks they are there), and the variables that point at each.
python3 - "$WORK/v1" "$WORK/prefixes" >"$WORK/roots.env" <<'PY'
import json, os, re, sys
src, out = sys.argv[1:3]
for f in sorted(os.listdir(src)):
    if not f.endswith(".json"):
        continue
    r = json.load(open(os.path.join(src, f)))
    d = r.get("discover", {})
    root = os.path.join(out, r["name"])
    for h in d.get("headers", []):
        p = os.path.join(root, "include", d.get("include_subdir", ""), h)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, "w").close()
    os.makedirs(os.path.join(root, "lib"), exist_ok=True)
    libs = d.get("libs", []) + [c["lib"] for c in r.get("components", {}).values()]
    for lib in libs:
        open(os.path.join(root, "lib", "lib%s.so" % lib), "w").close()
    env = re.sub("[^A-Z0-9]", "_", r["name"].upper())
    print("NATIVEPKG_%s_ROOT=%s" % (env, root))
PY
set -a
. "$WORK/roots.env"
set +a

# normalise FILE: what differs by design between the two runs (the recipe's directory, its hash).
normalise() {
	sed -e "s|$WORK/v[12]/|RECIPES/|g" -e 's|"sha256": "[0-9a-f]*"|"sha256": "-"|' "$1"
}

for f in "$WORK"/v1/*.json; do
	pkg=$(basename "$f" .json)
	for v in v1 v2; do
		mkdir -p "$WORK/ws-$pkg-$v"
		(cd "$WORK/ws-$pkg-$v" && NATIVEPKG_RECIPE_PATH="$WORK/$v" "$NP" resolve "$pkg" \
			>"$WORK/out-$pkg-$v" 2>&1) || { cat "$WORK/out-$pkg-$v" >&2; fail "$pkg ($v) does not resolve"; }
		(cd "$WORK/ws-$pkg-$v" && find .nativepkg -type f ! -name tree-stamp ! -name stat-cache ! -path "*/memo/*" | sort | while read -r file; do
			echo "== $file"
			normalise "$file"
		done
		echo "== nativepkg.lock"
		normalise nativepkg.lock) >"$WORK/answer-$pkg-$v"
	done
	diff -u "$WORK/answer-$pkg-v1" "$WORK/answer-$pkg-v2" >&2 || fail "$pkg: the upgraded recipe answers differently"
	grep -q '"components"' "$WORK/answer-$pkg-v1" || fail "$pkg: no components in the answer"
done
pass "each upgraded recipe gives the same output tree and lock ($n packages, $n1 of schema 1, through overrides)"

# The build key: the same for a recipe and its upgrade (computed, not built: --offline).
for f in "$WORK"/v1/*.json; do
	pkg=$(basename "$f" .json)
	env=$(echo "$pkg" | tr a-z- A-Z_ | tr -c 'A-Z0-9\n' _)
	for v in v1 v2; do
		(cd "$WORK/ws-$pkg-$v" && env -u "NATIVEPKG_${env}_ROOT" NATIVEPKG_RECIPE_PATH="$WORK/$v" \
			"NATIVEPKG_${env}_MODE=build" "$NP" --offline explain "$pkg" 2>/dev/null |
			grep -o 'build key [0-9a-f]*' | head -n 1) >"$WORK/key-$pkg-$v"
	done
	[ -s "$WORK/key-$pkg-v1" ] || fail "$pkg: no build key"
	diff "$WORK/key-$pkg-v1" "$WORK/key-$pkg-v2" >&2 || fail "$pkg: the upgrade changes the build key"
done
pass "each upgraded recipe has the same build key"
