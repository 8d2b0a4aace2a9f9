use std::ffi::CStr;
use std::os::raw::c_char;

extern "C" {
    fn zlibVersion() -> *const c_char;
}

/// The version of the zlib this crate links.
pub fn version() -> String {
    unsafe { CStr::from_ptr(zlibVersion()) }.to_string_lossy().into_owned()
}
