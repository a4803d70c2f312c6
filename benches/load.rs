//! Loading and checking generated trees of 1,000 to 100,000 nodes, against ron's own parse of
//! the same text, with how cost grows (the slope of a fit over five sizes); and one frame of the
//! walk at 120x40.
//!
//! `cargo bench --bench load` prints a summary first (throughput, the ratio to ron, how cost
//! grows), then divan's statistics. Peak memory and terminal bytes: `cargo bench --bench memory`.

#[path = "support/synth.rs"]
mod synth;

#[path = "support/timing.rs"]
mod timing;

use timing::{growth_exponent, median};

use divan::counter::BytesCount;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use tread::tree::{self, TreeFile};
use tread::tui::keys::Command;
use tread::tui::{App, Theme};
use tread::walk::Walk;

const SIZES: [usize; 5] = [1_000, 3_000, 10_000, 30_000, 100_000];

fn main() {
    summary();
    divan::main();
}

fn ron_parse(src: &str) -> TreeFile {
    tree::ron_options()
        .from_str(src)
        .expect("the generated tree parses")
}

fn summary() {
    println!("tread load + check, against ron's parse of the same text (median of 7 runs)");
    println!(
        "{:>8} {:>9} {:>10} {:>10} {:>11} {:>7}",
        "nodes", "MB", "ron ms", "load ms", "load MB/s", "ratio"
    );
    let mut points = Vec::new();
    for n in SIZES {
        let src = synth::tree(n);
        let mb = src.len() as f64 / 1e6;
        let ron = median(7, || ron_parse(&src));
        let mut inputs: Vec<Vec<u8>> = (0..7).map(|_| src.clone().into_bytes()).collect();
        let load = median(7, || tree::load(inputs.pop().unwrap()));
        let loaded = tree::load(src.clone().into_bytes());
        assert!(loaded.diagnostics.is_empty(), "the generated tree is clean");
        println!(
            "{n:>8} {mb:>9.1} {:>10.1} {:>10.1} {:>11.0} {:>7.2}",
            ron * 1e3,
            load * 1e3,
            mb / load,
            load / ron,
        );
        points.push((n as f64, load));
    }
    println!(
        "growth: time ~ nodes^{:.2} (least-squares fit over {} sizes; 1 is linear)",
        growth_exponent(&points),
        points.len()
    );
    commands_at_100k();
    let app = frame_app();
    let frame = median(1001, || {
        let mut buf = Buffer::empty(FRAME);
        (&app).render(FRAME, &mut buf);
        buf
    });
    println!(
        "one frame at 120x40 (question with the Why panel): {:.1} µs median",
        frame * 1e6
    );
    println!();
}

/// `check`, `graph`, `stats` and the first line of `paths` on the 100,000-node tree, each from the
/// file's bytes to its whole output, against load + check alone.
fn commands_at_100k() {
    let src = synth::tree(100_000);
    let runs = 5;
    let inputs = |n: usize| -> Vec<Vec<u8>> { (0..n).map(|_| src.clone().into_bytes()).collect() };
    let mut bytes = inputs(runs);
    let load = median(runs, || tree::load(bytes.pop().unwrap()));
    let mut bytes = inputs(runs);
    let check = median(runs, || {
        let loaded = tree::load(bytes.pop().unwrap());
        let mut out = String::new();
        let texts = tread::report::Texts::new("bench.ron", &loaded);
        for d in &loaded.diagnostics {
            tread::report::render(&mut out, &texts, d, tread::report::Color::Never);
        }
        (loaded, out)
    });
    let walkable = |b: Vec<u8>| tree::load(b).walkable().expect("clean");
    let mut bytes = inputs(runs);
    let dot = median(runs, || {
        tread::export::dot::render(&walkable(bytes.pop().unwrap()))
    });
    let mut bytes = inputs(runs);
    let mermaid = median(runs, || {
        tread::export::mermaid::render(&walkable(bytes.pop().unwrap()))
    });
    let mut bytes = inputs(runs);
    let stats = median(runs, || {
        tread::commands::stats::report("bench.ron", &walkable(bytes.pop().unwrap()))
    });
    let mut bytes = inputs(runs);
    let first_path = median(runs, || {
        let tree = walkable(bytes.pop().unwrap());
        let options = tread::export::paths::Options {
            through: None,
            limit: Some(1),
            format: tread::export::paths::Format::Text,
        };
        let mut out = Vec::new();
        tread::export::paths::write(&tree, &options, &mut out).unwrap();
        (tree, out)
    });
    println!(
        "commands on 100,000 nodes, from the file's bytes (load + check alone: {:.0} ms)",
        load * 1e3
    );
    for (what, t) in [
        ("check", check),
        ("graph (DOT)", dot),
        ("graph (Mermaid)", mermaid),
        ("stats", stats),
        ("paths, first line", first_path),
    ] {
        println!("{what:>18} {:>7.0} ms  x{:.2}", t * 1e3, t / load);
    }
}

const FRAME: Rect = Rect {
    x: 0,
    y: 0,
    width: 120,
    height: 40,
};

/// The bundled tree at its second warning sign, Why panel open, at 120x40.
fn frame_app() -> App {
    let tree = tree::load_text(tread::commands::walk::BUNDLED.to_string())
        .walkable()
        .unwrap();
    let walk = Walk::new(&tree);
    let mut app = App::new(tree, walk, (FRAME.width, FRAME.height), Theme::COLOR);
    // Begin, "who and where", the patient on the line, an adult, "No" to the first sign.
    use Command::{Choose, Select};
    for c in [Select, Select, Choose(0), Choose(1), Choose(1)] {
        app.update(c);
    }
    app
}

#[divan::bench(args = SIZES, sample_count = 25, sample_size = 1)]
fn load_and_check(bencher: divan::Bencher, n: usize) {
    let src = synth::tree(n);
    bencher
        .counter(BytesCount::of_str(&src))
        .with_inputs(|| src.clone().into_bytes())
        .bench_values(tree::load);
}

#[divan::bench(args = SIZES, sample_count = 25, sample_size = 1)]
fn ron_alone(bencher: divan::Bencher, n: usize) {
    let src = synth::tree(n);
    bencher
        .counter(BytesCount::of_str(&src))
        .bench(|| ron_parse(&src));
}

#[divan::bench]
fn frame_120x40(bencher: divan::Bencher) {
    let app = frame_app();
    bencher.bench_local(|| {
        let mut buf = Buffer::empty(FRAME);
        (&app).render(FRAME, &mut buf);
        buf
    });
}
