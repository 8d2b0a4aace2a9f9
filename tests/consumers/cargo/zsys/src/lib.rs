use std::ffi::CStr;
use std::os::raw::c_char;

extern "C" {
    fn zlibVersion() -> *const c_char;
}

/// The version of the zlib this crate links.
pub fn version() -> String {
    unsafe { CStr::from_ptr(zlibVersion()) }.to_string_lossy().into_owned()
}

/// The libz file the process has mapped ("-" when none: a static link).
pub fn mapped() -> String {
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap_or_default();
    maps.lines()
        .filter_map(|l| l.find('/').map(|i| &l[i..]))
        .find(|p| p.contains("/libz.so"))
        .unwrap_or("-")
        .to_string()
}
