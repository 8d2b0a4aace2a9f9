fn main() {
    println!("{} {} {}", zsys::version(), zsys::mapped(), env!("Z_INCLUDE"));
}
