//! The map on a generated tree of 100,000 nodes: the time to lay out the outline when `m`
//! opens it, and a key and a frame at 120x40 as one moves through it (at most 2 ms asked).
//!
//! `cargo bench --bench map`.

#[path = "support/synth.rs"]
mod synth;

#[path = "support/timing.rs"]
mod timing;

use std::time::Instant;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use tread::tree;
use tread::tui::keys::Command;
use tread::tui::{App, Theme};
use tread::walk::Walk;

fn main() {
    for n in [10_000, 100_000] {
        let tree = tree::load_text(synth::tree(n))
            .walkable()
            .expect("the generated tree walks");
        let walk = Walk::new(&tree);
        let mut app = App::new(tree, walk, (120, 40), Theme::COLOR);
        app.update(Command::Select);
        let t = Instant::now();
        app.update(Command::Map);
        let open = t.elapsed().as_secs_f64();
        let area = Rect::new(0, 0, 120, 40);
        let mut buf = Buffer::empty(area);
        (&app).render(area, &mut buf);
        let rows = app.map.as_ref().map_or(0, |m| m.rows.len());
        let frame = timing::median(21, || {
            app.update(Command::Down);
            let mut buf = Buffer::empty(area);
            (&app).render(area, &mut buf);
            buf
        });
        let page = timing::median(21, || {
            app.update(Command::WhyDown);
            let mut buf = Buffer::empty(area);
            (&app).render(area, &mut buf);
            buf
        });
        println!(
            "map of {n} nodes ({rows} rows): opening {:.1} ms; a key and a frame at 120x40 {:.2} ms (a page: {:.2} ms), medians of 21",
            open * 1e3,
            frame * 1e3,
            page * 1e3
        );
    }
}
