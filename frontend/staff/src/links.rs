//! Addresses: reading the ones people arrive with (from the kit), and building every one the
//! staff consoles link to.
pub use portico_kit::links::*;
