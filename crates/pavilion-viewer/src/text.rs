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
    for (piece, _) in visual_pieces(line) {
        let start = job.text.len();
        job.text.push_str(&piece);
        job.sections.push(egui::text::LayoutSection {
            leading_space: 0.0,
            byte_range: egui::epaint::text::ByteIndex(start)..egui::epaint::text::ByteIndex(job.text.len()),
            format: format.clone(),
        });
    }
    job.wrap.max_width = f32::INFINITY;
    job
}

/// Breaks a paragraph into lines no wider than `max_width` (logical order).
pub fn break_lines(text: &str, max_width: f32, measure: impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for hard_line in text.split('\n') {
        let mut current = String::new();
        for word in hard_line.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if current.is_empty() {
                word.to_string()
            } else {
                format!("{current} {word}")
            };
            if !current.is_empty() && measure(&candidate) > max_width {
                lines.push(std::mem::replace(&mut current, word.to_string()));
            } else {
                current = candidate;
            }
        }
        lines.push(current);
    }
    lines
}

/// Shows a paragraph in its direction: left-to-right text through egui's
/// own wrapping, right-to-left text line by line, right-aligned.
pub fn paragraph(ui: &mut egui::Ui, text: &str, dir: Direction, size: f32, color: Color32) {
    match dir {
        Direction::Ltr => {
            ui.add(egui::Label::new(egui::RichText::new(text).size(size).color(color)).wrap());
        }
        Direction::Rtl => {
            let max_width = ui.available_width();
            let painter = ui.painter().clone();
            let font = FontId::new(size, rtl_family());
            let lines = break_lines(text, max_width, |s| {
                painter.layout_no_wrap(s.to_string(), font.clone(), color).size().x
            });
            ui.with_layout(Layout::top_down(Align::Max), |ui| {
                ui.spacing_mut().item_spacing.y = size * 0.35;
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

    #[test]
    fn line_breaking_respects_width() {
        let lines = break_lines("aa bb cc dd", 5.0, |s| s.chars().count() as f32);
        assert_eq!(lines, ["aa bb", "cc dd"]);
        let lines = break_lines("averyverylongword x", 5.0, |s| s.chars().count() as f32);
        assert_eq!(lines, ["averyverylongword", "x"]);
        assert_eq!(break_lines("a\nb", 100.0, |s| s.len() as f32), ["a", "b"]);
    }
}
