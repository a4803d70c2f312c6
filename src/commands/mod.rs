//! The things tread can be asked to do, one file each.

pub mod check;
pub mod new;
pub mod output;
pub mod walk;
