//! The shared server stopped in the middle of a walk and started again: the seat goes on
//! taking calls, says in the title bar how many wait, and sends each once the server is back.
//!
//! This stops the one server the store tests share, so it is a test binary of its own (cargo
//! runs test binaries one after another). It needs `.ci/postgres start`, which says how to
//! stop and start the server in TREAD_TEST_POSTGRES_CTL.

mod common;

use common::pg;
use common::pty::Pty;

fn pg_ctl(action: &str) {
    let ctl = std::env::var("TREAD_TEST_POSTGRES_CTL").expect("TREAD_TEST_POSTGRES_CTL");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{ctl} {action} >/dev/null"))
        .status()
        .unwrap();
    assert!(status.success(), "pg_ctl {action}");
}

#[test]
#[cfg_attr(
    no_postgres,
    ignore = "no PostgreSQL server: `source .ci/postgres start` makes one"
)]
fn the_server_stopped_mid_walk_and_started_again_gets_every_call_once() {
    let Some(pg) = pg::server("restart") else {
        return;
    };
    let db = pg.database("restart");
    let dir = std::env::temp_dir().join(format!("tread-restart-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let local = dir.join("desk1.db");
    let seat = pg.url("desk1", &db);
    let mut screen = Pty::start_shell(&format!(
        "PGPASSWORD='{}' PGPASSFILE=/nonexistent TREAD_LOCAL_STORE='{}' exec '{}' --store '{seat}'",
        pg.password,
        local.display(),
        env!("CARGO_BIN_EXE_tread")
    ));
    screen.begin();
    // The server goes away mid-walk.
    pg_ctl("stop -m fast");
    screen.keys("4");
    screen.wait_for("999");
    // The next caller: the first call has ended, and waits.
    screen.keys("r");
    let shown = screen.wait_for("offline: 1 call waiting");
    assert!(shown.contains("● REC"), "{shown}");
    pg_ctl("start");
    // Sent within a few seconds of the server's return: the title bar says no more.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        screen.pump();
        let contents = screen.screen.screen().contents();
        if !contents.contains("offline") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still offline:\n{contents}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    screen.keys("q");
    let mut owner = pg.client("tread_owner", &db);
    let count = |owner: &mut postgres::Client| -> i64 {
        owner
            .query_one("SELECT count(*) FROM calls", &[])
            .unwrap()
            .get(0)
    };
    // Every call this seat kept is on the server (a call is begun only with Enter, so the
    // next caller's, quit at its first screen, is not one).
    let kept: i64 = rusqlite::Connection::open(&local)
        .unwrap()
        .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while count(&mut owner) < kept && std::time::Instant::now() < deadline {
        screen.pump();
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let calls = count(&mut owner);
    assert_eq!(calls, kept);
    assert_eq!(kept, 1);
    let emergencies: i64 = owner
        .query_one(
            "SELECT count(*) FROM calls WHERE urgency = 'Emergency' AND ending = 'outcome'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(emergencies, 1);
    let _ = std::fs::remove_dir_all(&dir);
}
