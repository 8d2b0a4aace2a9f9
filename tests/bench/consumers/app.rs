// Every consumer of the benchmark, in Rust: a program that needs libpng and zlib.
use std::ffi::{c_void, CStr};
use std::os::raw::c_char;

extern "C" {
    fn png_get_libpng_ver(png: *const c_void) -> *const c_char;
    fn zlibVersion() -> *const c_char;
}

fn main() {
    let (png, z) = unsafe { (CStr::from_ptr(png_get_libpng_ver(std::ptr::null())), CStr::from_ptr(zlibVersion())) };
    println!("libpng {}, zlib {}", png.to_string_lossy(), z.to_string_lossy());
}
