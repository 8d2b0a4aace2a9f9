// Calls zlib through bindings that the bindgen command generated from nativepkg's flags, and
// says which libz file the process mapped.
#![allow(non_upper_case_globals, non_camel_case_types, non_snake_case, dead_code)]
include!(concat!(env!("BINDINGS_DIR"), "/bindings.rs"));

fn main() {
    let v = unsafe { std::ffi::CStr::from_ptr(zlibVersion()) };
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap_or_default();
    let mapped = maps.lines()
        .filter_map(|l| l.find('/').map(|i| &l[i..]))
        .find(|p| p.contains("/libz.so"))
        .unwrap_or("-");
    assert!(!ZLIB_VERSION.is_empty());
    println!("{} {}", v.to_string_lossy(), mapped);
}
