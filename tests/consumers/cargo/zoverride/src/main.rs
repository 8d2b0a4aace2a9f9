use std::ffi::CStr;
use std::os::raw::c_char;

extern "C" {
    fn zlibVersion() -> *const c_char;
}

fn main() {
    println!("{}", unsafe { CStr::from_ptr(zlibVersion()) }.to_string_lossy());
}
