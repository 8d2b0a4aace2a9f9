#!/bin/sh
# `cargo build --target x86_64-pc-windows-gnu` with Debian's cargo and rustc (and its Windows
# std): a -sys crate whose build script is `nativepkg env --format cargo zlib` gets the Windows
# zlib nativepkg built (Cargo's TARGET chooses it: no --target is given), and a links = "z" crate
# whose own build script cargo/config.toml's [target.x86_64-pc-windows-gnu.z] table replaces;
# both .exe files run under wine64. The host's answer in the same workspace is left as it was.
. "$(dirname "$0")/../build/lib.sh"
S=${NATIVEPKG_TEST_SOURCES:-}
f=zlib_1.2.13.dfsg.orig.tar.bz2
if [ -z "$S" ] || [ ! -f "$S/$f" ]; then
	echo "skipped: $f not in NATIVEPKG_TEST_SOURCES ('${S}'); .ci/setup --test downloads it"
	exit 77
fi
CARGO=/usr/bin/cargo RUSTC=/usr/bin/rustc WINE=/usr/lib/wine/wine64
for tool in "$CARGO" "$RUSTC" "$WINE" /usr/bin/x86_64-w64-mingw32-gcc; do
	[ -x "$tool" ] || { echo "skipped: no $tool (.ci/setup --test installs cargo, rustc, wine64, gcc-mingw-w64-x86-64)"; exit 77; }
done
ls -d /usr/lib/rustlib/x86_64-pc-windows-gnu >/dev/null 2>&1 ||
	{ echo "skipped: no Rust std for x86_64-pc-windows-gnu (.ci/setup --test installs libstd-rust-dev-windows)"; exit 77; }
# Debian's rustc, not a rustup one earlier on PATH (which has no Windows std here).
export PATH="/usr/bin:$PATH" RUSTC WINEPREFIX="$WORK/wine" WINEDEBUG=-all
export CARGO_TARGET_DIR="$WORK/target" NATIVEPKG="$NP" NATIVEPKG_RECIPE_PATH="$RECIPES"
# wine's server outlives the programs for a while, writing into WINEPREFIX: stopped first.
trap 'status=$?; if [ -d "$WINEPREFIX" ]; then /usr/lib/wine/wineserver64 -k 2>/dev/null; /usr/lib/wine/wineserver64 -w 2>/dev/null; fi; cleanup $status' EXIT

start_server
cp "$S/$f" "$WORK/www/"
export NATIVEPKG_MIRRORS="$URL/files"
debian_zlib "$S/$f"

# The workspace: its manifest names zlib; the host's answer first.
echo '{"dependencies": {"zlib": ">= 1.2"}}' >nativepkg.json
run 0 --mode system resolve
run 0 --mode system resolve
cp .nativepkg/env/all.env "$WORK/host.env"
run 0 --target x86_64-pc-windows-gnu --mode build resolve
contains "$OUT" "zlib 1.2.13 via build (shared)"
zdir=$(ls -d "$NATIVEPKG_CACHE_DIR"/builds/zlib-1.2.13-*)

mkdir -p .cargo zsys/src app/src zoverride/src
cat >.cargo/config.toml <<'T'
[target.x86_64-pc-windows-gnu]
linker = "x86_64-w64-mingw32-gcc"
T
cat >zsys/Cargo.toml <<'T'
[package]
name = "zsys"
version = "0.1.0"
edition = "2021"
links = "z"
build = "build.rs"
T
cat >zsys/build.rs <<'R'
// The whole build script: nativepkg answers for the target Cargo builds for (its TARGET).
use std::process::Command;
fn main() {
    let out = Command::new(std::env::var("NATIVEPKG").unwrap())
        .args(["env", "--format", "cargo", "zlib"])
        .output()
        .expect("cannot run nativepkg");
    if !out.status.success() {
        panic!("nativepkg failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    print!("{}", String::from_utf8(out.stdout).unwrap());
}
R
cat >zsys/src/lib.rs <<'R'
use std::ffi::CStr;
use std::os::raw::c_char;
extern "C" {
    fn zlibVersion() -> *const c_char;
}
pub fn version() -> String {
    unsafe { CStr::from_ptr(zlibVersion()) }.to_string_lossy().into_owned()
}
R
cat >app/Cargo.toml <<'T'
[package]
name = "app"
version = "0.1.0"
edition = "2021"
[dependencies]
zsys = { path = "../zsys" }
T
cat >app/src/main.rs <<'R'
fn main() {
    println!("{}", zsys::version());
}
R
(cd app && "$CARGO" build --offline -q --target x86_64-pc-windows-gnu) >"$WORK/log" 2>&1 ||
	{ cat "$WORK/log"; fail "cargo build --target x86_64-pc-windows-gnu (zsys + app)"; }
exe="$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/debug/app.exe"
x86_64-w64-mingw32-objdump -p "$exe" | grep -q "DLL Name: zlib1.dll" || fail "app.exe does not import zlib1.dll"
got=$(WINEPATH="$zdir/bin" "$WINE" "$exe" | tr -d '\r') || fail "app.exe does not run under wine"
[ "$got" = "1.2.13" ] || fail "app.exe printed '$got'"
pass "a -sys crate's build script gets the Windows zlib from Cargo's TARGET; the .exe runs under wine"

# The override table: a links = "z" crate's own build script never runs.
cat >zoverride/Cargo.toml <<'T'
[package]
name = "zoverride"
version = "0.1.0"
edition = "2021"
links = "z"
build = "build.rs"
T
cat >zoverride/build.rs <<'R'
fn main() {
    panic!("the build script ran: the nativepkg override table was not used");
}
R
cat >zoverride/src/main.rs <<'R'
use std::ffi::CStr;
use std::os::raw::c_char;
extern "C" {
    fn zlibVersion() -> *const c_char;
}
fn main() {
    println!("{}", unsafe { CStr::from_ptr(zlibVersion()) }.to_string_lossy());
}
R
contains .nativepkg/cargo/config.toml "[target.x86_64-pc-windows-gnu.z]"
(cd zoverride && "$CARGO" --config "$WORK/ws/.nativepkg/cargo/config.toml" build --offline -q \
	--target x86_64-pc-windows-gnu) >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "cargo: the override table"; }
got=$(WINEPATH="$zdir/bin" "$WINE" "$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/debug/zoverride.exe" |
	tr -d '\r') || fail "zoverride.exe does not run under wine"
[ "$got" = "1.2.13" ] || fail "zoverride.exe printed '$got'"
pass "cargo/config.toml's [target.x86_64-pc-windows-gnu.z] table replaces a links = \"z\" build script"

cmp "$WORK/host.env" .nativepkg/env/all.env || fail "the host's answer changed"
run 0 --mode system resolve
contains "$OUT" "(shared, locked): /usr/lib"
pass "the host's answer in the same workspace is unchanged"
