//! What the app asks of the event loop, which owns the terminal: putting a summary on the
//! clipboard, and saving it to a file. Each says how it went, for the footer.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

use base64::Engine;

use super::app::Request;

/// Carries out a request; what to tell the person.
pub fn carry_out(request: Request, terminal: &mut impl Write) -> String {
    match request {
        Request::Copy(text) => match copy(&text, terminal) {
            Ok(()) => {
                "summary copied (OSC 52; in tmux it needs `set-clipboard on`); s saves it".into()
            }
            Err(e) => format!("the summary could not be copied: {e}"),
        },
        Request::Save(id, text) => match save(&id, &text) {
            Ok(path) => format!(
                "summary saved to {}",
                crate::scrub::one_line(&path.display().to_string())
            ),
            Err(e) => format!("the summary could not be saved: {e}"),
        },
    }
}

/// Puts text on the clipboard of the terminal (and, over SSH, of the computer the person sits
/// at) with OSC 52. The text is base64, so nothing in it reaches the terminal as a sequence.
fn copy(text: &str, terminal: &mut impl Write) -> io::Result<()> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    write!(terminal, "\x1b]52;c;{encoded}\x07")?;
    terminal.flush()
}

/// Saves a summary as `tread-call-<id>.txt` in the working directory, never over a file that
/// is there, readable only by its owner; a file that cannot be written whole is removed.
fn save(id: &str, text: &str) -> io::Result<PathBuf> {
    let short = &id[..13.min(id.len())];
    for n in 1.. {
        let name = if n == 1 {
            format!("tread-call-{short}.txt")
        } else {
            format!("tread-call-{short}-{n}.txt")
        };
        let path = PathBuf::from(name);
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path);
        let mut file = match file {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => continue,
            Err(e) => return Err(e),
        };
        if let Err(e) = file
            .write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
        {
            let _ = fs::remove_file(&path);
            return Err(e);
        }
        return Ok(std::env::current_dir().map_or(path.clone(), |d| d.join(&path)));
    }
    unreachable!("the loop returns")
}
