//! The whole checked tree as one JSON document, for other tools and for the web: schema
//! `tread-tree` version 1, described in `trees/README.md` ("Export"). Decision tables are
//! written as the questions a walk asks, so a reader walks the nodes as they are.

use serde::Serialize;

use crate::tree::{Node, Tree};

/// The schema's name and version: a reader checks both.
pub const SCHEMA: &str = "tread-tree";
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    schema_version: u32,
    title: &'a str,
    format: u32,
    version: Option<&'a str>,
    locale: Option<&'a str>,
    disclaimer: &'a str,
    signed_off: Option<SignOff<'a>>,
    review_due: Option<&'a str>,
    start: &'a str,
    /// Most urgent first.
    scale: Vec<Level<'a>>,
    words: Words<'a>,
    sources: Vec<Source<'a>>,
    glossary: Vec<Term<'a>>,
    nodes: Vec<NodeOut<'a>>,
}

#[derive(Serialize)]
struct SignOff<'a> {
    by: &'a str,
    on: &'a str,
}

#[derive(Serialize)]
struct Level<'a> {
    id: &'a str,
    label: &'a str,
    colour: &'static str,
}

#[derive(Serialize)]
struct Words<'a> {
    banner: &'a str,
    ask: &'a str,
    say: &'a str,
    call_back: &'a str,
    you_do: &'a str,
}

#[derive(Serialize)]
struct Source<'a> {
    id: &'a str,
    title: &'a str,
    by: &'a str,
    year: Option<u16>,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Term<'a> {
    term: &'a str,
    definition: &'a str,
}

#[derive(Serialize)]
struct Answer<'a> {
    label: &'a str,
    value: Option<&'a str>,
    next: &'a str,
    positive: bool,
    unsure: bool,
}

/// One node: its kind and the fields that kind has (others are left out).
#[derive(Serialize)]
struct NodeOut<'a> {
    id: &'a str,
    kind: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    red_flag: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answers: Option<Vec<Answer<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    urgency: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    advice: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    safety_net: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    steps: Option<Vec<&'a str>>,
    why: Option<&'a str>,
    sources: Vec<&'a str>,
}

/// The document, one line of JSON (control and invisible characters escaped).
pub fn document(tree: &Tree) -> String {
    let words = &tree.words;
    let doc = Document {
        schema: SCHEMA,
        schema_version: VERSION,
        title: &tree.title,
        format: tree.format,
        version: tree.version.as_deref(),
        locale: tree.locale.as_deref(),
        disclaimer: &tree.disclaimer,
        signed_off: tree.signed_off.as_ref().map(|s| SignOff {
            by: &s.by,
            on: &s.on,
        }),
        review_due: tree.review_due.as_deref(),
        start: tree.id(tree.start()),
        scale: tree
            .scale()
            .levels()
            .iter()
            .map(|l| Level {
                id: l.id.name(),
                label: &l.label,
                colour: colour_name(l.colour()),
            })
            .collect(),
        words: Words {
            banner: words.banner(),
            ask: words.ask(),
            say: words.say(),
            call_back: words.call_back(),
            you_do: words.you_do(),
        },
        sources: tree
            .sources
            .iter()
            .map(|(id, s)| Source {
                id,
                title: &s.title,
                by: &s.by,
                year: s.year,
                url: s.url.as_deref(),
            })
            .collect(),
        glossary: tree
            .glossary
            .iter()
            .map(|(term, definition)| Term { term, definition })
            .collect(),
        nodes: tree
            .nodes
            .iter()
            .map(|(id, node)| {
                let mut out = NodeOut {
                    id,
                    kind: "",
                    title: node.title(),
                    text: None,
                    red_flag: None,
                    answers: None,
                    next: None,
                    items: None,
                    urgency: None,
                    action: None,
                    advice: None,
                    safety_net: None,
                    steps: None,
                    why: node.why(),
                    sources: strs(node.sources()),
                };
                match node {
                    Node::Question {
                        text,
                        red_flag,
                        choices,
                        ..
                    } => {
                        out.kind = "question";
                        out.text = Some(text);
                        out.red_flag = Some(*red_flag);
                        out.answers = Some(
                            choices
                                .iter()
                                .map(|c| Answer {
                                    label: &c.label,
                                    value: c.value.as_deref(),
                                    next: &c.next,
                                    positive: c.positive,
                                    unsure: c.unsure,
                                })
                                .collect(),
                        );
                    }
                    Node::Info { text, next, .. } => {
                        out.kind = "info";
                        out.text = Some(text);
                        out.next = Some(next);
                    }
                    Node::Checklist { text, items, .. } => {
                        out.kind = "checklist";
                        out.text = Some(text);
                        out.items = Some(strs(items));
                    }
                    // A walkable tree has its tables as questions.
                    Node::Table { .. } => out.kind = "table",
                    Node::Outcome {
                        urgency,
                        action,
                        advice,
                        safety_net,
                        steps,
                        ..
                    } => {
                        out.kind = "outcome";
                        out.urgency = Some(urgency.name());
                        out.action = Some(action);
                        out.advice = Some(strs(advice));
                        out.safety_net = Some(strs(safety_net));
                        out.steps = Some(strs(steps));
                    }
                }
                out
            })
            .collect(),
    };
    crate::scrub::json(serde_json::to_string(&doc).unwrap_or_default())
}

/// The texts of a list, borrowed.
fn strs(v: &[Box<str>]) -> Vec<&str> {
    v.iter().map(|s| &**s).collect()
}

fn colour_name(c: crate::tree::scale::Colour) -> &'static str {
    use crate::tree::scale::Colour::*;
    match c {
        Red => "red",
        Orange => "orange",
        Yellow => "yellow",
        Blue => "blue",
        Green => "green",
        Grey => "grey",
        Purple => "purple",
    }
}
