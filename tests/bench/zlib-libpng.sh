# Sourced by the benchmarks that build zlib + libpng: checks Debian's tarballs in $src, makes
# $work (removed on exit), recipes (the shipped libpng; zlib pointed at Debian's repacked
# tarball + its patch) served from a file:// mirror, and $work/nativepkg.sh, which resolves
# libpng with both built from source into $work/np-cache. Needs $np, $src, $repo.
zlib_tar="$src/zlib_1.2.13.dfsg.orig.tar.bz2"
png_tar="$src/libpng1.6_1.6.39.orig.tar.gz"
patch_file="$repo/tests/real/zlib-debian-win32.patch"
for f in "$zlib_tar" "$png_tar"; do
	[ -f "$f" ] || { echo "missing $f (.ci/setup --test downloads it)" >&2; exit 2; }
done
command -v hyperfine >/dev/null || { echo "hyperfine is needed" >&2; exit 2; }
jobs=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# nativepkg: the shipped libpng recipe; zlib's points at Debian's repacked tarball + patch.
mkdir -p "$work/recipes" "$work/mirror"
cp "$patch_file" "$work/recipes/"
cp "$zlib_tar" "$png_tar" "$work/mirror/"
cp "$png_tar" "$work/mirror/v1.6.39.tar.gz"
python3 - "$repo/recipes/zlib.json" "$work/recipes/zlib.json" "$(sha256sum "$zlib_tar" | cut -d' ' -f1)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["source"] = {"urls": ["https://deb.debian.org/zlib_1.2.13.dfsg.orig.tar.bz2"],
               "sha256": sys.argv[3], "strip": 1, "patches": ["zlib-debian-win32.patch"]}
json.dump(r, open(sys.argv[2], "w"), indent=2)
PY
cat >"$work/nativepkg.sh" <<S
cd "$work" && NATIVEPKG_CACHE_DIR="$work/np-cache" NATIVEPKG_MIRRORS="file://$work/mirror" \\
NATIVEPKG_ZLIB_MODE=build NATIVEPKG_LIBPNG_MODE=build NATIVEPKG_JOBS=$jobs \\
"$np" -q --recipes "$work/recipes" resolve libpng
S

