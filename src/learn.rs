//! A quiz made of a tree's cases: a student reads a case's story and walks the tree. In
//! practice, each answer is judged at once and the walk goes on along the case's way; in an
//! exam, the walk follows the student and the score counts the answers that matched before the
//! two parted, and whether the outcome's urgency matched. Pure: the app tells it what the
//! student did and the time; it says what to show.

use crate::cases::{Case, End};
use crate::tree::{Node, NodeId, Tree};
use crate::walk::Action;

/// How answers are judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Each answer judged at once, with the step's why; the walk follows the case.
    Practice,
    /// Judged at the end; the walk follows the student.
    Exam,
}

impl Mode {
    /// As the store spells it.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Practice => "practice",
            Mode::Exam => "exam",
        }
    }
}

/// One case to take: its story, and the answers its caller gives, step by step.
#[derive(Clone, Debug)]
pub struct Task {
    pub id: String,
    pub title: String,
    pub story: String,
    /// Each step the case answers (a step read out included) and the answer.
    pub expected: Vec<(NodeId, Action)>,
    /// The outcome the case reaches.
    pub outcome: NodeId,
}

impl Task {
    /// The case as a task, if its answers lead to its outcome in `tree`.
    pub fn of(tree: &Tree, case: &Case) -> Option<Task> {
        let walked = crate::cases::run::walk(tree, case);
        let End::Reached(outcome) = walked.end else {
            return None;
        };
        (tree.id(outcome) == &*case.outcome).then(|| Task {
            id: case.id.to_string(),
            title: case.title.to_string(),
            story: case.story.to_string(),
            expected: walked.answers.iter().map(|a| (a.node, a.action)).collect(),
            outcome,
        })
    }
}

/// An answer that was not the case's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mistake {
    pub node: NodeId,
    /// The student's answer, and the case's.
    pub given: Action,
    pub expected: Action,
    pub kind: Slip,
}

/// What kind of mistake an answer was, for safety: a warning sign the caller has that the
/// student did not take is the one that matters most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slip {
    /// The case says yes (or not sure) to a warning sign; the student did not.
    MissedSign,
    /// The student took a warning sign the case does not have: safer, but not the case's.
    Cautious,
    /// Any other answer that was not the case's.
    Other,
}

/// Whether an outcome reached was as urgent as the case's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Triage {
    Right,
    /// Less urgent than the case's: the caller would have been sent somewhere too slow.
    Under,
    /// More urgent than the case's.
    Over,
}

/// Whether `action` at `node` says a warning sign is there: a list's mark, or a positive
/// answer of a warning-sign question.
fn says_yes(tree: &Tree, node: NodeId, action: Action) -> bool {
    match (tree.node(node), action) {
        (_, Action::Mark(_) | Action::Unsure(_)) => true,
        (
            Node::Question {
                red_flag: true,
                choices,
                ..
            },
            Action::Choose(i),
        ) => choices.get(i).is_some_and(|c| c.positive),
        _ => false,
    }
}

/// How one case went.
#[derive(Clone, Debug, PartialEq)]
pub struct Done {
    /// The case's place in the quiz.
    pub task: usize,
    /// Answers that were the case's (in an exam, before the walks parted), of all it gives.
    pub right: usize,
    pub answers: usize,
    /// The outcome reached, and (in an exam) whether it was as urgent as the case's; in
    /// practice the walk keeps to the case's way, so the outcome is the case's.
    pub reached: NodeId,
    pub triage: Option<Triage>,
    pub mistakes: Vec<Mistake>,
    pub seconds: f64,
}

impl Done {
    /// Missed nothing: every answer the case's, and the outcome as urgent.
    pub fn clean(&self) -> bool {
        self.mistakes.is_empty() && self.triage.is_none_or(|t| t == Triage::Right)
    }

    /// Warning signs the case has that the student did not take.
    pub fn signs_missed(&self) -> usize {
        self.mistakes
            .iter()
            .filter(|m| m.kind == Slip::MissedSign)
            .count()
    }
}

/// What the app does with an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Take it: the case's own answer, or (in an exam, or off the case's way) the student's.
    Take,
    /// In practice: not the case's; take the case's answer instead.
    Instead(Action),
}

/// A quiz under way.
#[derive(Clone, Debug)]
pub struct Quiz {
    pub mode: Mode,
    pub tasks: Vec<Task>,
    /// The seed the order was shuffled with, if it was.
    pub seed: Option<u64>,
    /// 0 for the first round; each retry of the cases missed, one more.
    pub retry: u32,
    /// The task being taken.
    pub at: usize,
    /// How far along the case's answers the walk is, and whether (in an exam) it has parted.
    step: usize,
    parted: bool,
    right: usize,
    mistakes: Vec<Mistake>,
    /// When the task began (seconds since the quiz began).
    began: f64,
    pub done: Vec<Done>,
}

impl Quiz {
    /// A quiz of these tasks, in this order (shuffled with `seed`, when given).
    pub fn new(mode: Mode, mut tasks: Vec<Task>, seed: Option<u64>) -> Quiz {
        if let Some(seed) = seed {
            shuffle(&mut tasks, seed);
        }
        Quiz {
            mode,
            tasks,
            seed,
            retry: 0,
            at: 0,
            step: 0,
            parted: false,
            right: 0,
            mistakes: Vec::new(),
            began: 0.0,
            done: Vec::new(),
        }
    }

    /// The task being taken, unless the quiz is over.
    pub fn task(&self) -> Option<&Task> {
        self.tasks.get(self.at)
    }

    /// Whether every task has been taken.
    pub fn over(&self) -> bool {
        self.at >= self.tasks.len()
    }

    /// Judges the student's `action` at `node`.
    pub fn judge(&mut self, tree: &Tree, node: NodeId, action: Action) -> Verdict {
        let Some(task) = self.tasks.get(self.at) else {
            return Verdict::Take;
        };
        let Some(&(at, expected)) = task.expected.get(self.step) else {
            return Verdict::Take;
        };
        if self.parted || at != node {
            return Verdict::Take;
        }
        // A list asked one sign at a time is no mistake: the case's mark becomes an answer to
        // each sign in turn, judged as they come.
        if action == Action::Continue
            && matches!(tree.node(node), Node::Checklist { .. })
            && let Some(each) = one_at_a_time(tree, node, expected)
        {
            let next_is_the_sign = |k: usize| {
                let sign = tree.items(node).get(k).copied();
                self.tasks[self.at]
                    .expected
                    .get(self.step + 1)
                    .map(|e| Some(e.0))
                    == Some(sign)
            };
            let mut each = each;
            // A mark on a sign with two kinds of yes already has its answer next.
            if let Action::Mark(k) = expected
                && next_is_the_sign(k)
            {
                each.pop();
            }
            let step = self.step;
            self.tasks[self.at].expected.splice(step..=step, each);
            return Verdict::Take;
        }
        self.step += 1;
        // A step read out is no answer: it counts neither way.
        let counts = !matches!(tree.node(node), Node::Info { .. });
        if action == expected {
            self.right += usize::from(counts);
            return Verdict::Take;
        }
        let kind = match (says_yes(tree, node, expected), says_yes(tree, node, action)) {
            (true, false) => Slip::MissedSign,
            (false, true) => Slip::Cautious,
            _ => Slip::Other,
        };
        self.mistakes.push(Mistake {
            node,
            given: action,
            expected,
            kind,
        });
        match self.mode {
            Mode::Practice => Verdict::Instead(expected),
            Mode::Exam => {
                self.parted = true;
                Verdict::Take
            }
        }
    }

    /// The task ends at `outcome`, `now` seconds into the quiz; the next one begins.
    pub fn finish(&mut self, tree: &Tree, outcome: NodeId, now: f64) {
        let Some(task) = self.tasks.get(self.at) else {
            return;
        };
        let answers = task
            .expected
            .iter()
            .filter(|(n, _)| !matches!(tree.node(*n), Node::Info { .. }))
            .count();
        let triage = match (self.mode, tree.rank(outcome), tree.rank(task.outcome)) {
            (Mode::Practice, ..) => None,
            (Mode::Exam, Some(got), Some(want)) => Some(match got.cmp(&want) {
                std::cmp::Ordering::Equal => Triage::Right,
                // Later in the scale is less urgent.
                std::cmp::Ordering::Greater => Triage::Under,
                std::cmp::Ordering::Less => Triage::Over,
            }),
            (Mode::Exam, ..) => Some(Triage::Under),
        };
        self.done.push(Done {
            task: self.at,
            right: self.right,
            answers,
            reached: outcome,
            triage,
            mistakes: std::mem::take(&mut self.mistakes),
            seconds: now - self.began,
        });
        self.at += 1;
        self.step = 0;
        self.parted = false;
        self.right = 0;
        self.began = now;
    }

    /// A new quiz of the tasks missed (a mistake, or the outcome's urgency wrong), in order.
    pub fn retry(&self) -> Option<Quiz> {
        let missed: Vec<Task> = self
            .done
            .iter()
            .filter(|d| !d.clean())
            .map(|d| self.tasks[d.task].clone())
            .collect();
        (!missed.is_empty()).then(|| Quiz {
            retry: self.retry + 1,
            ..Quiz::new(self.mode, missed, None)
        })
    }

    /// Answers right and given, outcomes right, and the time, over the tasks taken.
    pub fn score(&self) -> Score {
        Score {
            right: self.done.iter().map(|d| d.right).sum(),
            answers: self.done.iter().map(|d| d.answers).sum(),
            outcomes_right: (self.mode == Mode::Exam).then(|| {
                self.done
                    .iter()
                    .filter(|d| d.triage == Some(Triage::Right))
                    .count()
            }),
            under_triaged: self
                .done
                .iter()
                .filter(|d| d.triage == Some(Triage::Under))
                .count(),
            signs_missed: self.done.iter().map(Done::signs_missed).sum(),
            cases: self.done.len(),
            of: self.tasks.len(),
            seconds: self.done.iter().map(|d| d.seconds).sum(),
        }
    }
}

/// A quiz's score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    pub right: usize,
    pub answers: usize,
    /// In an exam, the cases whose outcome was as urgent as the case's, and those less urgent.
    pub outcomes_right: Option<usize>,
    pub under_triaged: usize,
    /// Warning signs the cases have that the student did not take.
    pub signs_missed: usize,
    /// Cases taken, of those in the quiz.
    pub cases: usize,
    pub of: usize,
    pub seconds: f64,
}

impl Score {
    /// The score in a line: answers, signs missed, outcomes (in an exam), how far, the time.
    pub fn sentence(&self) -> String {
        let mut parts = vec![
            format!("answers as the cases': {} of {}", self.right, self.answers),
            format!("warning signs missed: {}", self.signs_missed),
        ];
        if let Some(right) = self.outcomes_right {
            let mut part = format!(
                "outcomes as urgent as the cases': {right} of {}",
                self.cases
            );
            if self.under_triaged > 0 {
                part.push_str(&format!(" ({} less urgent)", self.under_triaged));
            }
            parts.push(part);
        }
        if self.cases < self.of {
            parts.push(format!("stopped after {} of {} cases", self.cases, self.of));
        }
        parts.push(format!("{:.0} s", self.seconds));
        parts.join("; ")
    }
}

/// A list's answer (a mark, not sure, none of these) as the answers to its signs asked one at a
/// time: "no" to each before the one marked, then its yes (or its not-sure answer); `None` when
/// the answer is not one of those.
fn one_at_a_time(tree: &Tree, list: NodeId, answer: Action) -> Option<Vec<(NodeId, Action)>> {
    let items = tree.items(list);
    let (upto, last) = match answer {
        Action::Mark(k) | Action::Unsure(k) => (k, Some(answer)),
        Action::NoneApply => (items.len(), None),
        _ => return None,
    };
    let mut each = Vec::new();
    for &item in items.iter().take(upto) {
        each.push((item, Action::Choose(tree.node(item).no_answer()?)));
    }
    let item = *items.get(upto).unwrap_or(&list);
    match last {
        // With two kinds of yes, the sign's own answer follows in the case; stand in the first.
        Some(Action::Mark(_)) => {
            let node = tree.node(item);
            let yes = node.yes_answer().or_else(|| node.unsure_answer())?;
            each.push((item, Action::Choose(yes)));
        }
        Some(_) => each.push((item, Action::Choose(tree.node(item).unsure_answer()?))),
        None => {}
    }
    Some(each)
}

/// Shuffles in place (Fisher-Yates with xorshift64*), the same order for the same seed.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed.max(1);
    let mut next = || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    for i in (1..items.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asking a list one sign at a time is a way of taking the call, not a mistake: the case's
    /// mark is judged as a "no" to each sign before it and a "yes" to it.
    #[test]
    fn a_list_asked_one_at_a_time_is_judged_sign_by_sign() {
        let tree = crate::tree::load_text(crate::commands::walk::BUNDLED.to_string())
            .walkable()
            .unwrap();
        let id = |s: &str| tree.find(s).unwrap();
        let task = Task {
            id: "t".into(),
            title: "t".into(),
            story: "s".into(),
            expected: vec![(id("signs_999"), Action::Mark(1))],
            outcome: id("emergency_aaa"),
        };
        let no = tree.node(id("rf_collapse")).no_answer().unwrap();
        let yes = tree.node(id("rf_sudden_now")).yes_answer().unwrap();
        for mode in [Mode::Practice, Mode::Exam] {
            let mut quiz = Quiz::new(mode, vec![task.clone()], None);
            let list = quiz.judge(&tree, id("signs_999"), Action::Continue);
            assert_eq!(list, Verdict::Take);
            let first = quiz.judge(&tree, id("rf_collapse"), Action::Choose(no));
            assert_eq!(first, Verdict::Take);
            let second = quiz.judge(&tree, id("rf_sudden_now"), Action::Choose(yes));
            assert_eq!(second, Verdict::Take);
            quiz.finish(&tree, id("emergency_aaa"), 1.0);
            assert!(quiz.done[0].mistakes.is_empty(), "{mode:?}");
            assert_eq!((quiz.done[0].right, quiz.done[0].answers), (2, 2));
        }
        // A "no" to the sign the case has is the missed sign, at that sign.
        let mut quiz = Quiz::new(Mode::Practice, vec![task], None);
        quiz.judge(&tree, id("signs_999"), Action::Continue);
        quiz.judge(&tree, id("rf_collapse"), Action::Choose(no));
        let no_to_it = tree.node(id("rf_sudden_now")).no_answer().unwrap();
        let verdict = quiz.judge(&tree, id("rf_sudden_now"), Action::Choose(no_to_it));
        assert_eq!(verdict, Verdict::Instead(Action::Choose(yes)));
    }

    #[test]
    fn the_same_seed_gives_the_same_order() {
        let mut a: Vec<u32> = (0..20).collect();
        let mut b = a.clone();
        shuffle(&mut a, 7);
        shuffle(&mut b, 7);
        assert_eq!(a, b);
        let mut c: Vec<u32> = (0..20).collect();
        shuffle(&mut c, 8);
        assert_ne!(a, c);
        assert_ne!(a, (0..20).collect::<Vec<_>>());
    }
}
