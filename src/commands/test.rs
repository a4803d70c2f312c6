//! `tread test`: every case of a tree run against it, cargo-test style, then what the cases
//! cover of the tree and what none of them reaches.

use std::io::{IsTerminal, Write};
use std::path::Path;

use serde::Serialize;

use crate::cases::coverage::{self, Coverage};
use crate::cases::{self, Case, End, Walked};
use crate::cli::TestFormat;
use crate::failure::{Failure, Outcome};
use crate::report::{self, Color};
use crate::scrub::{name, one_line};
use crate::tree::{NodeId, Tree};

/// The cases of the bundled tree, compiled in.
pub const BUNDLED_CASES: &str = include_str!("../../trees/back-pain-botox.cases.ron");

/// The least coverage asked for, by kind, in percent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bars {
    pub outcomes: Option<u32>,
    pub answers: Option<u32>,
    pub red_flags: Option<u32>,
    pub paths: Option<u32>,
}

impl Bars {
    /// `outcomes=100,answers=90`: each kind once, a percent from 0 to 100.
    pub fn parse(text: &str) -> Result<Bars, String> {
        let mut bars = Bars::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (kind, value) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}`: write it as kind=percent, as outcomes=100"))?;
            let value: u32 = value
                .trim()
                .parse()
                .ok()
                .filter(|v| *v <= 100)
                .ok_or_else(|| format!("`{part}`: the percent is a whole number from 0 to 100"))?;
            let slot = match kind.trim() {
                "outcomes" => &mut bars.outcomes,
                "answers" => &mut bars.answers,
                "red_flags" | "red-flags" => &mut bars.red_flags,
                "paths" => &mut bars.paths,
                other => {
                    return Err(format!(
                        "`{other}` is not a kind of coverage: outcomes, answers, red_flags or paths"
                    ));
                }
            };
            *slot = Some(value);
        }
        Ok(bars)
    }
}

/// The cases of the tree at `tree` (the file beside it, or `cases`), or of the bundled tree,
/// with the name of the file they were read from.
pub fn load(
    tree: Option<&Path>,
    cases_path: Option<&Path>,
) -> Result<(String, cases::Loaded), Failure> {
    let (cases_name, loaded) = match (tree, cases_path) {
        // A file of cases named where the tree goes is taken as the cases (and its tree).
        (Some(path), None) if cases::is_cases_file(path) => {
            (path.display().to_string(), cases::load_file(path, None))
        }
        (tree, Some(path)) => (path.display().to_string(), cases::load_file(path, tree)),
        (Some(tree), None) => {
            let path = cases::beside(tree);
            // A tree that cannot be read is said first; then, a tree without cases.
            if !path.exists() {
                crate::tree::file::read(tree).map_err(Failure::File)?;
                return Err(Failure::NoCases(tree.to_path_buf(), path));
            }
            (path.display().to_string(), cases::load_file(&path, None))
        }
        (None, None) => (
            "trees/back-pain-botox.cases.ron".to_string(),
            Ok(cases::load_text(BUNDLED_CASES.to_string(), |_| {
                (
                    super::open::BUNDLED_NAME.to_string(),
                    Ok(crate::tree::load_text(super::open::BUNDLED.to_string())),
                )
            })),
        ),
    };
    Ok((cases_name, loaded.map_err(Failure::File)?))
}

/// One case's result.
struct Judged<'a> {
    case: &'a Case,
    walked: Option<Walked>,
    failure: Option<String>,
}

/// Runs the cases of the tree at `tree` (`x.ron`: `x.cases.ron` beside it, or `cases`), or of
/// the bundled tree.
pub fn run(
    tree: Option<&Path>,
    cases_path: Option<&Path>,
    format: TestFormat,
    bars: Bars,
) -> Outcome {
    let (cases_name, loaded) = match load(tree, cases_path) {
        Ok(loaded) => loaded,
        // Tools reading JSON hear of a file that cannot be read as `check` tells them.
        Err(Failure::File(e)) if format == TestFormat::Json => {
            print(&format!("{}\n", super::check::json_unreadable(&e)))?;
            return Err(Failure::File(e));
        }
        Err(other) => return Err(other),
    };
    let color = Color::for_stream(std::io::stdout().is_terminal());
    let mut out = String::new();
    let texts = report::Texts::one(&cases_name, &loaded.text);
    match format {
        TestFormat::Human => {
            for d in loaded.diagnostics.iter().take(super::check::SHOWN) {
                report::render(&mut out, &texts, d, color);
                out.push('\n');
            }
            if loaded.diagnostics.len() > super::check::SHOWN {
                out.push_str(&format!(
                    "… and {} more not shown here: `tread test --format json` lists every one\n\n",
                    loaded.diagnostics.len() - super::check::SHOWN
                ));
            }
        }
        // The problems in the file first, as `tread check --format json` gives them.
        TestFormat::Json => out.push_str(&super::check::json_of(&texts, &loaded.diagnostics)),
    }
    let (errors, _) = loaded.counts();
    let (Some(file), Some(tree)) = (&loaded.file, &loaded.tree) else {
        // Without cases or a tree to run them on, the diagnostics say why.
        print(&out)?;
        return Err(Failure::Problems);
    };
    let results: Vec<Judged> = file.cases.iter().map(|case| judge(tree, case)).collect();
    let failed = results.iter().filter(|r| r.failure.is_some()).count();
    let passed: Vec<&crate::walk::Walk> = results
        .iter()
        .filter(|r| r.failure.is_none())
        .filter_map(|r| r.walked.as_ref().map(|w| &w.walk))
        .collect();
    let cover = coverage::measure(tree, passed);
    let below = below(&cover, bars);
    match format {
        TestFormat::Human => human(
            &mut out,
            (&cases_name, &loaded.tree_name),
            tree,
            &results,
            errors,
            &cover,
            &below,
        ),
        TestFormat::Json => json(&mut out, tree, &results, &cover, &below),
    }
    print(&out)?;
    if failed > 0 || errors > 0 || !below.is_empty() {
        Err(Failure::Problems)
    } else {
        Ok(())
    }
}

/// A case run: passed, or why not.
fn judge<'a>(tree: &Tree, case: &'a Case) -> Judged<'a> {
    let walked = cases::run::walk(tree, case);
    let failure = match &walked.end {
        End::Reached(at) if tree.id(*at) == &*case.outcome => None,
        End::Reached(at) => Some(left_the_way(tree, case, &walked, *at)),
        End::Stopped(at) => Some(format!(
            "its answers end at `{}`, before an outcome",
            tree.id(*at)
        )),
        End::LeftOver { outcome, from } => Some(format!(
            "it reaches `{}` with {} answer{} left, from \"{}\"",
            tree.id(*outcome),
            case.answers.len() - from,
            if case.answers.len() - from == 1 {
                ""
            } else {
                "s"
            },
            one_line(&case.answers[*from])
        )),
        End::Unknown {
            at,
            answer,
            suggestion,
        } => Some(format!(
            "at `{}`, answer {} \"{}\" is not offered{}",
            tree.id(*at),
            answer + 1,
            one_line(&case.answers[*answer]),
            suggestion
                .as_ref()
                .map(|g| format!(" ({})", one_line(&g.hint("\""))))
                .unwrap_or_default()
        )),
    };
    Judged {
        case,
        walked: Some(walked),
        failure,
    }
}

/// Where a case reaching `met` left the way to the outcome it expects: the last step from
/// which that outcome could still be reached, and the answer that led away.
fn left_the_way(tree: &Tree, case: &Case, walked: &Walked, met: NodeId) -> String {
    let expected = &*case.outcome;
    let Some(target) = tree.find(expected) else {
        return format!(
            "expected `{expected}`, which the tree does not have; it met `{}`",
            tree.id(met)
        );
    };
    let reaches = {
        let mut seen = vec![false; tree.nodes.len()];
        let mut stack = vec![target];
        while let Some(n) = stack.pop() {
            if !std::mem::replace(&mut seen[n.index()], true) {
                stack.extend(tree.preds(n).iter().copied());
            }
        }
        seen
    };
    let steps = walked.walk.steps();
    let left = steps.iter().rposition(|s| reaches[s.node.index()]);
    match left {
        Some(i) if i + 1 < steps.len() => format!(
            "expected `{expected}`, met `{}`: the way to it was left at `{}`, answered \"{}\"",
            tree.id(met),
            tree.id(steps[i].node),
            one_line(&walked.walk.how_left(tree, i))
        ),
        _ => format!(
            "expected `{expected}`, met `{}`: no step on the way could lead there",
            tree.id(met)
        ),
    }
}

/// The kinds of coverage below the bar asked, as said to the person.
fn below(cover: &Coverage, bars: Bars) -> Vec<String> {
    let kinds = [
        (
            "outcomes",
            bars.outcomes,
            cover.outcomes.0 as u128,
            cover.outcomes.1 as u128,
        ),
        (
            "answers",
            bars.answers,
            cover.answers.0 as u128,
            cover.answers.1 as u128,
        ),
        (
            "red_flags",
            bars.red_flags,
            cover.red_flags.0 as u128,
            cover.red_flags.1 as u128,
        ),
        ("paths", bars.paths, cover.paths.0, cover.paths.1),
    ];
    kinds
        .iter()
        .filter_map(|&(kind, bar, part, whole)| {
            let bar = bar?;
            let got = Coverage::percent(part, whole);
            (got < bar).then(|| format!("{kind} coverage is {got}%, below the {bar}% asked"))
        })
        .collect()
}

fn human(
    out: &mut String,
    (cases_name, tree_name): (&str, &str),
    tree: &Tree,
    results: &[Judged],
    errors: usize,
    cover: &Coverage,
    below: &[String],
) {
    use std::fmt::Write as _;
    let _ = writeln!(
        out,
        "running {} case{} from {} on {}",
        results.len(),
        if results.len() == 1 { "" } else { "s" },
        name(cases_name),
        name(tree_name)
    );
    for r in results {
        let said = if r.failure.is_some() { "FAILED" } else { "ok" };
        let _ = writeln!(out, "case {} ... {said}", one_line(&r.case.id));
    }
    let failed: Vec<&Judged> = results.iter().filter(|r| r.failure.is_some()).collect();
    if !failed.is_empty() {
        out.push_str("\nfailures:\n");
        for r in failed.iter().take(super::check::SHOWN) {
            let _ = writeln!(
                out,
                "\n---- {}: {} ----\n{}",
                one_line(&r.case.id),
                one_line(&r.case.title),
                r.failure.as_deref().unwrap_or("")
            );
        }
    }
    if failed.len() > super::check::SHOWN {
        let _ = writeln!(
            out,
            "\n… and {} more failures not shown here: `tread test --format json` lists every one",
            failed.len() - super::check::SHOWN
        );
    }
    // Errors in the file of cases fail the run as a failing case does, and say so.
    let errors = match errors {
        0 => String::new(),
        1 => "; the file of cases has 1 error, shown above".into(),
        n => format!("; the file of cases has {n} errors, shown above"),
    };
    let _ = writeln!(
        out,
        "\ncase result: {}. {} passed; {} failed{errors}",
        if failed.is_empty() && errors.is_empty() {
            "ok"
        } else {
            "FAILED"
        },
        results.len() - failed.len(),
        failed.len()
    );
    let pct = |(a, b): (usize, usize)| Coverage::percent(a as u128, b as u128);
    let _ = writeln!(
        out,
        "\ncoverage of {} by the cases that pass:",
        name(tree_name)
    );
    let _ = writeln!(
        out,
        "  outcomes    {} of {} reached ({}%)",
        cover.outcomes.0,
        cover.outcomes.1,
        pct(cover.outcomes)
    );
    let _ = writeln!(
        out,
        "  answers     {} of {} taken ({}%)",
        cover.answers.0,
        cover.answers.1,
        pct(cover.answers)
    );
    let _ = writeln!(
        out,
        "  red flags   {} of {} answered yes ({}%)",
        cover.red_flags.0,
        cover.red_flags.1,
        pct(cover.red_flags)
    );
    let _ = writeln!(
        out,
        "  paths       {} of {} walked ({}%)",
        cover.paths.0,
        cover.paths.1,
        Coverage::percent(cover.paths.0, cover.paths.1)
    );
    let mut missed = Vec::new();
    for &o in &cover.missed_outcomes {
        missed.push(format!("outcome `{}`", tree.id(o)));
    }
    for &(q, a) in &cover.missed_answers {
        let label = tree.node(q).answer(a).unwrap_or("");
        missed.push(format!(
            "answer \"{}\" of `{}`",
            one_line(label),
            tree.id(q)
        ));
    }
    for &f in &cover.missed_flags {
        missed.push(format!("a yes to warning sign `{}`", tree.id(f)));
    }
    if !missed.is_empty() {
        out.push_str("no case reaches:\n");
        for m in missed {
            let _ = writeln!(out, "  - {m}");
        }
    }
    for b in below {
        let _ = writeln!(out, "error: {b}");
    }
}

/// One JSON object a case, then one with the coverage.
fn json(out: &mut String, tree: &Tree, results: &[Judged], cover: &Coverage, below: &[String]) {
    #[derive(Serialize)]
    struct CaseLine<'a> {
        case: &'a str,
        title: &'a str,
        passed: bool,
        expected: &'a str,
        reached: Option<&'a str>,
        failure: Option<&'a str>,
    }
    #[derive(Serialize)]
    struct Share {
        covered: u128,
        of: u128,
        percent: u32,
    }
    #[derive(Serialize)]
    struct CoverageLine<'a> {
        coverage: [(&'a str, Share); 4],
        missed_outcomes: Vec<&'a str>,
        missed_answers: Vec<(&'a str, &'a str)>,
        missed_red_flags: Vec<&'a str>,
        below: &'a [String],
    }
    for r in results {
        let reached = r
            .walked
            .as_ref()
            .filter(|w| w.walk.is_finished(tree))
            .map(|w| tree.id(w.walk.current()));
        let line = CaseLine {
            case: &r.case.id,
            title: &r.case.title,
            passed: r.failure.is_none(),
            expected: &r.case.outcome,
            reached,
            failure: r.failure.as_deref(),
        };
        out.push_str(&crate::scrub::json(
            serde_json::to_string(&line).unwrap_or_default(),
        ));
        out.push('\n');
    }
    let share = |(a, b): (u128, u128)| Share {
        covered: a,
        of: b,
        percent: Coverage::percent(a, b),
    };
    let wide = |(a, b): (usize, usize)| (a as u128, b as u128);
    let line = CoverageLine {
        coverage: [
            ("outcomes", share(wide(cover.outcomes))),
            ("answers", share(wide(cover.answers))),
            ("red_flags", share(wide(cover.red_flags))),
            ("paths", share(cover.paths)),
        ],
        missed_outcomes: cover.missed_outcomes.iter().map(|&o| tree.id(o)).collect(),
        missed_answers: cover
            .missed_answers
            .iter()
            .map(|&(q, a)| (tree.id(q), tree.node(q).answer(a).unwrap_or("")))
            .collect(),
        missed_red_flags: cover.missed_flags.iter().map(|&f| tree.id(f)).collect(),
        below,
    };
    out.push_str(&crate::scrub::json(
        serde_json::to_string(&line).unwrap_or_default(),
    ));
    out.push('\n');
}

fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    super::output::finished(stdout.write_all(text.as_bytes()))?;
    Ok(())
}
