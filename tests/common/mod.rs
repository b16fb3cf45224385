//! A small harness: run the real binary against a store in a temp dir, with a fixed clock,
//! time zone and environment, and look at exact stdout, stderr and status.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// Monday 23 November 2026, 09:00 UTC.
pub const NOW: &str = "2026-11-23T09:00:00Z";

// Time zones are POSIX TZ rules, not tz database names: a rule needs no tzdata (a minimal
// container has none, and there every named zone is UTC), and no tzdata update changes it.
/// UTC.
pub const UTC: &str = "UTC0";
/// New York since 2007: UTC-5, and UTC-4 from the second Sunday of March to the first
/// Sunday of November, at 02:00.
pub const NEW_YORK: &str = "EST5EDT,M3.2.0,M11.1.0";
/// Los Angeles since 2007: UTC-8, and UTC-7 on the same days as New York.
pub const LOS_ANGELES: &str = "PST8PDT,M3.2.0,M11.1.0";
/// Tonga from 1961 to 1999: 13 hours ahead of UTC, all year.
pub const TONGA: &str = "<+13>-13";

pub struct Env {
    pub dir: TempDir,
    pub now: String,
    /// The TZ the binary runs in.
    pub tz: String,
    pub roadmap: Option<PathBuf>,
}

pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(self) -> String {
        assert_eq!(
            self.code, 0,
            "stderr: {}\nstdout: {}",
            self.stderr, self.stdout
        );
        self.stdout
    }

    /// Asserts exit status 2, nothing on stdout, and returns stderr.
    #[track_caller]
    pub fn usage(self) -> String {
        assert_eq!(
            self.code, 2,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        assert_eq!(self.stdout, "");
        self.stderr
    }

    /// Asserts exit status 1 and returns stderr.
    #[track_caller]
    pub fn failure(self) -> String {
        assert_eq!(
            self.code, 1,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self.stderr
    }
}

/// `text` as one word for a POSIX shell (sh, bash, zsh): in single quotes, each `'` written
/// as `'\''`. Paths go into shell scripts this way, so that a checkout or temp dir whose path
/// has a space, a quote or a `$` in it changes nothing.
pub fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// PATH with the directory of the binary under test first, so that scripts find `roadmap`.
pub fn path_with_binary() -> std::ffi::OsString {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_roadmap")).parent().unwrap();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(std::env::split_paths(&rest)))
        .unwrap()
}

/// Whether `program` can be started; if not, says which test is skipped and why.
pub fn installed(program: &str, skipped: &str) -> bool {
    let found = std::process::Command::new(program)
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .output()
        .is_ok();
    if !found {
        eprintln!("skipped: {skipped}: `{program}` is not installed");
    }
    found
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

impl Env {
    /// A fresh store with the built-in roadmap.
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
            now: NOW.to_string(),
            tz: UTC.to_string(),
            roadmap: None,
        }
    }

    /// A fresh store with the small fixture roadmap.
    pub fn small() -> Env {
        let mut env = Env::new();
        env.roadmap = Some(fixture("small.toml"));
        env
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data/progress.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary, with this environment.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.cmd_plain(env!("CARGO_BIN_EXE_roadmap")))
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out: Output = self.cmd().args(args).output().unwrap();
        Run {
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
            code: out.status.code().unwrap_or(-1),
        }
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.run(&all).ok()).unwrap()
    }

    /// Any program, with this environment (store, clock, time zone, config dirs).
    pub fn cmd_plain(&self, program: &str) -> std::process::Command {
        let mut cmd = std::process::Command::new(program);
        // COMPLETE would make the binary answer as a shell's completer; BASH_ENV and ENV
        // name a script that bash and sh run first, which may print.
        for var in [
            "ROADMAP_FILE",
            "NO_COLOR",
            "CLICOLOR_FORCE",
            "COLUMNS",
            "COMPLETE",
            "BASH_ENV",
            "ENV",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("ROADMAP_DB", self.db())
            .env("ROADMAP_NOW", &self.now)
            .env("TZ", &self.tz)
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("xdg-data"));
        if let Some(r) = &self.roadmap {
            cmd.env("ROADMAP_FILE", r);
        }
        cmd
    }

    /// Runs a bash script with this environment; returns (status, stderr).
    pub fn cmd_shell(&self, script: &str) -> (i32, String) {
        let mut cmd = self.cmd_plain("bash");
        cmd.arg("-c").arg(script);
        let out = cmd.output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Every topic's state as `list --json` gives it (retired ones too), by id.
    pub fn states(&self) -> std::collections::BTreeMap<String, String> {
        self.json(&["list"])
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["id"].as_str().unwrap().to_string(),
                    t["state"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// The whole event log, as exported.
    pub fn export(&self) -> String {
        self.run(&["export"]).ok()
    }
}
