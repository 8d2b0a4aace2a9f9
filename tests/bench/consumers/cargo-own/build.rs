// The Cargo consumer building its own zlib and libpng, as a -sys crate's build script does:
// extract, configure, build and install each with CMake into OUT_DIR, then link them.
use std::path::{Path, PathBuf};
use std::process::Command;

fn run(cmd: &mut Command) {
    let status = cmd.status().expect("cannot start a build tool");
    assert!(status.success(), "{cmd:?} failed");
}

fn cmake(src: &Path, build: &Path, prefix: &Path, jobs: &str, defines: &[String]) {
    run(Command::new("cmake").arg("-S").arg(src).arg("-B").arg(build).args(["-GNinja",
        "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_INSTALL_LIBDIR=lib", "-DBUILD_SHARED_LIBS=ON"])
        .arg(format!("-DCMAKE_INSTALL_PREFIX={}", prefix.display())).args(defines));
    run(Command::new("cmake").arg("--build").arg(build).args(["--parallel", jobs]));
    run(Command::new("cmake").arg("--install").arg(build));
}

fn main() {
    let var = |k: &str| std::env::var(k).unwrap_or_else(|_| panic!("{k} is not set"));
    let out = PathBuf::from(var("OUT_DIR"));
    let jobs = var("NUM_JOBS");
    let (zsrc, psrc) = (out.join("zlib-src"), out.join("png-src"));
    let (zlib, png) = (out.join("zlib"), out.join("png"));
    for d in [&zsrc, &psrc] {
        std::fs::create_dir_all(d).unwrap();
    }
    run(Command::new("tar").arg("-C").arg(&zsrc).args(["--strip-components=1", "-xjf"]).arg(var("ZLIB_TAR")));
    run(Command::new("patch").args(["-s", "-p1", "-N", "-d"]).arg(&zsrc).arg("-i").arg(var("ZLIB_PATCH")));
    cmake(&zsrc, &out.join("zlib-build"), &zlib, &jobs, &[]);
    run(Command::new("tar").arg("-C").arg(&psrc).args(["--strip-components=1", "-xzf"]).arg(var("PNG_TAR")));
    cmake(&psrc, &out.join("png-build"), &png, &jobs, &[format!("-DZLIB_ROOT={}", zlib.display()),
        "-DPNG_TESTS=OFF".into(), "-DPNG_STATIC=OFF".into(), "-DPNG_EXECUTABLES=OFF".into()]);
    for p in [&png, &zlib] {
        println!("cargo:rustc-link-search=native={}/lib", p.display());
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}/lib", p.display());
    }
    println!("cargo:rustc-link-lib=png16");
    println!("cargo:rustc-link-lib=z");
}
