//! The crate's one error type and its mapping to exit statuses.
//!
//! Messages are lowercase and put the offending value in backticks; `main` prints them once,
//! as `error: ...`, followed by the hint line where there is one. `Usage` and `Invalid`
//! errors are the user's input (exit 2); everything else is the environment (exit 1).

use std::path::PathBuf;

/// Everything that can make a command fail.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Bad input on the command line (a topic, date or duration that does not resolve), or a
    /// bad line in a file to import.
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// A roadmap file with problems; each is already formatted as `FILE:LINE:COL: message`.
    #[error("{}", problems.join("\n"))]
    Invalid { problems: Vec<String> },
    /// A file that was named but cannot be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
        /// Reading a file the user named is bad input (2); our own files are failures (1).
        user_input: bool,
    },
    /// A file we could not write.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The store could not be opened or used.
    #[error("store `{}`: {message}", path.display())]
    Store {
        path: PathBuf,
        message: String,
        hint: Option<String>,
    },
    /// Something outside the store failed (a `git` command run by `sync`, a remote out of
    /// reach): exit 1, with a hint where one helps.
    #[error("{message}")]
    Failed {
        message: String,
        hint: Option<String>,
    },
    /// Anything else from SQLite, during a command.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Writing to stdout failed for a reason other than a closed pipe.
    #[error("output: {0}")]
    Io(#[from] std::io::Error),
}

/// The crate-wide result.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A usage error with no hint.
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: None,
        }
    }

    /// A usage error with a hint line.
    pub fn usage_hint(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// The process exit status for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage { .. } | Error::Invalid { .. } => 2,
            Error::Read {
                user_input: true, ..
            } => 2,
            _ => 1,
        }
    }

    /// The line printed after the error, if any.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Usage { hint, .. } | Error::Store { hint, .. } | Error::Failed { hint, .. } => {
                hint.as_deref()
            }
            _ => None,
        }
    }
}
