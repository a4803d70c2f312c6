//! Scripted callers walked through the bundled tree with the walk state machine: what each
//! caller says, the answers the receptionist gives, and the outcome the tree must reach.
//!
//! Answers are written as the start of a choice's label, as a receptionist reads them; info
//! steps are read out and passed. One row per caller: every warning sign, an unsure answer, and
//! each route of the article's branch.

use tread::commands::walk::BUNDLED;
use tread::tree::{self, Node, Tree};
use tread::walk::{Action, Walk};

fn bundled() -> Tree {
    tree::load_text(BUNDLED.to_string())
        .walkable()
        .expect("the bundled tree loads")
}

/// Walks the answers from the start; returns the id of the outcome reached.
#[track_caller]
fn walk(tree: &Tree, caller: &str, answers: &[&str]) -> String {
    let mut walk = Walk::new(tree);
    let mut answers = answers.iter();
    loop {
        let here = walk.current();
        let action = match tree.node(here) {
            Node::Outcome { .. } | Node::Table { .. } => break,
            // Asked one at a time: `checklists_mark_what_one_at_a_time_answers` shows a mark
            // on the list reaches the same place.
            Node::Info { .. } | Node::Checklist { .. } => Action::Continue,
            Node::Question { choices, .. } => {
                let Some(answer) = answers.next() else {
                    panic!("{caller}: no answer left for `{}`", tree.id(here));
                };
                let found = choices.iter().position(|c| c.label.starts_with(answer));
                let Some(i) = found else {
                    panic!("{caller}: `{}` offers no {answer:?}", tree.id(here));
                };
                Action::Choose(i)
            }
        };
        walk.apply(tree, action).unwrap();
    }
    let left: Vec<_> = answers.collect();
    assert!(left.is_empty(), "{caller}: answers left over: {left:?}");
    tree.id(walk.current()).to_string()
}

const Y: &str = "Yes, or not sure";
const N: &str = "No";

/// The patient on the line, an adult ("No" to "under 16?"), then "No" to the first `count`
/// warning signs (the Botox questions are asked only after a recent injection).
fn no_until(count: usize) -> Vec<&'static str> {
    let mut v = vec!["Yes", N];
    v.extend(vec![N; count]);
    v
}

/// An adult with none of the 26 warning signs asked when there was no recent Botox.
fn no_warning_signs() -> Vec<&'static str> {
    no_until(26)
}

#[test]
fn every_scripted_caller_reaches_the_expected_outcome() {
    let tree = bundled();
    let with = |before: Vec<&'static str>, then: &[&'static str]| {
        let mut v = before;
        v.extend_from_slice(then);
        v
    };
    let after_flags = |then: &[&'static str]| with(no_warning_signs(), then);
    // An adult past the warning signs, managing at home, not new pain at 50+, lower back, not
    // asking about Botox.
    let back =
        |then: &[&'static str]| after_flags(&[&["No", "No", "Lower back", "No"], then].concat());
    // (who is calling and what they say, the answers given, the outcome)
    let callers: Vec<(&str, Vec<&str>, &str)> = vec![
        (
            "fainted in the kitchen this morning, back pain since",
            with(no_until(0), &[Y]),
            "emergency_aaa",
        ),
        (
            "sudden terrible low back pain out of nowhere an hour ago",
            with(no_until(1), &[Y]),
            "emergency_aaa",
        ),
        (
            "back pain and a tight chest this morning",
            with(no_until(2), &[Y]),
            "emergency_chest",
        ),
        (
            "unsure whether the bottom feels numb when wiping",
            with(no_until(3), &[Y]),
            "emergency_cauda_equina",
        ),
        (
            "can't feel when my bladder is full since last week",
            with(no_until(4), &[Y]),
            "emergency_cauda_equina",
        ),
        (
            "less feeling during sex since the back went",
            with(no_until(5), &[Y]),
            "emergency_cauda_equina",
        ),
        (
            "both legs tingling and weak, new this week",
            with(no_until(6), &[Y]),
            "emergency_cauda_equina",
        ),
        (
            "a daughter ringing for her father, not with him",
            vec!["No, or not sure"],
            "call_the_patient",
        ),
        (
            "car crash last week, back hurt ever since",
            with(no_until(7), &["Yes, not checked"]),
            "emergency_injury",
        ),
        (
            "Botox 3 weeks ago, now struggling to swallow",
            with(no_until(8), &[Y, Y]),
            "emergency_toxin_spread",
        ),
        (
            "Botox last month, one eyelid now droops",
            with(no_until(8), &[Y, N, Y, N]),
            "urgent_toxin_effect",
        ),
        (
            "Botox last month, an eyelid droops, and sudden terrible back pain two days ago",
            with(no_until(8), &[Y, N, Y, Y]),
            "urgent_now",
        ),
        (
            "Botox last month, no new symptoms, hot and shivery",
            with(no_until(8), &[Y, N, N, N, N, N, Y]),
            "urgent_infection",
        ),
        (
            "sudden terrible low back pain out of nowhere two days ago, not faint",
            with(no_until(9), &[Y]),
            "urgent_now",
        ),
        (
            "had chest pain last week with the back pain, gone now",
            with(no_until(10), &[Y]),
            "urgent_now",
        ),
        (
            "felt faint and clammy three days ago, fine since",
            with(no_until(11), &[Y]),
            "urgent_now",
        ),
        (
            "feels hot and shivery with the back pain",
            with(no_until(12), &[Y]),
            "urgent_infection",
        ),
        (
            "used to inject heroin, clean for years",
            with(no_until(13), &[Y]),
            "urgent_infection",
        ),
        (
            "on prednisolone since the spring",
            with(no_until(14), &[Y]),
            "urgent_serious_cause",
        ),
        (
            "osteoporosis, pain began after lifting a shopping bag",
            with(no_until(15), &[Y]),
            "urgent_serious_cause",
        ),
        (
            "had a spinal injection last month",
            with(no_until(16), &[Y]),
            "urgent_infection",
        ),
        (
            "right foot has started to slap down when walking",
            with(no_until(17), &[Y]),
            "urgent_nerve",
        ),
        (
            "34 weeks pregnant, back ache and tightenings that come and go",
            with(no_until(18), &[Y]),
            "urgent_maternity",
        ),
        (
            "car crash last week, X-rayed at A&E, still sore",
            with(no_until(19), &[Y]),
            "urgent_serious_cause",
        ),
        (
            "pain between the shoulder blades",
            with(no_until(20), &[Y]),
            "urgent_serious_cause",
        ),
        (
            "there's a new lump on my back",
            with(no_until(21), &[Y]),
            "urgent_serious_cause",
        ),
        (
            "agony when I cough or sneeze",
            with(no_until(22), &[Y]),
            "urgent_serious_cause",
        ),
        (
            "lost a stone without trying",
            with(no_until(23), &[Y]),
            "urgent_serious_cause",
        ),
        (
            "64, breast cancer 8 years ago, new back pain",
            with(no_until(24), &[Y]),
            "urgent_serious_cause",
        ),
        (
            "new pain, not sure if it's worse at night, it woke me twice",
            with(no_until(25), &[Y]),
            "urgent_serious_cause",
        ),
        (
            "lifting strain two days ago, can hardly walk it hurts so much, legs feel fine",
            back(&["Less than 4 weeks", "Yes, or not sure"]),
            "find_cause_first",
        ),
        (
            "twisted my back last week, a bit easier each day",
            back(&["Less than 4 weeks", "No, it is getting better"]),
            "self_care",
        ),
        (
            "can't get out of bed, pharmacy painkillers do nothing",
            after_flags(&["Yes, or not sure"]),
            "urgent_pain",
        ),
        (
            "a parent calling about their 14-year-old, no emergency signs",
            vec!["Yes", "Yes", "No"],
            "under_16",
        ),
        (
            "a parent: their 12-year-old fell off a trampoline roof",
            vec!["Yes", "Yes", Y],
            "emergency_child",
        ),
        (
            "58, never had back trouble before, started a fortnight ago",
            after_flags(&["No", "Yes, or not sure"]),
            "soon_new_over_50",
        ),
        (
            "61, bad back on and off for years, flared up a month ago, no diagnosis",
            back(&["4 weeks or more", "No, or not sure"]),
            "find_cause_first",
        ),
        (
            "stiff, painful neck for a month",
            after_flags(&["No", "No", "Neck", "No"]),
            "neck",
        ),
        (
            "neck pain, and my right hand has gone clumsy",
            after_flags(&["No", "No", "Neck", "Yes, or not sure"]),
            "urgent_nerve",
        ),
        (
            "pain in my side, not sure where exactly",
            after_flags(&["No", "No", "Somewhere else"]),
            "soon_pain_elsewhere",
        ),
        (
            "just wants Botox for a recent strain that is easing",
            after_flags(&[
                "No",
                "No",
                "Lower back",
                "Yes",
                "Less than 4 weeks",
                "No, it is getting better",
            ]),
            "self_care",
        ),
        (
            "spasms since a fall 6 weeks ago, wants Botox, nothing tried yet",
            after_flags(&[
                "No",
                "No",
                "Lower back",
                "Yes",
                "4 weeks or more",
                "Yes: muscle spasms",
                "After an injury",
                "Nothing yet",
            ]),
            "gp_first_steps",
        ),
        (
            "spasms from a long-term condition, physio has not helped",
            back(&[
                "4 weeks or more",
                "Yes: muscle spasms",
                "From a medical condition",
                "Exercise or physiotherapy",
            ]),
            "gp_review",
        ),
        (
            "spasms for months, on muscle relaxants",
            back(&[
                "4 weeks or more",
                "Yes: muscle spasms",
                "From a medical condition",
                "Muscle relaxant",
            ]),
            "gp_medicine_review",
        ),
        (
            "spasms: tried physio, relaxants and acupuncture",
            back(&[
                "4 weeks or more",
                "Yes: muscle spasms",
                "After an injury",
                "Several",
            ]),
            "gp_review_all",
        ),
        (
            "physio says it's a disc problem",
            back(&["4 weeks or more", "Yes: something else"]),
            "other_cause",
        ),
    ];
    assert!(callers.len() >= 15);
    let mut failures = Vec::new();
    for (caller, answers, want) in &callers {
        let got = walk(&tree, caller, answers);
        if got != *want {
            failures.push(format!("{caller}: reached `{got}`, expected `{want}`"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Every outcome is some caller's.
    let reached: Vec<&str> = callers.iter().map(|c| c.2).collect();
    for (id, node) in tree.nodes.iter() {
        if let Node::Outcome { .. } = node {
            assert!(reached.contains(&id.as_str()), "no caller reaches `{id}`");
        }
    }
}

#[test]
fn every_warning_sign_offers_not_sure_and_it_goes_the_safer_way() {
    // "Not sure" is answered as "yes": one choice says both, and it does not lead where "no" does.
    let tree = bundled();
    let mut count = 0;
    for (id, node) in tree.nodes.iter() {
        let Node::Question {
            red_flag: true,
            choices,
            ..
        } = node
        else {
            continue;
        };
        count += 1;
        let unsure = choices
            .iter()
            .find(|c| c.label.contains("not sure"))
            .unwrap_or_else(|| panic!("`{id}` offers no \"not sure\""));
        let no = choices
            .iter()
            .find(|c| c.label.starts_with("No"))
            .unwrap_or_else(|| panic!("`{id}` offers no \"No\""));
        assert!(
            unsure.label.starts_with("Yes") && unsure.next != no.next,
            "`{id}`: \"{}\" is not answered as yes",
            unsure.label
        );
    }
    assert!(count >= 20, "only {count} warning signs");
}

#[test]
fn no_outcome_steers_a_caller_towards_injections() {
    // Words said to the caller and steps for staff may name an injection only where it is the
    // cause of the call (the spread of a toxin already given), never as a treatment to seek.
    let tree = bundled();
    let about_a_given_injection = ["emergency_toxin_spread", "urgent_toxin_effect"];
    for (id, node) in tree.nodes.iter() {
        let Node::Outcome {
            action,
            advice,
            safety_net,
            steps,
            ..
        } = node
        else {
            continue;
        };
        if about_a_given_injection.contains(&id.as_str()) {
            continue;
        }
        // A step may tell staff what not to do ("Do not book or suggest any injection"), and
        // staff may ask about an injection already given ("any Botox injection in the last 3
        // months"): a safety question, not a treatment.
        let said = std::iter::once(action)
            .chain(advice)
            .chain(safety_net)
            .chain(steps.iter().filter(|s| !s.starts_with("Do not ")))
            .filter(|s| {
                ![
                    "injection in the last 3 months",
                    "since a Botox injection",
                    "have had Botox",
                    "had Botox in the last 3 months",
                ]
                .iter()
                .any(|given| s.contains(given))
            });
        for text in said {
            let lower = text.to_lowercase();
            for word in [
                "injection",
                "botox",
                "botulinum",
                "toxin",
                "back pain clinic",
            ] {
                assert!(!lower.contains(word), "`{id}` says {word:?}: {text}");
            }
        }
    }
}

#[test]
fn every_outcome_says_what_to_say_what_to_do_and_when_to_call_back() {
    let tree = bundled();
    for (id, node) in tree.nodes.iter() {
        let Node::Outcome {
            urgency,
            safety_net,
            steps,
            ..
        } = node
        else {
            continue;
        };
        assert!(!steps.is_empty(), "`{id}` has no steps for staff");
        if urgency.name() == "Emergency" {
            assert!(
                steps.iter().any(|s| s.contains("999")),
                "`{id}`: the steps do not say who calls 999"
            );
            assert!(
                steps.iter().any(|s| s.contains("refuses")),
                "`{id}`: the steps do not say what to do if the caller refuses"
            );
        } else {
            let net = safety_net.join(" ");
            assert!(net.contains("999"), "`{id}` does not say when to call 999");
        }
    }
}

/// Answers every checklist item the long way (one at a time) or with one mark, and says where
/// the walk ends up; for an item with several kinds of "yes", `yes` picks which.
fn at_checklist(tree: &Tree, checklist: &str, item: usize, how: &str, yes: usize) -> String {
    let id = tree.find(checklist).unwrap();
    let mut walk = Walk::new(tree);
    walk.apply(tree, Action::Jump(id)).unwrap();
    let items = tree.items(id);
    let question = tree.node(items[item]);
    match how {
        "one at a time" | "one at a time, unsure" => {
            walk.apply(tree, Action::Continue).unwrap();
            for &before in &items[..item] {
                let no = tree.node(before).no_answer().unwrap();
                walk.apply(tree, Action::Choose(no)).unwrap();
            }
            let answer = if how == "one at a time" {
                positives(question)[yes]
            } else {
                question.unsure_answer().unwrap()
            };
            walk.apply(tree, Action::Choose(answer)).unwrap();
        }
        "mark" => {
            walk.apply(tree, Action::Mark(item)).unwrap();
            // Stopped at an item with several kinds of yes: choose one.
            if walk.current() == items[item] {
                walk.apply(tree, Action::Choose(positives(question)[yes]))
                    .unwrap();
            }
        }
        _ => walk.apply(tree, Action::Unsure(item)).unwrap(),
    }
    tree.id(walk.current()).to_string()
}

fn positives(question: &Node) -> Vec<usize> {
    let Node::Question { choices, .. } = question else {
        return vec![];
    };
    (0..choices.len())
        .filter(|&i| choices[i].positive)
        .collect()
}

#[test]
fn checklists_mark_what_one_at_a_time_answers() {
    let tree = bundled();
    let checklists: Vec<&str> = tree
        .nodes
        .iter()
        .filter(|(_, n)| matches!(n, Node::Checklist { .. }))
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(
        checklists,
        ["signs_999", "signs_today", "signs_serious_cause"]
    );
    let mut items = 0;
    for checklist in checklists {
        let list = tree.items(tree.find(checklist).unwrap());
        assert!(list.len() <= 9, "{checklist}: more than nine items");
        for (item, &question) in list.iter().enumerate() {
            items += 1;
            for yes in 0..positives(tree.node(question)).len() {
                assert_eq!(
                    at_checklist(&tree, checklist, item, "mark", yes),
                    at_checklist(&tree, checklist, item, "one at a time", yes),
                    "{checklist}, item {}",
                    item + 1
                );
            }
            assert_eq!(
                at_checklist(&tree, checklist, item, "unsure", 0),
                at_checklist(&tree, checklist, item, "one at a time, unsure", 0),
                "{checklist}, item {}, not sure",
                item + 1
            );
        }
    }
    // Every adult warning sign is on a checklist but the Botox follow-ups.
    assert_eq!(items, 26);
}

#[test]
fn none_of_these_on_each_checklist_goes_on_to_the_next_and_then_past_the_signs() {
    let tree = bundled();
    let mut walk = Walk::new(&tree);
    walk.apply(&tree, Action::Jump(tree.find("signs_999").unwrap()))
        .unwrap();
    let mut seen = vec![];
    while let Node::Checklist { .. } = tree.node(walk.current()) {
        seen.push(tree.id(walk.current()).to_string());
        walk.apply(&tree, Action::NoneApply).unwrap();
    }
    assert_eq!(seen, ["signs_999", "signs_today", "signs_serious_cause"]);
    assert_eq!(tree.id(walk.current()), "no_red_flags");
}

/// A mark stops at the first sign that applies, so no sign on the 999 list may lead anywhere
/// milder than 999: a later 999 sign would never be asked. Each "yes" there is an emergency, or
/// (Botox) a follow-up question.
#[test]
fn every_yes_on_the_999_list_is_an_emergency_or_a_follow_up() {
    let tree = bundled();
    let list = tree.find("signs_999").unwrap();
    for item in tree.items(list) {
        let Node::Question { choices, .. } = tree.node(item) else {
            panic!("`{}` is not a question", tree.id(item));
        };
        for (i, choice) in choices.iter().enumerate() {
            if !choice.positive && !choice.unsure {
                continue;
            }
            let to = tree.targets(item)[i].unwrap();
            let ok = match tree.node(to) {
                Node::Outcome { urgency, .. } => urgency.name() == "Emergency",
                Node::Question { .. } => true,
                _ => false,
            };
            assert!(
                ok,
                "`{}`: \"{}\" leads to `{}`, milder than 999",
                tree.id(item),
                choice.label,
                tree.id(to)
            );
        }
    }
}

/// The warning signs come in the order a walk asks them, whatever the order of the file: the
/// summary's "not asked" and the `!` list rest on it.
#[test]
fn the_warning_signs_are_listed_in_the_order_they_are_asked() {
    let tree = bundled();
    let mut walk = Walk::new(&tree);
    let mut asked = Vec::new();
    // Who and where, read out; the patient on the line; an adult.
    for action in [Action::Continue, Action::Choose(0), Action::Choose(1)] {
        walk.apply(&tree, action).unwrap();
    }
    loop {
        let here = walk.current();
        let action = match tree.node(here) {
            Node::Checklist { .. } => Action::Continue,
            node @ Node::Question { red_flag: true, .. } => {
                asked.push(here);
                Action::Choose(node.no_answer().unwrap())
            }
            _ => break,
        };
        walk.apply(&tree, action).unwrap();
    }
    let listed: Vec<_> = tree
        .red_flags()
        .into_iter()
        .filter(|f| asked.contains(f))
        .collect();
    assert_eq!(listed, asked);
    assert_eq!(asked.len(), 26);
}
