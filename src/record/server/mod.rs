//! The shared store: one PostgreSQL database for a front desk's seats.
//!
//! A seat never writes to it during a call. Every call is recorded in the seat's own SQLite
//! store first, and sent whole once it has ended ([`super::outbox`]), in one transaction, keyed
//! by the call's id: sent twice (the answer lost on the way), it is still one call. Events are
//! only ever added; a call's row is finished (its ending and digest set) only by the seat that
//! wrote it, which row-level security enforces ([`schema`]).

pub mod pgpass;
mod rows;
mod schema;
pub mod target;

use std::fmt;
use std::path::PathBuf;

use postgres::error::SqlState;
use time::OffsetDateTime;
use uuid::Uuid;

pub use target::{Target, is_url};

use super::Call;
use super::digest::Digest;
use super::report::Cell;
use super::store::{CALL_COLUMNS, EVENT_COLUMNS, Filter, Found, Listed, SCHEMA, filter_clause};
use super::time_text::utc;

/// Why the shared store cannot be used: each a different thing for the person to do.
#[derive(Debug)]
pub enum ServerError {
    /// The URL cannot be read.
    BadUrl(String),
    /// The URL holds a password.
    PasswordInUrl,
    /// `sslmode` is one tread does not take.
    SslMode(String),
    /// The password file can be read by others, so it is not used.
    OpenPassFile(PathBuf),
    /// The trusted certificates cannot be read.
    RootCert(PathBuf, String),
    /// TLS could not be set up.
    Tls(String),
    /// The server cannot be reached.
    Unreachable { server: String, why: String },
    /// The server refused the login (the password, the user, the database).
    Refused { server: String, why: String },
    /// The server's certificate is not trusted.
    Untrusted { server: String, why: String },
    /// The server does not offer TLS, and the URL asks for it.
    NoTls { server: String },
    /// The database the URL names does not exist.
    NoDatabase { server: String, why: String },
    /// The login may not add calls: it is not a seat's.
    NotASeat { server: String },
    /// The database has no tread tables yet.
    NotMade { server: String },
    /// The database's schema is older than this tread's.
    Older { server: String, found: i64 },
    /// A newer tread migrated the database.
    Newer { server: String, found: i64 },
    /// The login may not do this.
    NotAllowed { server: String, why: String },
    /// The server gave up waiting for a lock or a statement: it is busy now.
    Busy { server: String, why: String },
    /// Anything else the server said.
    Failed { server: String, why: String },
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerError::BadUrl(why) => write!(
                f,
                "the store's URL cannot be read ({why}); write it as postgres://USER@HOST:PORT/DATABASE"
            ),
            ServerError::PasswordInUrl => f.write_str(
                "the store's URL holds a password, where the shell's history and other users can read it; take it out and set PGPASSWORD, or add a line to ~/.pgpass (mode 0600)",
            ),
            ServerError::SslMode(mode) => write!(
                f,
                "sslmode={mode} is not taken: say verify-full (the default: the server's certificate is checked), require (encrypted, not checked) or disable (a server on this machine)"
            ),
            ServerError::OpenPassFile(p) => write!(
                f,
                "the password file `{}` can be read by other users, so it is not used; run `chmod 600 {}`",
                p.display(),
                p.display()
            ),
            ServerError::RootCert(p, why) => write!(
                f,
                "the trusted certificates `{}` cannot be read ({why}); give a PEM file with sslrootcert=PATH",
                p.display()
            ),
            ServerError::Tls(why) => write!(f, "TLS could not be set up: {why}"),
            ServerError::Unreachable { server, why } => write!(
                f,
                "the server {server} cannot be reached ({why}); check the host and port, and that the server is running"
            ),
            ServerError::Refused { server, why } => write!(
                f,
                "the server {server} refused the login ({why}); check the user, and the password in PGPASSWORD or ~/.pgpass"
            ),
            ServerError::Untrusted { server, why } => write!(
                f,
                "the server {server} could not be trusted ({why}); give its authority's certificate with sslrootcert=PATH in the URL"
            ),
            ServerError::NoTls { server } => write!(
                f,
                "the server {server} does not offer TLS; for a server on this machine add sslmode=disable to the URL, otherwise give the server a certificate (ssl = on)"
            ),
            ServerError::NoDatabase { server, why } => write!(
                f,
                "the server {server} has no such database ({why}); check the database's name at the end of the URL"
            ),
            ServerError::NotASeat { server } => write!(
                f,
                "the login {server} may not add calls, so calls taken with it could never be sent; take calls with a login in the role tread_seat (a reports login only reads)"
            ),
            ServerError::NotMade { server } => write!(
                f,
                "the database {server} has no tread tables yet; the owner makes them with `tread store migrate --store URL`"
            ),
            ServerError::Older { server, found } => write!(
                f,
                "the database {server} is at schema {found} and this tread needs {SCHEMA}; the owner brings it up to date with `tread store migrate --store URL`"
            ),
            ServerError::Newer { server, found } => write!(
                f,
                "the database {server} was migrated by a newer tread (schema {found}; this tread knows up to {SCHEMA}); use a newer tread at this seat"
            ),
            ServerError::NotAllowed { server, why } => write!(
                f,
                "the login at {server} may not do this ({why}); see the README's roles: seats add calls, reports read, the owner migrates and prunes"
            ),
            ServerError::Busy { server, why } => write!(
                f,
                "the server {server} is busy ({why}); try again shortly: nothing was lost"
            ),
            ServerError::Failed { server, why } => write!(f, "the server {server} failed: {why}"),
        }
    }
}

/// A PostgreSQL failure, said as what it means for the person.
pub fn classify(target: &Target, e: postgres::Error) -> ServerError {
    let server = target.to_string();
    if let Some(db) = e.as_db_error() {
        let why = db.message().to_string();
        let code = db.code();
        return if *code == SqlState::INVALID_CATALOG_NAME {
            ServerError::NoDatabase { server, why }
        } else if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            ServerError::Refused { server, why }
        } else if *code == SqlState::LOCK_NOT_AVAILABLE || *code == SqlState::QUERY_CANCELED {
            ServerError::Busy { server, why }
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            ServerError::NotAllowed { server, why }
        } else {
            ServerError::Failed { server, why }
        };
    }
    // The whole chain: the top error alone says only "error performing TLS handshake".
    let mut why = e.to_string();
    let mut network = e.is_closed();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        why = format!("{why}: {s}");
        network |= s.is::<std::io::Error>();
        source = s.source();
    }
    if why.contains("password missing") {
        ServerError::Refused {
            server,
            why: "no password was given".into(),
        }
    } else if why.contains("server does not support TLS") {
        ServerError::NoTls { server }
    } else if why.contains("certificate") || why.contains("TLS") || why.contains("tls") {
        ServerError::Untrusted { server, why }
    } else if network || why.contains("timed out") || why.contains("connection") {
        ServerError::Unreachable { server, why }
    } else {
        ServerError::Failed { server, why }
    }
}

/// An open connection to the shared store, its schema checked.
pub struct Server {
    client: postgres::Client,
    target: Target,
}

impl Server {
    /// Connects as a seat or a reader: the schema must be exactly this tread's.
    pub fn open(target: &Target) -> Result<Server, ServerError> {
        let mut client = target.connect()?;
        let server = target.to_string();
        let found = version(&mut client).map_err(|e| classify(target, e))?;
        match found {
            None | Some(0) => Err(ServerError::NotMade { server }),
            Some(n) if n < SCHEMA => Err(ServerError::Older { server, found: n }),
            Some(n) if n > SCHEMA => Err(ServerError::Newer { server, found: n }),
            Some(_) => Ok(Server {
                client,
                target: target.clone(),
            }),
        }
    }

    /// As [`Server::open`], giving up after the target's patience: a server that takes the
    /// connection and then says nothing (or a handshake that never ends) cannot hold a seat or
    /// a command. The attempt left behind ends with tread.
    pub fn open_within(target: &Target) -> Result<Server, ServerError> {
        Server::open_before(target, target.patience())
    }

    /// As [`Server::open_within`], with a limit of its own.
    pub fn open_before(
        target: &Target,
        patience: std::time::Duration,
    ) -> Result<Server, ServerError> {
        let (send, got) = std::sync::mpsc::channel();
        let t = target.clone();
        let unreachable = |why: String| ServerError::Unreachable {
            server: target.to_string(),
            why,
        };
        std::thread::Builder::new()
            .name("connect".into())
            .spawn(move || {
                let _ = send.send(Server::open(&t));
            })
            .map_err(|e| unreachable(e.to_string()))?;
        got.recv_timeout(patience).unwrap_or_else(|_| {
            Err(unreachable(format!(
                "no answer within {} s",
                patience.as_secs()
            )))
        })
    }

    /// `tread store migrate`: brings the database to this tread's schema, one migration a
    /// transaction, under an advisory lock so two owners migrating at once migrate once. The
    /// schema before and after.
    pub fn migrate(target: &Target) -> Result<(i64, i64), ServerError> {
        let mut client = target.connect()?;
        let fail = |e| classify(target, e);
        let before = version(&mut client).map_err(fail)?.unwrap_or(0);
        if before > SCHEMA {
            return Err(ServerError::Newer {
                server: target.to_string(),
                found: before,
            });
        }
        loop {
            let mut tx = client.transaction().map_err(fail)?;
            tx.batch_execute(
                "SELECT pg_advisory_xact_lock(7472656100);
                 CREATE TABLE IF NOT EXISTS tread_schema (version BIGINT NOT NULL);",
            )
            .map_err(fail)?;
            let now: i64 = match tx
                .query_opt("SELECT version FROM tread_schema", &[])
                .map_err(fail)?
            {
                Some(row) => row.get(0),
                None => {
                    tx.execute("INSERT INTO tread_schema (version) VALUES (0)", &[])
                        .map_err(fail)?;
                    0
                }
            };
            if now > SCHEMA {
                return Err(ServerError::Newer {
                    server: target.to_string(),
                    found: now,
                });
            }
            let Some(migration) = schema::MIGRATIONS.get(now as usize) else {
                tx.batch_execute(schema::GRANTS).map_err(fail)?;
                tx.commit().map_err(fail)?;
                return Ok((before, now));
            };
            tx.batch_execute(migration).map_err(fail)?;
            tx.execute("UPDATE tread_schema SET version = $1", &[&(now + 1)])
                .map_err(fail)?;
            tx.commit().map_err(fail)?;
        }
    }

    /// Whether this login may add calls (a seat's may; a reports login may not).
    pub fn may_add_calls(&mut self) -> Result<bool, ServerError> {
        let row = self
            .client
            .query_one(
                "SELECT has_table_privilege(session_user, 'calls', 'INSERT')
                    AND has_table_privilege(session_user, 'events', 'INSERT')",
                &[],
            )
            .map_err(|e| classify(&self.target, e))?;
        Ok(row.get(0))
    }

    /// The server, as messages name it.
    pub fn target(&self) -> &Target {
        &self.target
    }

    fn fail(&self) -> impl Fn(postgres::Error) -> ServerError + '_ {
        |e| classify(&self.target, e)
    }

    /// Sends a whole call, in one transaction. A call the server has already is not added
    /// again: its new events are, and its ending and digest are set when they changed (a call
    /// taken up again with `--resume`). Whether the server did not have the call before.
    pub fn send(&mut self, call: &Call) -> Result<bool, ServerError> {
        // PostgreSQL's text has no NUL; SQLite's does (a tree's text may hold one).
        let call = &rows::without_nul(call);
        let digest = call.ended.map(|_| Digest::of(call));
        let target = self.target.clone();
        let fail = |e| classify(&target, e);
        let mut tx = self.client.transaction().map_err(fail)?;
        type Value<'v> = &'v (dyn postgres::types::ToSql + Sync);
        let flags = serde_json::to_string(&call.red_flags).unwrap_or_default();
        let outcome = call.outcome.as_ref();
        let id = call.id.to_string();
        let (started, offset) = (utc(call.started), i64::from(call.offset_minutes));
        let (ended, ending) = (call.ended.map(utc), call.ending.map(|e| e.name()));
        let node = outcome.map(|o| o.node.as_str());
        let title = outcome.map(|o| o.title.as_str());
        let urgency = outcome.map(|o| o.urgency.as_str());
        let rank = outcome.and_then(|o| o.rank).map(i64::from);
        // `$1` the id and then what an ending sets: the same for adding a call and finishing
        // one the server has.
        let finish: [Value; 7] = [&id, &ended, &ending, &node, &title, &urgency, &rank];
        let begin: [Value; 11] = [
            &call.seat.seat,
            &call.seat.person,
            &started,
            &offset,
            &call.tree.title,
            &call.tree.version,
            &call.tree.review_due,
            &call.tree.path,
            &call.tree.sha256,
            &call.tread_version,
            &flags,
        ];
        let all: Vec<Value> = finish.iter().chain(&begin).copied().collect();
        let new = tx
            .execute(
                "INSERT INTO calls (id, ended, ending, outcome_node, outcome_title, urgency,
                 outcome_rank, seat, person, started, offset_minutes, tree_title, tree_version,
                 tree_review_due, tree_path, tree_sha256, tread_version, red_flags)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                         $17, $18)
                 ON CONFLICT (id) DO NOTHING",
                &all,
            )
            .map_err(fail)?
            == 1;
        // A call the server has already: its ending, when it changed (taken up again). The
        // policies let a seat change only its own calls, and none that is final; a plain
        // UPDATE passes such rows over rather than failing.
        if !new {
            tx.execute(
                "UPDATE calls SET ended = $2, ending = $3, outcome_node = $4, outcome_title = $5,
                     urgency = $6, outcome_rank = $7
                 WHERE id = $1 AND (ended IS DISTINCT FROM $2 OR ending IS DISTINCT FROM $3)",
                &finish,
            )
            .map_err(fail)?;
        }
        if let Some(d) = &digest {
            let ending = ending.clone().unwrap_or_default();
            let finish: [Value; 11] = [
                &id,
                &ending,
                &node,
                &urgency,
                &rank,
                &d.steps,
                &d.backs,
                &d.seconds,
                &d.path_id,
                &d.signs,
                &d.back_from,
            ];
            let begin: [Value; 4] = [&started, &call.seat.seat, &call.tree.sha256, &d.day];
            let all: Vec<Value> = finish.iter().chain(&begin).copied().collect();
            tx.execute(
                "INSERT INTO digests (call_id, ending, outcome_node, urgency, outcome_rank,
                 steps, backs, seconds, path_id, signs, back_from, started, seat, tree_sha256,
                 day)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                 ON CONFLICT (call_id) DO NOTHING",
                &all,
            )
            .map_err(fail)?;
            tx.execute(
                "UPDATE digests SET ending = $2, outcome_node = $3, urgency = $4,
                     outcome_rank = $5, steps = $6, backs = $7, seconds = $8, path_id = $9,
                     signs = $10, back_from = $11
                 WHERE call_id = $1",
                &finish,
            )
            .map_err(fail)?;
            tx.execute(
                "INSERT INTO paths (path_id, path) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&d.path_id, &d.path],
            )
            .map_err(fail)?;
        }
        let events = rows::Columns::of(call);
        tx.execute(
            "INSERT INTO events (call_id, seq, at, kind, node, title, answer, idx, red_flag,
             positive, text, draft, urgency, value, rank)
             SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                 $7::text[], $8::bigint[], $9::bigint[], $10::bigint[], $11::text[], $12::bigint[],
                 $13::text[], $14::text[], $15::bigint[])
             ON CONFLICT (call_id, seq) DO NOTHING",
            &[
                &id,
                &events.seq,
                &events.at,
                &events.kind,
                &events.node,
                &events.title,
                &events.answer,
                &events.idx,
                &events.red_flag,
                &events.positive,
                &events.text,
                &events.draft,
                &events.urgency,
                &events.value,
                &events.rank,
            ],
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(new)
    }

    /// The calls that match, newest first.
    pub fn list(&mut self, filter: &Filter) -> Result<Vec<Listed>, ServerError> {
        let (clause, args) = filter_clause(filter, '$');
        let limit = filter.limit.map_or(i64::MAX, |n| n as i64);
        let sql = format!(
            "SELECT id, started, offset_minutes, ended, ending, seat, person, tree_title,
                    outcome_title, urgency,
                    (SELECT count(*) FROM events e WHERE e.call_id = c.id AND e.kind = 'note')
             FROM calls c {clause} ORDER BY started DESC, id DESC LIMIT ${}",
            args.len() + 1
        );
        let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> =
            args.iter().map(|a| a as _).collect();
        params.push(&limit);
        let rows = self.client.query(&sql, &params).map_err(self.fail())?;
        Ok(rows.iter().map(rows::listed).collect())
    }

    /// The call an id or the start of one names.
    pub fn find(&mut self, prefix: &str) -> Result<Found, ServerError> {
        let prefix = prefix.trim().to_ascii_lowercase();
        let rows = self
            .client
            .query(
                "SELECT id FROM calls WHERE starts_with(id, $1) ORDER BY id LIMIT 6",
                &[&prefix],
            )
            .map_err(self.fail())?;
        let ids: Vec<Uuid> = rows
            .iter()
            .map(|r| Uuid::parse_str(r.get(0)).unwrap_or_default())
            .collect();
        Ok(match ids.len() {
            0 => Found::None,
            1 => Found::One(ids[0]),
            _ => Found::Many(ids),
        })
    }

    /// A whole call.
    pub fn load(&mut self, id: Uuid) -> Result<Call, ServerError> {
        let row = self
            .client
            .query_one(
                &format!("SELECT {CALL_COLUMNS} FROM calls c WHERE c.id = $1"),
                &[&id.to_string()],
            )
            .map_err(self.fail())?;
        let mut call = rows::call(&row);
        call.events = self
            .client
            .query(
                &format!(
                    "SELECT {EVENT_COLUMNS} FROM events e WHERE e.call_id = $1 ORDER BY e.seq"
                ),
                &[&id.to_string()],
            )
            .map_err(self.fail())?
            .iter()
            .map(rows::event)
            .collect();
        Ok(call)
    }

    /// Every call that matches, oldest first, each with its events, handed to `visit` a
    /// thousand calls at a time: a cursor over the calls, and their events read by id.
    pub fn export(
        &mut self,
        filter: &Filter,
        mut visit: impl FnMut(&Call) -> std::io::Result<()>,
    ) -> Result<Result<(), std::io::Error>, ServerError> {
        let (clause, args) = filter_clause(filter, '$');
        let target = self.target.clone();
        let fail = |e| classify(&target, e);
        let mut tx = self.client.transaction().map_err(fail)?;
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> =
            args.iter().map(|a| a as _).collect();
        let portal = tx
            .bind(
                &format!("SELECT {CALL_COLUMNS} FROM calls c {clause} ORDER BY id"),
                &params,
            )
            .map_err(fail)?;
        let events = tx
            .prepare(&format!(
                "SELECT {EVENT_COLUMNS}, e.call_id FROM events e
                 WHERE e.call_id = ANY($1) ORDER BY e.call_id, e.seq"
            ))
            .map_err(fail)?;
        loop {
            let batch = tx.query_portal(&portal, 1000).map_err(fail)?;
            if batch.is_empty() {
                return Ok(Ok(()));
            }
            let mut calls: Vec<Call> = batch.iter().map(rows::call).collect();
            let ids: Vec<String> = calls.iter().map(|c| c.id.to_string()).collect();
            let mut at = 0;
            for row in tx.query(&events, &[&ids]).map_err(fail)? {
                let of: &str = row.get(14);
                while at < ids.len() && ids[at].as_str() < of {
                    at += 1;
                }
                if let Some(call) = calls.get_mut(at) {
                    call.events.push(rows::event(&row));
                }
            }
            for call in &calls {
                if let Err(e) = visit(call) {
                    return Ok(Err(e));
                }
            }
        }
    }

    /// Deletes the calls started before `before`, and their events; how many. Only the owner
    /// may.
    pub fn prune(&mut self, before: OffsetDateTime) -> Result<usize, ServerError> {
        let n = self
            .client
            .execute("DELETE FROM calls WHERE started < $1", &[&utc(before)])
            .map_err(self.fail())?;
        Ok(n as usize)
    }

    /// Whether the server has this call, ended as it is here.
    pub fn has(&mut self, call: &Call) -> Result<bool, ServerError> {
        let row = self
            .client
            .query_opt(
                "SELECT 1 FROM calls WHERE id = $1 AND ended IS NOT DISTINCT FROM $2",
                &[&call.id.to_string(), &call.ended.map(utc)],
            )
            .map_err(self.fail())?;
        Ok(row.is_some())
    }

    /// The connection, for reports.
    pub fn client(&mut self) -> &mut postgres::Client {
        &mut self.client
    }
}

impl super::report::Source for Server {
    fn rows(&mut self, sql: &str, args: &[String]) -> Result<Vec<Vec<Cell>>, String> {
        use postgres::types::Type;
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> =
            args.iter().map(|a| a as _).collect();
        let rows = self
            .client
            .query(sql, &params)
            .map_err(|e| classify(&self.target, e).to_string())?;
        Ok(rows
            .iter()
            .map(|row| {
                row.columns()
                    .iter()
                    .enumerate()
                    .map(|(i, column)| {
                        let cell = match *column.type_() {
                            Type::INT8 => row.get::<_, Option<i64>>(i).map(Cell::Int),
                            Type::INT4 => row.get::<_, Option<i32>>(i).map(|n| Cell::Int(n.into())),
                            Type::TEXT | Type::VARCHAR | Type::NAME => {
                                row.get::<_, Option<String>>(i).map(Cell::Text)
                            }
                            _ => None,
                        };
                        cell.unwrap_or(Cell::Null)
                    })
                    .collect()
            })
            .collect())
    }

    fn is_postgres(&self) -> bool {
        true
    }
}

/// The schema version the database is at: `None` when it has no `tread_schema` table.
fn version(client: &mut postgres::Client) -> Result<Option<i64>, postgres::Error> {
    let exists: bool = client
        .query_one("SELECT to_regclass('tread_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(None);
    }
    Ok(client
        .query_opt("SELECT version FROM tread_schema", &[])?
        .map(|r| r.get(0)))
}
