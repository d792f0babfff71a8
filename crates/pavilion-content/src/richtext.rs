//! The rich-text subset of hotspot bodies: paragraphs, emphasis, strong
//! emphasis, bulleted and numbered lists, and links to web pages and email
//! addresses (the schemes in [`LINK_SCHEMES`]),
//! written as Markdown (CommonMark, read with `pulldown-cmark`).
//!
//! Anything else Markdown can express (headings, quotes, code, images,
//! raw HTML) is shown as plain text and reported, never interpreted: a body
//! cannot run script, load a picture or link anywhere but the web or mail.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Span {
    pub text: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub emphasis: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub strong: bool,
    /// A URL with one of the [`LINK_SCHEMES`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// A paragraph or one list item (nested lists become items of a deeper level).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Block {
    pub spans: Vec<Span>,
    /// For list items: how deep (0 for a top-level list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    /// For items of numbered lists: the item's number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u64>,
}

impl Block {
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    pub fn is_item(&self) -> bool {
        self.level.is_some()
    }
}

/// Something in a body outside the subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// A link to something other than an http(s) page: never made clickable.
    pub unsafe_link: bool,
    pub message: String,
}

/// The body's blocks, and what in it falls outside the subset.
pub fn parse(text: &str) -> (Vec<Block>, Vec<Problem>) {
    let mut b = Builder::default();
    for event in Parser::new_ext(text, Options::empty()) {
        b.event(event);
    }
    b.flush();
    (b.blocks, b.problems)
}

/// The blocks alone (what the viewer shows).
pub fn blocks(text: &str) -> Vec<Block> {
    parse(text).0
}

/// The schemes a link in a scene may have: web pages and email addresses
/// (`<curator@museum.org>` in a body is a `mailto:` link). Anything else
/// (`javascript:`, `data:`, `file:`, relative paths) is never clickable.
pub const LINK_SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

/// Is `url` a link a visitor may follow (one of [`LINK_SCHEMES`])?
pub fn is_allowed_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    LINK_SCHEMES.iter().any(|s| lower.starts_with(s) && lower.len() > s.len())
}

/// Plain text as rich text that reads the same: every character Markdown
/// would interpret is escaped. Blank lines stay paragraph breaks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        out.push_str(indent);
        // A line that would start a list or heading.
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        for (at, c) in trimmed.char_indices() {
            let at_start = at == 0;
            let special = matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '|' | '~' | '#' | '&')
                || (at_start && matches!(c, '-' | '+' | '='))
                || (digits > 0 && at == digits && matches!(c, '.' | ')'));
            if special {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// HTML (a comment from a IIIF manifest, say) reduced to the rich-text
/// subset: paragraphs, emphasis, strong, lists and http(s)/mailto links;
/// every other tag is dropped and its text kept, escaped. Never HTML out.
pub fn from_html(html: &str) -> String {
    let mut out = String::new();
    let mut text = String::new();
    let mut link: Option<(String, usize)> = None;
    let mut lists: Vec<Option<u64>> = Vec::new();
    let flush = |text: &mut String, out: &mut String| {
        let t = decode_entities(text);
        let collapsed = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            if !t.is_empty() && !out.is_empty() && !out.ends_with(['\n', ' ', '[']) {
                out.push(' ');
            }
        } else {
            if t.starts_with(char::is_whitespace) && !out.is_empty() && !out.ends_with(['\n', ' ']) {
                out.push(' ');
            }
            out.push_str(&escape(&collapsed));
            if t.ends_with(char::is_whitespace) {
                out.push(' ');
            }
        }
        text.clear();
    };
    let paragraph = |out: &mut String| {
        let trimmed = out.trim_end_matches([' ', '\n']).len();
        out.truncate(trimmed);
        if !out.is_empty() {
            out.push_str("\n\n");
        }
    };
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            text.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        flush(&mut text, &mut out);
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("p" | "div" | "br" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote", _) => paragraph(&mut out),
            ("em" | "i", _) => out.push('*'),
            ("strong" | "b", _) => out.push_str("**"),
            ("ul", false) => {
                paragraph(&mut out);
                lists.push(None);
            }
            ("ol", false) => {
                paragraph(&mut out);
                lists.push(Some(0));
            }
            ("ul" | "ol", true) => {
                lists.pop();
                paragraph(&mut out);
            }
            ("li", false) => {
                let trimmed = out.trim_end_matches(' ').len();
                out.truncate(trimmed);
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        out.push_str(&format!("{n}. "));
                    }
                    _ => out.push_str("- "),
                }
            }
            ("a", false) => {
                let href = attribute(tag, "href").map(|h| decode_entities(&h)).filter(|h| is_allowed_link(h));
                if let Some(href) = href {
                    out.push('[');
                    link = Some((href, out.len()));
                }
            }
            ("a", true) => {
                if let Some((href, _)) = link.take() {
                    out.push_str(&format!("]({})", href.replace(')', "%29").replace(' ', "%20")));
                }
            }
            _ => {}
        }
    }
    text.push_str(rest);
    flush(&mut text, &mut out);
    if let Some((href, _)) = link {
        out.push_str(&format!("]({href})"));
    }
    out.trim().to_string()
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[at..];
    let (quote, body) = match rest.chars().next()? {
        q @ ('"' | '\'') => (Some(q), &rest[1..]),
        _ => (None, rest),
    };
    let end = match quote {
        Some(q) => body.find(q)?,
        None => body.find(char::is_whitespace).unwrap_or(body.len()),
    };
    Some(body[..end].to_string())
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" | "#39" => '\'',
                "nbsp" => '\u{a0}',
                n if n.starts_with("#x") || n.starts_with("#X") => char::from_u32(u32::from_str_radix(&n[2..], 16).ok()?)?,
                n if n.starts_with('#') => char::from_u32(n[1..].parse().ok()?)?,
                _ => return None,
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    problems: Vec<Problem>,
    spans: Vec<Span>,
    emphasis: u32,
    strong: u32,
    link: Option<String>,
    in_image: u32,
    /// Next number of each open list (`None` for bulleted ones).
    lists: Vec<Option<u64>>,
    /// The open item's level and number.
    item: Option<(usize, Option<u64>)>,
}

impl Builder {
    fn note(&mut self, what: &str) {
        self.note_message(format!("{what} is not part of the rich-text subset and is shown as plain text"));
    }

    fn note_message(&mut self, message: String) {
        if !self.problems.iter().any(|p| p.message == message) {
            self.problems.push(Problem {
                unsafe_link: false,
                message,
            });
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.in_image > 0 || text.is_empty() {
            return;
        }
        let style = (self.emphasis > 0, self.strong > 0, self.link.clone());
        if let Some(last) = self.spans.last_mut()
            && (last.emphasis, last.strong, last.link.clone()) == style
        {
            last.text.push_str(text);
            return;
        }
        self.spans.push(Span {
            text: text.to_string(),
            emphasis: style.0,
            strong: style.1,
            link: style.2,
        });
    }

    /// Ends the open paragraph or item.
    fn flush(&mut self) {
        if let Some(last) = self.spans.last_mut() {
            let trimmed = last.text.trim_end().len();
            last.text.truncate(trimmed);
        }
        if let Some(first) = self.spans.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        self.spans.retain(|s| !s.text.is_empty());
        if self.spans.is_empty() {
            return;
        }
        let (level, number) = match self.item {
            Some((level, number)) => (Some(level), number),
            None => (None, None),
        };
        self.blocks.push(Block {
            spans: std::mem::take(&mut self.spans),
            level,
            number,
        });
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.push_text(&t),
            Event::Code(t) => {
                self.note("Inline code");
                self.push_text(&t);
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                self.note("HTML");
                self.push_text(&t);
            }
            Event::SoftBreak | Event::HardBreak => self.push_text("\n"),
            Event::Rule => self.note("A horizontal rule"),
            other => {
                self.note("This Markdown");
                if let Event::FootnoteReference(t) | Event::InlineMath(t) | Event::DisplayMath(t) = other {
                    self.push_text(&t);
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                // A second paragraph inside one list item continues the item.
                if self.item.is_some() && !self.spans.is_empty() {
                    self.push_text("\n");
                }
            }
            Tag::Heading { .. } => {
                self.note("A heading");
                self.flush();
            }
            Tag::BlockQuote(_) => self.note("A block quote"),
            Tag::CodeBlock(_) => {
                self.note("A code block");
                self.flush();
            }
            Tag::List(start) => {
                self.flush();
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let level = self.lists.len().saturating_sub(1);
                let number = self.lists.last_mut().and_then(|n| {
                    let current = *n;
                    if let Some(v) = n {
                        *v += 1;
                    }
                    current
                });
                self.item = Some((level, number));
            }
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            Tag::Link { link_type, dest_url, .. } => {
                // `<curator@museum.org>` arrives without its scheme.
                let dest_url = match link_type {
                    pulldown_cmark::LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                if is_allowed_link(&dest_url) {
                    self.link = Some(dest_url.to_string());
                } else {
                    self.problems.push(Problem {
                        unsafe_link: true,
                        message: format!("the link \"{dest_url}\" is not an http, https or mailto link; it would not be clickable"),
                    });
                }
            }
            Tag::HtmlBlock => {}
            Tag::Image { .. } => {
                self.note_message("an image in the body is not shown; give the hotspot an \"image\" (with alt text) instead".into());
                self.in_image += 1;
            }
            _ => self.note("This Markdown"),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph if self.item.is_none() => self.flush(),
            TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::BlockQuote(_) => self.flush(),
            TagEnd::Item => {
                self.flush();
                self.item = None;
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                // Back in the outer list's item (its text, if any, was flushed).
                self.item = None;
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Link => self.link = None,
            TagEnd::Image => self.in_image = self.in_image.saturating_sub(1),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> Span {
        Span {
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn plain_text_is_one_paragraph_per_blank_line() {
        let b = blocks("First paragraph.\n\nSecond one,\nwith a line break.");
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].spans, [span("First paragraph.")]);
        assert_eq!(b[1].text(), "Second one,\nwith a line break.");
        assert!(!b[1].is_item());
    }

    #[test]
    fn emphasis_strong_and_links() {
        let (b, problems) = parse("The *Aphrodite* of **Melos**, see [the Louvre](https://www.louvre.fr/en).");
        assert!(problems.is_empty());
        let s = &b[0].spans;
        assert_eq!(
            s[1],
            Span {
                text: "Aphrodite".into(),
                emphasis: true,
                ..Default::default()
            }
        );
        assert_eq!(
            s[3],
            Span {
                text: "Melos".into(),
                strong: true,
                ..Default::default()
            }
        );
        assert_eq!(s[5].link.as_deref(), Some("https://www.louvre.fr/en"));
        assert_eq!(s[5].text, "the Louvre");
        assert_eq!(b[0].text(), "The Aphrodite of Melos, see the Louvre.");
    }

    #[test]
    fn lists_become_items_with_levels_and_numbers() {
        let b = blocks("Found:\n\n- on Milos\n- in 1820\n  1. arms missing\n  2. plinth\n\nAfter.");
        let items: Vec<_> = b.iter().map(|b| (b.text(), b.level, b.number)).collect();
        assert_eq!(
            items,
            [
                ("Found:".to_string(), None, None),
                ("on Milos".into(), Some(0), None),
                ("in 1820".into(), Some(0), None),
                ("arms missing".into(), Some(1), Some(1)),
                ("plinth".into(), Some(1), Some(2)),
                ("After.".into(), None, None),
            ]
        );
        let b = blocks("3. three\n4. four");
        assert_eq!(b[1].number, Some(4));
    }

    #[test]
    fn only_web_links_are_links() {
        for bad in ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "/relative"] {
            let (b, problems) = parse(&format!("[click]({bad})"));
            assert!(b[0].spans.iter().all(|s| s.link.is_none()), "{bad}");
            assert_eq!(b[0].text(), "click");
            assert!(problems[0].unsafe_link, "{bad}");
            assert!(problems[0].message.contains(bad), "{}", problems[0].message);
        }
        assert!(is_allowed_link("HTTPS://example.org"));
        assert!(!is_allowed_link("mailto:"));
    }

    #[test]
    fn email_addresses_are_links() {
        let (b, problems) = parse("Write to <curator@museum.org> or [us](mailto:info@museum.org).");
        assert!(problems.is_empty(), "{problems:?}");
        let links: Vec<_> = b[0].spans.iter().filter_map(|s| s.link.as_deref()).collect();
        assert_eq!(links, ["mailto:curator@museum.org", "mailto:info@museum.org"]);
    }

    #[test]
    fn html_and_other_markdown_stay_text() {
        let (b, problems) = parse("<script>alert(1)</script>\n\n# Heading\n\n![cat](https://x/cat.png) `code`");
        let all: String = b.iter().map(Block::text).collect::<Vec<_>>().join("|");
        assert_eq!(all, "<script>alert(1)</script>|Heading|code");
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].starts_with("HTML is not part"), "{messages:?}");
        assert!(problems.iter().all(|p| !p.unsafe_link));
    }
}
