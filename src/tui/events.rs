//! Where the walk's events come from, merged into one queue: the keyboard and the terminal
//! (crossterm, read on a thread of its own) and signals sent to the process (signal-hook).
//!
//! One queue lets the loop wait for the next thing to happen, whatever it is, instead of waking
//! up on a timer to look for signals.

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use ratatui::crossterm::event;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use signal_hook::iterator::{Handle, Signals};

/// Something that happened.
#[derive(Debug)]
pub enum Event {
    /// A key, a paste, a resize.
    Input(event::Event),
    /// A signal, by number.
    Signal(i32),
    /// The terminal could not be read (it has gone away).
    Failed(io::Error),
    /// The store's thread says how saving goes.
    Record(crate::record::writer::Status),
    /// The sender says how sending calls to the shared server goes.
    Sending(crate::record::outbox::Sending),
}

/// The signals the walk handles while it owns the terminal: the three that end it (each puts the
/// terminal back first), a request to stop (`kill -TSTP`) and the continue after a stop.
pub const HANDLED: [i32; 5] = [SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT];

/// The queue, and the threads that fill it.
pub struct Events {
    queue: Receiver<Event>,
    signals: Handle,
    send: std::sync::mpsc::Sender<Event>,
}

impl Events {
    /// Starts reading input and catching [`HANDLED`] signals.
    pub fn start() -> io::Result<Events> {
        let (send, queue) = mpsc::channel();
        let to_others = send.clone();
        let mut signals = Signals::new(HANDLED)?;
        let handle = signals.handle();
        let to_queue = send.clone();
        thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    if to_queue.send(Event::Signal(signal)).is_err() {
                        break;
                    }
                }
            })?;
        thread::Builder::new().name("input".into()).spawn(move || {
            loop {
                let (event, last) = match event::read() {
                    Ok(e) => (Event::Input(e), false),
                    Err(e) => (Event::Failed(e), true),
                };
                if send.send(event).is_err() || last {
                    break;
                }
            }
        })?;
        Ok(Events {
            queue,
            signals: handle,
            send: to_others,
        })
    }

    /// A way for another thread to put events in the queue.
    pub fn sender(&self) -> std::sync::mpsc::Sender<Event> {
        self.send.clone()
    }

    /// The next event; with a tick, `None` when nothing happened within it.
    pub fn next(&self, tick: Option<Duration>) -> Option<Event> {
        let got = match tick {
            None => self
                .queue
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
            Some(tick) => self.queue.recv_timeout(tick),
        };
        match got {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some(Event::Failed(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the terminal's input stopped",
            ))),
        }
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        self.signals.close();
    }
}
