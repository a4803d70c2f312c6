//! Writing a command's output to standard output, where a reader may stop reading early.

use std::io::{self, ErrorKind, Write};
use std::process::ExitCode;

/// Writes `text` to standard output. A reader that closed the pipe (`| head`) is a normal end,
/// not an error; any other failure is reported, with exit code 2.
pub fn print(text: &[u8]) -> ExitCode {
    let mut out = io::stdout().lock();
    match finished(out.write_all(text).and_then(|()| out.flush())) {
        Ok(_) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// The end of writing to standard output: what was written, or the exit code to leave with. A
/// closed pipe means the reader has seen enough, so it leaves quietly with success.
pub fn finished<T>(result: io::Result<T>) -> Result<T, ExitCode> {
    result.map_err(|e| {
        if e.kind() == ErrorKind::BrokenPipe {
            ExitCode::SUCCESS
        } else {
            eprintln!("error: cannot write to standard output: {e}");
            ExitCode::from(2)
        }
    })
}
