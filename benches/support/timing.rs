//! Timing for the benchmarks' summaries: a median, and how cost grows with size.

// Each benchmark uses what it needs of this.
#![allow(dead_code)]

use std::hint::black_box;
use std::time::Instant;

/// The median of `runs` timings of `f`, in seconds; what `f` returns is dropped untimed.
pub fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let out = f();
            let elapsed = t.elapsed().as_secs_f64();
            drop(black_box(out));
            elapsed
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

/// The exponent `k` of the least-squares fit of `time = c * size^k` (1 is linear, 2 quadratic).
pub fn growth_exponent(points: &[(f64, f64)]) -> f64 {
    let logs: Vec<(f64, f64)> = points.iter().map(|&(n, t)| (n.ln(), t.ln())).collect();
    let count = logs.len() as f64;
    let mean_x = logs.iter().map(|p| p.0).sum::<f64>() / count;
    let mean_y = logs.iter().map(|p| p.1).sum::<f64>() / count;
    let covariance: f64 = logs.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let variance: f64 = logs.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    covariance / variance
}
