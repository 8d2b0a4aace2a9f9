#!/bin/sh
# Resolving synthetic workspaces of 10, 100 and 1000 packages, cold (no lock, no output tree)
# and from the lock, with hyperfine. Each package is a recipe with a pkg-config module and a
# library file; packages come in blocks of ten whose members depend on up to two earlier ones
# of their block (dependency closures stay small, as in real graphs). "locked" resolves from the
# lock every time (NATIVEPKG_MEMO=0); "memo" is the same unchanged workspace answered from its
# memo (cli/memo.h). Prints the median times and the locked time per package (linear growth
# keeps it flat; target: 1000 from the lock in <= 100 ms).
# Usage: graph.sh [NATIVEPKG]
set -eu
np=$(realpath "${1:-build/bin/nativepkg}")
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gen() {
	python3 - "$1" "$2" <<'PY'
import json, os, random, sys
n, out = int(sys.argv[1]), sys.argv[2]
for d in ("recipes", "pc", "lib"):
    os.makedirs(os.path.join(out, d), exist_ok=True)
random.seed(n)
for i in range(n):
    name = "g%04d" % i
    base = i - i % 10
    deps = sorted(set("g%04d" % random.randrange(base, i) for _ in range(min(i - base, 2))))
    recipe = {"schema": 1, "name": name, "version": "1.%d" % i, "links": name,
              "discover": {"pkg_config": {"modules": [name]}, "libs": [name]},
              "dependencies": {d: ">= 1.0" for d in deps}}
    json.dump(recipe, open("%s/recipes/%s.json" % (out, name), "w"))
    with open("%s/pc/%s.pc" % (out, name), "w") as pc:
        pc.write("prefix=%s\nlibdir=${prefix}/lib\nName: %s\nDescription: g\nVersion: 1.%d\n"
                 "Libs: -L${libdir} -l%s\n" % (out, name, i, name))
        if deps:
            pc.write("Requires.private: %s\n" % ", ".join(deps))
    open("%s/lib/lib%s.so" % (out, name), "wb").write(b"\x7fELF" + b"\0" * 60)
json.dump({"dependencies": {"g%04d" % i: "*" for i in range(n)}},
          open(out + "/nativepkg.json", "w"))
PY
}

echo "machine: $(nproc) cores, $(uname -sr)"
printf "%-8s %14s %14s %16s %12s\n" packages "cold (ms)" "locked (ms)" "locked/package" "memo (ms)"
for n in 10 100 1000; do
	ws="$work/w$n"
	gen "$n" "$ws"
	export NATIVEPKG_RECIPE_PATH="$ws/recipes" PKG_CONFIG_LIBDIR="$ws/pc"
	cd "$ws"
	hyperfine -N --warmup 1 --runs 5 --export-csv "$work/cold$n.csv" \
		--prepare "rm -rf $ws/nativepkg.lock $ws/.nativepkg" "$np -q resolve" >/dev/null 2>&1
	"$np" -q resolve
	NATIVEPKG_MEMO=0 hyperfine -N --warmup 3 --runs 20 --export-csv "$work/warm$n.csv" \
		"$np -q resolve" >/dev/null 2>&1
	sleep 0.2 # a memo is kept only of files unchanged for 50 ms
	"$np" -q resolve
	hyperfine -N --warmup 3 --runs 20 --export-csv "$work/memo$n.csv" "$np -q resolve" \
		>/dev/null 2>&1
	# The median of the runs (hyperfine's 4th column): this machine's stalls skew a mean.
	cold=$(awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$work/cold$n.csv")
	warm=$(awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$work/warm$n.csv")
	memo=$(awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$work/memo$n.csv")
	per=$(awk -v w="$warm" -v n="$n" 'BEGIN { printf "%.3f ms", w / n }')
	printf "%-8s %14s %14s %16s %12s\n" "$n" "$cold" "$warm" "$per" "$memo"
done
