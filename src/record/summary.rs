//! A call summary in plain text, fit to paste into a patient record: when, who, which tree,
//! the outcome, the positive answers, the warning signs asked and answered no (pertinent
//! negatives, as a clinical note writes them), those not asked, the other answers and the notes.
//!
//! Every text from the tree or typed in a note goes through [`scrub::one_line`], so a summary
//! never carries a control sequence to a terminal, a clipboard or a file.

use std::collections::HashSet;
use std::fmt::Write;

use super::time_text::{duration, local};
use super::{Call, EventKind};
use crate::scrub::one_line;

/// The summary of a call, as recorded so far.
pub fn text(call: &Call) -> String {
    let mut out = String::new();
    let line = |out: &mut String, label: &str, value: &str| {
        let _ = writeln!(out, "{label:<10} {value}");
    };
    let _ = writeln!(
        out,
        "CALL SUMMARY ({}; screening support, not a diagnosis)",
        one_line(&call.tree.title)
    );
    line(&mut out, "Call", &call.id.to_string());
    let mut when = local(call.started, call.offset_minutes);
    if let Some(ended) = call.ended {
        let seconds = (ended - call.started).whole_seconds();
        let _ = write!(when, ", {}", duration(seconds));
    }
    line(&mut out, "When", &when);
    line(
        &mut out,
        "Taken by",
        &format!(
            "{} at {}",
            one_line(&call.seat.person),
            one_line(&call.seat.seat)
        ),
    );
    let mut tree = one_line(&call.tree.title);
    if let Some(version) = &call.tree.version {
        let _ = write!(tree, ", version {}", one_line(version));
    }
    let _ = write!(
        tree,
        " (sha256 {})",
        &call.tree.sha256[..12.min(call.tree.sha256.len())]
    );
    line(&mut out, "Tree", &tree);
    let outcome = match &call.outcome {
        Some(o) => format!("{}: {}", urgency_words(&o.urgency), one_line(&o.title)),
        None => "none reached".to_string(),
    };
    line(&mut out, "Outcome", &outcome);
    let status = match (call.ending, &call.outcome) {
        (Some(e), _) => format!("ended: {}", e.name()),
        (None, Some(_)) => "outcome reached; the call is still open".into(),
        (None, None) => "in progress".into(),
    };
    line(&mut out, "Status", &status);
    for e in &call.events {
        if let EventKind::Jump { title, reason, .. } = &e.kind
            && reason.starts_with("resumed")
        {
            let at = &local(e.at, call.offset_minutes)[11..16];
            line(
                &mut out,
                "Resumed",
                &format!("{at} at {}: {}", one_line(title), one_line(reason)),
            );
        }
    }

    let path = call.path();
    let mut positive = Vec::new();
    let mut negative = Vec::new();
    let mut other = Vec::new();
    let mut read_out = Vec::new();
    let mut lists = Vec::new();
    let mut asked = HashSet::new();
    // A sign answered again later (named from the warning-sign list after a "no") counts by
    // its last answer; the earlier one is a change.
    let mut last_at: std::collections::HashMap<&str, usize> = Default::default();
    for (i, e) in path.iter().enumerate() {
        if let EventKind::Step { node, .. } = &e.kind {
            last_at.insert(node.as_str(), i);
        }
    }
    let mut again = Vec::new();
    for (i, e) in path.iter().enumerate() {
        if let EventKind::Checklist { title, answer, .. } = &e.kind {
            lists.push(format!("{}: {}", one_line(title), one_line(answer)));
        }
        if let EventKind::Step {
            node,
            title,
            answer,
            red_flag,
            positive: yes,
            ..
        } = &e.kind
        {
            asked.insert(node.as_str());
            let said = format!("{}: {}", one_line(title), one_line(answer));
            if last_at.get(node.as_str()) != Some(&i) {
                again.push(format!("{said} (answered again later)"));
            } else if *yes {
                positive.push(said);
            } else if *red_flag {
                negative.push(said);
            } else if answer == "Continue" {
                read_out.push(one_line(title));
            } else {
                other.push(said);
            }
        }
    }
    // Answers given and then taken back, and outcomes shown and then left: a call changed on
    // the way says so.
    let mut changed = again;
    let mut jumps = Vec::new();
    let mut standing: Vec<&super::Event> = Vec::new();
    let mut last_outcome: Option<String> = None;
    for e in &call.events {
        match &e.kind {
            EventKind::Step { .. } | EventKind::Checklist { .. } => {
                standing.push(e);
                last_outcome = None;
            }
            EventKind::Jump { title, reason, .. } if !reason.starts_with("resumed") => {
                standing.push(e);
                last_outcome = None;
                let at = &local(e.at, call.offset_minutes)[11..16];
                jumps.push(format!("{at} to {}, {}", one_line(title), one_line(reason)));
            }
            EventKind::Outcome { title, urgency, .. } => {
                last_outcome = Some(format!("{}: {}", urgency_words(urgency), one_line(title)));
            }
            EventKind::Back { .. } => {
                if let Some(outcome) = last_outcome.take() {
                    changed.push(format!("outcome shown, then left: {outcome}"));
                }
                if let Some(
                    EventKind::Step {
                        node,
                        title,
                        answer,
                        ..
                    }
                    | EventKind::Checklist {
                        node,
                        title,
                        answer,
                        ..
                    },
                ) = standing.pop().map(|e| &e.kind)
                {
                    // Taken back and given again the same (a list gone back through, its signs
                    // asked again): nothing changed.
                    let again = path.iter().any(|p| match &p.kind {
                        EventKind::Step {
                            node: n, answer: a, ..
                        } => n == node && a == answer,
                        _ => false,
                    });
                    if again {
                        continue;
                    }
                    let at = &local(e.at, call.offset_minutes)[11..16];
                    changed.push(format!(
                        "{}: {} (taken back at {at})",
                        one_line(title),
                        one_line(answer)
                    ));
                }
            }
            _ => {}
        }
    }
    // The warning signs after the last one asked, in the tree's order: those the call would have
    // gone on to. (Signs before it that were not asked were on another branch, such as the
    // child's when the patient is an adult.)
    let last_asked = call
        .red_flags
        .iter()
        .rposition(|f| asked.contains(f.node.as_str()));
    let not_asked: Vec<String> = call.red_flags[last_asked.map_or(0, |i| i + 1)..]
        .iter()
        .filter(|f| !asked.contains(f.node.as_str()))
        .map(|f| one_line(&f.title))
        .collect();
    let list = |out: &mut String, heading: &str, items: &[String]| {
        let _ = writeln!(out, "\n{heading}:");
        if items.is_empty() {
            out.push_str("  none\n");
        }
        for item in items {
            let _ = writeln!(out, "  - {item}");
        }
    };
    list(&mut out, "Positive answers", &positive);
    if !lists.is_empty() {
        list(&mut out, "Lists of warning signs, as answered", &lists);
    }
    list(
        &mut out,
        "Warning signs asked, answered no (pertinent negatives)",
        &negative,
    );
    list(&mut out, "Warning signs not asked", &not_asked);
    list(&mut out, "Other answers", &other);
    list(&mut out, "Read out", &read_out);
    if !jumps.is_empty() {
        list(&mut out, "Moved by search or the warning-sign list", &jumps);
    }
    if !changed.is_empty() {
        list(&mut out, "Changed during the call", &changed);
    }
    let notes: Vec<String> = call
        .notes()
        .map(|(e, text)| {
            let at = &local(e.at, call.offset_minutes)[11..16];
            let title = match &e.kind {
                EventKind::Note { title, draft, .. } => {
                    format!("{}{}", one_line(title), if *draft { ", draft" } else { "" })
                }
                _ => String::new(),
            };
            let body: Vec<String> = text.lines().map(one_line).collect();
            format!("{at} at {title}: {}", body.join("\n    "))
        })
        .collect();
    list(&mut out, "Notes", &notes);
    out
}

/// An urgency as the screen shows it: a medical level in its words (`SelfCare` is
/// `SELF-CARE`), another scale's by its id (the record keeps ids).
pub fn urgency_words(name: &str) -> String {
    let medical = crate::tree::scale::Scale::medical();
    medical
        .levels()
        .iter()
        .find(|l| l.id.name() == name)
        .map_or_else(|| one_line(name), |l| l.label.to_string())
}
