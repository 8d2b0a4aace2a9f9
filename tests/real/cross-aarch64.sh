#!/bin/sh
# Cross builds for aarch64 Linux from real upstream sources (Debian's .orig tarballs, served on
# loopback): zlib and libpng (CMake, a generated toolchain file), libyaml (autotools, --host),
# lz4 (make, the tools as variables) and libspng (meson, a generated cross file, built against
# the aarch64 zlib). Each is consumed by a program compiled with the aarch64 compiler from
# `nativepkg --target ... flags` and run under qemu-aarch64 with no LD_LIBRARY_PATH. The host's
# answer in the same workspace stays as it was; the Rust spelling of the target is the same
# lock entry; a consumer in a Cargo build script (TARGET set) gets the aarch64 answer.
. "$(dirname "$0")/../build/lib.sh"
S=${NATIVEPKG_TEST_SOURCES:-}
for f in zlib_1.2.13.dfsg.orig.tar.bz2 libpng1.6_1.6.39.orig.tar.gz libyaml_0.2.5.orig.tar.gz \
	lz4_1.9.4.orig.tar.gz libspng_0.7.3.orig.tar.gz; do
	if [ -z "$S" ] || [ ! -f "$S/$f" ]; then
		echo "skipped: $f not in NATIVEPKG_TEST_SOURCES ('${S}'); .ci/setup --test downloads it"
		exit 77
	fi
done
for tool in aarch64-linux-gnu-gcc qemu-aarch64; do
	command -v "$tool" >/dev/null ||
		{ echo "skipped: no $tool (.ci/setup --test installs gcc-aarch64-linux-gnu, qemu-user)"; exit 77; }
done
[ -f /usr/aarch64-linux-gnu/lib/crt1.o ] ||
	{ echo "skipped: no aarch64 C library (.ci/setup --test installs libc6-dev-arm64-cross)"; exit 77; }
T=aarch64-linux-gnu
QEMU="qemu-aarch64 -L /usr/aarch64-linux-gnu"

start_server
cp "$S/zlib_1.2.13.dfsg.orig.tar.bz2" "$WORK/www/"
cp "$S/libpng1.6_1.6.39.orig.tar.gz" "$WORK/www/v1.6.39.tar.gz"
cp "$S/libyaml_0.2.5.orig.tar.gz" "$WORK/www/0.2.5.tar.gz"
cp "$S/lz4_1.9.4.orig.tar.gz" "$WORK/www/v1.9.4.tar.gz"
cp "$S/libspng_0.7.3.orig.tar.gz" "$WORK/www/libspng-0.7.3.tar.gz"
export NATIVEPKG_MIRRORS="$URL/files"
debian_zlib "$S/zlib_1.2.13.dfsg.orig.tar.bz2"
# libspng has no shipped recipe: a meson library that needs zlib, for the meson driver.
cat >"$RECIPES/libspng.json" <<J
{
  "schema": 1, "name": "libspng", "version": "0.7.3", "links": "spng",
  "discover": { "headers": ["spng.h"], "libs": ["spng"], "symbol": "spng_ctx_new",
    "version_macro": ["SPNG_VERSION_MAJOR", "SPNG_VERSION_MINOR", "SPNG_VERSION_PATCH"] },
  "source": { "urls": ["https://github.com/randy408/libspng/archive/libspng-0.7.3.tar.gz"],
    "sha256": "$(sha256 "$S/libspng_0.7.3.orig.tar.gz")", "strip": 1 },
  "build": { "system": "meson", "options": ["-Dbuild_examples=false", "-Denable_opt=false"] },
  "dependencies": { "zlib": ">= 1.2" }
}
J

# The host's answer first, to see that the target's leaves it alone (the second run writes the
# tree as a locked answer, which it then stays).
run 0 --mode system resolve zlib
run 0 --mode system resolve zlib
(cd .nativepkg && find . -type f ! -name stat-cache ! -path './memo/*' -exec sha256sum {} + | sort) >"$WORK/host-before"

run 0 --target "$T" --mode build resolve zlib libpng libyaml lz4 libspng
for p in "zlib 1.2.13" "libpng 1.6.39" "libyaml 0.2.5" "lz4 1.9.4" "libspng 0.7.3"; do
	contains "$OUT" "$p via build (shared)"
done
contains "$OUT" "wrote $WORK/ws/.nativepkg/targets/$T"
for lib in zlib-*/lib/libz.so.1.2.13 libpng-*/lib/libpng16.so.16.39.0 libyaml-*/lib/libyaml-0.so.2.0.9 \
	lz4-*/lib/liblz4.so.1.9.4 libspng-*/lib/libspng.so.0.7.3; do
	f=$(ls "$NATIVEPKG_CACHE_DIR"/builds/$lib) || fail "no $lib"
	file -L "$f" | grep -q "ARM aarch64" || fail "$f is not aarch64: $(file -L "$f")"
done
pass "zlib, libpng (cmake), libyaml (autotools), lz4 (make) and libspng (meson) built for $T"
# Built for the target, by the target's tools: the configure logs say so.
grep -q -- "--host=$T" "$NATIVEPKG_CACHE_DIR"/logs/libyaml-*.log || fail "libyaml: no --host"
grep -q "CC=aarch64-linux-gnu-gcc" "$NATIVEPKG_CACHE_DIR"/logs/lz4-*.log || fail "lz4: no CC variable"
grep -q "cross-file" "$NATIVEPKG_CACHE_DIR"/logs/libspng-*.log || fail "libspng: no cross file"
grep -q "CMAKE_TOOLCHAIN_FILE" "$NATIVEPKG_CACHE_DIR"/logs/libpng-*.log || fail "libpng: no toolchain file"
grep -q "Found ZLIB: $NATIVEPKG_CACHE_DIR/builds/zlib-1.2.13-" "$NATIVEPKG_CACHE_DIR"/logs/libpng-*.log ||
	fail "libpng was not built against nativepkg's aarch64 zlib"
grep -E -q "(-I|-L)/usr/(include|lib)/x86_64-linux-gnu" "$NATIVEPKG_CACHE_DIR"/logs/*.log &&
	fail "a cross build saw the host's directories"
pass "each build was configured for $T, against the aarch64 zlib, without host directories"

# The consumers: compiled for aarch64 with nativepkg's flags, run under qemu.
cat >"$WORK/all.c" <<'C'
#include <stdio.h>
#include <zlib.h>
#include <png.h>
#include <yaml.h>
#include <lz4.h>
#include <spng.h>
int main(void)
{
	spng_ctx *ctx = spng_ctx_new(0);
	printf("%s %s %s %s %s\n", zlibVersion(), png_get_libpng_ver(NULL), yaml_get_version_string(),
		LZ4_versionString(), ctx ? spng_version_string() : "none");
	spng_ctx_free(ctx);
	return 0;
}
C
flags=$("$NP" --recipes "$RECIPES" --target "$T" flags zlib libpng libyaml lz4 libspng) ||
	fail "flags for $T"
echo "$flags" | grep -q "/usr/include" && fail "the flags name a host directory: $flags"
# shellcheck disable=SC2086
aarch64-linux-gnu-gcc "$WORK/all.c" -o "$WORK/all" $flags || fail "cannot build the aarch64 program: $flags"
got=$(env -u LD_LIBRARY_PATH $QEMU "$WORK/all") || fail "the aarch64 program does not run"
[ "$got" = "1.2.13 1.6.39 0.2.5 1.9.4 0.7.3" ] || fail "the aarch64 program printed '$got'"
# What it loaded: nativepkg's builds (the qemu prefix has no zlib of its own to fall back on).
env -u LD_LIBRARY_PATH $QEMU -E LD_DEBUG=libs "$WORK/all" 2>"$WORK/ld" >/dev/null
grep -q "calling init: $NATIVEPKG_CACHE_DIR/builds/zlib-1.2.13-[0-9a-f]*/lib/libz.so.1" "$WORK/ld" ||
	{ cat "$WORK/ld" >&2; fail "the program did not load nativepkg's aarch64 zlib"; }
grep -q "calling init: $NATIVEPKG_CACHE_DIR/builds/libspng-0.7.3-[0-9a-f]*/lib/libspng.so.0" "$WORK/ld" ||
	fail "the program did not load nativepkg's aarch64 libspng"
pass "an aarch64 program linked with nativepkg's flags runs under qemu and loads the builds"

# Again: nothing to build; the Rust spelling is the same lock entry, for a consumer too.
run 0 --target aarch64-unknown-linux-gnu --mode build resolve zlib libpng libyaml lz4 libspng
grep -q building "$ERR" && fail "the Rust spelling of the target built again"
contains "$OUT" "zlib 1.2.13 via build (shared, locked)"
[ "$(grep -c '"target": "aarch64-linux-gnu"' nativepkg.lock)" = 5 ] || fail "lock entries: $(grep '"target"' nativepkg.lock)"
run 0 --target aarch64-unknown-linux-gnu flags zlib
contains "$OUT" "$NATIVEPKG_CACHE_DIR/builds/zlib-1.2.13-"
# A build script inside `cargo build --target aarch64-unknown-linux-gnu` gets the aarch64 answer.
TARGET=aarch64-unknown-linux-gnu CARGO_MANIFEST_DIR="$WORK/ws" run 0 env --format cargo zlib
contains "$OUT" "cargo:rustc-link-search=native=$NATIVEPKG_CACHE_DIR/builds/zlib-1.2.13-"
contains "$OUT" "cargo:rerun-if-env-changed=TARGET"
pass "aarch64-unknown-linux-gnu is the same target; Cargo's TARGET chooses it in a build script"

# The host's answer is where it was, byte for byte, and still the host's; its
# cargo/config.toml serves both targets now (`cargo build --target` reads one file).
(cd .nativepkg && find . -type f ! -name stat-cache ! -path './targets/*' ! -path './memo/*' -exec sha256sum {} + |
	sort) >"$WORK/host-after"
grep -v ' ./cargo/config.toml$' "$WORK/host-before" >"$WORK/host-before-1"
grep -v ' ./cargo/config.toml$' "$WORK/host-after" >"$WORK/host-after-1"
diff "$WORK/host-before-1" "$WORK/host-after-1" || fail "the host's output tree changed"
contains .nativepkg/cargo/config.toml "[target.x86_64-unknown-linux-gnu.z]"
contains .nativepkg/cargo/config.toml "[target.aarch64-unknown-linux-gnu.z]"
contains .nativepkg/cargo/config.toml "[target.aarch64-unknown-linux-gnu.spng]"
grep -q "x86_64" ".nativepkg/targets/$T/cargo/config.toml" && fail "the aarch64 tree names the host"
run 0 --mode system resolve zlib
contains "$OUT" "zlib 1.2.13 via pkg-config (shared, locked)"
run 0 --mode system resolve zlib
contains "$OUT" "up to date: $WORK/ws/.nativepkg"
contains .nativepkg/cargo/config.toml "[target.aarch64-unknown-linux-gnu.z]"
contains .nativepkg/env/z.env "DEP_Z_METHOD=pkg-config"
cat >"$WORK/host.c" <<'C'
#include <stdio.h>
#include <zlib.h>
int main(void) { puts(zlibVersion()); return 0; }
C
# shellcheck disable=SC2086
cc "$WORK/host.c" -o "$WORK/host" $("$NP" --recipes "$RECIPES" flags zlib) || fail "host program"
"$WORK/host" >/dev/null || fail "the host program does not run"
pass "the host's answer in the same workspace is unchanged"
