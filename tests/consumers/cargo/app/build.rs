// Dependents of a `links = "z"` crate see its metadata as DEP_Z_<KEY>.
fn main() {
    let include = std::env::var("DEP_Z_INCLUDE").expect("DEP_Z_INCLUDE is not set");
    let lib_dir = std::env::var("DEP_Z_LIB_DIR").expect("DEP_Z_LIB_DIR is not set");
    println!("cargo::rustc-env=Z_INCLUDE={include}");
    // A library outside the loader's path is found through an rpath, as a C program's is.
    for dir in lib_dir.split(':').filter(|d| !d.is_empty()) {
        println!("cargo::rustc-link-arg=-Wl,-rpath,{dir}");
    }
}
