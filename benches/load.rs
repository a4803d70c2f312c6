#[path = "synth.rs"]
mod synth;
fn main() {
    for n in [1_000usize, 10_000, 100_000] {
        let src = synth::tree(n);
        let t = std::time::Instant::now();
        let mut best = f64::MAX;
        for _ in 0..3 {
            let t = std::time::Instant::now();
            let tree: tread::tree::model::Tree = ron::Options::default()
                .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
                .from_str(&src)
                .unwrap();
            std::hint::black_box(&tree);
            best = best.min(t.elapsed().as_secs_f64());
        }
        let _ = t;
        println!(
            "{n}: {:.1} MB, ron typed {:.1} ms, {:.0} MB/s",
            src.len() as f64 / 1e6,
            best * 1e3,
            src.len() as f64 / 1e6 / best
        );
    }
}
