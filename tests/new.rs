//! `tread new` and `tread completions`, through the real binary.

mod common;

use common::tread;

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tread-new-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn new_writes_a_commented_tree_that_checks_clean_and_never_overwrites() {
    let dir = scratch("starter");
    let path = dir.join("triage.ron");
    let p = path.to_str().unwrap();
    let run = tread(&["new", p]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!("wrote {p}: walk it with `tread {p}`, check it with `tread check {p}`\n")
    );
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written
            .lines()
            .filter(|l| l.trim_start().starts_with("//"))
            .count()
            >= 10,
        "commented"
    );
    let check = tread(&["check", "--deny-warnings", p]);
    assert_eq!((check.code, check.stdout), (0, format!("{p}: ok\n")));

    std::fs::write(&path, "my own work").unwrap();
    let again = tread(&["new", p]);
    assert_eq!(again.code, 2);
    assert_eq!(
        again.stderr,
        format!("error: `{p}` already exists; tread new never overwrites a file\n")
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my own work");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn new_into_a_missing_directory_says_so() {
    let run = tread(&["new", "/nonexistent-dir/tree.ron"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: `/nonexistent-dir/tree.ron` cannot be created: "),
        "{}",
        run.stderr
    );
}

#[test]
fn completions_are_valid_scripts_that_know_the_commands() {
    for shell in ["bash", "zsh", "fish"] {
        let run = tread(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}");
        for word in ["check", "new", "completions", "deny-warnings"] {
            assert!(run.stdout.contains(word), "{shell} completions lack {word}");
        }
    }
    // bash itself checks the syntax of its script.
    let dir = scratch("completions");
    let script = dir.join("tread.bash");
    std::fs::write(&script, tread(&["completions", "bash"]).stdout).unwrap();
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::remove_dir_all(dir).unwrap();
}
