//! `tread store`: the shared store's tables, and the calls waiting at this seat.

use crate::cli::{SeatArgs, StoreAction};
use crate::failure::{Failure, Outcome};
use crate::record::outbox;
use crate::record::server::{Server, Target};
use crate::record::store::{SCHEMA, Store};
use crate::scrub::one_line;

/// Runs `tread store …`.
pub fn run(action: StoreAction, seat: &SeatArgs) -> Outcome {
    let settings = super::calls::settings(seat)?;
    let target = settings
        .server
        .as_deref()
        .map(|url| Target::parse(url, &|name| std::env::var(name).ok()))
        .transpose()
        .map_err(Failure::Server)?;
    match (action, target) {
        (StoreAction::Migrate, Some(target)) => {
            let (before, after) = Server::migrate(&target).map_err(Failure::Server)?;
            let said = if before == after {
                format!("{target}: already at schema {after}; the roles' rights were given again")
            } else {
                format!("{target}: migrated from schema {before} to {after}")
            };
            super::output::print(format!("{said}\n").as_bytes())
        }
        (StoreAction::Migrate, None) => {
            // A seat's own store migrates itself whenever it is opened.
            let store = Store::open(&settings.store).map_err(Failure::Store)?;
            super::output::print(
                format!(
                    "`{}` is this seat's own store, at schema {SCHEMA}: it is brought up to date whenever tread opens it\n",
                    one_line(&store.path().display().to_string())
                )
                .as_bytes(),
            )
        }
        (StoreAction::Send, Some(target)) => {
            let Some(mut local) =
                Store::open_existing(&settings.store, true).map_err(Failure::Store)?
            else {
                return super::output::print(b"no calls wait at this seat\n");
            };
            let mut server = Server::open_within(&target).map_err(Failure::Server)?;
            match outbox::send_waiting(&mut local, &mut server) {
                Ok(n) => super::output::print(
                    format!(
                        "sent {} to {target}; none wait at this seat\n",
                        outbox::calls_words(n as u64),
                    )
                    .as_bytes(),
                ),
                Err((sent, e)) => Err(Failure::NotSent(sent, e)),
            }
        }
        (StoreAction::Send | StoreAction::Status, None) => super::output::print(
            format!(
                "calls are kept in `{}` at this seat; no shared store is set (--store postgres://…, TREAD_STORE, or `store:` in the config file)\n",
                one_line(&settings.store.display().to_string())
            )
            .as_bytes(),
        ),
        (StoreAction::Status, Some(target)) => {
            let waiting = outbox::waiting(&settings.store);
            let reached = Server::open_within(&target);
            let server = match &reached {
                Ok(_) => format!("reached, at schema {SCHEMA}"),
                Err(_) => "not usable now".to_string(),
            };
            super::output::print(
                one_line(&format!(
                    "shared store {target}: {server}; {} at this seat (`{}`)",
                    outbox::waiting_words(waiting),
                    settings.store.display()
                ))
                .as_bytes(),
            )?;
            super::output::print(b"\n")?;
            // Why not, as an error: a script sees the status.
            reached.map(|_| ()).map_err(Failure::Server)
        }
    }
}
