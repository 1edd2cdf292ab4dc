//! Progress of the long commands (`seed`, `reindex`) on stderr: a bar drawn
//! by indicatif on a terminal, and otherwise (a log file, a pipe, CI) a
//! plain line now and then, so the output reads line by line.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// How often a line is printed when stderr is not a terminal.
const LINE_EVERY: Duration = Duration::from_secs(5);

pub struct Progress {
    terminal: bool,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    stage: String,
    /// The current stage's bar, on a terminal.
    bar: Option<ProgressBar>,
    /// When the last line was printed, off a terminal.
    last_line: Option<Instant>,
}

impl Progress {
    /// A bar when stderr is a terminal, lines otherwise.
    pub fn new() -> Self {
        Progress {
            terminal: std::io::stderr().is_terminal(),
            state: Mutex::new(State::default()),
        }
    }

    /// `done` of `total` (`None`: not known) in `stage`; a new stage ends
    /// the previous one.
    pub fn update(&self, stage: &str, done: u64, total: Option<u64>) {
        let mut state = match self.state.lock() {
            Ok(state) => state,
            Err(poisoned) => poisoned.into_inner(),
        };
        let new_stage = state.stage != stage;
        if new_stage {
            state.stage = stage.to_owned();
        }
        let finished = total.is_some_and(|total| done >= total);
        if self.terminal {
            if new_stage {
                if let Some(previous) = state.bar.take() {
                    previous.finish();
                    // indicatif leaves the cursor on the finished bar's line.
                    eprintln!();
                }
                let bar = match total {
                    Some(total) => ProgressBar::new(total)
                        .with_style(style("{msg:<16} [{bar:30}] {pos}/{len} {elapsed_precise}")),
                    None => ProgressBar::new_spinner()
                        .with_style(style("{spinner} {msg} {pos} {elapsed_precise}")),
                };
                bar.set_message(stage.to_owned());
                bar.enable_steady_tick(Duration::from_millis(200));
                state.bar = Some(bar);
            }
            if let Some(bar) = &state.bar {
                bar.set_position(done);
                if finished {
                    bar.finish();
                }
            }
        } else {
            let due = state.last_line.is_none_or(|at| at.elapsed() >= LINE_EVERY);
            if new_stage || finished || due {
                state.last_line = Some(Instant::now());
                match total {
                    Some(total) => eprintln!("{stage}: {done} of {total}"),
                    None => eprintln!("{stage}: {done}"),
                }
            }
        }
    }

    /// Ends the display.
    pub fn finish(&self) {
        let mut state = match self.state.lock() {
            Ok(state) => state,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(bar) = state.bar.take() {
            bar.finish();
            eprintln!();
        }
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("#>.")
}
