// Calls libpng and zlib, then prints the real path of each library the process has mapped:
// "z=<path> png=<path>", as the C consumers do.
use std::os::raw::c_char;

extern "C" {
    fn zlibVersion() -> *const c_char;
    fn png_access_version_number() -> u32;
}

fn mapped(name: &str) -> String {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("no /proc/self/maps");
    maps.lines()
        .filter_map(|l| l.find('/').map(|i| &l[i..]))
        .find(|p| p.contains(name))
        .unwrap_or("none")
        .to_string()
}

fn main() {
    let ok = unsafe { !zlibVersion().is_null() && png_access_version_number() != 0 };
    assert!(ok);
    println!("z={} png={}", mapped("/libz.so"), mapped("/libpng16.so"));
}
