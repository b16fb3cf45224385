//! `roadmap`: track your progress through a self-taught backend engineering roadmap.
//!
//! This file parses the arguments, runs the command, and maps errors to exit statuses; it is
//! the only place that writes to stdout and stderr.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind as ClapKind};

use roadmap::error::Error;
use roadmap::{app, cli, complete, text};

#[allow(
    unsafe_code,
    reason = "signal(2) and remove_var, before any other thread exists"
)]
fn main() -> ExitCode {
    // A file-size limit (ulimit -f) must fail the write with EFBIG, which becomes an
    // `error:` line, instead of killing the process mid-command with SIGXFSZ.
    #[cfg(unix)]
    // SAFETY: called first thing, before any other thread exists; SIG_IGN is a valid
    // disposition for SIGXFSZ.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // `ROADMAP_DB=` (set but empty) means unset, as for NO_COLOR; clap would otherwise
    // report a missing value for a flag the user never typed.
    for var in ["ROADMAP_DB", "ROADMAP_FILE"] {
        if std::env::var_os(var).is_some_and(|v| v.is_empty()) {
            // SAFETY: no other thread exists yet, so nothing reads the environment meanwhile.
            unsafe { std::env::remove_var(var) };
        }
    }
    // `COMPLETE=bash roadmap -- ...` is the shell asking for completions.
    clap_complete::CompleteEnv::with_factory(complete::command)
        .var(complete::VAR)
        .complete();
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
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

/// A command line clap cannot parse: one `error:` line and at most one `hint:` line, like
/// every other usage error, instead of clap's usage block. `--help` and `--version` are not
/// errors and print as clap writes them.
fn usage_error(e: &clap::Error) -> ExitCode {
    if matches!(
        e.kind(),
        ClapKind::DisplayHelp
            | ClapKind::DisplayVersion
            | ClapKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
    }
    // The first line is the message; a message ending in `:` lists its subjects (missing
    // arguments) on the indented lines below it.
    let rendered = e.render().to_string();
    let mut lines = rendered.lines();
    let first = lines.next().unwrap_or_default();
    let mut message = first.strip_prefix("error: ").unwrap_or(first).to_owned();
    if message.ends_with(':') {
        let subjects: Vec<&str> = lines
            .take_while(|l| l.starts_with(' '))
            .map(str::trim)
            .collect();
        message = format!("{} {}", message, subjects.join(", "));
    }
    let strings = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => Vec::new(),
    };
    let quoted = |v: Vec<String>| v.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>();
    let suggested = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .flat_map(strings)
    .collect::<Vec<_>>();
    let valid = strings(ContextKind::ValidValue);
    let hint = if !suggested.is_empty() {
        format!("did you mean {}?", quoted(suggested).join(" or "))
    } else if !valid.is_empty() {
        format!("possible values: {}", valid.join(", "))
    } else {
        format!("`{}` shows the usage", help_command())
    };
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "error: {}", one_line(&message));
    let _ = writeln!(err, "hint: {}", one_line(&hint));
    ExitCode::from(2)
}

/// `roadmap SUBCOMMAND --help` for the subcommand on the command line, if it names one.
fn help_command() -> String {
    use clap::CommandFactory;
    let cmd = cli::Cli::command();
    // args_os: an argument that is not UTF-8 (the very mistake being reported, perhaps) is
    // simply not a subcommand's name; args() would panic on it.
    let named = std::env::args_os().skip(1).find_map(|a| {
        let a = a.to_str()?;
        cmd.get_subcommands()
            .any(|s| s.get_name() == a || s.get_all_aliases().any(|x| x == a))
            .then(|| a.to_owned())
    });
    match named {
        Some(sub) => format!("roadmap {sub} --help"),
        None => "roadmap --help".to_owned(),
    }
}

/// An error line as printed: control characters neutralised, and no longer than a few
/// lines of a terminal even when it quotes a megabyte of input.
fn one_line(s: &str) -> String {
    text::fit(&text::line(s), 400).into_owned()
}
