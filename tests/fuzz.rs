//! Fuzzing, in the project: tree files mutated at random (from a fixed seed, so a failure is
//! a failure every run) and fed to the loader and to every command.
//!
//! - The loader against ron: the loader decodes a text exactly when ron does, never panics, and
//!   places every diagnostic inside the text (never at the file's start for a text ron read,
//!   which is how a lost position shows); every diagnostic renders with no control character.
//! - Every command on a mutated file: no panic and no signal, only the exit codes of the
//!   README's table, output that is UTF-8 with no control character but the line break, JSON
//!   lines that parse, and no hang (each run is killed after 60 s, which fails the test).
//!
//! `cargo test` runs a fixed number of cases. For more:
//!
//! ```sh
//! TREAD_FUZZ_CASES=20000 TREAD_FUZZ_SEED=7 cargo test --release --test fuzz -- --nocapture
//! ```
//!
//! A failing input is written to `target/fuzz-failures/`, named by seed and case.

mod common;

use std::path::PathBuf;

use tread::report::{self, Color};
use tread::tree::{self, TreeFile};

/// Cases for the loader in a plain `cargo test`.
const LOADER_CASES: usize = 3000;
/// Files for the commands in a plain `cargo test` (each runs every command).
const COMMAND_CASES: usize = 80;

fn seed() -> u64 {
    env_or("TREAD_FUZZ_SEED", 0x7EAD_F022)
}

/// `TREAD_FUZZ_CASES` scales both tests: the loader gets that many, the commands a tenth.
fn cases(default: usize, share: usize) -> usize {
    std::env::var("TREAD_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .map_or(default, |n| (n / share).max(1))
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: small, fast, the same on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The trees mutations start from: the bundled tree and the test fixtures.
const SEEDS: &[&str] = &[
    include_str!("../trees/back-pain-botox.ron"),
    include_str!("fixtures/good.ron"),
    include_str!("fixtures/cycle.ron"),
    include_str!("fixtures/dead-end.ron"),
    include_str!("fixtures/hostile.ron"),
    include_str!("fixtures/control-chars.ron"),
    include_str!("fixtures/duplicate-id.ron"),
];

/// Pieces a mutation puts in: RON's punctuation and keywords, the white space ron does and does
/// not accept, line ends of every kind, terminal sequences, and text of uncertain width.
const PIECES: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    ",",
    ":",
    "#",
    "!",
    "/*",
    "*/",
    "//",
    "\n",
    "\r",
    "\r\n",
    "\u{b}",
    "\u{c}",
    "\u{85}",
    "\u{2028}",
    "\u{3000}",
    "\u{a0}",
    "\u{2003}",
    "\t",
    " ",
    "#![enable(implicit_some)]\n",
    "# ![enable(implicit_some)]\n",
    "#/**/![enable(unwrap_newtypes)]",
    "r#\"",
    "\"#",
    "'",
    "\\",
    "\\u{1b}",
    "\\n",
    "Some(",
    "None",
    "true",
    "false",
    "0",
    "-1",
    "99999999999999999999",
    "1.5",
    "Emergency",
    "SelfCare",
    "Question(",
    "Info(",
    "Outcome(",
    "label: ",
    "next: ",
    "title: ",
    "choices: []",
    "why: ",
    "sources: [\"nope\"]",
    "\"end\"",
    "\u{1b}]52;c;aGk=\u{7}",
    "\u{1b}[2J",
    "\u{9b}31m",
    "\u{7}",
    "\u{0}",
    "\u{7f}",
    "\u{200d}",
    "\u{1f468}\u{200d}\u{1f469}",
    "\u{301}\u{301}\u{301}",
    "\u{1100}\u{1161}",
    "\u{feff}",
    "\u{202e}",
    "é",
    "中文",
];

/// A mutation of `text`: one to four edits, each an insertion of a piece, a deletion, a copy of
/// a stretch of the text elsewhere, or a piece put in place of a stretch.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut out = text.to_string();
    for _ in 0..1 + rng.below(4) {
        // Now and then at the very start or end, where attributes and trailing text go.
        let at = match rng.below(8) {
            0 => 0,
            1 => out.len(),
            _ => boundary(&out, rng.below(out.len() + 1)),
        };
        let len = [1, 2, 8, 40, 400][rng.below(5)];
        let end = boundary(&out, (at + rng.below(len + 1)).min(out.len()));
        match rng.below(4) {
            0 => out.insert_str(at, rng.pick(PIECES)),
            1 => out.replace_range(at..end, ""),
            2 => {
                let stretch = out[at..end].to_string();
                let to = boundary(&out, rng.below(out.len() + 1));
                out.insert_str(to, &stretch);
            }
            _ => out.replace_range(at..end, rng.pick(PIECES)),
        }
    }
    out
}

fn boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Keeps a failing input where a person can rerun it, and says where.
fn keep(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// What is wrong with the loader's handling of `text`, if anything.
fn loader_fault(text: &str) -> Option<String> {
    let ron = tree::ron_options().from_str::<TreeFile>(text);
    let day = time::Date::from_calendar_date(2026, time::Month::November, 26).unwrap();
    let loaded = match std::panic::catch_unwind(|| tree::load_text_on(text.to_string(), day)) {
        Ok(loaded) => loaded,
        Err(_) => return Some("the loader panicked".into()),
    };
    let decoded = loaded.decoded;
    if decoded != ron.is_ok() {
        return Some(format!(
            "the loader {} but ron says {ron:?}",
            if decoded { "decoded it" } else { "refused it" }
        ));
    }
    let texts = report::Texts::new("fuzz.ron", &loaded);
    for d in &loaded.diagnostics {
        for span in std::iter::once(d.span).chain(d.also) {
            let inside = span.start <= span.end
                && span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end);
            if !inside {
                return Some(format!(
                    "{} at {span:?}, outside the text",
                    d.problem.code()
                ));
            }
        }
        // The root's `(` is never where a check points: a check placed there lost its place.
        let root = text.find('(').unwrap_or(0);
        if decoded && d.span.start <= root {
            return Some(format!("{} placed at the file's start", d.problem.code()));
        }
        let mut out = String::new();
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            report::render(&mut out, &texts, d, Color::Never)
        }));
        if rendered.is_err() {
            return Some(format!("rendering {} panicked", d.problem.code()));
        }
        if let Some(c) = out.chars().find(|&c| c.is_control() && c != '\n') {
            return Some(format!("{} rendered with {c:?}", d.problem.code()));
        }
    }
    None
}

#[test]
fn the_loader_agrees_with_ron_on_mutated_trees() {
    let (seed, n) = (seed(), cases(LOADER_CASES, 1));
    let mut rng = Rng::new(seed);
    // Panics are caught and reported as faults; keep their messages out of the test's output.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut faults = Vec::new();
    for case in 0..n {
        let from = rng_pick_seed(&mut rng);
        let text = mutate(&mut rng, from);
        if let Some(fault) = loader_fault(&text) {
            let path = keep(&format!("loader-{seed}-{case}.ron"), text.as_bytes());
            faults.push(format!("case {case}: {fault} ({})", path.display()));
        }
    }
    std::panic::set_hook(hook);
    println!(
        "loader: {n} cases from seed {seed}, {} faults",
        faults.len()
    );
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

fn rng_pick_seed(rng: &mut Rng) -> &'static str {
    rng.pick(SEEDS).trim_start_matches('\u{feff}')
}

/// Every command a file can be given, with options that keep a healthy run short.
const COMMANDS: &[&[&str]] = &[
    &["check"],
    &["check", "--format", "json"],
    &["check", "--deny-warnings"],
    &["stats"],
    &["graph"],
    &["graph", "--format", "mermaid"],
    &["paths", "--limit", "50"],
    &["paths", "--format", "json", "--limit", "50"],
    // The walk, without a terminal: it reads and checks the file, then says it needs one.
    &[],
];

/// What is wrong with one command's run on a file, if anything.
fn command_fault(args: &[&str], run: &common::Run) -> Option<String> {
    if ![0, 1, 2].contains(&run.code) {
        return Some(format!("exit code {}", run.code));
    }
    if run.stderr.contains("panicked") {
        return Some(format!("a panic: {}", run.stderr));
    }
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        if let Some(c) = text.chars().find(|&c| c.is_control() && c != '\n') {
            return Some(format!("{c:?} on {stream}"));
        }
    }
    if args.contains(&"json") {
        for line in run.stdout.lines() {
            if serde_json::from_str::<serde_json::Value>(line).is_err() {
                return Some(format!("a line that is not JSON: {line}"));
            }
        }
    }
    None
}

#[test]
fn every_command_survives_mutated_files() {
    let (seed, n) = (seed(), cases(COMMAND_CASES, 10));
    let mut rng = Rng::new(seed ^ 0xC0FFEE);
    let dir = std::env::temp_dir().join(format!("tread-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut faults = Vec::new();
    for case in 0..n {
        let from = rng_pick_seed(&mut rng);
        let mut bytes = mutate(&mut rng, from).into_bytes();
        // Now and then a byte that is not UTF-8.
        if rng.below(8) == 0 && !bytes.is_empty() {
            let at = rng.below(bytes.len());
            bytes[at] = [0xff, 0xc0, 0x80, 0xed][rng.below(4)];
        }
        let path = dir.join(format!("case-{case}.ron"));
        std::fs::write(&path, &bytes).unwrap();
        let file = path.to_str().unwrap();
        for args in COMMANDS {
            let mut all = args.to_vec();
            all.push(file);
            let run = common::tread(&all);
            if let Some(fault) = command_fault(args, &run) {
                let kept = keep(&format!("command-{seed}-{case}.ron"), &bytes);
                faults.push(format!(
                    "case {case}, `tread {}`: {fault} ({})",
                    args.join(" "),
                    kept.display()
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "commands: {n} files x {} commands from seed {seed}, {} faults",
        COMMANDS.len(),
        faults.len()
    );
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}
