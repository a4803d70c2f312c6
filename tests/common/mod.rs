//! Running the real binary from tests.

#![allow(dead_code)]

pub mod pg;
pub mod proxy;
pub mod pty;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A store of calls of this test process's own, so that no test writes to the user's.
pub fn store() -> std::path::PathBuf {
    std::env::temp_dir()
        .join(format!("tread-tests-{}", std::process::id()))
        .join("calls.db")
}

/// What a run of `tread` left behind.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `tread` with these arguments from the crate's root, with no terminal and no colour;
/// a run that takes longer than 60 seconds is killed and fails the test (a hang is a bug).
///
/// Both pipes are read while tread runs, on threads of their own, so an output larger than a
/// pipe holds never stalls it.
pub fn tread(args: &[&str]) -> Run {
    tread_with_input(args, None)
}

/// As [`tread`], with `input` on standard input (none at all when `None`).
pub fn tread_with_input(args: &[&str], input: Option<&str>) -> Run {
    tread_fed(args, input.map(|s| s.as_bytes().to_vec()))
}

/// As [`tread`], with these bytes on standard input (not all of them UTF-8, maybe).
#[allow(dead_code)]
pub fn tread_bytes(args: &[&str], input: &[u8]) -> Run {
    tread_fed(args, Some(input.to_vec()))
}

fn tread_fed(args: &[&str], input: Option<Vec<u8>>) -> Run {
    tread_env(args, &[], input)
}

/// As [`tread`], with these variables set as well, and these bytes (if any) on standard input.
pub fn tread_env(args: &[&str], vars: &[(&str, &str)], input: Option<Vec<u8>>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tread"))
        .args(args)
        .envs(vars.iter().copied())
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env_remove("NO_COLOR")
        .env("TREAD_STORE", store())
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tread starts");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            pipe.read_to_string(&mut text).expect("UTF-8 output");
            text
        })
    };
    if let Some(input) = input {
        let mut stdin = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(&input);
        });
    }
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("tread {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code().expect("exited, not killed"),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}
