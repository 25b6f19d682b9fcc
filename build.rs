//! Rebuild when a sample post is added to or removed from `assets/posts/`: they are embedded
//! in the binary, and the compiler only notices changes to files it already included.

fn main() {
    println!("cargo:rerun-if-changed=assets/posts");
}
