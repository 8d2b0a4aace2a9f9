#!/bin/sh
# Discovery for aarch64 in a sysroot made of Debian's arm64 packages (zlib1g-dev, libpng-dev,
# libc6-dev ... unpacked with dpkg -x by .ci/setup --test): pkg-config inside the sysroot, the
# probe with the aarch64 compiler, and a _ROOT override searching lib/aarch64-linux-gnu — each
# answer pointing at the sysroot's files, through the .deb's absolute libz.so symlink resolved
# inside the sysroot. A host library is never taken for the target.
. "$(dirname "$0")/../build/lib.sh"
SYS=${NATIVEPKG_TEST_SYSROOT:-}
if [ -z "$SYS" ] || [ ! -f "$SYS/.complete" ]; then
	echo "skipped: no arm64 sysroot in NATIVEPKG_TEST_SYSROOT ('${SYS}'); .ci/setup --test makes it"
	exit 77
fi
command -v aarch64-linux-gnu-gcc >/dev/null ||
	{ echo "skipped: no aarch64-linux-gnu-gcc (.ci/setup --test installs gcc-aarch64-linux-gnu)"; exit 77; }
T=aarch64-linux-gnu
# A copy: the test changes one link.
cp -a "$SYS" "$WORK/sysroot"
SYS="$WORK/sysroot"
real_z="$SYS/lib/$T/libz.so.1.2.13"
[ -f "$real_z" ] || fail "the sysroot has no $real_z"
[ "$(readlink "$SYS/usr/lib/$T/libz.so")" = "/lib/$T/libz.so.1.2.13" ] ||
	fail "the sysroot's libz.so is not the absolute link Debian ships: $(readlink "$SYS/usr/lib/$T/libz.so")"

# pkg-config in the sysroot: the target's multiarch .pc directory, its files inside the sysroot.
run 0 --target "$T" --sysroot "$SYS" --mode system resolve zlib libpng
contains "$OUT" "zlib 1.2.13 via pkg-config (shared): $SYS/usr/lib/$T/pkgconfig/zlib.pc"
contains "$OUT" "libpng 1.6.39 via pkg-config (shared): $SYS/usr/lib/$T/pkgconfig/libpng16.pc"
env_file=".nativepkg/targets/$T/env/all.env"
contains "$env_file" "DEP_Z_DYLIB=$real_z"
contains "$env_file" "DEP_Z_INCLUDE=$SYS/usr/include"
contains "$env_file" "DEP_PNG16_CFLAGS=-I$SYS/usr/include/libpng16"
contains "$env_file" "DEP_PNG16_RUNTIME_DIRS="
grep -q "x86_64-linux-gnu" "$env_file" && fail "the sysroot's answers name a host directory"
pass "pkg-config finds zlib and libpng inside the sysroot, the absolute libz.so link resolved in it"

# The probe: pkg-config told to look nowhere (a target-scoped variable), the aarch64 compiler
# with --sysroot finds and links the sysroot's zlib, and says where it is.
mkdir "$WORK/empty"
NATIVEPKG_PKG_CONFIG_LIBDIR_AARCH64_LINUX_GNU="$WORK/empty" \
	run 0 --target "$T" --sysroot "$SYS" --mode system --update resolve zlib
contains "$OUT" "zlib 1.2.13 via probe (shared)"
contains "$env_file" "DEP_Z_DYLIB=$real_z"
contains "$env_file" "DEP_Z_LIB_DIR=$SYS/usr/lib/$T"
# The probe's answer holds for the toolchain that made it.
NATIVEPKG_PKG_CONFIG_LIBDIR_AARCH64_LINUX_GNU="$WORK/empty" \
	run 0 --target "$T" --sysroot "$SYS" --mode system --toolchain cflags=-O1 explain zlib
contains "$OUT" 'lock        rejected: the toolchain now has "cflags -O1", which it was not locked with'
pass "the probe links the sysroot's zlib with the aarch64 compiler, for that toolchain"

# A _ROOT override searches the target's multiarch directory, not the host's.
NATIVEPKG_ZLIB_ROOT_AARCH64_LINUX_GNU="$SYS/usr" run 0 --target "$T" --sysroot "$SYS" resolve zlib
contains "$OUT" "zlib 1.2.13 via override (shared)"
contains "$env_file" "DEP_Z_LIB_DIR=$SYS/usr/lib/$T"
contains "$env_file" "DEP_Z_DYLIB=$real_z"
pass "NATIVEPKG_ZLIB_ROOT_AARCH64_LINUX_GNU=\$SYSROOT/usr searches lib/$T"

# A link that names a path the host has: followed on this machine it is the host's x86-64 zlib;
# inside the sysroot it is the aarch64 one.
mkdir -p "$SYS/usr/lib/x86_64-linux-gnu"
cp "$real_z" "$SYS/usr/lib/x86_64-linux-gnu/libz.so.1"
ln -sf /usr/lib/x86_64-linux-gnu/libz.so.1 "$SYS/usr/lib/$T/libz.so"
[ -f /usr/lib/x86_64-linux-gnu/libz.so.1 ] || fail "the host has no /usr/lib/x86_64-linux-gnu/libz.so.1"
run 0 --target "$T" --sysroot "$SYS" --mode system --update resolve zlib
contains "$OUT" "zlib 1.2.13 via pkg-config (shared)"
contains "$env_file" "DEP_Z_DYLIB=$SYS/usr/lib/x86_64-linux-gnu/libz.so.1"
pass "a sysroot link to a path the host also has leads to the sysroot's file"

# Without the sysroot, the host's own zlib.pc is found and refused: another machine.
PKG_CONFIG_LIBDIR=/usr/lib/x86_64-linux-gnu/pkgconfig run 1 --target "$T" --mode system --update resolve zlib
contains "$ERR" "is built for x86-64, but the target $T needs AArch64"
pass "the host's zlib is never the answer for $T"
