//! What the call record costs: recording one step (WAL, `synchronous=FULL`, one commit a step,
//! on the disk `target/` is on), the walk's own share of it (handing the entry to the writer
//! thread), `tread calls` listing the latest 50 of 100,000 calls, and exporting 100,000 calls of
//! 20 steps each as JSON lines and as CSV.
//!
//! `cargo bench --bench record`. The 100,000-call store is built once, in
//! `target/bench-stores/`, and reused.

use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use time::{Duration, OffsetDateTime};
use tread::record::store::{Filter, Store};
use tread::record::writer::Writer;
use tread::record::{Call, Ending, Entry, Event, EventKind, Flag, Reached, Seat, TreeStamp, csv};
use uuid::Uuid;

const CALLS: usize = 100_000;
const STEPS: usize = 20;

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-stores");
    std::fs::create_dir_all(&dir).unwrap();
    one_step(&dir);
    let store = big_store(&dir);
    listing(&store);
    export(&store);
}

/// A call of `STEPS` answers, an outcome and a note, started `n` minutes after a fixed time.
fn call(n: usize) -> Call {
    let started =
        OffsetDateTime::from_unix_timestamp(1_760_000_000).unwrap() + Duration::minutes(n as i64);
    let ms = (started.unix_timestamp() * 1000) as u64;
    let id = Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, ms / 1000, 0));
    let mut events: Vec<Event> = (0..STEPS)
        .map(|i| Event {
            seq: i as u32 + 1,
            at: started + Duration::seconds(i as i64 * 10),
            kind: EventKind::Step {
                node: format!("rf_sign_{i}"),
                title: format!("Warning sign number {i}"),
                answer: "No".into(),
                index: 1,
                red_flag: true,
                positive: false,
                value: None,
            },
        })
        .collect();
    events.push(Event {
        seq: STEPS as u32 + 1,
        at: started + Duration::seconds(STEPS as i64 * 10),
        kind: EventKind::Note {
            node: "rf_sign_3".into(),
            title: "Warning sign number 3".into(),
            text: "Caller says it is a bit tingly, maybe.".into(),
            draft: false,
        },
    });
    events.push(Event {
        seq: STEPS as u32 + 2,
        at: started + Duration::seconds(STEPS as i64 * 10 + 1),
        kind: EventKind::Outcome {
            node: "self_care".into(),
            title: "Look after it at home".into(),
            urgency: "SelfCare".into(),
            rank: Some(4),
        },
    });
    Call {
        id,
        seat: Seat {
            seat: format!("Desk {}", n % 7),
            person: "Bench".into(),
        },
        started,
        offset_minutes: 0,
        ended: Some(started + Duration::minutes(4)),
        ending: Some(Ending::Outcome),
        tree: TreeStamp {
            title: "Back pain, muscle spasms and Botox injections".into(),
            version: Some("2.0".into()),
            review_due: Some("2027-05-25".into()),
            path: "(bundled)".into(),
            sha256: "7e894ad6d675fdce4751a6511cd6f40eef7e14844e318842041e3386f5186b1d".into(),
        },
        tread_version: "0.1.0".into(),
        red_flags: (0..STEPS)
            .map(|i| Flag {
                node: format!("rf_sign_{i}"),
                title: format!("Warning sign number {i}"),
            })
            .collect(),
        outcome: Some(Reached {
            node: "self_care".into(),
            title: "Look after it at home".into(),
            urgency: "SelfCare".into(),
            rank: Some(4),
        }),
        events,
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// One step recorded as the walk records it: an entry, committed on its own.
fn one_step(dir: &Path) {
    let path = dir.join("steps.db");
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(path.with_extension("db-wal"));
    let _ = std::fs::remove_file(path.with_extension("db-shm"));
    let mut store = Store::open(&path).unwrap();
    let template = call(0);
    let mut bare = template.clone();
    bare.events.clear();
    store.write(&Entry::Begin(Box::new(bare))).unwrap();
    let runs = 500;
    let mut times: Vec<f64> = (0..runs)
        .map(|i| {
            let mut event = template.events[i % STEPS].clone();
            event.seq = i as u32 + 1;
            let entry = Entry::Event(template.id, event);
            let t = Instant::now();
            store.write(&entry).unwrap();
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "record one step (WAL, synchronous=FULL, a commit a step): median {:.2} ms, p99 {:.2} ms ({runs} steps)",
        percentile(&times, 0.5) * 1e3,
        percentile(&times, 0.99) * 1e3
    );

    // The walk's share: handing entries to the writer thread.
    let writer = Writer::start(dir.join("steps-writer.db"), None, |_| {});
    let mut sends: Vec<f64> = (0..runs)
        .map(|i| {
            let mut event = template.events[i % STEPS].clone();
            event.seq = i as u32 + 1;
            let entry = Entry::Event(template.id, event);
            let t = Instant::now();
            writer.send(vec![entry]);
            t.elapsed().as_secs_f64()
        })
        .collect();
    writer.finish();
    sends.sort_by(f64::total_cmp);
    println!(
        "the walk's share of a step (a send to the writer thread): median {:.1} µs, p99 {:.1} µs",
        percentile(&sends, 0.5) * 1e6,
        percentile(&sends, 0.99) * 1e6
    );
}

/// The store of `CALLS` calls, built once.
fn big_store(dir: &Path) -> PathBuf {
    let path = dir.join(format!("calls-{CALLS}x{STEPS}.db"));
    if let Ok(Some(store)) = Store::open_existing(&path, false)
        && store.list(&Filter::default()).map(|v| v.len()) == Ok(CALLS)
    {
        return path;
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let t = Instant::now();
    let mut store = Store::open(&path).unwrap();
    for chunk in (0..CALLS).collect::<Vec<_>>().chunks(5_000) {
        let calls: Vec<Call> = chunk.iter().map(|&n| call(n)).collect();
        let mut entries = Vec::new();
        for c in &calls {
            let mut bare = c.clone();
            bare.events.clear();
            bare.outcome = None;
            bare.ended = None;
            bare.ending = None;
            entries.push(Entry::Begin(Box::new(bare)));
            entries.extend(c.events.iter().map(|e| Entry::Event(c.id, e.clone())));
            entries.push(Entry::End {
                id: c.id,
                at: c.ended.unwrap(),
                ending: Ending::Outcome,
            });
        }
        store.write_all(&entries).unwrap();
    }
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "built a store of {CALLS} calls x {STEPS} steps in {:.1} s ({:.0} MB)",
        t.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );
    path
}

/// `tread calls`: open the store and list the latest 50.
fn listing(path: &Path) {
    let mut times: Vec<f64> = (0..21)
        .map(|_| {
            let t = Instant::now();
            let store = Store::open_existing(path, false).unwrap().unwrap();
            let listed = store
                .list(&Filter {
                    limit: Some(50),
                    ..Filter::default()
                })
                .unwrap();
            black_box(listed);
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "list the latest 50 of {CALLS} calls (open + query): median {:.1} ms, slowest {:.1} ms",
        percentile(&times, 0.5) * 1e3,
        times[times.len() - 1] * 1e3
    );
    let t = Instant::now();
    let store = Store::open_existing(path, false).unwrap().unwrap();
    let found = store
        .list(&Filter {
            grep: Some("tingly".into()),
            limit: Some(50),
            ..Filter::default()
        })
        .unwrap();
    println!(
        "list the latest 50 with --grep tingly: {:.1} ms ({} found)",
        t.elapsed().as_secs_f64() * 1e3,
        found.len()
    );
}

/// `tread calls export`, as JSON lines and as CSV, into memory; and the reading alone.
fn export(path: &Path) {
    let store = Store::open_existing(path, false).unwrap().unwrap();
    for format in ["read only", "json", "csv"] {
        let mut out: Vec<u8> = Vec::with_capacity(1 << 20);
        let mut n = 0usize;
        let t = Instant::now();
        store
            .export(&Filter::default(), |call| {
                n += 1;
                if out.len() > 1 << 24 {
                    out.clear();
                }
                match format {
                    "read only" => Ok(()),
                    "json" => {
                        let start = out.len();
                        serde_json::to_writer(&mut out, call).map_err(std::io::Error::other)?;
                        let mut line = out.split_off(start);
                        tread::scrub::json_bytes(&mut line);
                        out.extend_from_slice(&line);
                        out.write_all(b"\n")
                    }
                    _ => out.write_all(csv::row(call).as_bytes()),
                }
            })
            .unwrap();
        let secs = t.elapsed().as_secs_f64();
        println!(
            "export {n} calls x {STEPS} steps as {format}: {secs:.2} s, {:.0} calls/s",
            n as f64 / secs
        );
    }
}
