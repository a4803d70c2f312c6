//! What a person sees, as pictures: the app driven by commands, drawn into a fixed-size buffer.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tread::commands::walk::BUNDLED;
use tread::tree;
use tread::tui::keys::Command::{self, *};
use tread::tui::{App, Theme};
use tread::walk::Walk;

/// The bundled tree's app at this size, after these commands.
fn app(size: (u16, u16), commands: &[Command]) -> App {
    let tree = tree::load_text(BUNDLED.to_string())
        .walkable()
        .expect("the bundled tree loads");
    let walk = Walk::new(&tree).unwrap();
    let mut app = App::new(tree, walk, size, Theme::PLAIN);
    for &c in commands {
        app.update(c);
    }
    app
}

fn draw(app: &App) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().clone()
}

/// No to every red flag: eight answers and the "no warning signs" step.
const PAST_RED_FLAGS: [Command; 10] = [
    Select,
    Choose(1),
    Choose(1),
    Choose(1),
    Choose(1),
    Choose(1),
    Choose(1),
    Choose(1),
    Choose(1),
    Select,
];

#[test]
fn the_first_screen_shows_the_disclaimer() {
    let app = app((80, 24), &[]);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn a_red_flag_question_with_the_why_panel() {
    let app = app((80, 24), &[Select, ToggleWhy]);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn the_why_panel_opens_by_itself_beside_the_question_on_a_wide_terminal() {
    let app = app((120, 30), &[Select, Choose(1)]);
    assert!(app.why);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn an_info_step_says_what_to_say() {
    let mut commands = PAST_RED_FLAGS.to_vec();
    commands.pop();
    let app = app((80, 24), &commands);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn an_emergency_outcome_says_where_to_go_and_the_path_taken() {
    let app = app((80, 24), &[Select, Choose(1), Choose(0)]);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn a_long_outcome_scrolls_and_says_there_is_more() {
    let mut commands = PAST_RED_FLAGS.to_vec();
    // Cause known, spasms, lower back, note, after an injury, not easing, relaxants did not help,
    // what injections involve: the back pain clinic.
    commands.extend([
        Choose(0),
        Choose(0),
        Choose(0),
        Select,
        Choose(0),
        Choose(1),
        Choose(1),
        Select,
    ]);
    let top = app((80, 24), &commands);
    insta::assert_snapshot!("long_outcome_top", draw(&top));
    commands.extend([Down; 40]);
    let bottom = app((80, 24), &commands);
    assert!(bottom.scroll > 0);
    insta::assert_snapshot!("long_outcome_bottom", draw(&bottom));
}

#[test]
fn the_help_overlay_lists_every_key() {
    let app = app((80, 24), &[Select, Help]);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn restarting_mid_walk_asks_first() {
    let app = app((80, 24), &[Select, Choose(1), Choose(1), Restart]);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn a_terminal_too_small_says_how_big_it_must_be() {
    let app = app((50, 12), &[Select]);
    insta::assert_snapshot!(draw(&app));
}
