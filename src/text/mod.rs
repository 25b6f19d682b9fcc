//! Text from posts as a terminal will show it: how many cells it takes ([`width`]) and what
//! must be taken out before it is written ([`sanitize`]). A leaf: it knows nothing of posts,
//! layout or the screen, so every part of kiji that writes text can share it.

pub mod sanitize;
pub mod width;
