//! Decision tables: load + check (and expanding the table into the questions a walk asks) of a
//! table of 4 questions of 4 answers (256 combinations, a rule each), then of generated tables
//! growing in rules (to 100,000) and in combinations (to the 1,000,000 bound), and one past the
//! bound of work, refused. Each cell of a generated rule is an answer or, one time in two, any; the policy is
//! first hit, so every table checks (rules the earlier ones cover are warned of).
//!
//! `cargo bench --bench tables`.

#[path = "support/timing.rs"]
mod timing;

use tread::tree;

/// A tree of one table: `questions` questions of `answers` answers, and `rules` rules from a
/// fixed seed, the last taking any answer so every combination is covered.
fn table(questions: usize, answers: usize, rules: usize, hit: &str, full: bool) -> String {
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut text = String::from(
        "(title: \"T\", format: 2, start: \"t\", disclaimer: \"d\", nodes: {\n\"t\": Table(title: \"T\", hit: ",
    );
    text.push_str(hit);
    text.push_str(", questions: [\n");
    for q in 0..questions {
        text.push_str(&format!(
            "(id: \"q{q}\", title: \"Q{q}\", text: \"Q{q}?\", why: \"w\", answers: ["
        ));
        for a in 0..answers {
            text.push_str(&format!("(label: \"A{a}\", value: \"a{a}\"), "));
        }
        text.push_str("]),\n");
    }
    text.push_str("], rules: [\n");
    if full {
        // One rule for each combination, in order.
        let total = answers.pow(questions as u32);
        for mut c in 0..total {
            let mut cells = Vec::new();
            for _ in 0..questions {
                cells.push(format!("\"a{}\"", c % answers));
                c /= answers;
            }
            text.push_str(&format!("([{}], \"o{}\"),\n", cells.join(", "), c % 4));
        }
    } else {
        for r in 0..rules {
            let cells: Vec<String> = (0..questions)
                .map(|_| {
                    let n = next();
                    if r + 1 == rules || n % 2 == 0 {
                        "\"-\"".to_string()
                    } else {
                        format!("\"a{}\"", (n >> 8) % answers as u64)
                    }
                })
                .collect();
            text.push_str(&format!("([{}], \"o{}\"),\n", cells.join(", "), r % 4));
        }
    }
    text.push_str("], why: \"w\"),\n");
    for o in 0..4 {
        text.push_str(&format!(
            "\"o{o}\": Outcome(title: \"O{o}\", urgency: Routine, action: \"Go.\", advice: [\"a\"], safety_net: [\"n\"], steps: [\"s\"], why: \"w\"),\n"
        ));
    }
    text.push_str("})\n");
    text
}

fn time(text: &str) -> (f64, bool) {
    let walks = tree::load_text(text.to_string()).walkable().is_some();
    let t = timing::median(5, || tree::load_text(text.to_string()).walkable());
    (t, walks)
}

fn main() {
    let (t, walks) = time(&table(4, 4, 0, "Unique", true));
    println!(
        "4 questions of 4 answers (256 combinations, a rule each, unique): load + check + expand {:.2} ms (walks: {walks})",
        t * 1e3
    );
    println!("rules growing, 4 questions of 10 answers (10,000 combinations), first hit:");
    let mut points = Vec::new();
    for rules in [12_500, 25_000, 50_000, 100_000] {
        let (t, walks) = time(&table(4, 10, rules, "First", false));
        println!("  {rules:>7} rules: {:>8.1} ms (walks: {walks})", t * 1e3);
        points.push((rules as f64, t));
    }
    println!("  growth: rules^{:.2}", timing::growth_exponent(&points));
    println!("combinations growing, 1,000 rules, first hit:");
    let mut points = Vec::new();
    for (questions, combinations) in [(3, 1_000), (4, 10_000), (5, 100_000), (6, 1_000_000)] {
        let (t, walks) = time(&table(questions, 10, 1_000, "First", false));
        println!(
            "  {combinations:>9} combinations: {:>8.1} ms (walks: {walks})",
            t * 1e3
        );
        points.push((combinations as f64, t));
    }
    println!(
        "  growth: combinations^{:.2}",
        timing::growth_exponent(&points)
    );
    // Past the bound of work: refused, and how soon.
    let (t, walks) = time(&table(6, 10, 100_000, "First", false));
    println!(
        "100,000 rules over 1,000,000 combinations: refused (table-too-large) in {:.1} ms (walks: {walks})",
        t * 1e3
    );
}
