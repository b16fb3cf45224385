//! `roadmap` as a library: the modules behind the `roadmap` binary.
//!
//! The binary (`main.rs`) only parses arguments, calls [`app::run`] and maps errors to exit
//! statuses. The library exists so that tests, fuzz targets and benchmarks can reach the
//! parsers, the store and the reports directly; it is not a stable API.

// The program reports every failure as an `error:` line and writes only through `main`;
// tests may unwrap and print (clippy.toml).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

pub mod app;
pub mod checklist;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod complete;
pub mod error;
pub mod ids;
pub mod json;
pub mod legacy_cache;
pub mod manpage;
pub mod migrate;
pub mod model;
pub mod paths;
pub mod render;
pub mod report;
pub mod resolve;
pub mod review;
pub mod roadmap;
pub mod settings;
pub mod store;
pub mod text;
pub mod timeparse;
