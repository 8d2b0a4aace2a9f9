// Links libpng and zlib as the workspace resolved them, and runs from where they are.
use std::process::Command;

fn main() {
    let nativepkg = std::env::var("NATIVEPKG").unwrap_or_else(|_| "nativepkg".into());
    let out = Command::new(&nativepkg)
        .args(["env", "--format", "cargo", "libpng", "zlib"])
        .output()
        .expect("cannot run nativepkg");
    if !out.status.success() {
        panic!("nativepkg failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    // A warning means this build did not get the workspace's locked answer.
    if !out.stderr.is_empty() {
        panic!("nativepkg warned: {}", String::from_utf8_lossy(&out.stderr));
    }
    let text = String::from_utf8(out.stdout).expect("nativepkg printed invalid UTF-8");
    print!("{}", text);
    // A library outside the loader's path (a nativepkg build) is found through an rpath.
    for line in text.lines() {
        if let Some(dir) = line.strip_prefix("cargo::rustc-link-search=native=") {
            println!("cargo::rustc-link-arg=-Wl,-rpath,{}", dir);
        }
    }
    println!("cargo::rerun-if-env-changed=NATIVEPKG");
}
