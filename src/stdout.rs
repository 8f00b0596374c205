//! Standard output for what the commands print for a person or a script (`status`, `report`,
//! `init`…): a reader that goes away (`missive status | head -2`) is the reader's choice,
//! not an error. A line that cannot be written is dropped; the command ends as it would
//! have, with no panic (Rust's `println!` panics there).

use std::io::Write;

/// `println!` that never panics: see the module documentation.
macro_rules! say {
    ($($arg:tt)*) => {{
        // The French audit (src/i18n/audit.rs): the line said again in French, first.
        $crate::i18n::audit::check(|| format!($($arg)*));
        $crate::stdout::line(format_args!($($arg)*))
    }};
}
pub(crate) use say;

/// [`say!`] of several lines, made once (and once more in French by the audit).
pub(crate) fn say_lines(lines: impl Fn() -> Vec<String>) {
    crate::i18n::audit::check(|| lines().join("\n"));
    for said in lines() {
        line(format_args!("{said}"));
    }
}

thread_local! {
    /// The lines said on this thread while [`captured`] runs, instead of standard output.
    static CAPTURED: std::cell::RefCell<Option<Vec<String>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `run`, keeping the lines it says on this thread instead of printing them: the web
/// app shows what `status` says in its page.
pub(crate) fn captured<R>(run: impl FnOnce() -> R) -> (R, Vec<String>) {
    let before = CAPTURED.replace(Some(Vec::new()));
    let result = run();
    let lines = CAPTURED.replace(before).unwrap_or_default();
    (result, lines)
}

/// Writes one line; a reader that went away is no concern.
pub(crate) fn line(text: std::fmt::Arguments<'_>) {
    let kept = CAPTURED.with_borrow_mut(|captured| {
        captured
            .as_mut()
            .map(|lines| lines.push(text.to_string()))
            .is_some()
    });
    if kept {
        return;
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_fmt(text).and_then(|()| out.write_all(b"\n"));
}
