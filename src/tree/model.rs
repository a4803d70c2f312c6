//! The typed tree, exactly as a tree file spells it.
//!
//! serde + ron decode a file into these types and nothing else decodes the format, so what is
//! written here *is* format version 1. Unknown fields are errors everywhere: a misspelt field must
//! never be ignored silently.

use serde::Deserialize;

use super::entries::Entries;

/// The format version this build reads.
pub const FORMAT_VERSION: u32 = 2;

/// Whether this build reads a file of this format: format 2 adds to format 1, which reads as
/// it always did.
pub fn format_known(format: u32) -> bool {
    (1..=FORMAT_VERSION).contains(&format)
}

/// A whole decision tree, as its file spells it. [`super::Tree`] is the same tree compiled:
/// its ids resolved and its start found.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeFile {
    /// Shown in the title bar.
    pub title: Box<str>,
    /// The format version the file is written for.
    pub format: u32,
    /// The id of the first node.
    pub start: Box<str>,
    /// Shown on the first screen, before the walk starts.
    pub disclaimer: Box<str>,
    /// The tree's own version, as its authors number its releases.
    #[serde(default)]
    pub version: Option<Box<str>>,
    /// Where the tree applies and whose guidance and services it follows.
    #[serde(default)]
    pub locale: Option<Box<str>>,
    /// Who signed the content off, and when. Absent: nobody has yet, and the first screen says so.
    #[serde(default)]
    pub signed_off: Option<SignOff>,
    /// When the content is next due for review (`YYYY-MM-DD`); `tread check` warns once it has
    /// passed.
    #[serde(default)]
    pub review_due: Option<Box<str>>,
    /// Files of shared nodes this tree uses (`*.parts.ron`, relative to this file): their nodes
    /// and sources are the tree's too.
    #[serde(default)]
    pub uses: Vec<Box<str>>,
    /// The works that nodes cite, by id.
    #[serde(default)]
    pub sources: Entries<Source>,
    /// Words a learner may not know, each with a plain definition: marked where they appear,
    /// and shown with `g`.
    #[serde(default)]
    pub glossary: Entries<Box<str>>,
    /// The levels of outcome, most urgent first (format 2): the medical scale when none.
    #[serde(default)]
    pub scale: Vec<super::scale::Level>,
    /// The words on screen that belong to the tree's field (format 2).
    #[serde(default)]
    pub words: super::scale::Words,
    /// Texts several nodes share (format 2): a question's or a step's words, why and sources,
    /// written once; a node names one with `text_from` and gives what it lacks.
    #[serde(default)]
    pub texts: Entries<SharedText>,
    /// Every node, by id, in the order of the file.
    pub nodes: Entries<Node>,
}

/// A file of nodes that trees share (`*.parts.ron`): the warning signs of a clinic's complaint
/// trees, say. It has no start; its links may lead to the ids it `needs`, which each tree using
/// it defines (where to go on when no warning sign applies).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartsFile {
    /// What the parts are, for people.
    pub title: Box<str>,
    /// The format version the file is written for.
    pub format: u32,
    /// Ids this file's links lead to that a tree using it must define.
    #[serde(default)]
    pub needs: Vec<Box<str>>,
    /// Other parts files this one uses.
    #[serde(default)]
    pub uses: Vec<Box<str>>,
    /// The works its nodes cite, by id.
    #[serde(default)]
    pub sources: Entries<Source>,
    /// Its nodes, by id.
    pub nodes: Entries<Node>,
}

/// The position of a node in [`TreeFile::nodes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The position as an index into [`TreeFile::nodes`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A sign-off of a tree's content by someone qualified to give it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    /// Who signed it off: name and role.
    pub by: Box<str>,
    /// The date of the sign-off (`YYYY-MM-DD`).
    pub on: Box<str>,
}

/// A work that nodes cite.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The work's title.
    pub title: Box<str>,
    /// The publisher, or the authors.
    pub by: Box<str>,
    /// The year of publication, when known.
    #[serde(default)]
    pub year: Option<u16>,
    /// Where to find it (a web address, a DOI).
    #[serde(default)]
    pub url: Option<Box<str>>,
}

/// One step of a tree.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Node {
    /// Words to ask, and the answers that lead on.
    Question {
        /// A short name for the step, for breadcrumbs and paths.
        title: Box<str>,
        /// The words to ask (from `text_from` when not given).
        #[serde(default)]
        text: Box<str>,
        /// A shared text (format 2) whose words, why and sources the question takes where it
        /// gives none of its own.
        #[serde(default)]
        text_from: Option<Box<str>>,
        /// Asked first because a "yes" needs emergency or urgent care.
        #[serde(default)]
        red_flag: bool,
        /// The answers, in the order they are offered.
        choices: Vec<Choice>,
        /// The reasoning behind the step, for learners.
        #[serde(default)]
        why: Option<Box<str>>,
        /// Ids of the tree's sources this step rests on.
        #[serde(default)]
        sources: Vec<Box<str>>,
        /// Warnings this step has on purpose, by code (`same-target`): not reported for it.
        #[serde(default)]
        allow: Vec<Box<str>>,
    },
    /// Words to say, then one next step.
    Info {
        /// A short name for the step.
        title: Box<str>,
        /// The words to say (from `text_from` when not given).
        #[serde(default)]
        text: Box<str>,
        /// A shared text (format 2), as for a question.
        #[serde(default)]
        text_from: Option<Box<str>>,
        /// The id of the next node.
        next: Box<str>,
        /// The reasoning behind the step.
        #[serde(default)]
        why: Option<Box<str>>,
        /// Ids of the tree's sources this step rests on.
        #[serde(default)]
        sources: Vec<Box<str>>,
        /// Warnings this step has on purpose, by code (`same-target`): not reported for it.
        #[serde(default)]
        allow: Vec<Box<str>>,
    },
    /// Warning signs asked together: shown as one numbered list and asked aloud in order; the
    /// first that applies is marked with its number and taken at once, or "none of these" goes
    /// on. Each item is a question of the tree, keeping its own why, sources and answers; an
    /// item's "no" (its one answer neither `positive` nor `unsure`) leads to the next item, and
    /// the last item's "no" is where "none of these" goes.
    Checklist {
        /// A short name for the list.
        title: Box<str>,
        /// What to say before the list (asking one at a time stays possible).
        text: Box<str>,
        /// The ids of the questions, in the order they are asked: at most nine.
        items: Vec<Box<str>>,
        /// Why these are asked together, and in this order.
        #[serde(default)]
        why: Option<Box<str>>,
        /// Ids of the tree's sources the list rests on.
        #[serde(default)]
        sources: Vec<Box<str>>,
        /// Warnings this step has on purpose, by code (`same-target`): not reported for it.
        #[serde(default)]
        allow: Vec<Box<str>>,
    },
    /// A decision table (format 2): questions declared once, and rules a line each from
    /// their answers to where the walk goes. The walk asks only what it needs, as questions
    /// of their own (`table.question`); `tread check` finds overlapping rules, combinations no
    /// rule covers, and rules that can never be used.
    Table {
        /// A short name for the table.
        title: Box<str>,
        /// How rules that match the same answers are taken.
        #[serde(default)]
        hit: Hit,
        /// The questions, in the order they are asked.
        questions: Vec<TableQuestion>,
        /// The rules, a line each.
        rules: Vec<Rule>,
        /// Why the table decides as it does.
        #[serde(default)]
        why: Option<Box<str>>,
        /// Ids of the tree's sources the table rests on.
        #[serde(default)]
        sources: Vec<Box<str>>,
        /// Warnings this table has on purpose, by code.
        #[serde(default)]
        allow: Vec<Box<str>>,
    },
    /// Where the walk ends: how urgent, where to go, what to do meanwhile.
    Outcome {
        /// A short name for the outcome.
        title: Box<str>,
        /// How soon care is needed.
        urgency: Urgency,
        /// Where to go and how soon, in words to say to the caller.
        action: Box<str>,
        /// Advice to pass on to the caller.
        #[serde(default)]
        advice: Vec<Box<str>>,
        /// The signs that mean "call back now" or "call 999", in words to say to the caller.
        #[serde(default)]
        safety_net: Vec<Box<str>>,
        /// What the person taking the call does: book what, with whom, how soon; whom to put
        /// the call through to; what to do if the caller refuses. Not said aloud.
        #[serde(default)]
        steps: Vec<Box<str>>,
        /// The reasoning behind the outcome.
        #[serde(default)]
        why: Option<Box<str>>,
        /// Ids of the tree's sources this outcome rests on.
        #[serde(default)]
        sources: Vec<Box<str>>,
        /// Warnings this step has on purpose, by code (`same-target`): not reported for it.
        #[serde(default)]
        allow: Vec<Box<str>>,
    },
}

/// Words, a why and sources written once and used by several nodes (`text_from`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedText {
    /// What is asked or said.
    #[serde(default)]
    pub text: Option<Box<str>>,
    #[serde(default)]
    pub why: Option<Box<str>>,
    #[serde(default)]
    pub sources: Vec<Box<str>>,
}

/// A decision table's hit policy, as DMN names them.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub enum Hit {
    /// No two rules may match the same combination of answers.
    #[default]
    Unique,
    /// Rules may overlap only where they lead to the same place.
    Any,
    /// The first rule that matches wins, in order.
    First,
}

/// One question of a decision table: asked only when the rules still possible disagree.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableQuestion {
    /// A short id, unique in the table: the asked step's id is `table.question`.
    pub id: Box<str>,
    pub title: Box<str>,
    /// The words to ask.
    pub text: Box<str>,
    /// The answers it may take, in the order offered.
    pub answers: Vec<TableAnswer>,
    #[serde(default)]
    pub why: Option<Box<str>>,
    #[serde(default)]
    pub sources: Vec<Box<str>>,
}

/// An answer a table's question may take; rules name it by its value, or by its label.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableAnswer {
    pub label: Box<str>,
    /// A short machine-readable id (snake_case) that rules, paths and records use.
    #[serde(default)]
    pub value: Option<Box<str>>,
}

impl TableAnswer {
    /// How rules name the answer: its value, or else its label.
    pub fn key(&self) -> &str {
        self.value.as_deref().unwrap_or(&self.label)
    }
}

/// One rule of a decision table: for each question in order an answer, a set of answers
/// (`"a|b"`) or any (`"-"`), then the node it leads to.
#[derive(Debug, Deserialize)]
pub struct Rule(pub Vec<Box<str>>, pub Box<str>);

/// One answer to a question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The answer as it is offered.
    pub label: Box<str>,
    /// A short machine-readable id (snake_case) for the answer, which `paths --format json`
    /// and call records carry beside the label, so tools need not parse words.
    #[serde(default)]
    pub value: Option<Box<str>>,
    /// The id of the node this answer leads to.
    pub next: Box<str>,
    /// This answer means the sign asked about is there (for a warning sign: the caller has it).
    /// The call summary lists positive answers, and the warning signs answered otherwise as
    /// pertinent negatives, without guessing from the words of a label.
    #[serde(default)]
    pub positive: bool,
    /// This answer is the one to take when the caller is not sure (it may also be `positive`:
    /// "Yes, or not sure"). A checklist's unsure key takes it; with none marked, it takes the
    /// question's first positive answer, so list the safer "yes" first.
    #[serde(default)]
    pub unsure: bool,
}

impl Choice {
    /// An item's "no": neither positive nor unsure.
    pub fn is_no(&self) -> bool {
        !self.positive && !self.unsure
    }
}

pub use super::scale::Urgency;

/// Where a node leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link<'a> {
    /// The `next` of an info step.
    Next(&'a str),
    /// The `next` of choice number `.0` (from 0) of a question.
    Choice(usize, &'a str),
    /// The first item of a checklist (the rest follow from each item's "no").
    Item(&'a str),
    /// Where rule number `.0` of a decision table leads.
    Rule(usize, &'a str),
}

impl<'a> Link<'a> {
    /// The id the link names.
    pub fn target(&self) -> &'a str {
        match self {
            Link::Next(t) | Link::Choice(_, t) | Link::Item(t) | Link::Rule(_, t) => t,
        }
    }
}

impl Node {
    /// The short name of the step.
    pub fn title(&self) -> &str {
        match self {
            Node::Question { title, .. }
            | Node::Info { title, .. }
            | Node::Checklist { title, .. }
            | Node::Table { title, .. }
            | Node::Outcome { title, .. } => title,
        }
    }

    /// The reasoning, if the author gave it.
    pub fn why(&self) -> Option<&str> {
        match self {
            Node::Question { why, .. }
            | Node::Info { why, .. }
            | Node::Checklist { why, .. }
            | Node::Table { why, .. }
            | Node::Outcome { why, .. } => why.as_deref(),
        }
    }

    /// The warnings the node has on purpose, by code.
    pub fn allow(&self) -> &[Box<str>] {
        match self {
            Node::Question { allow, .. }
            | Node::Info { allow, .. }
            | Node::Checklist { allow, .. }
            | Node::Table { allow, .. }
            | Node::Outcome { allow, .. } => allow,
        }
    }

    /// Every text of the node a person reads: its title, what is asked or said, the answers,
    /// the outcome's words and steps, and the why.
    pub fn texts(&self) -> Vec<&str> {
        let mut out: Vec<&str> = vec![self.title()];
        match self {
            Node::Question { text, choices, .. } => {
                out.push(text);
                out.extend(choices.iter().map(|c| &*c.label));
            }
            Node::Info { text, .. } | Node::Checklist { text, .. } => out.push(text),
            Node::Table { questions, .. } => {
                for q in questions {
                    out.push(&q.title);
                    out.push(&q.text);
                    out.extend(q.answers.iter().map(|a| &*a.label));
                    out.extend(q.why.as_deref());
                }
            }
            Node::Outcome {
                action,
                advice,
                safety_net,
                steps,
                ..
            } => {
                out.push(action);
                out.extend(advice.iter().map(|a| &**a));
                out.extend(safety_net.iter().map(|a| &**a));
                out.extend(steps.iter().map(|a| &**a));
            }
        }
        out.extend(self.why());
        out
    }

    /// The ids of the sources the node cites.
    pub fn sources(&self) -> &[Box<str>] {
        match self {
            Node::Question { sources, .. }
            | Node::Info { sources, .. }
            | Node::Checklist { sources, .. }
            | Node::Table { sources, .. }
            | Node::Outcome { sources, .. } => sources,
        }
    }

    /// The words of answer number `answer` (from 0), for a question; an info step's only way
    /// on, and anything past the last choice, has none.
    pub fn answer(&self, answer: usize) -> Option<&str> {
        match self {
            Node::Question { choices, .. } => choices.get(answer).map(|c| &*c.label),
            _ => None,
        }
    }

    /// A question's "no" as a checklist item takes it: its one answer neither positive nor
    /// unsure (`None` when it has none, or several).
    pub fn no_answer(&self) -> Option<usize> {
        let Node::Question { choices, .. } = self else {
            return None;
        };
        let mut no = choices.iter().enumerate().filter(|(_, c)| c.is_no());
        match (no.next(), no.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }

    /// The answer a checklist's unsure key takes: the one marked `unsure`, or else the first
    /// positive one.
    pub fn unsure_answer(&self) -> Option<usize> {
        let Node::Question { choices, .. } = self else {
            return None;
        };
        choices
            .iter()
            .position(|c| c.unsure)
            .or_else(|| choices.iter().position(|c| c.positive))
    }

    /// The answer a checklist mark takes: the question's one positive answer (`None` when it
    /// has several, and the person must choose among them, or none).
    pub fn yes_answer(&self) -> Option<usize> {
        let Node::Question { choices, .. } = self else {
            return None;
        };
        let mut yes = choices.iter().enumerate().filter(|(_, c)| c.positive);
        match (yes.next(), yes.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }

    /// The label of the answer a link belongs to (an info step's `next` has none).
    pub fn label_of(&self, link: Link) -> Option<&str> {
        match link {
            Link::Choice(i, _) => self.answer(i),
            Link::Next(_) | Link::Item(_) | Link::Rule(..) => None,
        }
    }

    /// Every link out of the node, in file order.
    pub fn links(&self) -> impl Iterator<Item = Link<'_>> {
        let (next, choices, rules): (Option<Link>, &[Choice], &[Rule]) = match self {
            Node::Question { choices, .. } => (None, choices, &[]),
            Node::Info { next, .. } => (Some(Link::Next(next)), &[], &[]),
            Node::Checklist { items, .. } => (items.first().map(|i| Link::Item(i)), &[], &[]),
            Node::Table { rules, .. } => (None, &[], rules),
            Node::Outcome { .. } => (None, &[], &[]),
        };
        next.into_iter()
            .chain(
                choices
                    .iter()
                    .enumerate()
                    .map(|(i, c)| Link::Choice(i, &c.next)),
            )
            .chain(rules.iter().enumerate().map(|(i, r)| Link::Rule(i, &r.1)))
    }
}

/// How many nodes of each kind a tree has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub questions: usize,
    /// Questions marked `red_flag`.
    pub red_flags: usize,
    pub infos: usize,
    pub checklists: usize,
    /// Decision tables, as written (a walkable tree has them as questions).
    pub tables: usize,
    pub outcomes: usize,
    /// Outcomes by level, in the order of the tree's scale (a level the scale lacks is not
    /// counted here).
    pub by_urgency: Vec<usize>,
}

impl TreeFile {
    /// How many nodes of each kind the tree has.
    pub fn counts(&self) -> Counts {
        let scale = super::scale::Scale::of(&self.scale);
        let mut c = Counts {
            by_urgency: vec![0; scale.levels().len()],
            ..Counts::default()
        };
        for (_, node) in self.nodes.iter() {
            match node {
                Node::Question { red_flag, .. } => {
                    c.questions += 1;
                    c.red_flags += usize::from(*red_flag);
                }
                Node::Info { .. } => c.infos += 1,
                Node::Checklist { .. } => c.checklists += 1,
                Node::Table { questions, .. } => {
                    c.tables += 1;
                    c.questions += questions.len();
                }
                Node::Outcome { urgency, .. } => {
                    c.outcomes += 1;
                    if let Some(r) = scale.rank(urgency) {
                        c.by_urgency[r] += 1;
                    }
                }
            }
        }
        c
    }

    /// The node at this position.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()].1
    }

    /// The id string of the node at this position.
    pub fn id(&self, id: NodeId) -> &str {
        &self.nodes[id.index()].0
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|(k, _)| k == id).map(|(_, s)| s)
    }
}
