//! What a person sees, as pictures: the app driven by commands, drawn into a fixed-size buffer.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tread::commands::walk::BUNDLED;
use tread::tree;
use tread::tui::keys::Command::{self, *};
use tread::tui::{App, Theme};
use tread::walk::Walk;

/// The bundled tree's app at this size, after these commands, on a fixed day.
fn app(size: (u16, u16), commands: &[Command]) -> App {
    let tree = tree::load_text(BUNDLED.to_string())
        .walkable()
        .expect("the bundled tree loads");
    let walk = Walk::new(&tree);
    let mut app = App::new(tree, walk, size, Theme::PLAIN);
    app.today = time::Date::from_calendar_date(2026, time::Month::November, 25).unwrap();
    for &c in commands {
        step(&mut app, c);
    }
    app
}

/// Applies a command as the event loop does: after a frame has measured the screen.
fn step(app: &mut App, command: Command) {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    let mut limits = None;
    terminal
        .draw(|f| limits = tread::tui::view::draw(app, f.area(), f.buffer_mut()))
        .unwrap();
    if let Some(limits) = limits {
        app.measured(limits);
    }
    app.update(command);
}

fn draw(app: &App) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().clone()
}

/// The screen as text, one line a row.
fn text(app: &App) -> String {
    let backend = draw(app);
    let buffer = backend.buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Begin, read out "who and where", the patient on the line, an adult, then "none of these" on
/// each of the three checklists of warning signs.
fn past_red_flags() -> Vec<Command> {
    let mut commands = FIRST_LIST.to_vec();
    commands.extend([NoneApply; 3]);
    commands
}

/// Past the warning signs and "no warning signs": managing at home, not new at 50 or over,
/// lower back, not asking about Botox, 4 weeks or more.
fn into_the_article() -> Vec<Command> {
    let mut commands = past_red_flags();
    commands.extend([
        Select,
        Choose(1),
        Choose(1),
        Choose(0),
        Choose(1),
        Choose(1),
    ]);
    commands
}

/// Begin, read out "who and where", the patient on the line, an adult: the checklist of signs
/// that need 999.
const FIRST_LIST: [Command; 4] = [Select, Select, Choose(0), Choose(1)];

/// The checklist asked one at a time: its first warning sign, as a question.
const FIRST_FLAG: [Command; 5] = [Select, Select, Choose(0), Choose(1), OneAtATime];

#[test]
fn the_first_screen_shows_the_disclaimer() {
    let app = app((80, 24), &[]);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn a_red_flag_question_with_the_why_panel() {
    let app = app((80, 24), &[&FIRST_FLAG[..], &[ToggleWhy]].concat());
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn the_why_panel_opens_by_itself_beside_the_question_on_a_wide_terminal() {
    let app = app((120, 30), &[&FIRST_FLAG[..], &[Choose(1)]].concat());
    assert!(app.why);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn an_info_step_says_what_to_say() {
    let app = app((80, 24), &past_red_flags());
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn an_emergency_outcome_says_where_to_go_and_the_path_taken() {
    let app = app(
        (80, 24),
        &[&FIRST_FLAG[..], &[Choose(1), Choose(0)]].concat(),
    );
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn a_long_outcome_scrolls_and_says_there_is_more() {
    let mut commands = into_the_article();
    // Cause known: spasms, from a medical condition (read out); on muscle relaxants.
    commands.extend([Choose(0), Choose(1), Select, Choose(2)]);
    let top = app((80, 24), &commands);
    insta::assert_snapshot!("long_outcome_top", draw(&top));
    commands.extend([Down; 60]);
    let bottom = app((80, 24), &commands);
    assert!(bottom.scroll() > 0);
    insta::assert_snapshot!("long_outcome_bottom", draw(&bottom));
}

#[test]
fn an_urgent_outcome_shows_what_to_say_apart_from_what_to_do() {
    // None of the 999 signs, then a high temperature (the second sign of the next list).
    let commands = [&FIRST_LIST[..], &[NoneApply, Choose(1)]].concat();
    let app = app((80, 40), &commands);
    let screen = text(&app);
    let say = screen.find("Say:").expect("words to say");
    let call_back = screen.find("Say when to call back:").expect("a safety net");
    let you_do = screen.find("You do").expect("steps for staff");
    assert!(say < call_back && call_back < you_do, "{screen}");
    assert!(screen.contains("1. Put the call through to the duty clinician"));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn what_to_say_about_botox_is_read_out_when_the_caller_asks() {
    let mut commands = past_red_flags();
    commands.extend([Select, Choose(1), Choose(1), Choose(0), Choose(0)]);
    let app = app((80, 24), &commands);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn the_help_overlay_lists_every_key() {
    let app = app((80, 24), &[&FIRST_FLAG[..], &[Help]].concat());
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn restarting_mid_walk_asks_first() {
    let app = app(
        (80, 24),
        &[&FIRST_FLAG[..], &[Choose(1), Choose(1), Restart]].concat(),
    );
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn quitting_mid_walk_asks_first() {
    let app = app((80, 24), &[&FIRST_FLAG[..], &[Choose(1), Quit]].concat());
    assert!(!app.quit);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn a_narrow_terminal_keeps_help_and_quit_in_the_footer() {
    for (size, commands) in [
        ((60, 18), FIRST_FLAG.to_vec()),
        ((60, 20), FIRST_FLAG.to_vec()),
        ((60, 18), vec![]),
        ((60, 18), past_red_flags()),
        ((60, 18), [&FIRST_FLAG[..], &[Choose(0)]].concat()),
    ] {
        let app = app(size, &commands);
        let screen = text(&app);
        let footer = screen.lines().last().unwrap();
        assert!(
            footer.contains("? help") && footer.contains("q quit"),
            "{size:?}: {footer:?}"
        );
    }
    insta::assert_snapshot!(draw(&app((60, 18), &FIRST_FLAG)));
}

#[test]
fn the_first_screen_says_an_overdue_review_is_overdue() {
    let mut app = app((80, 24), &[]);
    assert!(text(&app).contains("review due 2027-05-25"));
    assert!(text(&app).contains("Not signed off by a clinician"));
    app.today = time::Date::from_calendar_date(2027, time::Month::May, 26).unwrap();
    let screen = text(&app);
    assert!(
        screen.contains("REVIEW OVERDUE since") && !screen.contains("review due"),
        "{screen}"
    );
}

#[test]
fn a_terminal_too_small_says_how_big_it_must_be() {
    let app = app((50, 12), &[Select]);
    insta::assert_snapshot!(draw(&app));
}

/// The highlight at each checklist and each warning sign, the checklists asked one at a time
/// and each sign answered no.
fn highlights_through_the_red_flags(app: &mut App) -> Vec<usize> {
    use tread::tree::Node;
    let mut seen = Vec::new();
    loop {
        let next = match app.node() {
            Node::Checklist { .. } => OneAtATime,
            node @ Node::Question { red_flag: true, .. } => Choose(node.no_answer().unwrap()),
            _ => break,
        };
        seen.push(app.cursor());
        app.update(next);
    }
    seen
}

#[test]
fn the_next_caller_starts_with_nothing_highlighted_from_the_last() {
    // The first caller answers "No" to every warning sign and reaches an outcome; `r` starts
    // the next caller, whose every question starts on the first answer, as on a fresh start.
    let mut fresh = app((80, 24), &FIRST_LIST);
    let want = highlights_through_the_red_flags(&mut fresh);
    assert_eq!(want.len(), 3 + 26, "three lists and their signs");
    assert!(want.iter().all(|&c| c == 0));

    let mut commands = past_red_flags();
    commands.extend([Select, Choose(1), Choose(1), Choose(1), Choose(1)]);
    let mut next = app((80, 24), &commands);
    assert!(next.walk.is_finished(&next.tree), "at the neck outcome");
    next.update(Restart);
    for &c in &FIRST_LIST[1..] {
        next.update(c);
    }
    assert_eq!(highlights_through_the_red_flags(&mut next), want);

    // Restarting mid-walk, once confirmed, clears the answers just the same.
    let mut mid = app((80, 24), &past_red_flags());
    mid.update(Back);
    assert_eq!(
        mid.cursor(),
        8,
        "going back shows the row marked: none of these"
    );
    mid.update(Restart);
    mid.update(Yes);
    for &c in &FIRST_LIST[1..] {
        mid.update(c);
    }
    assert_eq!(highlights_through_the_red_flags(&mut mid), want);
}

#[test]
fn quit_asks_first_only_where_answers_would_be_lost() {
    use tread::tui::app::Overlay;
    // (where, the keys, whether tread has quit, what is open)
    let mid_walk = [Select, Select, Choose(0), Choose(1), OneAtATime];
    let at_outcome = [Select, Select, Choose(0), Choose(1), Choose(0)];
    let cases: Vec<(&str, Vec<Command>, bool, Option<Overlay>)> = vec![
        ("first screen, q", vec![Quit], true, None),
        ("first screen, Esc", vec![Cancel], true, None),
        ("first question, q", vec![Select, Quit], true, None),
        (
            "why panel open mid-walk, Esc closes it",
            [&mid_walk[..], &[ToggleWhy, Cancel]].concat(),
            false,
            None,
        ),
        (
            "why panel open at an outcome, Esc closes it",
            [&at_outcome[..], &[ToggleWhy, Cancel]].concat(),
            false,
            None,
        ),
        (
            "at an outcome, q",
            [&at_outcome[..], &[Quit]].concat(),
            true,
            None,
        ),
        (
            "at an outcome, Esc",
            [&at_outcome[..], &[Cancel]].concat(),
            true,
            None,
        ),
        (
            "mid-walk, q",
            [&mid_walk[..], &[Quit]].concat(),
            false,
            Some(Overlay::ConfirmQuit),
        ),
        (
            "mid-walk, Esc",
            [&mid_walk[..], &[Cancel]].concat(),
            false,
            Some(Overlay::ConfirmQuit),
        ),
        (
            "mid-walk, q then y",
            [&mid_walk[..], &[Quit, Yes]].concat(),
            true,
            None,
        ),
        (
            "mid-walk, q twice",
            [&mid_walk[..], &[Quit, Quit]].concat(),
            true,
            None,
        ),
        (
            "mid-walk, q then n",
            [&mid_walk[..], &[Quit, Note]].concat(),
            false,
            None,
        ),
        (
            "mid-walk, q then Esc",
            [&mid_walk[..], &[Quit, Cancel]].concat(),
            false,
            None,
        ),
        (
            "mid-walk, Ctrl-C",
            [&mid_walk[..], &[Interrupt]].concat(),
            true,
            None,
        ),
        (
            "help open, Esc closes it",
            [&mid_walk[..], &[Help, Cancel]].concat(),
            false,
            None,
        ),
        (
            "help open, Ctrl-C",
            [&mid_walk[..], &[Help, Interrupt]].concat(),
            true,
            None,
        ),
        (
            "restart dialog, Esc closes it",
            [&mid_walk[..], &[Restart, Cancel]].concat(),
            false,
            None,
        ),
        (
            "restart dialog, Ctrl-C",
            [&mid_walk[..], &[Restart, Interrupt]].concat(),
            true,
            None,
        ),
    ];
    for (what, commands, quit, overlay) in cases {
        let app = app((80, 24), &commands);
        assert_eq!(app.quit, quit, "{what}");
        if !quit {
            assert_eq!(app.overlay, overlay, "{what}");
        }
    }
    // Closing the dialog keeps the walk where it was.
    let app = app((80, 24), &[&mid_walk[..], &[Quit, Note]].concat());
    assert_eq!(app.walk.steps().len(), 5);
}

#[test]
fn at_60x18_with_the_why_panel_open_every_warning_sign_shows_all_its_answers() {
    use tread::tree::Node;
    let mut checked = 0;
    // The child's question, then each adult warning sign in turn, the lists asked one at a time.
    let child = app((60, 18), &[Select, Select, Choose(0), Choose(0), ToggleWhy]);
    let adult = app((60, 18), &[&FIRST_LIST[..], &[ToggleWhy]].concat());
    for mut app in [child, adult] {
        loop {
            let next = match app.node() {
                Node::Checklist { .. } => OneAtATime,
                Node::Question {
                    choices,
                    title,
                    red_flag: true,
                    ..
                } => {
                    assert!(app.why);
                    let screen = text(&app);
                    let last = choices.last().unwrap();
                    let shown: String = last.label.chars().take(20).collect();
                    assert!(
                        screen.contains(&shown),
                        "{title}: {shown:?} is hidden:\n{screen}"
                    );
                    checked += 1;
                    Choose(app.node().no_answer().unwrap())
                }
                _ => break,
            };
            step(&mut app, next);
        }
    }
    assert_eq!(checked, 27);
}

/// The breadcrumb keeps the newest answers that fit, and says older ones gave way; on a screen
/// wide enough, it shows them all.
#[test]
fn the_breadcrumb_keeps_the_newest_answers_that_fit() {
    let crumbs = |width: u16| -> String {
        let app = app((width, 24), &past_red_flags());
        text(&app).lines().nth(1).unwrap().trim_end().to_string()
    };
    // Too narrow for the newest answer alone: it is cut, and the older ones are gone.
    let cut = crumbs(60);
    assert!(cut.starts_with(" … › ") && cut.ends_with('…'), "{cut:?}");
    assert!(cut.chars().count() <= 60);
    let narrow = crumbs(200);
    assert!(narrow.starts_with(" … › "), "{narrow:?}");
    assert!(
        narrow.ends_with("unchanged"),
        "the newest answer is last: {narrow:?}"
    );
    assert!(
        narrow.matches(" › ").count() > 2,
        "several answers: {narrow:?}"
    );
    assert!(narrow.chars().count() <= 200);
    let wide = crumbs(5000);
    assert!(!wide.contains('…'), "{wide:?}");
    assert!(wide.starts_with(" Who and where › "), "{wide:?}");
    // What the narrow one shows is the end of the whole.
    assert!(
        wide.ends_with(&narrow[" … ".len()..]),
        "{narrow:?} / {wide:?}"
    );
}

/// The title bar says the call is recorded, and with "NOT A DIAGNOSIS" that stays whole at any
/// width the walk is drawn at; the decoration gives way first.
#[test]
fn the_title_bar_keeps_the_recording_state_and_the_safety_words() {
    for width in [120, 80, 60] {
        let mut app = app((width, 24), &FIRST_FLAG);
        app.recording = tread::tui::app::Recording::On;
        let top = text(&app).lines().next().unwrap().to_string();
        assert!(top.contains("● REC · NOT A DIAGNOSIS"), "{width}: {top:?}");
        assert_eq!(top.contains("tread ·"), width >= 120, "{width}: {top:?}");
        app.recording = tread::tui::app::Recording::NotSaved {
            why: "disk full".into(),
            kept: None,
        };
        let screen = text(&app);
        assert!(
            screen
                .lines()
                .next()
                .unwrap()
                .contains("NOT SAVED · NOT A DIAGNOSIS"),
            "{width}: {screen}"
        );
        assert!(
            screen.contains("THIS CALL IS NOT BEING SAVED: disk full"),
            "{width}: {screen}"
        );
    }
}

/// `p` lists the path taken; Enter on a step goes back to it in one key, its answer highlighted,
/// and the record shows the steps back.
#[test]
fn the_path_list_goes_back_to_any_step_at_once() {
    let mut app = app((80, 24), &past_red_flags());
    let before = app.walk.steps().len();
    step(&mut app, Path);
    let screen = text(&app);
    assert!(screen.contains("Path so far"), "{screen}");
    assert!(
        screen.contains("RED FLAG Cancer, now or in the past: No"),
        "{screen}"
    );
    for _ in 0..5 {
        step(&mut app, Up);
    }
    step(&mut app, Select);
    assert_eq!(app.walk.steps().len(), before - 6);
    let screen = text(&app);
    assert!(
        screen.contains("RED FLAG Pain between the shoulder blades"),
        "{screen}"
    );
    assert!(
        screen.contains("▶ 2  No"),
        "its answer is highlighted:\n{screen}"
    );
    let backs = app
        .record
        .call()
        .events
        .iter()
        .filter(|e| matches!(e.kind, tread::record::EventKind::Back { .. }))
        .count();
    // The sign was answered by a mark of its list: the list is taken back with it (nine steps
    // back), then asked one at a time up to that sign (the two before it, no again).
    assert_eq!(backs, 9);
    let mut list = self::app((80, 24), &past_red_flags());
    step(&mut list, Path);
    insta::assert_snapshot!(draw(&list));
}

/// `/` finds a step by its words as they are typed; Enter shows it, a second Enter goes there
/// (recorded as a jump), and `b` comes back. A move that would pass 999 questions by asks them
/// first; an outcome is reached by answering, not by search.
#[test]
fn search_finds_a_step_and_goes_there() {
    use ratatui_textarea::{Input, Key};
    let key = |k| Input {
        key: k,
        ..Input::default()
    };
    let find = |app: &mut App, words: &str| {
        step(app, Search);
        for c in words.chars() {
            app.type_key(key(Key::Char(c)));
        }
    };
    let mut app = app((80, 24), &FIRST_FLAG);
    find(&mut app, "chest");
    let results = text(&app);
    assert!(results.contains("Find: chest"), "{results}");
    assert!(
        results.contains("▶ Chest pain now or in the last 24 hours  RED FLAG · rf_chest"),
        "{results}"
    );
    insta::assert_snapshot!("search_results", draw(&app));
    app.type_key(key(Key::Enter));
    let preview = text(&app);
    assert!(preview.contains("Enter goes there"), "{preview}");
    app.type_key(key(Key::Enter));
    assert!(app.search.is_none());
    // Chest pain lies past two 999 questions not asked yet: they come first.
    let asked: Vec<&str> = app.pending.ask.iter().map(|&n| app.tree.id(n)).collect();
    assert_eq!(asked, ["rf_collapse", "rf_sudden_now"]);
    for _ in 0..2 {
        step(&mut app, Choose(1));
    }
    assert_eq!(app.tree.id(app.walk.current()), "rf_chest");

    // Past the warning signs, a search goes straight there, as a jump that b undoes.
    let mut app = self::app((80, 24), &past_red_flags());
    let before = app.walk.current();
    find(&mut app, "how long");
    app.type_key(key(Key::Enter));
    app.type_key(key(Key::Enter));
    assert_eq!(app.tree.id(app.walk.current()), "how_long");
    let jumps = app
        .record
        .call()
        .events
        .iter()
        .filter(|e| matches!(&e.kind, tread::record::EventKind::Jump { reason, .. } if reason.starts_with("found by search, from No warning signs")))
        .count();
    assert_eq!(jumps, 1);
    step(&mut app, Back);
    assert_eq!(app.walk.current(), before, "b undoes the jump");

    // An outcome is not a place to jump to.
    find(&mut app, "back pain with chest pain");
    app.type_key(key(Key::Enter));
    app.type_key(key(Key::Enter));
    assert_eq!(app.walk.current(), before);
    assert!(
        app.flash
            .as_deref()
            .unwrap_or("")
            .contains("reached by answering")
    );
    // Esc goes back from a preview, then closes.
    step(&mut app, CloseNote);
    step(&mut app, CloseNote);
    assert!(app.search.is_none());
}

/// `!` lists the warning signs; choosing one that is not an emergency first asks the 999
/// questions still ahead (not the child's, for an adult), then goes where the sign leads; a
/// "yes" on the way goes to the emergency.
#[test]
fn a_warning_sign_chosen_from_the_list_never_skips_a_999_question() {
    let mut app = app((80, 24), &FIRST_FLAG);
    step(&mut app, RedFlags);
    let list = text(&app);
    assert!(
        list.contains("Warning signs: which does the caller have?"),
        "{list}"
    );
    // The highlight starts on the sign the walk is at; typing finds another.
    assert!(list.contains("▶ Fainted, or faint and clammy"), "{list}");
    type_in(&mut app, "hot shiv");
    let found = text(&app);
    assert!(found.contains("Find: hot shiv"), "{found}");
    assert!(
        found.contains("▶ High temperature, or hot and shivery"),
        "{found}"
    );
    app.type_key(key(ratatui_textarea::Key::Enter));
    let asked: Vec<String> = app
        .pending
        .ask
        .iter()
        .map(|&n| app.tree.id(n).to_string())
        .collect();
    assert_eq!(
        asked,
        // Every sign on the way to it, in the order they are asked: the 999 list, then the
        // more urgent of its own list; the Botox question itself, not its follow-ups.
        [
            "rf_collapse",
            "rf_sudden_now",
            "rf_chest",
            "rf_saddle",
            "rf_bladder",
            "rf_sexual",
            "rf_both_legs",
            "rf_accident",
            "rf_botox_recent",
            "rf_sudden_severe",
            "rf_chest_past",
            "rf_faint_past"
        ]
    );
    assert_eq!(
        app.tree.id(app.walk.current()),
        "rf_collapse",
        "already here"
    );
    // "No" to each: on to the next, then where a fever leads.
    for expected in [
        "rf_sudden_now",
        "rf_chest",
        "rf_saddle",
        "rf_bladder",
        "rf_sexual",
        "rf_both_legs",
        "rf_accident",
        "rf_botox_recent",
        "rf_sudden_severe",
        "rf_chest_past",
        "rf_faint_past",
    ] {
        step(&mut app, Choose(1));
        assert_eq!(app.tree.id(app.walk.current()), expected);
    }
    step(&mut app, Choose(1));
    assert_eq!(app.tree.id(app.walk.current()), "urgent_infection");
    assert!(app.pending.ask.is_empty());
    // The sign the caller named is in the record as their "yes".
    let named = app.record.call().events.iter().any(|e| {
        matches!(&e.kind, tread::record::EventKind::Step { node, positive: true, .. } if node == "rf_fever")
    });
    assert!(named, "the fever is a positive answer in the record");
    let summary = tread::record::summary::text(app.record.call());
    assert!(
        summary.contains("Positive answers:\n  - High temperature, or hot and shivery: Yes"),
        "{summary}"
    );

    // A "yes" on the way that is not an emergency goes where the tree says; the sign named
    // is kept in a note.
    let mut app = app_at_first_flag_choosing_fever();
    for _ in 0..8 {
        step(&mut app, Choose(1));
    }
    assert_eq!(app.tree.id(app.walk.current()), "rf_botox_recent");
    step(&mut app, Choose(0)); // Yes: a Botox injection, and its follow-up questions
    assert_eq!(app.tree.id(app.walk.current()), "rf_botox_breathing");
    assert!(app.pending.ask.is_empty());
    let noted = app
        .record
        .call()
        .notes()
        .any(|(_, text)| text.contains("named \"High temperature, or hot and shivery\""));
    assert!(noted, "the fever is noted");

    // A "yes" on the way goes to the emergency, and the list is done.
    let mut app = app_at_first_flag_choosing_fever();
    step(&mut app, Choose(0));
    assert_eq!(app.tree.id(app.walk.current()), "emergency_aaa");
    assert!(app.pending.ask.is_empty());
}

fn app_at_first_flag_choosing_fever() -> App {
    let mut app = app((80, 24), &FIRST_FLAG);
    step(&mut app, RedFlags);
    type_in(&mut app, "temperature");
    app.type_key(key(ratatui_textarea::Key::Enter));
    app
}

/// A key as the text field of the search box, a note or the warning-sign list takes it.
fn key(k: ratatui_textarea::Key) -> ratatui_textarea::Input {
    ratatui_textarea::Input {
        key: k,
        ..ratatui_textarea::Input::default()
    }
}

/// Types words into what is open.
fn type_in(app: &mut App, words: &str) {
    for c in words.chars() {
        app.type_key(key(ratatui_textarea::Key::Char(c)));
    }
}

/// On the smallest terminal the help scrolls to its last line, below the title bar.
#[test]
fn the_help_scrolls_on_a_small_terminal() {
    let mut app = app((60, 18), &FIRST_FLAG);
    step(&mut app, Help);
    let top = text(&app);
    assert!(
        top.lines().next().unwrap().contains("NOT A DIAGNOSIS"),
        "{top}"
    );
    assert!(top.contains("↓ more"), "{top}");
    for _ in 0..30 {
        step(&mut app, Down);
    }
    let bottom = text(&app);
    assert!(bottom.contains("Esc closes this help"), "{bottom}");
    assert!(!bottom.contains("↓ more"), "{bottom}");
    step(&mut app, Quit);
    assert!(
        app.overlay.is_none() && !app.quit,
        "any other key closes it"
    );
}

/// A click on an answer takes it; the wheel over the Why panel scrolls it.
#[test]
fn the_mouse_takes_an_answer_and_scrolls_the_why_panel() {
    // At the numbness question, whose reasoning is longer than the panel.
    let mut app = app(
        (80, 24),
        &[&FIRST_FLAG[..], &[Choose(1), Choose(1), Choose(1)]].concat(),
    );
    // A frame, so that the app knows where the answers are.
    step(&mut app, ToggleWhy);
    let (rect, answer) = app.limits.answers[1];
    assert_eq!(answer, 1);
    let before = app.walk.steps().len();
    step(
        &mut app,
        Click {
            x: rect.x + 3,
            y: rect.y,
        },
    );
    assert_eq!(
        app.walk.steps().len(),
        before + 1,
        "the click took an answer"
    );
    assert_eq!(
        app.walk.trail(&app.tree).rev().nth(1).unwrap().1,
        Some("No")
    );
    // A click on the question's words takes nothing.
    let steps = app.walk.steps().len();
    step(&mut app, Click { x: 3, y: 5 });
    assert_eq!(app.walk.steps().len(), steps);
    let why = app.limits.why_area.expect("the Why panel shows");
    assert!(
        app.limits.why > 0,
        "the panel has more than it shows at 80x24"
    );
    step(
        &mut app,
        Wheel {
            down: true,
            x: why.x + 2,
            y: why.y + 2,
        },
    );
    assert!(app.place().why_scroll > 0);
    // The wheel elsewhere moves the highlight, as the arrows do.
    step(
        &mut app,
        Wheel {
            down: true,
            x: 3,
            y: 5,
        },
    );
    assert_eq!(app.cursor(), 1);
}

/// The warning-sign list says which were answered, and which lie on another branch.
#[test]
fn the_warning_sign_list_says_what_was_answered_and_what_is_another_branch() {
    let mut app = app((100, 40), &[&FIRST_FLAG[..], &[Choose(1)]].concat());
    step(&mut app, RedFlags);
    let list = text(&app);
    assert!(
        list.contains("Emergency signs in a child  (another branch)"),
        "{list}"
    );
    assert!(
        list.contains("Fainted, or faint and clammy, in the last 24 hours  (answered)"),
        "{list}"
    );
    assert!(
        list.contains("Sudden, very bad pain in the last 24 hours "),
        "{list}"
    );
    assert!(
        !list.contains("Sudden, very bad pain in the last 24 hours  ("),
        "{list}"
    );
}

/// After the watched file changes, a search reads the new tree, not the old one's texts (whose
/// nodes stand at other positions).
#[test]
fn a_search_after_a_reload_reads_the_new_tree() {
    use ratatui_textarea::{Input, Key};
    let mut app = app((80, 24), &FIRST_FLAG);
    step(&mut app, Search);
    app.type_key(Input {
        key: Key::Char('c'),
        ..Input::default()
    });
    assert!(!app.search.as_ref().unwrap().hits.is_empty());
    let small = tree::load_text(
        include_str!("fixtures/good.ron")
            .trim_start_matches('\u{feff}')
            .to_string(),
    )
    .walkable()
    .unwrap();
    app.reload(tread::watch::Reload::Tree(Box::new(small)), "good.ron");
    assert!(app.search.is_none(), "the old results go with the old tree");
    step(&mut app, Search);
    for c in "numb".chars() {
        app.type_key(Input {
            key: Key::Char(c),
            ..Input::default()
        });
    }
    let hits = &app.search.as_ref().unwrap().hits;
    assert_eq!(hits.len(), 1);
    assert_eq!(app.tree.id(hits[0].node), "ask");
    text(&app); // draws without reading past the new tree's nodes
}

/// The 999 checklist at 80x24: every sign by its number, the highlighted one with its words,
/// "none of these", and the keys; with the Why panel, the highlighted sign's reasoning.
#[test]
fn a_checklist_of_warning_signs_fits_80x24() {
    let list = app((80, 24), &FIRST_LIST);
    let screen = text(&list);
    for n in 1..=9 {
        assert!(screen.contains(&format!(" {n}  ")), "item {n}:\n{screen}");
    }
    assert!(screen.contains(" 0  None of these"), "{screen}");
    insta::assert_snapshot!("checklist", draw(&list));
    let why = app(
        (80, 24),
        &[&FIRST_LIST[..], &[Down, Down, ToggleWhy]].concat(),
    );
    let screen = text(&why);
    assert!(screen.contains("▶ 3  Chest pain"), "{screen}");
    assert!(
        screen.contains("Back pain with chest pain can come from"),
        "{screen}"
    );
    insta::assert_snapshot!("checklist_why", draw(&why));
    // u, then a number: that sign, not sure.
    let unsure = app((80, 24), &[&FIRST_LIST[..], &[Unsure, Choose(1)]].concat());
    assert_eq!(unsure.tree.id(unsure.walk.current()), "emergency_aaa");
    // Every list, whatever is highlighted, fits whole: no "more" below.
    let mut at = app((80, 24), &FIRST_LIST);
    let mut lists = 0;
    while let tread::tree::Node::Checklist { items, .. } = at.node() {
        for row in 0..=items.len() {
            let screen = text(&at);
            assert!(!screen.contains("↓ more"), "row {row}:\n{screen}");
            step(&mut at, Down);
        }
        lists += 1;
        step(&mut at, NoneApply);
    }
    assert_eq!(lists, 3);
}

/// A caller not with the patient who knows of a 999 sign: at that outcome every sign is on
/// another branch, and a second Enter takes it; the record says where the jump was made.
#[test]
fn a_sign_on_another_branch_is_taken_on_a_second_enter() {
    let mut app = app((80, 24), &[Select, Select, Choose(1)]);
    assert_eq!(app.tree.id(app.walk.current()), "call_the_patient");
    step(&mut app, RedFlags);
    type_in(&mut app, "both legs");
    app.type_key(key(ratatui_textarea::Key::Enter));
    assert!(app.overlay.is_some(), "one Enter does not take it");
    let flash = app.flash.clone().unwrap_or_default();
    assert!(
        flash.contains("Enter again goes there all the same"),
        "{flash}"
    );
    app.type_key(key(ratatui_textarea::Key::Enter));
    assert_eq!(app.tree.id(app.walk.current()), "emergency_cauda_equina");
    let jumped = app.record.call().events.iter().any(|e| {
        matches!(&e.kind, tread::record::EventKind::Jump { reason, .. }
            if reason == "named by the caller from the warning-sign list, at The patient cannot be asked now")
    });
    assert!(jumped, "{:?}", app.record.call().events);
}

/// Going back through a list to one of its signs and on: only what changed is listed as
/// changed, not every sign the list had answered and that was asked again the same.
#[test]
fn a_summary_lists_only_what_changed_after_going_back_through_a_list() {
    let mut app = app((80, 24), &past_red_flags());
    step(&mut app, Path);
    // The newest answer is the last list's last sign (night pain); two up is weight loss.
    for _ in 0..2 {
        step(&mut app, Up);
    }
    step(&mut app, Select);
    assert_eq!(app.tree.id(app.walk.current()), "rf_weight");
    step(&mut app, Choose(0));
    let summary = tread::record::summary::text(app.record.call());
    let changed = summary
        .split("Changed during the call:\n")
        .nth(1)
        .unwrap_or("")
        .split("\n\n")
        .next()
        .unwrap_or("");
    assert!(
        changed.contains("More signs that need a clinician today: none of these (taken back"),
        "{summary}"
    );
    assert!(
        changed.contains("Weight loss without trying: No (taken back"),
        "{summary}"
    );
    assert!(
        !changed.contains("A lump"),
        "asked again the same: {summary}"
    );
}

/// The glossary's words are underlined where they stand, and `g` shows what those on the
/// screen mean.
#[test]
fn glossary_words_are_underlined_and_g_explains_them() {
    let mut app = app((80, 24), &[&FIRST_LIST[..], &[ToggleWhy]].concat());
    let backend = draw(&app);
    let buffer = backend.buffer();
    let row: Vec<_> = (0..buffer.area.height)
        .flat_map(|y| (0..buffer.area.width).map(move |x| (x, y)))
        .collect();
    let underlined: String = row
        .iter()
        .filter(|&&(x, y)| {
            buffer[(x, y)]
                .modifier
                .contains(ratatui::style::Modifier::UNDERLINED)
        })
        .map(|&(x, y)| buffer[(x, y)].symbol().to_string())
        .collect();
    assert!(underlined.contains("aortic aneurysm"), "{underlined:?}");
    step(&mut app, Glossary);
    let screen = text(&app);
    assert!(screen.contains("The words on this screen:"), "{screen}");
    assert!(screen.contains("cauda equina"), "{screen}");
    insta::assert_snapshot!("glossary", draw(&app));
    step(&mut app, Cancel);
    assert!(app.overlay.is_none());
}

/// `m` opens a map of the whole tree, on the step the walk is at; Enter goes to the step
/// highlighted, asking first the warning signs on the way (recorded as a jump from the map).
#[test]
fn the_map_shows_the_whole_tree_and_goes_to_any_step() {
    let mut app = app((80, 24), &FIRST_FLAG);
    step(&mut app, Map);
    let screen = text(&app);
    assert!(screen.contains("Map: ● you are here"), "{screen}");
    assert!(screen.contains("▶● "), "{screen}");
    insta::assert_snapshot!("map_80x24", draw(&app));
    let mut wide = self::app((120, 40), &FIRST_FLAG);
    step(&mut wide, Map);
    insta::assert_snapshot!("map_120x40", draw(&wide));

    // An outcome is not a place to go.
    let map = app.map.as_ref().unwrap();
    let outcome = map
        .rows
        .iter()
        .position(|r| {
            matches!(r, tread::map::Row::Node { node, .. } if app.tree.id(*node) == "emergency_aaa")
        })
        .unwrap();
    let how_long = map
        .rows
        .iter()
        .position(
            |r| matches!(r, tread::map::Row::Node { node, .. } if app.tree.id(*node) == "how_long"),
        )
        .unwrap();
    let at = map.cursor;
    for _ in at..outcome {
        step(&mut app, Down);
    }
    step(&mut app, Select);
    assert!(app.map.is_some(), "still open");
    assert!(
        app.flash
            .clone()
            .unwrap_or_default()
            .contains("not from the map"),
        "{:?}",
        app.flash
    );
    for _ in outcome..how_long {
        step(&mut app, Down);
    }
    step(&mut app, Select);
    assert!(app.map.is_none());
    assert!(
        app.flash
            .clone()
            .unwrap_or_default()
            .contains("warning signs not asked yet"),
        "{:?}",
        app.flash
    );
    // The walk waits at the sign it is on: the first of those on the way.
    assert_eq!(app.tree.id(app.walk.current()), "rf_collapse");
    assert_eq!(app.pending.ask.len(), 26, "every adult sign on the way");
    assert_eq!(
        app.pending.then,
        Some(tread::tui::app::Then::Go(
            app.tree.find("how_long").unwrap(),
            "chosen on the map"
        ))
    );
}

/// A tree of another field shows its own scale and words: the banner in the title bar, its
/// heading over a question, and its level and headings at an outcome.
#[test]
fn a_field_s_own_scale_and_words_on_screen() {
    let tree = tree::load_text(include_str!("fixtures/patch.ron").to_string())
        .walkable()
        .expect("the patch tree loads");
    let walk = Walk::new(&tree);
    let mut app = App::new(tree, walk, (80, 24), Theme::PLAIN);
    step(&mut app, Select);
    let question = text(&app);
    assert!(question.contains("GUIDANCE ONLY"), "{question}");
    assert!(!question.contains("NOT A DIAGNOSIS"), "{question}");
    assert!(question.contains("Check:"), "{question}");
    insta::assert_snapshot!("field_question", draw(&app));
    step(&mut app, Choose(1));
    step(&mut app, Choose(0));
    let outcome = text(&app);
    assert!(
        outcome.contains(" OUT OF CYCLE  Patch this week"),
        "{outcome}"
    );
    assert!(outcome.contains("Escalate if:"), "{outcome}");
    insta::assert_snapshot!("field_outcome", draw(&app));
}

/// From an outcome, a search jump asks every warning sign on the way that this call never
/// asked: a list answered by a mark never asked the signs after it.
#[test]
fn a_jump_from_an_outcome_asks_the_signs_never_asked() {
    use ratatui_textarea::Key;
    // Numb around the bottom: the fourth sign of the first list, marked.
    let mut app = app((80, 24), &[Select, Select, Choose(0), Choose(1), Choose(3)]);
    assert!(app.walk.is_finished(&app.tree));
    assert_eq!(app.tree.id(app.walk.current()), "emergency_cauda_equina");
    step(&mut app, Search);
    type_in(&mut app, "shivery");
    app.type_key(key(Key::Enter));
    app.type_key(key(Key::Enter));
    let asked: Vec<&str> = app.pending.ask.iter().map(|&n| app.tree.id(n)).collect();
    assert_eq!(
        asked,
        [
            "rf_bladder",
            "rf_sexual",
            "rf_both_legs",
            "rf_accident",
            "rf_botox_recent",
            "rf_sudden_severe",
            "rf_chest_past",
            "rf_faint_past"
        ]
    );
    assert_eq!(app.tree.id(app.walk.current()), "rf_bladder");
    // Each "no", then the sign named: the walk ends where its "yes" leads, less urgent than
    // the emergency reached before; the call's outcome stays the emergency.
    for _ in 0..8 {
        step(&mut app, Choose(1));
    }
    assert_eq!(app.tree.id(app.walk.current()), "rf_fever");
    step(&mut app, Choose(0));
    assert_eq!(app.tree.id(app.walk.current()), "urgent_infection");
    let outcome = app.record.call().outcome.clone().unwrap();
    assert_eq!(outcome.node, "emergency_cauda_equina");
    assert_eq!(outcome.urgency, "Emergency");
    // Going back from the outcome itself is a correction: then it is the call's no more.
    let mut fixed = self::app((80, 24), &[Select, Select, Choose(0), Choose(1), Choose(3)]);
    step(&mut fixed, Back);
    assert!(fixed.record.call().outcome.is_none());
}
