//! Trees built to hurt, for the benchmarks: each the shape an adversarial probe found slow.

/// A tree text around `"id": Node(…)` entries, starting at `n0`, titled `title`.
pub fn tree_of(title: &str, nodes: impl IntoIterator<Item = String>) -> String {
    let body: Vec<String> = nodes.into_iter().collect();
    format!(
        "(title: \"{title}\", format: 1, start: \"n0\", disclaimer: \"d\", sources: {{}}, nodes: {{\n{}\n}})\n",
        body.join(",\n")
    )
}

/// An outcome called `end`.
pub fn end() -> String {
    r#""end": Outcome(title: "O", urgency: SelfCare, action: "a", advice: ["x"], safety_net: ["s"], steps: ["s"], why: "w")"#.into()
}

/// A question with these `(label, next)` answers.
pub fn question(id: &str, title: &str, choices: &[(&str, &str)]) -> String {
    let choices: Vec<String> = choices
        .iter()
        .map(|(label, next)| format!("(label: \"{label}\", next: \"{next}\")"))
        .collect();
    format!(
        "\"{id}\": Question(title: \"{title}\", text: \"t\", why: \"w\", choices: [{}])",
        choices.join(", ")
    )
}

/// `n` questions in a chain, each also leading back to the start: `n` loops.
pub fn loop_back_chain(n: usize) -> String {
    let nodes = (0..n).map(|i| {
        let next = if i + 1 < n {
            format!("n{}", i + 1)
        } else {
            "end".into()
        };
        question(&format!("n{i}"), "Q", &[("Next", &next), ("Back", "n0")])
    });
    tree_of("T", nodes.chain([end()]))
}

/// `n` questions, each with a link one letter off an id: `n` dangling links that all look like
/// typos. With `one_line`, the whole file is one line.
pub fn near_miss_links(n: usize, one_line: bool) -> String {
    let nodes = (0..n).map(|i| {
        let next = format!("n{}x", (i + 1) % n);
        question(&format!("n{i}"), "Q", &[("A", &next), ("B", "end")])
    });
    let text = tree_of("T", nodes.chain([end()]));
    if one_line {
        text.replace('\n', " ")
    } else {
        text
    }
}

/// One question with `n` answers labelled in Cyrillic and accented Latin, all leading to `end`.
pub fn many_answers(n: usize) -> String {
    let labels: Vec<String> = (0..n).map(|i| format!("Ответ é {i}")).collect();
    let choices: Vec<(&str, &str)> = labels.iter().map(|l| (l.as_str(), "end")).collect();
    tree_of("T", [question("n0", "Q", &choices), end()])
}

/// A chain of `n` questions, for a walk of `n` steps.
pub fn long_walk(n: usize) -> String {
    let nodes = (0..n).map(|i| {
        let next = if i + 1 < n {
            format!("n{}", i + 1)
        } else {
            "end".into()
        };
        question(
            &format!("n{i}"),
            &format!("Step number {i}"),
            &[("Go on", &next), ("Stop", "end")],
        )
    });
    tree_of("T", nodes.chain([end()]))
}

/// A two-question tree whose title is `marks` combining accents and then text.
pub fn piled_title(marks: usize) -> String {
    let title = format!("{}Title", "\u{301}".repeat(marks));
    tree_of(
        &title,
        [
            question("n0", "Q", &[("A", "end"), ("B", "n1")]),
            question("n1", "R", &[("A", "end"), ("B", "end")]),
            end(),
        ],
    )
}

/// A question whose first answer's label is `bytes` long.
pub fn huge_label(bytes: usize) -> String {
    let label = "word ".repeat(bytes / 5);
    tree_of(
        "T",
        [
            question("n0", "Q", &[(&label, "end"), ("B", "n1")]),
            question("n1", "R", &[("A", "end"), ("B", "end")]),
            end(),
        ],
    )
}

/// A link to an id of `n` characters that is one character off the only other long id.
pub fn long_wrong_id(n: usize) -> String {
    let long = "a".repeat(n);
    tree_of(
        "T",
        [
            question("n0", "Q", &[("A", &format!("{long}x")), ("B", "end")]),
            question(&format!("{long}b"), "R", &[("A", "end"), ("B", "n0")]),
            end(),
        ],
    )
}

/// One question, all on one line, with `n` answers alike that all lead to `end`: `2n`
/// warnings on one long line.
pub fn alike_on_one_line(n: usize) -> String {
    let choices = vec![("a", "end"); n];
    tree_of("T", [question("n0", "Q", &choices), end()]).replace('\n', " ")
}

/// A question citing one long-titled source `n` times.
pub fn cited_again(n: usize) -> String {
    let cites = vec!["\"s\""; n].join(", ");
    format!(
        "(title: \"T\", format: 1, start: \"n0\", disclaimer: \"d\", sources: {{ \"s\": (title: \"{}\", by: \"B\") }}, nodes: {{ \"n0\": Question(title: \"Q\", text: \"t\", why: \"w\", sources: [{cites}], choices: [(label: \"A\", next: \"end\"), (label: \"B\", next: \"end\")]), {} }})",
        "A long title. ".repeat(200),
        end()
    )
}

/// One question with `n` answers.
pub fn many_answers_plain(n: usize) -> String {
    let labels: Vec<String> = (0..n).map(|i| format!("answer number {i}")).collect();
    let choices: Vec<(&str, &str)> = labels.iter().map(|l| (l.as_str(), "end")).collect();
    tree_of("T", [question("n0", "Q", &choices), end()])
}

/// A tree using a chain of `n` parts files (each using the next, 50 questions each) and the
/// same chain once more from the last (each file is read once), written under `dir`; returns
/// the tree's path.
pub fn parts_chain(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("a scratch folder");
    for i in 0..n {
        let uses = if i + 1 < n {
            format!("\"p{}.parts.ron\"", i + 1)
        } else {
            "\"p0.parts.ron\"".to_string()
        };
        let nodes: Vec<String> = (0..50)
            .map(|j| {
                let next = match (j, i + 1 < n) {
                    (49, true) => format!("p{}_q0", i + 1),
                    (49, false) => "end".to_string(),
                    _ => format!("p{i}_q{}", j + 1),
                };
                question(&format!("p{i}_q{j}"), "Q", &[("Yes", "end"), ("No", &next)])
            })
            .collect();
        let text = format!(
            "(title: \"Part {i}\", format: 1, uses: [{uses}], nodes: {{\n{}\n}})\n",
            nodes.join(",\n")
        );
        std::fs::write(dir.join(format!("p{i}.parts.ron")), text).expect("a part written");
    }
    let tree = format!(
        "(title: \"Chain\", format: 1, start: \"p0_q0\", disclaimer: \"d\", uses: [\"p0.parts.ron\"], nodes: {{\n{}\n}})\n",
        end()
    );
    let path = dir.join("tree.ron");
    std::fs::write(&path, tree).expect("the tree written");
    path
}

/// A tree using a parts file that needs `n` ids the tree does not define, written under `dir`;
/// returns the tree's path.
pub fn many_needs(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("a scratch folder");
    let needs: Vec<String> = (0..n).map(|i| format!("\"need_{i}\"")).collect();
    let part = format!(
        "(title: \"Needs\", format: 1, needs: [\n{}\n], nodes: {{ {} }})\n",
        needs.join(",\n"),
        question("n0", "Q", &[("Yes", "end"), ("No", "need_0")])
    );
    std::fs::write(dir.join("needs.parts.ron"), part).expect("the part written");
    let tree = format!(
        "(title: \"Needs\", format: 1, start: \"n0\", disclaimer: \"d\", uses: [\"needs.parts.ron\"], nodes: {{\n{}\n}})\n",
        end()
    );
    let path = dir.join("tree.ron");
    std::fs::write(&path, tree).expect("the tree written");
    path
}
