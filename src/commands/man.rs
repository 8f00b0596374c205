//! `missive man`: the manual page, generated from the clap definitions in the run's language
//! (the words of `--help`, and the section titles: `NAME`, `NOM`). One page, `missive(1)`,
//! holds every command as its own section (`PREVIEW`, `SEND`…), so `man missive` then `/SEND`
//! finds it; `-o DIR` also writes `missive-<command>.1` for each command.

use std::path::{Path, PathBuf};

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
    let cli = command();
    for command in cli.get_subcommands().filter(|c| c.get_name() != "help") {
        let name = format!("missive-{}", command.get_name());
        let mut bytes = Vec::new();
        clap_mangen::Man::new(command.clone().name(name.clone()))
            .render(&mut bytes)
            .map_err(io(&name))?;
        pages.push((dir.join(format!("{name}.1")), titled(&bytes)));
    }
    for (path, bytes) in pages {
        std::fs::write(&path, bytes).map_err(io(&path))?;
        crate::stdout::say!("{}", t!("init-wrote", path = path.display().to_string()));
    }
    Ok(ExitStatus::Success)
}

/// `missive(1)`: name, synopsis, description, the list of commands, then one section per
/// command with its synopsis, description and options (`clap_mangen`'s sections of a command
/// page become subsections there).
pub(crate) fn whole_page() -> std::io::Result<Vec<u8>> {
    let cli = command();
    let mut whole = Vec::new();
    clap_mangen::Man::new(cli.clone()).render(&mut whole)?;
    let mut page = titled(&whole);
    let commands = cli.get_subcommands();
    for command in commands.filter(|c| !c.is_hide_set() && c.get_name() != "help") {
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
        let mut heading = false;
        for line in String::from_utf8_lossy(&section).lines() {
            // Each rendering repeats roff's apostrophe preamble: the page's own is enough.
            let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
            // The examples' own heading (`Examples:`): the subsection's title says it.
            if preamble || std::mem::take(&mut heading) {
                continue;
            }
            let line = match line.strip_prefix(".SH ") {
                // The examples are lines, as typed: no filling.
                Some("EXTRA") => {
                    examples = true;
                    heading = true;
                    format!(".SS {}\n.nf", t!("help-page-examples"))
                }
                Some(title) => format!(".SS {}", title_in_lang(title)),
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

/// The command line, its words in the run's language (`--help`'s).
fn command() -> clap::Command {
    crate::cli::help::localized(crate::i18n::lang())
}

/// A page with its section titles (`.SH NAME`) in the run's language.
fn titled(page: &[u8]) -> Vec<u8> {
    let mut titled = String::new();
    for line in String::from_utf8_lossy(page).lines() {
        match line.strip_prefix(".SH ") {
            Some(title) => {
                titled.push_str(".SH ");
                titled.push_str(&title_in_lang(title));
            }
            None => titled.push_str(line),
        }
        titled.push('\n');
    }
    titled.into_bytes()
}

/// A title of `clap_mangen`'s (`NAME`, `SUBCOMMANDS`, the commands' heading) in the run's
/// language; another title (a command's name) as it is.
fn title_in_lang(title: &str) -> String {
    let plain = title.trim_matches('"').trim_end_matches('\u{a0}');
    let arguments = t!("help-heading-arguments").to_uppercase();
    let options = t!("help-heading-options").to_uppercase();
    let key = match plain {
        "NAME" => "help-page-name",
        "SYNOPSIS" => "help-page-synopsis",
        "DESCRIPTION" => "help-page-description",
        "OPTIONS" => "help-page-options",
        _ if plain == arguments => "help-page-arguments",
        _ if plain == options => "help-page-options",
        "VERSION" => "help-page-version",
        "AUTHORS" => "help-page-authors",
        "EXTRA" => "help-page-examples",
        _ if plain == "SUBCOMMANDS" || plain == t!("help-heading-commands") => "help-page-commands",
        _ => return title.to_owned(),
    };
    crate::i18n::tr(key, &[])
}

fn io(what: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> RunError {
    let path = what.into();
    move |source| RunError::Io { path, source }
}
