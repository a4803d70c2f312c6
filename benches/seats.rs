//! Many seats: eight seats sending calls into PostgreSQL at once (calls a second, sustained),
//! and `tread report` over 1,000,000 calls of about 15 steps each, on SQLite and on
//! PostgreSQL, with the query plans of the reads.
//!
//! `source .ci/postgres start && cargo bench --bench seats`. Without a server the PostgreSQL
//! parts say so and the SQLite part runs alone. The million-call stores are built once (the
//! SQLite one in `target/bench-stores/`, the PostgreSQL one as the database `tread_bench` of
//! that server) and reused.

use std::path::PathBuf;
use std::time::Instant;

use time::{Duration, OffsetDateTime};
use tread::record::digest::Digest;
use tread::record::report::{self, Scope, Source};
use tread::record::server::{Server, Target};
use tread::record::store::Store;
use tread::record::time_text::utc;
use tread::record::{Call, Ending, Event, EventKind, Flag, Reached, Seat, TreeStamp};
use uuid::Uuid;

const CALLS: usize = 1_000_000;

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-stores");
    std::fs::create_dir_all(&dir).unwrap();
    let pg = Pg::from_env();
    match &pg {
        Some(pg) => eight_seats(pg),
        None => {
            println!("no PostgreSQL server (source .ci/postgres start): the seats part is skipped")
        }
    }
    let path = dir.join(format!("report-{CALLS}.db"));
    let mut sqlite = sqlite_store(&path);
    measure("SQLite", &mut sqlite);
    let plan = sqlite_plan(&path);
    println!("SQLite plan of the digest read:\n{plan}");
    if let Some(pg) = &pg {
        let mut owner = pg_store(pg);
        measure("PostgreSQL (owner)", &mut owner);
        let mut lead = Server::open(&pg.target("lead", "tread_bench")).unwrap();
        measure(
            "PostgreSQL (a reports role, under row-level security)",
            &mut lead,
        );
        let mut client = pg.client("tread_owner", "tread_bench");
        for (what, sql) in [
            ("the digest read", DIGEST_READ),
            ("the time to an outcome", SECONDS_READ),
            ("warning signs", SIGNS_READ),
        ] {
            let rows = client
                .query(&format!("EXPLAIN (ANALYZE, BUFFERS) {sql}"), &[])
                .unwrap();
            println!("PostgreSQL plan of {what}:");
            for r in rows {
                println!("  {}", r.get::<_, String>(0));
            }
        }
    }
}

/// The report's main read, as `report::make` writes it with no scope.
const DIGEST_READ: &str = "SELECT d.day, d.tree_sha256, d.outcome_node, d.ending, d.backs,
    min(d.urgency), min(d.outcome_rank), count(*), min(d.day)
    FROM digests d GROUP BY d.day, d.tree_sha256, d.outcome_node, d.ending, d.backs";

/// The report's reads of the time to an outcome and of the warning signs.
const SECONDS_READ: &str = "SELECT d.tree_sha256, d.seconds, count(*) FROM digests d
    WHERE d.seconds IS NOT NULL GROUP BY d.tree_sha256, d.seconds";
const SIGNS_READ: &str = "SELECT d.signs, count(*) FROM digests d
    WHERE d.signs IS NOT NULL GROUP BY d.signs";

/// The default report five times (the median and the slowest), then with a scope.
fn measure(store: &str, source: &mut dyn Source) {
    let mut times = Vec::new();
    let mut calls = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let r = report::make(source, &Scope::default()).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        calls = r.calls;
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{store}: report over {calls} calls: median {:.0} ms, slowest {:.0} ms",
        times[2], times[4]
    );
    let since = OffsetDateTime::from_unix_timestamp(1_760_000_000).unwrap() + Duration::days(335);
    for (what, scope) in [
        (
            "the last 30 days",
            Scope {
                since: Some(since),
                ..Scope::default()
            },
        ),
        (
            "one seat, days in UTC",
            Scope {
                seat: Some("Desk 3".into()),
                tz_minutes: Some(0),
                ..Scope::default()
            },
        ),
    ] {
        let t = Instant::now();
        let r = report::make(source, &scope).unwrap();
        println!(
            "{store}: report of {what} ({} calls): {:.0} ms",
            r.calls,
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// A small deterministic generator, so every build of the stores is the same.
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

const OUTCOMES: [(&str, &str, u32); 6] = [
    ("call_999", "Emergency", 0),
    ("same_day", "Urgent", 1),
    ("gp_soon", "Soon", 2),
    ("gp_routine", "Routine", 3),
    ("self_care", "SelfCare", 4),
    ("physio", "Routine", 3),
];

/// Call `n` of the million: a year of calls at six seats, on two versions of a tree; about
/// fifteen steps, a warning sign in one call of ten, a step back in one of twelve.
fn call(n: usize, dice: &mut Dice) -> Call {
    let started = OffsetDateTime::from_unix_timestamp(1_760_000_000).unwrap()
        + Duration::seconds((n as i64) * 31);
    let ms = (started.unix_timestamp() * 1000) as u64 + (n as u64 % 1000);
    // The same id each time call `n` is made (the PostgreSQL store is loaded in two passes).
    let mut tail = [0u8; 10];
    tail[2..].copy_from_slice(&(n as u64).to_be_bytes());
    let id = uuid::Builder::from_unix_timestamp_millis(ms, &tail).into_uuid();
    let second_version = n >= CALLS / 2;
    let mut events = Vec::with_capacity(18);
    let mut at = started;
    let mut seq = 0;
    let mut push = |events: &mut Vec<Event>, at: OffsetDateTime, kind: EventKind| {
        seq += 1;
        events.push(Event { seq, at, kind });
    };
    let steps = 12 + dice.next(6) as usize;
    let sign = dice.next(10) == 0;
    let back = dice.next(12) == 0;
    let route = dice.next(8);
    for i in 0..steps {
        at += Duration::seconds(5 + dice.next(40) as i64);
        let node = format!("q{}_{}", route, i);
        let positive = sign && i == 5;
        push(
            &mut events,
            at,
            EventKind::Step {
                title: format!("Question {i} on route {route}"),
                node,
                answer: if positive { "Yes" } else { "No" }.into(),
                index: 1 + usize::from(!positive),
                red_flag: (4..8).contains(&i),
                positive,
                value: None,
            },
        );
        if back && i == 3 {
            push(
                &mut events,
                at,
                EventKind::Back {
                    node: format!("q{route}_3"),
                    title: format!("Question 3 on route {route}"),
                },
            );
        }
    }
    let (node, urgency, rank) = if sign {
        OUTCOMES[dice.next(2) as usize]
    } else {
        OUTCOMES[2 + dice.next(4) as usize]
    };
    at += Duration::seconds(10);
    push(
        &mut events,
        at,
        EventKind::Outcome {
            node: node.into(),
            title: format!("Outcome {node}"),
            urgency: urgency.into(),
            rank: Some(rank),
        },
    );
    Call {
        id,
        seat: Seat {
            seat: format!("Desk {}", n % 6 + 1),
            person: "Sam".into(),
        },
        started,
        offset_minutes: 60,
        ended: Some(at + Duration::seconds(20)),
        ending: Some(Ending::Outcome),
        tree: TreeStamp {
            title: "Back pain".into(),
            version: Some(if second_version { "2.1" } else { "2.0" }.into()),
            review_due: None,
            path: "trees/back.ron".into(),
            sha256: if second_version {
                "b".repeat(64)
            } else {
                "a".repeat(64)
            },
        },
        tread_version: "0.1.0".into(),
        red_flags: vec![Flag {
            node: "q0_4".into(),
            title: "A sign".into(),
        }],
        outcome: Some(Reached {
            node: node.into(),
            title: format!("Outcome {node}"),
            urgency: urgency.into(),
            rank: Some(rank),
        }),
        events,
    }
}

/// The event's columns, as both stores keep them.
fn event_cells(e: &Event) -> [Option<String>; 13] {
    let r = e.row();
    let text = |s: Option<&str>| s.map(str::to_string);
    let flag = |b: bool| Some(u8::from(b).to_string());
    [
        Some(e.seq.to_string()),
        Some(utc(e.at)),
        Some(r.kind.to_string()),
        Some(r.node.to_string()),
        Some(r.title.to_string()),
        text(r.answer),
        r.idx.map(|i| i.to_string()),
        flag(r.red_flag),
        flag(r.positive),
        text(r.text),
        flag(r.draft),
        text(r.urgency),
        r.rank.map(|r| r.to_string()),
    ]
}

/// The call's row, digest included, in the order of the INSERTs below.
fn call_cells(c: &Call) -> Vec<Option<String>> {
    let o = c.outcome.as_ref().unwrap();
    vec![
        Some(c.id.to_string()),
        Some(c.seat.seat.clone()),
        Some(c.seat.person.clone()),
        Some(utc(c.started)),
        Some(c.offset_minutes.to_string()),
        c.ended.map(utc),
        c.ending.map(|e| e.name()),
        Some(c.tree.title.clone()),
        c.tree.version.clone(),
        Some(c.tree.path.clone()),
        Some(c.tree.sha256.clone()),
        Some(c.tread_version.clone()),
        Some(serde_json::to_string(&c.red_flags).unwrap()),
        Some(o.node.clone()),
        Some(o.title.clone()),
        Some(o.urgency.clone()),
        o.rank.map(|r| r.to_string()),
    ]
}

/// The call's digest row, and its path (its number, its nodes).
fn digest_cells(c: &Call) -> (Vec<Option<String>>, (i64, String)) {
    let d = Digest::of(c);
    let o = c.outcome.as_ref().unwrap();
    (
        vec![
            Some(c.id.to_string()),
            Some(utc(c.started)),
            Some(c.seat.seat.clone()),
            Some(c.tree.sha256.clone()),
            Some(d.day),
            c.ending.map(|e| e.name()),
            Some(o.node.clone()),
            Some(o.urgency.clone()),
            o.rank.map(|r| r.to_string()),
            Some(d.steps.to_string()),
            Some(d.backs.to_string()),
            d.seconds.map(|s| s.to_string()),
            Some(d.path_id.to_string()),
            d.signs,
            d.back_from,
        ],
        (d.path_id, d.path),
    )
}

const CALL_INSERT: &str = "INSERT INTO calls (id, seat, person, started, offset_minutes, ended,
    ending, tree_title, tree_version, tree_path, tree_sha256, tread_version, red_flags,
    outcome_node, outcome_title, urgency, outcome_rank)";
const DIGEST_COLUMNS: &str = "(call_id, started, seat, tree_sha256, day, ending, outcome_node,
    urgency, outcome_rank, steps, backs, seconds, path_id, signs, back_from)";
const EVENT_COLUMNS: &str = "(call_id, seq, at, kind, node, title, answer, idx, red_flag, positive, text, draft, urgency, rank)";

/// The SQLite store of a million calls, made with one transaction of plain INSERTs.
fn sqlite_store(path: &std::path::Path) -> Store {
    let built = Store::open_existing(path, false)
        .ok()
        .flatten()
        .is_some_and(|_| {
            rusqlite::Connection::open(path)
                .unwrap()
                .query_row("SELECT count(*) FROM calls", [], |r| r.get::<_, i64>(0))
                .unwrap()
                == CALLS as i64
        });
    if !built {
        let _ = std::fs::remove_file(path);
        drop(Store::open(path).unwrap());
        let t = Instant::now();
        let mut conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch("PRAGMA synchronous = OFF").unwrap();
        let tx = conn.transaction().unwrap();
        {
            let mut calls = tx
                .prepare(&format!(
                    "{CALL_INSERT} VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
                ))
                .unwrap();
            let mut events = tx
                .prepare(&format!(
                    "INSERT INTO events {EVENT_COLUMNS} VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
                ))
                .unwrap();
            let mut digests = tx
                .prepare(&format!(
                    "INSERT INTO digests {DIGEST_COLUMNS} VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
                ))
                .unwrap();
            let mut paths = tx
                .prepare("INSERT OR IGNORE INTO paths (path_id, path) VALUES (?1, ?2)")
                .unwrap();
            let mut dice = Dice(7);
            for n in 0..CALLS {
                let c = call(n, &mut dice);
                calls
                    .execute(rusqlite::params_from_iter(call_cells(&c)))
                    .unwrap();
                let (digest, path) = digest_cells(&c);
                digests.execute(rusqlite::params_from_iter(digest)).unwrap();
                paths.execute(rusqlite::params![path.0, path.1]).unwrap();
                let id = c.id.to_string();
                for e in &c.events {
                    let cells = event_cells(e);
                    events
                        .execute(rusqlite::params_from_iter(
                            std::iter::once(Some(id.clone())).chain(cells),
                        ))
                        .unwrap();
                }
            }
        }
        tx.commit().unwrap();
        conn.execute_batch("ANALYZE").unwrap();
        println!(
            "built the SQLite store of {CALLS} calls in {:.0} s ({:.0} MB)",
            t.elapsed().as_secs_f64(),
            std::fs::metadata(path).unwrap().len() as f64 / 1e6
        );
    }
    Store::open_existing(path, false).unwrap().unwrap()
}

fn sqlite_plan(path: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut out = String::new();
    for sql in [DIGEST_READ, SECONDS_READ, SIGNS_READ] {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let detail: String = row.get("detail").unwrap();
            out.push_str(&format!("  {detail}\n"));
        }
        out.push('\n');
    }
    out
}

struct Pg {
    port: String,
    password: String,
}

impl Pg {
    fn from_env() -> Option<Pg> {
        Some(Pg {
            port: std::env::var("TREAD_TEST_POSTGRES_PORT").ok()?,
            password: std::env::var("TREAD_TEST_POSTGRES_PASSWORD").ok()?,
        })
    }

    fn target(&self, user: &str, db: &str) -> Target {
        let env = |name: &str| match name {
            "PGPASSWORD" => Some(self.password.clone()),
            _ => None,
        };
        Target::parse(
            &format!(
                "postgres://{user}@127.0.0.1:{}/{db}?sslmode=disable",
                self.port
            ),
            &env,
        )
        .unwrap()
    }

    fn client(&self, user: &str, db: &str) -> postgres::Client {
        postgres::Config::new()
            .host("127.0.0.1")
            .port(self.port.parse().unwrap())
            .user(user)
            .password(&self.password)
            .dbname(db)
            .connect(postgres::NoTls)
            .unwrap()
    }

    /// A fresh database of tread's tables.
    fn fresh(&self, db: &str) {
        let mut admin = self.client("tread_owner", "postgres");
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {db}"))
            .unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {db}"))
            .unwrap();
        Server::migrate(&self.target("tread_owner", db)).unwrap();
    }
}

/// Eight seats at once, each with its own connection, sending whole calls as seats do.
fn eight_seats(pg: &Pg) {
    pg.fresh("tread_seats");
    const EACH: usize = 400;
    let t = Instant::now();
    let seats: Vec<_> = (0..8)
        .map(|s| {
            let target = pg.target(if s % 2 == 0 { "desk1" } else { "desk2" }, "tread_seats");
            std::thread::spawn(move || {
                let mut server = Server::open(&target).unwrap();
                let mut dice = Dice(s as u64 + 1);
                for n in 0..EACH {
                    let mut c = call(s * EACH + n, &mut dice);
                    c.id = Uuid::now_v7();
                    server.send(&c).unwrap();
                }
            })
        })
        .collect();
    for s in seats {
        s.join().unwrap();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "eight seats sending {} calls of about 16 events each at once: {:.1} s, {:.0} calls/s",
        8 * EACH,
        secs,
        (8 * EACH) as f64 / secs
    );
}

/// The PostgreSQL store of a million calls, loaded with COPY.
fn pg_store(pg: &Pg) -> Server {
    let mut owner = pg.client("tread_owner", "postgres");
    let exists = owner
        .query_opt(
            "SELECT 1 FROM pg_database WHERE datname = 'tread_bench'",
            &[],
        )
        .unwrap()
        .is_some();
    let built = exists
        && pg
            .client("tread_owner", "tread_bench")
            .query_one("SELECT count(*) FROM calls", &[])
            .map(|r| r.get::<_, i64>(0) == CALLS as i64)
            .unwrap_or(false);
    if !built {
        pg.fresh("tread_bench");
        let t = Instant::now();
        let mut client = pg.client("tread_owner", "tread_bench");
        let cell = |c: &Option<String>| match c {
            None => "\\N".to_string(),
            Some(s) => s
                .replace('\\', "\\\\")
                .replace('\t', "\\t")
                .replace('\n', "\\n"),
        };
        use std::io::Write;
        // Calls first, then their events, each streamed (a COPY message is at most 1 GB).
        let columns = CALL_INSERT.trim_start_matches("INSERT INTO calls ");
        let mut w = std::io::BufWriter::with_capacity(
            1 << 20,
            client
                .copy_in(&format!("COPY calls {columns} FROM STDIN"))
                .unwrap(),
        );
        let mut dice = Dice(7);
        let mut digests = Vec::with_capacity(CALLS);
        let mut paths = std::collections::BTreeMap::new();
        for n in 0..CALLS {
            let c = call(n, &mut dice);
            let row: Vec<String> = call_cells(&c).iter().map(cell).collect();
            writeln!(w, "{}", row.join("\t")).unwrap();
            let (digest, (id, path)) = digest_cells(&c);
            digests.push(digest.iter().map(cell).collect::<Vec<_>>().join("\t"));
            paths.insert(id, path);
        }
        w.into_inner().ok().unwrap().finish().unwrap();
        let mut w = std::io::BufWriter::with_capacity(
            1 << 20,
            client
                .copy_in(&format!("COPY digests {DIGEST_COLUMNS} FROM STDIN"))
                .unwrap(),
        );
        for row in &digests {
            writeln!(w, "{row}").unwrap();
        }
        w.into_inner().ok().unwrap().finish().unwrap();
        let mut w = client
            .copy_in("COPY paths (path_id, path) FROM STDIN")
            .unwrap();
        for (id, path) in &paths {
            writeln!(w, "{id}\t{}", cell(&Some(path.clone()))).unwrap();
        }
        w.finish().unwrap();
        let mut w = std::io::BufWriter::with_capacity(
            1 << 20,
            client
                .copy_in(&format!("COPY events {EVENT_COLUMNS} FROM STDIN"))
                .unwrap(),
        );
        let mut dice = Dice(7);
        for n in 0..CALLS {
            let c = call(n, &mut dice);
            let id = c.id.to_string();
            for e in &c.events {
                let cells: Vec<String> = event_cells(e).iter().map(cell).collect();
                writeln!(w, "{id}\t{}", cells.join("\t")).unwrap();
            }
        }
        w.into_inner().ok().unwrap().finish().unwrap();
        client.batch_execute("VACUUM ANALYZE").unwrap();
        println!(
            "built the PostgreSQL store of {CALLS} calls in {:.0} s",
            t.elapsed().as_secs_f64()
        );
    }
    Server::open(&pg.target("tread_owner", "tread_bench")).unwrap()
}
