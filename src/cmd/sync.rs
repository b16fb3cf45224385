//! `roadmap sync [REMOTE] [--folder DIR] [--name NAME]`: keeps the stores of several
//! machines in step, through the learner's own `git` or a folder that something else syncs.
//!
//! The shared layout (the README's "Sync between machines" documents it):
//!
//! ```text
//! machines/<machine-id>.json       {"id":…,"name":…}: the machine's label
//! events/<machine-id>.jsonl        its events, in the export format, append-only
//! settings/<machine-id>.jsonl      its settings changes, {"key":…,"value":…,"at":…}
//! roadmaps/<machine-id>/<id>.toml  the roadmaps it added with `add` (and <id>.md)
//! ```
//!
//! Every file is written by one machine only, so a merge never conflicts. The store
//! remembers how far each file was written or read (`sync_files`), in the same transaction
//! as what was imported from it: a sync killed at any point loses and doubles nothing, and
//! a sync reads only what is new.
//!
//! One sync: 1. append this machine's new events and settings to its files (then fsync,
//! then remember how far); 2. commit; 3. fetch and merge; 4. import the other machines' new
//! lines, by event id; 5. push, and on a rejected push go back to 3, a few times.
//!
//! `ROADMAP_SYNC_PAUSE_AT=STEP` (written, committed, merged, imported, pushed) makes a
//! sync stop for a minute (or `ROADMAP_SYNC_PAUSE_SECS`) at that point, after saying so on
//! stderr: the tests kill it there, or let another machine push meanwhile.

use std::fs;
use std::io::{BufRead, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::app::Edges;
use crate::error::{Error, Result};
use crate::model::Event;
use crate::settings::SettingChange;
use crate::store::{FileMark, Store};
use crate::text;

/// The arguments of `sync`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A git remote, the first time: a URL, or the path of a repository (bare or not; an
    /// empty or missing one is created). Remembered: later, `roadmap sync` alone
    #[arg(value_name = "REMOTE", conflicts_with = "folder")]
    pub remote: Option<String>,
    /// Sync through this folder, which something else keeps in step (Syncthing, Dropbox, a
    /// network share), instead of git. Remembered
    #[arg(long, value_name = "DIR")]
    pub folder: Option<PathBuf>,
    /// This machine's name in the shared files [default: its hostname]. Remembered
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

/// What `sync` did.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SyncReport {
    /// `git` or `folder`.
    pub via: &'static str,
    /// The git remote, or the folder.
    pub remote: String,
    /// This machine's id and name.
    pub machine: String,
    pub name: String,
    /// This machine's events written to its file by this sync.
    pub sent: usize,
    /// Events from the other machines that were new here.
    pub received: usize,
    /// Settings changes read from the other machines.
    pub settings_received: usize,
    /// Roadmaps another machine added that this one now has.
    pub roadmaps_received: Vec<String>,
    /// The other machines whose files are in the shared layout.
    pub other_machines: usize,
    /// Lines of the other machines' files that were skipped, as `file:line: why`.
    pub skipped: Vec<String>,
    /// When this sync ended.
    pub at: DateTime<Utc>,
}

/// `sync` as text.
pub fn render(r: &SyncReport) -> String {
    let mut out = format!(
        "synced with {} as {}: sent {}, received {} from {}\n",
        text::line(&r.remote),
        text::line(&r.name),
        text::count(r.sent as u64, "event"),
        text::count(r.received as u64, "new event"),
        text::count(r.other_machines as u64, "other machine"),
    );
    if r.settings_received > 0 {
        out.push_str(&format!(
            "received {}\n",
            text::count(r.settings_received as u64, "settings change")
        ));
    }
    for id in &r.roadmaps_received {
        out.push_str(&format!("received roadmap {}\n", text::line(id)));
    }
    for s in &r.skipped {
        out.push_str(&format!("skipped {}\n", text::line(s)));
    }
    out
}

/// Where the shared files are.
enum Target {
    /// A git remote (URL or absolute path) and the working copy kept beside the store.
    Git { remote: String },
    /// A folder synced by something else.
    Folder { dir: PathBuf },
}

/// How many times a rejected push is retried (another machine pushed first).
const PUSH_ATTEMPTS: usize = 5;

/// `sync`.
pub fn run(args: &Args, edges: &Edges) -> Result<SyncReport> {
    let now = edges.now()?.to_utc();
    let db = &edges.paths.db;
    if let Some(name) = &args.name {
        check_name(name)?;
    }
    let named = match (&args.remote, &args.folder) {
        (Some(r), _) => Some(Target::Git {
            remote: remote_url(r)?,
        }),
        (None, Some(dir)) => Some(Target::Folder { dir: folder(dir)? }),
        (None, None) => None,
    };
    if named.is_none() && !db.exists() {
        return Err(nothing_remembered());
    }
    if matches!(named, Some(Target::Git { .. })) {
        git_version()?;
    }
    let mut store = edges.store()?;
    let target = match named {
        Some(t) => t,
        None => match (store.sync_value("remote")?, store.sync_value("folder")?) {
            (Some(remote), _) => {
                git_version()?;
                Target::Git { remote }
            }
            (None, Some(dir)) => Target::Folder {
                dir: PathBuf::from(dir),
            },
            (None, None) => return Err(nothing_remembered()),
        },
    };
    let (key, value) = match &target {
        Target::Git { remote } => ("remote", remote.clone()),
        Target::Folder { dir } => ("folder", dir.display().to_string()),
    };
    let before = store.sync_value(key)?;
    let me = store.machine_id()?;
    let name = match (&args.name, store.sync_value("name")?) {
        (Some(n), _) => n.clone(),
        (None, Some(n)) => n,
        (None, None) => hostname(),
    };
    let _lock = Lock::take(&lock_path(db))?;
    if before.as_deref() != Some(value.as_str()) {
        // Another remote or folder: its files are read, and this machine's written, afresh.
        store.reset_file_marks()?;
    }
    let mut report = SyncReport {
        via: match target {
            Target::Git { .. } => "git",
            Target::Folder { .. } => "folder",
        },
        remote: value.clone(),
        machine: me.clone(),
        name: name.clone(),
        sent: 0,
        received: 0,
        settings_received: 0,
        roadmaps_received: Vec::new(),
        other_machines: 0,
        skipped: Vec::new(),
        at: now,
    };
    match &target {
        Target::Folder { dir } => {
            report.sent = write_own(&mut store, dir, &me, &name)?;
            pause("written");
            import_others(&mut store, dir, &me, now, &mut report)?;
            pause("imported");
        }
        Target::Git { remote } => {
            let work = work_dir(db);
            let git = Git::open(&work, remote)?;
            report.sent = write_own(&mut store, &work, &me, &name)?;
            pause("written");
            git.commit(&name)?;
            pause("committed");
            let mut pushed = false;
            for _ in 0..PUSH_ATTEMPTS {
                let has_main = git.fetch()?;
                if has_main {
                    git.merge()?;
                }
                pause("merged");
                import_others(&mut store, &work, &me, now, &mut report)?;
                pause("imported");
                if has_main && !git.ahead()? {
                    pushed = true;
                    break;
                }
                if git.push()? {
                    pushed = true;
                    break;
                }
            }
            if !pushed {
                return Err(Error::Failed {
                    message: format!(
                        "other machines kept pushing to `{}` first ({PUSH_ATTEMPTS} tries)",
                        text::line(remote)
                    ),
                    hint: Some(
                        "everything is committed here: run `roadmap sync` again".to_string(),
                    ),
                });
            }
            pause("pushed");
        }
    }
    let (other, other_value) = match &target {
        Target::Git { .. } => ("folder", ""),
        Target::Folder { .. } => ("remote", ""),
    };
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    store.set_sync_values(&[
        (key, &value),
        (other, other_value),
        ("name", &name),
        ("last_sync", &at),
    ])?;
    Ok(report)
}

fn nothing_remembered() -> Error {
    Error::usage_hint(
        "no remote or folder to sync with yet",
        "name one the first time: `roadmap sync REMOTE` (a git URL or repository path) or `roadmap sync --folder DIR`",
    )
}

/// A machine name: any short printable text.
fn check_name(name: &str) -> Result<()> {
    if name.trim().is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(Error::usage_hint(
            format!("bad machine name `{}`", text::fit(&text::line(name), 60)),
            "a name is 1 to 100 printable characters, like `laptop`",
        ));
    }
    Ok(())
}

/// The machine's hostname, for its default name.
fn hostname() -> String {
    let from_command = Command::new("hostname")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok());
    from_command
        .or_else(|| fs::read_to_string("/etc/hostname").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| check_name(h).is_ok())
        .unwrap_or_else(|| "this-machine".to_string())
}

/// Whether `remote` is a URL (`scheme://…`, or scp-like `host:path`) rather than a path.
fn is_url(remote: &str) -> bool {
    if remote.contains("://") {
        return true;
    }
    match remote.split_once(':') {
        Some((host, _)) => !host.is_empty() && !host.contains('/') && host.len() > 1,
        None => false,
    }
}

/// The remote as git is given it: a URL as it is; a path made absolute (git runs in the
/// working copy), and a missing or empty directory made an empty bare repository.
fn remote_url(remote: &str) -> Result<String> {
    if remote.trim().is_empty() {
        return Err(Error::usage("the remote is empty"));
    }
    let path = Path::new(remote);
    if is_url(remote) && !path.exists() {
        return Ok(remote.to_string());
    }
    let path = std::path::absolute(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
        user_input: true,
    })?;
    let empty = !path.exists()
        || (path.is_dir() && fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()));
    if empty {
        git_version()?;
        if let Some(parent) = path.parent()
            && !parent.is_dir()
        {
            return Err(Error::usage_hint(
                format!("no directory `{}` for the remote", parent.display()),
                "a new remote repository is created only in a directory that exists",
            ));
        }
        let out = git_output(
            Command::new("git")
                .args(["init", "-q", "--bare", "--initial-branch=main"])
                .arg(&path),
        )?;
        if !out.status.success() {
            return Err(git_failed("init", &out, None));
        }
    }
    Ok(path.display().to_string())
}

/// The folder of `--folder`, absolute; it must exist.
fn folder(dir: &Path) -> Result<PathBuf> {
    if !dir.is_dir() {
        return Err(Error::usage_hint(
            format!("no folder `{}`", dir.display()),
            "create it first, or check that the synced folder is there (mounted, shared)",
        ));
    }
    std::path::absolute(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
        user_input: true,
    })
}

/// The git working copy of a store: beside it, `<store>-sync`.
pub fn work_dir(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push("-sync");
    db.with_file_name(name)
}

fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push("-sync.lock");
    db.with_file_name(name)
}

/// Stops for a minute at `step` when ROADMAP_SYNC_PAUSE_AT names it (see the module doc).
fn pause(step: &str) {
    if std::env::var("ROADMAP_SYNC_PAUSE_AT").is_ok_and(|s| s == step) {
        let mut err = std::io::stderr();
        let _ = writeln!(err, "roadmap: sync paused at {step}");
        let _ = err.flush();
        let secs = std::env::var("ROADMAP_SYNC_PAUSE_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(60);
        std::thread::sleep(std::time::Duration::from_secs(secs));
    }
}

/// One sync of a store at a time: a file holding the pid of the sync that runs. One left
/// by a sync that was killed names a process that is gone, and is taken over.
struct Lock {
    path: PathBuf,
}

impl Lock {
    fn take(path: &Path) -> Result<Lock> {
        for _ in 0..2 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(mut f) => {
                    let _ = write!(f, "{}", std::process::id());
                    return Ok(Lock {
                        path: path.to_path_buf(),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let pid = fs::read_to_string(path).unwrap_or_default();
                    let pid = pid.trim();
                    if !pid.is_empty() && alive(pid) {
                        return Err(Error::Failed {
                            message: format!("another sync of this store is running (pid {pid})"),
                            hint: Some("wait for it to finish".to_string()),
                        });
                    }
                    let _ = fs::remove_file(path);
                }
                Err(source) => {
                    return Err(Error::Write {
                        path: path.to_path_buf(),
                        source,
                    });
                }
            }
        }
        Err(Error::Failed {
            message: format!("cannot take the sync lock `{}`", path.display()),
            hint: None,
        })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether the process `pid` is running.
fn alive(pid: &str) -> bool {
    if Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid).exists();
    }
    Command::new("kill")
        .args(["-0", pid])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

// ---- This machine's files ----

/// Writes what this machine has that its files lack: its events, its settings changes,
/// its label and its added roadmaps. Returns how many events were written.
fn write_own(store: &mut Store, root: &Path, me: &str, name: &str) -> Result<usize> {
    let sent = append_own(
        store,
        root,
        &format!("events/{me}.jsonl"),
        |store, seq, w| {
            let mut last = None;
            let mut line = Vec::with_capacity(256);
            store.for_each_own_event_after(seq, |s, e| {
                crate::json::write_line(w, &mut line, &e)?;
                last = Some(s);
                Ok(())
            })?;
            Ok(last)
        },
    )?;
    append_own(
        store,
        root,
        &format!("settings/{me}.jsonl"),
        |store, seq, w| {
            let mut last = None;
            let mut line = Vec::with_capacity(128);
            for (s, change) in store.own_settings_after(seq)? {
                crate::json::write_line(w, &mut line, &change)?;
                last = Some(s);
            }
            Ok(last)
        },
    )?;
    let label = serde_json::json!({ "id": me, "name": name });
    replace_if_changed(
        &root.join("machines").join(format!("{me}.json")),
        format!("{label}\n").as_bytes(),
    )?;
    if let Some(added) = crate::paths::added_dir().filter(|d| d.is_dir()) {
        let mine = root.join("roadmaps").join(me);
        for (file, _) in roadmap_files(&added)? {
            let content = fs::read(added.join(&file)).map_err(|source| Error::Read {
                path: added.join(&file),
                source,
                user_input: false,
            })?;
            replace_if_changed(&mine.join(&file), &content)?;
        }
    }
    Ok(sent)
}

/// Appends to this machine's file `rel` what `lines` writes (the rows after the last seq
/// written), then fsyncs it, then remembers how far it was written. Bytes past that mark
/// (a sync killed between the two) are cut off first and written again. Returns the lines.
fn append_own(
    store: &mut Store,
    root: &Path,
    rel: &str,
    mut lines: impl FnMut(&Store, i64, &mut dyn Write) -> Result<Option<i64>>,
) -> Result<usize> {
    let path = root.join(rel);
    let werr = |source| Error::Write {
        path: path.clone(),
        source,
    };
    let mut mark = store.file_mark(rel)?;
    let len = fs::metadata(&path).map_or(0, |m| m.len());
    if len < mark.offset {
        // The file is shorter than written (a new working copy): write it all again.
        mark = FileMark::default();
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(werr)?;
    }
    let file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(werr)?;
    if len != mark.offset {
        file.set_len(mark.offset).map_err(werr)?;
    }
    let mut out = Counting {
        inner: std::io::BufWriter::with_capacity(1 << 20, &file),
        bytes: 0,
        lines: 0,
    };
    (&file)
        .seek(std::io::SeekFrom::Start(mark.offset))
        .map_err(werr)?;
    let last = lines(store, mark.seq, &mut out)?;
    out.inner.flush().map_err(werr)?;
    let (bytes, n) = (out.bytes, out.lines);
    drop(out);
    let Some(seq) = last else {
        return Ok(0);
    };
    file.sync_all().map_err(werr)?;
    store.set_file_mark(
        rel,
        FileMark {
            offset: mark.offset + bytes,
            line: mark.line + n,
            seq,
        },
    )?;
    Ok(n as usize)
}

/// A writer that counts bytes and newlines.
struct Counting<W> {
    inner: W,
    bytes: u64,
    lines: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        self.lines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes `content` to `path` (through a temporary file and a rename) unless it holds that.
fn replace_if_changed(path: &Path, content: &[u8]) -> Result<()> {
    if fs::read(path).is_ok_and(|c| c == content) {
        return Ok(());
    }
    super::write_atomic(path, content)
}

/// The roadmap files in `dir` (`<id>.toml`, `<id>.md`), with the id of each.
fn roadmap_files(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    let entries = fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
        user_input: false,
    })?;
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let id = file
            .strip_suffix(".toml")
            .or_else(|| file.strip_suffix(".md"));
        if let Some(id) = id
            && crate::roadmap::is_valid_id(id)
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            files.push((file.clone(), id.to_string()));
        }
    }
    files.sort();
    Ok(files)
}

// ---- The other machines' files ----

/// Whether `id` can be a machine id in a file name.
fn is_machine_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The other machines' ids with a file `<dir>/<id>.<ext>` in `root`.
fn others(root: &Path, dir: &str, ext: &str, me: &str) -> Vec<String> {
    let mut ids: Vec<String> = fs::read_dir(root.join(dir))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let id = if ext.is_empty() {
                Some(name.as_str())
            } else {
                name.strip_suffix(ext)
            };
            id.filter(|id| is_machine_id(id) && *id != me)
                .map(str::to_string)
        })
        .collect();
    ids.sort();
    ids
}

/// Imports what is new in the other machines' files.
fn import_others(
    store: &mut Store,
    root: &Path,
    me: &str,
    now: DateTime<Utc>,
    report: &mut SyncReport,
) -> Result<()> {
    let mut machines = std::collections::BTreeSet::new();
    for id in others(root, "events", ".jsonl", me) {
        report.received += import_events(store, root, &id, now, &mut report.skipped)?;
        machines.insert(id);
    }
    for id in others(root, "settings", ".jsonl", me) {
        report.settings_received += import_settings(store, root, &id, me, &mut report.skipped)?;
        machines.insert(id);
    }
    if let Some(added) = crate::paths::added_dir() {
        for id in others(root, "roadmaps", "", me) {
            let theirs = root.join("roadmaps").join(&id);
            for (file, roadmap) in roadmap_files(&theirs)? {
                let content = fs::read(theirs.join(&file)).map_err(|source| Error::Read {
                    path: theirs.join(&file),
                    source,
                    user_input: false,
                })?;
                // A roadmap this machine lacks is taken; one it has is taken again when
                // the other machine's copy changed since this one last saw it (it added a
                // newer version there). Two machines that both change it: the last to
                // sync wins, and the other's version comes back at its next `add`.
                let here = added.join(&file);
                let seen_key = format!("seen:roadmaps/{id}/{file}");
                let hash = blake3::hash(&content).to_hex().to_string();
                let seen = store.sync_value(&seen_key)?;
                let take =
                    !here.exists() || (seen.is_some() && seen.as_deref() != Some(hash.as_str()));
                if seen.as_deref() != Some(hash.as_str()) {
                    store.set_sync_values(&[(&seen_key, &hash)])?;
                }
                if !take || fs::read(&here).is_ok_and(|ours| ours == content) {
                    continue;
                }
                replace_if_changed(&here, &content)?;
                if file.ends_with(".toml") && !report.roadmaps_received.contains(&roadmap) {
                    report.roadmaps_received.push(roadmap);
                }
            }
            machines.insert(id);
        }
    }
    machines.extend(others(root, "machines", ".json", me));
    report.other_machines = machines.len();
    Ok(())
}

/// Where reading `rel` starts, and how many bytes it has: nothing to read when they agree.
fn start(store: &Store, path: &Path, rel: &str) -> Result<(FileMark, u64)> {
    let mark = store.file_mark(rel)?;
    let len = fs::metadata(path).map_or(0, |m| m.len());
    // A file shorter than what was read was rewritten (by hand): read it again, by id.
    Ok((
        if len < mark.offset {
            FileMark::default()
        } else {
            mark
        },
        len,
    ))
}

/// Reads the complete lines of `path` from `from` up to `len` bytes, calling `line` with
/// each line's number and text; an incomplete last line is reported and left to be read
/// again. Returns how far it read.
fn read_lines(
    path: &Path,
    rel: &str,
    from: FileMark,
    len: u64,
    skipped: &mut Vec<String>,
    mut line: impl FnMut(u64, &str) -> Result<()>,
) -> Result<FileMark> {
    let rerr = |source| Error::Read {
        path: path.to_path_buf(),
        source,
        user_input: false,
    };
    let mut file = fs::File::open(path).map_err(rerr)?;
    file.seek(std::io::SeekFrom::Start(from.offset))
        .map_err(rerr)?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file.take(len - from.offset));
    let mut mark = from;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(rerr)?;
        if n == 0 {
            break;
        }
        if buf.last() != Some(&b'\n') {
            skipped.push(format!(
                "{rel}:{}: an incomplete last line (a write cut short), read again at the next sync",
                mark.line + 1
            ));
            break;
        }
        mark.offset += n as u64;
        mark.line += 1;
        buf.pop();
        match std::str::from_utf8(&buf) {
            Ok(text) if text.trim().is_empty() => {}
            Ok(text) => line(mark.line, text)?,
            Err(_) => skipped.push(format!("{rel}:{}: not valid UTF-8", mark.line)),
        }
    }
    Ok(mark)
}

/// Imports the new lines of machine `id`'s events. A bad line is reported and skipped.
fn import_events(
    store: &mut Store,
    root: &Path,
    id: &str,
    now: DateTime<Utc>,
    skipped: &mut Vec<String>,
) -> Result<usize> {
    let rel = format!("events/{id}.jsonl");
    let path = root.join(&rel);
    let (from, len) = start(store, &path, &rel)?;
    if len == from.offset {
        return Ok(0);
    }
    // Another machine's clock may be ahead of this one's: its events are kept.
    let latest = now + chrono::Duration::days(366 * 100);
    let lines_at_most = (len - from.offset) / 100;
    let bulk = lines_at_most > 10_000 && lines_at_most > store.approx_event_count()?.max(0) as u64;
    let mut bad = Vec::new();
    let added = store.append_synced(id, &rel, bulk, |add| {
        read_lines(&path, &rel, from, len, skipped, |number, text| {
            let event = serde_json::from_str::<Event>(text)
                .map_err(|e| super::import::json_refusal(text, &e))
                .and_then(|e| e.check().and(e.check_at(latest)).map(|()| e));
            match event {
                Ok(e) => add(&e),
                Err(why) => {
                    bad.push(format!("{rel}:{number}: {}", why.message));
                    Ok(())
                }
            }
        })
    })?;
    skipped.append(&mut bad);
    Ok(added)
}

/// Imports the new lines of machine `id`'s settings changes.
fn import_settings(
    store: &mut Store,
    root: &Path,
    id: &str,
    me: &str,
    skipped: &mut Vec<String>,
) -> Result<usize> {
    let rel = format!("settings/{id}.jsonl");
    let path = root.join(&rel);
    let (from, len) = start(store, &path, &rel)?;
    if len == from.offset {
        return Ok(0);
    }
    let mut changes = Vec::new();
    let mut bad = Vec::new();
    let mark = read_lines(&path, &rel, from, len, skipped, |number, text| {
        match serde_json::from_str::<SettingChange>(text) {
            Ok(c) => changes.push(c),
            Err(e) => bad.push(format!("{rel}:{number}: {e}")),
        }
        Ok(())
    })?;
    skipped.append(&mut bad);
    store.append_synced_settings(id, me, &rel, &changes, mark)?;
    Ok(changes.len())
}

// ---- git ----

/// The working copy of the shared repository.
struct Git {
    dir: PathBuf,
    remote: String,
}

/// Runs a git command; a missing `git` is an error with a hint.
fn git_output(cmd: &mut Command) -> Result<Output> {
    cmd.env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(Stdio::null());
    if std::env::var_os("GIT_SSH_COMMAND").is_none() && std::env::var_os("GIT_SSH").is_none() {
        cmd.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
    }
    cmd.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::Failed {
                message: "cannot run `git`: it is not installed, or not on PATH".to_string(),
                hint: Some(
                    "install git (https://git-scm.com), or sync through a folder: `roadmap sync --folder DIR`"
                        .to_string(),
                ),
            }
        } else {
            Error::Failed {
                message: format!("cannot run `git`: {e}"),
                hint: None,
            }
        }
    })
}

/// Checks that git can be run.
fn git_version() -> Result<()> {
    git_output(Command::new("git").arg("--version")).map(|_| ())
}

/// The error for a git command that failed: its last words on stderr.
fn git_failed(what: &str, out: &Output, hint: Option<String>) -> Error {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("(no message)");
    Error::Failed {
        message: format!("git {what} failed: {}", text::line(last)),
        hint,
    }
}

impl Git {
    /// The working copy at `dir`, made if needed, with `remote` as its origin; what a sync
    /// killed in the middle left behind (locks, a merge begun) is cleared first.
    fn open(dir: &Path, remote: &str) -> Result<Git> {
        let git = Git {
            dir: dir.to_path_buf(),
            remote: remote.to_string(),
        };
        let dot = dir.join(".git");
        if !dot.join("HEAD").exists() {
            fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
            git.ok("init", &["init", "-q", "--initial-branch=main"], None)?;
        }
        // A temporary file left by a sync killed mid-write (see cmd::write_atomic) is this
        // machine's business: `git add -A` must not send it to the others.
        let exclude = dot.join("info").join("exclude");
        if !fs::read_to_string(&exclude).is_ok_and(|e| e.lines().any(|l| l == ".*.tmp")) {
            super::write_atomic(&exclude, b".*.tmp\n")?;
        }
        for lock in [
            "index.lock",
            "HEAD.lock",
            "config.lock",
            "packed-refs.lock",
            "refs/heads/main.lock",
            "refs/remotes/origin/main.lock",
        ] {
            let _ = fs::remove_file(dot.join(lock));
        }
        if dot.join("MERGE_HEAD").exists() {
            let aborted = git.run(&["merge", "--abort"])?;
            if !aborted.status.success() {
                git.ok("reset", &["reset", "-q", "--merge"], None)?;
            }
        }
        if !git
            .run(&["remote", "set-url", "origin", remote])?
            .status
            .success()
        {
            git.ok("remote", &["remote", "add", "origin", remote], None)?;
        }
        Ok(git)
    }

    fn run(&self, args: &[&str]) -> Result<Output> {
        git_output(
            Command::new("git")
                .arg("-C")
                .arg(&self.dir)
                .args([
                    "-c",
                    "user.name=roadmap",
                    "-c",
                    "user.email=roadmap@localhost",
                    "-c",
                    "commit.gpgsign=false",
                    "-c",
                    "core.autocrlf=false",
                    "-c",
                    "core.quotepath=false",
                    "-c",
                    "gc.auto=0",
                ])
                .args(args),
        )
    }

    fn ok(&self, what: &str, args: &[&str], hint: Option<String>) -> Result<String> {
        let out = self.run(args)?;
        if !out.status.success() {
            return Err(git_failed(what, &out, hint));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn reach_hint(&self) -> Option<String> {
        Some(format!(
            "check that `{}` is a git repository you can reach (network, ssh keys); nothing was lost: this machine's changes are committed in `{}`",
            text::line(&self.remote),
            self.dir.display()
        ))
    }

    /// Commits this machine's files, if they changed.
    fn commit(&self, name: &str) -> Result<()> {
        self.ok("add", &["add", "-A", "."], None)?;
        let staged = self.run(&["diff", "--cached", "--quiet"])?;
        if staged.status.code() == Some(1) {
            let message = format!("roadmap sync from {}", text::line(name));
            self.ok(
                "commit",
                &["commit", "-q", "--no-verify", "-m", &message],
                None,
            )?;
        }
        Ok(())
    }

    /// Fetches the remote; whether it has a `main` branch.
    fn fetch(&self) -> Result<bool> {
        self.ok(
            "fetch",
            &["fetch", "-q", "--no-tags", "origin"],
            self.reach_hint(),
        )?;
        Ok(self
            .run(&["rev-parse", "-q", "--verify", "refs/remotes/origin/main"])?
            .status
            .success())
    }

    /// Merges the remote's `main`. A conflict (a file edited by hand) is undone and is
    /// the error: nothing was imported.
    fn merge(&self) -> Result<()> {
        let out = self.run(&[
            "merge",
            "-q",
            "--no-edit",
            "--allow-unrelated-histories",
            "-m",
            "roadmap sync: merge",
            "refs/remotes/origin/main",
        ])?;
        if out.status.success() {
            return Ok(());
        }
        let conflicts = self.ok("diff", &["diff", "--name-only", "--diff-filter=U"], None)?;
        let conflicts: Vec<&str> = conflicts.lines().collect();
        let _ = self.run(&["merge", "--abort"]);
        if conflicts.is_empty() {
            return Err(git_failed("merge", &out, None));
        }
        Err(Error::Failed {
            message: format!(
                "sync stopped: `{}` was changed both here and in the remote (edited by hand?); nothing was imported",
                text::line(&conflicts.join("`, `"))
            ),
            hint: Some(format!(
                "each file is written by one machine only: mend the remote's copy so that it is this machine's file with lines only added at the end (the working copy is `{}`)",
                self.dir.display()
            )),
        })
    }

    /// Whether this machine has commits the remote lacks.
    fn ahead(&self) -> Result<bool> {
        let n = self.ok(
            "rev-list",
            &["rev-list", "--count", "refs/remotes/origin/main..HEAD"],
            None,
        )?;
        Ok(n.trim() != "0")
    }

    /// Pushes; false when the remote refused because another machine pushed first.
    fn push(&self) -> Result<bool> {
        let out = self.run(&["push", "-q", "origin", "HEAD:refs/heads/main"])?;
        if out.status.success() {
            return Ok(true);
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        let raced = [
            "[rejected]",
            "fetch first",
            "non-fast-forward",
            "cannot lock ref",
        ]
        .iter()
        .any(|s| stderr.contains(s));
        if raced {
            return Ok(false);
        }
        Err(git_failed("push", &out, self.reach_hint()))
    }
}
