//! `tread report`'s charts, drawn from a report of calls walked on the bundled tree.

mod common;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use tread::record::report::{self, Scope};
use tread::record::store::Store;
use tread::tui::Theme;
use tread::tui::charts::draw;

/// A store of calls walked line by line: two emergencies, an urgent call, one left early.
fn report() -> report::Report {
    let dir = std::env::temp_dir().join(format!("tread-charts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = dir.join("calls.db");
    for answers in [",1,2,4", ",1,2,4", ",2", ","] {
        common::tread(&["--answers", answers, "--store", store.to_str().unwrap()]);
    }
    let mut store = Store::open(&store).unwrap();
    let report = report::make(&mut store, &Scope::default()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    report
}

fn screen(report: &report::Report, width: u16, height: u16) -> String {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    draw(
        report,
        "4 calls ended · from a test",
        Theme::PLAIN,
        area,
        &mut buf,
    );
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_charts_show_days_urgency_outcomes_and_signs_in_a_small_terminal() {
    let report = report();
    assert_eq!(report.calls, 4);
    let small = screen(&report, 80, 24);
    for shown in [
        "Calls by day",
        "By urgency",
        "EMERGENCY",
        "By outcome (calls)",
        "Warning signs that came up (calls)",
        "Numb or tingling",
        "To an outcome: median",
        "Restarted: 0 calls",
    ] {
        assert!(small.contains(shown), "{shown:?} missing:\n{small}");
    }
    // The calls were taken today: the day is written the same way every day.
    let day = report.days[0].day.clone();
    let steady = small
        .replace(&day, "YYYY-MM-DD")
        .replace(&day[5..], "MM-DD");
    insta::assert_snapshot!("charts_80x24", steady);
    let tiny = screen(&report, 50, 12);
    assert!(tiny.contains("at least 60x18"), "{tiny}");
}
