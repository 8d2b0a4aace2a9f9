// Dependents of a `links = "z"` crate see its metadata as DEP_Z_<KEY>. Cargo passes no link
// argument of zsys's on to this crate, so a binary here finds the library at run time only if
// this build script passes the runtime directories on (docs/outputs.md, "Cargo").
fn main() {
    let include = std::env::var("DEP_Z_INCLUDE").expect("DEP_Z_INCLUDE is not set");
    let dirs = std::env::var("DEP_Z_RUNTIME_DIRS").expect("DEP_Z_RUNTIME_DIRS is not set");
    println!("cargo:rustc-env=Z_INCLUDE={}", include);
    for dir in std::env::split_paths(&dirs) {
        println!("cargo:rustc-link-arg-bins=-Wl,-rpath,{}", dir.display());
    }
    println!("cargo:rerun-if-env-changed=DEP_Z_RUNTIME_DIRS");
}
