//! Opening a library: 200 generated trees of about 100 nodes each, every one read and checked,
//! against the 100 ms.
//!
//! `cargo bench --bench library`. The trees are written once to `target/bench-library/`.

#[path = "support/synth.rs"]
mod synth;

use std::hint::black_box;
use std::time::Instant;

fn main() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-library");
    std::fs::create_dir_all(&dir).unwrap();
    let mut bytes = 0;
    for i in 0..200 {
        let path = dir.join(format!("tree-{i:03}.ron"));
        let text = synth::tree(90 + i % 21);
        bytes += text.len();
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).unwrap();
        }
    }
    let mut times: Vec<f64> = (0..9)
        .map(|_| {
            let t = Instant::now();
            black_box(tread::library::open(&dir).unwrap());
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "open a library of 200 trees of 90 to 110 nodes ({:.1} MB): median {:.1} ms, slowest {:.1} ms",
        bytes as f64 / 1e6,
        times[4] * 1e3,
        times[8] * 1e3
    );
}
