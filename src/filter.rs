//! Row filters (`--where EXPR`): only the rows for which a Tera condition holds are checked,
//! previewed and sent, so a circular can be relayed to part of a list
//! (`--where 'circonscription == "Lille 3"'`).
//!
//! The condition is compiled once as `{% if EXPR %}1{% endif %}` and rendered with the same
//! variables as the template: every column by its name and its identifier alias, and `row`.
//! Tera takes an undefined variable inside `{% if %}` for false, so a misspelt column would
//! silently select no row: every variable is checked against the columns first.

use std::sync::atomic::{AtomicUsize, Ordering};

use tera::Tera;

use crate::recipients::{Columns, Recipient, RecipientError};

const NAME: &str = "where";

/// A compiled `--where` condition, and how many rows it kept and left out so far.
pub(crate) struct RowFilter {
    expression: String,
    tera: Tera,
    /// The list's columns, as the rows' variables.
    names: crate::render::ColumnNames,
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
        "`--where {expression}` is not a condition: {message}; write one as in a template's `{{% if %}}`, e.g. `--where 'circonscription == \"Lille 3\"'`"
    )]
    Syntax { expression: String, message: String },
    #[error(
        "`--where {expression}` names `{variable}`, which is not a column of the list (columns: {available}); use one of them, or `row[\"Column name\"]`"
    )]
    UnknownColumn {
        expression: String,
        variable: String,
        available: String,
    },
}

impl RowFilter {
    /// Compiles `expression` and checks that every variable it names is a column.
    pub(crate) fn compile(expression: &str, columns: &Columns) -> Result<Self, FilterError> {
        let syntax = |message: String| FilterError::Syntax {
            expression: expression.to_string(),
            message,
        };
        // The condition is one expression: it may not close the `{% if %}` around it.
        if ["{%", "%}", "{{", "}}", "{#", "#}"]
            .iter()
            .any(|tag| expression.contains(tag))
        {
            return Err(syntax(
                "it may not hold template tags (`{%`, `{{`, `%}`…)".into(),
            ));
        }
        let mut tera = Tera::new();
        // Tera's messages end with a period; ours go on after them.
        let tera_message = |error: &tera::Error| {
            let (_, message) = crate::render::describe(error);
            message.trim_end_matches('.').to_string()
        };
        tera.add_raw_template(NAME, &format!("{{% if {expression} %}}1{{% endif %}}"))
            .map_err(|error| syntax(tera_message(&error)))?;
        let known = crate::render::known_variables(columns);
        let unknown = tera
            .get_template_variables(NAME)
            .map_err(|error| syntax(tera_message(&error)))?
            .into_iter()
            .find(|variable| !known.contains(*variable))
            .map(str::to_string);
        if let Some(variable) = unknown {
            return Err(FilterError::UnknownColumn {
                expression: expression.to_string(),
                variable,
                available: crate::render::describe_columns(columns),
            });
        }
        Ok(Self {
            expression: expression.to_string(),
            tera,
            names: crate::render::ColumnNames::of(columns),
            matched: AtomicUsize::new(0),
            left_out: AtomicUsize::new(0),
        })
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
        match self.keeps(&recipient) {
            Ok(true) => Some(Ok(recipient)),
            Ok(false) => None,
            Err(message) => Some(Err(RecipientError::Malformed {
                at: recipient.at,
                message: format!(
                    "`--where {}` cannot be decided for this row: {message}",
                    self.expression
                ),
            })),
        }
    }

    fn keeps(&self, recipient: &Recipient) -> Result<bool, String> {
        let context = self.names.context(recipient);
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

impl std::fmt::Display for FilterSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} of {} row(s) match the filter `--where {}`",
            self.matched,
            self.matched + self.left_out,
            self.expression
        )
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

    #[test]
    fn rows_are_kept_by_a_column_or_its_alias_and_counted() {
        let filter =
            RowFilter::compile("circonscription == \"Lille 3\"", &columns()).expect("compiles");
        assert!(filter.keeps(&row(2, "Lille 3", "12")).expect("decided"));
        assert!(!filter.keeps(&row(3, "Lille 1", "12")).expect("decided"));
        assert!(filter.select(Ok(row(4, "Roubaix", "12"))).is_none());
        let summary = filter.summary();
        assert_eq!((summary.matched, summary.left_out), (1, 2));
        assert_eq!(
            summary.to_string(),
            "1 of 3 row(s) match the filter `--where circonscription == \"Lille 3\"`"
        );
        let by_name = RowFilter::compile(
            "\"Lille\" in row.Circonscription and effectif != \"0\"",
            &columns(),
        )
        .expect("compiles");
        assert!(by_name.keeps(&row(2, "Lille 3", "12")).expect("decided"));
        assert!(!by_name.keeps(&row(3, "Lille 1", "0")).expect("decided"));
    }

    #[test]
    fn an_unknown_column_is_named_with_the_columns() {
        let error = RowFilter::compile("circo == \"Lille 3\"", &columns())
            .err()
            .expect("refused")
            .to_string();
        assert!(error.contains("`circo`"), "{error}");
        assert!(
            error.contains("email, circonscription for `Circonscription`, effectif"),
            "{error}"
        );
    }

    #[test]
    fn a_broken_condition_or_a_template_tag_is_refused() {
        for expression in ["circonscription ==", "x %}{{ email }}{% if y"] {
            let error = RowFilter::compile(expression, &columns())
                .err()
                .expect("refused");
            assert!(
                matches!(error, FilterError::Syntax { .. }),
                "{expression}: {error}"
            );
        }
    }
}
