//! The store of calls: one SQLite file (rusqlite, with its own SQLite built in).
//!
//! Opened with care: the path must be a regular file (or not exist yet), never a directory, a
//! FIFO or a symbolic link; a directory tread creates for it is 0700 and the file 0600, whatever
//! the umask. The schema is versioned (`PRAGMA user_version`) and migrated forward at open; a
//! store written by a newer tread, or a file that is not a tread store, is refused before
//! anything in it is changed. WAL with `synchronous=FULL`: each entry is committed on its own,
//! so after `kill -9` or a power cut every entry before the one in flight is there.

use std::fmt;
use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use time::OffsetDateTime;
use uuid::Uuid;

use super::report::Cell;
use super::time_text::{parse, utc};
use super::{Call, Ending, Entry, Event, EventKind, Flag, Reached, Seat, TreeStamp};

/// The schema this tread writes.
pub const SCHEMA: i64 = 4;

/// Marks a SQLite file as a tread store (`PRAGMA application_id`): "trea".
const APPLICATION_ID: i64 = 0x7472_6561;

/// `MIGRATIONS[n]` takes a store from schema `n` to `n + 1`.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE calls (
        id TEXT PRIMARY KEY,
        seat TEXT NOT NULL,
        person TEXT NOT NULL,
        started TEXT NOT NULL,
        offset_minutes INTEGER NOT NULL,
        ended TEXT,
        ending TEXT,
        tree_title TEXT NOT NULL,
        tree_version TEXT,
        tree_review_due TEXT,
        tree_path TEXT NOT NULL,
        tree_sha256 TEXT NOT NULL,
        tread_version TEXT NOT NULL,
        red_flags TEXT NOT NULL,
        outcome_node TEXT,
        outcome_title TEXT,
        urgency TEXT
    );
    CREATE INDEX calls_by_start ON calls (started);
    CREATE TABLE events (
        call_id TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        node TEXT NOT NULL,
        title TEXT NOT NULL,
        answer TEXT,
        idx INTEGER,
        red_flag INTEGER NOT NULL DEFAULT 0,
        positive INTEGER NOT NULL DEFAULT 0,
        text TEXT,
        draft INTEGER NOT NULL DEFAULT 0,
        urgency TEXT,
        PRIMARY KEY (call_id, seq)
    ) WITHOUT ROWID;
",
    "
    -- Schema 2: events may be of kind 'checklist' (a list of warning signs answered), which
    -- schema 1's readers do not know. The tables are unchanged.
    SELECT 1;
",
    "
    -- Schema 3: the value of an answer (a short machine-readable id, when the tree gives one),
    -- and the results of quizzes (`tread learn`), one row a quiz.
    ALTER TABLE events ADD COLUMN value TEXT;
    -- The place of an outcome's level on its tree's scale, so a call keeps the most urgent
    -- outcome it reached (a move on from one never makes it milder).
    ALTER TABLE events ADD COLUMN rank INTEGER;
    ALTER TABLE calls ADD COLUMN outcome_rank INTEGER;
    CREATE TABLE quiz_results (
        id TEXT PRIMARY KEY,
        taken TEXT NOT NULL,
        name TEXT NOT NULL,
        seat TEXT NOT NULL,
        tree_title TEXT NOT NULL,
        tree_sha256 TEXT NOT NULL,
        mode TEXT NOT NULL,
        seed INTEGER,
        cases INTEGER NOT NULL,
        answers_right INTEGER NOT NULL,
        answers INTEGER NOT NULL,
        -- NULL in practice, where the walk keeps to each case's way.
        outcomes_right INTEGER,
        seconds REAL NOT NULL,
        -- The cases in the quiz (more than `cases` when it was left early), and the warning
        -- signs the cases have that the student did not take.
        of_cases INTEGER NOT NULL,
        signs_missed INTEGER NOT NULL
    ) WITHOUT ROWID;
",
    "
    -- Schema 4: a call in one row for reports (`record::digest`), made when the call ends,
    -- narrow so a report reads a million of them quickly, each read from an index in the
    -- order it groups by (`record::report`); the paths digests name by number; and, in this
    -- seat's store only, the calls sent to a shared server.
    CREATE TABLE digests (
        call_id TEXT PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
        started TEXT NOT NULL,
        seat TEXT NOT NULL,
        tree_sha256 TEXT NOT NULL,
        day TEXT NOT NULL,
        ending TEXT NOT NULL,
        outcome_node TEXT,
        urgency TEXT,
        outcome_rank INTEGER,
        steps INTEGER NOT NULL,
        backs INTEGER NOT NULL,
        seconds INTEGER,
        path_id INTEGER NOT NULL,
        signs TEXT,
        back_from TEXT
    ) WITHOUT ROWID;
    CREATE INDEX digests_report ON digests (day, tree_sha256, outcome_node, ending, backs,
        urgency, outcome_rank, seat, started);
    CREATE INDEX digests_seconds ON digests (tree_sha256, seconds, seat, started)
        WHERE seconds IS NOT NULL;
    CREATE INDEX digests_paths ON digests (path_id, outcome_node, seat, started, tree_sha256);
    CREATE INDEX digests_signs ON digests (signs, seat, started, tree_sha256)
        WHERE signs IS NOT NULL;
    CREATE INDEX digests_backs ON digests (back_from, seat, started, tree_sha256)
        WHERE back_from IS NOT NULL;
    CREATE TABLE paths (
        path_id INTEGER NOT NULL,
        path TEXT NOT NULL,
        PRIMARY KEY (path_id, path)
    ) WITHOUT ROWID;
    CREATE INDEX events_signs ON events (node) WHERE kind = 'step' AND red_flag = 1 AND positive = 1;
    CREATE INDEX events_backs ON events (node) WHERE kind = 'back';
    CREATE INDEX calls_open ON calls (started) WHERE ended IS NULL;
    CREATE INDEX calls_by_tree ON calls (tree_sha256, outcome_node);
    CREATE TABLE sent (
        call_id TEXT NOT NULL,
        ended TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (call_id, ended)
    ) WITHOUT ROWID;
",
];

/// A quiz's result, as the store keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizResult {
    pub id: Uuid,
    pub taken: OffsetDateTime,
    /// Who took it (`--name`, else the person at the seat).
    pub name: String,
    pub seat: String,
    pub tree_title: String,
    pub tree_sha256: String,
    /// `practice` or `exam`.
    pub mode: String,
    /// The seed the cases were shuffled with, if they were.
    pub seed: Option<u64>,
    pub cases: usize,
    pub answers_right: usize,
    pub answers: usize,
    /// In an exam, the cases whose outcome was as urgent as the case's.
    pub outcomes_right: Option<usize>,
    pub seconds: f64,
    /// The cases in the quiz: more than `cases` when it was left early.
    pub of_cases: usize,
    /// Warning signs the cases have that the student did not take.
    pub signs_missed: usize,
}

/// Why a store cannot be used.
#[derive(Debug)]
pub enum StoreError {
    /// The path is a directory.
    Directory(PathBuf),
    /// The path is a FIFO, a socket or a device.
    NotAFile(PathBuf, &'static str),
    /// The path is a symbolic link.
    Link(PathBuf),
    /// The file is not a tread store (another SQLite database, or not SQLite at all).
    NotAStore(PathBuf, String),
    /// A newer tread wrote it.
    Newer { path: PathBuf, found: i64 },
    /// The file has other names (hard links): SQLite keeps its log beside each name, and two
    /// treads using two names would overwrite each other's calls.
    Linked(PathBuf, u64),
    /// Another user owns the file.
    Owner(PathBuf),
    /// Another program holds the store locked.
    Locked(PathBuf),
    /// The file is damaged.
    Damaged(PathBuf, String),
    /// The file or its directory cannot be made or read.
    Io(PathBuf, io::Error),
    /// SQLite failed.
    Sqlite(PathBuf, rusqlite::Error),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Directory(p) => write!(
                f,
                "the store `{}` is a directory; give a file's path, such as `{}`",
                p.display(),
                p.join("calls.db").display()
            ),
            StoreError::NotAFile(p, kind) => write!(
                f,
                "the store `{}` is a {kind}, not a file; give a regular file's path",
                p.display()
            ),
            StoreError::Link(p) => write!(
                f,
                "the store `{}` is a symbolic link; give the path of the file itself",
                p.display()
            ),
            StoreError::NotAStore(p, why) => write!(
                f,
                "`{}` is not a tread store ({why}); give another path with --store, or move the file away",
                p.display()
            ),
            StoreError::Newer { path, found } => write!(
                f,
                "the store `{}` was written by a newer tread (schema {found}; this tread knows up to {SCHEMA}); it has not been changed: use a newer tread",
                path.display()
            ),
            StoreError::Linked(p, n) => write!(
                f,
                "the store `{}` has {n} names (hard links); give a store with one name, so that every tread writes to one log",
                p.display()
            ),
            StoreError::Owner(p) => write!(
                f,
                "the store `{}` belongs to another user; give a store of your own",
                p.display()
            ),
            StoreError::Locked(p) => write!(
                f,
                "the store `{}` is locked by another program; try again when it is done",
                p.display()
            ),
            StoreError::Damaged(p, why) => write!(
                f,
                "the store `{}` is damaged ({why}); keep a copy for recovery and give another store",
                p.display()
            ),
            StoreError::Io(p, e) => write!(f, "the store `{}` cannot be opened: {e}", p.display()),
            StoreError::Sqlite(p, e) => write!(f, "the store `{}` failed: {e}", p.display()),
        }
    }
}

/// A call as `tread calls` lists it.
#[derive(Clone, Debug)]
pub struct Listed {
    pub id: Uuid,
    pub started: OffsetDateTime,
    pub offset_minutes: i32,
    pub ended: Option<OffsetDateTime>,
    pub ending: Option<Ending>,
    pub seat: String,
    pub person: String,
    pub tree: String,
    pub outcome: Option<String>,
    pub urgency: Option<String>,
    pub notes: usize,
}

/// Which calls to list or export.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Started at or after.
    pub since: Option<OffsetDateTime>,
    /// The outcome's id, or words of its title.
    pub outcome: Option<String>,
    /// The outcome's urgency (`Urgent`, any case).
    pub urgency: Option<String>,
    /// Words in a note or an answer.
    pub grep: Option<String>,
    /// At most this many, newest first.
    pub limit: Option<usize>,
}

/// What an id prefix names.
#[derive(Debug)]
pub enum Found {
    /// One call.
    One(Uuid),
    /// No call.
    None,
    /// Several calls (the first few).
    Many(Vec<Uuid>),
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the store at `path`, making it (and its directory) when it does not exist.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        // SQLite says "busy" at once, without waiting, where waiting could deadlock (two treads
        // turning a new store to WAL together): such a store is tried again for a while.
        let mut tries = 0;
        loop {
            match Store::open_once(path) {
                Err(StoreError::Locked(_)) if tries < 50 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Store, StoreError> {
        match inspect(path)? {
            Some(_) => private(path)?,
            None => create(path)?,
        }
        examine(path)?;
        let conn = Connection::open(path).map_err(|e| classify(path, e))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| classify(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing store to read (or, with `write`, to change, as `prune` does); `None`
    /// when there is no store at `path` yet. Nothing in the file is changed to read it.
    pub fn open_existing(path: &Path, write: bool) -> Result<Option<Store>, StoreError> {
        match inspect(path)? {
            None | Some(0) => return Ok(None),
            Some(_) => {}
        }
        if examine(path)? == 0 {
            return Ok(None);
        }
        let flags = if write {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| classify(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        if write {
            store.migrate()?;
        }
        Ok(Some(store))
    }

    /// The store's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes the store this tread's schema, one migration at a time. Each runs in a
    /// transaction that takes the write lock first and reads the version inside it, so two
    /// treads opening a new store at once migrate it once.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sql = |e| classify(&path, e);
        self.conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(sql)?;
        self.conn
            .pragma_update(None, "synchronous", "FULL")
            .map_err(sql)?;
        self.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(sql)?;
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(sql)?;
            let version: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(sql)?;
            if version > SCHEMA {
                return Err(StoreError::Newer {
                    path: path.clone(),
                    found: version,
                });
            }
            let Some(migration) = MIGRATIONS.get(version as usize) else {
                return tx.commit().map_err(sql);
            };
            tx.execute_batch(migration).map_err(sql)?;
            // Calls that ended before schema 4 get their digests now.
            if version == 3 {
                digest_all(&tx).map_err(sql)?;
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(sql)?;
            tx.pragma_update(None, "user_version", version + 1)
                .map_err(sql)?;
            tx.commit().map_err(sql)?;
        }
    }

    /// Writes one entry, in a transaction of its own.
    pub fn write(&mut self, entry: &Entry) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        apply(&tx, entry)?;
        tx.commit()
    }

    /// Writes entries in one transaction: all of them, or none.
    pub fn write_all<'e>(
        &mut self,
        entries: impl IntoIterator<Item = &'e Entry>,
    ) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        for entry in entries {
            apply(&tx, entry)?;
        }
        tx.commit()
    }

    /// Writes a whole call at once, in one transaction, in place of whatever the store has of
    /// it (part of it, written before a failure).
    pub fn write_call(&mut self, call: &Call) -> rusqlite::Result<()> {
        let mut bare = call.clone();
        bare.events.clear();
        bare.outcome = None;
        bare.ended = None;
        bare.ending = None;
        let mut entries = vec![Entry::Begin(Box::new(bare))];
        entries.extend(call.events.iter().map(|e| Entry::Event(call.id, e.clone())));
        if let (Some(at), Some(ending)) = (call.ended, call.ending) {
            entries.push(Entry::End {
                id: call.id,
                at,
                ending,
            });
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM events WHERE call_id = ?1",
            [call.id.to_string()],
        )?;
        tx.execute(
            "DELETE FROM digests WHERE call_id = ?1",
            [call.id.to_string()],
        )?;
        tx.execute("DELETE FROM calls WHERE id = ?1", [call.id.to_string()])?;
        for entry in &entries {
            apply(&tx, entry)?;
        }
        tx.commit()
    }

    /// The calls that match, newest first.
    pub fn list(&self, filter: &Filter) -> rusqlite::Result<Vec<Listed>> {
        let (clause, args) = where_clause(filter);
        let sql = format!(
            "SELECT id, started, offset_minutes, ended, ending, seat, person, tree_title,
                    outcome_title, urgency,
                    (SELECT count(*) FROM events e WHERE e.call_id = c.id AND e.kind = 'note')
             FROM calls c {clause} ORDER BY started DESC, id DESC LIMIT ?"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let limit = filter.limit.map_or(-1, |n| n as i64);
        let mut all: Vec<&dyn rusqlite::ToSql> = args.iter().map(|a| a as _).collect();
        all.push(&limit);
        let rows = stmt.query_map(all.as_slice(), |r| {
            Ok(Listed {
                id: uuid(r.get::<_, String>(0)?),
                started: time(r.get::<_, String>(1)?),
                offset_minutes: r.get(2)?,
                ended: r.get::<_, Option<String>>(3)?.map(time),
                ending: r
                    .get::<_, Option<String>>(4)?
                    .and_then(|e| Ending::parse(&e)),
                seat: r.get(5)?,
                person: r.get(6)?,
                tree: r.get(7)?,
                outcome: r.get(8)?,
                urgency: r.get(9)?,
                notes: r.get::<_, i64>(10)? as usize,
            })
        })?;
        rows.collect()
    }

    /// The call an id or the start of one names.
    pub fn find(&self, prefix: &str) -> rusqlite::Result<Found> {
        let prefix = prefix.trim().to_ascii_lowercase();
        let mut stmt = self.conn.prepare(
            "SELECT id FROM calls WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 6",
        )?;
        let ids: Vec<Uuid> = stmt
            .query_map([&prefix], |r| r.get::<_, String>(0))?
            .map(|r| r.map(uuid))
            .collect::<rusqlite::Result<_>>()?;
        Ok(match ids.len() {
            0 => Found::None,
            1 => Found::One(ids[0]),
            _ => Found::Many(ids),
        })
    }

    /// A whole call.
    pub fn load(&self, id: Uuid) -> rusqlite::Result<Call> {
        load(&self.conn, id)
    }

    /// Every call that matches, oldest first, each with its events, handed to `visit` one by
    /// one: two ordered reads walked side by side, so a store of any size streams.
    pub fn export(
        &self,
        filter: &Filter,
        mut visit: impl FnMut(&Call) -> io::Result<()>,
    ) -> Result<(), ExportError> {
        let (clause, args) = where_clause(filter);
        let mut calls = self.conn.prepare(&format!(
            "SELECT {CALL_COLUMNS} FROM calls c {clause} ORDER BY id"
        ))?;
        // Every event, in the calls' order; joined to the calls only when a filter needs them.
        let from = if clause.is_empty() {
            "events e".to_string()
        } else {
            format!("events e JOIN calls c ON c.id = e.call_id {clause}")
        };
        let mut events = self.conn.prepare(&format!(
            "SELECT {EVENT_COLUMNS}, e.call_id FROM {from} ORDER BY e.call_id, e.seq"
        ))?;
        let params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|a| a as _).collect();
        // Calls on one tree share its warning signs: each list is read once.
        let mut flags: std::collections::HashMap<String, Vec<Flag>> = Default::default();
        let mut calls = calls.query_map(params.as_slice(), |r| {
            let text = r.get_ref(13)?.as_str().map_err(rusqlite::Error::from)?;
            let known = match flags.get(text) {
                Some(known) => known.clone(),
                None => {
                    let parsed: Vec<Flag> = serde_json::from_str(text).unwrap_or_default();
                    flags.insert(text.to_string(), parsed.clone());
                    parsed
                }
            };
            call_row_with(r, known)
        })?;
        let mut events = events.query(params.as_slice())?;
        let mut row = events.next()?;
        // The events of one call are read into those of the call before, reusing their strings.
        let mut spare: Vec<Event> = Vec::new();
        for call in calls.by_ref() {
            let mut call = call?;
            call.events = std::mem::take(&mut spare);
            let mut n = 0;
            let id = call.id.to_string();
            // Events of calls the filter left out (none without one) are passed over.
            while let Some(r) = row {
                let of = r
                    .get_ref(EVENT_FIELDS)?
                    .as_str()
                    .map_err(rusqlite::Error::from)?;
                if of > id.as_str() {
                    break;
                }
                if of == id {
                    match call.events.get_mut(n) {
                        Some(slot) => fill_event(r, slot)?,
                        None => call.events.push(event_row(r)?.1),
                    }
                    n += 1;
                }
                row = events.next()?;
            }
            call.events.truncate(n);
            visit(&call).map_err(ExportError::Write)?;
            spare = call.events;
        }
        Ok(())
    }

    /// Deletes the calls started before `before`; how many.
    pub fn prune(&mut self, before: OffsetDateTime) -> rusqlite::Result<usize> {
        let tx = self.conn.transaction()?;
        let cut = utc(before);
        tx.execute(
            "DELETE FROM events WHERE call_id IN (SELECT id FROM calls WHERE started < ?1)",
            [&cut],
        )?;
        tx.execute(
            "DELETE FROM digests WHERE call_id IN (SELECT id FROM calls WHERE started < ?1)",
            [&cut],
        )?;
        let n = tx.execute("DELETE FROM calls WHERE started < ?1", [&cut])?;
        tx.commit()?;
        Ok(n)
    }

    /// Keeps a quiz's result.
    pub fn write_result(&mut self, r: &QuizResult) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO quiz_results (id, taken, name, seat, tree_title, tree_sha256, mode, seed,
             cases, answers_right, answers, outcomes_right, seconds, of_cases, signs_missed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                r.id.to_string(),
                utc(r.taken),
                r.name,
                r.seat,
                r.tree_title,
                r.tree_sha256,
                r.mode,
                r.seed.map(|s| s as i64),
                r.cases as i64,
                r.answers_right as i64,
                r.answers as i64,
                r.outcomes_right.map(|n| n as i64),
                r.seconds,
                r.of_cases as i64,
                r.signs_missed as i64,
            ],
        )?;
        Ok(())
    }

    /// Every quiz's result, newest first.
    pub fn results(&self) -> rusqlite::Result<Vec<QuizResult>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, taken, name, seat, tree_title, tree_sha256, mode, seed, cases,
             answers_right, answers, outcomes_right, seconds, of_cases, signs_missed
             FROM quiz_results ORDER BY taken DESC, id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            let id: String = r.get(0)?;
            let taken: String = r.get(1)?;
            Ok(QuizResult {
                id: Uuid::parse_str(&id).unwrap_or_default(),
                taken: parse(&taken).unwrap_or(OffsetDateTime::UNIX_EPOCH),
                name: r.get(2)?,
                seat: r.get(3)?,
                tree_title: r.get(4)?,
                tree_sha256: r.get(5)?,
                mode: r.get(6)?,
                seed: r.get::<_, Option<i64>>(7)?.map(|s| s as u64),
                cases: r.get::<_, i64>(8)? as usize,
                answers_right: r.get::<_, i64>(9)? as usize,
                answers: r.get::<_, i64>(10)? as usize,
                outcomes_right: r.get::<_, Option<i64>>(11)?.map(|n| n as usize),
                seconds: r.get(12)?,
                of_cases: r.get::<_, i64>(13)? as usize,
                signs_missed: r.get::<_, i64>(14)? as usize,
            })
        })?;
        rows.collect()
    }

    /// The calls that ended and are not yet on the shared server as they ended, oldest first.
    pub fn waiting(&self) -> rusqlite::Result<Vec<Uuid>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id FROM calls c WHERE c.ended IS NOT NULL AND NOT EXISTS
                 (SELECT 1 FROM sent s WHERE s.call_id = c.id AND s.ended = c.ended)
             ORDER BY c.started, c.id",
        )?;
        stmt.query_map([], |r| r.get::<_, String>(0).map(uuid))?
            .collect()
    }

    /// Notes that the server has the call, as it ended.
    pub fn mark_sent(&mut self, call: &Call) -> rusqlite::Result<()> {
        let Some(ended) = call.ended else {
            return Ok(());
        };
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO sent (call_id, ended, at) VALUES (?1, ?2, ?3)")?
            .execute(params![
                call.id.to_string(),
                utc(ended),
                utc(OffsetDateTime::now_utc())
            ])?;
        Ok(())
    }

    pub fn has(&self, id: Uuid) -> rusqlite::Result<bool> {
        self.conn
            .query_row(
                "SELECT 1 FROM calls WHERE id = ?1",
                [id.to_string()],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
    }
}

impl super::report::Source for Store {
    fn rows(&mut self, sql: &str, args: &[String]) -> Result<Vec<Vec<Cell>>, String> {
        use rusqlite::types::ValueRef;
        // The report writes `$1`; SQLite's own is `?1`.
        let sql = sql.replace('$', "?");
        let mut stmt = self.conn.prepare(&sql).map_err(|e| e.to_string())?;
        let n = stmt.column_count();
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                (0..n)
                    .map(|i| {
                        Ok(match r.get_ref(i)? {
                            ValueRef::Integer(k) => Cell::Int(k),
                            ValueRef::Real(f) => Cell::Int(f as i64),
                            ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into()),
                            ValueRef::Null | ValueRef::Blob(_) => Cell::Null,
                        })
                    })
                    .collect::<rusqlite::Result<Vec<Cell>>>()
            })
            .map_err(|e| e.to_string())?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| e.to_string())
    }

    fn is_postgres(&self) -> bool {
        false
    }
}

/// Why an export stopped.
#[derive(Debug)]
pub enum ExportError {
    /// Reading the store failed.
    Store(rusqlite::Error),
    /// Writing the output failed.
    Write(io::Error),
}

impl From<rusqlite::Error> for ExportError {
    fn from(e: rusqlite::Error) -> ExportError {
        ExportError::Store(e)
    }
}

pub(super) const CALL_COLUMNS: &str = "c.id, c.seat, c.person, c.started, c.offset_minutes, c.ended, c.ending, c.tree_title, c.tree_version, c.tree_review_due, c.tree_path, c.tree_sha256, c.tread_version, c.red_flags, c.outcome_node, c.outcome_title, c.urgency, c.outcome_rank";

pub(super) const EVENT_COLUMNS: &str = "e.seq, e.at, e.kind, e.node, e.title, e.answer, e.idx, e.red_flag, e.positive, e.text, e.draft, e.urgency, e.value, e.rank";
/// How many columns [`EVENT_COLUMNS`] names.
const EVENT_FIELDS: usize = 14;

/// A call's row (its events are read separately). Aliased `c` in every query that reads it.
fn call_row(r: &rusqlite::Row) -> rusqlite::Result<Call> {
    let flags: String = r.get(13)?;
    call_row_with(
        r,
        serde_json::from_str::<Vec<Flag>>(&flags).unwrap_or_default(),
    )
}

/// A call's row, its warning signs already read.
fn call_row_with(r: &rusqlite::Row, red_flags: Vec<Flag>) -> rusqlite::Result<Call> {
    let outcome = match (
        r.get::<_, Option<String>>(14)?,
        r.get::<_, Option<String>>(15)?,
    ) {
        (Some(node), Some(title)) => Some(Reached {
            node,
            title,
            urgency: r.get::<_, Option<String>>(16)?.unwrap_or_default(),
            rank: r.get::<_, Option<i64>>(17)?.map(|n| n as u32),
        }),
        _ => None,
    };
    Ok(Call {
        id: uuid(r.get(0)?),
        seat: Seat {
            seat: r.get(1)?,
            person: r.get(2)?,
        },
        started: time(r.get(3)?),
        offset_minutes: r.get(4)?,
        ended: r.get::<_, Option<String>>(5)?.map(time),
        ending: r
            .get::<_, Option<String>>(6)?
            .and_then(|e| Ending::parse(&e)),
        tree: TreeStamp {
            title: r.get(7)?,
            version: r.get(8)?,
            review_due: r.get(9)?,
            path: r.get(10)?,
            sha256: r.get(11)?,
        },
        tread_version: r.get(12)?,
        red_flags,
        outcome,
        events: Vec::new(),
    })
}

/// Reads an event row into `slot`, reusing its strings when it holds an event of the same kind
/// (an export reads millions of events; the record benchmark measured allocating them anew at
/// a quarter of its time).
fn fill_event(r: &rusqlite::Row, slot: &mut Event) -> rusqlite::Result<()> {
    let text = |i: usize| -> rusqlite::Result<&str> {
        Ok(r.get_ref(i)?
            .as_str_or_null()
            .map_err(rusqlite::Error::from)?
            .unwrap_or(""))
    };
    let set = |s: &mut String, v: &str| {
        s.clear();
        s.push_str(v);
    };
    match (text(2)?, &mut slot.kind) {
        (
            "step",
            EventKind::Step {
                node,
                title,
                answer,
                index,
                red_flag,
                positive,
                value,
            },
        ) => {
            set(node, text(3)?);
            set(title, text(4)?);
            set(answer, text(5)?);
            *index = r.get::<_, Option<i64>>(6)?.unwrap_or(0) as usize;
            *red_flag = r.get::<_, i64>(7)? != 0;
            *positive = r.get::<_, i64>(8)? != 0;
            *value = r.get(12)?;
        }
        _ => {
            *slot = event_row(r)?.1;
            return Ok(());
        }
    }
    slot.seq = r.get(0)?;
    slot.at = parse(text(1)?).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    Ok(())
}

fn event_row(r: &rusqlite::Row) -> rusqlite::Result<((), Event)> {
    let kind = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
    let node: String = r.get(3)?;
    let title: String = r.get(4)?;
    let kind = match kind {
        "step" => EventKind::Step {
            node,
            title,
            answer: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            index: r.get::<_, Option<i64>>(6)?.unwrap_or(0) as usize,
            red_flag: r.get::<_, i64>(7)? != 0,
            positive: r.get::<_, i64>(8)? != 0,
            value: r.get(12)?,
        },
        "back" => EventKind::Back { node, title },
        "checklist" => EventKind::Checklist {
            node,
            title,
            answer: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
        },
        "jump" => EventKind::Jump {
            node,
            title,
            reason: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
        },
        "note" => EventKind::Note {
            node,
            title,
            text: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
            draft: r.get::<_, i64>(10)? != 0,
        },
        _ => EventKind::Outcome {
            node,
            title,
            urgency: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
            rank: r.get::<_, Option<i64>>(13)?.map(|n| n as u32),
        },
    };
    let at = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
    Ok((
        (),
        Event {
            seq: r.get(0)?,
            at: parse(at).unwrap_or(OffsetDateTime::UNIX_EPOCH),
            kind,
        },
    ))
}

/// A whole call, read over `conn`.
fn load(conn: &Connection, id: Uuid) -> rusqlite::Result<Call> {
    let mut call = conn.query_row(
        &format!("SELECT {CALL_COLUMNS} FROM calls c WHERE c.id = ?1"),
        [id.to_string()],
        call_row,
    )?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events e WHERE e.call_id = ?1 ORDER BY e.seq"
    ))?;
    call.events = stmt
        .query_map([id.to_string()], |r| event_row(r).map(|(_, e)| e))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(call)
}

/// Makes the digest of a call that has just ended.
fn digest(conn: &Connection, id: Uuid) -> rusqlite::Result<()> {
    let call = load(conn, id)?;
    let d = super::digest::Digest::of(&call);
    let outcome = call.outcome.as_ref();
    conn.prepare_cached(
        "INSERT OR REPLACE INTO digests (call_id, started, seat, tree_sha256, day, ending,
         outcome_node, urgency, outcome_rank, steps, backs, seconds, path_id, signs, back_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        id.to_string(),
        utc(call.started),
        call.seat.seat,
        call.tree.sha256,
        d.day,
        call.ending.map(|e| e.name()).unwrap_or_default(),
        outcome.map(|o| o.node.as_str()),
        outcome.map(|o| o.urgency.as_str()),
        outcome.and_then(|o| o.rank),
        d.steps,
        d.backs,
        d.seconds,
        d.path_id,
        d.signs,
        d.back_from
    ])?;
    conn.prepare_cached("INSERT OR IGNORE INTO paths (path_id, path) VALUES (?1, ?2)")?
        .execute(params![d.path_id, d.path])?;
    Ok(())
}

/// Makes the digest of every call that has ended.
fn digest_all(conn: &Connection) -> rusqlite::Result<()> {
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM calls WHERE ended IS NOT NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        digest(conn, uuid(id))?;
    }
    Ok(())
}

/// Writes one entry within a transaction.
fn apply(tx: &rusqlite::Transaction, entry: &Entry) -> rusqlite::Result<()> {
    match entry {
        Entry::Begin(call) => {
            let flags = serde_json::to_string(&call.red_flags).unwrap_or_default();
            tx.prepare_cached(
                "INSERT INTO calls (id, seat, person, started, offset_minutes, tree_title,
                 tree_version, tree_review_due, tree_path, tree_sha256, tread_version, red_flags)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                call.id.to_string(),
                call.seat.seat,
                call.seat.person,
                utc(call.started),
                call.offset_minutes,
                call.tree.title,
                call.tree.version,
                call.tree.review_due,
                call.tree.path,
                call.tree.sha256,
                call.tread_version,
                flags,
            ])?;
        }
        Entry::Event(id, event) => {
            insert_event(tx, *id, event)?;
            if let EventKind::Back { node, .. } = &event.kind {
                tx.prepare_cached(
                    "UPDATE calls SET outcome_node = NULL, outcome_title = NULL, urgency = NULL, outcome_rank = NULL WHERE id = ?1 AND outcome_node = ?2",
                )?
                .execute(params![id.to_string(), node])?;
            }
            if let EventKind::Outcome {
                node,
                title,
                urgency,
                rank,
            } = &event.kind
            {
                // As `Call::apply`: never milder than an outcome the call is still at.
                tx.prepare_cached(
                    "UPDATE calls SET outcome_node = ?2, outcome_title = ?3, urgency = ?4, outcome_rank = ?5
                     WHERE id = ?1 AND NOT (outcome_node IS NOT NULL AND outcome_rank IS NOT NULL
                                            AND ?5 IS NOT NULL AND ?5 > outcome_rank)",
                )?
                .execute(params![id.to_string(), node, title, urgency, rank])?;
            }
        }
        Entry::End { id, at, ending } => {
            tx.prepare_cached("UPDATE calls SET ended = ?2, ending = ?3 WHERE id = ?1")?
                .execute(params![id.to_string(), utc(*at), ending.name()])?;
            digest(tx, *id)?;
        }
        Entry::Reopen(id) => {
            tx.prepare_cached("UPDATE calls SET ended = NULL, ending = NULL WHERE id = ?1")?
                .execute(params![id.to_string()])?;
            tx.prepare_cached("DELETE FROM digests WHERE call_id = ?1")?
                .execute(params![id.to_string()])?;
        }
    }
    Ok(())
}

fn insert_event(tx: &rusqlite::Transaction, id: Uuid, event: &Event) -> rusqlite::Result<()> {
    let r = event.row();
    tx.prepare_cached(
        "INSERT INTO events (call_id, seq, at, kind, node, title, answer, idx, red_flag, positive, text, draft, urgency, value, rank)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        id.to_string(),
        event.seq,
        utc(event.at),
        r.kind,
        r.node,
        r.title,
        r.answer,
        r.idx,
        r.red_flag,
        r.positive,
        r.text,
        r.draft,
        r.urgency,
        r.value,
        r.rank
    ])?;
    Ok(())
}

/// The `WHERE` of a filter over `calls c`, and its arguments in order.
fn where_clause(filter: &Filter) -> (String, Vec<String>) {
    filter_clause(filter, '?')
}

/// The `WHERE` of a filter, its arguments written `?1` (SQLite) or `$1` (PostgreSQL).
pub(super) fn filter_clause(filter: &Filter, mark: char) -> (String, Vec<String>) {
    let mut terms = Vec::new();
    let mut args = Vec::new();
    if let Some(since) = filter.since {
        args.push(utc(since));
        terms.push(format!("c.started >= {mark}{}", args.len()));
    }
    if let Some(outcome) = &filter.outcome {
        args.push(outcome.clone());
        let n = args.len();
        args.push(like(outcome));
        terms.push(format!(
            "(c.outcome_node = {mark}{n} OR c.outcome_title LIKE {mark}{} ESCAPE '\\')",
            n + 1
        ));
    }
    if let Some(urgency) = &filter.urgency {
        args.push(urgency.clone());
        terms.push(format!("lower(c.urgency) = lower({mark}{})", args.len()));
    }
    // Each word of `--grep` in a note or an answer of the call.
    for word in filter.grep.iter().flat_map(|g| g.split_whitespace()) {
        args.push(like(word));
        let n = args.len();
        terms.push(format!(
            "EXISTS (SELECT 1 FROM events g WHERE g.call_id = c.id AND \
             ((g.kind = 'note' AND g.text LIKE {mark}{n} ESCAPE '\\') OR (g.kind = 'step' AND g.answer LIKE {mark}{n} ESCAPE '\\')))"
        ));
    }
    if terms.is_empty() {
        (String::new(), args)
    } else {
        (format!("WHERE {}", terms.join(" AND ")), args)
    }
}

/// `%words%` for `LIKE`, with `%`, `_` and `\` in the words taken literally.
pub(super) fn like(words: &str) -> String {
    let mut out = String::from("%");
    for c in words.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

fn uuid(text: String) -> Uuid {
    Uuid::parse_str(&text).unwrap_or_default()
}

fn time(text: String) -> OffsetDateTime {
    parse(&text).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The size of the file at `path` when it can be a store, `None` when there is nothing there;
/// an error for anything else (a link, a directory, a FIFO, a file with other names or of
/// another user).
fn inspect(path: &Path) -> Result<Option<u64>, StoreError> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::Io(path.to_path_buf(), e)),
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        Err(StoreError::Link(path.to_path_buf()))
    } else if kind.is_dir() {
        Err(StoreError::Directory(path.to_path_buf()))
    } else if kind.is_fifo() {
        Err(StoreError::NotAFile(path.to_path_buf(), "FIFO"))
    } else if kind.is_socket() {
        Err(StoreError::NotAFile(path.to_path_buf(), "socket"))
    } else if !kind.is_file() {
        Err(StoreError::NotAFile(path.to_path_buf(), "device"))
    } else if meta.nlink() > 1 {
        Err(StoreError::Linked(path.to_path_buf(), meta.nlink()))
    } else if meta.uid() != rustix::process::geteuid().as_raw() {
        Err(StoreError::Owner(path.to_path_buf()))
    } else {
        Ok(Some(meta.len()))
    }
}

/// A store found readable by others is made the owner's alone, as a new one is.
fn private(path: &Path) -> Result<(), StoreError> {
    let meta = fs::metadata(path).map_err(|e| StoreError::Io(path.to_path_buf(), e))?;
    if meta.permissions().mode() & 0o077 != 0 {
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))
            .map_err(|e| StoreError::Io(path.to_path_buf(), e))?;
    }
    Ok(())
}

/// What the file is, read over a connection that cannot change it (not even by folding a
/// pending log into it): the schema version of a tread store (0 for an empty file). A file of
/// another program, or of a newer tread, is refused here, before anything is written.
fn examine(path: &Path) -> Result<i64, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
    let _ = conn.busy_timeout(std::time::Duration::from_secs(5));
    // One statement, so one snapshot: another tread may be making the store right now.
    let (version, application, tables): (i64, i64, i64) = conn
        .query_row(
            "SELECT v.user_version, a.application_id, (SELECT count(*) FROM sqlite_master)
             FROM pragma_user_version AS v, pragma_application_id AS a",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(|e| classify(path, e))?;
    if application != APPLICATION_ID && (tables > 0 || version > 0) {
        return Err(StoreError::NotAStore(
            path.to_path_buf(),
            "a SQLite database of another program".into(),
        ));
    }
    if version > SCHEMA {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: version,
        });
    }
    Ok(version)
}

/// A SQLite failure, said as what it means for the store.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked(path),
        Some(ErrorCode::NotADatabase) => StoreError::NotAStore(path, "not a SQLite file".into()),
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged(path, e.to_string()),
        _ => StoreError::Sqlite(path, e),
    }
}

/// Makes the store's directory (0700, each one tread makes) and an empty file (0600).
fn create(path: &Path) -> Result<(), StoreError> {
    let io = |e| StoreError::Io(path.to_path_buf(), e);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut missing = Vec::new();
        let mut at = Some(dir);
        while let Some(d) = at.filter(|d| !d.exists() && !d.as_os_str().is_empty()) {
            missing.push(d.to_path_buf());
            at = d.parent();
        }
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(io)?;
        for d in missing {
            fs::set_permissions(&d, fs::Permissions::from_mode(0o700)).map_err(io)?;
        }
    }
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path);
    match file {
        Ok(_) => fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(io),
        // Another tread made it first: use theirs.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(e)),
    }
}
