//! tread walks a person through a decision tree written in a plain RON file, node by node.
//!
//! Data flows one way: file → [`tree`] (load, check) → `walk` (a pure state machine) → `tui` (the
//! terminal face). [`report`] prints diagnostics for people.

pub mod cases;
pub mod cli;
pub mod commands;
pub mod export;
pub mod failure;
pub mod learn;
pub mod library;
pub mod map;
pub mod plain;
pub mod record;
pub mod report;
pub mod scrub;
pub mod search;
pub mod tree;
pub mod tui;
pub mod walk;
pub mod watch;

use std::io::Write;
use std::process::ExitCode;

/// Runs a parsed command line and says how the process should exit. This is the one place a
/// failure is printed.
pub fn run(cli: cli::Cli) -> ExitCode {
    match command(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if let Some(message) = failure.message() {
                // Standard error may be gone (a closed terminal, a closed pipe): the exit code
                // still says what happened.
                let _ = writeln!(std::io::stderr(), "error: {}", scrub::one_line(&message));
            }
            ExitCode::from(failure.status())
        }
    }
}

fn command(cli: cli::Cli) -> failure::Outcome {
    // The seat's flags (`--store` and the like) may come before a command; what belongs to the
    // walk may not.
    let walk_only = cli.tree.is_some()
        || cli.watch
        || cli.no_record
        || cli.plain
        || cli.answers.is_some()
        || cli.resume.is_some();
    if cli.command.is_some() && walk_only {
        use clap::CommandFactory;
        cli::Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "a tree and the walk's flags (--watch, --plain, --answers, --resume, --no-record) go without a command",
            )
            .exit();
    }
    match cli.command {
        Some(cli::Command::Check {
            paths,
            format,
            deny_warnings,
        }) => commands::check::run(&paths, format, deny_warnings),
        Some(cli::Command::Graph { tree, format }) => commands::graph::run(&tree, format),
        Some(cli::Command::Paths {
            tree,
            to,
            limit,
            format,
        }) => commands::paths::run(&tree, to.as_deref(), limit, format),
        Some(cli::Command::Stats { tree }) => commands::stats::run(&tree),
        Some(cli::Command::New { path }) => commands::new::run(&path),
        Some(cli::Command::Upgrade { path }) => commands::upgrade::run(&path),
        Some(cli::Command::Export { tree, format }) => commands::export::run(&tree, format),
        Some(cli::Command::Test {
            tree,
            cases,
            format,
            min_coverage,
        }) => {
            let bars = match min_coverage.as_deref().map(commands::test::Bars::parse) {
                None => commands::test::Bars::default(),
                Some(Ok(bars)) => bars,
                Some(Err(why)) => return Err(failure::Failure::BadCoverage(why)),
            };
            commands::test::run(tree.as_deref(), cases.as_deref(), format, bars)
        }
        Some(cli::Command::Learn {
            tree,
            cases,
            exam,
            shuffle,
            seed,
            name,
            results,
            seat,
        }) => commands::learn::run(commands::learn::Asked {
            tree,
            cases,
            exam,
            shuffle,
            seed,
            name,
            results,
            seat,
        }),
        Some(cli::Command::Completions { shell }) => {
            use clap::CommandFactory;
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cli::Cli::command(), "tread", &mut script);
            commands::output::print(&script)
        }
        Some(cli::Command::Store { action, seat }) => commands::store::run(action, &seat),
        Some(cli::Command::Report {
            since,
            tree,
            tz,
            format,
            seat,
        }) => commands::report::run(commands::report::Asked {
            since,
            tree,
            tz,
            format,
            seat,
        }),
        Some(cli::Command::Calls {
            action,
            filter,
            seat,
        }) => commands::calls::run(action, filter, &seat),
        None => commands::walk::run(commands::walk::Asked {
            tree: cli.tree.as_deref(),
            watch: cli.watch,
            no_record: cli.no_record,
            resume: cli.resume.as_deref(),
            seat: &cli.seat,
            plain: cli.plain || cli.answers.is_some(),
            no_mouse: cli.no_mouse,
            answers: cli.answers.as_deref(),
        }),
    }
}
