//! `roadmap man`: the man page, in roff, generated from the clap definitions.

use std::io::Write;

use crate::error::Result;

/// Writes the man page.
pub fn run(out: &mut dyn Write) -> Result<()> {
    crate::manpage::write(out)?;
    Ok(())
}
