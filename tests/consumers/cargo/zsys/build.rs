// The whole build script: nativepkg says what to link and what to tell dependents.
use std::process::Command;

fn main() {
    let nativepkg = std::env::var("NATIVEPKG").unwrap_or_else(|_| "nativepkg".into());
    let out = Command::new(&nativepkg)
        .args(["env", "--format", "cargo", "zlib"])
        .output()
        .expect("cannot run nativepkg");
    if !out.status.success() {
        panic!("nativepkg failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    print!("{}", String::from_utf8(out.stdout).expect("nativepkg printed invalid UTF-8"));
    println!("cargo:rerun-if-env-changed=NATIVEPKG");
}
