//! The PostgreSQL server the store tests share: `.ci/postgres start` makes one and says where
//! in `TREAD_TEST_POSTGRES*`. Without one, the tests that need it say why and pass, unless
//! `TREAD_REQUIRE_POSTGRES=1` (as `.ci/run` sets) makes that a failure.

use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Pg {
    pub port: String,
    pub password: String,
    /// The certificate authority the server's TLS certificate is signed by, if it has TLS.
    pub ca: Option<String>,
}

/// The server, or `None` (said on standard error) when there is none and none is required.
pub fn server(test: &str) -> Option<Pg> {
    match (
        std::env::var("TREAD_TEST_POSTGRES_PORT"),
        std::env::var("TREAD_TEST_POSTGRES_PASSWORD"),
    ) {
        (Ok(port), Ok(password)) => Some(Pg {
            port,
            password,
            ca: std::env::var("TREAD_TEST_POSTGRES_CA").ok(),
        }),
        _ => {
            assert!(
                std::env::var("TREAD_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "{test}: TREAD_REQUIRE_POSTGRES=1 but no PostgreSQL server is set (TREAD_TEST_POSTGRES_PORT); run `source .ci/postgres start` first"
            );
            eprintln!(
                "{test}: skipped, no PostgreSQL server here (`source .ci/postgres start` makes one; .ci/run does)"
            );
            None
        }
    }
}

static DATABASES: AtomicUsize = AtomicUsize::new(0);

impl Pg {
    /// A URL for `user` on `database`, without TLS (the server is on this machine).
    pub fn url(&self, user: &str, database: &str) -> String {
        format!(
            "postgres://{user}@127.0.0.1:{}/{database}?sslmode=disable",
            self.port
        )
    }

    /// A connection as `user`.
    pub fn client(&self, user: &str, database: &str) -> postgres::Client {
        postgres::Config::new()
            .host("127.0.0.1")
            .port(self.port.parse().unwrap())
            .user(user)
            .password(&self.password)
            .dbname(database)
            .connect(postgres::NoTls)
            .expect("the test server takes the login")
    }

    /// A new, empty database of the owner's, named for the test.
    pub fn empty_database(&self, test: &str) -> String {
        let name = format!(
            "t_{}_{}_{}",
            test,
            std::process::id(),
            DATABASES.fetch_add(1, Ordering::Relaxed)
        );
        self.client("tread_owner", "postgres")
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        name
    }

    /// A new database with tread's tables, made by `tread store migrate` as the owner.
    pub fn database(&self, test: &str) -> String {
        let name = self.empty_database(test);
        let run = self.tread(&[
            "store",
            "migrate",
            "--store",
            &self.url("tread_owner", &name),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        name
    }

    /// Runs tread with the test password, keeping calls at `local`.
    pub fn tread(&self, args: &[&str]) -> super::Run {
        self.tread_at(args, None, None)
    }

    /// Runs tread with the test password, this seat's own store at `local`, and `input`.
    pub fn tread_at(&self, args: &[&str], local: Option<&str>, input: Option<&str>) -> super::Run {
        let store = super::store();
        let local = local.unwrap_or(store.to_str().unwrap());
        super::tread_env(
            args,
            &[
                ("PGPASSWORD", self.password.as_str()),
                ("TREAD_LOCAL_STORE", local),
                ("PGPASSFILE", "/nonexistent"),
            ],
            input.map(|s| s.as_bytes().to_vec()),
        )
    }
}
