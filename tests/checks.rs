//! Every check, one row each: a one-line edit to a clean tree, and what must be reported where.

use tread::tree::{self, Severity};

const GOOD: &str = include_str!("fixtures/good.ron");

/// Applies `(from, to)` edits (each `from` must occur) and lists `code@line:col` for every
/// diagnostic, errors and warnings alike, in file order.
#[track_caller]
fn found(edits: &[(&str, &str)]) -> Vec<String> {
    let mut src = GOOD.to_string();
    for (from, to) in edits {
        assert!(
            src.contains(from),
            "the edit's `{from}` is not in the fixture"
        );
        src = src.replacen(from, to, 1);
    }
    let loaded = tree::load_text(src);
    loaded
        .diagnostics
        .iter()
        .map(|d| {
            let at = d.span.start_in(&loaded.text);
            format!("{}@{}:{}", d.problem.code(), at.line, at.col)
        })
        .collect()
}

#[test]
fn the_clean_fixture_has_no_problems() {
    assert_eq!(found(&[]), Vec::<String>::new());
}

/// What the row shows, the edits that make the mistake, and what must be reported.
type Row<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [&'a str]);

#[test]
fn each_mistake_is_reported_at_its_place() {
    let rows: &[Row] = &[
        (
            "start names no node",
            &[("start: \"ask\"", "start: \"aks\"")],
            &["dangling-link@5:12"],
        ),
        (
            "a choice names no node",
            &[("next: \"rest\"", "next: \"rset\"")],
            &["dangling-link@15:37", "unreachable@27:9"],
        ),
        (
            "a node id twice",
            &[
                ("\"rest\": Outcome(", "\"emergency\": Outcome("),
                ("next: \"rest\"", "next: \"emergency\""),
            ],
            // Both answers now lead to the first `emergency`, which is true and worth saying.
            &["same-target@15:37", "duplicate-id@27:9"],
        ),
        (
            "a question with no choices",
            &[
                ("(label: \"Yes\", next: \"emergency\", positive: true),", ""),
                ("(label: \"No\", next: \"rest\"),", ""),
            ],
            &["no-choices@13:22", "unreachable@20:9", "unreachable@27:9"],
        ),
        (
            "a warning sign with no answer marked positive",
            &[(", positive: true", "")],
            &["no-positive@13:22"],
        ),
        (
            "an empty label",
            &[("(label: \"Yes\"", "(label: \"\"")],
            &["empty-text@14:25"],
        ),
        (
            "an empty text",
            &[("text: \"Are both legs numb?\"", "text: \"  \"")],
            &["empty-text@11:19"],
        ),
        (
            "an empty why",
            &[("why: \"Most back pain settles.\"", "why: \"\"")],
            &["empty-text@32:18"],
        ),
        (
            "a citation of an undeclared source",
            &[("sources: [\"guide\"],", "sources: [\"giude\"],")],
            &["unknown-source@18:23"],
        ),
        (
            "a loop with a way out",
            &[
                ("next: \"rest\"", "next: \"again\""),
                (
                    "\"rest\": Outcome(",
                    "\"again\": Info(title: \"A\", text: \"Again.\", next: \"ask\"),\n\"rest\": Outcome(",
                ),
            ],
            &["cycle@27:57", "unreachable@28:1"],
        ),
        (
            "a loop with no way out",
            &[
                ("next: \"rest\"", "next: \"loop_a\""),
                (
                    "\"rest\": Outcome(",
                    "\"loop_a\": Info(title: \"A\", text: \"A.\", next: \"loop_b\"),\n\
                     \"loop_b\": Info(title: \"B\", text: \"B.\", next: \"loop_a\"),\n\"rest\": Outcome(",
                ),
            ],
            &["dead-end@15:37", "cycle@28:46", "unreachable@29:1"],
        ),
        (
            "a source never cited",
            &[(
                "sources: { ",
                "sources: { \"spare\": (title: \"S\", by: \"B\"), ",
            )],
            &["unused-source@7:16"],
        ),
        (
            "a source declared twice",
            &[(
                "sources: { ",
                "sources: { \"guide\": (title: \"S\", by: \"B\"), ",
            )],
            &["duplicate-source@7:48"],
        ),
        (
            "an outcome without why",
            &[("            why: \"Most back pain settles.\",\n", "")],
            &["missing-why@27:9"],
        ),
        (
            "a control character",
            &[("Are both legs numb?", "Are both legs numb?\\u{7}")],
            &["control-char@11:19"],
        ),
        (
            "an id that is not snake_case",
            &[("\"rest\"", "\"Rest\""), ("\"rest\"", "\"Rest\"")],
            &["bad-id@27:9"],
        ),
        (
            "a format this build does not read",
            &[("format: 1", "format: 3")],
            &["unsupported-format@4:13"],
        ),
        (
            "a misspelt field",
            &[("red_flag: true", "redflag: true")],
            &["unknown-field@12:13"],
        ),
        (
            "a missing field",
            &[("            action: \"Call 999 now.\",\n", "")],
            &["missing-field@25:9"],
        ),
        (
            "a scale in a file of format 1",
            &[(
                "    nodes: {",
                "    scale: [(id: Now, label: \"NOW\"), (id: Now, label: \"\")],\n    nodes: {",
            )],
            &[
                "needs-format-2@8:12",
                "duplicate-level@8:38",
                "empty-text@8:38",
                "unknown-level@23:22",
                "unknown-level@30:22",
            ],
        ),
        (
            "an unknown urgency",
            &[("urgency: Emergency", "urgency: Emergancy")],
            &["unknown-level@22:22"],
        ),
        (
            "a value of the wrong type",
            &[("format: 1", "format: \"1\"")],
            &["wrong-type@4:13"],
        ),
        (
            "an urgency in quotes",
            &[("urgency: Emergency", "urgency: \"Emergency\"")],
            &["wrong-type@22:22"],
        ),
        (
            "an urgency as a number",
            &[("urgency: Emergency", "urgency: 3")],
            &["wrong-type@22:22"],
        ),
        (
            "an urgency in quotes after a line separator, which ron takes for white space",
            &[("urgency: Emergency", "\u{2028}urgency: \"Emergency\"")],
            &["wrong-type@22:23"],
        ),
        (
            "a node kind in quotes",
            &[("\"rest\": Outcome(", "\"rest\": \"Outcome\"(")],
            &["wrong-type@27:17"],
        ),
        (
            "two answers worded alike",
            &[("(label: \"No\"", "(label: \" yes \"")],
            &["duplicate-label@15:25"],
        ),
        (
            "two answers alike but for how their accents are encoded (NFC and NFD)",
            &[
                ("(label: \"Yes\"", "(label: \"Caf\u{e9}\""),
                ("(label: \"No\"", "(label: \"CAFE\u{301}\""),
            ],
            &["duplicate-label@15:25"],
        ),
        (
            "two answers leading to one node",
            &[("next: \"rest\"", "next: \"emergency\"")],
            &["same-target@15:37", "unreachable@27:9"],
        ),
        (
            "the same, on purpose: the node allows it",
            &[
                ("next: \"rest\"", "next: \"emergency\""),
                (
                    "sources: [\"guide\"],\n        ),\n        \"emergency\"",
                    "sources: [\"guide\"], allow: [\"same-target\"],\n        ),\n        \"emergency\"",
                ),
            ],
            &["unreachable@27:9"],
        ),
        (
            "an allow that names no warning, or an error",
            &[(
                "sources: [\"guide\"],\n        ),\n        \"emergency\"",
                "sources: [\"guide\"], allow: [\"same-targt\", \"dangling-link\"],\n        ),\n        \"emergency\"",
            )],
            &["bad-allow@18:41", "bad-allow@18:55"],
        ),
        (
            "an outcome with no advice",
            &[("advice: [\"Keep moving gently.\"], ", "")],
            &["no-advice@27:9"],
        ),
        (
            "an outcome with nothing for staff to do",
            &[(" steps: [\"Give self-care advice.\"],", "")],
            &["no-steps@27:9"],
        ),
        (
            "an outcome short of an emergency that never says when to call back",
            &[(" safety_net: [\"Call 999 if your legs go numb.\"],", "")],
            &["no-safety-net@27:9"],
        ),
        (
            "a review date the calendar does not have",
            &[("format: 1,", "format: 1, review_due: \"2027-02-30\",")],
            &["bad-date@4:28"],
        ),
        (
            "a review that has fallen due",
            &[("format: 1,", "format: 1, review_due: \"2001-01-01\",")],
            &["review-overdue@4:28"],
        ),
        (
            "a sign-off without a date",
            &[(
                "format: 1,",
                "format: 1, signed_off: (by: \"Dr A, GP\", on: \"last week\"),",
            )],
            &["bad-date@4:49"],
        ),
        (
            "a sentence too long to say in one breath",
            &[(
                "Are both legs numb?",
                "Are both legs numb, or weak, or tingling, or heavy, or clumsy, or slow, or stiff, or aching, or cold, or burning, or prickling, or otherwise not quite right today?",
            )],
            &["long-text@11:19"],
        ),
        (
            "a Cyrillic letter in a Latin label",
            &[("(label: \"No\"", "(label: \"N\u{43e}\"")],
            &["look-alike@15:25"],
        ),
        (
            "an invisible character in a title",
            &[("title: \"Rest\"", "title: \"Re\u{200b}st\"")],
            &["look-alike@28:20"],
        ),
        (
            "a syntax error",
            &[("(label: \"Yes\", next", "(label: \"Yes\" next")],
            &["syntax@14:31"],
        ),
    ];
    let wrong: Vec<String> = rows
        .iter()
        .filter_map(|(what, edits, want)| {
            let got = found(edits);
            (got != *want).then(|| format!("{what}: got {got:?}, want {want:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn warnings_alone_leave_a_tree_walkable() {
    let src = GOOD.replacen("            why: \"Most back pain settles.\",\n", "", 1);
    let loaded = tree::load_text(src);
    assert!(
        loaded
            .diagnostics
            .iter()
            .all(|d| d.severity() == Severity::Warning)
    );
    assert!(!loaded.diagnostics.is_empty());
    assert!(loaded.walkable().is_some());
}

#[test]
fn a_hundred_thousand_node_chain_is_checked_without_overflowing_the_stack() {
    let n = 100_000;
    let mut src =
        String::from("(title: \"Chain\", format: 1, start: \"n0\", disclaimer: \"D\", nodes: {\n");
    for i in 0..n - 1 {
        src.push_str(&format!(
            "\"n{i}\": Info(title: \"T\", text: \"x\", next: \"n{}\"),\n",
            i + 1
        ));
    }
    src.push_str(&format!(
        "\"n{}\": Outcome(title: \"End\", urgency: SelfCare, action: \"Rest\", advice: [\"Rest\"], safety_net: [\"Call back\"], steps: [\"None\"], why: \"w\"),\n",
        n - 1
    ));
    // A link back to the start closes a loop 100,000 nodes long.
    let looped = src.replace(
        "\"n99998\": Info(title: \"T\", text: \"x\", next: \"n99999\")",
        "\"n99998\": Info(title: \"T\", text: \"x\", next: \"n0\")",
    );
    src.push_str("})");
    let loaded = tree::load_text(src);
    assert_eq!(loaded.diagnostics, vec![]);
    let loaded = tree::load_text(looped + "})");
    let codes: Vec<_> = loaded
        .diagnostics
        .iter()
        .map(|d| d.problem.code())
        .collect();
    assert_eq!(codes, ["dead-end", "cycle", "unreachable"]);
}

/// Where the dangling link of the fixture is reported when the file is written in the other ways
/// ron accepts: each must still point at line 15, column 37 (lines counted as editors count them).
#[test]
fn positions_stay_right_however_the_file_is_laid_out() {
    let dangling = GOOD.replacen("next: \"rest\"", "next: \"rset\"", 1);
    let body = dangling.trim_start_matches('\u{feff}');
    // The fixture's first line is a comment; a header put before it shifts every line by one.
    let header = |h: &str| format!("{h}\n{body}");
    let cases: Vec<(&str, String, &str)> = vec![
        ("as it is", body.to_string(), "15:37"),
        ("an attribute", header("#![enable(implicit_some)]"), "16:37"),
        (
            "`# !` with a space",
            header("# ![enable(implicit_some)]"),
            "16:37",
        ),
        (
            "a comment between `#` and `!`",
            header("#/* c */![enable(implicit_some)]"),
            "16:37",
        ),
        (
            "a comment with `(` first",
            header("// (\n#![enable(implicit_some)]"),
            "17:37",
        ),
        (
            "an attribute holding `]` in a string",
            header("#![type = \"x]y\"]"),
            "16:37",
        ),
        (
            "an attribute holding `]` in a comment",
            header("#![enable(/* ] */ implicit_some)]"),
            "16:37",
        ),
        (
            "a vertical tab",
            body.replacen("(\n", "(\u{b}\n", 1),
            "15:37",
        ),
        (
            "a form feed and U+2028",
            body.replacen("(\n", "(\u{c}\u{2028}\n", 1),
            "15:37",
        ),
        ("CRLF line ends", body.replace('\n', "\r\n"), "15:37"),
        // Without the first comment line, which ron would read to the end of a CR-only file.
        (
            "CR-only line ends",
            {
                let rest = &body[body.find('\n').unwrap() + 1..];
                format!("\n{}", rest).replace('\n', "\r")
            },
            "15:37",
        ),
    ];
    for (what, src, expected) in cases {
        let loaded = tree::load_text(src);
        let first = loaded
            .diagnostics
            .first()
            .unwrap_or_else(|| panic!("{what}: no diagnostic"));
        let at = first.span.start_in(&loaded.text);
        assert_eq!(
            (first.problem.code(), format!("{}:{}", at.line, at.col)),
            ("dangling-link", expected.to_string()),
            "{what}"
        );
    }
}

/// A text of more than two screens is reported, once, at the text; one just under is not.
#[test]
fn a_text_of_more_than_a_few_screens_is_too_long() {
    let with_why = |chars: usize| {
        let why = "Rest. ".repeat(chars / 6);
        found(&[(
            "why: \"Most back pain settles.\"",
            &format!("why: \"{why}\""),
        )])
    };
    assert_eq!(with_why(3000), Vec::<String>::new());
    assert_eq!(with_why(3006), ["too-long@32:18"]);
}

#[test]
fn a_checklist_of_none_or_more_than_nine_items_is_an_error_at_its_items() {
    let with_items = |items: &str| {
        let list = format!(
            "nodes: {{\n        \"flags\": Checklist(title: \"Signs\", text: \"Some questions.\", why: \"w\", items: [{items}]),"
        );
        found(&[("start: \"ask\"", "start: \"flags\""), ("nodes: {", &list)])
    };
    // With no items, nothing leads on from it.
    assert_eq!(
        with_items(""),
        [
            "dead-end@5:12",
            "no-items@9:86",
            "unreachable@10:9",
            "unreachable@21:9",
            "unreachable@28:9"
        ]
    );
    let ten = ["\"ask\""; 10].join(", ");
    let found = with_items(&ten);
    assert_eq!(found[0], "many-items@9:86");
    assert_eq!(
        found[1..]
            .iter()
            .filter(|f| f.starts_with("repeated-item"))
            .count(),
        9
    );
    // One item that checks: the checklist leads to it, and it is reached.
    assert_eq!(with_items("\"ask\""), Vec::<String>::new());
}

#[test]
fn a_glossary_term_defined_twice_or_used_nowhere_is_reported_at_its_term() {
    let glossary = |terms: &str| {
        found(&[(
            "    nodes: {",
            &format!("    glossary: {{ {terms} }},\n    nodes: {{"),
        )])
    };
    assert_eq!(
        glossary("\"nerve\": \"A cord that carries signals.\""),
        Vec::<String>::new()
    );
    assert_eq!(
        glossary("\"Nerve\": \"A cord.\", \"nerve\": \"Again.\", \"spleen\": \"An organ.\""),
        ["duplicate-term@8:37", "unused-term@8:56"]
    );
}
