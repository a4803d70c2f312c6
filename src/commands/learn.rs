//! `tread learn`: a quiz of a tree's cases in the full-screen walk, its result kept in the
//! store; `--results` lists the results kept.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::cli::SeatArgs;
use crate::failure::{Failure, Outcome};
use crate::learn::{Mode, Quiz, Task};
use crate::record::store::{QuizResult, Store};
use crate::record::time_text::{local, seat_offset};
use crate::scrub::one_line;
use crate::tui::{self, Recording, Start, Theme};
use crate::walk::Walk;

/// What the command line asked.
pub struct Asked {
    pub tree: Option<PathBuf>,
    pub cases: Option<PathBuf>,
    pub exam: bool,
    pub shuffle: bool,
    pub seed: Option<u64>,
    pub name: Option<String>,
    pub results: bool,
    pub seat: SeatArgs,
}

pub fn run(asked: Asked) -> Outcome {
    let settings = super::calls::settings(&asked.seat)?;
    if asked.results {
        return results(&settings.store);
    }
    let (name, loaded) = super::test::load(asked.tree.as_deref(), asked.cases.as_deref())?;
    let (Some(file), Some(tree)) = (loaded.file, loaded.tree) else {
        let _ = writeln!(
            std::io::stderr(),
            "error: `{}` cannot be used for a quiz: `tread check` it",
            one_line(&name)
        );
        return Err(Failure::Problems);
    };
    let tasks: Vec<Task> = file
        .cases
        .iter()
        .filter_map(|c| Task::of(&tree, c))
        .collect();
    let left_out = file.cases.len() - tasks.len();
    if tasks.is_empty() {
        let _ = writeln!(
            std::io::stderr(),
            "error: no case of `{}` passes, so there is no quiz: `tread test` says why",
            one_line(&name)
        );
        return Err(Failure::Problems);
    }
    let seed = asked.seed.or_else(|| {
        asked.shuffle.then(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        })
    });
    let mode = if asked.exam {
        Mode::Exam
    } else {
        Mode::Practice
    };
    let quiz = Quiz::new(mode, tasks, seed);
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Failure::NoTerminal("standard input or output"));
    }
    let theme = if crate::report::no_color() {
        Theme::PLAIN
    } else {
        Theme::COLOR
    };
    // The tree's own fingerprint, as a call's record keeps it.
    let sha = if loaded.tree_name == super::open::BUNDLED_NAME {
        crate::record::sha256(super::open::BUNDLED.as_bytes())
    } else {
        std::fs::read(&loaded.tree_name)
            .map(|b| crate::record::sha256(&b))
            .unwrap_or_default()
    };
    let title = tree.title.to_string();
    let walk = Walk::new(&tree);
    let start = Start {
        tree,
        walk,
        theme,
        watcher: None,
        recording: Recording::Off("a quiz: not recorded"),
        notice: None,
        mouse: settings.mouse,
        quiz: Some(quiz),
    };
    let finished = tui::run(start).map_err(Failure::Terminal)?;
    let mut err = std::io::stderr();
    if left_out > 0 {
        let _ = writeln!(
            err,
            "{left_out} case{} that do not pass `tread test` were left out",
            if left_out == 1 { "" } else { "s" }
        );
    }
    if let Some(seed) = finished.rounds.first().and_then(|q| q.seed) {
        let _ = writeln!(
            err,
            "the cases were shuffled with seed {seed} (--seed {seed} repeats the order)"
        );
    }
    let name = asked.name.unwrap_or(settings.person.clone());
    let mut store = None;
    // Each round taken (the first, then each retry of the cases missed) is a result of its own.
    for quiz in finished.rounds.iter().filter(|q| !q.done.is_empty()) {
        let score = quiz.score();
        let mode = match quiz.retry {
            0 => mode.name().to_string(),
            n => format!("{} retry {n}", mode.name()),
        };
        let _ = writeln!(err, "{mode}: {}", score.sentence());
        let result = QuizResult {
            id: uuid::Uuid::now_v7(),
            taken: time::OffsetDateTime::now_utc(),
            name: name.clone(),
            seat: settings.seat.clone(),
            tree_title: title.clone(),
            tree_sha256: sha.clone(),
            mode,
            seed: quiz.seed,
            cases: score.cases,
            answers_right: score.right,
            answers: score.answers,
            outcomes_right: score.outcomes_right,
            seconds: score.seconds,
            of_cases: score.of,
            signs_missed: score.signs_missed,
        };
        let store = match &mut store {
            Some(s) => s,
            None => store.insert(Store::open(&settings.store).map_err(Failure::Store)?),
        };
        store
            .write_result(&result)
            .map_err(|e| Failure::StoreFailed(settings.store.clone(), e.to_string()))?;
    }
    Ok(())
}

/// `text` cut to `most` characters, ending in `…` when cut, so a row stays on one line.
fn cut(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        return text.to_string();
    }
    let mut out: String = text.chars().take(most - 1).collect();
    out.push('…');
    out
}

/// Every result kept, newest first, a line each.
fn results(store: &std::path::Path) -> Outcome {
    let Some(store) = Store::open_existing(store, false).map_err(Failure::Store)? else {
        return super::output::print(b"no quiz results yet\n");
    };
    let rows = store
        .results()
        .map_err(|e| Failure::StoreFailed(store.path().to_path_buf(), e.to_string()))?;
    if rows.is_empty() {
        return super::output::print(b"no quiz results yet\n");
    }
    let mut out = format!(
        "{:<16}  {:<14}  {:<13}  {:>5}  {:>7}  {:>5}  {:>8}  {:>5}  {}\n",
        "TAKEN", "NAME", "MODE", "CASES", "ANSWERS", "SIGNS", "OUTCOMES", "TIME", "TREE"
    );
    for r in rows {
        let pct = |a: usize, b: usize| format!("{}%", (a * 100).checked_div(b).unwrap_or(100));
        let taken = local(r.taken, seat_offset());
        let cases = if r.cases < r.of_cases {
            format!("{}/{}", r.cases, r.of_cases)
        } else {
            r.cases.to_string()
        };
        out.push_str(&format!(
            "{:<16}  {:<14}  {:<13}  {:>5}  {:>7}  {:>5}  {:>8}  {:>4.0}s  {}\n",
            taken.get(..16).unwrap_or(&taken),
            cut(&one_line(&r.name), 14),
            r.mode,
            cases,
            pct(r.answers_right, r.answers),
            r.signs_missed,
            r.outcomes_right
                .map_or("-".to_string(), |n| pct(n, r.cases)),
            r.seconds,
            cut(&one_line(&r.tree_title), 32)
        ));
    }
    super::output::print(out.as_bytes())
}
