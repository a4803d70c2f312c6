//! Trees that use files of shared nodes (`uses: ["….parts.ron"]`): checked as one tree, every
//! diagnostic in the file it is in, loops of uses reported, the parts not listed as trees, and an
//! edit to a part reloading the tree that uses it.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{tread, tread_with_input};
use tread::library;
use tread::watch::{Failed, Reload, Watcher};

#[test]
fn a_tree_and_the_parts_it_uses_check_and_walk_as_one() {
    let run = tread(&[
        "check",
        "tests/fixtures/uses/back.ron",
        "tests/fixtures/uses/neck.ron",
        "tests/fixtures/uses/shared/red-flags.parts.ron",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        run.stdout,
        "tests/fixtures/uses/back.ron: ok\ntests/fixtures/uses/neck.ron: ok\n\
         tests/fixtures/uses/shared/red-flags.parts.ron: checked above, with tests/fixtures/uses/back.ron\n\
         checked 3 files: no problems\n"
    );
    // The shared checklist, then the tree's own question.
    let run = tread_with_input(
        &["--plain", "--no-record", "tests/fixtures/uses/neck.ron"],
        Some("0\n2\n"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for part in [
        "CHECKLIST: Signs that need 999",
        "How long has your neck hurt?",
        "OUTCOME: ROUTINE: GP",
    ] {
        assert!(run.stdout.contains(part), "{part:?} in:\n{}", run.stdout);
    }
}

#[test]
fn every_mistake_across_files_is_shown_in_its_own_file() {
    let run = tread(&["check", "tests/fixtures/uses/broken.ron"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        r#"error[missing-need]: `tests/fixtures/uses/broken/flags.parts.ron` needs a node `later`, and none is defined
 --> tests/fixtures/uses/broken.ron:6:12
  |
6 |     uses: ["broken/flags.parts.ron"],
  |            ^^^^^^^^^^^^^^^^^^^^^^^^
  |
 ::: tests/fixtures/uses/broken/flags.parts.ron:5:32
  |
5 |     needs: ["after_red_flags", "later"],
  |                                ------- needed here
  |
  = hint: define a node `later` in the file that uses it: where the shared nodes lead on to (a parts file may pass it on in its own `needs`)

warning[unreachable]: no path from the start reaches `after_red_flags`
 --> tests/fixtures/uses/broken.ron:8:9
  |
8 |         "after_red_flags": Question(
  |         ^^^^^^^^^^^^^^^^^
  |
  = hint: link to it from another node, or remove it

warning[unreachable]: no path from the start reaches `rest`
  --> tests/fixtures/uses/broken.ron:18:9
   |
18 | ...   "rest": Outcome(title: "Rest", urgency: SelfCare, action: "Rest.", advice: ["Move."], ...
   |       ^^^^^^
   |
   = hint: link to it from another node, or remove it

warning[unreachable]: no path from the start reaches `gp`
  --> tests/fixtures/uses/broken.ron:19:9
   |
19 | ...   "gp": Outcome(title: "GP", urgency: Routine, action: "See a GP.", advice: ["Move."], s...
   |       ^^^^
   |
   = hint: link to it from another node, or remove it

error[dangling-link]: choice "No" leads to `chset`, which is not a node
  --> tests/fixtures/uses/broken/flags.parts.ron:24:37
   |
24 |                 (label: "No", next: "chset"),
   |                                     ^^^^^^^
   |
   = hint: did you mean `chest`?

error[uses-cycle]: these files use each other in a loop: tests/fixtures/uses/broken/flags.parts.ron → tests/fixtures/uses/broken/more.parts.ron → tests/fixtures/uses/broken/flags.parts.ron
 --> tests/fixtures/uses/broken/more.parts.ron:4:12
  |
4 |     uses: ["flags.parts.ron", "gone.parts.ron", "../back.ron"],
  |            ^^^^^^^^^^^^^^^^^
  |
  = hint: a parts file may use others, but never one that uses it back: remove one `uses`

error[used-file-unreadable]: `tests/fixtures/uses/broken/gone.parts.ron` cannot be used: there is no such file
 --> tests/fixtures/uses/broken/more.parts.ron:4:31
  |
4 |     uses: ["flags.parts.ron", "gone.parts.ron", "../back.ron"],
  |                               ^^^^^^^^^^^^^^^^
  |
  = hint: give the path from this file's folder to the parts file

error[not-a-parts-file]: `tests/fixtures/uses/broken/../back.ron` is not a parts file: `uses` takes files named `*.parts.ron`
 --> tests/fixtures/uses/broken/more.parts.ron:4:49
  |
4 |     uses: ["flags.parts.ron", "gone.parts.ron", "../back.ron"],
  |                                                 ^^^^^^^^^^^^^
  |
  = hint: put the shared nodes in a file of their own, named `….parts.ron`: a title, format, needs, sources and nodes, no start

error[duplicate-id]: node `rest` is defined more than once
  --> tests/fixtures/uses/broken/more.parts.ron:6:9
   |
 6 | ...   "rest": Outcome(title: "Rest again", urgency: SelfCare, action: "Rest.", advice: ["Mov...
   |       ^^^^^^
   |
  ::: tests/fixtures/uses/broken.ron:18:9
   |
18 | ...   "rest": Outcome(title: "Rest", urgency: SelfCare, action: "Rest.", advice: ["Move."], ...
   |       ------ first defined here
   |
   = hint: rename one of them; only the first would be used

tests/fixtures/uses/broken.ron: 6 errors, 3 warnings
"#
    );
    // For tools, each diagnostic names its own file.
    let json = tread(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/uses/broken.ron",
    ]);
    let files: Vec<String> = json
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!(
                "{}:{}",
                v["file"].as_str().unwrap(),
                v["code"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        files.contains(&"tests/fixtures/uses/broken/flags.parts.ron:dangling-link".to_string())
    );
    assert!(files.contains(&"tests/fixtures/uses/broken/more.parts.ron:uses-cycle".to_string()));
    assert!(files.contains(&"tests/fixtures/uses/broken.ron:missing-need".to_string()));
    // A tree with errors in a part is not walked.
    let walk = tread(&[
        "--answers",
        "0",
        "--no-record",
        "tests/fixtures/uses/broken.ron",
    ]);
    assert_eq!(walk.code, 1, "{}", walk.stdout);
    assert!(
        walk.stderr.contains("broken/flags.parts.ron:24:37"),
        "{}",
        walk.stderr
    );
}

#[test]
fn the_library_lists_the_trees_and_not_the_parts() {
    let books = library::open(Path::new("tests/fixtures/uses")).unwrap();
    let seen: Vec<(String, bool)> = books.iter().map(|b| (b.place(), b.walkable())).collect();
    assert_eq!(
        seen,
        [
            ("tests/fixtures/uses/back.ron".to_string(), true),
            ("tests/fixtures/uses/broken.ron".to_string(), false),
            ("tests/fixtures/uses/neck.ron".to_string(), true),
            ("(bundled)".to_string(), true),
        ]
    );
    let library::Health::Broken { first, .. } = &books[1].health else {
        panic!("broken")
    };
    assert!(
        first.starts_with("6:12: `tests/fixtures/uses/broken/flags.parts.ron` needs"),
        "{first}"
    );
}

/// A scratch copy of the good fixtures.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tread-uses-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    for file in ["back.ron", "shared/red-flags.parts.ron"] {
        std::fs::copy(Path::new("tests/fixtures/uses").join(file), dir.join(file)).unwrap();
    }
    dir
}

/// Polls until the watcher reports a reload (or ten seconds pass).
fn next_reload(watcher: &mut Watcher) -> Reload {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(reload) = watcher.poll(Instant::now()) {
            return reload;
        }
        assert!(Instant::now() < deadline, "no reload");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_edit_to_a_used_file_reloads_the_tree_that_uses_it() {
    let dir = scratch("reload");
    let tree = dir.join("back.ron");
    let part = dir.join("shared/red-flags.parts.ron");
    let loaded = tread::tree::load_file(&tree).unwrap();
    assert_eq!(loaded.parts.len(), 1);
    let mut watcher = Watcher::new(&tree, vec![loaded.parts[0].path.clone()]);
    let text = std::fs::read_to_string(&part).unwrap();
    std::fs::write(
        &part,
        text.replace("title: \"Chest pain\"", "title: \"Chest pain now\""),
    )
    .unwrap();
    match next_reload(&mut watcher) {
        Reload::Tree(tree) => {
            let chest = tree.find("chest").unwrap();
            assert_eq!(tree.node(chest).title(), "Chest pain now");
        }
        Reload::Failed(why) => panic!("{why}"),
    }
    // A broken part: the tree keeps its last good version, and the message names the part.
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(
        &part,
        text.replace("next: \"chest\"),", "next: \"chset\"),"),
    )
    .unwrap();
    match next_reload(&mut watcher) {
        Reload::Failed(failed @ Failed::Problems { .. }) => {
            let said = failed.to_string();
            assert!(
                said.starts_with("23:37: choice \"No\" leads to `chset`"),
                "{said}"
            );
            assert!(said.contains("(in "), "{said}");
            assert!(said.contains("red-flags.parts.ron)"), "{said}");
        }
        _ => panic!("the broken part was taken"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_used_file_that_is_a_link_is_not_followed() {
    let dir = scratch("link");
    std::fs::write(dir.join("secret.env"), "PASSWORD=hunter2\n").unwrap();
    std::os::unix::fs::symlink(dir.join("secret.env"), dir.join("leak.parts.ron")).unwrap();
    let tree = dir.join("back.ron");
    let text = std::fs::read_to_string(&tree).unwrap();
    std::fs::write(
        &tree,
        text.replace(
            "uses: [\"shared/red-flags.parts.ron\"]",
            "uses: [\"shared/red-flags.parts.ron\", \"leak.parts.ron\"]",
        ),
    )
    .unwrap();
    let run = tread(&["check", tree.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("goes through a symbolic link"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("hunter2"), "{}", run.stdout);
    // Nor a file outside the tree's folder, by `..`, by an absolute path, or through a linked
    // folder: a syntax error in it would quote it.
    std::fs::create_dir_all(dir.join("secret")).unwrap();
    std::fs::write(dir.join("secret/x.parts.ron"), "PASSWORD=hunter2\n").unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::os::unix::fs::symlink(dir.join("secret"), dir.join("sub/linked")).unwrap();
    // A hard link is another name for a file that may be anyone's: refused too.
    std::fs::hard_link(
        dir.join("secret/x.parts.ron"),
        dir.join("sub/hard.parts.ron"),
    )
    .unwrap();
    let absolute = dir.join("secret/x.parts.ron");
    for (entry, why) in [
        ("hard.parts.ron", "other names (hard links)"),
        ("../secret/x.parts.ron", "goes up a folder"),
        (absolute.to_str().unwrap(), "is absolute"),
        ("linked/x.parts.ron", "goes through a symbolic link"),
    ] {
        let tree = dir.join("sub/t.ron");
        std::fs::write(&tree, text.replace("shared/red-flags.parts.ron", entry)).unwrap();
        let run = tread(&["check", tree.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{entry}");
        assert!(
            run.stdout.contains("uses-outside"),
            "{entry}: {}",
            run.stdout
        );
        assert!(run.stdout.contains(why), "{entry}: {}", run.stdout);
        assert!(!run.stdout.contains("hunter2"), "{entry}: {}", run.stdout);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_long_chain_of_parts_stops_at_the_limit_and_a_folder_checks_each_once() {
    let dir = std::env::temp_dir().join(format!("tread-uses-{}-chain", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let n = 105;
    for i in 0..n {
        let (uses, next) = if i + 1 < n {
            (format!("\"p{}.parts.ron\"", i + 1), format!("p{}", i + 1))
        } else {
            (String::new(), "end".to_string())
        };
        std::fs::write(
            dir.join(format!("p{i}.parts.ron")),
            format!(
                "(title: \"Part {i}\", format: 1, needs: [\"end\", \"Not-An-Id\"], uses: [{uses}], nodes: {{ \"p{i}\": Question(title: \"Q{i}\", text: \"Asked?\", why: \"w\", choices: [(label: \"Yes\", next: \"end\", positive: true), (label: \"No\", next: \"{next}\")]) }})\n"
            ),
        )
        .unwrap();
    }
    let run = tread(&["check", dir.join("p0.parts.ron").to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("error[too-much-used]: a tree may use at most 100 files"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("error[bad-id]: needed id `Not-An-Id` is not snake_case"),
        "{}",
        run.stdout
    );
    // The folder: the first file checks the chain; the others are said to be checked with it.
    let run = tread(&["check", dir.to_str().unwrap()]);
    let first = format!("checked above, with {}", dir.join("p0.parts.ron").display());
    let with_first = run
        .stdout
        .lines()
        .filter(|l| l.ends_with(first.as_str()))
        .count();
    assert!(
        with_first >= 99,
        "{with_first} files said to be checked with the first"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
