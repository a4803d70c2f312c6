//! Calls as CSV, one row a call (RFC 4180), safe to open in a spreadsheet: a cell that starts
//! with `=`, `+`, `-`, `@`, a tab or a carriage return is quoted and given a leading `'`, so it
//! is read as text and never run as a formula. Cells are single lines with every control
//! character escaped, as everything tread prints.

use super::time_text::utc;
use super::{Call, EventKind};
use crate::scrub::one_line;

/// The header row.
pub const HEADER: &str = "id,started,ended,ending,seat,person,tree,tree_version,tree_sha256,outcome,urgency,answers,notes\r\n";

/// One call as a row, with its line end.
pub fn row(call: &Call) -> String {
    let answers: Vec<String> =
        call.path()
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Step { title, answer, .. }
                | EventKind::Checklist { title, answer, .. } => Some(format!("{title}: {answer}")),
                _ => None,
            })
            .collect();
    let notes: Vec<String> = call.notes().map(|(_, text)| one_line(text)).collect();
    let cells = [
        call.id.to_string(),
        utc(call.started),
        call.ended.map(utc).unwrap_or_default(),
        call.ending.map(|e| e.name()).unwrap_or_default(),
        call.seat.seat.clone(),
        call.seat.person.clone(),
        call.tree.title.clone(),
        call.tree.version.clone().unwrap_or_default(),
        call.tree.sha256.clone(),
        call.outcome
            .as_ref()
            .map(|o| o.title.clone())
            .unwrap_or_default(),
        call.outcome
            .as_ref()
            .map(|o| o.urgency.clone())
            .unwrap_or_default(),
        answers.join(" | "),
        notes.join(" | "),
    ];
    let mut out = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // Printed, so no control character passes (a line break becomes a space).
        out.push_str(&cell_text(&one_line(cell)));
    }
    out.push_str("\r\n");
    out
}

/// One cell: as it is when that is safe, else quoted (quotes doubled), with a `'` before a
/// formula's first character.
pub fn cell_text(cell: &str) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let needs_quotes = formula || cell.contains([',', '"', '\n', '\r']);
    if !needs_quotes {
        return cell.to_string();
    }
    let mut out = String::from("\"");
    if formula {
        out.push('\'');
    }
    out.push_str(&cell.replace('"', "\"\""));
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_text_and_quotes_are_doubled() {
        assert_eq!(cell_text("plain"), "plain");
        assert_eq!(cell_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell_text("-1+2"), "\"'-1+2\"");
        assert_eq!(cell_text("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(cell_text("a,b"), "\"a,b\"");
        assert_eq!(cell_text("two\nlines"), "\"two\nlines\"");
    }
}
