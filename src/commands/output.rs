//! Writing a command's output to standard output, where a reader may stop reading early.

use std::io::{self, ErrorKind, Write};

use crate::failure::{Failure, Outcome};

/// Writes `text` to standard output. A reader that closed the pipe (`| head`) is a normal end,
/// not an error.
pub fn print(text: &[u8]) -> Outcome {
    let mut out = io::stdout().lock();
    finished(out.write_all(text).and_then(|()| out.flush())).map(|_| ())
}

/// The end of writing to standard output: what was written, or why not. A closed pipe means the
/// reader has seen enough: `Ok(None)`, and the command ends quietly with success.
pub fn finished<T>(result: io::Result<T>) -> Result<Option<T>, Failure> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(None),
        Err(e) => Err(Failure::Output(e)),
    }
}
