//! The shared store on a real PostgreSQL server: seats record to their own SQLite store and
//! send each ended call once; `tread calls`, `report`, `--resume` read the server; the roles
//! keep seats to their own calls; logins, TLS and schemas are checked; a server or network
//! that fails loses no call and counts none twice.
//!
//! These need `.ci/postgres start` (`.ci/run` does it); without a server they say so and pass,
//! unless TREAD_REQUIRE_POSTGRES=1.

mod common;

use common::pg::{self, Pg};
use common::proxy::Proxy;

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tread-server-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Answers for the bundled tree: on the phone to someone who is not the patient, an urgent
/// outcome (ring the patient).
const NOT_THE_PATIENT: &str = ",2";
/// The patient, an adult, numbness around the bottom marked on the first list: an emergency.
const EMERGENCY: &str = ",1,2,4";
/// "Who and where" read out, then the input ends: a call left before an outcome.
const LEFT: &str = ",";

/// A plain walk with these answers, recorded at `local` and sent to `url`.
fn call(pg: &Pg, url: &str, local: &std::path::Path, answers: &str) -> common::Run {
    pg.tread_at(
        &["--answers", answers, "--store", url],
        Some(local.to_str().unwrap()),
        None,
    )
}

fn count(pg: &Pg, db: &str, sql: &str) -> i64 {
    pg.client("tread_owner", db)
        .query_one(sql, &[])
        .unwrap()
        .get(0)
}

#[test]
#[cfg_attr(
    no_postgres,
    ignore = "no PostgreSQL server: `source .ci/postgres start` makes one"
)]
fn a_seat_sends_each_call_once_and_the_calls_commands_read_the_server() {
    let Some(pg) = pg::server("seat") else { return };
    let db = pg.database("seat");
    let dir = scratch("seat");
    let local = dir.join("desk1.db");
    let seat = pg.url("desk1", &db);
    for answers in [NOT_THE_PATIENT, EMERGENCY] {
        let run = call(&pg, &seat, &local, answers);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let run = call(&pg, &seat, &local, LEFT);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert_eq!(count(&pg, &db, "SELECT count(*) FROM calls"), 3);
    let events = count(&pg, &db, "SELECT count(*) FROM events");

    // Listed, shown and exported from the server.
    let run = pg.tread_at(
        &["calls", "--store", &seat],
        Some(local.to_str().unwrap()),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 4, "{}", run.stdout);
    assert!(run.stdout.contains("EMERGENCY"), "{}", run.stdout);
    let id: String = pg
        .client("tread_owner", &db)
        .query_one("SELECT id FROM calls WHERE ending = 'input ended'", &[])
        .unwrap()
        .get(0);
    let run = pg.tread(&[
        "calls",
        "show",
        &id[..13],
        "--store",
        &seat,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\"ending\": \"input ended\""),
        "{}",
        run.stdout
    );
    let run = pg.tread(&["calls", "export", "--store", &seat]);
    assert_eq!(run.stdout.lines().count(), 3, "{}", run.stderr);
    let run = pg.tread(&["calls", "export", "--format", "csv", "--store", &seat]);
    assert_eq!(run.stdout.lines().count(), 4, "{}", run.stderr);

    // The note that a call was sent is lost (tread stopped just after the server took it):
    // sent again, the server still has it once.
    rusqlite::Connection::open(&local)
        .unwrap()
        .execute("DELETE FROM sent", [])
        .unwrap();
    let run = pg.tread_at(
        &["store", "send", "--store", &seat],
        Some(local.to_str().unwrap()),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("sent 3 calls"), "{}", run.stdout);
    assert_eq!(count(&pg, &db, "SELECT count(*) FROM calls"), 3);
    assert_eq!(count(&pg, &db, "SELECT count(*) FROM events"), events);

    // Taken up again where it was left: the server gets its new events and its new ending,
    // still as one call.
    let run = pg.tread_at(
        &["--resume", &id[..13], "--answers", "2", "--store", &seat],
        Some(local.to_str().unwrap()),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(count(&pg, &db, "SELECT count(*) FROM calls"), 3);
    assert_eq!(
        count(
            &pg,
            &db,
            &format!("SELECT count(*) FROM calls WHERE id = '{id}' AND ending = 'outcome'")
        ),
        1
    );
    assert!(count(&pg, &db, "SELECT count(*) FROM events") > events);
    let run = pg.tread(&["calls", "replay", &id[..13], "--store", &seat]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("same:"), "{}", run.stdout);

    // A seat may not prune; the owner may.
    let run = pg.tread(&["calls", "prune", "--older-than", "0h", "--store", &seat]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("may not do this"), "{}", run.stderr);
    let owner = pg.url("tread_owner", &db);
    let run = pg.tread(&["calls", "prune", "--older-than", "0h", "--store", &owner]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("deleted 3 calls"), "{}", run.stdout);
    assert_eq!(count(&pg, &db, "SELECT count(*) FROM events"), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[cfg_attr(
    no_postgres,
    ignore = "no PostgreSQL server: `source .ci/postgres start` makes one"
)]
fn roles_keep_seats_to_their_own_calls_and_reports_to_reading() {
    let Some(pg) = pg::server("roles") else {
        return;
    };
    let db = pg.database("roles");
    let dir = scratch("roles");
    for (desk, answers) in [("desk1", EMERGENCY), ("desk2", NOT_THE_PATIENT)] {
        let run = call(
            &pg,
            &pg.url(desk, &db),
            &dir.join(format!("{desk}.db")),
            answers,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let listed = |user: &str| {
        let run = pg.tread(&["calls", "--store", &pg.url(user, &db)]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout.lines().count() - 1
    };
    assert_eq!(listed("desk1"), 1, "a seat reads its own calls only");
    assert_eq!(listed("lead"), 2, "reports read every call");

    // desk2 cannot touch desk1's call, nor add to it; the lead cannot write at all.
    let desk1_call: String = pg
        .client("tread_owner", &db)
        .query_one("SELECT id FROM calls WHERE db_user = 'desk1'", &[])
        .unwrap()
        .get(0);
    let mut desk2 = pg.client("desk2", &db);
    let changed = desk2
        .execute(
            "UPDATE calls SET ending = 'quit' WHERE id = $1",
            &[&desk1_call],
        )
        .unwrap();
    assert_eq!(changed, 0, "another seat's call is not even seen");
    let added = desk2.execute(
        "INSERT INTO events (call_id, seq, at, kind, node, title) VALUES ($1, 999, 'x', 'note', 'n', 't')",
        &[&desk1_call],
    );
    assert!(added.is_err(), "an event on another seat's call is refused");
    assert!(desk2.execute("DELETE FROM events", &[]).is_err());
    let digest = desk2.execute(
        "INSERT INTO digests (call_id, started, seat, tree_sha256, day, ending, steps, backs, path_id)
         VALUES ($1, 'x', 'x', 'x', 'x', 'x', 0, 0, 0)",
        &[&desk1_call],
    );
    assert!(
        digest.is_err(),
        "a digest of another seat's call is refused"
    );
    assert!(
        desk2.execute("UPDATE digests SET day = 'x'", &[]).is_err(),
        "a digest's day and seat are not a seat's to change"
    );
    assert!(
        desk2.execute("UPDATE calls SET seat = 'x'", &[]).is_err(),
        "a seat may set only the columns an ending sets"
    );
    let mut lead = pg.client("lead", &db);
    assert!(lead.execute("DELETE FROM calls", &[]).is_err());
    assert!(
        lead.execute("UPDATE calls SET ending = 'quit'", &[])
            .is_err()
    );
    // A call that reached its outcome is final, even to the seat that took it.
    let mut desk1 = pg.client("desk1", &db);
    let changed = desk1
        .execute(
            "UPDATE calls SET urgency = 'SelfCare' WHERE id = $1",
            &[&desk1_call],
        )
        .unwrap();
    assert_eq!(
        changed, 0,
        "an emergency cannot be made milder after the fact"
    );
    // A path made up for another path's number is never shown.
    let path_id: i64 = pg
        .client("tread_owner", &db)
        .query_one("SELECT min(path_id) FROM paths", &[])
        .unwrap()
        .get(0);
    desk2
        .execute(
            "INSERT INTO paths (path_id, path) VALUES ($1, 'a made-up path')",
            &[&path_id],
        )
        .unwrap();
    // A reports login cannot take calls it could never send.
    let run = call(&pg, &pg.url("lead", &db), &dir.join("lead.db"), EMERGENCY);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("may not add calls"), "{}", run.stderr);
    let run = pg.tread(&[
        "report",
        "--format",
        "json",
        "--store",
        &pg.url("lead", &db),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["calls"], 2);
    assert!(!run.stdout.contains("made-up"), "{}", report["paths"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[cfg_attr(
    no_postgres,
    ignore = "no PostgreSQL server: `source .ci/postgres start` makes one"
)]
fn a_seat_refuses_a_schema_it_does_not_know() {
    let Some(pg) = pg::server("schema") else {
        return;
    };
    let dir = scratch("schema");
    let local = dir.join("desk1.db");
    let db = pg.empty_database("schema");
    let seat = pg.url("desk1", &db);
    let run = call(&pg, &seat, &local, EMERGENCY);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no tread tables yet"), "{}", run.stderr);
    assert!(run.stderr.contains("tread store migrate"), "{}", run.stderr);

    let db = pg.database("schema");
    let seat = pg.url("desk1", &db);
    let mut owner = pg.client("tread_owner", &db);
    owner
        .execute("UPDATE tread_schema SET version = 3", &[])
        .unwrap();
    let run = call(&pg, &seat, &local, EMERGENCY);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("schema 3"), "{}", run.stderr);
    owner
        .execute("UPDATE tread_schema SET version = 99", &[])
        .unwrap();
    let run = call(&pg, &seat, &local, EMERGENCY);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("newer tread"), "{}", run.stderr);
    let run = pg.tread(&["store", "migrate", "--store", &pg.url("tread_owner", &db)]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("newer tread"), "{}", run.stderr);
    assert!(
        !local.exists() || count_local(&local) == 0,
        "no call was taken"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn count_local(path: &std::path::Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap()
}

#[test]
#[cfg_attr(
    no_postgres,
    ignore = "no PostgreSQL server: `source .ci/postgres start` makes one"
)]
fn logins_are_checked_and_a_password_never_comes_from_the_url() {
    let Some(pg) = pg::server("logins") else {
        return;
    };
    let db = pg.database("logins");
    let dir = scratch("logins");
    let seat = pg.url("desk1", &db);
    let wrong = common::tread_env(
        &["calls", "--store", &seat],
        &[
            ("PGPASSWORD", "not-the-password"),
            ("PGPASSFILE", "/nonexistent"),
        ],
        None,
    );
    assert_eq!(wrong.code, 2);
    assert!(
        wrong.stderr.contains("refused the login"),
        "{}",
        wrong.stderr
    );

    let with_password = format!(
        "postgres://desk1:{}@127.0.0.1:{}/{db}?sslmode=disable",
        pg.password, pg.port
    );
    let run = pg.tread(&["calls", "--store", &with_password]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("holds a password"), "{}", run.stderr);
    assert!(
        !run.stderr.contains(&pg.password),
        "the password is never echoed"
    );

    // The password file, as PostgreSQL's own programs read it; not when others can read it.
    use std::os::unix::fs::PermissionsExt;
    let pgpass = dir.join("pgpass");
    std::fs::write(
        &pgpass,
        format!("127.0.0.1:{}:*:desk1:{}\n", pg.port, pg.password),
    )
    .unwrap();
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let from_file = |pgpass: &std::path::Path| {
        common::tread_env(
            &["calls", "--store", &seat],
            &[("PGPASSFILE", pgpass.to_str().unwrap())],
            None,
        )
    };
    let run = from_file(&pgpass);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = from_file(&pgpass);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("chmod 600"), "{}", run.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[cfg_attr(
    no_postgres,
    ignore = "no PostgreSQL server: `source .ci/postgres start` makes one"
)]
fn tls_trusts_the_server_only_with_its_authority() {
    let Some(pg) = pg::server("tls") else { return };
    let Some(ca) = pg.ca.clone() else {
        eprintln!("tls: skipped, the test server has no TLS (openssl was missing)");
        return;
    };
    let db = pg.database("tls");
    let at = |query: &str| format!("postgres://desk1@localhost:{}/{db}{query}", pg.port);
    let run = pg.tread(&["calls", "--store", &at(&format!("?sslrootcert={ca}"))]);
    assert_eq!(
        run.code, 0,
        "verified against its authority: {}",
        run.stderr
    );
    let run = pg.tread(&["calls", "--store", &at("")]);
    assert_eq!(run.code, 2, "not trusted by default: {}", run.stdout);
    assert!(
        run.stderr.contains("could not be trusted"),
        "{}",
        run.stderr
    );
    let run = pg.tread(&["calls", "--store", &at("?sslmode=require")]);
    assert_eq!(
        run.code, 0,
        "encrypted, unchecked when asked: {}",
        run.stderr
    );
    let run = pg.tread(&["calls", "--store", &at("?sslmode=prefer")]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("sslmode=prefer is not taken"),
        "{}",
        run.stderr
    );
}

#[test]
#[cfg_attr(
    no_postgres,
    ignore = "no PostgreSQL server: `source .ci/postgres start` makes one"
)]
fn calls_wait_while_the_server_is_away_and_arrive_once() {
    let Some(pg) = pg::server("offline") else {
        return;
    };
    let db = pg.database("offline");
    let dir = scratch("offline");
    let local = dir.join("desk1.db");
    let proxy = Proxy::start(pg.port.parse().unwrap());
    let seat = format!(
        "postgres://desk1@127.0.0.1:{}/{db}?sslmode=disable&connect_timeout=2",
        proxy.port
    );
    proxy.down();
    for answers in [EMERGENCY, NOT_THE_PATIENT, EMERGENCY] {
        let run = call(&pg, &seat, &local, answers);
        assert_eq!(
            run.code, 0,
            "a seat takes calls while the server is away: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("at this seat, to be sent"),
            "{}",
            run.stderr
        );
    }
    let listed = pg.tread_at(
        &["calls", "--store", &seat],
        Some(local.to_str().unwrap()),
        None,
    );
    assert_eq!(listed.code, 2);
    assert!(
        listed
            .stderr
            .contains("this seat's own calls are read with `tread calls --store '"),
        "{}",
        listed.stderr
    );
    let status = pg.tread_at(
        &["store", "status", "--store", &seat],
        Some(local.to_str().unwrap()),
        None,
    );
    assert!(
        status.stdout.contains("3 ended calls wait"),
        "{}",
        status.stdout
    );
    assert_eq!(count(&pg, &db, "SELECT count(*) FROM calls"), 0);

    // Back, but cutting every connection part way: each try sends what it can, and no call
    // arrives twice or in part.
    proxy.up();
    let mut tries = 0;
    for cut in [300, 900, 2500, 6000, 0] {
        proxy.cut_after(cut);
        tries += 1;
        let run = pg.tread_at(
            &["store", "send", "--store", &seat],
            Some(local.to_str().unwrap()),
            None,
        );
        if run.code == 0 {
            break;
        }
        assert!(
            run.stderr.contains("the rest wait at this seat")
                || run.stderr.contains("cannot be reached"),
            "{}",
            run.stderr
        );
    }
    assert!(tries > 1, "the cut network stopped at least one try");
    assert_eq!(count(&pg, &db, "SELECT count(*) FROM calls"), 3);
    let here: i64 = rusqlite::Connection::open(&local)
        .unwrap()
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count(&pg, &db, "SELECT count(*) FROM events"), here);
    // In the order they were taken.
    let started: Vec<String> = pg
        .client("tread_owner", &db)
        .query("SELECT started FROM calls ORDER BY started", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(started.len(), 3);
    let run = pg.tread_at(
        &["store", "send", "--store", &seat],
        Some(local.to_str().unwrap()),
        None,
    );
    assert!(run.stdout.contains("sent 0 calls"), "{}", run.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[cfg_attr(
    no_postgres,
    ignore = "no PostgreSQL server: `source .ci/postgres start` makes one"
)]
fn two_seats_sending_at_once_lose_nothing() {
    let Some(pg) = pg::server("together") else {
        return;
    };
    let db = pg.database("together");
    let dir = scratch("together");
    let proxy = Proxy::start(pg.port.parse().unwrap());
    proxy.down();
    // Twelve calls at each of two seats, taken while the server was away.
    for desk in ["desk1", "desk2"] {
        let seat = format!(
            "postgres://{desk}@127.0.0.1:{}/{db}?sslmode=disable&connect_timeout=2",
            proxy.port
        );
        for _ in 0..12 {
            let run = call(&pg, &seat, &dir.join(format!("{desk}.db")), EMERGENCY);
            assert_eq!(run.code, 0, "{}", run.stderr);
        }
    }
    let senders: Vec<_> = ["desk1", "desk2"]
        .into_iter()
        .map(|desk| {
            let (url, local) = (pg.url(desk, &db), dir.join(format!("{desk}.db")));
            let (password, port) = (pg.password.clone(), pg.port.clone());
            std::thread::spawn(move || {
                let pg = Pg {
                    port,
                    password,
                    ca: None,
                };
                pg.tread_at(
                    &["store", "send", "--store", &url],
                    Some(local.to_str().unwrap()),
                    None,
                )
            })
        })
        .collect();
    for sender in senders {
        let run = sender.join().unwrap();
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains("sent 12 calls"), "{}", run.stdout);
    }
    assert_eq!(count(&pg, &db, "SELECT count(*) FROM calls"), 24);
    assert_eq!(
        count(&pg, &db, "SELECT count(DISTINCT db_user) FROM calls"),
        2
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[cfg_attr(
    no_postgres,
    ignore = "no PostgreSQL server: `source .ci/postgres start` makes one"
)]
fn a_report_reads_the_same_from_either_store() {
    let Some(pg) = pg::server("report") else {
        return;
    };
    let db = pg.database("report");
    let dir = scratch("report");
    let local = dir.join("desk1.db");
    let seat = pg.url("desk1", &db);
    for answers in [EMERGENCY, EMERGENCY, NOT_THE_PATIENT, LEFT] {
        call(&pg, &seat, &local, answers);
    }
    let from = |store: &str, more: &[&str]| {
        let mut args = vec!["report", "--format", "json", "--store", store];
        args.extend(more);
        let run = pg.tread(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap()
    };
    for more in [&[][..], &["--tz=-11:00"], &["--seat", "nobody"]] {
        let here = from(local.to_str().unwrap(), more);
        let there = from(&pg.url("lead", &db), more);
        assert_eq!(here, there, "{more:?}");
    }
    let here = from(local.to_str().unwrap(), &[]);
    assert_eq!(here["calls"], 4);
    // A tree by words of its title, in any case.
    let tree = from(local.to_str().unwrap(), &["--tree", "back PAIN"]);
    assert_eq!(tree["calls"], 4);
    let none = from(local.to_str().unwrap(), &["--tree", "knee"]);
    assert_eq!(none["calls"], 0);
    assert_eq!(here["urgencies"][0]["key"], "Emergency");
    assert_eq!(here["urgencies"][0]["calls"], 2);
    assert_eq!(here["signs"][0]["calls"], 2, "{}", here["signs"]);
    assert_eq!(here["time_to_outcome"]["calls"], 3);
    let text = pg.tread(&["report", "--store", &pg.url("lead", &db)]);
    assert!(
        text.stdout.contains("Warning signs that came up"),
        "{}",
        text.stdout
    );
    let csv = pg.tread(&[
        "report",
        "--format",
        "csv",
        "--store",
        local.to_str().unwrap(),
    ]);
    assert!(
        csv.stdout.starts_with("section,key,label,value\r\n"),
        "{}",
        csv.stdout
    );
    let bad = pg.tread(&[
        "report",
        "--tz",
        "Europe/London",
        "--store",
        local.to_str().unwrap(),
    ]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("+01:00"), "{}", bad.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[cfg_attr(
    no_postgres,
    ignore = "no PostgreSQL server: `source .ci/postgres start` makes one"
)]
fn hostile_rows_and_silent_servers_hurt_neither_the_lead_nor_a_seat() {
    let Some(pg) = pg::server("hostile") else {
        return;
    };
    let db = pg.database("hostile");
    let dir = scratch("hostile");
    let local = dir.join("desk1.db");
    let seat = pg.url("desk1", &db);
    assert_eq!(call(&pg, &seat, &local, EMERGENCY).code, 0);

    // A row a seat wrote by hand, at the calendar's end: the lead's list still works.
    let mut desk1 = pg.client("desk1", &db);
    desk1
        .execute(
            "INSERT INTO calls (id, seat, person, started, offset_minutes, tree_title, tree_path,
             tree_sha256, tread_version, red_flags)
             VALUES ('01a21600-0000-7000-8000-000000000001', 'x', 'x', '9999-12-31T23:59:59.000Z',
                     1439, 't', '/etc/shadow', repeat('a', 64), 'v', '[]')",
            &[],
        )
        .unwrap();
    for bad in [
        "UPDATE calls SET ended = 'not a time'",
        "UPDATE calls SET offset_minutes = 1500",
        "INSERT INTO calls (id, seat, person, started, offset_minutes, tree_title, tree_path,
         tree_sha256, tread_version, red_flags)
         VALUES ('zzzz', 'x', 'x', '2026-01-01T00:00:00.000Z', 0, 't', 'p', repeat('a', 64), 'v', '[]')",
    ] {
        assert!(desk1.execute(bad, &[]).is_err(), "{bad}");
    }
    let run = pg.tread(&["calls", "--store", &pg.url("lead", &db)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("9999-12-31"), "{}", run.stdout);
    // Its tree's path names a file on this computer: never opened for a call from the server.
    let run = pg.tread(&[
        "calls",
        "replay",
        "01a21600-0000",
        "--store",
        &pg.url("lead", &db),
    ]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("name the tree file"), "{}", run.stderr);
    let run = pg.tread(&[
        "calls",
        "to-case",
        "01a21600-0000",
        "--store",
        &pg.url("lead", &db),
    ]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("name the tree file"), "{}", run.stderr);
    // A digest that says other than its call is refused; one that agrees is taken.
    desk1
        .execute(
            "INSERT INTO calls (id, seat, person, started, offset_minutes, ended, ending,
             tree_title, tree_path, tree_sha256, tread_version, red_flags)
             VALUES ('01a21600-0000-7000-8000-000000000002', 'x', 'x', '2026-01-01T23:30:00.000Z',
                     60, '2026-01-01T23:40:00.000Z', 'quit', 't', 'p', repeat('a', 64), 'v', '[]')",
            &[],
        )
        .unwrap();
    let mut digest = |day: &str, urgency: Option<&str>| {
        desk1.execute(
            "INSERT INTO digests (call_id, started, seat, tree_sha256, day, ending, urgency,
             steps, backs, path_id)
             VALUES ('01a21600-0000-7000-8000-000000000002', '2026-01-01T23:30:00.000Z', 'x',
                     repeat('a', 64), $1, 'quit', $2, 0, 0, 0)",
            &[&day, &urgency],
        )
    };
    assert!(
        digest("2026-01-02", Some("Bogus")).is_err(),
        "another urgency"
    );
    assert!(digest("2001-01-01", None).is_err(), "another day");
    digest("2026-01-02", None).expect("the digest that agrees");

    // A call the server refuses for what is in it is passed over, not in the way of the rest.
    let proxy = Proxy::start(pg.port.parse().unwrap());
    proxy.down();
    let away = format!(
        "postgres://desk1@127.0.0.1:{}/{db}?sslmode=disable&connect_timeout=2",
        proxy.port
    );
    call(&pg, &away, &local, EMERGENCY);
    call(&pg, &away, &local, NOT_THE_PATIENT);
    rusqlite::Connection::open(&local)
        .unwrap()
        .execute(
            "UPDATE calls SET offset_minutes = 2000 WHERE id = (SELECT id FROM calls
             WHERE id NOT IN (SELECT call_id FROM sent) ORDER BY started LIMIT 1)",
            [],
        )
        .unwrap();
    proxy.up();
    let run = pg.tread_at(
        &["store", "send", "--store", &seat],
        Some(local.to_str().unwrap()),
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("refused call"), "{}", run.stderr);
    assert!(run.stderr.contains("sent 1 call, then"), "{}", run.stderr);
    // The first call, two written by hand, and the one sent past the refused one.
    assert_eq!(
        count(
            &pg,
            &db,
            "SELECT count(*) FROM calls WHERE db_user = 'desk1'"
        ),
        4
    );

    // A server that takes the connection and never answers: the seat starts all the same,
    // offline, and its call waits.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let held = std::thread::spawn(move || {
        let mut kept = Vec::new();
        for stream in silent.incoming().take(4) {
            kept.push(stream);
        }
        kept
    });
    let quiet = format!("postgres://desk1@127.0.0.1:{port}/{db}?sslmode=disable&connect_timeout=1");
    let run = call(&pg, &quiet, &dir.join("quiet.db"), EMERGENCY);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("no answer within"), "{}", run.stderr);
    drop(held);

    // Trusted certificates from a file that never ends, or is no file at all.
    let fifo = dir.join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for root in ["/dev/zero", fifo.to_str().unwrap(), dir.to_str().unwrap()] {
        let url = format!(
            "postgres://desk1@localhost:{}/{db}?sslrootcert={root}",
            pg.port
        );
        let run = pg.tread(&["calls", "--store", &url]);
        assert_eq!(run.code, 2, "{root}");
        assert!(
            run.stderr.contains("not a regular file"),
            "{root}: {}",
            run.stderr
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
