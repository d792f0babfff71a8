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

use bevy_egui::egui::{self, Align, Color32, FontFamily, FontId, Layout, text::LayoutJob};
use pavilion_content::lang::Direction;
use unicode_bidi::{BidiInfo, Level};

/// The egui font family right-to-left text is set in.
pub const RTL_FAMILY: &str = "rtl";

pub fn rtl_family() -> FontFamily {
    FontFamily::Name(RTL_FAMILY.into())
}

/// The pieces of one line in visual (left-to-right) order; `true` marks
/// pieces HarfBuzz will shape right-to-left.
pub fn visual_pieces(line: &str) -> Vec<(String, bool)> {
    if line.is_empty() {
        return Vec::new();
    }
    let info = BidiInfo::new(line, Some(Level::rtl()));
    let mut out = Vec::new();
    for para in &info.paragraphs {
        let (levels, runs) = info.visual_runs(para, para.range.clone());
        for run in runs {
            let rtl = levels[run.start].is_rtl();
            let text = &line[run];
            if rtl {
                let mut words: Vec<&str> = split_keeping_spaces(text);
                words.reverse();
                out.extend(words.into_iter().map(|w| (w.to_string(), true)));
            } else {
                out.push((text.to_string(), false));
            }
        }
    }
    out
}

/// Splits into words and the runs of spaces between them.
fn split_keeping_spaces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|s| s != space) {
            out.push(&text[start..i]);
            start = i;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn is_arabic_digit(c: char) -> bool {
    ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c)
}

/// One line of right-to-left text as an egui layout job.
pub fn rtl_line_job(line: &str, size: f32, color: Color32) -> LayoutJob {
    let mut job = LayoutJob::default();
    let format = egui::TextFormat {
        font_id: FontId::new(size, rtl_family()),
        color,
        ..Default::default()
    };
    // One section per piece: `LayoutJob::append` would merge neighbours of
    // the same format, and a merged section could become one shaping run.
    for (piece, rtl) in visual_pieces(line) {
        let start = job.text.len();
        // HarfBuzz guesses a run's direction from its script, and Arabic-Indic
        // digits are Arabic script: it would lay "۱۸۲۰" out right to left.
        // A number is one left-to-right piece here, so hand it over reversed.
        if !rtl && piece.chars().all(|c| is_arabic_digit(c) || !c.is_alphanumeric()) && piece.chars().any(is_arabic_digit) {
            job.text.extend(piece.chars().rev());
        } else {
            job.text.push_str(&piece);
        }
        job.sections.push(egui::text::LayoutSection {
            leading_space: 0.0,
            byte_range: egui::epaint::text::ByteIndex(start)..egui::epaint::text::ByteIndex(job.text.len()),
            format: format.clone(),
        });
    }
    job.wrap.max_width = f32::INFINITY;
    job
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
    let mut lines = Vec::new();
    for hard_line in text.split('\n') {
        let mut current = String::new();
        let mut width = 0.0;
        let mut start = 0;
        for end in break_opportunities(hard_line) {
            let piece = &hard_line[start..end];
            start = end;
            let visible = measure(piece.trim_end());
            if !current.is_empty() && width + visible > max_width {
                lines.push(current.trim_end().to_string());
                current.clear();
                width = 0.0;
            }
            current.push_str(piece);
            width += measure(piece);
        }
        lines.push(current.trim_end().to_string());
    }
    lines
}

static FONT_GENERATION: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Widths change when fonts arrive: forget line breaks computed before.
pub fn fonts_changed() {
    FONT_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// [`break_lines`] measured with egui, remembered per text, width, size and fonts.
fn lines_for(ui: &egui::Ui, text: &str, max_width: f32, font: &FontId, color: Color32) -> Vec<String> {
    let generation = FONT_GENERATION.load(std::sync::atomic::Ordering::Relaxed);
    let key = egui::Id::new((
        "pavilion-lines",
        text,
        max_width.to_bits(),
        font.size.to_bits(),
        font.family.clone(),
        generation,
    ));
    if let Some(lines) = ui.data(|d| d.get_temp::<std::sync::Arc<Vec<String>>>(key)) {
        return lines.as_ref().clone();
    }
    let painter = ui.painter();
    let lines = break_lines(text, max_width, |s| {
        if s.is_empty() {
            0.0
        } else {
            painter.layout_no_wrap(s.to_string(), font.clone(), color).size().x
        }
    });
    ui.data_mut(|d| d.insert_temp(key, std::sync::Arc::new(lines.clone())));
    lines
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
