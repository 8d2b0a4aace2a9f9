// Calls zlib through bindings that the bindgen command generated from nativepkg's flags.
#![allow(non_upper_case_globals, non_camel_case_types, non_snake_case, dead_code)]
include!(concat!(env!("BINDINGS_DIR"), "/bindings.rs"));

fn main() {
    let v = unsafe { std::ffi::CStr::from_ptr(zlibVersion()) };
    println!("{} {}", v.to_string_lossy(), ZLIB_VERSION.len() > 0);
}
