// The Cargo consumer, answered by nativepkg: its link lines, and an rpath into each library
// directory so the program runs as built.
use std::process::Command;

fn main() {
    let nativepkg = std::env::var("NATIVEPKG").unwrap_or_else(|_| "nativepkg".into());
    let out = Command::new(&nativepkg)
        .args(["env", "--format", "cargo", "libpng", "zlib"])
        .current_dir(std::env::var("NATIVEPKG_WS").expect("NATIVEPKG_WS is not set"))
        .output()
        .expect("cannot run nativepkg");
    assert!(out.status.success(), "nativepkg failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("nativepkg printed invalid UTF-8");
    print!("{text}");
    for line in text.lines() {
        if let Some(dir) = line.strip_prefix("cargo:rustc-link-search=native=") {
            println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
        }
    }
}
