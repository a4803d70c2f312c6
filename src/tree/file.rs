//! Reading a tree file from disk, refusing anything that is not a regular file of sane size.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The largest tree file read, in bytes (256 MiB).
pub const MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// The largest file of cases read: thousands of cases, while decoding it takes no more than a
/// few hundred MiB (ron needs about 60 times a file's size to decode a list of small cases).
pub const MAX_CASES_SIZE: u64 = 4 * 1024 * 1024;

/// Why a file could not be read at all.
#[derive(Debug)]
pub enum FileError {
    /// Nothing at that path.
    NotFound(PathBuf),
    /// A directory where a file was wanted.
    IsDirectory(PathBuf),
    /// A FIFO, socket or device: reading one could block for ever.
    NotRegular(PathBuf),
    /// Larger than [`MAX_FILE_SIZE`].
    TooLarge(PathBuf, u64),
    /// A file of cases larger than [`MAX_CASES_SIZE`].
    TooManyCases(PathBuf, u64),
    /// A directory with no tree files below it.
    NoTrees(PathBuf),
    /// Any other failure of the operating system.
    Io(PathBuf, io::Error),
}

impl FileError {
    /// The error for an I/O failure at `path`.
    pub fn from_io(path: &Path, e: io::Error) -> FileError {
        match e.kind() {
            io::ErrorKind::NotFound => FileError::NotFound(path.to_path_buf()),
            _ => FileError::Io(path.to_path_buf(), e),
        }
    }

    /// The path that could not be read.
    pub fn path(&self) -> &Path {
        match self {
            FileError::NotFound(p)
            | FileError::IsDirectory(p)
            | FileError::NotRegular(p)
            | FileError::TooLarge(p, _)
            | FileError::TooManyCases(p, _)
            | FileError::NoTrees(p)
            | FileError::Io(p, _) => p,
        }
    }

    /// Every code [`FileError::code`] gives.
    pub const CODES: &[&str] = &[
        "not-found",
        "is-directory",
        "not-regular-file",
        "too-large",
        "no-trees",
        "unreadable",
    ];

    /// A stable name for the kind of failure, for people and tools.
    pub fn code(&self) -> &'static str {
        match self {
            FileError::NotFound(_) => "not-found",
            FileError::IsDirectory(_) => "is-directory",
            FileError::NotRegular(_) => "not-regular-file",
            FileError::TooLarge(..) | FileError::TooManyCases(..) => "too-large",
            FileError::NoTrees(_) => "no-trees",
            FileError::Io(..) => "unreadable",
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::NotFound(p) => write!(f, "`{}`: no such file", crate::scrub::path(p)),
            FileError::IsDirectory(p) => write!(
                f,
                "`{}` is a directory: give a tree file (`tread check` also takes directories)",
                crate::scrub::path(p)
            ),
            FileError::NotRegular(p) => {
                write!(
                    f,
                    "`{}` is not a regular file (a FIFO, socket or device)",
                    crate::scrub::path(p)
                )
            }
            FileError::TooLarge(p, size) => write!(
                f,
                "`{}` is {} MiB; tree files may be at most {} MiB",
                crate::scrub::path(p),
                size.div_ceil(1024 * 1024),
                MAX_FILE_SIZE / 1024 / 1024
            ),
            FileError::TooManyCases(p, size) => write!(
                f,
                "`{}` is {} KiB; a file of cases may be at most {} KiB: split it into files of cases of their own",
                crate::scrub::path(p),
                size.div_ceil(1024),
                MAX_CASES_SIZE / 1024
            ),
            FileError::NoTrees(p) => write!(f, "`{}` holds no .ron files", crate::scrub::path(p)),
            FileError::Io(p, e) => write!(f, "`{}` cannot be read: {e}", crate::scrub::path(p)),
        }
    }
}

impl std::error::Error for FileError {}

/// Reads a whole tree file, after checking it is a regular file of at most [`MAX_FILE_SIZE`].
pub fn read(path: &Path) -> Result<Vec<u8>, FileError> {
    let io_err = |e: io::Error| FileError::from_io(path, e);
    // Look before opening: opening a FIFO for reading blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(io_err)?;
    if meta.is_dir() {
        return Err(FileError::IsDirectory(path.to_path_buf()));
    }
    if !meta.is_file() {
        return Err(FileError::NotRegular(path.to_path_buf()));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(FileError::TooLarge(path.to_path_buf(), meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    File::open(path)
        .map_err(io_err)?
        .take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(FileError::TooLarge(path.to_path_buf(), bytes.len() as u64));
    }
    Ok(bytes)
}
