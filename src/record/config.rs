//! A seat's settings, set once: a RON file in the user's config directory
//! (`$XDG_CONFIG_HOME/tread/config.ron`, or the platform's equivalent) names the seat, the
//! person at it, the store and the trees directory. An environment variable overrides the file,
//! and a flag overrides both.
//!
//! ```ron
//! (
//!     seat: "Front desk 1",
//!     person: "Sam Jones",
//!     store: "/srv/tread/calls.db",
//!     trees: "/srv/tread/trees",
//! )
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// What the config file may say; every field is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    #[serde(default)]
    pub seat: Option<String>,
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub store: Option<PathBuf>,
    #[serde(default)]
    pub trees: Option<PathBuf>,
    /// Where this seat keeps its calls when `store` is a server: they wait here until sent.
    #[serde(default)]
    pub local_store: Option<PathBuf>,
    /// `false` leaves the mouse to the terminal, for selecting text by hand.
    #[serde(default)]
    pub mouse: Option<bool>,
}

/// The settings in force, wherever each came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub seat: String,
    pub person: String,
    /// The seat's own SQLite store: every call is recorded here first.
    pub store: PathBuf,
    /// The shared store (`postgres://…`), when there is one: calls are sent to it once they
    /// end, and `tread calls` and `tread report` read it.
    pub server: Option<String>,
    pub trees: Option<PathBuf>,
    /// Whether the walk takes clicks and the wheel.
    pub mouse: bool,
}

/// What the command line gave.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    pub config: Option<PathBuf>,
    pub seat: Option<String>,
    pub person: Option<String>,
    pub store: Option<PathBuf>,
}

/// Why the settings cannot be read.
#[derive(Debug)]
pub enum ConfigError {
    /// The config file named by `--config` or `TREAD_CONFIG` does not exist or cannot be read.
    Unreadable(PathBuf, std::io::Error),
    /// The config file is not valid.
    Invalid {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    /// No store path could be found (no data directory, no `--store`).
    NoStore,
    /// The store's path is empty.
    EmptyStore,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Unreadable(p, e) => {
                write!(f, "the config file `{}` cannot be read: {e}", p.display())
            }
            ConfigError::Invalid {
                path,
                line,
                col,
                message,
            } => write!(
                f,
                "{}:{line}:{col}: {message}; a config file is `(seat: \"…\", person: \"…\", store: \"…\", local_store: \"…\", trees: \"…\", mouse: true)`, every field optional",
                path.display()
            ),
            ConfigError::EmptyStore => f.write_str(
                "the store's path is empty; give a file's path with --store, TREAD_STORE or `store:` in the config file",
            ),
            ConfigError::NoStore => f.write_str(
                "there is no data directory to keep calls in; give one with --store PATH or TREAD_STORE",
            ),
        }
    }
}

/// Where the config file is looked for when neither `--config` nor `TREAD_CONFIG` names one.
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("tread").join("config.ron"))
}

/// Where calls are kept when nothing says otherwise.
pub fn default_store() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("tread").join("calls.db"))
}

/// The settings: flags over environment over the config file over the defaults.
pub fn settings(
    flags: &Flags,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Settings, ConfigError> {
    let named = flags
        .config
        .clone()
        .or_else(|| env("TREAD_CONFIG").map(PathBuf::from));
    let file = match (&named, default_path()) {
        (Some(path), _) => read(path, true)?,
        (None, Some(path)) => read(&path, false)?,
        (None, None) => File::default(),
    };
    let named = flags
        .store
        .clone()
        .or_else(|| env("TREAD_STORE").map(PathBuf::from))
        .or(file.store);
    // A server's URL: the seat's own store is then `local_store`, or the default file.
    let server = named
        .as_ref()
        .and_then(|s| s.to_str())
        .filter(|s| crate::record::server::is_url(s))
        .map(str::to_string);
    let store = match server {
        Some(_) => env("TREAD_LOCAL_STORE")
            .map(PathBuf::from)
            .or(file.local_store)
            .or_else(default_store),
        None => named.or_else(default_store),
    }
    .ok_or(ConfigError::NoStore)?;
    if store.as_os_str().is_empty() {
        return Err(ConfigError::EmptyStore);
    }
    Ok(Settings {
        seat: flags
            .seat
            .clone()
            .or_else(|| env("TREAD_SEAT"))
            .or(file.seat)
            .unwrap_or_else(default_seat),
        person: flags
            .person
            .clone()
            .or_else(|| env("TREAD_PERSON"))
            .or(file.person)
            .or_else(|| env("USER"))
            .or_else(|| env("LOGNAME"))
            .or_else(login_name)
            .unwrap_or_else(|| "unnamed".into()),
        store,
        server,
        trees: env("TREAD_TREES").map(PathBuf::from).or(file.trees),
        mouse: file.mouse.unwrap_or(true),
    })
}

/// The login name of the user tread runs as, from the system's list of users, for a shell
/// that sets neither `USER` nor `LOGNAME`.
fn login_name() -> Option<String> {
    let uid = rustix::process::geteuid().as_raw().to_string();
    std::fs::read_to_string("/etc/passwd")
        .ok()?
        .lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .find(|fields| fields.get(2) == Some(&uid.as_str()))
        .and_then(|fields| fields.first().map(|name| name.to_string()))
        .filter(|name| !name.is_empty())
}

/// The machine's name, as the seat when none is set.
fn default_seat() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "this computer".into())
}

/// Reads a config file; a missing file is no settings unless it was named.
fn read(path: &Path, named: bool) -> Result<File, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if !named && e.kind() == std::io::ErrorKind::NotFound => return Ok(File::default()),
        Err(e) => return Err(ConfigError::Unreadable(path.to_path_buf(), e)),
    };
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(&text)
        .map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: e.span.start.line,
            col: e.span.start.col,
            message: e.code.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_the_environment_which_beats_the_file() {
        let dir = std::env::temp_dir().join(format!("tread-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("config.ron");
        std::fs::write(
            &file,
            "(seat: \"Desk 1\", person: \"Sam\", store: \"/s/from-file.db\")",
        )
        .unwrap();
        let env = |name: &str| match name {
            "TREAD_PERSON" => Some("Alex".to_string()),
            _ => None,
        };
        let flags = Flags {
            config: Some(file.clone()),
            store: Some("/s/from-flag.db".into()),
            ..Flags::default()
        };
        let s = settings(&flags, env).unwrap();
        assert_eq!(s.seat, "Desk 1");
        assert_eq!(s.person, "Alex");
        assert_eq!(s.store, PathBuf::from("/s/from-flag.db"));

        std::fs::write(&file, "(seat: \"Desk 1\",\n sofa: 2)").unwrap();
        let e = settings(&flags, env).unwrap_err().to_string();
        assert!(e.contains("config.ron:2:2"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
