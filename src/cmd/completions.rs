//! `roadmap completions SHELL`: the script that registers dynamic completion with a shell
//! (the candidates themselves come from [`crate::complete`]).

use std::io::Write;

use crate::cli::Shell;
use crate::error::Result;

/// The arguments of `completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Writes the registration script for the shell.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<()> {
    crate::complete::registration(args.shell, out)
}
