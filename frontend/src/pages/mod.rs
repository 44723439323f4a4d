pub mod portal;
pub mod public;
pub mod staff;
