//! `tread report`: what the calls show, from the seat's store or the shared one. Charts in a
//! terminal (`tui::charts`); tables, JSON or CSV otherwise.

use std::io::IsTerminal;

use crate::cli::{ReportFormat, SeatArgs};
use crate::failure::{Failure, Outcome};
use crate::record::csv::cell_text;
use crate::record::outbox::calls_words;
use crate::record::report::{self, Count, Report, Scope, level_words};
use crate::record::server::{Server, Target};
use crate::record::store::Store;
use crate::record::time_text::duration;
use crate::scrub::one_line;

/// How the report is asked for.
pub struct Asked {
    pub since: Option<String>,
    pub tree: Option<String>,
    pub tz: Option<String>,
    pub format: Option<ReportFormat>,
    pub seat: SeatArgs,
}

/// Runs `tread report`.
pub fn run(asked: Asked) -> Outcome {
    let settings = super::calls::settings(&asked.seat)?;
    let since = asked
        .since
        .as_deref()
        .map(|s| super::calls::when(s, "--since"))
        .transpose()?;
    let tz_minutes = match asked.tz.as_deref() {
        Some(text) => Some(report::parse_tz(text).ok_or_else(|| Failure::BadTz(one_line(text)))?),
        None => None,
    };
    let scope = Scope {
        since,
        tree: asked.tree.clone(),
        // `--seat` names the seat to report on; the seat's own setting does not narrow it.
        seat: asked.seat.seat.clone(),
        tz_minutes,
    };
    let (figures, from) = match &settings.server {
        Some(url) => {
            let target =
                Target::parse(url, &|name| std::env::var(name).ok()).map_err(Failure::Server)?;
            let mut server = Server::open_within(&target).map_err(Failure::Server)?;
            let figures = report::make(&mut server, &scope)
                .map_err(|why| Failure::ReportFailed(target.to_string(), why))?;
            (figures, target.to_string())
        }
        None => {
            let path = &settings.store;
            let from = path.display().to_string();
            // Opened to write: a store from before schema 4 gets its digests first.
            match Store::open_existing(path, true).map_err(Failure::Store)? {
                Some(mut store) => (
                    report::make(&mut store, &scope)
                        .map_err(|why| Failure::ReportFailed(from.clone(), why))?,
                    from,
                ),
                None => (Report::default(), from),
            }
        }
    };
    let format = asked.format.unwrap_or_else(|| {
        if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
            ReportFormat::Chart
        } else {
            ReportFormat::Text
        }
    });
    let mut figures = figures;
    trusted_titles(&mut figures);
    let heading = heading(&figures, &scope, &from);
    match format {
        ReportFormat::Chart => crate::tui::charts::show(&figures, &heading),
        ReportFormat::Text => super::output::print(text(&figures, &heading).as_bytes()),
        ReportFormat::Json => {
            let json = serde_json::to_string_pretty(&figures).unwrap_or_default();
            super::output::print(format!("{}\n", crate::scrub::json(json)).as_bytes())
        }
        ReportFormat::Csv => super::output::print(csv(&figures).as_bytes()),
    }
}

/// Titles from the tree itself where it can be: when every call in the report was taken on
/// the tree tread carries, its titles name the outcomes, signs, steps and version, rather than
/// the words the calls recorded (which a seat writes, and could write wrong).
fn trusted_titles(r: &mut Report) {
    let Ok(opened) = super::open::open_stamped(None, "reported on") else {
        return;
    };
    if r.versions.is_empty() || r.versions.iter().any(|v| v.sha256 != opened.sha256) {
        return;
    }
    let tree = &opened.tree;
    for v in &mut r.versions {
        v.title = tree.title.to_string();
        v.version = tree.version.as_deref().map(str::to_string);
    }
    for count in r
        .outcomes
        .iter_mut()
        .chain(r.signs.iter_mut())
        .chain(r.back_from.iter_mut())
    {
        if let Some(node) = tree.find(&count.key) {
            count.label = tree.node(node).title().to_string();
        }
    }
}

/// What the report covers, in a line.
fn heading(r: &Report, scope: &Scope, from: &str) -> String {
    let mut parts = vec![format!("{} ended", calls_words(r.calls))];
    if r.unfinished > 0 {
        parts.push(format!("{} not ended", r.unfinished));
    }
    if let (Some(first), Some(last)) = (r.days.first(), r.days.last()) {
        parts.push(format!("{} to {}", first.day, last.day));
    }
    if let Some(tree) = &scope.tree {
        parts.push(format!("tree {tree}"));
    }
    if let Some(seat) = &scope.seat {
        parts.push(format!("seat {seat}"));
    }
    parts.push(format!("from {from}"));
    one_line(&parts.join(" · "))
}

fn seconds(s: Option<i64>) -> String {
    s.map_or_else(|| "-".into(), duration)
}

/// The report as tables for people.
pub fn text(r: &Report, heading: &str) -> String {
    let mut out = format!("{heading}\n");
    if r.calls == 0 {
        out.push_str("\nno ended calls match\n");
        return out;
    }
    let table = |out: &mut String, title: &str, rows: &[Count], unit: &str| {
        out.push_str(&format!("\n{title}\n"));
        if rows.is_empty() {
            out.push_str("  none\n");
        }
        for c in rows {
            let unit = if c.calls == 1 {
                unit.to_string()
            } else {
                format!("{unit}s")
            };
            out.push_str(&format!(
                "  {:>7} {unit:<5}  {}\n",
                c.calls,
                one_line(&c.label)
            ));
        }
    };
    table(&mut out, "By urgency", &r.urgencies, "call");
    out.push_str("\nBy day\n");
    for d in &r.days {
        let split: Vec<String> = d
            .urgencies
            .iter()
            .map(|(u, n)| {
                format!(
                    "{} {n}",
                    one_line(&crate::record::summary::urgency_words(u))
                )
            })
            .collect();
        out.push_str(&format!(
            "  {}  {:>13}  ({})\n",
            one_line(&d.day),
            calls_words(d.calls),
            split.join(", ")
        ));
    }
    table(&mut out, "By outcome", &r.outcomes, "call");
    table(&mut out, "Warning signs that came up", &r.signs, "call");
    table(&mut out, "Commonest paths to an outcome", &r.paths, "call");
    out.push_str(&format!(
        "\nWent back at least once: {}; restarted before an outcome: {}\n",
        calls_words(r.went_back),
        calls_words(r.restarted)
    ));
    table(&mut out, "Went back from", &r.back_from, "time");
    out.push_str(&format!(
        "\nTime to an outcome ({}): median {}, 90th percentile {}\n",
        calls_words(r.time_to_outcome.calls),
        seconds(r.time_to_outcome.median_seconds),
        seconds(r.time_to_outcome.p90_seconds)
    ));
    out.push_str("\nBy tree version (oldest first)\n");
    for v in &r.versions {
        let split: Vec<String> = in_order(r, &v.urgencies)
            .map(|(u, n)| {
                format!(
                    "{} {:.0}%",
                    one_line(&level_words(u)),
                    n as f64 * 100.0 / v.calls.max(1) as f64
                )
            })
            .collect();
        out.push_str(&format!(
            "  {} {} ({}, from {}): {}; {}; went back {}, restarted {}; median {}, 90th percentile {}\n",
            one_line(&v.title),
            one_line(v.version.as_deref().unwrap_or("(no version)")),
            one_line(&v.sha256.chars().take(12).collect::<String>()),
            one_line(&v.first_day),
            calls_words(v.calls),
            split.join(", "),
            v.went_back,
            v.restarted,
            seconds(v.time_to_outcome.median_seconds),
            seconds(v.time_to_outcome.p90_seconds)
        ));
    }
    out
}

/// A day's or a version's calls by level, most urgent first (the report's order of levels).
fn in_order<'r>(
    r: &'r Report,
    counts: &'r std::collections::BTreeMap<String, u64>,
) -> impl Iterator<Item = (&'r str, u64)> {
    r.urgencies
        .iter()
        .filter_map(|level| counts.get(&level.key).map(|n| (level.key.as_str(), *n)))
}

/// The report as CSV: one row a figure (section, key, label, value).
pub fn csv(r: &Report) -> String {
    let mut out = String::from("section,key,label,value\r\n");
    let mut row = |section: &str, key: &str, label: &str, value: String| {
        out.push_str(&format!(
            "{},{},{},{}\r\n",
            cell_text(section),
            cell_text(&one_line(key)),
            cell_text(&one_line(label)),
            cell_text(&value)
        ));
    };
    row("total", "calls", "calls ended", r.calls.to_string());
    row(
        "total",
        "unfinished",
        "calls not ended",
        r.unfinished.to_string(),
    );
    for d in &r.days {
        row("day", &d.day, "all", d.calls.to_string());
        for (u, n) in &d.urgencies {
            row("day", &d.day, u, n.to_string());
        }
    }
    for (section, rows) in [
        ("urgency", &r.urgencies),
        ("outcome", &r.outcomes),
        ("sign", &r.signs),
        ("path", &r.paths),
        ("back_from", &r.back_from),
    ] {
        for c in rows {
            row(section, &c.key, &c.label, c.calls.to_string());
        }
    }
    row(
        "total",
        "went_back",
        "calls that went back",
        r.went_back.to_string(),
    );
    row(
        "total",
        "restarted",
        "calls restarted",
        r.restarted.to_string(),
    );
    let t = &r.time_to_outcome;
    row("time", "median", "seconds", opt(t.median_seconds));
    row("time", "p90", "seconds", opt(t.p90_seconds));
    for v in &r.versions {
        let key = &v.sha256;
        let label = format!("{} {}", v.title, v.version.as_deref().unwrap_or(""));
        row("version_calls", key, &label, v.calls.to_string());
        for (u, n) in &v.urgencies {
            row("version_urgency", key, u, n.to_string());
        }
        row(
            "version_median",
            key,
            "seconds",
            opt(v.time_to_outcome.median_seconds),
        );
        row(
            "version_p90",
            key,
            "seconds",
            opt(v.time_to_outcome.p90_seconds),
        );
    }
    out
}

fn opt(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}
