//! A call being walked is claimed, so that a second tread cannot take it up at the same time
//! (two seats writing one call would each lose steps). A claim is a lock on a file beside the
//! store, held while the call is open; the system lets it go when tread ends, however it ends.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use uuid::Uuid;

/// A held claim on one call; dropping it lets the call go.
pub struct Claim {
    _file: File,
    path: PathBuf,
}

impl Claim {
    /// Claims call `id` of the store at `store`; `Ok(None)` when another tread holds it.
    pub fn take(store: &Path, id: Uuid) -> io::Result<Option<Claim>> {
        let dir = store
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .join(".tread-claims");
        match fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        let path = dir.join(format!("{id}.lock"));
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Claim { _file: file, path })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_claimed_once_at_a_time() {
        let dir = std::env::temp_dir().join(format!("tread-claim-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = dir.join("calls.db");
        let id = Uuid::now_v7();
        let first = Claim::take(&store, id).unwrap().expect("free");
        assert!(Claim::take(&store, id).unwrap().is_none(), "held");
        drop(first);
        assert!(Claim::take(&store, id).unwrap().is_some(), "free again");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
