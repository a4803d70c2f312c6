//! `tread calls`: the calls recorded at this seat. List them, show one, export them all, prune
//! old ones, and replay one through the tree as it is now.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::cli::{CallFilter, CallsAction, ExportFormat, SeatArgs, ShowFormat};
use crate::failure::{Failure, Outcome};
use crate::record::config::{self, Settings};
use crate::record::replay::replay;
use crate::record::server::{Server, ServerError, Target};
use crate::record::store::{ExportError, Filter, Found, Store};
use crate::record::time_text::{duration, local};
use crate::record::{Call, csv, summary};
use crate::scrub::one_line;

/// Runs `tread calls …`.
pub fn run(action: Option<CallsAction>, filter: CallFilter, seat: &SeatArgs) -> Outcome {
    let settings = settings(seat)?;
    let since = match &action {
        Some(CallsAction::Export { since, .. }) => since,
        _ => &filter.since,
    };
    let since = since.as_deref().map(|s| when(s, "--since")).transpose()?;
    match action {
        None => list(&settings, &filter, since),
        Some(CallsAction::Show { id, format }) => show(&settings, &id, format),
        Some(CallsAction::Export { format, .. }) => export(&settings, since, format),
        Some(CallsAction::Prune { older_than }) => prune(&settings, &older_than),
        Some(CallsAction::Replay { id, tree }) => replay_call(&settings, &id, tree.as_deref()),
        Some(CallsAction::ToCase { id, tree }) => to_case(&settings, &id, tree.as_deref()),
    }
}

/// The seat's settings from the flags, the environment and the config file.
pub fn settings(seat: &SeatArgs) -> Result<Settings, Failure> {
    let flags = config::Flags {
        config: seat.config.clone(),
        seat: seat.seat.clone(),
        person: seat.person.clone(),
        store: seat.store.clone(),
    };
    config::settings(&flags, |name| std::env::var(name).ok()).map_err(Failure::Config)
}

/// The shared server a seat sends its calls to, if the settings name one: its URL read and its
/// schema checked before the walk starts (a seat does not take calls on a schema it does not
/// know). A server that cannot be reached now is no reason not to take calls: they wait at the
/// seat.
pub fn seat_server(settings: &Settings) -> Result<Option<Target>, Failure> {
    let Some(url) = &settings.server else {
        return Ok(None);
    };
    let target = Target::parse(url, &|name| std::env::var(name).ok()).map_err(Failure::Server)?;
    // Before a walk, no longer than the connect timeout: the call can start offline.
    match Server::open_before(&target, target.connect_timeout()) {
        Ok(mut server) => match server.may_add_calls() {
            Ok(false) => Err(Failure::Server(ServerError::NotASeat {
                server: target.to_string(),
            })),
            Ok(true) | Err(ServerError::Unreachable { .. }) => Ok(Some(target)),
            Err(e) => Err(Failure::Server(e)),
        },
        Err(ServerError::Unreachable { .. }) => Ok(Some(target)),
        Err(e) => Err(Failure::Server(e)),
    }
}

/// The store, if there is one yet, to read.
fn existing(path: &Path) -> Result<Option<Store>, Failure> {
    Store::open_existing(path, false).map_err(Failure::Store)
}

/// The shared server, connected, when the settings name one.
fn server(settings: &Settings) -> Result<Option<Server>, Failure> {
    let Some(url) = &settings.server else {
        return Ok(None);
    };
    let target = Target::parse(url, &|name| std::env::var(name).ok()).map_err(Failure::Server)?;
    Server::open_within(&target).map(Some).map_err(|e| match e {
        ServerError::Unreachable { .. } => Failure::ServerAway(e, settings.store.clone()),
        e => Failure::Server(e),
    })
}

/// Says on standard error how many ended calls wait at this seat for the server, so a list
/// read from the server is not taken for all there is.
fn say_waiting(settings: &Settings) {
    let n = crate::record::outbox::waiting(&settings.store);
    if n > 0 {
        let _ = writeln!(
            io::stderr(),
            "note: {} at this seat to be sent to the server (`tread store send`)",
            crate::record::outbox::waiting_words(n)
        );
    }
}

fn failed(path: &Path) -> impl Fn(rusqlite::Error) -> Failure + '_ {
    move |e| Failure::StoreFailed(path.to_path_buf(), e.to_string())
}

/// A date (`2026-11-01`, midnight UTC) or an age (`90d`, `12h`, `2w`, `30m`) before now.
pub fn when(text: &str, flag: &'static str) -> Result<OffsetDateTime, Failure> {
    if let Some(date) = crate::tree::date::parse(text) {
        return Ok(date.midnight().assume_utc());
    }
    age(text, flag).map(|age| OffsetDateTime::now_utc() - age)
}

/// An age: a whole number of hours, days or weeks (`12h`, `90d`, `2w`). There is no `m`: read
/// as months by some and minutes by others, it once deleted a day's calls meant to be kept.
fn age(text: &str, flag: &'static str) -> Result<Duration, Failure> {
    let bad = || Failure::BadWhen(flag, one_line(text));
    let text = text.trim();
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let n: i64 = number.parse().map_err(|_| bad())?;
    if n < 0 {
        return Err(bad());
    }
    match unit {
        "h" => Ok(Duration::hours(n)),
        "d" => Ok(Duration::days(n)),
        "w" => Ok(Duration::weeks(n)),
        _ => Err(bad()),
    }
}

/// An urgency as the tree file or the screen spells it (`SelfCare`, `SELF-CARE`, any case):
/// a level of the medical scale by its id, or any other tree's level as its id is written.
fn urgency_name(text: &str) -> Result<String, Failure> {
    let simple = |s: &str| s.to_lowercase().replace(['-', ' ', '_'], "");
    let medical = crate::tree::scale::Scale::medical();
    if let Some(level) = medical
        .levels()
        .iter()
        .find(|l| simple(l.id.name()) == simple(text) || simple(&l.label) == simple(text))
    {
        return Ok(level.id.name().to_string());
    }
    // Another scale's level: an id, as a tree names it.
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Ok(text.to_string());
    }
    Err(Failure::BadUrgency(one_line(text)))
}

fn list(settings: &Settings, filter: &CallFilter, since: Option<OffsetDateTime>) -> Outcome {
    let urgency = filter.urgency.as_deref().map(urgency_name).transpose()?;
    let wanted = Filter {
        since,
        outcome: filter.outcome.clone(),
        urgency,
        grep: filter.grep.clone(),
        limit: Some(filter.limit),
    };
    let calls = match server(settings)? {
        Some(mut server) => {
            say_waiting(settings);
            server.list(&wanted).map_err(Failure::Server)?
        }
        None => {
            let path = &settings.store;
            let Some(store) = existing(path)? else {
                return super::output::print(
                    format!(
                        "no calls yet: the store `{}` has not been made\n",
                        one_line(&path.display().to_string())
                    )
                    .as_bytes(),
                );
            };
            store.list(&wanted).map_err(failed(path))?
        }
    };
    let mut out = String::new();
    if calls.is_empty() {
        out.push_str("no calls match\n");
        return super::output::print(out.as_bytes());
    }
    let cell = |text: &str, width: usize| {
        let text = one_line(text);
        let mut cut: String = text.chars().take(width).collect();
        if text.chars().count() > width {
            cut.pop();
            cut.push('…');
        }
        format!("{cut:<width$}")
    };
    out.push_str(&format!(
        "{}  {}  {}  {}  {}  {}  {}  {}\n",
        cell("ID", 13),
        cell("STARTED", 23),
        cell("SEAT", 14),
        cell("TREE", 22),
        cell("OUTCOME", 28),
        cell("URGENCY", 9),
        cell("TIME", 11),
        "NOTES"
    ));
    for c in &calls {
        let urgency = c.urgency.as_deref().map(urgency_words).unwrap_or_default();
        let outcome = match (&c.outcome, c.ending) {
            (Some(o), _) => o.clone(),
            (None, Some(e)) => format!("({})", e.name()),
            (None, None) => "(open)".into(),
        };
        let time = c
            .ended
            .map(|e| duration((e - c.started).whole_seconds()))
            .unwrap_or_default();
        out.push_str(&format!(
            "{}  {}  {}  {}  {}  {}  {}  {}\n",
            &c.id.to_string()[..13],
            cell(&local(c.started, c.offset_minutes), 23),
            cell(&c.seat, 14),
            cell(&c.tree, 22),
            cell(&outcome, 28),
            cell(&urgency, 9),
            cell(&time, 11),
            c.notes
        ));
    }
    super::output::print(out.as_bytes())
}

fn urgency_words(name: &str) -> String {
    crate::record::summary::urgency_words(name)
}

/// An id as said back in a message: one line, and not all of a very long one.
fn said(id: &str) -> String {
    let id = one_line(id);
    match id.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &id[..at]),
        None => id,
    }
}

/// The one call an id or its start names (at least four characters of it).
pub fn resolve(store: &Store, path: &Path, id: &str) -> Result<Uuid, Failure> {
    if id.trim().chars().count() < 4 {
        return Err(Failure::ShortId(said(id)));
    }
    one(store.find(id).map_err(failed(path))?, id)
}

/// The one call found, or why there is not one.
fn one(found: Found, id: &str) -> Result<Uuid, Failure> {
    match found {
        Found::One(id) => Ok(id),
        Found::None => Err(Failure::NoSuchCall(said(id))),
        Found::Many(ids) => Err(Failure::AmbiguousCall(
            said(id),
            ids.iter()
                .map(|i| i.to_string()[..13].to_string())
                .collect(),
        )),
    }
}

/// The call with this id: from this seat's store, or else from the shared server.
pub fn load(settings: &Settings, id: &str) -> Result<Call, Failure> {
    found(settings, id).map(|(call, _)| call)
}

/// The call with this id, and whether it came from the shared server (where its tree's path
/// is another computer's, written by another seat).
fn found(settings: &Settings, id: &str) -> Result<(Call, bool), Failure> {
    let path = &settings.store;
    let local = existing(path)?;
    let here = match &local {
        Some(store) => match resolve(store, path, id) {
            Err(Failure::NoSuchCall(_)) => None,
            found => Some(found?),
        },
        None => None,
    };
    if let (Some(store), Some(uuid)) = (&local, here) {
        return store.load(uuid).map(|c| (c, false)).map_err(failed(path));
    }
    if id.trim().chars().count() < 4 {
        return Err(Failure::ShortId(said(id)));
    }
    match server(settings)? {
        Some(mut server) => {
            let uuid = one(server.find(id).map_err(Failure::Server)?, id)?;
            server
                .load(uuid)
                .map(|c| (c, true))
                .map_err(Failure::Server)
        }
        None => Err(Failure::NoSuchCall(said(id))),
    }
}

/// The call with this id, in this seat's store (copied there from the server if it was only
/// there), to be taken up again.
pub fn load_here(settings: &Settings, id: &str) -> Result<Call, Failure> {
    let call = load(settings, id)?;
    let path = &settings.store;
    let mut store = Store::open(path).map_err(Failure::Store)?;
    if !store.has(call.id).map_err(failed(path))? {
        store.write_call(&call).map_err(failed(path))?;
        store.mark_sent(&call).map_err(failed(path))?;
    }
    Ok(call)
}

fn show(settings: &Settings, id: &str, format: ShowFormat) -> Outcome {
    let call = load(settings, id)?;
    let text = match format {
        ShowFormat::Text => summary::text(&call),
        ShowFormat::Json => {
            let json = serde_json::to_string_pretty(&call).unwrap_or_default();
            format!("{}\n", crate::scrub::json(json))
        }
    };
    super::output::print(text.as_bytes())
}

fn export(settings: &Settings, since: Option<OffsetDateTime>, format: ExportFormat) -> Outcome {
    let path = &settings.store;
    let shared = server(settings)?;
    let local = match shared {
        Some(_) => None,
        None => match existing(path)? {
            Some(store) => Some(store),
            None => return Ok(()),
        },
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    if format == ExportFormat::Csv
        && super::output::finished(out.write_all(csv::HEADER.as_bytes()))?.is_none()
    {
        return Ok(());
    }
    let filter = Filter {
        since,
        ..Filter::default()
    };
    let mut line = Vec::with_capacity(4096);
    let write = |call: &Call| {
        line.clear();
        match format {
            ExportFormat::Json => {
                serde_json::to_writer(&mut line, call).map_err(io::Error::other)?;
                crate::scrub::json_bytes(&mut line);
                line.push(b'\n');
            }
            ExportFormat::Csv => line.extend_from_slice(csv::row(call).as_bytes()),
        }
        out.write_all(&line)
    };
    let result = match (shared, local) {
        (Some(mut server), _) => {
            say_waiting(settings);
            server
                .export(&filter, write)
                .map_err(Failure::Server)?
                .map_err(ExportError::Write)
        }
        (None, Some(store)) => store.export(&filter, write),
        (None, None) => Ok(()),
    };
    match result {
        Ok(()) => super::output::finished(out.flush()).map(|_| ()),
        Err(ExportError::Write(e)) => super::output::finished(Err::<(), _>(e)).map(|_| ()),
        Err(ExportError::Store(e)) => Err(failed(path)(e)),
    }
}

fn prune(settings: &Settings, older_than: &str) -> Outcome {
    let before = OffsetDateTime::now_utc() - age(older_than, "--older-than")?;
    let path = &settings.store;
    let n = match server(settings)? {
        Some(mut server) => server.prune(before).map_err(Failure::Server)?,
        None => {
            let Some(mut store) = Store::open_existing(path, true).map_err(Failure::Store)? else {
                return super::output::print(b"no calls to prune\n");
            };
            store.prune(before).map_err(failed(path))?
        }
    };
    let plural = if n == 1 { "" } else { "s" };
    super::output::print(
        format!(
            "deleted {n} call{plural} started before {}\n",
            local(before, crate::record::time_text::seat_offset())
        )
        .as_bytes(),
    )
}

fn replay_call(settings: &Settings, id: &str, tree: Option<&Path>) -> Outcome {
    let (call, shared) = found(settings, id)?;
    let tree_path = tree_of(&call, tree, shared, id)?;
    let opened = super::open::open_stamped(tree_path.as_deref(), "replayed through")?;
    let (tree, sha) = (opened.tree, opened.sha256);
    let found = replay(&call, &tree);
    let short = |s: &str| s[..12.min(s.len())].to_string();
    let mut out = format!(
        "call {} on {}\ntree then: sha256 {}\ntree now:  sha256 {}{}\n",
        call.id,
        local(call.started, call.offset_minutes),
        short(&call.tree.sha256),
        short(&sha),
        if sha == call.tree.sha256 {
            " (the same file)"
        } else {
            " (changed)"
        }
    );
    let steps = call.path().len();
    let verdict = match &found.parting {
        None => {
            let end = match &call.outcome {
                Some(o) => format!("the same outcome, {}", one_line(&o.title)),
                None => "where the call stopped (it reached no outcome)".into(),
            };
            out.push_str(&format!(
                "same: all {steps} answers take the same path to {end}\n"
            ));
            Ok(())
        }
        Some((step, parting)) => {
            out.push_str(&format!("diverges at step {step} of {steps}: {parting}\n"));
            Err(Failure::Diverged)
        }
    };
    super::output::print(out.as_bytes())?;
    verdict
}

/// A call as a case, in the words of a cases file: each answer as the call gave it (a list by
/// how it was answered, its signs not repeated), the outcome it reached, the story to write.
fn to_case(settings: &Settings, id: &str, tree: Option<&Path>) -> Outcome {
    use crate::record::EventKind;
    let (call, shared) = found(settings, id)?;
    // A call that moved by jumps (search, the map, `!`) skipped steps its answers would need:
    // as a case it would not reach where the call did.
    if call
        .path()
        .iter()
        .any(|e| matches!(e.kind, EventKind::Jump { .. }))
    {
        return Err(Failure::NotACase(
            one_line(id),
            "it moved by jumps (search, the map or `!`), so its answers do not lead where it went; write the case by hand, from the path `tread calls show` gives",
        ));
    }
    let tree_path = tree_of(&call, tree, shared, id)?;
    let tree = super::open::open(tree_path.as_deref(), "written as a case")?.1;
    let mut answers: Vec<String> = Vec::new();
    // The signs a list's answer already answered: their steps are not answers of the case.
    let mut implied: Vec<crate::tree::NodeId> = Vec::new();
    for event in call.path() {
        match &event.kind {
            EventKind::Checklist { node, answer, .. } => {
                let items = tree.find(node).map(|n| tree.items(n)).unwrap_or_default();
                let sign = answer
                    .strip_prefix("yes: ")
                    .or_else(|| answer.strip_prefix("not sure: "));
                implied = match (answer.as_str(), sign) {
                    ("none of these", _) => items,
                    (_, Some(sign)) => {
                        let upto = items
                            .iter()
                            .position(|&i| tree.node(i).title() == sign)
                            .map_or(0, |k| k + 1);
                        items[..upto].to_vec()
                    }
                    _ => Vec::new(),
                };
                answers.push(match answer.as_str() {
                    "asked one at a time" => "one at a time".into(),
                    a => a.strip_prefix("yes: ").unwrap_or(a).to_string(),
                });
            }
            EventKind::Step { node, answer, .. } => {
                if let Some(n) = tree.find(node)
                    && let Some(k) = implied.iter().position(|&i| i == n)
                {
                    implied.remove(k);
                    continue;
                }
                if answer != "Continue" {
                    answers.push(answer.clone());
                }
            }
            _ => {}
        }
    }
    let short = &call.id.to_string()[..13];
    let outcome = call
        .outcome
        .as_ref()
        .map(|o| o.node.clone())
        .unwrap_or_default();
    let q = crate::scrub::ron_string;
    let mut out = String::new();
    out.push_str(&format!(
        "        // From call {} ({}), taken at {} by {}. Write the story, check the outcome.\n",
        call.id,
        local(call.started, call.offset_minutes),
        one_line(&call.seat.seat),
        one_line(&call.seat.person)
    ));
    out.push_str("        (\n");
    out.push_str(&format!(
        "            id: \"call_{}\",\n",
        short.replace('-', "_")
    ));
    out.push_str(&format!(
        "            title: {},\n",
        q(&format!(
            "Call of {}",
            &local(call.started, call.offset_minutes)[..16]
        ))
    ));
    out.push_str("            story: \"\",\n");
    out.push_str("            answers: [\n");
    for a in &answers {
        out.push_str(&format!("                {},\n", q(a)));
    }
    out.push_str("            ],\n");
    out.push_str(&format!("            outcome: {},\n", q(&outcome)));
    out.push_str("        ),\n");
    super::output::print(out.as_bytes())?;
    if outcome.is_empty() {
        let _ = writeln!(
            std::io::stderr(),
            "note: the call reached no outcome: name the one the tree must reach"
        );
    }
    Ok(())
}

/// The tree to read a call through: the one named, else the call's own file, unless the call
/// came from the shared server, whose paths name files on the seats' computers (a path a seat
/// wrote, such as /etc/shadow, is never opened here): then the tree must be named.
fn tree_of(
    call: &Call,
    named: Option<&Path>,
    shared: bool,
    id: &str,
) -> Result<Option<PathBuf>, Failure> {
    match (named, call_tree(call)) {
        (Some(tree), _) => Ok(Some(tree.to_path_buf())),
        (None, Some(_)) if shared => Err(Failure::NameTheTree(said(id))),
        (None, path) => Ok(path),
    }
}

/// How the record names the bundled tree as a call's tree.
pub const BUNDLED_PATH: &str = "(bundled)";

/// The file a call's tree was read from, unless it was the bundled tree.
pub fn call_tree(call: &Call) -> Option<PathBuf> {
    let path = &call.tree.path;
    (path != BUNDLED_PATH && !path.is_empty()).then(|| PathBuf::from(path))
}
