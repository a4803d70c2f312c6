//! The password file PostgreSQL's own programs read (`~/.pgpass`, or the file `PGPASSFILE`
//! names): lines of `host:port:database:user:password`, `*` matching anything, `\` escaping
//! `:` and `\`. As libpq does, a file others can read is not used.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Where the password file is: `PGPASSFILE`, else `~/.pgpass`.
pub fn path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    env("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| dirs::home_dir().map(|h| h.join(".pgpass")))
}

/// Why the file was passed over, when it was.
#[derive(Debug, PartialEq, Eq)]
pub enum Skipped {
    /// Group or others may read it.
    Open(PathBuf),
}

/// The password for a connection, from the file at `path`: the first line that matches.
pub fn find(
    path: &Path,
    host: &str,
    port: u16,
    database: &str,
    user: &str,
) -> Result<Option<String>, Skipped> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(None);
    };
    if !meta.is_file() {
        return Ok(None);
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(Skipped::Open(path.to_path_buf()));
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(None);
    };
    let port = port.to_string();
    let wanted = [host, port.as_str(), database, user];
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split(line);
        if fields.len() != 5 {
            continue;
        }
        let matches = fields[..4]
            .iter()
            .zip(wanted)
            .all(|(field, want)| field == "*" || field == want);
        if matches {
            return Ok(Some(fields[4].clone()));
        }
    }
    Ok(None)
}

/// A line's fields, with `\:` and `\\` read as the characters.
fn split(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next()
                    && let Some(field) = fields.last_mut()
                {
                    field.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => {
                if let Some(field) = fields.last_mut() {
                    field.push(c);
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_match_by_field_with_wildcards_and_escapes() {
        let dir = std::env::temp_dir().join(format!("tread-pgpass-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("pgpass");
        std::fs::write(
            &file,
            "# comment\nother:5432:*:seat:nope\n*:5432:calls:seat:pa\\:ss\\\\word\n*:*:*:*:any\n",
        )
        .unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let found = find(&file, "db.local", 5432, "calls", "seat").unwrap();
        assert_eq!(found.as_deref(), Some("pa:ss\\word"));
        let found = find(&file, "other", 5432, "calls", "seat").unwrap();
        assert_eq!(found.as_deref(), Some("nope"));
        let found = find(&file, "x", 1, "y", "z").unwrap();
        assert_eq!(found.as_deref(), Some("any"));
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(
            find(&file, "x", 1, "y", "z"),
            Err(Skipped::Open(file.clone()))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
