//! The `phr` command.
fn main() {}
