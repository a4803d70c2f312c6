//! `tread report`'s figures, the same from either store: a handful of grouped reads over the
//! calls' digests (one row a call) and over the two kinds of event kept in partial indexes
//! (warning signs that came up, steps gone back from). Each read's answer is small; the
//! figures are put together here.

use std::collections::BTreeMap;

use serde::Serialize;
use time::OffsetDateTime;

use super::time_text::utc;

/// One value read from a store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Null,
    Int(i64),
    Text(String),
}

impl Cell {
    fn int(&self) -> i64 {
        match self {
            Cell::Int(n) => *n,
            _ => 0,
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) => Some(t),
            _ => None,
        }
    }

    fn string(&self) -> String {
        self.text().unwrap_or_default().to_string()
    }
}

/// A store a report can read: rows for a query whose arguments are `$1`, `$2`… (text).
pub trait Source {
    fn rows(&mut self, sql: &str, args: &[String]) -> Result<Vec<Vec<Cell>>, String>;
    /// Whether the store is PostgreSQL (the only words that differ are a date's).
    fn is_postgres(&self) -> bool;
}

/// Which calls a report covers.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Started at or after.
    pub since: Option<OffsetDateTime>,
    /// The tree: its title, its path, or the start of its SHA-256.
    pub tree: Option<String>,
    /// The seat.
    pub seat: Option<String>,
    /// Days at this offset from UTC (minutes), instead of each seat's own.
    pub tz_minutes: Option<i32>,
}

/// How many calls, of something.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Count {
    pub key: String,
    pub label: String,
    pub calls: u64,
}

/// One day's calls, by urgency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Day {
    pub day: String,
    pub calls: u64,
    /// Urgency (as recorded; `none` for calls without an outcome) to calls.
    pub urgencies: BTreeMap<String, u64>,
}

/// Seconds from a call's start to its outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Times {
    /// Calls that reached an outcome.
    pub calls: u64,
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
}

/// A version of a tree, and what its calls did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Version {
    pub title: String,
    pub version: Option<String>,
    pub sha256: String,
    /// When its first call in the report started (its day).
    pub first_day: String,
    pub calls: u64,
    pub urgencies: BTreeMap<String, u64>,
    pub went_back: u64,
    pub restarted: u64,
    pub time_to_outcome: Times,
}

/// Everything `tread report` shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Calls that ended, in the report.
    pub calls: u64,
    /// Calls started in the scope that have not ended (open now, or stopped by a power cut).
    pub unfinished: u64,
    pub days: Vec<Day>,
    /// By urgency, most urgent first.
    pub urgencies: Vec<Count>,
    /// By outcome, commonest first.
    pub outcomes: Vec<Count>,
    /// Warning signs that came up: in how many calls each, commonest first.
    pub signs: Vec<Count>,
    /// The commonest paths to an outcome (node ids joined by ` > `), at most ten.
    pub paths: Vec<Count>,
    /// Calls that went back at least once.
    pub went_back: u64,
    /// Where staff went back from (times, not calls), commonest first, at most ten.
    pub back_from: Vec<Count>,
    /// Calls ended for the next caller before any outcome.
    pub restarted: u64,
    pub time_to_outcome: Times,
    /// The same by tree version, oldest first.
    pub versions: Vec<Version>,
}

/// The `WHERE` terms of a scope over the table aliased `a` (`d` for digests, `c` for calls,
/// both of which have `started`, `seat` and `tree_sha256`), and their arguments.
fn scope_terms(scope: &Scope, a: char) -> (Vec<String>, Vec<String>) {
    let mut terms = Vec::new();
    let mut args = Vec::new();
    if let Some(since) = scope.since {
        args.push(utc(since));
        terms.push(format!("{a}.started >= ${}", args.len()));
    }
    if let Some(tree) = &scope.tree {
        // The file's path as it is, words of the title in any case, or the start of the hash.
        args.push(tree.clone());
        let n = args.len();
        let words = super::store::like(tree);
        args.push(words.clone());
        args.push(format!("{}%", &words[1..words.len() - 1]));
        terms.push(format!(
            "{a}.tree_sha256 IN (SELECT t.tree_sha256 FROM calls t
              WHERE t.tree_path = ${n} OR lower(t.tree_title) LIKE lower(${}) ESCAPE '\\'
                 OR t.tree_sha256 LIKE ${} ESCAPE '\\')",
            n + 1,
            n + 2
        ));
    }
    if let Some(seat) = &scope.seat {
        args.push(seat.clone());
        terms.push(format!("{a}.seat = ${}", args.len()));
    }
    (terms, args)
}

fn clause(terms: &[String], more: &[&str]) -> String {
    let all: Vec<&str> = terms
        .iter()
        .map(String::as_str)
        .chain(more.iter().copied())
        .collect();
    if all.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", all.join(" AND "))
    }
}

/// The first value of the first row a read gives, as text.
fn first_text(
    source: &mut dyn Source,
    sql: &str,
    args: &[String],
) -> Result<Option<String>, String> {
    Ok(source
        .rows(sql, args)?
        .first()
        .and_then(|r| r.first())
        .and_then(|c| c.text().map(str::to_string)))
}

/// The report over `source`, for `scope`.
pub fn make(source: &mut dyn Source, scope: &Scope) -> Result<Report, String> {
    let (terms, args) = scope_terms(scope, 'd');
    let day = match (scope.tz_minutes, source.is_postgres()) {
        (None, _) => "d.day".to_string(),
        (Some(m), false) => format!("date(substr(d.started, 1, 19), '{m:+} minutes')"),
        (Some(m), true) => format!(
            "to_char((d.started::timestamptz AT TIME ZONE 'UTC') + interval '{m} minutes', 'YYYY-MM-DD')"
        ),
    };
    let mut report = Report::default();
    let all = clause(&terms, &[]);

    // The digests grouped by everything the tables split by, in the order of the index
    // `digests_report`, so SQLite reads it in order and counts as it goes.
    let rows = source.rows(
        &format!(
            "SELECT {day}, d.tree_sha256, d.outcome_node, d.ending, d.backs, min(d.urgency),
                    min(d.outcome_rank), count(*), min(d.day)
             FROM digests d {all}
             GROUP BY {day}, d.tree_sha256, d.outcome_node, d.ending, d.backs"
        ),
        &args,
    )?;
    let mut days: BTreeMap<String, Day> = BTreeMap::new();
    let mut urgencies: BTreeMap<(i64, String), u64> = BTreeMap::new();
    // An outcome's id to its calls, and a version of the tree it was reached on.
    let mut outcomes: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let mut versions: BTreeMap<String, Version> = BTreeMap::new();
    for r in &rows {
        let n = r[7].int() as u64;
        let urgency = r[5].text().unwrap_or("none").to_string();
        report.calls += n;
        let day = days.entry(r[0].string()).or_insert_with(|| Day {
            day: r[0].string(),
            calls: 0,
            urgencies: BTreeMap::new(),
        });
        day.calls += n;
        *day.urgencies.entry(urgency.clone()).or_default() += n;
        let rank = match &r[6] {
            Cell::Int(k) => *k,
            _ => i64::MAX,
        };
        *urgencies.entry((rank, urgency.clone())).or_default() += n;
        if let Some(node) = r[2].text() {
            outcomes
                .entry(node.to_string())
                .or_insert_with(|| (0, r[1].string()))
                .0 += n;
        }
        let restarted = r[2] == Cell::Null && r[3].text() == Some("next caller");
        let went_back = r[4].int() > 0;
        if restarted {
            report.restarted += n;
        }
        if went_back {
            report.went_back += n;
        }
        let version = versions.entry(r[1].string()).or_insert_with(|| Version {
            title: String::new(),
            version: None,
            sha256: r[1].string(),
            first_day: r[8].string(),
            calls: 0,
            urgencies: BTreeMap::new(),
            went_back: 0,
            restarted: 0,
            time_to_outcome: Times::default(),
        });
        version.calls += n;
        *version.urgencies.entry(urgency).or_default() += n;
        version.went_back += u64::from(went_back) * n;
        version.restarted += u64::from(restarted) * n;
        if r[8].string() < version.first_day {
            version.first_day = r[8].string();
        }
    }
    report.days = days.into_values().collect();
    report.urgencies = urgencies
        .into_iter()
        .map(|((_, urgency), calls)| Count {
            key: urgency.clone(),
            label: level_words(&urgency),
            calls,
        })
        .collect();
    // Titles from the calls, once for each outcome and each version.
    let mut named = Vec::new();
    for (node, (calls, sha)) in outcomes {
        let title = first_text(
            source,
            "SELECT c.outcome_title FROM calls c
             WHERE c.tree_sha256 = $1 AND c.outcome_node = $2 LIMIT 1",
            &[sha, node.clone()],
        )?;
        named.push(Count {
            label: title.unwrap_or_else(|| node.clone()),
            key: node,
            calls,
        });
    }
    report.outcomes = ranked(named.into_iter(), usize::MAX);
    for (sha, v) in versions.iter_mut() {
        let rows = source.rows(
            "SELECT c.tree_title, c.tree_version FROM calls c WHERE c.tree_sha256 = $1 LIMIT 1",
            std::slice::from_ref(sha),
        )?;
        if let Some(r) = rows.first() {
            v.title = r[0].string();
            v.version = r[1].text().map(str::to_string);
        }
    }

    // Seconds to the outcome, counted by the second: percentiles from the counts.
    let timed = clause(&terms, &["d.seconds IS NOT NULL"]);
    let rows = source.rows(
        &format!(
            "SELECT d.tree_sha256, d.seconds, count(*) FROM digests d {timed}
             GROUP BY d.tree_sha256, d.seconds"
        ),
        &args,
    )?;
    let mut every: BTreeMap<i64, u64> = BTreeMap::new();
    let mut by_version: BTreeMap<String, BTreeMap<i64, u64>> = BTreeMap::new();
    for r in &rows {
        let (seconds, n) = (r[1].int(), r[2].int() as u64);
        *every.entry(seconds).or_default() += n;
        *by_version
            .entry(r[0].string())
            .or_default()
            .entry(seconds)
            .or_default() += n;
    }
    report.time_to_outcome = times(&every);
    for (sha, counts) in &by_version {
        if let Some(v) = versions.get_mut(sha) {
            v.time_to_outcome = times(counts);
        }
    }
    let mut versions: Vec<Version> = versions.into_values().collect();
    versions.sort_by(|a, b| (&a.first_day, &a.sha256).cmp(&(&b.first_day, &b.sha256)));
    report.versions = versions;

    // The commonest paths to an outcome: grouped by a number standing for each, then each
    // named.
    let reached = clause(&terms, &["d.outcome_node IS NOT NULL"]);
    let rows = source.rows(
        &format!(
            "SELECT d.path_id, count(*) FROM digests d {reached}
             GROUP BY d.path_id ORDER BY 2 DESC, 1 LIMIT 10"
        ),
        &args,
    )?;
    for r in &rows {
        // The text whose hash is the number: a row made up for the number is passed over.
        let id = r[0].int();
        let texts = source.rows(
            "SELECT p.path FROM paths p WHERE p.path_id = CAST(CAST($1 AS TEXT) AS BIGINT)
             LIMIT 16",
            &[id.to_string()],
        )?;
        let path = texts
            .iter()
            .filter_map(|t| t[0].text())
            .find(|text| super::digest::path_id(text) == id);
        report.paths.push(Count {
            key: id.to_string(),
            label: path.unwrap_or("(not known)").to_string(),
            calls: r[1].int() as u64,
        });
    }

    // Warning signs that came up, and steps gone back from: lists kept in the digests (most
    // calls have none), then each sign's or step's title from its first event.
    report.signs = listed(
        source,
        &terms,
        &args,
        "signs",
        "SELECT e.title FROM events e
         WHERE e.kind = 'step' AND e.red_flag = 1 AND e.positive = 1 AND e.node = $1 LIMIT 1",
        usize::MAX,
    )?;
    report.back_from = listed(
        source,
        &terms,
        &args,
        "back_from",
        "SELECT e.title FROM events e WHERE e.kind = 'back' AND e.node = $1 LIMIT 1",
        10,
    )?;

    let (open_terms, _) = scope_terms(scope, 'c');
    let open = clause(&open_terms, &["c.ended IS NULL"]);
    let rows = source.rows(&format!("SELECT count(*) FROM calls c {open}"), &args)?;
    report.unfinished = rows.first().map_or(0, |r| r[0].int() as u64);
    Ok(report)
}

/// The node ids listed in the digest column `column` (signs, steps gone back from), each with
/// the number of times it is listed, its title read with `title`: commonest first.
fn listed(
    source: &mut dyn Source,
    terms: &[String],
    args: &[String],
    column: &str,
    title: &str,
    keep: usize,
) -> Result<Vec<Count>, String> {
    let not_null = format!("d.{column} IS NOT NULL");
    let which = clause(terms, &[&not_null]);
    let rows = source.rows(
        &format!("SELECT d.{column}, count(*) FROM digests d {which} GROUP BY d.{column}"),
        args,
    )?;
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for r in &rows {
        for node in r[0].text().unwrap_or_default().split(' ') {
            *counts.entry(node.to_string()).or_default() += r[1].int() as u64;
        }
    }
    let mut all = ranked(
        counts.into_iter().map(|(key, calls)| Count {
            label: key.clone(),
            key,
            calls,
        }),
        keep,
    );
    for count in &mut all {
        if let Some(text) = first_text(source, title, std::slice::from_ref(&count.key))? {
            count.label = text;
        }
    }
    Ok(all)
}

/// Commonest first (then by key), at most `keep`.
fn ranked(counts: impl Iterator<Item = Count>, keep: usize) -> Vec<Count> {
    let mut all: Vec<Count> = counts.collect();
    all.sort_by(|a, b| b.calls.cmp(&a.calls).then_with(|| a.key.cmp(&b.key)));
    all.truncate(keep);
    all
}

/// The median and 90th percentile (nearest rank) of counted seconds.
fn times(counts: &BTreeMap<i64, u64>) -> Times {
    let calls: u64 = counts.values().sum();
    let at = |p: u64| {
        // The smallest value with at least p% of the calls at or below it.
        let rank = (calls * p).div_ceil(100).max(1);
        let mut seen = 0;
        counts.iter().find_map(|(&s, &n)| {
            seen += n;
            (seen >= rank).then_some(s)
        })
    };
    Times {
        calls,
        median_seconds: (calls > 0).then(|| at(50)).flatten(),
        p90_seconds: (calls > 0).then(|| at(90)).flatten(),
    }
}

/// A level as people read it; `none` (a call that reached no outcome) as `no outcome`.
pub fn level_words(key: &str) -> String {
    match key {
        "none" => "no outcome".into(),
        key => super::summary::urgency_words(key),
    }
}

/// `+01:00`, `-05:30`, `UTC`, `Z`: minutes from UTC.
pub fn parse_tz(text: &str) -> Option<i32> {
    let text = text.trim();
    if matches!(text, "UTC" | "utc" | "Z" | "z" | "+00:00" | "-00:00") {
        return Some(0);
    }
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, minutes) = text[1..].split_once(':').unwrap_or((&text[1..], "00"));
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hours) || !digits(minutes) {
        return None;
    }
    let (h, m): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
    if hours.len() > 2 || !(0..=14).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    Some(sign * (h * 60 + m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let counts: BTreeMap<i64, u64> = [(10, 5), (20, 4), (100, 1)].into_iter().collect();
        let t = times(&counts);
        assert_eq!(
            (t.calls, t.median_seconds, t.p90_seconds),
            (10, Some(10), Some(20))
        );
        let t = times(&[(7, 1)].into_iter().collect());
        assert_eq!((t.median_seconds, t.p90_seconds), (Some(7), Some(7)));
        assert_eq!(times(&BTreeMap::new()).median_seconds, None);
    }

    #[test]
    fn offsets_are_read_strictly() {
        assert_eq!(parse_tz("+01:00"), Some(60));
        assert_eq!(parse_tz("-05:30"), Some(-330));
        assert_eq!(parse_tz("UTC"), Some(0));
        assert_eq!(parse_tz("+2"), Some(120));
        for bad in [
            "Europe/London",
            "01:00",
            "+25:00",
            "+01:75",
            "",
            "+1:-0",
            "+ 1",
            "+01:",
        ] {
            assert_eq!(parse_tz(bad), None, "{bad}");
        }
    }
}
