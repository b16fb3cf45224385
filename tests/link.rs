//! The linker wrapper `.cargo/link-static` (see .cargo/config.toml): it makes the final link of
//! the `roadmap` executable a static one, passes every other link through untouched, and
//! falls back to the link rustc asked for when the static one fails. Each test runs the
//! script with a stand-in C compiler that records its arguments.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// A link line as rustc 1.95 writes it for a dynamically linked executable (objects, rlibs
/// and search paths shortened).
const LINE: &[&str] = &[
    "-m64",
    "/tmp/x/main.o",
    "-Wl,--as-needed",
    "-Wl,-Bstatic",
    "/tmp/x/libstd.rlib",
    "-Wl,-Bdynamic",
    "-lgcc_s",
    "-lutil",
    "-lrt",
    "-lpthread",
    "-lm",
    "-ldl",
    "-lc",
    "-fuse-ld=lld",
    "-Wl,--eh-frame-hdr",
    "-o",
    "OUT",
    "-Wl,--gc-sections",
    "-pie",
    "-Wl,-z,relro,-z,now",
    "-nodefaultlibs",
];

struct Stub {
    dir: TempDir,
}

impl Stub {
    /// A stand-in for `cc` that appends its arguments (one a line, then `--`) to a log and
    /// fails when it is given `fail_on`.
    fn new(fail_on: &str) -> Stub {
        let dir = tempfile::tempdir().unwrap();
        let cc = dir.path().join("cc");
        fs::write(
            &cc,
            format!(
                "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" -- >> \"{log}\"\n\
                 for a in \"$@\"; do [ \"$a\" = '{fail_on}' ] && exit 1; done\nexit 0\n",
                log = dir.path().join("log").display(),
            ),
        )
        .unwrap();
        make_executable(&cc);
        Stub { dir }
    }

    /// Runs the wrapper on `LINE` with `out` as the output file; its exit status and the
    /// argument lists the stand-in was called with, in order.
    fn link(&self, out: &str) -> (i32, Vec<Vec<String>>) {
        let status = Command::new(script())
            .args(line_with(out))
            .env("ROADMAP_LINK_CC", self.dir.path().join("cc"))
            .status()
            .unwrap();
        let log = fs::read_to_string(self.dir.path().join("log")).unwrap_or_default();
        let calls = log
            .split_terminator("--\n")
            .map(|call| call.lines().map(str::to_string).collect())
            .collect();
        (status.code().unwrap_or(-1), calls)
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".cargo/link-static")
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

fn line_with(out: &str) -> Vec<String> {
    LINE.iter()
        .map(|a| if *a == "OUT" { out } else { a }.to_string())
        .collect()
}

#[test]
fn the_roadmap_executable_is_linked_statically() {
    let stub = Stub::new("never");
    let out = "/t/release/deps/roadmap-0123abcd";
    let (code, calls) = stub.link(out);
    assert_eq!(code, 0);
    let expected: Vec<String> = [
        "-m64",
        "/tmp/x/main.o",
        "-Wl,--as-needed",
        "-Wl,-Bstatic",
        "/tmp/x/libstd.rlib",
        "-lutil",
        "-lrt",
        "-lpthread",
        "-lm",
        "-ldl",
        "-lc",
        "-lgcc_eh",
        "-lgcc",
        "-lc",
        "-fuse-ld=lld",
        "-Wl,--eh-frame-hdr",
        "-o",
        out,
        "-Wl,--gc-sections",
        "-static",
        "-no-pie",
        "-Wl,-z,relro,-z,now",
        "-nodefaultlibs",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(calls, vec![expected]);
}

#[test]
fn other_links_pass_through_unchanged() {
    let stub = Stub::new("never");
    for out in [
        "/t/release/deps/cli-0123abcd",
        "/t/release/build/roadmap-0123/build_script_build-0123",
        "/t/release/deps/libclap_derive-0123.so",
    ] {
        let (code, calls) = stub.link(out);
        assert_eq!(code, 0);
        assert_eq!(calls.last(), Some(&line_with(out)), "{out}");
    }
    assert_eq!(stub.link("/x").1.len(), 4, "one call a link, no retries");
}

#[test]
fn a_failed_static_link_falls_back_to_the_link_rustc_asked_for() {
    let stub = Stub::new("-static");
    let out = "/t/release/deps/roadmap-0123abcd";
    let (code, calls) = stub.link(out);
    assert_eq!(code, 0);
    assert_eq!(calls.len(), 2);
    assert!(calls[0].contains(&"-static".to_string()));
    assert_eq!(calls[1], line_with(out));
}

#[test]
fn a_link_that_fails_either_way_fails() {
    let stub = Stub::new("-m64");
    let (code, calls) = stub.link("/t/release/deps/roadmap-0123abcd");
    assert_ne!(code, 0);
    assert_eq!(calls.len(), 2);
}
