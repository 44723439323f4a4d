//! Pages anyone may see.
mod landing;
mod not_found;

pub use landing::Landing;
pub use not_found::NotFound;
