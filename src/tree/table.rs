//! Decision tables: their rules read, judged by the table's hit policy over every combination
//! of answers (overlaps, conflicts, combinations no rule covers, rules never used), and turned
//! into the questions a walk asks, each only when the rules still possible disagree.
//!
//! Combinations are visited depth first, each question's answer narrowing the rules still
//! possible, so the work is the rules times the combinations they can match, and a prefix no
//! rule matches is counted whole without visiting its combinations.

use std::collections::HashMap;

use super::model::{Choice, Hit, Node, Rule, TableQuestion, TreeFile};

/// The most combinations of answers a table may have: checking visits each.
pub const MOST_COMBINATIONS: u128 = 1_000_000;

/// The most answers one question of a table may have.
pub const MOST_ANSWERS: usize = 64;

/// The most rule-answers the check of a file's tables may compare (judging them, then making
/// the walk of each): each narrowing of the rules still possible by one answer counts the rules
/// it looks at. A file over this is refused rather than checked slowly (about 1.5 s here).
pub const MOST_WORK: u64 = 100_000_000;

/// The most questions the walks of a file's tables may be made of, and the most bytes of text
/// they may copy, all tables together: a file whose tables would need more is refused by the
/// check, so expanding a tree that checked never takes much memory (each asked question copies
/// its words, and each answer the id it leads to).
pub const MOST_ASKED: usize = 100_000;
pub const MOST_ASKED_BYTES: usize = 64 << 20;

/// The most overlaps (or conflicts) reported for one table: each pair of rules once.
const PAIRS_SHOWN: usize = 20;

/// The most missing combinations named for one table (all are counted).
const MISSING_SHOWN: usize = 5;

/// Which answers of each question a rule takes, as a bit per answer.
pub type Masks = Vec<u64>;

/// A rule that cannot be read.
#[derive(Debug, PartialEq, Eq)]
pub enum Unread {
    /// It gives `cells` answers where the table has `questions` questions.
    Width { rule: usize, cells: usize },
    /// A cell names no answer of its question.
    Cell {
        rule: usize,
        question: usize,
        cell: String,
    },
}

/// Every rule read into masks, or why not. A cell is `-` (any answer), an answer's key (its
/// value, or its label), or keys joined by `|`.
pub fn read(questions: &[TableQuestion], rules: &[Rule]) -> Result<Vec<Masks>, Vec<Unread>> {
    let mut read = Vec::with_capacity(rules.len());
    let mut unread = Vec::new();
    for (r, Rule(cells, _)) in rules.iter().enumerate() {
        if cells.len() != questions.len() {
            unread.push(Unread::Width {
                rule: r,
                cells: cells.len(),
            });
            continue;
        }
        let mut masks = Vec::with_capacity(cells.len());
        for (q, (cell, question)) in cells.iter().zip(questions).enumerate() {
            match mask(question, cell) {
                Some(m) => masks.push(m),
                None => unread.push(Unread::Cell {
                    rule: r,
                    question: q,
                    cell: cell.to_string(),
                }),
            }
        }
        read.push(masks);
    }
    if unread.is_empty() {
        Ok(read)
    } else {
        Err(unread)
    }
}

/// The answers a cell takes, as a bit per answer; `None` when it names an answer the question
/// lacks.
fn mask(question: &TableQuestion, cell: &str) -> Option<u64> {
    let cell = cell.trim();
    if cell == "-" {
        return Some(all(question.answers.len()));
    }
    let mut m = 0u64;
    for key in cell.split('|') {
        let a = question
            .answers
            .iter()
            .position(|a| a.key() == key.trim())?;
        m |= 1 << a;
    }
    Some(m)
}

/// Every answer of a question of `n` answers.
fn all(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1u64 << n) - 1 }
}

/// How many combinations of answers the questions have (saturating).
pub fn combinations(questions: &[TableQuestion]) -> u128 {
    questions
        .iter()
        .fold(1u128, |c, q| c.saturating_mul(q.answers.len() as u128))
}

/// Two rules that match the same answers: the first combination they share, and how many.
#[derive(Debug, PartialEq, Eq)]
pub struct Pair {
    pub first: usize,
    pub second: usize,
    pub at: Vec<usize>,
    pub count: u128,
}

/// What the hit policy makes of a table's rules.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Unique: rules that match the same combination.
    pub overlaps: Vec<Pair>,
    /// Any: rules that match the same combination and lead to different places.
    pub conflicts: Vec<Pair>,
    /// More pairs than are listed.
    pub more_pairs: usize,
    /// Combinations no rule matches: how many, and the first few.
    pub missing: u128,
    /// Each a combination, how many of its questions are fixed (the rest take any answer),
    /// and how many combinations it stands for.
    pub missing_first: Vec<(Vec<usize>, usize, u128)>,
    /// Whether each rule decides at least one combination.
    pub used: Vec<bool>,
    /// Checking stopped at [`MOST_WORK`]: nothing above is complete.
    pub too_much: bool,
}

/// Judges the rules over every combination of answers, depth first.
pub fn judge(
    sizes: &[usize],
    masks: &[Masks],
    targets: &[&str],
    hit: Hit,
    budget: &mut u64,
) -> Verdict {
    // Where rules lead, as numbers: comparing two is one step however long the ids.
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let targets: Vec<usize> = targets
        .iter()
        .map(|t| {
            let n = ids.len();
            *ids.entry(t).or_insert(n)
        })
        .collect();
    let mut v = Verdict {
        used: vec![false; masks.len()],
        ..Verdict::default()
    };
    let mut pairs: HashMap<(usize, usize), usize> = HashMap::new();
    let mut at = vec![0usize; sizes.len()];
    let rules: Vec<usize> = (0..masks.len()).collect();
    let mut walk = Visit {
        sizes,
        masks,
        hit,
        budget: *budget,
    };
    let done = walk.visit(
        0,
        &rules,
        &mut at,
        &mut |combo, matching, weight, fixed| match matching {
            [] => {
                v.missing = v.missing.saturating_add(weight);
                if v.missing_first.len() < MISSING_SHOWN {
                    v.missing_first.push((combo.to_vec(), fixed, weight));
                }
            }
            [only] => v.used[*only] = true,
            [first, rest @ ..] => {
                v.used[*first] = true;
                if hit != Hit::First {
                    for &r in rest {
                        v.used[r] = true;
                    }
                }
                let clash = |&other: &usize| match hit {
                    Hit::Unique => true,
                    Hit::Any => targets[other] != targets[*first],
                    Hit::First => false,
                };
                for &other in rest.iter().filter(|o| clash(o)) {
                    let list = if hit == Hit::Unique {
                        &mut v.overlaps
                    } else {
                        &mut v.conflicts
                    };
                    match pairs.get(&(*first, other)) {
                        Some(&k) => list[k].count = list[k].count.saturating_add(weight),
                        None if list.len() < PAIRS_SHOWN => {
                            pairs.insert((*first, other), list.len());
                            list.push(Pair {
                                first: *first,
                                second: other,
                                at: combo.to_vec(),
                                count: weight,
                            });
                        }
                        None => v.more_pairs += 1,
                    }
                }
            }
        },
    );
    v.too_much = !done;
    *budget = walk.budget;
    v
}

/// A depth-first visit of a table's combinations, within a budget of work.
struct Visit<'a> {
    sizes: &'a [usize],
    masks: &'a [Masks],
    hit: Hit,
    budget: u64,
}

impl Visit<'_> {
    /// Visits every combination from question `q` on, `rules` being those still possible;
    /// `leaf` gets a combination, the rules matching it in order, and how many combinations it
    /// stands for: when the rules still possible take any answer to the questions left (the
    /// first of them, for first hit), or none is left, one call stands for every completion.
    /// `false` when the budget ran out.
    fn visit(
        &mut self,
        q: usize,
        rules: &[usize],
        at: &mut Vec<usize>,
        leaf: &mut impl FnMut(&[usize], &[usize], u128, usize),
    ) -> bool {
        let n = self.sizes.len();
        let open = |r: usize| {
            (q..n).all(|k| {
                let every = all(self.sizes[k]);
                self.masks[r][k] & every == every
            })
        };
        let whole = |at: &mut Vec<usize>| {
            for a in at[q..].iter_mut() {
                *a = 0;
            }
            self.sizes[q..]
                .iter()
                .fold(1u128, |w, &s| w.saturating_mul(s as u128))
        };
        if q == n {
            leaf(at, rules, 1, n);
            return true;
        }
        match rules.first() {
            None => {
                let weight = whole(at);
                leaf(at, rules, weight, q);
                return true;
            }
            Some(&first) if self.hit == Hit::First && open(first) => {
                let weight = whole(at);
                leaf(at, &[first], weight, q);
                return true;
            }
            Some(_) if self.hit != Hit::First && rules.iter().all(|&r| open(r)) => {
                let weight = whole(at);
                leaf(at, rules, weight, q);
                return true;
            }
            Some(_) => {}
        }
        for a in 0..self.sizes[q] {
            let cost = rules.len() as u64;
            if cost > self.budget {
                return false;
            }
            self.budget -= cost;
            at[q] = a;
            let narrowed: Vec<usize> = rules
                .iter()
                .copied()
                .filter(|&r| self.masks[r][q] & (1 << a) != 0)
                .collect();
            if !self.visit(q + 1, &narrowed, at, leaf) {
                return false;
            }
        }
        true
    }
}

/// A combination in the answers' words, its first `fixed` questions answered and the rest any:
/// `Exploited: No, Exposure: Internet, Severity: any`.
pub fn words(questions: &[TableQuestion], combo: &[usize], fixed: usize) -> String {
    questions
        .iter()
        .zip(combo)
        .enumerate()
        .map(|(k, (q, &a))| {
            if k < fixed {
                format!("{}: {}", q.title, q.answers[a].label)
            } else {
                format!("{}: any", q.title)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Replaces each table that reads and has only its own ways on by the questions a walk asks:
/// from the first, each asked only while the rules still possible disagree on where to go,
/// answers leading to the next question needed or to the rule's node. The table's id names its
/// first question; the others are `table.question` (and `.2`, `.3` for the same question
/// reached with other rules possible). A table that does not read, or is too large to make,
/// is left as it is: its tree has errors and is not walked.
///
/// Returns each node made after the first question, with the table's place: a jump goes to
/// the table's first question, never into it.
pub fn expand(file: &mut TreeFile) -> Vec<(usize, usize)> {
    let mut inner = Vec::new();
    let tables: Vec<usize> = file
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, (_, n))| matches!(n, Node::Table { .. }))
        .map(|(i, _)| i)
        .collect();
    // One bound for the whole tree, as the check has it.
    let mut budget = MOST_WORK;
    let mut room = (MOST_ASKED, MOST_ASKED_BYTES);
    for i in tables {
        let (id, node) = &file.nodes[i];
        let Ok((root, nodes)) = build(id, node, &mut budget, &mut room) else {
            continue;
        };
        file.nodes.replace(i, root);
        for (name, node) in nodes {
            inner.push((file.nodes.len(), i));
            file.nodes.push(name, node);
        }
    }
    inner
}

/// Why a table cannot be made into the questions a walk asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unfit {
    /// More rule-answers of work than the file has left.
    Work,
    /// More questions, or bytes of their words, than the file has left.
    Size,
    /// It does not read (its check says why).
    Unread,
}

/// Whether the table can be made into the questions a walk asks within what the file has left
/// of `budget` (work) and `room` (questions, and bytes of words), which it uses up.
pub fn fits(
    id: &str,
    node: &Node,
    budget: &mut u64,
    room: &mut (usize, usize),
) -> Result<(), Unfit> {
    build(id, node, budget, room).map(|_| ())
}

/// The table's first question (or a step read out, when nothing need be asked) and the
/// questions after it; or why not: it does not read, or needs more work than `budget` or more
/// questions or bytes of words than `room` has left.
fn build(
    id: &str,
    node: &Node,
    budget: &mut u64,
    room: &mut (usize, usize),
) -> Result<(Node, Vec<(String, Node)>), Unfit> {
    let Node::Table {
        title,
        hit,
        questions,
        rules,
        why,
        sources,
        ..
    } = node
    else {
        return Err(Unfit::Unread);
    };
    if combinations(questions) > MOST_COMBINATIONS {
        return Err(Unfit::Unread);
    }
    let masks = read(questions, rules).map_err(|_| Unfit::Unread)?;
    let mut out = Expansion {
        table: id.to_string(),
        questions,
        masks: &masks,
        targets: rules.iter().map(|r| r.1.to_string()).collect(),
        hit: *hit,
        memo: HashMap::new(),
        nodes: Vec::new(),
        names: HashMap::new(),
        budget: *budget,
        asked_left: room.0,
        bytes_left: room.1,
        ran_out: Unfit::Work,
        why: why.as_deref(),
        sources,
    };
    let all: Vec<usize> = (0..rules.len()).collect();
    let first = out.node(0, all);
    *budget = out.budget;
    *room = (out.asked_left, out.bytes_left);
    let first = first.ok_or(out.ran_out)?;
    let mut nodes = out.nodes;
    // The table's own place holds its first question (or, when nothing need be asked, a step
    // read out that leads on).
    let root = match nodes.iter().position(|(n, _)| *n == first) {
        Some(k) => nodes.remove(k).1,
        None => Node::Info {
            title: title.clone(),
            text: why.clone().unwrap_or_else(|| title.clone()),
            text_from: None,
            next: first.into(),
            why: why.clone(),
            sources: sources.clone(),
            allow: Vec::new(),
        },
    };
    Ok((root, nodes))
}

/// The questions of one table being built.
struct Expansion<'a> {
    table: String,
    questions: &'a [TableQuestion],
    masks: &'a [Masks],
    targets: Vec<String>,
    hit: Hit,
    /// The node for each question asked with each set of rules possible.
    memo: HashMap<(usize, Vec<usize>), String>,
    nodes: Vec<(String, Node)>,
    /// How many nodes each question has so far, for their names.
    names: HashMap<usize, usize>,
    /// The rule-answers it may still compare (see [`MOST_WORK`]).
    budget: u64,
    /// The questions, and bytes of their words, it may still make.
    asked_left: usize,
    bytes_left: usize,
    /// What ran out, when making stopped.
    ran_out: Unfit,
    /// The table's own why and sources, which each question it asks carries after its own.
    why: Option<&'a str>,
    sources: &'a [Box<str>],
}

impl Expansion<'_> {
    /// `left` less `used` of the room for questions and words, or `None` (and why) when there
    /// is not that much left.
    fn take(&mut self, left: usize, used: usize) -> Option<usize> {
        let rest = left.checked_sub(used);
        if rest.is_none() {
            self.ran_out = Unfit::Size;
        }
        rest
    }

    /// Where the walk goes from question `q` on with `possible` rules: a rule's node when they
    /// agree, else a question (made once for each set of rules possible); `None` past the
    /// budget.
    fn node(&mut self, mut q: usize, possible: Vec<usize>) -> Option<String> {
        loop {
            if let Some(to) = self.decided(q, &possible) {
                return Some(to);
            }
            if q == self.questions.len() {
                // Only in a table with errors: no rule, or rules that disagree.
                return Some(
                    possible
                        .first()
                        .map_or(String::new(), |&r| self.targets[r].clone()),
                );
            }
            // A question no possible rule cares about is not asked.
            let every = all(self.questions[q].answers.len());
            if possible.iter().all(|&r| self.masks[r][q] & every == every) {
                q += 1;
                continue;
            }
            break;
        }
        if let Some(name) = self.memo.get(&(q, possible.clone())) {
            return Some(name.clone());
        }
        let question = &self.questions[q];
        let bytes = question.title.len()
            + question.text.len()
            + question.why.as_ref().map_or(0, |w| w.len())
            + self.why.map_or(0, str::len)
            + question
                .answers
                .iter()
                .map(|a| a.label.len() + a.key().len())
                .sum::<usize>();
        self.asked_left = self.take(self.asked_left, 1)?;
        self.bytes_left = self.take(self.bytes_left, bytes)?;
        let n = self.names.entry(q).or_insert(0);
        *n += 1;
        let name = if self.memo.is_empty() {
            self.table.clone()
        } else if *n == 1 {
            format!("{}.{}", self.table, question.id)
        } else {
            format!("{}.{}.{n}", self.table, question.id)
        };
        self.memo.insert((q, possible.clone()), name.clone());
        let mut choices = Vec::with_capacity(question.answers.len());
        for (a, answer) in question.answers.iter().enumerate() {
            let Some(left) = self.budget.checked_sub(possible.len() as u64) else {
                self.ran_out = Unfit::Work;
                return None;
            };
            self.budget = left;
            let narrowed: Vec<usize> = possible
                .iter()
                .copied()
                .filter(|&r| self.masks[r][q] & (1 << a) != 0)
                .collect();
            let next = self.node(q + 1, narrowed)?;
            // The id each answer leads to is copied too.
            self.bytes_left = self.take(self.bytes_left, next.len())?;
            choices.push(Choice {
                label: answer.label.clone(),
                value: Some(answer.key().into()),
                next: next.into(),
                positive: false,
                unsure: false,
            });
        }
        self.nodes.push((
            name.clone(),
            Node::Question {
                title: question.title.clone(),
                text: question.text.clone(),
                text_from: None,
                red_flag: false,
                choices,
                why: match (question.why.as_deref(), self.why) {
                    (Some(own), Some(table)) => Some(format!("{own}\n{table}").into()),
                    (own, table) => own.or(table).map(Into::into),
                },
                sources: {
                    let mut all = question.sources.clone();
                    all.extend(
                        self.sources
                            .iter()
                            .filter(|s| !question.sources.contains(s))
                            .cloned(),
                    );
                    all
                },
                allow: Vec::new(),
            },
        ));
        Some(name)
    }

    /// Where the walk goes if the rules still possible decide it whatever the answers to the
    /// questions from `q` on: the first rule, if it takes any answer to them (first hit), or
    /// the one place every possible rule leads to (unique and any: a checked table covers
    /// every combination).
    fn decided(&self, q: usize, possible: &[usize]) -> Option<String> {
        let &first = possible.first()?;
        let open = |r: usize| {
            (q..self.questions.len()).all(|k| {
                let every = all(self.questions[k].answers.len());
                self.masks[r][k] & every == every
            })
        };
        let agree = possible
            .iter()
            .all(|&r| self.targets[r] == self.targets[first]);
        let decided = match self.hit {
            Hit::First => open(first) || agree,
            Hit::Unique | Hit::Any => agree,
        };
        decided.then(|| self.targets[first].clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of four yes/no questions with a rule for each combination, as a node.
    fn full_table() -> Node {
        let questions: String = (0..4)
            .map(|q| format!("(id: \"q{q}\", title: \"Q{q}\", text: \"{}\", answers: [(label: \"Y\", value: \"y\"), (label: \"N\", value: \"n\")]),", "x".repeat(100)))
            .collect();
        let rules: String = (0..16)
            .map(|c: usize| {
                let cells: Vec<&str> = (0..4)
                    .map(|q| if c >> q & 1 == 1 { "\"y\"" } else { "\"n\"" })
                    .collect();
                format!("([{}], \"o{}\"),", cells.join(", "), c % 3)
            })
            .collect();
        crate::tree::decode_as(&format!(
            "Table(title: \"T\", questions: [{questions}], rules: [{rules}])"
        ))
        .unwrap()
    }

    #[test]
    fn a_walk_too_large_to_keep_is_not_made() {
        let table = full_table();
        let mut budget = MOST_WORK;
        let (_, asked) = build("t", &table, &mut budget, &mut (100, 1 << 20)).unwrap();
        // One question at the top, then two, four and eight below it.
        assert_eq!(asked.len(), 14);
        assert_eq!(
            fits("t", &table, &mut MOST_WORK.clone(), &mut (10, 1 << 20)),
            Err(Unfit::Size)
        );
        assert_eq!(
            fits("t", &table, &mut MOST_WORK.clone(), &mut (100, 1_000)),
            Err(Unfit::Size)
        );
        // The room is shared: a second table finds less of it.
        let mut room = (25, 1 << 20);
        assert_eq!(fits("t", &table, &mut MOST_WORK.clone(), &mut room), Ok(()));
        assert_eq!(
            fits("u", &table, &mut MOST_WORK.clone(), &mut room),
            Err(Unfit::Size)
        );
        // The work is bounded too, and shared by whoever holds the budget.
        assert_eq!(
            fits("t", &table, &mut 10, &mut (100, 1 << 20)),
            Err(Unfit::Work)
        );
    }
}
