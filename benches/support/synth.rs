//! Realistic synthetic trees for the benchmarks: 2 to 4 choices a question, texts of 150 to 300
//! characters, some branches rejoining, every node reachable and every path ending at an outcome.

use std::fmt::Write;

const WORDS: &[&str] = &[
    "pain",
    "back",
    "muscle",
    "since",
    "when",
    "does",
    "the",
    "caller",
    "describe",
    "any",
    "new",
    "weakness",
    "numbness",
    "after",
    "injury",
    "fall",
    "twist",
    "lifting",
    "worse",
    "night",
    "rest",
    "ease",
    "week",
    "month",
    "treatment",
    "therapy",
    "doctor",
    "clinic",
    "spasm",
    "lower",
    "upper",
    "neck",
    "shoulder",
    "relaxant",
    "injection",
    "repeat",
    "plan",
    "advice",
    "sleep",
    "work",
    "move",
    "gently",
    "walking",
    "sitting",
    "standing",
    "fever",
    "weight",
    "history",
];

/// A small deterministic generator (xorshift64*), so every run builds the same tree.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

/// Words making `lo` to `hi` characters, in sentences of 6 to 14 words (each well within a
/// breath), so a generated tree meets every check.
fn text(rng: &mut Rng, out: &mut String, lo: usize, hi: usize) {
    let len = rng.between(lo, hi);
    let start = out.len();
    let mut left_in_sentence = rng.between(6, 14);
    while out.len() - start < len {
        if out.len() > start {
            if left_in_sentence == 0 {
                out.push('.');
                left_in_sentence = rng.between(6, 14);
            }
            out.push(' ');
        }
        out.push_str(WORDS[rng.below(WORDS.len())]);
        left_in_sentence -= 1;
    }
}

/// The RON text of a clean tree of `n` nodes (n >= 2).
pub fn tree(n: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
    let mut out = String::with_capacity(n * 600);
    out.push_str("(\n    title: \"Synthetic tree\",\n    format: 1,\n    start: \"n0\",\n");
    out.push_str("    disclaimer: \"Generated for benchmarks.\",\n");
    out.push_str("    sources: {\n        \"s\": (title: \"A source\", by: \"Bench\", year: 2024),\n    },\n");
    out.push_str("    nodes: {\n");
    // Every node after the first is first linked by the earliest question with a free choice,
    // so all are reachable; links only point forward, so there is no cycle.
    let mut next_unlinked: usize = 1;
    for i in 0..n {
        let pending = next_unlinked.saturating_sub(i + 1);
        let roll = rng.below(100);
        let last = i + 1 == n;
        let kind = if last {
            2
        } else if pending == 0 {
            if roll < 80 { 0 } else { 1 }
        } else if roll < 40 {
            0
        } else if roll < 48 {
            1
        } else {
            2
        };
        let _ = write!(out, "        \"n{i}\": ");
        match kind {
            0 => {
                out.push_str("Question(\n          title: \"");
                text(&mut rng, &mut out, 10, 24);
                out.push_str("\",\n          text: \"");
                text(&mut rng, &mut out, 150, 300);
                out.push_str("\",\n          choices: [\n");
                let mut taken = Vec::new();
                for choice in 0..rng.between(2, 4) {
                    let target = if next_unlinked < n {
                        next_unlinked += 1;
                        next_unlinked - 1
                    } else {
                        rng.between(i + 1, n - 1)
                    };
                    // Some answers rejoin a node that another branch also reaches.
                    let target = if target > i + 1 && rng.below(10) == 0 && next_unlinked >= n {
                        rng.between(i + 1, target)
                    } else {
                        target
                    };
                    // Two answers of one question never share a node or a label.
                    if taken.contains(&target) {
                        continue;
                    }
                    taken.push(target);
                    let _ = write!(
                        out,
                        "            (label: \"{}: ",
                        ["A", "B", "C", "D"][choice]
                    );
                    text(&mut rng, &mut out, 8, 24);
                    let _ = writeln!(out, "\", next: \"n{target}\"),");
                }
                out.push_str("            ],\n          why: \"");
                text(&mut rng, &mut out, 40, 110);
                out.push_str("\",\n          sources: [\"s\"],\n        ),\n");
            }
            1 => {
                let target = if next_unlinked < n {
                    next_unlinked += 1;
                    next_unlinked - 1
                } else {
                    rng.between(i + 1, n - 1)
                };
                out.push_str("Info(\n          title: \"");
                text(&mut rng, &mut out, 10, 24);
                out.push_str("\",\n          text: \"");
                text(&mut rng, &mut out, 150, 300);
                let _ = write!(
                    out,
                    "\",\n          next: \"n{target}\",\n          why: \""
                );
                text(&mut rng, &mut out, 40, 110);
                out.push_str("\",\n        ),\n");
            }
            _ => {
                let urgency = ["Emergency", "Urgent", "Soon", "Routine", "SelfCare"][rng.below(5)];
                out.push_str("Outcome(\n          title: \"");
                text(&mut rng, &mut out, 10, 24);
                let _ = write!(
                    out,
                    "\",\n          urgency: {urgency},\n          action: \""
                );
                text(&mut rng, &mut out, 150, 300);
                out.push_str("\",\n          advice: [\n");
                for _ in 0..rng.between(1, 2) {
                    out.push_str("            \"");
                    text(&mut rng, &mut out, 30, 90);
                    out.push_str("\",\n");
                }
                out.push_str("            ],\n");
                // What to say about calling back, and what staff do: one each.
                for field in ["safety_net", "steps"] {
                    let _ = write!(out, "          {field}: [\"");
                    text(&mut rng, &mut out, 30, 90);
                    out.push_str("\"],\n");
                }
                out.push_str("          why: \"");
                text(&mut rng, &mut out, 40, 110);
                out.push_str("\",\n          sources: [\"s\"],\n        ),\n");
            }
        }
    }
    out.push_str("    },\n)\n");
    out
}
