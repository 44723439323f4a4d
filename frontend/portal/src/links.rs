//! Addresses: reading the ones people arrive with (from the kit), and building every one the
//! patient app links to.
pub use portico_kit::links::*;
