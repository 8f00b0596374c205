//! clap's usage errors in French: an unknown flag or command, a missing or refused value, a
//! missing argument, two flags that exclude each other, with clap's suggestions (`vouliez-vous
//! dire « --skip-invalid » ?`). English keeps clap's own words and colours; French is said
//! from the error's data (its context), with the words of `locales/fr/help.ftl`.

use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use fluent_bundle::FluentValue;

use crate::i18n::tr;

/// `error` said in the run's language, as clap would print it on standard error: the
/// problem, the suggestions, the usage line, where to learn more.
pub(crate) fn say(error: &clap::Error) -> String {
    let mut said = words(error);
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage
            .split_once(' ')
            .map_or(usage.as_str(), |(_, rest)| rest);
        let usage = tr("help-error-usage", &[("usage", usage.into())]);
        let _ = write!(said, "\n\n{usage}");
    }
    let _ = write!(said, "\n\n{}\n", tr("help-error-more", &[]));
    said
}

/// The sentences of `error`: the problem and the suggestions, without the usage line (the
/// names of a command line, not words: the French audit leaves it out).
pub(crate) fn words(error: &clap::Error) -> String {
    let mut said = tr("help-error", &[("problem", problem(error).into())]);
    let tips = tips(error);
    if !tips.is_empty() {
        said.push('\n');
        for tip in tips {
            let _ = write!(said, "\n  {}", tr("help-error-tip", &[("tip", tip.into())]));
        }
    }
    said
}

/// `said` with clap's colours on its labels (`erreur :`, `astuce :`, `Utilisation :`) when
/// `colours`; as it is otherwise.
pub(crate) fn painted(said: &str, colours: bool) -> String {
    if !colours {
        return said.to_owned();
    }
    let styles = clap::builder::styling::Styles::styled();
    let labels = [
        (
            tr("help-error", &[("problem", "".into())]),
            *styles.get_error(),
        ),
        (
            tr("help-error-tip", &[("tip", "".into())]),
            *styles.get_valid(),
        ),
        (
            tr("help-error-usage", &[("usage", "".into())]),
            *styles.get_usage(),
        ),
    ];
    let mut painted = String::with_capacity(said.len() + 32);
    for line in said.split_inclusive('\n') {
        let indent = &line[..line.len() - line.trim_start().len()];
        let rest = line.trim_start();
        let label = labels.iter().find_map(|(label, style)| {
            let label = label.trim_end();
            rest.strip_prefix(label).map(|after| (label, style, after))
        });
        match label {
            Some((label, style, after)) => {
                let _ = write!(painted, "{indent}{style}{label}{style:#}{after}");
            }
            None => painted.push_str(line),
        }
    }
    painted
}

/// The text of a context value: one value, or several joined.
fn text(value: Option<&ContextValue>) -> Option<String> {
    match value? {
        ContextValue::String(one) => Some(one.clone()),
        ContextValue::Strings(many) => Some(many.join(", ")),
        ContextValue::StyledStr(styled) => Some(styled.to_string()),
        ContextValue::StyledStrs(many) => Some(
            many.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// What went wrong, in a sentence.
fn problem(error: &clap::Error) -> String {
    let get = |kind| text(error.get(kind));
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let say = |key: &str, args: &[(&str, FluentValue<'_>)]| tr(key, args);
    let mut problem = match error.kind() {
        ErrorKind::UnknownArgument if arg.starts_with('-') => {
            say("help-error-unknown-flag", &[("flag", arg.into())])
        }
        ErrorKind::UnknownArgument => say("help-error-unexpected", &[("value", arg.into())]),
        ErrorKind::InvalidSubcommand => say(
            "help-error-unknown-command",
            &[(
                "command",
                get(ContextKind::InvalidSubcommand)
                    .unwrap_or_default()
                    .into(),
            )],
        ),
        ErrorKind::InvalidValue if value.is_empty() => {
            say("help-error-value-missing", &[("flag", arg.into())])
        }
        ErrorKind::InvalidValue => say(
            "help-error-value-refused",
            &[("flag", arg.into()), ("value", value.into())],
        ),
        ErrorKind::ValueValidation => {
            get(ContextKind::Custom).unwrap_or_else(|| refused(error, arg, value))
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = match error.get(ContextKind::InvalidArg) {
                Some(ContextValue::Strings(many)) => many.clone(),
                _ => Vec::new(),
            };
            let mut said = say("help-error-required", &[("count", missing.len().into())]);
            for one in missing {
                let _ = write!(said, "\n  {one}");
            }
            said
        }
        ErrorKind::ArgumentConflict => conflict(error, arg),
        ErrorKind::MissingSubcommand => say(
            "help-error-command-missing",
            &[(
                "command",
                get(ContextKind::InvalidSubcommand)
                    .unwrap_or_default()
                    .into(),
            )],
        ),
        ErrorKind::TooManyValues => say(
            "help-error-too-many",
            &[("flag", arg.into()), ("value", value.into())],
        ),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let expected = match error
                .get(ContextKind::ExpectedNumValues)
                .or_else(|| error.get(ContextKind::MinValues))
            {
                Some(ContextValue::Number(n)) => *n,
                _ => 0,
            };
            say(
                "help-error-how-many",
                &[("flag", arg.into()), ("count", expected.into())],
            )
        }
        ErrorKind::NoEquals => say("help-error-no-equals", &[("flag", arg.into())]),
        ErrorKind::InvalidUtf8 => say("help-error-not-utf8", &[]),
        _ => say("help-error-other", &[]),
    };
    lists(error, &mut problem);
    problem
}

/// A value its type refused, with the type's reason.
fn refused(error: &clap::Error, arg: String, value: String) -> String {
    let mut args = vec![("flag", arg.into()), ("value", value.into())];
    match std::error::Error::source(error) {
        Some(source) => {
            args.push(("reason", source.to_string().into()));
            tr("help-error-value-refused-because", &args)
        }
        None => tr("help-error-value-refused", &args),
    }
}

/// A flag given twice, or with another it excludes.
fn conflict(error: &clap::Error, arg: String) -> String {
    match error.get(ContextKind::PriorArg) {
        Some(ContextValue::String(other)) if *other == arg => {
            tr("help-error-twice", &[("flag", arg.into())])
        }
        Some(prior) => tr(
            "help-error-conflict",
            &[
                ("flag", arg.into()),
                ("other", text(Some(prior)).unwrap_or_default().into()),
            ],
        ),
        None => tr("help-error-conflict-some", &[("flag", arg.into())]),
    }
}

/// The values or commands possible, after the problem.
fn lists(error: &clap::Error, problem: &mut String) {
    let lists = [
        (ContextKind::ValidValue, "help-error-possible-values"),
        (ContextKind::ValidSubcommand, "help-error-possible-commands"),
    ];
    for (kind, key) in lists {
        if let Some(ContextValue::Strings(values)) = error.get(kind)
            && !values.is_empty()
            && error.kind() != ErrorKind::InvalidSubcommand
        {
            let values = values.join(", ");
            let _ = write!(problem, "\n  {}", tr(key, &[("values", values.into())]));
        }
    }
}

/// clap's suggestions: a flag, a command or a value close to what was typed, or how to write
/// it otherwise.
fn tips(error: &clap::Error) -> Vec<String> {
    let mut tips = Vec::new();
    for kind in [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ] {
        if let Some(similar) = text(error.get(kind)) {
            tips.push(tr("help-tip-similar", &[("similar", similar.into())]));
        }
    }
    if let Some(ContextValue::StyledStrs(suggestions)) = error.get(ContextKind::Suggested) {
        for suggestion in suggestions {
            tips.push(suggested(&suggestion.to_string()));
        }
    }
    tips
}

/// One of clap's own suggestions (`to pass '-x' as a value, use '-- -x'`), said again from
/// what it quotes.
fn suggested(english: &str) -> String {
    let quoted: Vec<&str> = english.split('\'').skip(1).step_by(2).collect();
    let first = quoted.first().copied().unwrap_or_default();
    let second = quoted.get(1).copied().unwrap_or_default();
    if english.starts_with("to pass") {
        tr(
            "help-tip-as-value",
            &[("value", first.into()), ("written", second.into())],
        )
    } else if english.starts_with("subcommand") {
        tr("help-tip-double-dash", &[("command", first.into())])
    } else if english.ends_with("exists") {
        tr("help-tip-exists", &[("flag", first.into())])
    } else {
        tr("help-tip-other", &[("said", english.into())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, in_lang};

    fn french_error(args: &[&str]) -> String {
        french(args, say)
    }

    fn french(args: &[&str], said: fn(&clap::Error) -> String) -> String {
        in_lang(Lang::Fr, || {
            let error = crate::cli::parse::try_parse(
                &std::iter::once("missive")
                    .chain(args.iter().copied())
                    .map(Into::into)
                    .collect::<Vec<std::ffi::OsString>>(),
            )
            .expect_err("a usage error");
            said(&error)
        })
    }

    #[test]
    fn an_unknown_flag_says_the_close_one_in_french() {
        let said = french_error(&["check", "--skp-invalid"]);
        assert!(
            said.starts_with("erreur\u{a0}: l'option «\u{a0}--skp-invalid\u{a0}» n'existe pas\n"),
            "{said}"
        );
        assert!(
            said.contains("astuce\u{a0}: vouliez-vous dire «\u{a0}--skip-invalid\u{a0}»\u{202f}?"),
            "{said}"
        );
        assert!(
            said.contains("\n\nUtilisation\u{a0}: missive check "),
            "{said}"
        );
        assert!(
            said.ends_with("Pour en savoir plus, essayez «\u{a0}--help\u{a0}».\n"),
            "{said}"
        );
        let words = french(&["check", "--skp-invalid"], words);
        assert_eq!(
            crate::i18n::audit::english_left(&words),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_value_its_type_refuses_gives_the_type_s_reason_after_a_french_colon() {
        let said = french_error(&["check", "--shard", "3/2"]);
        let refused = "erreur\u{a0}: la valeur «\u{a0}3/2\u{a0}» ne convient pas à \
                       «\u{a0}--shard <I/N>\u{a0}»\u{a0}: ";
        let reason = said
            .strip_prefix(refused)
            .unwrap_or_else(|| panic!("{said}"));
        let reason = reason.lines().next().unwrap_or_default();
        assert!(reason.contains("3/2"), "the type's reason follows: {said}");
    }

    #[test]
    fn the_labels_take_clap_s_colours_on_a_terminal_only() {
        let said = french_error(&["check", "--skp-invalid"]);
        assert_eq!(painted(&said, false), said);
        let painted = in_lang(Lang::Fr, || painted(&said, true));
        let styles = clap::builder::styling::Styles::styled();
        let error = styles.get_error();
        assert!(
            painted.starts_with(&format!("{error}erreur\u{a0}:{error:#} l'option")),
            "{painted:?}"
        );
        let valid = styles.get_valid();
        assert!(
            painted.contains(&format!("\n  {valid}astuce\u{a0}:{valid:#} vouliez-vous")),
            "{painted:?}"
        );
        let usage = styles.get_usage();
        assert!(
            painted.contains(&format!("{usage}Utilisation\u{a0}:{usage:#} missive check")),
            "{painted:?}"
        );
    }

    #[test]
    fn every_usage_error_is_said_in_french() {
        for args in [
            &["sned"][..],
            &["report", "--format", "xml"],
            &["completions"],
            &["send", "--limit"],
            &["send", "--rate", "30/min", "--yes", "--yes"],
            &["send", "--to", "moi@ac-lille.fr", "--reviewed", "revue"],
            &["init", "--subject", "x"],
            &["status", "de", "trop"],
            &["send", "--concurrency", "0"],
        ] {
            let said = french(args, words);
            assert!(said.starts_with("erreur\u{a0}: "), "{args:?}: {said}");
            let left = crate::i18n::audit::english_left(&said);
            assert!(left.is_empty(), "{args:?}: {left:?} in {said}");
        }
    }
}
