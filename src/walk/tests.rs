use super::*;
use crate::tree::load_text;

const TREE: &str = r#"(
    title: "T", format: 1, start: "q1", disclaimer: "D",
    nodes: {
        "q1": Question(title: "Q1", text: "?", why: "w", choices: [
            (label: "A", next: "info"), (label: "B", next: "end_b"),
        ]),
        "info": Info(title: "I", text: "Say this", next: "q2"),
        "q2": Question(title: "Q2", text: "?", why: "w", choices: [
            (label: "C", next: "end_c"), (label: "D", next: "end_b"),
        ]),
        "end_b": Outcome(title: "B", urgency: Routine, action: "GP", advice: ["Call back if worse."], safety_net: ["Call 999 if worse."], steps: ["Book."], why: "w"),
        "end_c": Outcome(title: "C", urgency: SelfCare, action: "Rest", advice: ["Keep moving."], safety_net: ["Call 999 if worse."], steps: ["None."], why: "w"),
    },
)"#;

/// The path as `id:answer` pairs, the current node last with `-`.
fn path(tree: &Tree, walk: &Walk) -> String {
    let step = |s: &Step| {
        let answer = s.answer.map_or("-".to_string(), |a| a.to_string());
        format!("{}:{answer}", tree.id(s.node))
    };
    walk.steps().iter().map(step).collect::<Vec<_>>().join(" ")
}

/// The walk of the tree in `src` after these actions, each of which must be taken.
#[track_caller]
fn walk_in(src: &str, actions: &[Action]) -> (Tree, Walk) {
    let loaded = load_text(src.to_string());
    assert_eq!(loaded.diagnostics, vec![]);
    let tree = loaded.tree.unwrap();
    let mut walk = Walk::new(&tree);
    for &a in actions {
        walk.apply(&tree, a)
            .unwrap_or_else(|r| panic!("{a:?} refused: {r}"));
    }
    (tree, walk)
}

#[track_caller]
fn run(actions: &[Action]) -> (Tree, Walk) {
    walk_in(TREE, actions)
}

#[test]
fn a_walk_records_each_answer_along_the_path() {
    use Action::*;
    let (tree, walk) = run(&[Choose(0), Continue, Choose(0)]);
    assert_eq!(path(&tree, &walk), "q1:0 info:0 q2:0 end_c:-");
    assert!(walk.is_finished(&tree));
    assert_eq!(walk.log(), &[Choose(0), Continue, Choose(0)]);
}

#[test]
fn going_back_keeps_the_earlier_answer_for_recall() {
    use Action::*;
    let (tree, walk) = run(&[Choose(0), Continue, Choose(1), Back]);
    assert_eq!(path(&tree, &walk), "q1:0 info:0 q2:-");
    assert_eq!(walk.recalled(tree.find("q2").unwrap()), Some(1));
    assert!(!walk.is_finished(&tree));
    assert_eq!(walk.log().last(), Some(&Back));
}

#[test]
fn restart_returns_to_the_first_node_forgets_the_answers_and_keeps_the_log() {
    use Action::*;
    let (tree, walk) = run(&[Choose(0), Continue, Choose(1), Restart]);
    assert_eq!(path(&tree, &walk), "q1:-");
    assert!(!walk.is_underway());
    assert_eq!(walk.log(), &[Choose(0), Continue, Choose(1), Restart]);
    // The next caller starts clean: no earlier answer is offered at any node.
    for id in ["q1", "info", "q2"] {
        assert_eq!(walk.recalled(tree.find(id).unwrap()), None, "{id}");
    }
}

#[test]
fn refused_actions_change_nothing() {
    use Action::*;
    let cases: &[(&[Action], Action, Refusal)] = &[
        (&[], Back, Refusal::AtStart),
        (&[], Choose(2), Refusal::NoSuchChoice { given: 2, count: 2 }),
        (&[], Continue, Refusal::NotAnInfo),
        (&[Choose(0)], Choose(0), Refusal::NotAQuestion),
        (&[Choose(1)], Continue, Refusal::NotAnInfo),
    ];
    for (before, action, refusal) in cases {
        let (tree, mut walk) = run(before);
        let was = path(&tree, &walk);
        assert_eq!(
            walk.apply(&tree, *action).as_ref(),
            Err(refusal),
            "{before:?} then {action:?}"
        );
        assert_eq!(path(&tree, &walk), was);
        assert_eq!(walk.log().len(), before.len());
    }
}

/// The tree above, edited: `q2` loses choice "D" and `info` is renamed.
const EDITED: &str = r#"(
    title: "T", format: 1, start: "q1", disclaimer: "D",
    nodes: {
        "q1": Question(title: "Q1", text: "?", why: "w", choices: [
            (label: "A", next: "info_renamed"), (label: "B", next: "end_b"),
        ]),
        "info_renamed": Info(title: "I", text: "Say this", next: "q2"),
        "q2": Question(title: "Q2", text: "?", why: "w", choices: [(label: "C", next: "end_c")]),
        "end_b": Outcome(title: "B", urgency: Routine, action: "GP", advice: ["Call back if worse."], safety_net: ["Call 999 if worse."], steps: ["Book."], why: "w"),
        "end_c": Outcome(title: "C", urgency: SelfCare, action: "Rest", advice: ["Keep moving."], safety_net: ["Call 999 if worse."], steps: ["None."], why: "w"),
    },
)"#;

#[test]
fn after_an_edit_the_walk_keeps_its_place_and_drops_what_is_gone() {
    use Action::*;
    let edited = load_text(EDITED.to_string()).walkable().unwrap();
    let cases: &[(&[Action], &str)] = &[
        // At q2, which still exists; the renamed info step drops out of the path.
        (&[Choose(0), Continue], "q1:0 q2:-"),
        // At the info step, which is gone: back to q1.
        (&[Choose(0)], "q1:-"),
        // At an outcome that still exists.
        (&[Choose(1)], "q1:1 end_b:-"),
        // At end_b through q2's second answer, which q2 no longer has: that step is dropped.
        (&[Choose(0), Continue, Choose(1)], "q1:0 end_b:-"),
    ];
    for (actions, want) in cases {
        let (tree, walk) = run(actions);
        let moved = walk.rebase(&tree, &edited);
        assert_eq!(path(&edited, &moved), *want, "after {actions:?}");
        assert_eq!(moved.log(), walk.log(), "the log is kept");
    }
    // Recall keeps only answers the new nodes still have.
    let (tree, walk) = run(&[Choose(0), Continue, Choose(1), Back]);
    let moved = walk.rebase(&tree, &edited);
    assert_eq!(
        moved.recalled(edited.find("q2").unwrap()),
        None,
        "q2 has no second answer now"
    );
    assert_eq!(moved.recalled(edited.find("q1").unwrap()), Some(0));
}

#[test]
fn when_an_edit_removes_the_start_the_walk_begins_again_at_the_new_start() {
    use Action::*;
    let (old, walk) = run(&[Choose(0), Continue]);
    assert_eq!(path(&old, &walk), "q1:0 info:0 q2:-");
    // The start is renamed: `q1` is gone, and `q0` is the new start.
    let edited = TREE
        .replace("start: \"q1\"", "start: \"q0\"")
        .replace("\"q1\":", "\"q0\":");
    let loaded = load_text(edited);
    assert_eq!(loaded.diagnostics, vec![]);
    let new = loaded.tree.unwrap();
    let mut rebased = walk.rebase(&old, &new);
    assert_eq!(path(&new, &rebased), "q0:-");
    assert_eq!(rebased.log(), walk.log(), "the log is kept");
    assert_eq!(rebased.recalled(new.find("q2").unwrap()), None);
    // And the rebased walk goes on as any other.
    rebased.apply(&new, Choose(1)).unwrap();
    assert_eq!(path(&new, &rebased), "q0:1 end_b:-");
    rebased.apply(&new, Restart).unwrap();
    assert_eq!(path(&new, &rebased), "q0:-");
}

const CHECKLIST: &str = r#"(
    title: "T", format: 1, start: "flags", disclaimer: "D",
    nodes: {
        "flags": Checklist(title: "Signs", text: "Ask each.", why: "w", items: ["f1", "f2", "f3"]),
        "f1": Question(title: "F1", text: "?", why: "w", red_flag: true, choices: [
            (label: "Yes", next: "end_999", positive: true), (label: "No", next: "f2"),
        ]),
        "f2": Question(title: "F2", text: "?", why: "w", red_flag: true, choices: [
            (label: "Yes, now", next: "end_999", positive: true),
            (label: "Yes, last week", next: "end_gp", positive: true),
            (label: "No", next: "f3"),
        ]),
        "f3": Question(title: "F3", text: "?", why: "w", red_flag: true, choices: [
            (label: "Yes", next: "end_gp", positive: true),
            (label: "Not sure", next: "end_999", unsure: true),
            (label: "No", next: "end_home"),
        ]),
        "end_999": Outcome(title: "999", urgency: Emergency, action: "Call 999", advice: ["a"], steps: ["s"], why: "w"),
        "end_gp": Outcome(title: "GP", urgency: Urgent, action: "GP today", advice: ["a"], safety_net: ["n"], steps: ["s"], why: "w"),
        "end_home": Outcome(title: "Home", urgency: SelfCare, action: "Rest", advice: ["a"], safety_net: ["n"], steps: ["s"], why: "w"),
    },
)"#;

#[track_caller]
fn checklist(actions: &[Action]) -> (Tree, Walk) {
    walk_in(CHECKLIST, actions)
}

#[test]
fn a_checklist_mark_answers_the_items_before_it_no_and_takes_its_yes() {
    use Action::*;
    for (actions, want) in [
        (vec![Mark(0)], "flags:0 f1:0 end_999:-"),
        // An item with two kinds of yes stops there, the items before it answered no.
        (vec![Mark(1)], "flags:0 f1:1 f2:-"),
        (vec![Mark(1), Choose(1)], "flags:0 f1:1 f2:1 end_gp:-"),
        (vec![Mark(2)], "flags:0 f1:1 f2:2 f3:0 end_gp:-"),
        // Not sure takes the answer marked unsure, else the first yes.
        (vec![Unsure(2)], "flags:0 f1:1 f2:2 f3:1 end_999:-"),
        (vec![Unsure(1)], "flags:0 f1:1 f2:0 end_999:-"),
        (vec![NoneApply], "flags:0 f1:1 f2:2 f3:2 end_home:-"),
        // One at a time: the first item as a question.
        (vec![Continue], "flags:0 f1:-"),
    ] {
        let (tree, walk) = checklist(&actions);
        assert_eq!(path(&tree, &walk), want, "{actions:?}");
    }
}

#[test]
fn one_step_back_undoes_one_mark() {
    use Action::*;
    for (actions, want) in [
        (vec![Mark(2), Back], "flags:-"),
        (vec![NoneApply, Back], "flags:-"),
        // Back from the answer chosen at the item the mark stopped at: to that item.
        (vec![Mark(1), Choose(1), Back], "flags:0 f1:1 f2:-"),
        (vec![Mark(1), Choose(1), Back, Back], "flags:-"),
        (vec![Continue, Choose(1), Back], "flags:0 f1:-"),
    ] {
        let (tree, walk) = checklist(&actions);
        assert_eq!(path(&tree, &walk), want, "{actions:?}");
    }
    // The answers are remembered for the next look.
    let (tree, walk) = checklist(&[Mark(2), Back]);
    assert_eq!(walk.recalled(tree.find("f3").unwrap()), Some(0));
    // The row marked is highlighted again: the item, or "none of these".
    assert_eq!(walk.recalled(tree.find("flags").unwrap()), Some(2));
    let (tree, walk) = checklist(&[NoneApply, Back]);
    assert_eq!(walk.recalled(tree.find("flags").unwrap()), Some(3));
}

#[test]
fn a_mark_out_of_range_or_off_a_checklist_changes_nothing() {
    use Action::*;
    let (tree, mut walk) = checklist(&[]);
    assert_eq!(
        walk.apply(&tree, Mark(3)),
        Err(Refusal::NoSuchChoice { given: 3, count: 3 })
    );
    walk.apply(&tree, Continue).unwrap();
    assert_eq!(walk.apply(&tree, NoneApply), Err(Refusal::NotAChecklist));
    assert_eq!(path(&tree, &walk), "flags:0 f1:-");
}
