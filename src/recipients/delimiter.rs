//! Which delimiter a text list uses, when `--delimiter` does not say: the candidate (`;`,
//! `,`, tab) that splits the header line into several columns and most rows into as many,
//! quotes respected. With a single column, the one that splits no row wins, and a tie goes
//! to the file's kind (tab for `.tsv` and `.txt`, Excel's "Unicode text"; `;` otherwise).

use std::fmt;
use std::str::FromStr;

/// A delimiter as `--delimiter` and campaign.toml's `delimiter` take it: `;`, `,` or `tab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct Delimiter(u8);

/// Why a delimiter is not understood.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", t!("recipients-delimiter-unknown", text = .0.as_str()))]
pub struct DelimiterError(String);

impl Delimiter {
    /// The byte that separates the fields.
    pub fn byte(self) -> u8 {
        self.0
    }
}

impl FromStr for Delimiter {
    type Err = DelimiterError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            ";" => Ok(Self(b';')),
            "," => Ok(Self(b',')),
            "tab" | "\\t" | "\t" => Ok(Self(b'\t')),
            other => Err(DelimiterError(other.to_string())),
        }
    }
}

impl TryFrom<String> for Delimiter {
    type Error = DelimiterError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl fmt::Display for Delimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            b'\t' => f.write_str("tab"),
            other => write!(f, "{}", char::from(other)),
        }
    }
}

/// The delimiters tried, in the order a tie prefers after the file's own kind.
const CANDIDATES: [u8; 3] = [b';', b',', b'\t'];
/// Rows looked at.
const SAMPLE_ROWS: usize = 100;

/// Picks the delimiter of `head`, the decoded start of the file; `complete` says whether it
/// holds the whole file (if not, its last row may be cut and is not looked at).
pub(super) fn sniff(head: &str, complete: bool, preferred: u8) -> u8 {
    let mut best = (false, 0, 0, false, preferred);
    for candidate in CANDIDATES {
        let (header, rows, matching) = field_counts(head, complete, candidate);
        // No row to compare with: the header alone decides.
        let fit = (matching * 100).checked_div(rows).unwrap_or(100);
        let strong = header > 1 && fit >= 50;
        let key = (
            strong,
            if strong { header } else { 0 },
            fit,
            candidate == preferred,
            candidate,
        );
        if key > best {
            best = key;
        }
    }
    best.4
}

/// The header's field count, the rows looked at, and how many of them have as many.
fn field_counts(head: &str, complete: bool, delimiter: u8) -> (usize, usize, usize) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(head.as_bytes());
    let mut counts: Vec<usize> = Vec::new();
    let mut record = csv::ByteRecord::new();
    while counts.len() <= SAMPLE_ROWS {
        match reader.read_byte_record(&mut record) {
            Ok(true) if record.iter().all(<[u8]>::is_empty) => {}
            Ok(true) => counts.push(record.len()),
            Ok(false) | Err(_) => break,
        }
    }
    if !complete && counts.len() <= SAMPLE_ROWS {
        counts.pop();
    }
    let Some((&header, rows)) = counts.split_first() else {
        return (0, 0, 0);
    };
    let matching = rows.iter().filter(|count| **count == header).count();
    (header, rows.len(), matching)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(head: &str) -> char {
        char::from(sniff(head, true, b';'))
    }

    #[test]
    fn the_three_delimiters_read_back_as_written() {
        for text in [";", ",", "tab"] {
            let delimiter: Delimiter = text.parse().expect(text);
            assert_eq!(delimiter.to_string(), text);
        }
        assert_eq!("\t".parse::<Delimiter>().expect("a tab").byte(), b'\t');
        let error = "|".parse::<Delimiter>().expect_err("not one of the three");
        assert!(
            error.to_string().contains("use `;`, `,` or `tab`"),
            "{error}"
        );
    }

    #[test]
    fn the_header_and_rows_agree() {
        assert_eq!(sniffed("nom;email\nA;a@x.fr\n"), ';');
        assert_eq!(sniffed("nom,email\nA,a@x.fr\n"), ',');
        assert_eq!(sniffed("nom\temail\nA\ta@x.fr\n"), '\t');
        assert_eq!(
            sniffed("\"nom, prénom\";email\n\"Dupont, Jean\";j@x.fr\n"),
            ';'
        );
        assert_eq!(sniffed("nom,email\n\"Dupont; Jean\",j@x.fr\n"), ',');
    }

    #[test]
    fn a_bad_row_does_not_change_the_verdict() {
        let head = "civilite;nom;email\nM.;A;a@x.fr\nMme;B\nM.;C;c@x.fr\n";
        assert_eq!(sniffed(head), ';');
    }

    #[test]
    fn a_single_column_takes_the_delimiter_that_splits_nothing() {
        assert_eq!(sniffed("email\nDupont, Jean <j@x.fr>\n"), ';');
        assert_eq!(sniffed("email\na@x.fr; b@x.fr\n"), ',');
        assert_eq!(char::from(sniff("email\na@x.fr\n", true, b'\t')), '\t');
    }

    #[test]
    fn a_cut_last_row_is_not_held_against_it() {
        assert_eq!(char::from(sniff("a;b;c\n1;2;3\n4;5", false, b',')), ';');
    }
}
