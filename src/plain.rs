//! The plain face: the walk line by line on standard output, answers read a line at a time
//! from standard input (or from `--answers`). No cursor movement and no colour, so a screen
//! reader reads it in order, and it works in pipes and scripts.

use std::io::{self, BufRead, Write};

use crate::record::{Ending, Recorder};
use crate::scrub::one_line;
use crate::tree::{Node, Tree};
use crate::walk::{Action, Walk};

/// How a plain walk ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// An outcome was reached.
    Outcome,
    /// The person typed `q`.
    Quit,
    /// The input ended before an outcome.
    InputEnded,
    /// An answer given with `--answers` did not fit the step it came to: the rest would answer
    /// the wrong questions, so the walk stops there.
    Misfit,
}

/// Walks `tree` from `walk`, reading answers from `input` and writing to `out`. Every step
/// goes through `record`; `send` hands its entries on (to the store's writer) after each line.
///
/// With `strict` (answers given in advance), an answer that does not fit stops the walk.
pub fn run(
    tree: &Tree,
    walk: &mut Walk,
    record: &mut Recorder,
    input: &mut impl BufRead,
    out: &mut impl Write,
    strict: bool,
    mut send: impl FnMut(&mut Recorder),
) -> io::Result<Ended> {
    header(tree, out)?;
    loop {
        send(record);
        let node = tree.node(walk.current());
        if let Node::Outcome { .. } = node {
            outcome(tree, walk, out)?;
            record.end(Ending::Outcome);
            send(record);
            return Ok(Ended::Outcome);
        }
        show(tree, walk, out)?;
        let Some(line) = read(input, out)? else {
            writeln!(out, "The input ended before an outcome was reached.")?;
            record.end(Ending::InputEnded);
            send(record);
            return Ok(Ended::InputEnded);
        };
        let choices = match node {
            Node::Question { choices, .. } => choices.len(),
            _ => 1,
        };
        let items = tree.items(walk.current());
        let action = match line.as_str() {
            "q" | "b" | "n" | "w" | "g" => None,
            text if !items.is_empty() => match checklist(text, items.len()) {
                Some(Ok(action)) => Some(action),
                Some(Err(item)) => {
                    why(tree, tree.node(items[item]), out)?;
                    continue;
                }
                None => {
                    writeln!(
                        out,
                        "`{}` is not an answer here: type 1 to {}, u and a number, 0 or a (b back, w why, g words, n note, q quit).",
                        said(text),
                        items.len()
                    )?;
                    if strict {
                        return misfit(walk, record, out, &mut send);
                    }
                    continue;
                }
            },
            _ => None,
        };
        if let Some(action) = action {
            mark(tree, &items, action, out)?;
            if let Err(refusal) = record.act(tree, walk, action) {
                writeln!(out, "{refusal}.")?;
            }
            continue;
        }
        let action = match line.as_str() {
            "q" => {
                writeln!(out, "Quit before an outcome.")?;
                record.end(Ending::Quit);
                send(record);
                return Ok(Ended::Quit);
            }
            "b" => {
                writeln!(out, "→ back one step")?;
                Some(Action::Back)
            }
            "w" => {
                why(tree, node, out)?;
                None
            }
            "g" => {
                glossary(tree, walk.current(), out)?;
                None
            }
            "n" => {
                note(tree, walk, record, input, out)?;
                None
            }
            "" if choices == 1 && matches!(node, Node::Info { .. }) => Some(Action::Continue),
            text => match text.parse::<usize>() {
                Ok(n) if (1..=choices).contains(&n) => Some(match node {
                    Node::Question { .. } => Action::Choose(n - 1),
                    _ => Action::Continue,
                }),
                _ => {
                    let given = if text.is_empty() {
                        "An empty line".to_string()
                    } else {
                        format!("`{}`", said(text))
                    };
                    writeln!(
                        out,
                        "{given} is not an answer here: type {} (b back, w why, g words, n note, q quit).",
                        if choices == 1 {
                            "1 or press Enter".to_string()
                        } else {
                            format!("1 to {choices}")
                        }
                    )?;
                    if strict {
                        return misfit(walk, record, out, &mut send);
                    }
                    None
                }
            },
        };
        if let Some(action) = action {
            if let Action::Choose(i) = action
                && let Some(label) = node.answer(i)
            {
                writeln!(out, "→ {}. {}", i + 1, one_line(label))?;
            }
            if let Err(refusal) = record.act(tree, walk, action) {
                writeln!(out, "{refusal}.")?;
            }
        }
    }
}

/// Stops a walk whose answers, given in advance, do not fit the tree.
fn misfit(
    walk: &Walk,
    record: &mut Recorder,
    out: &mut impl Write,
    send: &mut impl FnMut(&mut Recorder),
) -> io::Result<Ended> {
    writeln!(
        out,
        "The answers given do not fit this tree at step {}: the walk stops here.",
        walk.steps().len()
    )?;
    record.end(Ending::InputEnded);
    send(record);
    Ok(Ended::Misfit)
}

/// What a line means at a checklist of `count` items: a mark, `u` and a number (not sure),
/// `0` (none of these), `a` (one at a time), or `w` and a number (that item's why: `Err`).
fn checklist(text: &str, count: usize) -> Option<Result<Action, usize>> {
    let number = |s: &str| {
        s.trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=count).contains(n))
            .map(|n| n - 1)
    };
    Some(match text {
        "0" => Ok(Action::NoneApply),
        "a" => Ok(Action::Continue),
        _ => match (text.strip_prefix('u'), text.strip_prefix('w')) {
            (Some(n), _) => Ok(Action::Unsure(number(n)?)),
            (_, Some(n)) => Err(number(n)?),
            _ => Ok(Action::Mark(number(text)?)),
        },
    })
}

/// Says what a checklist answer marks.
fn mark(
    tree: &Tree,
    items: &[crate::tree::NodeId],
    action: Action,
    out: &mut impl Write,
) -> io::Result<()> {
    let title = |k: usize| one_line(tree.node(items[k]).title());
    match action {
        Action::Mark(k) => writeln!(out, "→ {}. {}: yes", k + 1, title(k)),
        Action::Unsure(k) => writeln!(out, "→ {}. {}: not sure", k + 1, title(k)),
        Action::NoneApply => writeln!(out, "→ 0. None of these"),
        _ => writeln!(out, "→ one at a time"),
    }
}

/// A line typed, as a message quotes it: on one line, and cut short when long.
fn said(text: &str) -> String {
    const SHOWN: usize = 40;
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(SHOWN).collect();
    if chars.next().is_some() {
        format!("{}…", one_line(&head))
    } else {
        one_line(&head)
    }
}

/// A line of input, trimmed and in lower case; `None` at the end of input.
fn read(input: &mut impl BufRead, out: &mut impl Write) -> io::Result<Option<String>> {
    write!(out, "> ")?;
    out.flush()?;
    let Some(line) = line_of(input)? else {
        writeln!(out)?;
        return Ok(None);
    };
    Ok(Some(line.trim().to_lowercase()))
}

/// The most of one line of input kept: far more than an answer or a line of a note.
const LINE: u64 = 64 * 1024;

/// One line of input without its line end, as text (bytes that are not UTF-8 become U+FFFD),
/// its first [`LINE`] bytes kept and the rest passed over; `None` at the end of input.
fn line_of(input: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut bytes = Vec::new();
    let read = io::Read::take(&mut *input, LINE).read_until(b'\n', &mut bytes)?;
    if read == 0 {
        return Ok(None);
    }
    if bytes.last() != Some(&b'\n') && read as u64 == LINE {
        // Too long: the rest of the line is read and dropped, a buffer at a time.
        loop {
            let buf = input.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            match buf.iter().position(|&b| b == b'\n') {
                Some(at) => {
                    input.consume(at + 1);
                    break;
                }
                None => {
                    let n = buf.len();
                    input.consume(n);
                }
            }
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(Some(text.trim_end_matches(['\n', '\r']).to_string()))
}

/// Writes each paragraph of a tree text, after a label (`Ask:`), as printed text.
fn paragraphs(out: &mut impl Write, label: &str, text: &str) -> io::Result<()> {
    // The label may be the tree's own words: printed as every tree text is.
    let label = one_line(label);
    let label = label.as_str();
    let mut first = true;
    for para in text.split('\n') {
        if first {
            writeln!(out, "{label} {}", one_line(para))?;
            first = false;
        } else {
            writeln!(
                out,
                "{} {}",
                " ".repeat(label.chars().count()),
                one_line(para)
            )?;
        }
    }
    Ok(())
}

fn header(tree: &Tree, out: &mut impl Write) -> io::Result<()> {
    let version = tree
        .version
        .as_deref()
        .map(|v| format!(", version {}", one_line(v)))
        .unwrap_or_default();
    writeln!(
        out,
        "tread · {}{version} · {}",
        one_line(&tree.title),
        one_line(tree.words.banner())
    )?;
    for para in tree.disclaimer.split('\n') {
        writeln!(out, "{}", one_line(para))?;
    }
    Ok(())
}

fn show(tree: &Tree, walk: &Walk, out: &mut impl Write) -> io::Result<()> {
    let node = tree.node(walk.current());
    writeln!(out)?;
    match node {
        Node::Question {
            title,
            text,
            red_flag,
            choices,
            ..
        } => {
            let flag = if *red_flag { "RED FLAG: " } else { "" };
            writeln!(
                out,
                "Step {}. {flag}{}",
                walk.steps().len(),
                one_line(title)
            )?;
            paragraphs(out, tree.words.ask(), text)?;
            for (i, choice) in choices.iter().enumerate() {
                writeln!(out, "  {}. {}", i + 1, one_line(&choice.label))?;
            }
            writeln!(
                out,
                "Type the number of the answer (b back, w why, g words, n note, q quit)."
            )?;
        }
        Node::Info { title, text, .. } => {
            writeln!(out, "Step {}. {}", walk.steps().len(), one_line(title))?;
            paragraphs(out, tree.words.say(), text)?;
            writeln!(
                out,
                "Press Enter to go on (b back, w why, g words, n note, q quit)."
            )?;
        }
        Node::Checklist { title, text, .. } => {
            writeln!(
                out,
                "Step {}. CHECKLIST: {}",
                walk.steps().len(),
                one_line(title)
            )?;
            paragraphs(out, tree.words.say(), text)?;
            writeln!(
                out,
                "Ask each in turn, and stop at the first the caller says yes to or is not sure about:"
            )?;
            for (i, &item) in tree.items(walk.current()).iter().enumerate() {
                let item = tree.node(item);
                writeln!(out, "  {}. {}", i + 1, one_line(item.title()))?;
                if let Node::Question { text, .. } = item {
                    paragraphs(out, "     Ask:", text)?;
                }
            }
            writeln!(out, "  0. None of these")?;
            writeln!(
                out,
                "Type the number of the first that applies; u and its number if the caller is not sure (u3); 0 if none applies; a to ask them one at a time (w3 why of item 3, b back, w why, n note, q quit)."
            )?;
        }
        // A walkable tree has its tables as questions: never shown.
        Node::Outcome { .. } | Node::Table { .. } => {}
    }
    Ok(())
}

fn outcome(tree: &Tree, walk: &Walk, out: &mut impl Write) -> io::Result<()> {
    let Node::Outcome {
        title,
        urgency,
        action,
        advice,
        safety_net,
        steps,
        ..
    } = tree.node(walk.current())
    else {
        return Ok(());
    };
    writeln!(out)?;
    let words = &tree.words;
    writeln!(
        out,
        "OUTCOME: {}: {}",
        one_line(tree.scale().label(urgency)),
        one_line(title)
    )?;
    paragraphs(out, words.say(), action)?;
    for a in advice {
        writeln!(out, "  - {}", one_line(a))?;
    }
    if !safety_net.is_empty() {
        writeln!(out, "{}", one_line(words.call_back()))?;
        for s in safety_net {
            writeln!(out, "  - {}", one_line(s))?;
        }
    }
    if !steps.is_empty() {
        writeln!(out, "{}:", one_line(words.you_do().trim_end_matches(':')))?;
        for (n, s) in steps.iter().enumerate() {
            writeln!(out, "  {}. {}", n + 1, one_line(s))?;
        }
    }
    writeln!(out, "Path taken:")?;
    let trail: Vec<_> = walk.trail(tree).collect();
    for (n, (node, _)) in trail[..trail.len() - 1].iter().enumerate() {
        let answer = one_line(&walk.how_left(tree, n));
        writeln!(
            out,
            "  {}. {}: {answer}",
            n + 1,
            one_line(tree.node(*node).title())
        )?;
    }
    Ok(())
}

/// The glossary's words this step uses (a list: its signs too), each with its definition.
fn glossary(tree: &Tree, here: crate::tree::NodeId, out: &mut impl Write) -> io::Result<()> {
    let texts: Vec<&str> = std::iter::once(here)
        .chain(tree.items(here))
        .flat_map(|n| tree.node(n).texts())
        .collect();
    let mut said = false;
    for (term, definition) in tree.glossary.iter() {
        let wanted = term.trim().to_ascii_lowercase();
        if texts
            .iter()
            .any(|t| crate::tree::glossary::uses(t, &wanted))
        {
            writeln!(out, "  {}: {}", one_line(term), one_line(definition))?;
            said = true;
        }
    }
    if !said {
        writeln!(out, "No word of this step is in the glossary.")?;
    }
    Ok(())
}

fn why(tree: &Tree, node: &Node, out: &mut impl Write) -> io::Result<()> {
    match node.why() {
        Some(why) => paragraphs(out, "Why:", why)?,
        None => writeln!(out, "Why: no reasoning is given for this step.")?,
    }
    for id in node.sources() {
        if let Some(s) = tree.source(id) {
            let year = s.year.map(|y| format!(", {y}")).unwrap_or_default();
            writeln!(
                out,
                "  Source: {} ({}{year})",
                one_line(&s.title),
                one_line(&s.by)
            )?;
        }
    }
    Ok(())
}

/// A note: lines until an empty one (or the end of input), kept at this step.
fn note(
    tree: &Tree,
    walk: &Walk,
    record: &mut Recorder,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(out, "Note (finish with an empty line):")?;
    let mut lines = Vec::new();
    let mut kept = 0;
    while let Some(line) = line_of(input)? {
        if line.is_empty() {
            break;
        }
        // Past what the record keeps of a note, lines are read to the end of the note and
        // dropped (the record says the note was cut).
        if kept > crate::record::NOTE_MAX {
            continue;
        }
        let clean: String = line.chars().filter(|c| !c.is_control()).collect();
        kept += clean.len() + 1;
        lines.push(clean);
    }
    let text = lines.join("\n");
    if text.trim().is_empty() {
        writeln!(out, "No note was written.")?;
    } else {
        record.note(tree, walk.current(), &text, false);
        writeln!(out, "Note kept.")?;
    }
    Ok(())
}
