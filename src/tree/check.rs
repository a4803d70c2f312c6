//! The checks that run over a decoded tree: links, ids, texts, sources and the shape of the graph.
//!
//! Every problem is found in one run. Graph passes are iterative, so a 100,000-node chain cannot
//! overflow the stack.

use std::collections::{HashMap, HashSet};

use super::date;
use super::index::Index;
use super::lint;
use super::model::{Link, Node, NodeId, TreeFile};
use super::place::Place;
use super::problem::{LinkFrom, Problem, TOO_LONG};
use super::suggest::closest;
use time::Date;

/// A set of ids (hashed with foldhash, as in the index: every node cites its sources).
type Ids<'t> = HashSet<&'t str, foldhash::fast::RandomState>;

/// A problem and the place it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What is wrong.
    pub problem: Problem,
    /// Where.
    pub place: Place,
    /// Another place it involves: where a repeated id was first defined.
    pub also: Option<Place>,
}

/// What a check covers beyond one tree file on its own.
pub struct Scope<'t> {
    /// Ids defined elsewhere (a parts file's `needs`): a link to one is not dangling.
    pub external: Option<&'t HashSet<Box<str>>>,
    /// A parts file on its own: it has no start, and every node counts as reached.
    pub parts: bool,
    /// Nodes from this position on, and sources from `sources_from` on, come from files the
    /// tree uses: other trees may use what this one does not, so no "unreachable" or "never
    /// cited" for them.
    pub nodes_from: usize,
    pub sources_from: usize,
}

impl Scope<'_> {
    /// A tree file on its own.
    pub fn alone(tree: &TreeFile) -> Scope<'static> {
        Scope {
            external: None,
            parts: false,
            nodes_from: tree.nodes.len(),
            sources_from: tree.sources.len(),
        }
    }
}

/// Runs every check over a decoded tree.
pub fn check(tree: &TreeFile, index: &Index, today: Date, scope: &Scope) -> Vec<Finding> {
    let mut out = Checker {
        tree,
        index,
        today,
        scope,
        findings: Vec::new(),
        guesses: GUESSES,
        scale: super::scale::Scale::of(&tree.scale),
        work: super::table::MOST_WORK,
        room: (super::table::MOST_ASKED, super::table::MOST_ASKED_BYTES),
    };
    out.header();
    let cited = out.nodes();
    out.sources(&cited);
    out.glossary();
    out.graph();
    out.allowed();
    out.findings
}

struct Checker<'t> {
    tree: &'t TreeFile,
    scope: &'t Scope<'t>,
    /// The tree's ids and links, resolved.
    index: &'t Index,
    /// The day the check runs, for a review that has fallen due.
    today: Date,
    findings: Vec<Finding>,
    /// How many more "did you mean" searches this file may have (see [`GUESSES`]).
    guesses: usize,
    /// The levels outcomes may take.
    scale: super::scale::Scale,
    /// The rule-answers the file's decision tables may still compare (see
    /// [`super::table::MOST_WORK`]): one bound for the file, however many tables it has.
    work: u64,
    /// The questions, and bytes of their words, the file's tables' walks may still take.
    room: (usize, usize),
}

/// Each "did you mean" compares a wrong id with every id, so a file gets this many: enough for
/// any file a person wrote, and a file with thousands of wrong ids is still checked in linear
/// time (the rest are reported without a guess).
const GUESSES: usize = 50;

/// How many glossary terms are looked for in the texts: each costs a pass over them.
const TERMS_LOOKED_UP: usize = 200;

/// `true` for lower-case ASCII snake_case: a letter, then letters, digits and `_`.
pub fn is_snake_case(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Where a link sits in the file.
fn link_place(node: usize, link: Link) -> Place {
    match link {
        Link::Next(_) => Place::NodeField(node, "next"),
        Link::Choice(j, _) => Place::ChoiceNext(node, j),
        Link::Item(_) => Place::Item(node, "items", 0),
        Link::Rule(j, _) => Place::Item(node, "rules", j),
    }
}

impl<'t> Checker<'t> {
    /// The scale's levels, each once and in words; the words, each said; and both only in a
    /// file of format 2.
    fn scale_and_words(&mut self) {
        let tree = self.tree;
        let words = &tree.words;
        let given = [
            ("banner", &words.banner),
            ("ask", &words.ask),
            ("say", &words.say),
            ("call_back", &words.call_back),
            ("you_do", &words.you_do),
        ];
        if tree.format == 1 {
            if !tree.scale.is_empty() {
                self.push(
                    Problem::NeedsFormat2 { field: "scale" },
                    Place::Field("scale"),
                );
            }
            if given.iter().any(|(_, w)| w.is_some()) {
                self.push(
                    Problem::NeedsFormat2 { field: "words" },
                    Place::Field("words"),
                );
            }
        }
        for (field, text) in given {
            if let Some(text) = text {
                self.text(
                    field,
                    "the tree's words",
                    text,
                    Place::Within("words", field),
                );
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (i, level) in tree.scale.iter().enumerate() {
            if !seen.insert(level.id.name()) {
                self.push(
                    Problem::DuplicateLevel {
                        level: level.id.name().to_string(),
                    },
                    Place::ListItem("scale", i),
                );
            }
            self.text(
                "label",
                level.id.name(),
                &level.label,
                Place::ListItem("scale", i),
            );
        }
    }

    /// A decision table: its questions and answers each once and in words, its rules read,
    /// and then, by its hit policy over every combination of answers, its overlaps or
    /// conflicts, the combinations no rule covers, and rules that decide nothing.
    fn table(
        &mut self,
        i: usize,
        id: &str,
        hit: super::model::Hit,
        questions: &[super::model::TableQuestion],
        rules: &[super::model::Rule],
    ) {
        use super::table;
        if self.tree.format == 1 {
            self.push(Problem::NeedsFormat2 { field: "Table" }, Place::NodeKey(i));
        }
        let empty = |what| Problem::EmptyTable {
            id: id.to_string(),
            what,
        };
        if questions.is_empty() {
            self.push(empty("no questions"), Place::NodeField(i, "questions"));
        }
        if rules.is_empty() {
            self.push(empty("no rules"), Place::NodeField(i, "rules"));
        }
        let twice = |what, name: &str| Problem::TableTwice {
            id: id.to_string(),
            what,
            name: name.to_string(),
        };
        let mut ids = std::collections::HashSet::new();
        for (q, question) in questions.iter().enumerate() {
            let at = Place::Item(i, "questions", q);
            if !is_snake_case(&question.id) {
                let what = "table question";
                self.push(
                    Problem::BadId {
                        id: question.id.to_string(),
                        what,
                    },
                    at,
                );
            }
            if !ids.insert(&*question.id) {
                self.push(twice("question", &question.id), at);
            }
            self.text("title", id, &question.title, at);
            self.said("text", id, &question.text, at);
            if question.answers.len() < 2 {
                self.push(empty("a question with fewer than two answers"), at);
            }
            if question.answers.len() > table::MOST_ANSWERS {
                let why = format!(
                    "question `{}` has {} answers, and a table's question may have at most {}",
                    question.id,
                    question.answers.len(),
                    table::MOST_ANSWERS
                );
                let id = id.to_string();
                self.push(Problem::TableTooLarge { id, why }, at);
                return;
            }
            let mut keys = std::collections::HashSet::new();
            for answer in &question.answers {
                self.said("label", id, &answer.label, at);
                if !keys.insert(answer.key()) {
                    self.push(twice("answer", answer.key()), at);
                }
                if let Some(value) = &answer.value
                    && (!is_snake_case(value) || &**value == "-")
                {
                    let what = "answer value";
                    self.push(
                        Problem::BadId {
                            id: value.to_string(),
                            what,
                        },
                        at,
                    );
                }
            }
            if question.why.is_none() {
                self.push(
                    Problem::MissingWhy {
                        id: format!("{id}.{}", question.id),
                        kind: "table question",
                    },
                    at,
                );
            }
        }
        // A question of one answer (or none) is reported above; checking further would only
        // go deep for nothing.
        if questions.is_empty() || rules.is_empty() || questions.iter().any(|q| q.answers.len() < 2)
        {
            return;
        }
        let combinations = table::combinations(questions);
        if combinations > table::MOST_COMBINATIONS {
            let why = format!(
                "it has {combinations} combinations of answers, more than the {} tread checks",
                table::MOST_COMBINATIONS
            );
            let id = id.to_string();
            self.push(
                Problem::TableTooLarge { id, why },
                Place::NodeField(i, "questions"),
            );
            return;
        }
        let masks = match table::read(questions, rules) {
            Ok(masks) => masks,
            Err(unread) => {
                for u in unread {
                    match u {
                        table::Unread::Width { rule, cells } => self.push(
                            Problem::RuleWidth {
                                id: id.to_string(),
                                rule,
                                cells,
                                questions: questions.len(),
                            },
                            Place::Item(i, "rules", rule),
                        ),
                        table::Unread::Cell {
                            rule,
                            question,
                            cell,
                        } => {
                            let q = &questions[question];
                            let mut keys: Vec<&str> = q.answers.iter().map(|a| a.key()).collect();
                            keys.push("-");
                            // Each key of a set alone, for the nearest to the one mistyped.
                            let bad = cell
                                .split('|')
                                .map(str::trim)
                                .find(|k| !keys.contains(k))
                                .unwrap_or(&cell)
                                .to_string();
                            let guess = self.guess(&bad, keys.into_iter());
                            self.push(
                                Problem::UnknownCell {
                                    id: id.to_string(),
                                    rule,
                                    question: q.id.to_string(),
                                    cell,
                                    guess: guess.map(Box::new),
                                },
                                Place::Item(i, "rules", rule),
                            );
                        }
                    }
                }
                return;
            }
        };
        let sizes: Vec<usize> = questions.iter().map(|q| q.answers.len()).collect();
        let targets: Vec<&str> = rules.iter().map(|r| &*r.1).collect();
        let verdict = table::judge(&sizes, &masks, &targets, hit, &mut self.work);
        let refused = |why: String| Problem::TableTooLarge {
            id: id.to_string(),
            why,
        };
        if verdict.too_much {
            let why = format!(
                "checking the file's tables would compare more than {} rule-answers",
                table::MOST_WORK
            );
            self.push(refused(why), Place::NodeField(i, "rules"));
            return;
        }
        // A table the walk could not be made of, in the same bound of work, or in questions
        // too many to keep.
        let node = &self.tree.nodes[i].1;
        let why = match table::fits(id, node, &mut self.work, &mut self.room) {
            Ok(()) | Err(table::Unfit::Unread) => None,
            Err(table::Unfit::Work) => Some(format!(
                "making the walks of the file's tables would take more than {} rule-answers of work",
                table::MOST_WORK
            )),
            Err(table::Unfit::Size) => Some(format!(
                "the walks of the file's tables would need more than {} questions or {} MiB of words",
                table::MOST_ASKED,
                table::MOST_ASKED_BYTES >> 20
            )),
        };
        if let Some(why) = why {
            self.push(refused(why), Place::NodeField(i, "rules"));
            return;
        }
        for (pairs, conflict) in [(&verdict.overlaps, false), (&verdict.conflicts, true)] {
            for (k, p) in pairs.iter().enumerate() {
                // The last reported says how many pairs are not.
                let more = if k + 1 == pairs.len() {
                    verdict.more_pairs
                } else {
                    0
                };
                let (rule, other, at, count) = (
                    p.second,
                    p.first,
                    table::words(questions, &p.at, p.at.len()),
                    p.count as u64,
                );
                let id = id.to_string();
                let problem = if conflict {
                    Problem::RulesConflict {
                        id,
                        rule,
                        other,
                        at,
                        count,
                        more,
                    }
                } else {
                    Problem::RulesOverlap {
                        id,
                        rule,
                        other,
                        at,
                        count,
                        more,
                    }
                };
                self.findings.push(Finding {
                    problem,
                    place: Place::Item(i, "rules", p.second),
                    also: Some(Place::Item(i, "rules", p.first)),
                });
            }
        }
        if verdict.missing > 0 {
            self.push(
                Problem::MissingCombinations {
                    id: id.to_string(),
                    count: u64::try_from(verdict.missing).unwrap_or(u64::MAX),
                    shown: verdict
                        .missing_first
                        .iter()
                        .map(|(_, _, w)| u64::try_from(*w).unwrap_or(u64::MAX))
                        .fold(0u64, u64::saturating_add),
                    first: verdict
                        .missing_first
                        .iter()
                        .map(|(c, fixed, _)| table::words(questions, c, *fixed))
                        .collect(),
                },
                Place::NodeField(i, "rules"),
            );
        }
        for (rule, used) in verdict.used.iter().enumerate() {
            if !used {
                self.push(
                    Problem::RuleNeverUsed {
                        id: id.to_string(),
                        rule,
                    },
                    Place::Item(i, "rules", rule),
                );
            }
        }
    }

    /// Each node's `allow`: its codes checked, and the warnings it names dropped for it.
    fn allowed(&mut self) {
        let nodes = &self.tree.nodes;
        if nodes.iter().all(|(_, n)| n.allow().is_empty()) {
            return;
        }
        let allows = |i: usize, code: &str| {
            nodes
                .get(i)
                .is_some_and(|(_, n)| n.allow().iter().any(|a| &**a == code))
        };
        self.findings.retain(|f| {
            f.problem.severity() == super::Severity::Error
                || !f.place.node().is_some_and(|i| allows(i, f.problem.code()))
        });
        for (i, (id, node)) in nodes.iter().enumerate() {
            for (j, code) in node.allow().iter().enumerate() {
                if Problem::WARNING_CODES.contains(&&**code) {
                    continue;
                }
                let problem = Problem::BadAllow {
                    id: id.clone(),
                    code: code.to_string(),
                    error: Problem::CODES.contains(&&**code),
                };
                self.push(problem, Place::Item(i, "allow", j));
            }
        }
    }

    fn push(&mut self, problem: Problem, place: Place) {
        self.findings.push(Finding {
            problem,
            place,
            also: None,
        });
    }

    fn header(&mut self) {
        let tree = self.tree;
        if !super::model::format_known(tree.format) {
            self.push(
                Problem::UnsupportedFormat { found: tree.format },
                Place::Field("format"),
            );
        }
        self.scale_and_words();
        self.text("title", "the tree", &tree.title, Place::Field("title"));
        if self.scope.parts {
            // A parts file has no start, disclaimer or sign-off of its own.
            return;
        }
        self.text(
            "disclaimer",
            "the tree",
            &tree.disclaimer,
            Place::Field("disclaimer"),
        );
        for (field, text) in [("version", &tree.version), ("locale", &tree.locale)] {
            if let Some(text) = text {
                self.text(field, "the tree", text, Place::Field(field));
            }
        }
        if let Some(sign_off) = &tree.signed_off {
            let by = Place::Within("signed_off", "by");
            self.text("by", "signed_off", &sign_off.by, by);
            self.date(
                "signed_off.on",
                &sign_off.on,
                Place::Within("signed_off", "on"),
            );
        }
        if let Some(due) = &tree.review_due
            && let Some(date) = self.date("review_due", due, Place::Field("review_due"))
            && date < self.today
        {
            self.push(
                Problem::ReviewOverdue {
                    due: due.to_string(),
                },
                Place::Field("review_due"),
            );
        }
        if self.index.find(&tree.nodes, &tree.start).is_none() {
            let suggestion = self.suggest_node(&tree.start);
            self.push(
                Problem::DanglingLink {
                    target: tree.start.to_string(),
                    from: LinkFrom::Start,
                    suggestion,
                },
                Place::Field("start"),
            );
        }
    }

    /// A date, or a problem where it should be.
    fn date(&mut self, field: &'static str, text: &str, place: Place) -> Option<Date> {
        let date = date::parse(text);
        if date.is_none() {
            self.push(
                Problem::BadDate {
                    field,
                    found: text.to_string(),
                },
                place,
            );
        }
        date
    }

    fn suggest_node(&mut self, id: &str) -> Option<super::Guess> {
        let tree = self.tree;
        self.guess(id, tree.nodes.iter().map(|(k, _)| k.as_str()))
    }

    /// The closest of the candidates, while the file has guesses left.
    fn guess<'a>(
        &mut self,
        word: &str,
        candidates: impl Iterator<Item = &'a str>,
    ) -> Option<super::Guess> {
        self.guesses = self.guesses.checked_sub(1)?;
        closest(word, candidates)
    }

    /// An empty or control-laden text.
    fn text(&mut self, field: &'static str, id: &str, text: &str, place: Place) {
        self.empty_or_control(field, id, text, lint::control_char(text), place);
    }

    /// An empty text, or one holding the control character `control`.
    fn empty_or_control(
        &mut self,
        field: &'static str,
        id: &str,
        text: &str,
        control: Option<char>,
        place: Place,
    ) {
        if text.trim().is_empty() {
            self.push(
                Problem::EmptyText {
                    field,
                    id: id.to_string(),
                },
                place,
            );
        } else if let Some(char) = control {
            self.push(
                Problem::ControlChar {
                    field,
                    id: id.to_string(),
                    char,
                },
                place,
            );
        }
        // A text this short in bytes is this short in characters.
        if text.len() > TOO_LONG {
            let chars = text.chars().count();
            if chars > TOO_LONG {
                let id = id.to_string();
                self.push(Problem::TooLong { field, id, chars }, place);
            }
        }
    }

    /// A text to be read aloud: as [`Checker::text`], and short enough to say in one breath.
    /// One pass over the text finds both.
    fn said(&mut self, field: &'static str, id: &str, text: &str, place: Place) {
        let (control, too_long) = lint::scan(text);
        self.empty_or_control(field, id, text, control, place);
        if let Some(chars) = too_long {
            self.push(
                Problem::LongText {
                    field,
                    id: id.to_string(),
                    chars,
                },
                place,
            );
        }
    }

    /// A name people tell apart by eye: no look-alike characters.
    fn name(&mut self, field: &'static str, id: &str, text: &str, place: Place) {
        if let Some((char, kind)) = lint::look_alike(text) {
            self.push(
                Problem::LookAlike {
                    field,
                    id: id.to_string(),
                    char,
                    kind,
                },
                place,
            );
        }
    }

    /// Two choices of a question with the same words (whatever their case, and however their
    /// accents are encoded), or the same destination. One pass: each label and target is looked
    /// up among those before it.
    fn twin_choices(&mut self, i: usize, id: &str, choices: &[super::model::Choice]) {
        let targets = self.index.targets(NodeId(i as u32));
        let mut words: HashMap<String, usize, foldhash::fast::RandomState> = HashMap::default();
        let mut ends: HashMap<NodeId, usize, foldhash::fast::RandomState> = HashMap::default();
        for (j, choice) in choices.iter().enumerate() {
            let k = *words.entry(lint::same_words(&choice.label)).or_insert(j);
            if k < j {
                let problem = Problem::DuplicateLabel {
                    id: id.to_string(),
                    label: choice.label.to_string(),
                };
                let also = Some(Place::ChoiceLabel(i, k));
                self.findings.push(Finding {
                    problem,
                    place: Place::ChoiceLabel(i, j),
                    also,
                });
            }
            // An answer for the caller who is not sure goes the way of a "yes" on purpose.
            let Some(target) = targets[j].filter(|_| !choice.unsure) else {
                continue;
            };
            let k = *ends.entry(target).or_insert(j);
            if k < j {
                let problem = Problem::SameTarget {
                    id: id.to_string(),
                    target: choice.next.to_string(),
                };
                let also = Some(Place::ChoiceNext(i, k));
                self.findings.push(Finding {
                    problem,
                    place: Place::ChoiceNext(i, j),
                    also,
                });
            }
        }
    }

    /// Per-node checks; returns which sources are cited.
    fn nodes(&mut self) -> Ids<'t> {
        let tree = self.tree;
        let declared: Ids = tree.sources.iter().map(|(k, _)| k.as_str()).collect();
        let mut cited = Ids::default();
        for (i, (id, node)) in tree.nodes.iter().enumerate() {
            if !is_snake_case(id) {
                self.push(
                    Problem::BadId {
                        id: id.clone(),
                        what: "node",
                    },
                    Place::NodeKey(i),
                );
            }
            let first = self.index.first(NodeId(i as u32)).index();
            if first != i {
                let problem = Problem::DuplicateNode { id: id.clone() };
                let also = Some(Place::NodeKey(first));
                self.findings.push(Finding {
                    problem,
                    place: Place::NodeKey(i),
                    also,
                });
            }
            self.name("id", id, id, Place::NodeKey(i));
            self.text("title", id, node.title(), Place::NodeField(i, "title"));
            self.name("title", id, node.title(), Place::NodeField(i, "title"));
            if let Some(why) = node.why() {
                self.text("why", id, why, Place::NodeField(i, "why"));
            }
            match node {
                Node::Question {
                    text,
                    choices,
                    why,
                    red_flag,
                    ..
                } => {
                    self.said("text", id, text, Place::NodeField(i, "text"));
                    if choices.len() > 9 {
                        self.push(
                            Problem::ManyChoices {
                                id: id.clone(),
                                count: choices.len(),
                            },
                            Place::NodeField(i, "choices"),
                        );
                    }
                    if *red_flag && !choices.is_empty() && !choices.iter().any(|c| c.positive) {
                        self.push(
                            Problem::NoPositive { id: id.clone() },
                            Place::NodeField(i, "choices"),
                        );
                    }
                    if choices.is_empty() {
                        self.push(
                            Problem::NoChoices { id: id.clone() },
                            Place::NodeField(i, "choices"),
                        );
                    }
                    for (j, choice) in choices.iter().enumerate() {
                        self.said("label", id, &choice.label, Place::ChoiceLabel(i, j));
                        self.name("label", id, &choice.label, Place::ChoiceLabel(i, j));
                        if let Some(value) = &choice.value
                            && !is_snake_case(value)
                        {
                            let what = "answer value";
                            self.push(
                                Problem::BadId {
                                    id: value.to_string(),
                                    what,
                                },
                                Place::ChoiceLabel(i, j),
                            );
                        }
                    }
                    self.twin_choices(i, id, choices);
                    let unsure = choices.iter().filter(|c| c.unsure).count();
                    if unsure > 1 {
                        self.push(
                            Problem::ManyUnsure {
                                id: id.clone(),
                                count: unsure,
                            },
                            Place::NodeField(i, "choices"),
                        );
                    }
                    if why.is_none() {
                        self.push(
                            Problem::MissingWhy {
                                id: id.clone(),
                                kind: "Question",
                            },
                            Place::NodeKey(i),
                        );
                    }
                }
                Node::Info { text, .. } => self.said("text", id, text, Place::NodeField(i, "text")),
                Node::Table {
                    hit,
                    questions,
                    rules,
                    ..
                } => self.table(i, id, *hit, questions, rules),
                Node::Checklist { text, items, .. } => {
                    self.said("text", id, text, Place::NodeField(i, "text"));
                    self.checklist(i, id, items);
                }
                Node::Outcome {
                    urgency,
                    action,
                    advice,
                    safety_net,
                    steps,
                    why,
                    ..
                } => {
                    self.said("action", id, action, Place::NodeField(i, "action"));
                    if advice.is_empty() {
                        self.push(Problem::NoAdvice { id: id.clone() }, Place::NodeKey(i));
                    }
                    if steps.is_empty() {
                        self.push(Problem::NoSteps { id: id.clone() }, Place::NodeKey(i));
                    }
                    if self.scale.rank(urgency).is_none() {
                        // The level ids are gathered only while guesses are left: 50 a file.
                        let guess = if self.guesses > 0 {
                            let ids: Vec<String> = self
                                .scale
                                .levels()
                                .iter()
                                .map(|l| l.id.name().to_string())
                                .collect();
                            self.guess(urgency.name(), ids.iter().map(String::as_str))
                        } else {
                            None
                        };
                        self.push(
                            Problem::UnknownLevel {
                                id: id.clone(),
                                level: urgency.name().to_string(),
                                guess,
                            },
                            Place::NodeField(i, "urgency"),
                        );
                    }
                    // The scale's first level sends help now: nothing to come back for.
                    if safety_net.is_empty() && self.scale.rank(urgency).is_some_and(|r| r > 0) {
                        self.push(Problem::NoSafetyNet { id: id.clone() }, Place::NodeKey(i));
                    }
                    for (field, list) in [
                        ("advice", advice),
                        ("safety_net", safety_net),
                        ("steps", steps),
                    ] {
                        for (j, text) in list.iter().enumerate() {
                            self.said(field, id, text, Place::Item(i, field, j));
                        }
                    }
                    if why.is_none() {
                        self.push(
                            Problem::MissingWhy {
                                id: id.clone(),
                                kind: "Outcome",
                            },
                            Place::NodeKey(i),
                        );
                    }
                }
            }
            for (link, target) in node.links().zip(self.index.targets(NodeId(i as u32))) {
                // A checklist's items are checked together, the first with the rest; an id
                // another file defines is no dangling link.
                if target.is_none()
                    && !matches!(link, Link::Item(_))
                    && !self
                        .scope
                        .external
                        .is_some_and(|e| e.contains(link.target()))
                {
                    let from = match node.label_of(link) {
                        Some(label) => LinkFrom::Choice(label.to_string()),
                        None => LinkFrom::Next,
                    };
                    let target = link.target().to_string();
                    let suggestion = self.suggest_node(&target);
                    self.push(
                        Problem::DanglingLink {
                            target,
                            from,
                            suggestion,
                        },
                        link_place(i, link),
                    );
                }
            }
            let mut cites = Ids::default();
            let mut repeated = Ids::default();
            for (j, source) in node.sources().iter().enumerate() {
                if !cites.insert(&**source) {
                    // Once for each source cited again, however often.
                    if !repeated.insert(&**source) {
                        continue;
                    }
                    self.push(
                        Problem::RepeatedCitation {
                            id: id.clone(),
                            source: source.to_string(),
                        },
                        Place::Item(i, "sources", j),
                    );
                    continue;
                }
                if declared.contains(&**source) {
                    cited.insert(&**source);
                } else {
                    let suggestion =
                        self.guess(source, tree.sources.iter().map(|(k, _)| k.as_str()));
                    self.push(
                        Problem::UnknownSource {
                            source: source.to_string(),
                            suggestion,
                        },
                        Place::Item(i, "sources", j),
                    );
                }
            }
            // A table's questions cite sources of their own.
            if let Node::Table { questions, .. } = node {
                for (q, question) in questions.iter().enumerate() {
                    for source in &question.sources {
                        if declared.contains(&**source) {
                            cited.insert(&**source);
                            continue;
                        }
                        let suggestion =
                            self.guess(source, tree.sources.iter().map(|(k, _)| k.as_str()));
                        self.push(
                            Problem::UnknownSource {
                                source: source.to_string(),
                                suggestion,
                            },
                            Place::Item(i, "questions", q),
                        );
                    }
                }
            }
        }
        cited
    }

    /// A checklist's items: each a question the tree has, listed once, with a "yes" for a mark
    /// to take and one "no" that leads to the next item. At most nine, one for each key.
    fn checklist(&mut self, i: usize, id: &str, items: &[Box<str>]) {
        let tree = self.tree;
        let id = id.to_string();
        if items.is_empty() {
            self.push(Problem::NoItems { id }, Place::NodeField(i, "items"));
            return;
        }
        if items.len() > 9 {
            let count = items.len();
            let problem = Problem::ManyItems {
                id: id.clone(),
                count,
            };
            self.push(problem, Place::NodeField(i, "items"));
        }
        let mut seen = Ids::default();
        for (j, item) in items.iter().enumerate() {
            let place = Place::Item(i, "items", j);
            if !seen.insert(&**item) {
                let item = item.to_string();
                self.push(
                    Problem::RepeatedItem {
                        id: id.clone(),
                        item,
                    },
                    place,
                );
                continue;
            }
            let Some(node) = self.index.find(&tree.nodes, item) else {
                let suggestion = self.suggest_node(item);
                let problem = Problem::DanglingLink {
                    target: item.to_string(),
                    from: LinkFrom::Item,
                    suggestion,
                };
                self.push(problem, place);
                continue;
            };
            let here = tree.node(node);
            let Node::Question { choices, .. } = here else {
                let kind = match here {
                    Node::Info { .. } => "an info step",
                    Node::Checklist { .. } => "a checklist",
                    _ => "an outcome",
                };
                let item = item.to_string();
                let problem = Problem::ItemNotQuestion {
                    id: id.clone(),
                    item,
                    kind,
                };
                self.push(problem, place);
                continue;
            };
            if !choices.iter().any(|c| c.positive) {
                let item = item.to_string();
                self.push(
                    Problem::ItemWithoutYes {
                        id: id.clone(),
                        item,
                    },
                    place,
                );
            }
            let Some(no) = here.no_answer() else {
                let count = choices.iter().filter(|c| c.is_no()).count();
                let item = item.to_string();
                let problem = Problem::ItemWithoutNo {
                    id: id.clone(),
                    item,
                    count,
                };
                self.push(problem, place);
                continue;
            };
            let Some(next) = items.get(j + 1) else {
                continue;
            };
            let leads = self.index.targets(node)[no];
            // The next item is reported on its own when it is no question (or this one again).
            let next_at = self
                .index
                .find(&tree.nodes, next)
                .filter(|&n| n != node && matches!(tree.node(n), Node::Question { .. }));
            if leads.is_some() && next_at.is_some() && leads != next_at {
                let problem = Problem::ItemOutOfOrder {
                    id: id.clone(),
                    item: item.to_string(),
                    leads: choices[no].next.to_string(),
                    next: next.to_string(),
                };
                self.findings.push(Finding {
                    problem,
                    place,
                    also: Some(Place::ChoiceNext(node.index(), no)),
                });
            }
        }
    }

    /// The glossary: each term once (whatever its case) with a definition, and each used in
    /// some text. The texts are read once; the first [`TERMS_LOOKED_UP`] terms are looked for.
    fn glossary(&mut self) {
        let tree = self.tree;
        if tree.glossary.is_empty() {
            return;
        }
        let mut all = String::new();
        for (_, node) in tree.nodes.iter() {
            for text in node.texts() {
                all.push_str(text);
                all.push('\n');
            }
        }
        let lower = all.to_ascii_lowercase();
        let mut seen: HashMap<String, usize, foldhash::fast::RandomState> = HashMap::default();
        for (i, (term, definition)) in tree.glossary.iter().enumerate() {
            self.text("term", term, term, Place::MapKey("glossary", i));
            self.text(
                "definition",
                term,
                definition,
                Place::MapValue("glossary", i),
            );
            let key = term.trim().to_lowercase();
            if let Some(&first) = seen.get(&key) {
                self.findings.push(Finding {
                    problem: Problem::DuplicateTerm { term: term.clone() },
                    place: Place::MapKey("glossary", i),
                    also: Some(Place::MapKey("glossary", first)),
                });
                continue;
            }
            seen.insert(key, i);
            let wanted = term.trim().to_ascii_lowercase();
            if i < TERMS_LOOKED_UP
                && !wanted.is_empty()
                && super::glossary::occurrences(&all, &lower, &wanted)
                    .next()
                    .is_none()
            {
                self.push(
                    Problem::UnusedTerm { term: term.clone() },
                    Place::MapKey("glossary", i),
                );
            }
        }
    }

    fn sources(&mut self, cited: &Ids) {
        let mut seen: HashMap<&str, usize, foldhash::fast::RandomState> = HashMap::default();
        for (i, (id, source)) in self.tree.sources.iter().enumerate() {
            if !is_snake_case(id) {
                self.push(
                    Problem::BadId {
                        id: id.clone(),
                        what: "source",
                    },
                    Place::SourceKey(i),
                );
            }
            if let Some(&first) = seen.get(id.as_str()) {
                let problem = Problem::DuplicateSource { id: id.clone() };
                let also = Some(Place::SourceKey(first));
                self.findings.push(Finding {
                    problem,
                    place: Place::SourceKey(i),
                    also,
                });
                continue;
            }
            seen.insert(id, i);
            self.text("title", id, &source.title, Place::SourceKey(i));
            self.text("by", id, &source.by, Place::SourceKey(i));
            if !cited.contains(id.as_str()) && i < self.scope.sources_from {
                self.push(
                    Problem::UnusedSource { id: id.clone() },
                    Place::SourceKey(i),
                );
            }
        }
    }

    /// Reachability, loops and dead ends, over the first definition of each id (a repeated
    /// id is reported, and nothing links to its later definitions).
    fn graph(&mut self) {
        let (tree, index) = (self.tree, self.index);
        let n = tree.nodes.len();
        let start = index.find(&tree.nodes, &tree.start);
        if start.is_none() && !self.scope.parts {
            return;
        }
        let id = |i: usize| NodeId(i as u32);
        let first = |i: usize| index.first(id(i)).index() == i;
        // The links out of a node that lead somewhere, with where each is written.
        let out = |u: usize| {
            let node = tree.node(id(u));
            node.links()
                .zip(index.targets(id(u)))
                .filter_map(move |(link, target)| Some(((*target)?.index(), link_place(u, link))))
        };
        // Link number `k` of node `u`, if it leads somewhere: by position, in constant time.
        // `None` past the last link; `Some(None)` for a link that leads nowhere.
        let nth = |u: usize, k: usize| {
            let target = *index.targets(id(u)).get(k)?;
            let place = match tree.node(id(u)) {
                Node::Info { .. } => Place::NodeField(u, "next"),
                Node::Checklist { .. } => Place::Item(u, "items", 0),
                _ => Place::ChoiceNext(u, k),
            };
            Some(target.map(|t| (t.index(), place)))
        };

        // Reachable from the start (in a parts file, every node: trees come in anywhere).
        let mut reached = vec![start.is_none(); n];
        let mut stack: Vec<usize> = start.map(NodeId::index).into_iter().collect();
        if let Some(start) = start {
            reached[start.index()] = true;
        }
        while let Some(u) = stack.pop() {
            for (v, _) in out(u) {
                if !reached[v] {
                    reached[v] = true;
                    stack.push(v);
                }
            }
        }

        // Loops: an iterative depth-first search; a link back to a node on the stack closes one.
        let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
        let mut path: Vec<(usize, usize)> = Vec::new(); // (node, next link to try)
        let mut depth = vec![0usize; n]; // where each node on the stack stands in `path`
        for root in start.map(NodeId::index).into_iter().chain(0..n) {
            if state[root] != 0 || !first(root) {
                continue;
            }
            state[root] = 1;
            depth[root] = 0;
            path.push((root, 0));
            while let Some(&mut (u, ref mut e)) = path.last_mut() {
                let Some(next) = nth(u, *e) else {
                    state[u] = 2;
                    path.pop();
                    continue;
                };
                *e += 1;
                if let Some((v, link)) = next {
                    match state[v] {
                        0 => {
                            state[v] = 1;
                            depth[v] = path.len();
                            path.push((v, 0));
                        }
                        1 => {
                            // The loop runs from `v` down the stack; a long one is shown by its
                            // first four and last three ids, and only those are copied.
                            let looped = &path[depth[v]..];
                            let id = |&(w, _): &(usize, usize)| tree.nodes[w].0.clone();
                            let mut ids: Vec<String> = if looped.len() > 8 {
                                let mut ids: Vec<String> = looped[..4].iter().map(id).collect();
                                ids.push("…".into());
                                ids.extend(looped[looped.len() - 3..].iter().map(id));
                                ids
                            } else {
                                looped.iter().map(id).collect()
                            };
                            ids.push(tree.nodes[v].0.clone());
                            self.push(Problem::Cycle { ids }, link);
                        }
                        _ => {}
                    }
                }
            }
        }

        // Dead ends: parts of the tree from which no outcome can be reached. A node whose own
        // links are already reported (missing, or no choices at all) counts as finishing, so one
        // mistake is reported once.
        let finishing = |u: usize| match tree.node(id(u)) {
            Node::Outcome { .. } => true,
            Node::Question { choices, .. } if choices.is_empty() => true,
            _ => index.targets(id(u)).contains(&None),
        };
        let mut finishes = vec![false; n];
        let mut queue: Vec<usize> = (0..n).filter(|&u| first(u) && finishing(u)).collect();
        for &u in &queue {
            finishes[u] = true;
        }
        while let Some(v) = queue.pop() {
            for &u in index.preds(id(v)) {
                let u = u.index();
                if !finishes[u] {
                    finishes[u] = true;
                    queue.push(u);
                }
            }
        }
        if let Some(start) = start
            && !finishes[start.index()]
        {
            let target = tree.nodes[start.index()].0.clone();
            self.push(Problem::DeadEnd { target }, Place::Field("start"));
        }
        for u in (0..n).filter(|&u| reached[u] && finishes[u]) {
            for (v, link) in out(u) {
                if !finishes[v] {
                    self.push(
                        Problem::DeadEnd {
                            target: tree.nodes[v].0.clone(),
                        },
                        link,
                    );
                }
            }
        }

        for (i, (id, _)) in tree.nodes.iter().enumerate() {
            if first(i) && !reached[i] && i < self.scope.nodes_from {
                self.push(Problem::Unreachable { id: id.clone() }, Place::NodeKey(i));
            }
        }
    }
}
