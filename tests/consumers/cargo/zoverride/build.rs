// Never runs when the [target.<triple>.z] override table is in effect.
fn main() {
    panic!("the build script ran: the nativepkg override table was not used");
}
