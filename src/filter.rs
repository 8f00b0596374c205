//! Row filters (`--where EXPR`): only the rows for which a Tera condition holds are checked,
//! previewed and sent, so a circular can be relayed to part of a list
//! (`--where 'circonscription == "Lille 3"'`).
//!
//! The condition is compiled once as `{% if EXPR %}1{% endif %}` and rendered with the same
//! variables as the template: every column by its name and its identifier alias, and `row`.
//! Tera takes an undefined variable inside `{% if %}` for false, so a misspelt column would
//! silently select no row: every variable is checked against the columns first.
//!
//! A campaign that follows up an earlier one (`follow_up` in campaign.toml) may also select
//! on what became of the earlier message to the row's recipient: `previous.status`,
//! `previous.read`. The recipient is known once the row's message is composed, so such a
//! condition is decided then ([`RowFilter::decide`]), not on the row as read
//! ([`RowFilter::select`]). For a recipient the earlier campaign did not write to,
//! `previous` is empty (Tera's `none`): `previous.status == "sent"` and `previous.read` are
//! false, `not previous` is true.

use std::sync::atomic::{AtomicUsize, Ordering};

use tera::Tera;

use crate::follow_up::Previous;
use crate::recipients::{Columns, Recipient, RecipientError};

const NAME: &str = "where";
/// The variable holding the earlier campaign's outcome (`follow_up`), and its fields.
const PREVIOUS: &str = "previous";
const PREVIOUS_FIELDS: [&str; 2] = ["status", "read"];

/// A compiled `--where` condition, and how many rows it kept and left out so far.
pub(crate) struct RowFilter {
    expression: String,
    tera: Tera,
    /// The list's columns, as the rows' variables.
    names: crate::render::ColumnNames,
    /// It names `previous`: it is decided on the composed message.
    names_previous: bool,
    matched: AtomicUsize,
    left_out: AtomicUsize,
}

/// What a filter did, for `check`'s plan and the preview's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FilterSummary {
    pub expression: String,
    pub matched: usize,
    pub left_out: usize,
}

/// A condition that cannot select rows.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FilterError {
    #[error(
        "{}",
        t!("filter-syntax", expression = expression.as_str(), problem = problem.to_string())
    )]
    Syntax {
        expression: String,
        problem: SyntaxProblem,
    },
    #[error(
        "{}",
        t!(
            "filter-unknown-column",
            expression = expression.as_str(),
            variable = variable.as_str(),
            available = crate::render::describe_columns(columns),
        )
    )]
    UnknownColumn {
        expression: String,
        variable: String,
        columns: Columns,
    },
    #[error("{}", t!("filter-no-follow-up", expression = expression.as_str()))]
    NoFollowUp { expression: String },
    #[error(
        "{}",
        t!("filter-unknown-previous", expression = expression.as_str(), field = field.as_str())
    )]
    UnknownPreviousField { expression: String, field: String },
}

/// Why a condition is not one.
#[derive(Debug)]
pub(crate) enum SyntaxProblem {
    /// It holds `{%`, `}}`…: it would close the `{% if %}` around it.
    Tags,
    /// The template engine refused it; its own words.
    Engine(String),
}

impl std::fmt::Display for SyntaxProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Self::Tags => t!("filter-tags"),
            Self::Engine(said) => t!("filter-engine-said", said = said.as_str()),
        })
    }
}

impl RowFilter {
    /// Compiles `expression` and checks that every variable it names is a column, or, when
    /// the campaign `follows_up` an earlier one, `previous` with a field it has.
    pub(crate) fn compile(
        expression: &str,
        columns: &Columns,
        follows_up: bool,
    ) -> Result<Self, FilterError> {
        let syntax = |problem: SyntaxProblem| FilterError::Syntax {
            expression: expression.to_string(),
            problem,
        };
        // The condition is one expression: it may not close the `{% if %}` around it.
        if ["{%", "%}", "{{", "}}", "{#", "#}"]
            .iter()
            .any(|tag| expression.contains(tag))
        {
            return Err(syntax(SyntaxProblem::Tags));
        }
        let mut tera = Tera::new();
        // Tera's messages end with a period; ours go on after them.
        let tera_message = |error: &tera::Error| {
            let (_, message) = crate::render::describe(error);
            SyntaxProblem::Engine(message.trim_end_matches('.').to_string())
        };
        tera.add_raw_template(NAME, &format!("{{% if {expression} %}}1{{% endif %}}"))
            .map_err(|error| syntax(tera_message(&error)))?;
        let mut known = crate::render::known_variables(columns);
        if follows_up {
            // The earlier campaign's, over a column of that name (still `row["previous"]`).
            known.insert(PREVIOUS.to_string());
        }
        let variables = tera
            .get_template_variables(NAME)
            .map_err(|error| syntax(tera_message(&error)))?;
        let unknown = variables
            .iter()
            .find(|variable| !known.contains(**variable))
            .map(|variable| (*variable).to_string());
        let expression_text = expression.to_string();
        match unknown {
            Some(variable) if variable == PREVIOUS => {
                return Err(FilterError::NoFollowUp {
                    expression: expression_text,
                });
            }
            Some(variable) => {
                return Err(FilterError::UnknownColumn {
                    expression: expression_text,
                    variable,
                    columns: Columns::clone(columns),
                });
            }
            None => {}
        }
        let names_previous = follows_up && variables.contains(PREVIOUS);
        if names_previous
            && let Some(field) =
                previous_fields(expression).find(|field| !PREVIOUS_FIELDS.contains(field))
        {
            return Err(FilterError::UnknownPreviousField {
                expression: expression_text,
                field: field.to_string(),
            });
        }
        Ok(Self {
            expression: expression_text,
            tera,
            names: crate::render::ColumnNames::of(columns),
            names_previous,
            matched: AtomicUsize::new(0),
            left_out: AtomicUsize::new(0),
        })
    }

    /// Whether it names `previous`: it is then decided on each row's composed message
    /// ([`RowFilter::decide`]), not on the row as read ([`RowFilter::select`]).
    pub(crate) fn needs_message(&self) -> bool {
        self.names_previous
    }

    /// A row of the list as the filter passes it on: `None` when left out. A condition that
    /// cannot be decided for the row (comparing a text with a number…) is that row's problem.
    pub(crate) fn select(
        &self,
        row: Result<Recipient, RecipientError>,
    ) -> Option<Result<Recipient, RecipientError>> {
        let recipient = match row {
            Ok(recipient) => recipient,
            Err(error) => return Some(Err(error)),
        };
        match self.decide(&recipient, None) {
            Ok(true) => Some(Ok(recipient)),
            Ok(false) => None,
            Err(problem) => Some(Err(problem)),
        }
    }

    /// Whether the row of `recipient` is kept, its message's primary address having had
    /// `previous` from the earlier campaign (`None`: not written to, or no `follow_up`).
    pub(crate) fn decide(
        &self,
        recipient: &Recipient,
        previous: Option<&Previous>,
    ) -> Result<bool, RecipientError> {
        self.keeps(recipient, previous)
            .map_err(|said| RecipientError::Undecidable {
                at: recipient.at.clone(),
                expression: self.expression.clone(),
                said,
            })
    }

    fn keeps(&self, recipient: &Recipient, previous: Option<&Previous>) -> Result<bool, String> {
        let mut context = self.names.context(recipient);
        if self.names_previous {
            context.insert_value(PREVIOUS, previous.map_or_else(tera::Value::none, value_of));
        }
        let rendered = self
            .tera
            .render(NAME, &context)
            .map_err(|error| crate::render::describe(&error).1)?;
        let keeps = !rendered.is_empty();
        let counter = if keeps { &self.matched } else { &self.left_out };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(keeps)
    }

    /// The rows kept and left out so far.
    pub(crate) fn summary(&self) -> FilterSummary {
        FilterSummary {
            expression: self.expression.clone(),
            matched: self.matched.load(Ordering::Relaxed),
            left_out: self.left_out.load(Ordering::Relaxed),
        }
    }
}

/// `previous` as a condition reads it.
fn value_of(previous: &Previous) -> tera::Value {
    let mut fields = tera::Map::new();
    fields.insert("status".into(), previous.status.into());
    fields.insert("read".into(), previous.read.into());
    tera::Value::from(fields)
}

/// The fields `expression` reads of `previous` (`previous.status` → `status`), strings left
/// aside.
fn previous_fields(expression: &str) -> impl Iterator<Item = &str> {
    let mut quote = None;
    let mut starts = Vec::new();
    let mut before = ' ';
    for (at, c) in expression.char_indices() {
        match quote {
            Some(open) if c == open => quote = None,
            None if c == '"' || c == '\'' || c == '`' => quote = Some(c),
            None if expression[at..].starts_with("previous.")
                && !(before.is_alphanumeric() || before == '_' || before == '.') =>
            {
                starts.push(at + "previous.".len());
            }
            Some(_) | None => {}
        }
        before = c;
    }
    starts.into_iter().map(|start| {
        let rest = &expression[start..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        &rest[..end]
    })
}

impl std::fmt::Display for FilterSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&t!(
            "filter-summary",
            matched = self.matched,
            total = self.matched + self.left_out,
            expression = self.expression.as_str()
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::recipients::RowRef;

    fn columns() -> Columns {
        Arc::from(vec![
            "email".to_string(),
            "Circonscription".to_string(),
            "effectif".to_string(),
        ])
    }

    fn row(line: u64, circonscription: &str, effectif: &str) -> Recipient {
        Recipient {
            at: RowRef {
                file: Arc::from(Path::new("liste.csv")),
                line,
            },
            columns: columns(),
            values: vec![
                format!("x{line}@ac-lille.fr"),
                circonscription.into(),
                effectif.into(),
            ],
        }
    }

    fn kept(filter: &RowFilter, row: &Recipient) -> bool {
        filter.decide(row, None).expect("decided")
    }

    #[test]
    fn rows_are_kept_by_a_column_or_its_alias_and_counted() {
        let filter = RowFilter::compile("circonscription == \"Lille 3\"", &columns(), false)
            .expect("compiles");
        assert!(kept(&filter, &row(2, "Lille 3", "12")));
        assert!(!kept(&filter, &row(3, "Lille 1", "12")));
        assert!(filter.select(Ok(row(4, "Roubaix", "12"))).is_none());
        let summary = filter.summary();
        assert_eq!((summary.matched, summary.left_out), (1, 2));
        assert_eq!(
            summary.to_string(),
            "1 of 3 rows matches the filter `--where circonscription == \"Lille 3\"`"
        );
        assert_eq!(
            crate::i18n::in_lang(crate::i18n::Lang::Fr, || summary.to_string()),
            "1 ligne sur 3 remplit la condition `--where circonscription == \"Lille 3\"`"
        );
        let by_name = RowFilter::compile(
            "\"Lille\" in row.Circonscription and effectif != \"0\"",
            &columns(),
            false,
        )
        .expect("compiles");
        assert!(kept(&by_name, &row(2, "Lille 3", "12")));
        assert!(!kept(&by_name, &row(3, "Lille 1", "0")));
    }

    #[test]
    fn an_unknown_column_is_named_with_the_columns() {
        let error = RowFilter::compile("circo == \"Lille 3\"", &columns(), false)
            .err()
            .expect("refused")
            .to_string();
        assert!(error.contains("`circo`"), "{error}");
        assert!(
            error.contains("email, circonscription for `Circonscription`, effectif"),
            "{error}"
        );
    }

    /// The earlier message to a recipient, as `collect` left it.
    fn earlier(returned: &'static str, read: bool) -> Previous {
        Previous::new(
            "<a.missive@ac-lille.example>".into(),
            "sent",
            Some(returned),
            read,
            String::new(),
        )
    }

    #[test]
    fn previous_selects_on_the_earlier_outcome_and_is_false_for_a_newcomer() {
        let bounced = earlier("bounced", false);
        let read = earlier("delivered", true);
        let recipient = row(2, "Lille 3", "12");
        for (expression, expected) in [
            ("previous.status == \"bounced\"", [true, false, false]),
            ("previous.read", [false, true, false]),
            ("not previous.read", [true, false, true]),
            ("previous.status == \"sent\"", [false, false, false]),
            ("not previous", [false, false, true]),
            (
                "circonscription == \"Lille 3\" and previous.status != \"bounced\"",
                [false, true, true],
            ),
        ] {
            let filter = RowFilter::compile(expression, &columns(), true).expect(expression);
            assert!(filter.needs_message(), "{expression}");
            let decided = [Some(&bounced), Some(&read), None]
                .map(|previous| filter.decide(&recipient, previous).expect(expression));
            assert_eq!(decided, expected, "{expression}");
            let summary = filter.summary();
            assert_eq!(summary.matched + summary.left_out, 3, "{expression}");
        }
        let by_column =
            RowFilter::compile("effectif == \"12\"", &columns(), true).expect("compiles");
        assert!(!by_column.needs_message(), "decided on the row as read");
    }

    #[test]
    fn previous_without_follow_up_or_with_an_unknown_field_is_refused() {
        let error = RowFilter::compile("not previous.read", &columns(), false)
            .err()
            .expect("refused");
        assert!(matches!(error, FilterError::NoFollowUp { .. }), "{error}");
        assert!(
            error
                .to_string()
                .contains("set `follow_up = \"…\"` in campaign.toml"),
            "{error}"
        );
        let error = RowFilter::compile("previous.lu", &columns(), true)
            .err()
            .expect("refused");
        assert!(
            matches!(&error, FilterError::UnknownPreviousField { field, .. } if field == "lu"),
            "{error}"
        );
        RowFilter::compile("previous.status == \"previous.lu\"", &columns(), true)
            .expect("a string is no field");
    }

    #[test]
    fn a_broken_condition_or_a_template_tag_is_refused() {
        for expression in ["circonscription ==", "x %}{{ email }}{% if y"] {
            let error = RowFilter::compile(expression, &columns(), false)
                .err()
                .expect("refused");
            assert!(
                matches!(error, FilterError::Syntax { .. }),
                "{expression}: {error}"
            );
        }
    }

    #[test]
    fn a_refused_condition_is_said_in_french() {
        use crate::i18n::{Lang, in_lang};
        let error = RowFilter::compile("{{ email }}", &columns(), false)
            .err()
            .expect("refused");
        assert_eq!(
            in_lang(Lang::Fr, || error.to_string()),
            "`--where {{ email }}` n'est pas une condition\u{a0}: elle ne peut pas contenir de \
             balises de modèle (`{%`, `{{`, `%}`…)\u{202f}; écrivez-la comme dans le `{% if %}` \
             d'un modèle, par exemple `--where 'circonscription == \"Lille 3\"'`"
        );
        assert!(error.to_string().starts_with(
            "`--where {{ email }}` is not a condition: it may not hold template tags (`{%`, `{{`, `%}`…); write one as in a template's `{% if %}`"
        ));
        let error = RowFilter::compile("previous.lu", &columns(), true)
            .err()
            .expect("refused");
        let french = in_lang(Lang::Fr, || error.to_string());
        assert!(
            french.starts_with("`--where previous.lu` nomme `previous.lu`, qui n'existe pas"),
            "{french}"
        );
        assert!(
            crate::i18n::audit::english_left(&french).is_empty(),
            "{french}"
        );
    }
}
