//! Peak memory of loading generated trees, and the bytes one highlight move writes to the
//! terminal. Kept apart from the timings: counting every allocation slows what it counts.

#[path = "support/synth.rs"]
mod synth;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tread::tree;
use tread::tui::keys::Command;
use tread::tui::{App, Theme};
use tread::walk::Walk;

/// Counts live heap bytes and their peak, to measure peak memory.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    println!("peak heap while loading and checking, against the file's size");
    for n in [1_000, 10_000, 100_000] {
        let bytes = synth::tree(n).into_bytes();
        let size = bytes.len();
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let loaded = tree::load(bytes);
        assert!(
            loaded.diagnostics.is_empty(),
            "{:?}",
            loaded.diagnostics.first().map(|d| d.problem.message())
        );
        let peak = PEAK.load(Ordering::Relaxed) - base;
        let kept = LIVE.load(Ordering::Relaxed) - base;
        drop(loaded);
        println!(
            "{n:>8} nodes {:>7.1} MB: peak {:>7.1} MB = {:.2} x the file; kept after loading {:.2} x",
            size as f64 / 1e6,
            peak as f64 / 1e6,
            peak as f64 / size as f64,
            kept as f64 / size as f64
        );
    }
    for (w, h) in [(80, 24), (120, 40)] {
        println!(
            "bytes written by one highlight move at {w}x{h}: {}",
            highlight_bytes(Rect::new(0, 0, w, h))
        );
    }
}

/// The bundled tree at its second warning sign, Why panel open.
fn app(area: Rect) -> App {
    let tree = tree::load_text(tread::commands::walk::BUNDLED.to_string())
        .walkable()
        .unwrap();
    let walk = Walk::new(&tree);
    let mut app = App::new(tree, walk, (area.width, area.height), Theme::COLOR);
    // Begin, "who and where", the patient on the line, an adult, "No" to the first sign.
    use Command::{Choose, Select};
    for c in [Select, Select, Choose(0), Choose(1), Choose(1)] {
        app.update(c);
    }
    app.why = true;
    app
}

/// Draws a frame through crossterm into memory, moves the highlight, and counts what the second
/// draw writes.
fn highlight_bytes(area: Rect) -> usize {
    let mut app = app(area);
    let written = Rc::new(Cell::new(0));
    let backend = CrosstermBackend::new(Tally(written.clone()));
    let options = TerminalOptions {
        viewport: Viewport::Fixed(area),
    };
    let mut terminal = Terminal::with_options(backend, options).unwrap();
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let before = written.get();
    app.update(Command::Down);
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    written.get() - before
}

/// A writer that only counts bytes.
struct Tally(Rc<Cell<usize>>);

impl std::io::Write for Tally {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
