//! A TCP relay between tread and the test server that can be taken down (every connection
//! cut, new ones refused) and brought back, or made to cut each connection after so many
//! bytes: a network that fails, without stopping the server other tests share.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub struct Proxy {
    pub port: u16,
    up: Arc<AtomicBool>,
    /// Bytes from tread after which each connection is cut (0: never).
    cut_after: Arc<AtomicUsize>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Proxy {
    /// A relay to 127.0.0.1:`upstream`, up.
    pub fn start(upstream: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let cut_after = Arc::new(AtomicUsize::new(0));
        let open: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
        let (up2, cut2, open2) = (up.clone(), cut_after.clone(), open.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                if !up2.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    continue;
                };
                {
                    let mut open = open2.lock().unwrap();
                    open.push(client.try_clone().unwrap());
                    open.push(server.try_clone().unwrap());
                }
                let limit = cut2.load(Ordering::SeqCst);
                pipe(
                    client.try_clone().unwrap(),
                    server.try_clone().unwrap(),
                    limit,
                );
                pipe(server, client, 0);
            }
        });
        Proxy {
            port,
            up,
            cut_after,
            open,
        }
    }

    /// Cuts every connection and refuses new ones.
    pub fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        for s in self.open.lock().unwrap().drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
    }

    /// Takes connections again.
    pub fn up(&self) {
        self.up.store(true, Ordering::SeqCst);
    }

    /// Cuts each new connection once tread has sent this many bytes on it (0: never).
    pub fn cut_after(&self, bytes: usize) {
        self.cut_after.store(bytes, Ordering::SeqCst);
    }
}

/// Copies `from` to `to` on a thread; with a limit, cuts both once that many bytes have gone.
fn pipe(mut from: TcpStream, mut to: TcpStream, limit: usize) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        let mut sent = 0;
        loop {
            let n = match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let n = if limit > 0 { n.min(limit - sent) } else { n };
            if to.write_all(&buf[..n]).is_err() {
                break;
            }
            sent += n;
            if limit > 0 && sent >= limit {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Both);
        let _ = from.shutdown(Shutdown::Both);
    });
}
