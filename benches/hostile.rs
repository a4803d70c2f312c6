//! Hostile trees: the shapes that once made checks or frames slow, timed at growing sizes so the
//! growth shows (the exponent of a fit of time against size; 1 is linear, 2 quadratic).
//!
//! `cargo bench --bench hostile` prints the summary, then divan's statistics for the sizes the
//! probe reported. Checks are timed as `tread check` does them: load, check, and render every
//! diagnostic.

#[path = "support/hostile.rs"]
mod hostile;

#[path = "support/timing.rs"]
mod timing;

use timing::{growth_exponent, median};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use tread::report::{self, Color};
use tread::tree;
use tread::tui::keys::Command;
use tread::tui::{App, Theme};
use tread::walk::Walk;

fn main() {
    summary();
    divan::main();
}

/// What `tread check` does with a text: load and check it, render every diagnostic.
fn check(text: &str) -> String {
    let loaded = tree::load_text(text.to_string());
    let texts = report::Texts::new("hostile.ron", &loaded);
    let mut out = String::new();
    for d in &loaded.diagnostics {
        report::render(&mut out, &texts, d, Color::Never);
    }
    out
}

/// The walk at 120x40 on a tree, after these commands.
fn app(text: &str, commands: impl IntoIterator<Item = Command>) -> App {
    let tree = tree::load_text(text.to_string())
        .walkable()
        .expect("the tree walks");
    let walk = Walk::new(&tree);
    let mut app = App::new(tree, walk, (120, 40), Theme::COLOR);
    for c in commands {
        app.update(c);
    }
    app
}

const FRAME: Rect = Rect {
    x: 0,
    y: 0,
    width: 120,
    height: 40,
};

fn frame(app: &App) -> Buffer {
    let mut buf = Buffer::empty(FRAME);
    app.render(FRAME, &mut buf);
    buf
}

/// One row of the summary: the time at each size and the growth.
fn row(what: &str, sizes: &[usize], mut time: impl FnMut(usize) -> f64) {
    let points: Vec<(f64, f64)> = sizes.iter().map(|&n| (n as f64, time(n))).collect();
    let times: Vec<String> = points
        .iter()
        .map(|&(n, t)| format!("{n}: {:.1} ms", t * 1e3))
        .collect();
    println!(
        "{what:<44} {}  growth n^{:.2}",
        times.join(", "),
        growth_exponent(&points)
    );
}

fn summary() {
    println!("hostile trees: median times, and how they grow with size");
    row(
        "check: chain, every step loops back",
        &[5_000, 10_000, 20_000, 40_000],
        |n| {
            let text = hostile::loop_back_chain(n);
            median(3, || check(&text))
        },
    );
    row(
        "check: dangling links, each a near miss",
        &[2_500, 5_000, 10_000, 20_000],
        |n| {
            let text = hostile::near_miss_links(n, false);
            median(3, || check(&text))
        },
    );
    row(
        "check: the same, the whole file on one line",
        &[2_500, 5_000, 10_000, 20_000],
        |n| {
            let text = hostile::near_miss_links(n, true);
            median(3, || check(&text))
        },
    );
    row(
        "check: answers with non-ASCII labels",
        &[2_500, 5_000, 10_000, 40_000],
        |n| {
            let text = hostile::many_answers(n);
            median(3, || check(&text))
        },
    );
    row(
        "check: a wrong id of n characters",
        &[10_000, 20_000, 40_000, 80_000],
        |n| {
            let text = hostile::long_wrong_id(n);
            median(3, || check(&text))
        },
    );
    row(
        "check: a tree using n parts files, each using the next, the last the first",
        &[12, 25, 50, 100],
        |n| {
            let dir =
                std::env::temp_dir().join(format!("tread-bench-parts-{}", std::process::id()));
            let path = hostile::parts_chain(&dir, n);
            let t = median(3, || {
                let loaded = tree::load_file(&path).expect("the tree reads");
                tread::commands::check::human("tree.ron", &loaded, Color::Never)
            });
            let _ = std::fs::remove_dir_all(&dir);
            t
        },
    );
    row(
        "check: a part needing n ids the tree lacks",
        &[12_500, 25_000, 50_000, 100_000],
        |n| {
            let dir =
                std::env::temp_dir().join(format!("tread-bench-needs-{}", std::process::id()));
            let path = hostile::many_needs(&dir, n);
            let t = median(3, || {
                let loaded = tree::load_file(&path).expect("the tree reads");
                tread::commands::check::human("tree.ron", &loaded, Color::Never)
            });
            let _ = std::fs::remove_dir_all(&dir);
            t
        },
    );
    row(
        "tread check's output: n answers alike, on one line",
        &[25_000, 50_000, 100_000, 200_000],
        |n| {
            let text = hostile::alike_on_one_line(n);
            median(3, || {
                let loaded = tree::load_text(text.clone());
                tread::commands::check::human("hostile.ron", &loaded, Color::Never)
            })
        },
    );
    row(
        "key and frame: a source cited n times",
        &[5_000, 10_000, 20_000, 40_000],
        |n| {
            let mut app = app(&hostile::cited_again(n), [Command::Select]);
            app.why = true;
            median(9, || {
                app.update(Command::Down);
                frame(&app)
            })
        },
    );
    row(
        "key and frame: a question of n answers",
        &[12_500, 25_000, 50_000, 100_000],
        |n| {
            let mut app = app(&hostile::many_answers_plain(n), [Command::Select]);
            median(9, || {
                app.update(Command::Down);
                frame(&app)
            })
        },
    );
    row(
        "frame: title of n combining marks",
        &[12_500, 25_000, 50_000, 100_000],
        |n| {
            let app = app(&hostile::piled_title(n), []);
            median(9, || frame(&app))
        },
    );
    row(
        "frame: a walk of n steps",
        &[750, 1_500, 3_000, 6_000],
        |n| {
            let steps = std::iter::once(Command::Select)
                .chain(std::iter::repeat_n(Command::Choose(0), n - 1));
            let app = app(&hostile::long_walk(n), steps);
            median(9, || frame(&app))
        },
    );
    row(
        "key and frame: a label of n bytes",
        &[250_000, 500_000, 1_000_000, 2_000_000],
        |n| {
            let mut app = app(&hostile::huge_label(n), [Command::Select]);
            median(9, || {
                app.update(Command::Down);
                app.update(Command::Up);
                frame(&app)
            })
        },
    );
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn check_loop_back_chain_20k(bencher: divan::Bencher) {
    let text = hostile::loop_back_chain(20_000);
    bencher.bench(|| check(&text));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn check_dangling_links_5k(bencher: divan::Bencher) {
    let text = hostile::near_miss_links(5_000, false);
    bencher.bench(|| check(&text));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn check_non_ascii_answers_10k(bencher: divan::Bencher) {
    let text = hostile::many_answers(10_000);
    bencher.bench(|| check(&text));
}

#[divan::bench(sample_count = 25)]
fn frame_title_of_50k_combining_marks(bencher: divan::Bencher) {
    let app = app(&hostile::piled_title(50_000), []);
    bencher.bench_local(|| frame(&app));
}

#[divan::bench(sample_count = 25)]
fn frame_walk_of_3000_steps(bencher: divan::Bencher) {
    let steps =
        std::iter::once(Command::Select).chain(std::iter::repeat_n(Command::Choose(0), 2_999));
    let app = app(&hostile::long_walk(3_000), steps);
    bencher.bench_local(|| frame(&app));
}

#[divan::bench(sample_count = 25)]
fn key_and_frame_label_of_1mb(bencher: divan::Bencher) {
    let mut app = app(&hostile::huge_label(1_000_000), [Command::Select]);
    bencher.bench_local(|| {
        app.update(Command::Down);
        frame(&app)
    });
}
