//! Trees built to hurt: shapes that made the checks slow, and files the loader once read
//! differently from ron. Linearity is shown by counting work (how many guesses, how many ids a
//! loop report copies); the only clock is the hang guard of the command tests.

use tread::tree::{self, Problem, TreeFile};

/// A tree text around these `"id": Node(…)` entries, starting at `n0`.
fn tree_of(nodes: impl IntoIterator<Item = String>) -> String {
    let body: Vec<String> = nodes.into_iter().collect();
    format!(
        "(title: \"T\", format: 1, start: \"n0\", disclaimer: \"d\", sources: {{}}, nodes: {{\n{}\n}})\n",
        body.join(",\n")
    )
}

const END: &str = r#""end": Outcome(title: "O", urgency: SelfCare, action: "a", advice: ["x"], safety_net: ["s"], steps: ["s"], why: "w")"#;

fn question(id: &str, choices: &[(&str, &str)]) -> String {
    let choices: Vec<String> = choices
        .iter()
        .map(|(label, next)| format!("(label: \"{label}\", next: \"{next}\")"))
        .collect();
    format!(
        "\"{id}\": Question(title: \"Q\", text: \"t\", why: \"w\", choices: [{}])",
        choices.join(", ")
    )
}

fn codes(loaded: &tree::Loaded, code: &str) -> usize {
    loaded
        .diagnostics
        .iter()
        .filter(|d| d.problem.code() == code)
        .count()
}

/// 20,000 questions in a chain, each also leading back to the start: 20,000 loops, each
/// reported with at most 9 ids (the first four, `…`, the last three and the repeat), never a
/// copy of the whole path.
#[test]
fn a_chain_that_loops_back_at_every_step_reports_each_loop_briefly() {
    let n = 20_000;
    let nodes = (0..n).map(|i| {
        let next = if i + 1 < n {
            format!("n{}", i + 1)
        } else {
            "end".into()
        };
        question(&format!("n{i}"), &[("Next", &next), ("Back", "n0")])
    });
    let loaded = tree::load_text(tree_of(nodes.chain([END.to_string()])));
    let loops: Vec<&Vec<String>> = loaded
        .diagnostics
        .iter()
        .filter_map(|d| match &d.problem {
            Problem::Cycle { ids } => Some(ids),
            _ => None,
        })
        .collect();
    assert_eq!(loops.len(), n);
    assert!(loops.iter().all(|ids| ids.len() <= 9));
    assert!(loops.iter().map(|ids| ids.len()).sum::<usize>() <= 9 * n);
}

/// 5,000 links each one letter off an id: the first 50 get a "did you mean", the rest are
/// reported without one, so the guessing is bounded whatever the file holds.
#[test]
fn thousands_of_wrong_links_get_a_bounded_number_of_guesses() {
    let n = 5_000;
    let nodes = (0..n).map(|i| {
        let next = format!("n{}x", (i + 1) % n);
        question(&format!("n{i}"), &[("A", &next), ("B", "end")])
    });
    let loaded = tree::load_text(tree_of(nodes.chain([END.to_string()])));
    let guessed = loaded
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                &d.problem,
                Problem::DanglingLink {
                    suggestion: Some(_),
                    ..
                }
            )
        })
        .count();
    assert_eq!(codes(&loaded, "dangling-link"), n);
    assert_eq!(guessed, 50);
}

/// 10,000 answers with non-ASCII labels on one question, all leading to one outcome: every
/// repeat of a destination is reported against the first, in one pass; labels that differ only
/// in how an accent is encoded are one label.
#[test]
fn ten_thousand_non_ascii_answers_are_compared_in_one_pass() {
    let labels: Vec<String> = (0..10_000).map(|i| format!("Ответ é {i}")).collect();
    let mut choices: Vec<(&str, &str)> = labels.iter().map(|l| (l.as_str(), "end")).collect();
    choices.push(("Ответ e\u{301} 7", "end"));
    let loaded = tree::load_text(tree_of([question("n0", &choices), END.to_string()]));
    assert_eq!(codes(&loaded, "same-target"), 10_000);
    assert_eq!(codes(&loaded, "duplicate-label"), 1);
}

/// The loader's verdict on a text is ron's: it decodes exactly when ron does.
fn same_verdict_as_ron(what: &str, text: &str) -> tree::Loaded {
    let ron = tree::ron_options().from_str::<TreeFile>(text);
    let loaded = tree::load_text(text.to_string());
    let decoded = loaded.decoded;
    assert_eq!(decoded, ron.is_ok(), "{what}: ron says {ron:?}");
    loaded
}

const GOOD: &str = include_str!("fixtures/good.ron");

/// Files an earlier loader (which read a tree in two halves) judged otherwise than ron.
#[test]
fn files_an_earlier_loader_misread_get_rons_verdict() {
    let good = GOOD.trim_start_matches('\u{feff}');
    let body = &good[good.find('\n').unwrap() + 1..];
    let last = body.rfind(')').unwrap();
    // (what, the text, whether ron decodes it)
    let cases: Vec<(&str, String, bool)> = vec![
        ("`# !` with a space", format!("# ![enable(implicit_some)]\n{body}"), true),
        ("a comment with `(` before the attribute", format!("// (\n#![enable(implicit_some)]\n{body}"), true),
        (
            "sources after nodes, holding node entries",
            body.replacen("sources: { \"guide\": (title: \"A guide\", by: \"Someone\", year: 2020) },\n", "", 1)
                .replacen("\n)", "\n    sources: { \"x\": Outcome(title: \"X\", urgency: SelfCare, action: \"a\") },\n)", 1),
            false,
        ),
        ("U+3000 before the last `)`", format!("{}\u{3000}{}", &body[..last], &body[last..]), false),
        ("U+00A0 before the last `)`", format!("{}\u{a0}{}", &body[..last], &body[last..]), false),
        ("U+2003 before the last `)`", format!("{}\u{2003}{}", &body[..last], &body[last..]), false),
        // ron counts U+2028 as white space.
        ("U+2028 before the last `)`", format!("{}\u{2028}{}", &body[..last], &body[last..]), true),
    ];
    for (what, text, decodes) in &cases {
        let loaded = same_verdict_as_ron(what, text);
        assert_eq!(loaded.tree.is_some(), *decodes, "{what}");
    }
}

/// A valid tree of over 256 KiB, mostly trailing blank lines, once panicked (`begin > end`).
#[test]
fn a_tree_padded_with_blank_lines_loads() {
    let good = GOOD.trim_start_matches('\u{feff}');
    let text = format!("{good}{}", "\n".repeat(300 * 1024));
    let loaded = same_verdict_as_ron("padded", &text);
    assert!(loaded.walkable().is_some());
}

/// A wrong id tens of thousands of characters long gets no "did you mean": comparing it with
/// an id as long would cost the product of their lengths.
#[test]
fn a_very_long_wrong_id_gets_no_guess() {
    let long = "a".repeat(40_000);
    let text = tree_of([
        question("n0", &[("A", &format!("{long}x")), ("B", "end")]),
        question(&format!("{long}b"), &[("A", "end"), ("B", "n0")]),
        END.to_string(),
    ]);
    let loaded = tree::load_text(text);
    let guesses: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter_map(|d| match &d.problem {
            Problem::DanglingLink { suggestion, .. } => Some(suggestion.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(guesses, [None]);
}

/// A node citing one source twenty thousand times: the repeat is reported once (one warning a
/// repeat made twenty thousand, and a hostile file's warnings took gigabytes), and the Why
/// panel lists the source once.
#[test]
fn a_source_cited_again_and_again_is_reported_and_shown_once() {
    let cites = vec!["\"s\""; 20_000].join(", ");
    let text = format!(
        "(title: \"T\", format: 1, start: \"n0\", disclaimer: \"d\", sources: {{ \"s\": (title: \"{}\", by: \"B\") }}, nodes: {{ \"n0\": Question(title: \"Q\", text: \"t\", why: \"w\", sources: [{cites}], choices: [(label: \"A\", next: \"end\"), (label: \"B\", next: \"end2\")]), {END}, {} }})",
        "A long title. ".repeat(200),
        END.replace("\"end\"", "\"end2\"")
    );
    let loaded = tree::load_text(text);
    assert_eq!(codes(&loaded, "repeated-citation"), 1);
    let tree = loaded.walkable().expect("warnings only");
    let walk = tread::walk::Walk::new(&tree);
    let mut app = tread::tui::App::new(tree, walk, (120, 40), tread::tui::Theme::PLAIN);
    app.update(tread::tui::keys::Command::Select);
    app.why = true;
    let area = ratatui::layout::Rect::new(0, 0, 120, 40);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    tread::tui::view::draw(&app, area, &mut buf);
    let screen: String = buf.content.iter().map(|c| c.symbol()).collect();
    assert_eq!(screen.matches("• A long title.").count(), 1, "{screen}");
}
