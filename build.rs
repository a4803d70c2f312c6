//! Only for the tests: without a PostgreSQL server to test against (`source .ci/postgres start`
//! says where one is), the shared-store tests are built as ignored, so `cargo test` lists each
//! as "ignored, no PostgreSQL server…" rather than passing them silently. `.ci/run` sets
//! TREAD_REQUIRE_POSTGRES=1, and then they run, and fail without a server.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(no_postgres)");
    println!("cargo::rerun-if-env-changed=TREAD_TEST_POSTGRES_PORT");
    println!("cargo::rerun-if-env-changed=TREAD_REQUIRE_POSTGRES");
    let server = std::env::var_os("TREAD_TEST_POSTGRES_PORT").is_some();
    let required = std::env::var("TREAD_REQUIRE_POSTGRES").as_deref() == Ok("1");
    if !server && !required {
        println!("cargo::rustc-cfg=no_postgres");
    }
}
