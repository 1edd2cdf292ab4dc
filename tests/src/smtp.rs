//! A real SMTP server for the tests: aiosmtpd, storing what it receives in a
//! Maildir, one server per test on a free port, stopped when dropped.
//!
//! The Python that runs it comes from `PLEIN_AIOSMTPD`, else the repository's
//! `.venv-smtp` (made by `scripts/smtp-venv.sh`), else `python3`.

use std::fs::File;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

pub struct SmtpServer {
    child: Child,
    port: u16,
    dir: TempDir,
}

const INSTALL: &str = "aiosmtpd is needed for the mail tests. Install it with \
    `scripts/smtp-venv.sh` and `export PLEIN_AIOSMTPD=$PWD/.venv-smtp/bin/python`, \
    or `python3 -m pip install aiosmtpd`.";

fn python() -> PathBuf {
    if let Some(python) = std::env::var_os("PLEIN_AIOSMTPD").filter(|p| !p.is_empty()) {
        return python.into();
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv-smtp/bin/python");
    if venv.exists() {
        return venv;
    }
    "python3".into()
}

/// Whether an SMTP server greets (`220 …`) on `port`.
fn greets(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut greeting = [0u8; 4];
    stream.read_exact(&mut greeting).is_ok() && greeting.starts_with(b"220")
}

/// A port nothing listens on (right now).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

impl SmtpServer {
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts aiosmtpd with extra command-line options, such as `-s 1000`.
    pub fn start_with(options: &[&str]) -> Self {
        let python = python();
        let found = Command::new(&python)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        match found {
            Ok(status) if status.success() => {}
            Ok(_) => panic!("{} has no aiosmtpd module. {INSTALL}", python.display()),
            Err(e) => panic!("cannot run {}: {e}. {INSTALL}", python.display()),
        }

        let mut dir = tempfile::tempdir().expect("temporary folder");
        // The free port can be taken by another process before aiosmtpd binds
        // it; aiosmtpd then exits, and a new port is tried.
        for _ in 0..5 {
            let log = File::create(dir.path().join("aiosmtpd.log")).expect("log file");
            let port = free_port();
            let child = Command::new(&python)
                .args(["-m", "aiosmtpd", "-n", "-l"])
                .arg(format!("127.0.0.1:{port}"))
                .args(options)
                .args(["-c", "aiosmtpd.handlers.Mailbox"])
                // aiosmtpd creates the Maildir itself.
                .arg(dir.path().join("maildir"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start aiosmtpd: {e}. {INSTALL}"));
            let mut server = Self { child, port, dir };
            if server.wait_until_listening() {
                return server;
            }
            dir = server.take_dir();
        }
        panic!("aiosmtpd found no free port in five tries");
    }

    /// Waits until our aiosmtpd greets on its port; false when it exited
    /// because the port was taken.
    fn wait_until_listening(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                let log = self.log();
                if log.to_lowercase().contains("address already in use") {
                    return false;
                }
                panic!("aiosmtpd exited with {status}: {log}");
            }
            // Something else may listen on the port for a moment: only an
            // SMTP greeting while our process still runs counts.
            if greets(self.port) && matches!(self.child.try_wait(), Ok(None)) {
                return true;
            }
            if Instant::now() > deadline {
                panic!("aiosmtpd did not listen within 20 s: {}", self.log());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops this try's process and hands back its folder for the next.
    fn take_dir(mut self) -> TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::mem::replace(
            &mut self.dir,
            tempfile::tempdir().expect("temporary folder"),
        )
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("aiosmtpd.log")).unwrap_or_default()
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, as the raw bytes stored.
    pub fn received(&self) -> Vec<Vec<u8>> {
        let mut messages = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(self.dir.path().join("maildir").join(sub)) else {
                continue;
            };
            for entry in entries {
                let path = entry.expect("maildir entry").path();
                messages.push(std::fs::read(&path).expect("read a received mail"));
            }
        }
        messages
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// All `href="…"` values in an HTML part.
pub fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once('"')
                .map(|(url, _)| url.replace("&amp;", "&"))
        })
        .collect()
}
