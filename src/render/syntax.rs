//! Template syntax errors told so a person can fix them. Tera points at where it gave up,
//! often the end of the file; the cause is usually a `{{`, `{%` or `{#` left open, or a
//! `{% if %}` without its `{% endif %}`, so those are looked for first and their own line
//! is cited, with what to write.

use super::errors::{SyntaxHint, SyntaxProblem};

/// The file-relative line (1 is the first line of `source`) and the problem for a syntax
/// error Tera found in `source`.
pub(super) fn explain(error: &tera::Error, source: &str) -> (Option<usize>, SyntaxProblem) {
    if let Some(found) = unclosed_delimiter(source) {
        return (Some(found.0), found.1);
    }
    let (line, message) = super::describe(error);
    let (line, message) = match framed_report(&message) {
        Some((line, first)) => (Some(line), first),
        None => (line, message),
    };
    if message.starts_with("Unexpected end of input")
        && let Some(found) = unended_block(source)
    {
        return (Some(found.0), found.1);
    }
    let hint = if message.starts_with("Unknown tag") {
        SyntaxHint::UnknownTag
    } else if message.starts_with("Unknown filter") {
        SyntaxHint::UnknownFilter
    } else if message.starts_with("Unknown template") {
        SyntaxHint::UnknownTemplate
    } else {
        SyntaxHint::Other
    };
    let said = message.trim_end_matches('.').to_string();
    (line, SyntaxProblem::Tera { said, hint })
}

/// Tera's framed report (`error: …`, ` --> name:LINE:COLUMN`, the source line) reduced to
/// its line and its first sentence.
fn framed_report(message: &str) -> Option<(usize, String)> {
    let first = message.lines().next()?.strip_prefix("error: ")?;
    let at = message
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = at.rsplit(':');
    let _column = parts.next()?;
    let line = parts.next()?.parse().ok()?;
    Some((line, first.to_string()))
}

/// The first `{{`, `{%` or `{#` that is never closed.
fn unclosed_delimiter(source: &str) -> Option<(usize, SyntaxProblem)> {
    let mut from = 0;
    while let Some(offset) = source[from..].find('{') {
        let at = from + offset;
        let (opener, closer) = match source.as_bytes().get(at + 1) {
            Some(b'{') => ("{{", "}}"),
            Some(b'%') => ("{%", "%}"),
            Some(b'#') => ("{#", "#}"),
            _ => {
                from = at + 1;
                continue;
            }
        };
        match source[at + 2..].find(closer) {
            Some(end) => from = at + 2 + end + 2,
            None => {
                return Some((
                    line_of(source, at),
                    SyntaxProblem::Unclosed { opener, closer },
                ));
            }
        }
    }
    None
}

/// Tags that need an `{% end… %}`.
const BLOCKS: [&str; 5] = ["if", "for", "raw", "filter", "macro"];

/// The last block tag (`{% if %}`, `{% for %}`…) left without its end.
fn unended_block(source: &str) -> Option<(usize, SyntaxProblem)> {
    let mut open: Vec<(&str, usize)> = Vec::new();
    let mut from = 0;
    while let Some(offset) = source[from..].find("{%") {
        let at = from + offset;
        let Some(end) = source[at + 2..].find("%}") else {
            break;
        };
        let inside =
            source[at + 2..at + 2 + end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let name = inside.split_whitespace().next().unwrap_or_default();
        from = at + 2 + end + 2;
        if BLOCKS.contains(&name) {
            open.push((name, at));
        } else if let Some(ended) = name.strip_prefix("end")
            && open.last().is_some_and(|(last, _)| *last == ended)
        {
            open.pop();
        }
    }
    let (name, at) = open.pop()?;
    Some((
        line_of(source, at),
        SyntaxProblem::Unended {
            name: name.to_string(),
        },
    ))
}

fn line_of(source: &str, byte: usize) -> usize {
    source[..byte].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(source: &str) -> (Option<usize>, String) {
        let mut tera = tera::Tera::new();
        let error = tera
            .add_raw_template("t", source)
            .expect_err("a syntax error");
        let (line, problem) = explain(&error, source);
        (line, problem.to_string())
    }

    #[test]
    fn an_unclosed_tag_is_cited_where_it_opens() {
        let (line, message) = explained("Bonjour {{ nom\n\nA lundi\n");
        assert_eq!(line, Some(1));
        assert!(message.contains("`}}`"), "{message}");
        let (line, message) = explained("a\n{% if x %}\nb\n{% for y in z %}{% endfor %}\n");
        assert_eq!(line, Some(2));
        assert!(message.contains("{% endif %}"), "{message}");
        let (line, message) = explained("a\nb {# note\n");
        assert_eq!(line, Some(2));
        assert!(message.contains("`#}`"), "{message}");
    }

    #[test]
    fn tera_reports_become_one_line_with_a_hint() {
        let (line, message) = explained("a\n{{ x | majuscules }}\n");
        assert_eq!(line, Some(2));
        assert!(!message.contains('\n'), "{message}");
        assert!(
            message.contains("majuscules") && message.contains("spelling"),
            "{message}"
        );
        let (line, message) = explained("a\n\n{% endif %}\n");
        assert_eq!(line, Some(3));
        assert!(message.contains("{% if %}"), "{message}");
    }
}
