//! `missive man`: the manual page, generated from the clap definitions. One page,
//! `missive(1)`, holds every command as its own section (`PREVIEW`, `SEND`…), so `man missive`
//! then `/SEND` finds it; `-o DIR` also writes `missive-<command>.1` for each command.

use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::cli::Cli;
use crate::exit_status::ExitStatus;
use crate::pipeline::RunError;

/// Writes the page on standard output, or `missive.1` and one page per command into `out`.
pub(crate) fn run(out: Option<&Path>) -> Result<ExitStatus, RunError> {
    let page = whole_page().map_err(io("the manual page"))?;
    let Some(dir) = out else {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(&page)
            .and_then(|()| stdout.flush())
            .map_err(io("standard output"))?;
        return Ok(ExitStatus::Success);
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut pages = vec![(dir.join("missive.1"), page)];
    let cli = Cli::command();
    for command in cli.get_subcommands() {
        let name = format!("missive-{}", command.get_name());
        let mut bytes = Vec::new();
        clap_mangen::Man::new(command.clone().name(name.clone()))
            .render(&mut bytes)
            .map_err(io(&name))?;
        pages.push((dir.join(format!("{name}.1")), bytes));
    }
    for (path, bytes) in pages {
        std::fs::write(&path, bytes).map_err(io(&path))?;
        crate::stdout::say!("wrote {}", path.display());
    }
    Ok(ExitStatus::Success)
}

/// `missive(1)`: name, synopsis, description, the list of commands, then one section per
/// command with its synopsis, description and options (`clap_mangen`'s sections of a command
/// page become subsections there).
pub(crate) fn whole_page() -> std::io::Result<Vec<u8>> {
    let cli = Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(cli.clone()).render(&mut page)?;
    for command in cli.get_subcommands().filter(|c| !c.is_hide_set()) {
        let name = command.get_name();
        let command = command.clone().name(format!("missive {name}"));
        let man = clap_mangen::Man::new(command);
        let mut section = Vec::new();
        man.render_synopsis_section(&mut section)?;
        man.render_description_section(&mut section)?;
        man.render_options_section(&mut section)?;
        man.render_extra_section(&mut section)?;
        page.extend_from_slice(format!(".SH {}\n", name.to_uppercase()).as_bytes());
        let mut examples = false;
        for line in String::from_utf8_lossy(&section).lines() {
            // Each rendering repeats roff's apostrophe preamble: the page's own is enough.
            let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
            if preamble || (examples && line == "Examples:") {
                continue;
            }
            let line = match line.strip_prefix(".SH ") {
                // The examples are lines, as typed: no filling.
                Some("EXTRA") => {
                    examples = true;
                    ".SS EXAMPLES\n.nf".to_string()
                }
                Some(title) => format!(".SS {title}"),
                None => line.to_string(),
            };
            page.extend_from_slice(line.as_bytes());
            page.push(b'\n');
        }
        if examples {
            page.extend_from_slice(b".fi\n");
        }
    }
    Ok(page)
}

fn io(what: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> RunError {
    let path = what.into();
    move |source| RunError::Io { path, source }
}
