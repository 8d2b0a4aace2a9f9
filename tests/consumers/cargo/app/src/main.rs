fn main() {
    println!("{} {}", zsys::version(), env!("Z_INCLUDE"));
}
