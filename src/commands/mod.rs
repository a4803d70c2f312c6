//! The things tread can be asked to do, one file each.

pub mod calls;
pub mod check;
pub mod export;
pub mod graph;
pub mod learn;
pub mod new;
pub mod open;
pub mod output;
pub mod paths;
pub mod report;
pub mod stats;
pub mod store;
pub mod test;
pub mod upgrade;
pub mod walk;
