//! Right-to-left text for egui.
//!
//! egui shapes each run of same-font characters with HarfBuzz (harfrust),
//! which joins Arabic letters and reverses an Arabic run into visual order,
//! but it lays runs out left to right in logical order and wraps lines in
//! that order. So for right-to-left text we:
//! 1. break the paragraph into lines ourselves (measuring with egui);
//! 2. order each line's bidi runs visually (Unicode Bidirectional Algorithm,
//!    `unicode-bidi`), splitting right-to-left runs into words whose order we
//!    reverse while each word stays in logical order for HarfBuzz to shape;
//! 3. give egui one section per piece, so no shaping run crosses two pieces.
//!
//! Right-to-left text uses the font family [`RTL_FAMILY`], whose first font
//! is the Arabic one (with its own spaces and punctuation), so an Arabic word
//! is always a single run.

use std::ops::Range;

use egui::{self, Align, Color32, FontFamily, FontId, Layout, Sense, Stroke, text::LayoutJob};
use pavilion_content::lang::Direction;
use pavilion_content::richtext::Span;
use unicode_bidi::{BidiInfo, Level};

/// The egui font family right-to-left text is set in.
pub const RTL_FAMILY: &str = "rtl";

pub fn rtl_family() -> FontFamily {
    FontFamily::Name(RTL_FAMILY.into())
}

/// The pieces of one line in visual (left-to-right) order; `true` marks
/// pieces HarfBuzz will shape right-to-left.
pub fn visual_pieces(line: &str) -> Vec<(String, bool)> {
    visual_piece_ranges(line)
        .into_iter()
        .map(|(r, rtl)| (line[r].to_string(), rtl))
        .collect()
}

/// [`visual_pieces`] as byte ranges of `line`.
pub fn visual_piece_ranges(line: &str) -> Vec<(Range<usize>, bool)> {
    if line.is_empty() {
        return Vec::new();
    }
    let info = BidiInfo::new(line, Some(Level::rtl()));
    let mut out = Vec::new();
    for para in &info.paragraphs {
        let (levels, runs) = info.visual_runs(para, para.range.clone());
        for run in runs {
            let rtl = levels[run.start].is_rtl();
            if rtl {
                let base = run.start;
                let mut words: Vec<Range<usize>> = split_keeping_spaces(&line[run])
                    .into_iter()
                    .map(|w| base + w.start..base + w.end)
                    .collect();
                words.reverse();
                out.extend(words.into_iter().map(|w| (w, true)));
            } else {
                out.push((run, false));
            }
        }
    }
    out
}

/// Splits into words and the runs of spaces between them (byte ranges).
fn split_keeping_spaces(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|s| s != space) {
            out.push(start..i);
            start = i;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

fn is_arabic_digit(c: char) -> bool {
    ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c)
}

/// One line of right-to-left text as an egui layout job.
pub fn rtl_line_job(line: &str, size: f32, color: Color32) -> LayoutJob {
    let format = egui::TextFormat {
        font_id: FontId::new(size, rtl_family()),
        color,
        ..Default::default()
    };
    rtl_styled_job(line, |_| format.clone()).0
}

/// A right-to-left line in visual order, each piece in the format `style`
/// gives its first byte; also each section's byte range in the job with
/// the range of `line` it shows.
fn rtl_styled_job(line: &str, style: impl Fn(usize) -> egui::TextFormat) -> (LayoutJob, Vec<(Range<usize>, Range<usize>)>) {
    let mut job = LayoutJob::default();
    let mut map = Vec::new();
    // One section per piece: `LayoutJob::append` would merge neighbours of
    // the same format, and a merged section could become one shaping run.
    for (range, rtl) in visual_piece_ranges(line) {
        let piece = &line[range.clone()];
        let start = job.text.len();
        // HarfBuzz guesses a run's direction from its script, and Arabic-Indic
        // digits are Arabic script: it would lay "۱۸۲۰" out right to left.
        // A number is one left-to-right piece here, so hand it over reversed.
        if !rtl && piece.chars().all(|c| is_arabic_digit(c) || !c.is_alphanumeric()) && piece.chars().any(is_arabic_digit) {
            job.text.extend(piece.chars().rev());
        } else {
            job.text.push_str(piece);
        }
        job.sections.push(egui::text::LayoutSection {
            leading_space: 0.0,
            byte_range: egui::epaint::text::ByteIndex(start)..egui::epaint::text::ByteIndex(job.text.len()),
            format: style(range.start),
        });
        map.push((start..job.text.len(), range));
    }
    job.wrap.max_width = f32::INFINITY;
    (job, map)
}

/// Where a line may break, as byte offsets (after the text at that offset
/// ends a line), by the Unicode line breaking algorithm (UAX #14) with
/// ICU4X's segmentation for scripts written without spaces: Thai words are
/// found by its LSTM model, CJK breaks between ideographs but never before
/// "，" or "。" (kinsoku), Latin and Arabic at spaces and after hyphens.
pub fn break_opportunities(text: &str) -> Vec<usize> {
    use icu_segmenter::LineSegmenter;
    use icu_segmenter::options::{LineBreakOptions, LineBreakWordOption};
    let mut options = LineBreakOptions::default();
    // Korean is written with spaces between words and read best when lines
    // break only there (CSS `word-break: keep-all`), not between syllables.
    if text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)) {
        options.word_option = Some(LineBreakWordOption::KeepAll);
    }
    LineSegmenter::new_auto(options).segment_str(text).filter(|i| *i > 0).collect()
}

/// Breaks a paragraph into lines no wider than `max_width` (logical order),
/// at [`break_opportunities`]; `measure` gives a piece's width. A piece
/// wider than the line gets a line of its own. Trailing spaces do not count
/// towards the width and are dropped.
pub fn break_lines(text: &str, max_width: f32, measure: impl Fn(&str) -> f32) -> Vec<String> {
    break_line_ranges(text, max_width, measure)
        .into_iter()
        .map(|r| text[r].to_string())
        .collect()
}

/// [`break_lines`] as byte ranges of `text`.
pub fn break_line_ranges(text: &str, max_width: f32, measure: impl Fn(&str) -> f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut hard_start = 0;
    for hard_line in text.split('\n') {
        let trimmed_end = |start: usize, end: usize| start + text[start..end].trim_end().len();
        let mut line_start = hard_start;
        let mut width = 0.0;
        let mut start = 0;
        for end in break_opportunities(hard_line) {
            let piece = &hard_line[start..end];
            let visible = measure(piece.trim_end());
            if hard_start + start > line_start && width + visible > max_width {
                lines.push(line_start..trimmed_end(line_start, hard_start + start));
                line_start = hard_start + start;
                width = 0.0;
            }
            width += measure(piece);
            start = end;
        }
        lines.push(line_start..trimmed_end(line_start, hard_start + hard_line.len()));
        hard_start += hard_line.len() + 1;
    }
    lines
}

static FONT_GENERATION: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Widths change when fonts arrive: forget line breaks computed before.
pub fn fonts_changed() {
    FONT_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// [`break_line_ranges`] measured with egui, remembered per text, width, size and fonts.
fn line_ranges_for(ui: &egui::Ui, text: &str, max_width: f32, font: &FontId, color: Color32) -> Vec<Range<usize>> {
    let generation = FONT_GENERATION.load(std::sync::atomic::Ordering::Relaxed);
    let key = egui::Id::new((
        "pavilion-lines",
        text,
        max_width.to_bits(),
        font.size.to_bits(),
        font.family.clone(),
        generation,
    ));
    if let Some(lines) = ui.data(|d| d.get_temp::<std::sync::Arc<Vec<Range<usize>>>>(key)) {
        return lines.as_ref().clone();
    }
    let painter = ui.painter();
    let lines = break_line_ranges(text, max_width, |s| {
        if s.is_empty() {
            0.0
        } else {
            painter.layout_no_wrap(s.to_string(), font.clone(), color).size().x
        }
    });
    ui.data_mut(|d| d.insert_temp(key, std::sync::Arc::new(lines.clone())));
    lines
}

fn lines_for(ui: &egui::Ui, text: &str, max_width: f32, font: &FontId, color: Color32) -> Vec<String> {
    line_ranges_for(ui, text, max_width, font, color)
        .into_iter()
        .map(|r| text[r].to_string())
        .collect()
}

/// Shows a paragraph in its direction, broken into lines by
/// [`break_lines`]; right-to-left lines are ordered by [`visual_pieces`]
/// and aligned right.
pub fn paragraph(ui: &mut egui::Ui, text: &str, dir: Direction, size: f32, color: Color32) {
    let max_width = ui.available_width().max(size * 4.0);
    match dir {
        Direction::Ltr => {
            let font = FontId::proportional(size);
            let lines = lines_for(ui, text, max_width, &font, color);
            let job = egui::RichText::new(lines.join("\n")).size(size).color(color);
            ui.add(egui::Label::new(job).extend());
        }
        Direction::Rtl => {
            let font = FontId::new(size, rtl_family());
            let lines = lines_for(ui, text, max_width, &font, color);
            ui.with_layout(Layout::top_down(Align::Max), |ui| {
                // Arabic-script fonts bring generous line heights of their own.
                ui.spacing_mut().item_spacing.y = 0.0;
                for line in lines {
                    ui.add(egui::Label::new(rtl_line_job(&line, size, color)).selectable(false));
                }
            });
        }
    }
}

/// Colours of rich text: the body's, and links'.
#[derive(Debug, Clone, Copy)]
pub struct RichColors {
    pub text: Color32,
    pub strong: Color32,
    pub link: Color32,
}

/// What a rich paragraph did: the link clicked, and where each link is.
#[derive(Debug, Default)]
pub struct RichOutput {
    pub clicked: Option<String>,
    /// (href, screen rectangle) per link piece, in reading order.
    pub links: Vec<(String, egui::Rect)>,
}

impl RichOutput {
    pub fn merge(&mut self, other: RichOutput) {
        self.clicked = self.clicked.take().or(other.clicked);
        self.links.extend(other.links);
    }
}

/// Shows one paragraph or list item of a hotspot body in its direction,
/// broken into lines like [`paragraph`], with emphasis (slanted; Arabic
/// script, which has no italics, gets the strong colour instead), strong
/// text and links.
pub fn rich_paragraph(ui: &mut egui::Ui, spans: &[Span], dir: Direction, size: f32, colors: RichColors) -> RichOutput {
    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
    let mut bounds = Vec::with_capacity(spans.len());
    let mut at = 0;
    for s in spans {
        bounds.push(at..at + s.text.len());
        at += s.text.len();
    }
    let span_at = |byte: usize| bounds.iter().position(|r| r.contains(&byte)).map(|i| &spans[i]);
    let family = match dir {
        Direction::Ltr => FontFamily::Proportional,
        Direction::Rtl => rtl_family(),
    };
    let format = |span: Option<&Span>| {
        let mut f = egui::TextFormat {
            font_id: FontId::new(size, family.clone()),
            color: colors.text,
            ..Default::default()
        };
        let Some(span) = span else { return f };
        if span.strong || (span.emphasis && dir == Direction::Rtl) {
            f.color = colors.strong;
        }
        f.italics = span.emphasis && dir == Direction::Ltr;
        if span.link.is_some() {
            f.color = colors.link;
            f.underline = Stroke::new(1.0, colors.link);
        }
        f
    };
    let max_width = ui.available_width().max(size * 4.0);
    let font = FontId::new(size, family.clone());
    let lines = line_ranges_for(ui, &text, max_width, &font, colors.text);
    let mut out = RichOutput::default();
    // Each label's sections, as (range in the label's text, range in `text`).
    let mut show = |ui: &mut egui::Ui, job: LayoutJob, map: Vec<(Range<usize>, Range<usize>)>| {
        let has_links = spans.iter().any(|s| s.link.is_some());
        let label = egui::Label::new(job)
            .selectable(false)
            .sense(if has_links { Sense::click() } else { Sense::hover() });
        let (pos, galley, response) = label.layout_in_ui(ui);
        ui.painter().galley(pos, galley.clone(), colors.text);
        if !has_links {
            return;
        }
        let char_at = |byte: usize| galley.text()[..byte.min(galley.text().len())].chars().count();
        for (job_range, source) in &map {
            if let Some(href) = span_at(source.start).and_then(|s| s.link.clone()) {
                let start = galley.pos_from_cursor(egui::text::CCursor::new(char_at(job_range.start)));
                let end = galley.pos_from_cursor(egui::text::CCursor::new(char_at(job_range.end)));
                let rect = if (start.center().y - end.center().y).abs() < 1.0 {
                    start.union(end)
                } else {
                    egui::Rect::from_min_max(start.min, egui::pos2(galley.rect.right(), start.max.y))
                };
                let rect = rect.translate(pos.to_vec2());
                // Pieces of one link side by side on a line (right-to-left
                // words are separate pieces) make one rectangle.
                match out.links.last_mut() {
                    Some((last, r))
                        if *last == href
                            && (r.center().y - rect.center().y).abs() < 1.0
                            && r.left() <= rect.right() + 1.0
                            && rect.left() <= r.right() + 1.0 =>
                    {
                        *r = r.union(rect)
                    }
                    _ => out.links.push((href, rect)),
                }
            }
        }
        let Some(pointer) = response.hover_pos() else { return };
        let cursor = galley.cursor_from_pos(pointer - pos);
        let byte = galley
            .text()
            .char_indices()
            .nth(cursor.index.0)
            .map_or(galley.text().len(), |(b, _)| b);
        let link = map
            .iter()
            .find(|(job_range, _)| job_range.contains(&byte))
            .and_then(|(_, source)| span_at(source.start))
            .and_then(|s| s.link.clone());
        if let Some(href) = link {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
            if response.clicked() {
                out.clicked = Some(href);
            }
        }
    };
    match dir {
        Direction::Ltr => {
            let mut job = LayoutJob::default();
            let mut map = Vec::new();
            for (n, line) in lines.iter().enumerate() {
                if n > 0 {
                    job.append("\n", 0.0, format(None));
                }
                for (i, b) in bounds.iter().enumerate() {
                    let (start, end) = (b.start.max(line.start), b.end.min(line.end));
                    if start < end {
                        let at = job.text.len();
                        job.append(&text[start..end], 0.0, format(Some(&spans[i])));
                        map.push((at..job.text.len(), start..end));
                    }
                }
            }
            job.wrap.max_width = f32::INFINITY;
            show(ui, job, map);
        }
        Direction::Rtl => {
            ui.with_layout(Layout::top_down(Align::Max), |ui| {
                ui.spacing_mut().item_spacing.y = 0.0;
                for line in lines {
                    let (job, map) = rtl_styled_job(&text[line.clone()], |b| format(span_at(line.start + b)));
                    let map = map
                        .into_iter()
                        .map(|(j, r)| (j, line.start + r.start..line.start + r.end))
                        .collect();
                    show(ui, job, map);
                }
            });
        }
    }
    out
}

/// A short, single-line text (button, menu entry) for egui in its direction.
pub fn short(text: &str, dir: Direction, size: f32, color: Color32) -> egui::WidgetText {
    match dir {
        Direction::Ltr => egui::RichText::new(text).size(size).color(color).into(),
        Direction::Rtl => rtl_line_job(text, size, color).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(s: &str) -> Vec<String> {
        visual_pieces(s).into_iter().map(|(p, _)| p).collect()
    }

    #[test]
    fn arabic_words_are_ordered_right_to_left() {
        // Logical: "the head of the statue"; visually the first word is rightmost.
        assert_eq!(pieces("رأس التمثال"), ["التمثال", " ", "رأس"]);
    }

    #[test]
    fn latin_names_inside_arabic_keep_their_order() {
        let p = pieces("تمثال Venus de Milo الشهير");
        assert_eq!(p, ["الشهير", " ", "Venus de Milo", " ", "تمثال"]);
    }

    #[test]
    fn numbers_inside_arabic_stay_left_to_right() {
        let p = visual_pieces("اكتشف عام 1820 في ميلوس");
        let texts: Vec<&str> = p.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["ميلوس", " ", "في", " ", "1820", " ", "عام", " ", "اكتشف"]);
        assert!(!p[4].1, "the number is a left-to-right piece");
    }

    #[test]
    fn a_sentence_end_after_a_number_sits_on_the_left() {
        assert_eq!(pieces("1821."), [".", "1821"]);
        assert_eq!(pieces("منذ عام 1821."), [".", "1821", " ", "عام", " ", "منذ"]);
    }

    fn count(s: &str) -> f32 {
        s.chars().count() as f32
    }

    #[test]
    fn line_breaking_respects_width() {
        assert_eq!(break_lines("aa bb cc dd", 5.0, count), ["aa bb", "cc dd"]);
        assert_eq!(break_lines("averyverylongword x", 5.0, count), ["averyverylongword", "x"]);
        assert_eq!(break_lines("a\nb", 100.0, count), ["a", "b"]);
        assert_eq!(break_lines("well-known fact", 6.0, count), ["well-", "known", "fact"]);
    }

    #[test]
    fn cjk_breaks_between_characters_but_not_before_closing_punctuation() {
        // Seven characters per line would put "，" at the start of line 2.
        let lines = break_lines("女神的目光越过我们，面部线条平滑匀称。", 9.0, count);
        assert!(lines.iter().all(|l| count(l) <= 9.0), "{lines:?}");
        for l in &lines[1..] {
            assert!(!l.starts_with(['，', '。']), "a line starts with closing punctuation: {lines:?}");
        }
        assert_eq!(lines.concat(), "女神的目光越过我们，面部线条平滑匀称。");
        let lines = break_lines("女神的目光越过我们，面", 9.0, count);
        assert_eq!(
            lines,
            ["女神的目光越过我", "们，面"],
            "the comma stays with the character before it"
        );
    }

    #[test]
    fn thai_breaks_between_words() {
        // Thai has no spaces between words; a break inside a word, or
        // between a consonant and its vowel or tone mark, would be wrong.
        let text = "แขนที่หายไป";
        let breaks = break_opportunities(text);
        assert_eq!(breaks.last(), Some(&text.len()));
        let words: Vec<&str> = std::iter::once(0)
            .chain(breaks.iter().copied())
            .collect::<Vec<_>>()
            .windows(2)
            .map(|w| &text[w[0]..w[1]])
            .collect();
        assert_eq!(words, ["แขน", "ที่", "หาย", "ไป"]);
        let lines = break_lines("ประติมากรรมสองชิ้นที่เดินชมได้รอบด้าน", 12.0, count);
        assert!(lines.len() > 1);
        for l in &lines {
            let first = l.chars().next().unwrap();
            assert!(
                !('\u{0E31}'..='\u{0E3A}').contains(&first) && !('\u{0E47}'..='\u{0E4E}').contains(&first),
                "a line starts with a combining mark: {lines:?}"
            );
        }
    }

    #[test]
    fn korean_breaks_between_words_not_syllables() {
        let text = "기원전 2세기 헬레니즘 시대의 조각가들은 몸을 더 생동감 있고";
        let lines = break_lines(text, 12.0, count);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), text, "every break is at a space: {lines:?}");
    }

    #[test]
    fn arabic_indic_numbers_are_handed_to_harfbuzz_reversed() {
        let job = rtl_line_job("در سال ۱۸۲۰ پیدا شد", 16.0, Color32::BLACK);
        assert!(job.text.contains("۰۲۸۱"), "{}", job.text);
        let job = rtl_line_job("عام 1820", 16.0, Color32::BLACK);
        assert!(
            job.text.contains("1820"),
            "ASCII digits are shaped left to right already: {}",
            job.text
        );
    }

    #[test]
    fn devanagari_breaks_at_spaces_only() {
        let lines = break_lines("संगमरमर की मूल प्रतिमा 1820 में मिली थी", 14.0, count);
        assert_eq!(lines.join(" "), "संगमरमर की मूल प्रतिमा 1820 में मिली थी");
        for l in &lines {
            assert!(!l.starts_with(' ') && !l.ends_with(' '));
        }
    }

    #[test]
    fn persian_with_latin_and_digits() {
        // "found in 1820 on Milos" with Persian digits and a Latin word:
        // the digits run left to right, the Latin word keeps its order.
        let p = pieces("در سال ۱۸۲۰ در جزیرهٔ Milos پیدا شد");
        assert_eq!(
            p,
            [
                "شد",
                " ",
                "پیدا",
                " ",
                "Milos",
                " ",
                "جزیرهٔ",
                " ",
                "در",
                " ",
                "۱۸۲۰",
                " ",
                "سال",
                " ",
                "در"
            ]
        );
        // Zero-width non-joiners stay inside their word.
        let p = pieces("نیم‌تنهٔ مرمرین");
        assert_eq!(p, ["مرمرین", " ", "نیم\u{200C}تنهٔ"]);
    }
}
