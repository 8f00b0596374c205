//! The values of the flags, parsed by their type: a bad value is clap's usage error (exit 2)
//! naming the flag and the form it takes, in the run's language.

use std::ffi::OsStr;
use std::fmt;
use std::num::NonZeroUsize;
use std::str::FromStr;

use clap::builder::TypedValueParser;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use lettre::Address;

/// A whole number of 1 or more, as the flags that count take it (`--concurrency 2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count(NonZeroUsize);

/// Why a count is not understood.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", t!("help-count-invalid", value = .0.as_str()))]
pub struct CountError(String);

impl Count {
    /// The number, at least 1.
    pub fn get(self) -> usize {
        self.0.get()
    }
}

impl FromStr for Count {
    type Err = CountError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.trim()
            .parse::<NonZeroUsize>()
            .map(Self)
            .map_err(|_| CountError(text.to_string()))
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The name of a reviewer (`--by`): not empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approver(String);

/// Why a reviewer's name is refused.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", t!("approve-no-name"))]
pub struct ApproverError;

impl FromStr for Approver {
    type Err = ApproverError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let name = text.trim();
        if name.is_empty() {
            Err(ApproverError)
        } else {
            Ok(Self(name.to_string()))
        }
    }
}

impl fmt::Display for Approver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses a flag's value with its type, for clap: a bad value is a usage error (exit 2).
#[derive(Clone)]
pub struct FlagValue<T> {
    parse: fn(&str) -> Result<T, String>,
}

/// The value parser of a flag whose type says its form by `FromStr`.
pub fn typed<T>() -> FlagValue<T>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    FlagValue {
        parse: |text| text.parse().map_err(|error: T::Err| error.to_string()),
    }
}

/// `--to`'s: one email address (`Name <address>` is taken for its address).
pub(super) fn email_address() -> FlagValue<Address> {
    FlagValue {
        parse: |text| crate::recipients::address::parse_address(text).map_err(|e| e.to_string()),
    }
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for FlagValue<T> {
    type Value = T;

    /// The message names the flag (and the variable, when the value came from there) and
    /// gives the type's own words, which quote the value as it may be shown: a relay
    /// address's password masked, where clap's own message would repeat it whole.
    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let problem = match value.to_str() {
            Some(text) => match (self.parse)(text) {
                Ok(parsed) => return Ok(parsed),
                Err(problem) => problem,
            },
            None => t!("help-flag-not-utf8"),
        };
        let variable = arg
            .and_then(clap::Arg::get_env)
            .filter(|name| std::env::var_os(name).as_deref() == Some(value))
            .map(|name| name.to_string_lossy().into_owned());
        let message = match (arg, variable) {
            (None, _) => t!("help-flag-invalid-value", problem = problem),
            (Some(arg), None) => t!(
                "help-flag-invalid",
                flag = arg.to_string(),
                problem = problem
            ),
            (Some(arg), Some(variable)) => t!(
                "help-flag-invalid-from-env",
                flag = arg.to_string(),
                variable = variable,
                problem = problem
            ),
        };
        let mut command = cmd.clone();
        let mut error = command.error(ErrorKind::ValueValidation, &message);
        // For the French words of the error (usage_error.rs): the message and the usage.
        error.insert(ContextKind::Custom, ContextValue::String(message));
        error.insert(
            ContextKind::Usage,
            ContextValue::StyledStr(command.render_usage()),
        );
        Err(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use crate::recipients::Delimiter;
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("missive").chain(args.iter().copied()))
    }

    #[test]
    fn counts_are_one_or_more() {
        assert_eq!("3".parse::<Count>().map(Count::get).ok(), Some(3));
        for bad in ["0", "-1", "deux", ""] {
            let error = bad.parse::<Count>().expect_err(bad).to_string();
            assert!(
                error.contains("a whole number of 1 or more, like `2`"),
                "{error}"
            );
        }
    }

    #[test]
    fn a_count_refused_says_why_in_french() {
        let error = "zéro".parse::<Count>().expect_err("not a count");
        let said = crate::i18n::in_lang(crate::i18n::Lang::Fr, || error.to_string());
        assert_eq!(
            said,
            "«\u{a0}zéro\u{a0}» n'est pas un nombre\u{202f}; écrivez un nombre entier de 1 ou plus, comme `2`"
        );
        assert_eq!(
            error.to_string(),
            "`zéro` is not a count; write a whole number of 1 or more, like `2`"
        );
    }

    #[test]
    fn typed_flags_parse_into_their_types() {
        let Ok(Cli {
            command: Command::Send(args),
            ..
        }) = parse(&[
            "send",
            "--rate",
            "30/min",
            "--rate",
            "unlimited",
            "--window",
            "18:00-07:30",
            "--retry-base",
            "2min",
            "--to",
            "moi@ac-lille.fr",
            "--concurrency",
            "3",
            "--smtp",
            "smtp://127.0.0.1:2525",
            "--delimiter",
            "tab",
        ])
        else {
            panic!("send parses");
        };
        assert_eq!(
            args.rates
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["30/min", "unlimited"]
        );
        assert_eq!(
            args.window.map(|w| w.to_string()).as_deref(),
            Some("18:00-07:30")
        );
        assert_eq!(
            args.retry_base.map(|d| d.to_string()).as_deref(),
            Some("2min")
        );
        assert_eq!(
            args.to.map(|a| a.to_string()).as_deref(),
            Some("moi@ac-lille.fr")
        );
        assert_eq!(args.concurrency.map(Count::get), Some(3));
        assert!(args.relay.smtp.is_some_and(|relay| relay.is_loopback()));
        assert_eq!(args.common.delimiter.map(Delimiter::byte), Some(b'\t'));
    }

    #[test]
    fn a_bad_value_is_a_usage_error_naming_the_flag_and_the_form() {
        for (args, form) in [
            (&["send", "--rate", "vite"][..], "like `30/min`"),
            (&["send", "--window", "soir"][..], "like `18:00-07:30`"),
            (
                &["send", "--not-before", "demain"][..],
                "like `2021-04-25 18:00`",
            ),
            (
                &["send", "--retry-base", "bientot"][..],
                "like `5s`, `2min` or `1h`",
            ),
            (&["send", "--to", "moi"][..], "`name@domain.fr`"),
            (&["send", "--concurrency", "0"][..], "1 or more"),
            (
                &["send", "--smtp", "smtp.ac-lille.fr"][..],
                "like `smtps://",
            ),
            (&["check", "--encoding", "ebcdic"][..], "use `utf-8`"),
            (&["check", "--delimiter", "|"][..], "use `;`, `,` or `tab`"),
        ] {
            let error = parse(args).expect_err(args[2]);
            assert_eq!(error.kind(), ErrorKind::ValueValidation, "{args:?}");
            assert_eq!(error.exit_code(), 2);
            let message = error.to_string();
            assert!(message.contains(&format!("'{} <", args[1])), "{message}");
            assert!(message.contains(form), "{message}");
        }
    }

    #[test]
    fn a_password_in_a_relay_address_is_never_repeated() {
        let error = parse(&["send", "--smtp", "smtp://u:hunter2@smtp.x.fr"]).expect_err("refused");
        assert!(!error.to_string().contains("hunter2"), "{error}");
        assert_eq!(error.exit_code(), 2);
    }
}
