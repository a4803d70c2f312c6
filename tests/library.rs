//! A library of trees: every tree below a directory, read and checked, the bundled one always
//! there, files of cases not taken for broken trees; and choosing one in the terminal.

mod common;

use common::pty::Pty;
use tread::library::{self, Health, Origin};

fn shelf(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tread-library-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::copy(fixtures.join("good.ron"), dir.join("good.ron")).unwrap();
    std::fs::copy(fixtures.join("cycle.ron"), dir.join("sub/cycle.ron")).unwrap();
    std::fs::write(
        dir.join("good.cases.ron"),
        "(format: 1, cases: [(id: \"numb\", title: \"Numb legs\", story: \"My legs are numb.\", answers: [\"Yes\"], outcome: \"emergency\")])",
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "not a tree").unwrap();
    dir
}

#[test]
fn a_library_lists_every_tree_with_its_health_and_the_bundled_one() {
    let dir = shelf("list");
    let books = library::open(&dir).unwrap();
    let seen: Vec<(String, bool)> = books.iter().map(|b| (b.place(), b.walkable())).collect();
    assert_eq!(
        seen,
        [
            (dir.join("good.ron").display().to_string(), true),
            (dir.join("sub/cycle.ron").display().to_string(), false),
            ("(bundled)".to_string(), true),
        ]
    );
    match &books[1].health {
        Health::Broken { errors, first } => {
            assert_eq!(*errors, 1);
            assert!(first.contains("this link makes a loop"), "{first}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(books[2].origin, Origin::Bundled);
    assert_eq!(library::filter(&books, "sore GOOD").len(), 1);
    assert_eq!(library::filter(&books, "botox").len(), 1);
    // A copy of the bundled tree stands for it: the tree is listed once.
    std::fs::copy("trees/back-pain-botox.ron", dir.join("back.ron")).unwrap();
    let books = library::open(&dir).unwrap();
    assert_eq!(library::filter(&books, "botox").len(), 1);
    assert!(books.iter().all(|b| b.origin != Origin::Bundled));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_tree_is_chosen_from_the_library_and_walked_and_a_broken_one_is_not() {
    let dir = shelf("walk");
    let store = dir.join("calls.db");
    let mut pty = Pty::start_shell(&format!(
        "TREAD_STORE='{}' exec '{}' '{}'",
        store.display(),
        env!("CARGO_BIN_EXE_tread"),
        dir.display()
    ));
    let screen = pty.wait_for("choose a tree to walk");
    assert!(screen.contains("cannot be walked"), "{screen}");
    assert!(
        !screen.contains("cases"),
        "a file of cases is no tree: {screen}"
    );
    // Filter to the broken one: Enter says why it is not walked.
    pty.keys("cycle");
    pty.wait_for("Find: cycle");
    pty.keys("\r");
    pty.wait_for("this tree has errors and cannot be walked");
    // Clear the filter, find the good one, walk it.
    pty.keys("\x1b");
    std::thread::sleep(std::time::Duration::from_millis(100));
    pty.keys("good");
    pty.wait_for("Find: good");
    pty.keys("\r");
    pty.wait_for("Before you start");
    pty.keys("\r");
    pty.wait_for("Are both legs numb?");
    // Leaving the walk goes back to the list, drawn whole; another tree can be walked.
    pty.keys("q");
    let back = pty.wait_for("choose a tree to walk");
    assert!(!back.contains("Are both legs numb?"), "{back}");
    pty.keys("bundled");
    pty.wait_for("Find: bundled");
    pty.keys("\r");
    pty.wait_for("Before you start");
    pty.keys("\r");
    pty.wait_for("Who and where");
    // Ctrl-C leaves tread from the walk.
    pty.keys("\x03");
    assert!(pty.exit_status().ends_with(", 0)"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_takes_a_directory_as_the_library_does() {
    let dir = shelf("check");
    let run = common::tread(&["check", dir.to_str().unwrap()]);
    // A file of cases is checked as cases, against the tree beside it.
    assert!(run.stdout.contains("good.cases.ron: ok"), "{}", run.stdout);
    assert!(run.stdout.contains("checked 3 files"), "{}", run.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}
