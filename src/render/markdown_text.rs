//! The text/plain alternative of a Markdown body, written from the Markdown's own events (the
//! same the HTML is written from), so a reader of the text part sees no Markdown syntax: no
//! `**`, no `#`, no `![…](…)`.
//!
//! Paragraphs are wrapped at [`WIDTH`] columns between words, never inside one (a URL is one
//! word). Lists keep their markers with hanging indents, quotes their `> `, code its lines.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Tag, TagEnd};

/// Where paragraphs wrap: short enough to quote in a reply without rewrapping (RFC 3676's
/// advice), long enough for a French sentence to read well.
pub(super) const WIDTH: usize = 72;

/// The narrowest a wrapped line gets, however deep a list nests.
pub(super) const MIN_WIDTH: usize = 30;

/// Writes the text of a Markdown document from its events.
#[cfg(test)]
fn write(events: &[Event<'_>]) -> String {
    let mut writer = Writer::default();
    for event in events {
        writer.event(event);
    }
    writer.finish()
}

/// What comes before a block's lines: a list item's marker and its hanging indent, or a
/// quote's `> `.
struct Prefix {
    first: String,
    rest: String,
    used: bool,
}

/// An open link or image: where its text starts in the inline buffer.
struct Span {
    start: usize,
    url: String,
    autolink: bool,
}

/// The text being written, event by event, beside the HTML (one parse feeds both).
#[derive(Default)]
pub(super) struct Writer {
    out: String,
    /// The inline text of the block being read; `\n` marks a hard break.
    inline: String,
    prefixes: Vec<Prefix>,
    /// A blank line is owed before the next block's first line.
    gap: bool,
    /// The open lists: the next number of an ordered one.
    lists: Vec<Option<u64>>,
    links: Vec<Span>,
    images: Vec<usize>,
    heading: Option<HeadingLevel>,
    code: bool,
    table: Option<Table>,
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    head_rows: usize,
}

impl Writer {
    /// The text, once every event is read.
    pub(super) fn finish(mut self) -> String {
        self.flush();
        let mut out = self.out;
        let kept = out.trim_end_matches('\n').len();
        out.truncate(kept);
        out.push('\n');
        out
    }

    pub(super) fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) if self.code => self.code_text(text),
            Event::Text(text) | Event::Code(text) | Event::InlineMath(text) => {
                self.inline.push_str(text);
            }
            Event::DisplayMath(text) => self.inline.push_str(text),
            Event::Html(html) | Event::InlineHtml(html) => self.html(html),
            Event::SoftBreak => self.inline.push(' '),
            Event::HardBreak => self.inline.push('\n'),
            Event::Rule => {
                self.flush();
                self.open_block();
                self.line(&"-".repeat(self.width().min(WIDTH)));
                self.gap = true;
            }
            Event::TaskListMarker(done) => {
                self.inline.push_str(if *done { "[x] " } else { "[ ] " });
            }
            Event::FootnoteReference(name) => {
                self.inline.push('(');
                self.inline.push_str(name);
                self.inline.push(')');
            }
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock | Tag::MetadataBlock(_) => self.flush(),
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(*level);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.open_block();
                self.prefixes.push(Prefix {
                    first: "> ".into(),
                    rest: "> ".into(),
                    used: false,
                });
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.open_block();
                self.code = true;
            }
            Tag::List(first) => {
                self.flush();
                if self.lists.is_empty() {
                    self.open_block();
                }
                self.lists.push(*first);
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(number)) => {
                        let marker = format!("{number}. ");
                        *number += 1;
                        marker
                    }
                    _ => "- ".to_string(),
                };
                let rest = " ".repeat(marker.chars().count());
                self.prefixes.push(Prefix {
                    first: marker,
                    rest,
                    used: false,
                });
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => self.links.push(Span {
                start: self.inline.len(),
                url: dest_url.to_string(),
                autolink: matches!(link_type, LinkType::Autolink | LinkType::Email),
            }),
            Tag::Image { .. } => self.images.push(self.inline.len()),
            Tag::Table(_) => {
                self.flush();
                self.open_block();
                self.table = Some(Table::default());
            }
            Tag::TableRow | Tag::TableHead => {
                if let Some(table) = &mut self.table {
                    table.rows.push(Vec::new());
                    if matches!(tag, Tag::TableHead) {
                        table.head_rows = table.rows.len();
                    }
                }
            }
            Tag::TableCell => self.inline.clear(),
            Tag::FootnoteDefinition(name) => {
                self.flush();
                self.inline.push('(');
                self.inline.push_str(name);
                self.inline.push_str(") ");
            }
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock | TagEnd::FootnoteDefinition => {
                self.flush();
                self.gap = true;
            }
            TagEnd::Heading(level) => self.heading_end(level),
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.prefixes.pop();
                self.gap = true;
            }
            TagEnd::CodeBlock => {
                self.code = false;
                self.gap = true;
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.gap = true;
                }
            }
            TagEnd::Item => {
                self.flush();
                self.prefixes.pop();
            }
            TagEnd::Link => self.link_end(),
            TagEnd::Image => {
                let start = self.images.pop().unwrap_or(self.inline.len());
                let alt = self.inline.split_off(start);
                let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
                if alt.is_empty() {
                    self.inline.push_str("[image]");
                } else {
                    self.inline.push_str("[image: ");
                    self.inline.push_str(&alt);
                    self.inline.push(']');
                }
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inline).replace('\n', " ");
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(cell.trim().to_string());
                }
            }
            TagEnd::Table => self.table_end(),
            TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_)
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
        }
    }

    /// A link reads "text `<url>`"; an autolink, or a link whose text is its URL, shows the URL
    /// once; `mailto:` is left out of what a reader sees.
    fn link_end(&mut self) {
        let Some(link) = self.links.pop() else {
            return;
        };
        let text = &self.inline[link.start..];
        let url = link.url.strip_prefix("mailto:").unwrap_or(&link.url);
        if link.autolink || text.trim() == url || text.trim() == link.url || url.is_empty() {
            return;
        }
        if text.trim().is_empty() {
            self.inline.push_str(url);
        } else {
            self.inline.push_str(" <");
            self.inline.push_str(url);
            self.inline.push('>');
        }
    }

    fn heading_end(&mut self, level: HeadingLevel) {
        self.heading = None;
        self.open_block();
        let text = std::mem::take(&mut self.inline);
        let mut longest = 0;
        wrap(text.trim(), self.width(), |line| {
            longest = longest.max(line.chars().count());
            self.line(line);
        });
        let rule = if level == HeadingLevel::H1 { "=" } else { "-" };
        self.line(&rule.repeat(longest));
        self.gap = true;
    }

    /// Raw HTML in Markdown: its text without the tags, a `<br>` as a line break.
    fn html(&mut self, html: &str) {
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            self.inline.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('>') else {
                rest = "";
                break;
            };
            let tag = rest[open + 1..open + close].trim_start_matches('/');
            if tag.len() >= 2 && tag[..2].eq_ignore_ascii_case("br") {
                self.inline.push('\n');
            }
            rest = &rest[open + close + 1..];
        }
        self.inline.push_str(rest);
    }

    fn code_text(&mut self, text: &str) {
        for line in text.lines() {
            self.line(line);
        }
    }

    fn table_end(&mut self) {
        let Some(table) = self.table.take() else {
            return;
        };
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                table
                    .rows
                    .iter()
                    .filter_map(|row| row.get(c))
                    .map(|cell| cell.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for (index, row) in table.rows.iter().enumerate() {
            let cells: Vec<String> = widths
                .iter()
                .enumerate()
                .map(|(c, width)| {
                    let cell = row.get(c).map_or("", String::as_str);
                    format!("{cell}{}", " ".repeat(width - cell.chars().count()))
                })
                .collect();
            self.line(cells.join("  ").trim_end());
            if index + 1 == table.head_rows {
                let rules: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
                self.line(&rules.join("  "));
            }
        }
        self.gap = true;
    }

    /// Owes a blank line before this block when something came before it.
    fn open_block(&mut self) {
        if self.gap && !self.out.is_empty() {
            // Inside a quote the blank line keeps its `>`; a list's indent is dropped.
            let prefix: String = self.prefixes.iter().map(|p| p.rest.as_str()).collect();
            self.out.push_str(prefix.trim_end());
            self.out.push('\n');
        }
        self.gap = false;
    }

    /// Writes the inline text read so far as wrapped lines.
    fn flush(&mut self) {
        if self.heading.is_some() || self.table.is_some() {
            return;
        }
        let text = std::mem::take(&mut self.inline);
        if text.trim().is_empty() {
            return;
        }
        self.open_block();
        let width = self.width();
        for hard_line in text.trim().lines() {
            wrap(hard_line, width, |line| self.line(line));
        }
    }

    /// Writes one line with the prefixes of the blocks it is in.
    fn line(&mut self, line: &str) {
        // A list marker is written on the first line of its item only, its indent after.
        for p in &mut self.prefixes {
            self.out.push_str(if p.used { &p.rest } else { &p.first });
            p.used = true;
        }
        self.out.push_str(line);
        let kept = self.out.trim_end_matches(' ').len();
        self.out.truncate(kept);
        self.out.push('\n');
    }

    fn width(&self) -> usize {
        let used: usize = self.prefixes.iter().map(|p| p.rest.chars().count()).sum();
        WIDTH.saturating_sub(used).max(MIN_WIDTH)
    }
}

/// Greedy wrapping between words (runs of spaces; a no-break space joins, as French
/// typography wants before `:` and inside « »). A word longer than the width has a line
/// of its own, whole. Each line is given to `emit` as a slice of `text`: nothing allocated.
pub(super) fn wrap(text: &str, width: usize, mut emit: impl FnMut(&str)) {
    let text = text.trim_matches(' ');
    let (mut start, mut end, mut line_width) = (0, 0, 0);
    let mut at = 0;
    for word in text.split(' ') {
        let word_start = at;
        at += word.len() + 1;
        if word.is_empty() {
            continue;
        }
        let word_width = word.chars().count();
        if end > start && line_width + (word_start - end) + word_width > width {
            emit(&text[start..end]);
            start = word_start;
        }
        if end > start {
            line_width += (word_start - end) + word_width;
        } else {
            start = word_start;
            line_width = word_width;
        }
        end = word_start + word.len();
    }
    emit(&text[start..end]);
}

#[cfg(test)]
#[path = "markdown_text_tests.rs"]
mod tests;
