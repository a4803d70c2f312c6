//! Every mistake a tree file can hold, one variant each, with its message and hint.
//!
//! Messages are lower case with the offending name in backticks; a hint says how to fix it.

use std::fmt::Write;

use super::model::FORMAT_VERSION;

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The tree cannot be walked.
    Error,
    /// The tree can be walked, but something is likely wrong.
    Warning,
}

/// One mistake in a tree file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    // Reading the file.
    /// The file holds nothing but white space.
    EmptyFile,
    /// The file is not UTF-8.
    InvalidUtf8,
    /// ron could not parse the text.
    Syntax { message: String, hint: &'static str },
    /// A field no type has (usually a misspelling).
    UnknownField {
        field: String,
        within: Option<String>,
        expected: &'static [&'static str],
    },
    /// A required field is absent.
    MissingField {
        field: &'static str,
        within: Option<String>,
    },
    /// A field given twice.
    DuplicateField {
        field: &'static str,
        within: Option<String>,
    },
    /// An unknown node kind or urgency.
    UnknownVariant {
        found: String,
        within: Option<String>,
        expected: &'static [&'static str],
    },
    /// A value of the wrong kind: text where a number goes, a quoted name, a number for a name.
    WrongType {
        expected: String,
        found: String,
        hint: &'static str,
    },

    // The tree as a whole.
    /// A format version this build does not read.
    UnsupportedFormat { found: u32 },
    /// An id that is not ASCII snake_case.
    BadId { id: String, what: &'static str },
    /// A node id defined twice.
    DuplicateNode { id: String },
    /// A source id declared twice.
    DuplicateSource { id: String },
    /// A glossary term given twice (whatever its case).
    DuplicateTerm { term: String },
    /// A glossary term that no text of the tree uses.
    UnusedTerm { term: String },
    /// An outcome's `urgency` names no level of the tree's scale.
    UnknownLevel {
        id: String,
        level: String,
        guess: Option<super::Guess>,
    },
    /// A level declared twice in the scale.
    DuplicateLevel { level: String },
    /// A field that format 2 brought, in a file that says format 1.
    NeedsFormat2 { field: &'static str },
    /// A node's `text_from` names no shared text.
    UnknownText {
        id: String,
        name: String,
        guess: Option<super::Guess>,
    },
    /// A shared text no node uses.
    UnusedText { name: String },
    /// A decision table with no questions, no rules, or a question with no answers.
    EmptyTable { id: String, what: &'static str },
    /// A decision table with more combinations of answers than are checked.
    TableTooLarge { id: String, why: String },
    /// A question id, or an answer's value or label, twice in one table.
    TableTwice {
        id: String,
        what: &'static str,
        name: String,
    },
    /// A rule with more or fewer answers than its table has questions.
    RuleWidth {
        id: String,
        rule: usize,
        cells: usize,
        questions: usize,
    },
    /// A rule's answer that its question does not have.
    UnknownCell {
        id: String,
        rule: usize,
        question: String,
        cell: String,
        guess: Option<Box<super::Guess>>,
    },
    /// Two rules of a unique table that match the same answers.
    RulesOverlap {
        id: String,
        rule: usize,
        other: usize,
        at: String,
        count: u64,
        /// Pairs of rules that clash too and are not reported (after the first 20).
        more: usize,
    },
    /// Two rules of an any table that match the same answers and lead to different places.
    RulesConflict {
        id: String,
        rule: usize,
        other: usize,
        at: String,
        count: u64,
        /// Pairs of rules that clash too and are not reported (after the first 20).
        more: usize,
    },
    /// Combinations of answers that no rule of a table covers: how many, the first few.
    MissingCombinations {
        id: String,
        count: u64,
        first: Vec<String>,
        /// How many combinations those shown stand for.
        shown: u64,
    },
    /// A rule that decides no combination: earlier rules (first hit) take all it matches.
    RuleNeverUsed { id: String, rule: usize },
    /// A node's `allow` names a code that is not a warning's (an error's, or none at all).
    BadAllow {
        id: String,
        code: String,
        error: bool,
    },
    /// `start` or a `next` names no node.
    DanglingLink {
        target: String,
        from: LinkFrom,
        suggestion: Option<super::Guess>,
    },
    /// A question with no choices.
    NoChoices { id: String },
    /// A checklist with no items.
    NoItems { id: String },
    /// A checklist with more items than keys 1 to 9.
    ManyItems { id: String, count: usize },
    /// A checklist item that is not a question.
    ItemNotQuestion {
        id: String,
        item: String,
        kind: &'static str,
    },
    /// A checklist naming one item twice.
    RepeatedItem { id: String, item: String },
    /// A checklist item with no answer marked `positive`: a mark would have none to take.
    ItemWithoutYes { id: String, item: String },
    /// A checklist item without exactly one "no" (an answer neither positive nor unsure).
    ItemWithoutNo {
        id: String,
        item: String,
        count: usize,
    },
    /// A checklist item whose "no" does not lead to the next item.
    ItemOutOfOrder {
        id: String,
        item: String,
        leads: String,
        next: String,
    },
    /// A question with more than one answer marked `unsure`.
    ManyUnsure { id: String, count: usize },
    /// A required text that is empty.
    EmptyText { field: &'static str, id: String },
    /// A date that is not a real `YYYY-MM-DD` date.
    BadDate { field: &'static str, found: String },
    /// A node cites a source the tree does not declare.
    UnknownSource {
        source: String,
        suggestion: Option<super::Guess>,
    },
    /// A link that closes a loop.
    Cycle { ids: Vec<String> },
    /// `uses` names a file that is not a parts file (`*.parts.ron`).
    NotAPartsFile { path: String },
    /// `uses` names a file that cannot be read.
    UsedFileUnreadable { path: String, why: String },
    /// Files that use each other in a loop.
    UsesCycle { chain: Vec<String> },
    /// A parts file needs an id that the tree using it does not define.
    MissingNeed { file: String, id: String },
    /// `uses` names a file outside the using file's folder (an absolute path, `..`, or a link
    /// on the way).
    UsesOutside { path: String, why: &'static str },
    /// More files, or more bytes, used than a tree may use.
    TooMuchUsed { files: bool },

    // A file of cases.
    /// A case's answer that the step it comes to does not offer.
    UnknownAnswer {
        at: String,
        answer: String,
        suggestion: Option<super::Guess>,
    },
    /// A case whose answers end before an outcome.
    CaseStopsEarly { case: String, at: String },
    /// A case that reaches an outcome with answers left.
    AnswersLeftOver {
        case: String,
        outcome: String,
        count: usize,
    },
    /// A case expecting an outcome the tree does not have.
    UnknownOutcome {
        case: String,
        outcome: String,
        suggestion: Option<super::Guess>,
    },
    /// Two cases with one id.
    DuplicateCase { id: String },
    /// A case with no story: the quiz has nothing to show.
    NoStory { case: String },
    /// The tree the cases are for cannot be read, or has errors.
    TreeNotWalkable { tree: String, why: String },
    /// A link into a part of the tree from which no outcome can be reached.
    DeadEnd { target: String },

    // Warnings.
    /// A node no path from the start reaches.
    Unreachable { id: String },
    /// A declared source no node cites.
    UnusedSource { id: String },
    /// A question or outcome without `why`.
    MissingWhy { id: String, kind: &'static str },
    /// A control character in a text.
    ControlChar {
        field: &'static str,
        id: String,
        char: char,
    },
    /// Two choices of one question with the same label.
    DuplicateLabel { id: String, label: String },
    /// Two choices of one question leading to the same node.
    SameTarget { id: String, target: String },
    /// An outcome with no advice.
    NoAdvice { id: String },
    /// An outcome that says nothing for the person taking the call to do.
    NoSteps { id: String },
    /// An outcome, short of an emergency, that does not say when to call back.
    NoSafetyNet { id: String },
    /// A warning-sign question with no answer marked `positive`.
    NoPositive { id: String },
    /// A node that cites one source more than once.
    RepeatedCitation { id: String, source: String },
    /// A question with more answers than keys 1 to 9.
    ManyChoices { id: String, count: usize },
    /// The tree's review date has passed.
    ReviewOverdue { due: String },
    /// A sentence too long to say in one breath.
    LongText {
        field: &'static str,
        id: String,
        chars: usize,
    },
    /// A text longer than a few screens; the walk shows only its start.
    TooLong {
        field: &'static str,
        id: String,
        chars: usize,
    },
    /// A character that looks like another: a letter of another script in a Latin word, or an
    /// invisible one.
    LookAlike {
        field: &'static str,
        id: String,
        char: char,
        kind: &'static str,
    },
}

/// The longest sentence, in characters, that a front-desk reader can say in one breath: about
/// 25 words, or ten seconds aloud at a calm pace.
pub const BREATH: usize = 150;

/// Above this many characters a text is reported as `too-long`: more than two screens of an
/// 80-column terminal.
pub const TOO_LONG: usize = 3_000;

/// What a dangling link belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkFrom {
    /// The tree's `start`.
    Start,
    /// The `next` of an info step.
    Next,
    /// A choice, by its label.
    Choice(String),
    /// An item of a checklist.
    Item,
}

impl Problem {
    /// Every code [`Problem::code`] gives, in the order of the variants.
    pub const CODES: &[&str] = &[
        "empty-file",
        "invalid-utf8",
        "syntax",
        "unknown-field",
        "missing-field",
        "duplicate-field",
        "unknown-variant",
        "wrong-type",
        "unsupported-format",
        "bad-id",
        "duplicate-id",
        "duplicate-source",
        "duplicate-term",
        "unused-term",
        "unknown-level",
        "duplicate-level",
        "needs-format-2",
        "unknown-text",
        "unused-text",
        "empty-table",
        "table-too-large",
        "table-twice",
        "rule-width",
        "unknown-cell",
        "rules-overlap",
        "rules-conflict",
        "missing-combinations",
        "rule-never-used",
        "bad-allow",
        "dangling-link",
        "no-choices",
        "no-items",
        "many-items",
        "item-not-question",
        "repeated-item",
        "item-without-yes",
        "item-without-no",
        "item-out-of-order",
        "many-unsure",
        "empty-text",
        "bad-date",
        "unknown-source",
        "cycle",
        "not-a-parts-file",
        "used-file-unreadable",
        "uses-cycle",
        "missing-need",
        "uses-outside",
        "too-much-used",
        "unknown-answer",
        "case-stops-early",
        "answers-left-over",
        "unknown-outcome",
        "duplicate-case",
        "no-story",
        "tree-not-walkable",
        "dead-end",
        "unreachable",
        "unused-source",
        "missing-why",
        "control-char",
        "duplicate-label",
        "same-target",
        "no-advice",
        "no-steps",
        "no-safety-net",
        "no-positive",
        "repeated-citation",
        "many-choices",
        "review-overdue",
        "long-text",
        "too-long",
        "look-alike",
    ];

    /// The codes of every warning: those a node may `allow`.
    pub const WARNING_CODES: &[&str] = &[
        "unreachable",
        "unused-source",
        "missing-why",
        "control-char",
        "duplicate-label",
        "same-target",
        "no-advice",
        "no-steps",
        "no-safety-net",
        "no-positive",
        "repeated-citation",
        "many-choices",
        "review-overdue",
        "long-text",
        "too-long",
        "look-alike",
        "no-story",
        "unused-term",
        "rule-never-used",
        "unused-text",
    ];

    /// Errors stop a tree from being walked; warnings do not.
    pub fn severity(&self) -> Severity {
        match self {
            Problem::Unreachable { .. }
            | Problem::UnusedSource { .. }
            | Problem::MissingWhy { .. }
            | Problem::ControlChar { .. }
            | Problem::DuplicateLabel { .. }
            | Problem::SameTarget { .. }
            | Problem::NoAdvice { .. }
            | Problem::NoSteps { .. }
            | Problem::NoSafetyNet { .. }
            | Problem::NoPositive { .. }
            | Problem::RepeatedCitation { .. }
            | Problem::ManyChoices { .. }
            | Problem::ReviewOverdue { .. }
            | Problem::LongText { .. }
            | Problem::TooLong { .. }
            | Problem::LookAlike { .. }
            | Problem::NoStory { .. }
            | Problem::UnusedTerm { .. }
            | Problem::RuleNeverUsed { .. }
            | Problem::UnusedText { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// A stable name for the kind of problem, for people and tools.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::EmptyFile => "empty-file",
            Problem::InvalidUtf8 => "invalid-utf8",
            Problem::Syntax { .. } => "syntax",
            Problem::UnknownField { .. } => "unknown-field",
            Problem::MissingField { .. } => "missing-field",
            Problem::DuplicateField { .. } => "duplicate-field",
            Problem::UnknownVariant { .. } => "unknown-variant",
            Problem::WrongType { .. } => "wrong-type",
            Problem::UnsupportedFormat { .. } => "unsupported-format",
            Problem::BadId { .. } => "bad-id",
            Problem::DuplicateNode { .. } => "duplicate-id",
            Problem::DuplicateSource { .. } => "duplicate-source",
            Problem::DuplicateTerm { .. } => "duplicate-term",
            Problem::UnusedTerm { .. } => "unused-term",
            Problem::UnknownLevel { .. } => "unknown-level",
            Problem::DuplicateLevel { .. } => "duplicate-level",
            Problem::NeedsFormat2 { .. } => "needs-format-2",
            Problem::UnknownText { .. } => "unknown-text",
            Problem::UnusedText { .. } => "unused-text",
            Problem::EmptyTable { .. } => "empty-table",
            Problem::TableTooLarge { .. } => "table-too-large",
            Problem::TableTwice { .. } => "table-twice",
            Problem::RuleWidth { .. } => "rule-width",
            Problem::UnknownCell { .. } => "unknown-cell",
            Problem::RulesOverlap { .. } => "rules-overlap",
            Problem::RulesConflict { .. } => "rules-conflict",
            Problem::MissingCombinations { .. } => "missing-combinations",
            Problem::RuleNeverUsed { .. } => "rule-never-used",
            Problem::BadAllow { .. } => "bad-allow",
            Problem::DanglingLink { .. } => "dangling-link",
            Problem::NoChoices { .. } => "no-choices",
            Problem::NoItems { .. } => "no-items",
            Problem::ManyItems { .. } => "many-items",
            Problem::ItemNotQuestion { .. } => "item-not-question",
            Problem::RepeatedItem { .. } => "repeated-item",
            Problem::ItemWithoutYes { .. } => "item-without-yes",
            Problem::ItemWithoutNo { .. } => "item-without-no",
            Problem::ItemOutOfOrder { .. } => "item-out-of-order",
            Problem::ManyUnsure { .. } => "many-unsure",
            Problem::EmptyText { .. } => "empty-text",
            Problem::BadDate { .. } => "bad-date",
            Problem::UnknownSource { .. } => "unknown-source",
            Problem::Cycle { .. } => "cycle",
            Problem::NotAPartsFile { .. } => "not-a-parts-file",
            Problem::UsedFileUnreadable { .. } => "used-file-unreadable",
            Problem::UsesCycle { .. } => "uses-cycle",
            Problem::MissingNeed { .. } => "missing-need",
            Problem::UsesOutside { .. } => "uses-outside",
            Problem::TooMuchUsed { .. } => "too-much-used",
            Problem::UnknownAnswer { .. } => "unknown-answer",
            Problem::CaseStopsEarly { .. } => "case-stops-early",
            Problem::AnswersLeftOver { .. } => "answers-left-over",
            Problem::UnknownOutcome { .. } => "unknown-outcome",
            Problem::DuplicateCase { .. } => "duplicate-case",
            Problem::NoStory { .. } => "no-story",
            Problem::TreeNotWalkable { .. } => "tree-not-walkable",
            Problem::DeadEnd { .. } => "dead-end",
            Problem::Unreachable { .. } => "unreachable",
            Problem::UnusedSource { .. } => "unused-source",
            Problem::MissingWhy { .. } => "missing-why",
            Problem::ControlChar { .. } => "control-char",
            Problem::DuplicateLabel { .. } => "duplicate-label",
            Problem::SameTarget { .. } => "same-target",
            Problem::NoAdvice { .. } => "no-advice",
            Problem::NoSteps { .. } => "no-steps",
            Problem::NoSafetyNet { .. } => "no-safety-net",
            Problem::NoPositive { .. } => "no-positive",
            Problem::RepeatedCitation { .. } => "repeated-citation",
            Problem::ManyChoices { .. } => "many-choices",
            Problem::ReviewOverdue { .. } => "review-overdue",
            Problem::LongText { .. } => "long-text",
            Problem::TooLong { .. } => "too-long",
            Problem::LookAlike { .. } => "look-alike",
        }
    }

    /// What the other place of a problem is, where it has one: the label under it.
    pub fn also_note(&self) -> &'static str {
        match self {
            Problem::DuplicateLabel { .. } => "the same words first here",
            Problem::SameTarget { .. } => "the other choice leading there",
            Problem::ItemOutOfOrder { .. } => "its \"no\" leads here",
            Problem::MissingNeed { .. } => "needed here",
            Problem::RulesOverlap { .. } | Problem::RulesConflict { .. } => {
                "the earlier rule that matches them too"
            }
            _ => "first defined here",
        }
    }

    /// What is wrong, in one line.
    pub fn message(&self) -> String {
        match self {
            Problem::EmptyFile => "the file is empty".into(),
            Problem::InvalidUtf8 => "the file is not valid UTF-8".into(),
            Problem::Syntax { message, .. } => message.clone(),
            Problem::UnknownField { field, within, .. } => {
                format!("unknown field `{field}`{}", within_text(within))
            }
            Problem::MissingField { field, within } => {
                format!("missing field `{field}`{}", within_text(within))
            }
            Problem::DuplicateField { field, within } => {
                format!("field `{field}` is given twice{}", within_text(within))
            }
            Problem::UnknownVariant { found, within, .. } => match within.as_deref() {
                Some("Urgency") => format!("unknown urgency `{found}`"),
                Some("Node") => format!("unknown node kind `{found}`"),
                _ => format!("unknown name `{found}`"),
            },
            Problem::WrongType {
                expected, found, ..
            } => format!("expected {expected}, found {found}"),
            Problem::UnsupportedFormat { found } => {
                format!("format version {found} is not supported")
            }
            Problem::BadId { id, what } => format!("{what} id `{id}` is not snake_case"),
            Problem::DuplicateNode { id } => format!("node `{id}` is defined more than once"),
            Problem::DuplicateSource { id } => format!("source `{id}` is declared more than once"),
            Problem::DuplicateTerm { term } => {
                format!("the glossary defines \"{term}\" more than once")
            }
            Problem::UnusedTerm { term } => {
                format!("the glossary term \"{term}\" appears in no text of the tree")
            }
            Problem::UnknownLevel { id, level, .. } => {
                format!("`{id}` has urgency `{level}`, which is not a level of the tree's scale")
            }
            Problem::DuplicateLevel { level } => {
                format!("the scale has the level `{level}` more than once")
            }
            Problem::NeedsFormat2 { field } => {
                format!("`{field}` is part of format 2, and this file says `format: 1`")
            }
            Problem::UnknownText { id, name, .. } => {
                format!("`{id}` takes its text from `{name}`, which is not a shared text")
            }
            Problem::UnusedText { name } => format!("the shared text `{name}` is used by no node"),
            Problem::EmptyTable { id, what } => format!("table `{id}` has {what}"),
            Problem::TableTooLarge { id, why } => format!("table `{id}` is too large: {why}"),
            Problem::TableTwice { id, what, name } => {
                format!("table `{id}` has the {what} `{name}` more than once")
            }
            Problem::RuleWidth {
                id,
                rule,
                cells,
                questions,
            } => format!(
                "rule {} of `{id}` gives {cells} answer{} for {questions} question{}",
                rule + 1,
                if *cells == 1 { "" } else { "s" },
                if *questions == 1 { "" } else { "s" }
            ),
            Problem::UnknownCell {
                id,
                rule,
                question,
                cell,
                ..
            } => format!(
                "rule {} of `{id}` takes \"{cell}\" for `{question}`, which has no such answer",
                rule + 1
            ),
            Problem::RulesOverlap {
                id,
                rule,
                other,
                at,
                count,
                more: pairs,
            } => format!(
                "rules {} and {} of `{id}` both match {at}{}{}",
                other + 1,
                rule + 1,
                more(*count),
                more_pairs(*pairs)
            ),
            Problem::RulesConflict {
                id,
                rule,
                other,
                at,
                count,
                more: pairs,
            } => format!(
                "rules {} and {} of `{id}` both match {at}{}, and lead to different places{}",
                other + 1,
                rule + 1,
                more(*count),
                more_pairs(*pairs)
            ),
            Problem::MissingCombinations {
                id,
                count,
                first,
                shown: covered,
            } => {
                let shown = first.join("; ");
                let rest = count.saturating_sub(*covered);
                if *count == 1 {
                    format!("no rule of `{id}` covers {shown}")
                } else if rest == 0 {
                    format!("no rule of `{id}` covers {count} combinations: {shown}")
                } else {
                    format!(
                        "no rule of `{id}` covers {count} combinations: {shown}; and {rest} more"
                    )
                }
            }
            Problem::RuleNeverUsed { id, rule } => format!(
                "rule {} of `{id}` decides nothing: the rules before it take every answer it matches",
                rule + 1
            ),
            Problem::BadAllow { id, code, error } => {
                if *error {
                    format!("`{id}` allows `{code}`, an error: errors cannot be allowed")
                } else {
                    format!("`{id}` allows `{code}`, which is not a warning tread gives")
                }
            }
            Problem::DanglingLink { target, from, .. } => match from {
                LinkFrom::Start => format!("`start` names `{target}`, which is not a node"),
                LinkFrom::Next => format!("`next` names `{target}`, which is not a node"),
                LinkFrom::Choice(label) => {
                    format!("choice \"{label}\" leads to `{target}`, which is not a node")
                }
                LinkFrom::Item => format!("the item `{target}` is not a node"),
            },
            Problem::NoChoices { id } => format!("question `{id}` has no choices"),
            Problem::NoItems { id } => format!("checklist `{id}` has no items"),
            Problem::ManyItems { id, count } => {
                format!("checklist `{id}` has {count} items; keys 1 to 9 mark only nine")
            }
            Problem::ItemNotQuestion { id, item, kind } => {
                format!("item `{item}` of checklist `{id}` is {kind}, not a question")
            }
            Problem::RepeatedItem { id, item } => {
                format!("checklist `{id}` lists `{item}` twice")
            }
            Problem::ItemWithoutYes { id, item } => format!(
                "item `{item}` of checklist `{id}` has no answer marked `positive` for a mark to take"
            ),
            Problem::ItemWithoutNo { id, item, count } => format!(
                "item `{item}` of checklist `{id}` has {count} answers that are neither positive nor unsure; it needs exactly one, its \"no\""
            ),
            Problem::ItemOutOfOrder {
                id,
                item,
                leads,
                next,
            } => format!(
                "the \"no\" of item `{item}` leads to `{leads}`, but the next item of checklist `{id}` is `{next}`"
            ),
            Problem::ManyUnsure { id, count } => {
                format!(
                    "question `{id}` marks {count} answers `unsure`; a caller who is not sure takes one"
                )
            }
            Problem::EmptyText { field, id } => format!("`{field}` of `{id}` is empty"),
            Problem::BadDate { field, found } => {
                format!("`{field}` is \"{found}\", which is not a date")
            }
            Problem::UnknownSource { source, .. } => {
                format!("cites `{source}`, which is not a declared source")
            }
            Problem::Cycle { ids } => format!("this link makes a loop: {}", ids.join(" → ")),
            Problem::NotAPartsFile { path } => {
                format!("`{path}` is not a parts file: `uses` takes files named `*.parts.ron`")
            }
            Problem::UsedFileUnreadable { path, why } => {
                format!("`{path}` cannot be used: {why}")
            }
            Problem::UsesCycle { chain } => {
                format!(
                    "these files use each other in a loop: {}",
                    chain.join(" → ")
                )
            }
            Problem::MissingNeed { file, id } => {
                format!("`{file}` needs a node `{id}`, and none is defined")
            }
            Problem::UsesOutside { path, why } => {
                format!("`{path}` cannot be used: {why}")
            }
            Problem::UnknownAnswer { at, answer, .. } => {
                format!("`{at}` offers no answer \"{answer}\"")
            }
            Problem::CaseStopsEarly { case, at } => {
                format!("the answers of case `{case}` end at `{at}`, before an outcome")
            }
            Problem::AnswersLeftOver {
                case,
                outcome,
                count,
            } => format!(
                "case `{case}` reaches `{outcome}` with {count} answer{} left",
                if *count == 1 { "" } else { "s" }
            ),
            Problem::UnknownOutcome { case, outcome, .. } => {
                format!("case `{case}` expects `{outcome}`, which is not an outcome of the tree")
            }
            Problem::DuplicateCase { id } => format!("case `{id}` is defined more than once"),
            Problem::NoStory { case } => format!("case `{case}` has no story yet"),
            Problem::TreeNotWalkable { tree, why } => format!("the tree `{tree}` {why}"),
            Problem::TooMuchUsed { files: true } => format!(
                "a tree may use at most {} files, counting those they use",
                super::uses::MAX_PARTS
            ),
            Problem::TooMuchUsed { files: false } => format!(
                "the files a tree uses may come to at most {} MiB in all",
                super::file::MAX_FILE_SIZE / 1024 / 1024
            ),
            Problem::DeadEnd { target } => {
                format!("no path from `{target}` ever reaches an outcome")
            }
            Problem::Unreachable { id } => format!("no path from the start reaches `{id}`"),
            Problem::UnusedSource { id } => format!("source `{id}` is never cited"),
            Problem::MissingWhy { id, kind } => {
                format!("{} `{id}` has no `why`", kind.to_lowercase())
            }
            Problem::ControlChar { field, id, char } => {
                format!(
                    "`{field}` of `{id}` holds the control character {}",
                    char.escape_unicode()
                )
            }
            Problem::DuplicateLabel { id, label } => {
                format!("question `{id}` offers \"{label}\" twice")
            }
            Problem::SameTarget { id, target } => {
                format!("two choices of question `{id}` both lead to `{target}`")
            }
            Problem::NoAdvice { id } => format!("outcome `{id}` gives no advice"),
            Problem::NoSteps { id } => {
                format!("outcome `{id}` says nothing for the person taking the call to do")
            }
            Problem::NoSafetyNet { id } => {
                format!("outcome `{id}` does not say when to call back")
            }
            Problem::NoPositive { id } => {
                format!("warning sign `{id}` has no answer marked `positive`")
            }
            Problem::RepeatedCitation { id, source } => {
                format!("`{id}` cites `{source}` more than once")
            }
            Problem::ManyChoices { id, count } => {
                format!("question `{id}` offers {count} answers; keys 1 to 9 choose only nine")
            }
            Problem::ReviewOverdue { due } => {
                format!("the tree was due for review on {due}")
            }
            Problem::LongText { field, id, chars } => format!(
                "a sentence in `{field}` of `{id}` is {chars} characters, too long to say in one breath"
            ),
            Problem::TooLong { field, id, chars } => {
                format!("`{field}` of `{id}` is {chars} characters, more than a few screens")
            }
            Problem::LookAlike {
                field,
                id,
                char,
                kind,
            } => format!(
                "`{field}` of `{id}` holds {kind} ({})",
                char.escape_unicode()
            ),
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> String {
        match self {
            Problem::EmptyFile => "start from a complete example: see trees/README.md".to_string(),
            Problem::InvalidUtf8 => "save the file as UTF-8".into(),
            Problem::Syntax { hint, .. } => (*hint).to_string(),
            Problem::UnknownField {
                field, expected, ..
            } => match super::suggest::closest(field, expected.iter().copied()) {
                Some(g) => g.hint("`"),
                None => format!("expected one of {}", list(expected)),
            },
            Problem::MissingField { field, .. } => format!("add `{field}: …` here"),
            Problem::DuplicateField { .. } => "keep one of them".into(),
            Problem::UnknownVariant {
                found, expected, ..
            } => match super::suggest::closest(found, expected.iter().copied()) {
                Some(g) => g.hint("`"),
                None => format!("expected one of {}", list(expected)),
            },
            Problem::WrongType { hint, .. } => (*hint).to_string(),
            Problem::UnsupportedFormat { .. } => {
                format!("this version of tread reads `format: 1` and `format: {FORMAT_VERSION}`")
            }
            Problem::BadId { .. } => {
                "use lower-case ASCII letters, digits and `_`, starting with a letter".into()
            }
            Problem::DuplicateNode { .. } | Problem::DuplicateSource { .. } => {
                "rename one of them; only the first would be used".into()
            }
            Problem::DuplicateTerm { .. } => "keep one definition".into(),
            Problem::UnknownText { guess, .. } => match guess {
                Some(g) => g.hint("`"),
                None => "name a text of the tree's `texts`, or write the node's `text` itself".into(),
            },
            Problem::UnusedText { .. } => {
                "name it in a node's `text_from`, or remove it".into()
            }
            Problem::EmptyTable { .. } => {
                "give it `questions`, each with `answers`, and `rules` a line each: see trees/README.md".into()
            }
            Problem::TableTooLarge { .. } => {
                "split it: a table of the first questions whose rules lead to smaller tables".into()
            }
            Problem::TableTwice { .. } => "give each its own".into(),
            Problem::RuleWidth { .. } => {
                "give one answer for each question, in order: a value, values joined by `|`, or `-` for any".into()
            }
            Problem::UnknownCell { guess, .. } => match guess {
                Some(g) => g.hint("\""),
                None => "name an answer by its value (or label), join several with `|`, or write `-` for any".into(),
            },
            Problem::RulesOverlap { .. } => {
                "make one rule narrower, or say `hit: First` if the earlier rule should win".into()
            }
            Problem::RulesConflict { .. } => {
                "make one rule narrower, or point both at the same place".into()
            }
            Problem::MissingCombinations { .. } => {
                "add rules for them (a `-` takes any answer)".into()
            }
            Problem::RuleNeverUsed { .. } => {
                "remove it, or move it above the rules that take its answers".into()
            }
            Problem::UnknownLevel { guess, .. } => match guess {
                Some(g) => g.hint("`"),
                None => "give one of the scale's levels (`scale:`), or Emergency, Urgent, Soon, Routine or SelfCare when the tree declares none".into(),
            },
            Problem::DuplicateLevel { .. } => "give each level an id of its own".into(),
            Problem::NeedsFormat2 { .. } => {
                "write `format: 2` (`tread upgrade FILE` does it, keeping the file as it is)".into()
            }
            Problem::BadAllow { code, error, .. } => {
                if *error {
                    "fix what the error says; only warnings can be allowed".into()
                } else {
                    match super::suggest::closest(code, Problem::WARNING_CODES.iter().copied()) {
                        Some(g) => g.hint("`"),
                        None => format!("allow one of {}", list(Problem::WARNING_CODES)),
                    }
                }
            }
            Problem::UnusedTerm { .. } => {
                "use the word in a text, as the text spells it, or remove the term".into()
            }
            Problem::DanglingLink { suggestion, .. }
            | Problem::UnknownSource { suggestion, .. } => match (self, suggestion) {
                (_, Some(g)) => g.hint("`"),
                (Problem::UnknownSource { .. }, None) => {
                    "declare it under `sources`, or cite one that is".into()
                }
                _ => "add a node with this id, or link to one that exists".into(),
            },
            Problem::NoChoices { .. } => {
                "give it at least one `(label: \"…\", next: \"…\")`, or make it an Info or Outcome"
                    .into()
            }
            Problem::NoItems { .. } => {
                "list the ids of its questions in `items: [\"…\"]`, or make it a Question".into()
            }
            Problem::ManyItems { .. } => {
                "split it: a second checklist after the first one's last \"no\", most urgent first"
                    .into()
            }
            Problem::ItemNotQuestion { .. } => {
                "list only questions, each with a \"yes\" marked `positive` and one \"no\"".into()
            }
            Problem::RepeatedItem { .. } => "list each question once".into(),
            Problem::ItemWithoutYes { .. } => {
                "add `positive: true` to the answer that means the sign is there".into()
            }
            Problem::ItemWithoutNo { .. } => {
                "give the item one answer without `positive` or `unsure`: it leads to the next item"
                    .into()
            }
            Problem::ItemOutOfOrder { next, .. } => format!(
                "point the \"no\" at `{next}`, or list the items in the order their answers lead"
            ),
            Problem::ManyUnsure { .. } => "keep `unsure: true` on one answer".into(),
            Problem::EmptyText { .. } => {
                "write the words, or remove the field if it is optional".into()
            }
            Problem::BadDate { .. } => {
                "write it as YYYY-MM-DD, a date the calendar has: \"2027-05-31\"".into()
            }
            Problem::Cycle { .. } => {
                "every path must move forward to an outcome: point this link elsewhere".into()
            }
            Problem::NotAPartsFile { .. } => {
                "put the shared nodes in a file of their own, named `….parts.ron`: a title, format, needs, sources and nodes, no start"
                    .into()
            }
            Problem::UsedFileUnreadable { .. } => {
                "give the path from this file's folder to the parts file".into()
            }
            Problem::UsesCycle { .. } => {
                "a parts file may use others, but never one that uses it back: remove one `uses`"
                    .into()
            }
            Problem::UsesOutside { .. } => {
                "keep parts files in this file's folder or a folder below it, and name them by a path without `..`"
                    .into()
            }
            Problem::TooMuchUsed { .. } => {
                "share fewer, smaller parts files: one for each group of shared signs".into()
            }
            Problem::UnknownAnswer { suggestion, .. } => match suggestion {
                Some(g) => g.hint("\""),
                None => "write the answer's words as the step offers them; at a list: a sign's title, `not sure: ` and a title, `none of these` or `one at a time`".into(),
            },
            Problem::CaseStopsEarly { .. } => {
                "add the answers that lead on to the outcome the case expects".into()
            }
            Problem::AnswersLeftOver { .. } => {
                "remove the answers after the outcome, or look at those before: one may lead elsewhere".into()
            }
            Problem::UnknownOutcome { suggestion, .. } => match suggestion {
                Some(g) => g.hint("`"),
                None => "name the id of an outcome of the tree".into(),
            },
            Problem::DuplicateCase { .. } => "give each case an id of its own".into(),
            Problem::NoStory { .. } => {
                "write what the caller says, in their own words: the quiz shows it".into()
            }
            Problem::TreeNotWalkable { .. } => {
                "`tread check` the tree, and name it by its path from this file's folder".into()
            }
            Problem::MissingNeed { id, .. } => format!(
                "define a node `{id}` in the file that uses it: where the shared nodes lead on to (a parts file may pass it on in its own `needs`)"
            ),
            Problem::DeadEnd { .. } => "give that part of the tree a way out to an outcome".into(),
            Problem::Unreachable { .. } => "link to it from another node, or remove it".into(),
            Problem::UnusedSource { .. } => "cite it from a node's `sources`, or remove it".into(),
            Problem::MissingWhy { .. } => {
                "add `why: \"…\"`: the reasoning is what learners read".into()
            }
            Problem::ControlChar { .. } => {
                "remove it; use \\n for a line break (control characters are never shown)".into()
            }
            Problem::DuplicateLabel { .. } => "give each answer words of its own".into(),
            Problem::SameTarget { .. } => {
                "merge the two answers, or point one of them elsewhere".into()
            }
            Problem::NoAdvice { .. } => {
                "add `advice: [\"…\"]`: what to do until they are seen, and when to call back"
                    .into()
            }
            Problem::NoSteps { .. } => {
                "add `steps: [\"…\"]`: what to book, with whom and how soon, whom to put the call through to"
                    .into()
            }
            Problem::NoSafetyNet { .. } => {
                "add `safety_net: [\"…\"]`: the signs that mean call back now, or call 999".into()
            }
            Problem::RepeatedCitation { .. } => "cite each source once".into(),
            Problem::ManyChoices { .. } => {
                "split it into questions of at most nine answers: a caller cannot weigh more".into()
            }
            Problem::NoPositive { .. } => {
                "add `positive: true` to each answer that means the caller has the sign; the call summary lists them"
                    .into()
            }
            Problem::ReviewOverdue { .. } => {
                "have the content reviewed, then update `signed_off` and set the next `review_due`"
                    .into()
            }
            Problem::LongText { .. } => {
                format!("split it into sentences of at most {BREATH} characters")
            }
            Problem::TooLong { .. } => format!(
                "keep a text under {TOO_LONG} characters (the walk shows the first {}): move detail to sources, or split the step",
                crate::scrub::SHOWN
            ),
            Problem::LookAlike { .. } => {
                "retype it with plain letters: look-alikes make words that seem equal differ".into()
            }
        }
    }
}

fn within_text(within: &Option<String>) -> String {
    match within.as_deref() {
        Some(w) => format!(" in `{w}`"),
        None => String::new(),
    }
}

/// "" for one combination, " (and N more combinations)" for more.
fn more(count: u64) -> String {
    match count {
        0 | 1 => String::new(),
        n => format!(
            " (and {} more combination{})",
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
    }
}

/// "" for none, or how many more rules clash with the first rule that matches as they do.
fn more_pairs(pairs: usize) -> String {
    match pairs {
        0 => String::new(),
        1 => "; one more rule clashes with an earlier one, not listed".to_string(),
        n => format!("; {n} more rules clash with earlier ones, not listed"),
    }
}

fn list(names: &[&str]) -> String {
    let mut out = String::new();
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "`{n}`");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_and_every_listed_code_is_given() {
        let s = || String::new();
        let within = None;
        let samples = [
            Problem::EmptyFile,
            Problem::InvalidUtf8,
            Problem::Syntax {
                message: s(),
                hint: "",
            },
            Problem::UnknownField {
                field: s(),
                within: within.clone(),
                expected: &[],
            },
            Problem::MissingField {
                field: "",
                within: within.clone(),
            },
            Problem::DuplicateField {
                field: "",
                within: within.clone(),
            },
            Problem::UnknownVariant {
                found: s(),
                within,
                expected: &[],
            },
            Problem::WrongType {
                expected: s(),
                found: s(),
                hint: "",
            },
            Problem::UnsupportedFormat { found: 2 },
            Problem::BadId { id: s(), what: "" },
            Problem::DuplicateNode { id: s() },
            Problem::DuplicateSource { id: s() },
            Problem::DuplicateTerm { term: s() },
            Problem::UnusedTerm { term: s() },
            Problem::UnknownLevel {
                id: s(),
                level: s(),
                guess: None,
            },
            Problem::DuplicateLevel { level: s() },
            Problem::NeedsFormat2 { field: "" },
            Problem::UnknownText {
                id: s(),
                name: s(),
                guess: None,
            },
            Problem::UnusedText { name: s() },
            Problem::EmptyTable { id: s(), what: "" },
            Problem::TableTooLarge { id: s(), why: s() },
            Problem::TableTwice {
                id: s(),
                what: "",
                name: s(),
            },
            Problem::RuleWidth {
                id: s(),
                rule: 0,
                cells: 0,
                questions: 0,
            },
            Problem::UnknownCell {
                id: s(),
                rule: 0,
                question: s(),
                cell: s(),
                guess: None,
            },
            Problem::RulesOverlap {
                id: s(),
                rule: 0,
                other: 0,
                at: s(),
                count: 0,
                more: 0,
            },
            Problem::RulesConflict {
                id: s(),
                rule: 0,
                other: 0,
                at: s(),
                count: 0,
                more: 0,
            },
            Problem::MissingCombinations {
                id: s(),
                count: 0,
                first: vec![],
                shown: 0,
            },
            Problem::RuleNeverUsed { id: s(), rule: 0 },
            Problem::BadAllow {
                id: s(),
                code: s(),
                error: false,
            },
            Problem::DanglingLink {
                target: s(),
                from: LinkFrom::Start,
                suggestion: None,
            },
            Problem::NoChoices { id: s() },
            Problem::NoItems { id: s() },
            Problem::ManyItems { id: s(), count: 0 },
            Problem::ItemNotQuestion {
                id: s(),
                item: s(),
                kind: "",
            },
            Problem::RepeatedItem { id: s(), item: s() },
            Problem::ItemWithoutYes { id: s(), item: s() },
            Problem::ItemWithoutNo {
                id: s(),
                item: s(),
                count: 0,
            },
            Problem::ItemOutOfOrder {
                id: s(),
                item: s(),
                leads: s(),
                next: s(),
            },
            Problem::ManyUnsure { id: s(), count: 0 },
            Problem::EmptyText { field: "", id: s() },
            Problem::BadDate {
                field: "",
                found: s(),
            },
            Problem::UnknownSource {
                source: s(),
                suggestion: None,
            },
            Problem::Cycle { ids: vec![] },
            Problem::NotAPartsFile { path: s() },
            Problem::UsedFileUnreadable {
                path: s(),
                why: s(),
            },
            Problem::UsesCycle { chain: vec![] },
            Problem::MissingNeed { file: s(), id: s() },
            Problem::UsesOutside { path: s(), why: "" },
            Problem::TooMuchUsed { files: true },
            Problem::UnknownAnswer {
                at: s(),
                answer: s(),
                suggestion: None,
            },
            Problem::CaseStopsEarly { case: s(), at: s() },
            Problem::AnswersLeftOver {
                case: s(),
                outcome: s(),
                count: 0,
            },
            Problem::UnknownOutcome {
                case: s(),
                outcome: s(),
                suggestion: None,
            },
            Problem::DuplicateCase { id: s() },
            Problem::NoStory { case: s() },
            Problem::TreeNotWalkable {
                tree: s(),
                why: s(),
            },
            Problem::DeadEnd { target: s() },
            Problem::Unreachable { id: s() },
            Problem::UnusedSource { id: s() },
            Problem::MissingWhy { id: s(), kind: "" },
            Problem::ControlChar {
                field: "",
                id: s(),
                char: '\u{7}',
            },
            Problem::DuplicateLabel {
                id: s(),
                label: s(),
            },
            Problem::SameTarget {
                id: s(),
                target: s(),
            },
            Problem::NoAdvice { id: s() },
            Problem::NoSteps { id: s() },
            Problem::NoSafetyNet { id: s() },
            Problem::NoPositive { id: s() },
            Problem::RepeatedCitation {
                id: s(),
                source: s(),
            },
            Problem::ManyChoices { id: s(), count: 0 },
            Problem::ReviewOverdue { due: s() },
            Problem::LongText {
                field: "",
                id: s(),
                chars: 0,
            },
            Problem::TooLong {
                field: "",
                id: s(),
                chars: 0,
            },
            Problem::LookAlike {
                field: "",
                id: s(),
                char: 'е',
                kind: "",
            },
        ];
        let given: Vec<&str> = samples.iter().map(Problem::code).collect();
        assert_eq!(given, Problem::CODES);
        // The codes a node may allow are exactly the warnings'.
        let mut warnings: Vec<&str> = samples
            .iter()
            .filter(|p| p.severity() == Severity::Warning)
            .map(Problem::code)
            .collect();
        let mut listed = Problem::WARNING_CODES.to_vec();
        warnings.sort_unstable();
        listed.sort_unstable();
        assert_eq!(warnings, listed);
    }
}
