//! `roadmap`: track your progress through a self-taught backend engineering roadmap.
//!
//! This file parses the arguments, runs the command, and maps errors to exit statuses; it is
//! the only place that writes to stdout and stderr.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use clap::Parser;

use roadmap::error::Error;
use roadmap::{app, arena, cli, complete, text};

/// A bump arena on huge pages: see `arena.rs` for why and how.
#[global_allocator]
static ALLOCATOR: arena::Arena = arena::Arena::new();

fn main() -> ExitCode {
    // A file-size limit (ulimit -f) must fail the write with EFBIG, which becomes an
    // `error:` line, instead of killing the process mid-command with SIGXFSZ.
    #[cfg(unix)]
    // SAFETY: called first thing, before any other thread exists; SIG_IGN is a valid
    // disposition for SIGXFSZ.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // `COMPLETE=bash roadmap -- ...` is the shell asking for completions.
    clap_complete::CompleteEnv::with_factory(complete::command)
        .var(complete::VAR)
        .complete();
    let cli = cli::Cli::parse();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = app::run(cli, &mut out).and_then(|()| Ok(out.flush()?));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `roadmap history | head -1`: a closed pipe is the reader's choice, not an error.
        Err(Error::Io(e)) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let stderr = std::io::stderr();
            let mut err = stderr.lock();
            match &e {
                Error::Invalid { problems } => {
                    for p in problems {
                        let _ = writeln!(err, "error: {}", one_line(p));
                    }
                }
                e => {
                    let _ = writeln!(err, "error: {}", one_line(&e.to_string()));
                }
            }
            if let Some(hint) = e.hint() {
                let _ = writeln!(err, "hint: {}", one_line(hint));
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// An error line as printed: control characters neutralised, and no longer than a few
/// lines of a terminal even when it quotes a megabyte of input.
fn one_line(s: &str) -> String {
    text::fit(&text::line(s), 400).into_owned()
}
