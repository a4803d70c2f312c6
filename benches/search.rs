//! Search as one types, on a generated tree of 10,000 nodes (texts of 150 to 300 characters):
//! the time for each keystroke's results, against a frame's 16 ms.
//!
//! `cargo bench --bench search`.

#[path = "support/synth.rs"]
mod synth;

#[path = "support/timing.rs"]
mod timing;

use std::time::Instant;

use tread::search::Index;
use tread::tree;

fn main() {
    let tree = tree::load_text(synth::tree(10_000))
        .walkable()
        .expect("the generated tree walks");
    let t = Instant::now();
    let index = Index::new(&tree);
    println!(
        "read a 10,000-node tree for searching: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    for typed in ["spasm", "numbness after", "weakness injury fall", "xqzv"] {
        let mut times = Vec::new();
        for end in 1..=typed.len() {
            let query = &typed[..end];
            times.push(timing::median(9, || index.search(query, 50)));
        }
        let worst = times.iter().cloned().fold(0.0, f64::max);
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        println!(
            "typing {typed:?}: {:.1} ms a keystroke on average, {:.1} ms at worst (medians of 9)",
            mean * 1e3,
            worst * 1e3
        );
    }
}
