//! Language tags (BCP 47), fallback chains and negotiation.
//!
//! A visitor asks for one or more languages (the `lang` parameter, then the
//! browser's preferred languages); a scene offers a set of tags. Matching
//! follows RFC 4647 "lookup": each requested tag is tried, then truncated
//! subtag by subtag, before the next requested tag is tried. Before
//! truncating, a missing script subtag is inferred from the language and
//! region (`zh-HK` → `zh-Hant-HK`), so Traditional-Chinese regions land on
//! `zh-Hant` and not on a Simplified `zh`.

use std::fmt;

/// A parsed, canonically cased language tag: `language[-Script][-REGION][-variants]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LanguageTag {
    pub language: String,
    pub script: Option<String>,
    pub region: Option<String>,
    pub variants: Vec<String>,
}

/// Why a string is not a usable language tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagError {
    pub tag: String,
    pub reason: &'static str,
}

impl fmt::Display for TagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\" is not a valid BCP 47 language tag: {}", self.tag, self.reason)
    }
}

impl std::error::Error for TagError {}

impl LanguageTag {
    /// Parses a tag such as `zh-Hant-HK`, `pt_BR` or `sr-Latn`. Underscores are
    /// accepted as separators (browsers and OSes emit them) and case is
    /// normalised (`ZH-hant-hk` → `zh-Hant-HK`).
    pub fn parse(input: &str) -> Result<Self, TagError> {
        let err = |reason| TagError {
            tag: input.to_string(),
            reason,
        };
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(err("it is empty"));
        }
        let mut parts = trimmed.split(['-', '_']);
        let language = parts.next().unwrap_or_default();
        if !(2..=3).contains(&language.len()) || !language.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(err("the language subtag must be 2 or 3 letters (e.g. \"en\", \"zh\")"));
        }
        let mut tag = LanguageTag {
            language: language.to_ascii_lowercase(),
            script: None,
            region: None,
            variants: Vec::new(),
        };
        for part in parts {
            let is_alpha = part.chars().all(|c| c.is_ascii_alphabetic());
            let is_digit = part.chars().all(|c| c.is_ascii_digit());
            let is_alnum = part.chars().all(|c| c.is_ascii_alphanumeric());
            if part.is_empty() || !is_alnum {
                return Err(err("subtags are letters or digits separated by \"-\""));
            }
            if tag.script.is_none() && tag.region.is_none() && tag.variants.is_empty() && part.len() == 4 && is_alpha {
                let mut s = part.to_ascii_lowercase();
                s[..1].make_ascii_uppercase();
                tag.script = Some(s);
            } else if tag.region.is_none() && tag.variants.is_empty() && ((part.len() == 2 && is_alpha) || (part.len() == 3 && is_digit)) {
                tag.region = Some(part.to_ascii_uppercase());
            } else if (5..=8).contains(&part.len()) || (part.len() == 4 && part.starts_with(|c: char| c.is_ascii_digit())) {
                tag.variants.push(part.to_ascii_lowercase());
            } else {
                return Err(err(
                    "a subtag is neither a script (4 letters), a region (2 letters or 3 digits) nor a variant (5-8 characters)",
                ));
            }
        }
        Ok(tag)
    }

    /// The script a language is written in when the tag does not say, for the
    /// languages where it matters for text selection (Chinese, Serbian, ...).
    pub fn likely_script(&self) -> Option<&'static str> {
        if self.script.is_some() {
            return None;
        }
        let region = self.region.as_deref();
        Some(match (self.language.as_str(), region) {
            ("zh", Some("TW" | "HK" | "MO")) => "Hant",
            ("zh", _) => "Hans",
            ("yue", Some("CN")) => "Hans",
            ("yue", _) => "Hant",
            ("sr", Some("ME" | "RO" | "RU")) => "Latn",
            ("sr", _) => "Cyrl",
            ("ar" | "fa" | "ur" | "ps", _) => "Arab",
            ("he" | "yi", _) => "Hebr",
            ("ja", _) => "Jpan",
            ("ko", _) => "Kore",
            ("hi" | "mr" | "ne", _) => "Deva",
            ("th", _) => "Thai",
            ("ru" | "uk" | "bg" | "be" | "mk", _) => "Cyrl",
            ("el", _) => "Grek",
            _ => return None,
        })
    }

    /// The tag with its likely script filled in when it has none.
    pub fn maximised(&self) -> LanguageTag {
        let mut t = self.clone();
        if t.script.is_none() {
            t.script = self.likely_script().map(str::to_string);
        }
        t
    }

    /// The script the text is in: explicit, else inferred, else Latin.
    pub fn script_or_likely(&self) -> &str {
        self.script.as_deref().or(self.likely_script()).unwrap_or("Latn")
    }

    /// Text direction for this language.
    pub fn direction(&self) -> Direction {
        match self.script_or_likely() {
            "Arab" | "Hebr" | "Syrc" | "Thaa" | "Nkoo" | "Adlm" => Direction::Rtl,
            _ => Direction::Ltr,
        }
    }

    /// RFC 4647 lookup candidates for this tag, most specific first, with the
    /// likely script inserted before truncation:
    /// `zh-HK` → `zh-Hant-HK`, `zh-HK`, `zh-Hant`, `zh`.
    pub fn fallback_chain(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |s: String| {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&s)) {
                out.push(s);
            }
        };
        let script = self.script.clone().or_else(|| self.likely_script().map(str::to_string));
        push(self.to_string());
        let lang = &self.language;
        if let Some(script) = &script
            && let Some(region) = &self.region
        {
            push(format!("{lang}-{script}-{region}"));
        }
        if let Some(region) = &self.region
            && self.script.is_none()
        {
            push(format!("{lang}-{region}"));
        }
        if let Some(script) = &script {
            push(format!("{lang}-{script}"));
        }
        push(lang.clone());
        out
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.language)?;
        if let Some(s) = &self.script {
            write!(f, "-{s}")?;
        }
        if let Some(r) = &self.region {
            write!(f, "-{r}")?;
        }
        for v in &self.variants {
            write!(f, "-{v}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Direction of the text for a tag string; unparsable tags are left-to-right.
pub fn direction_of(tag: &str) -> Direction {
    LanguageTag::parse(tag).map(|t| t.direction()).unwrap_or(Direction::Ltr)
}

/// Finds the available tag matching a candidate from a fallback chain:
/// 1. an available tag equal to it (case-insensitively);
/// 2. an available tag equal to it once both have their likely script filled
///    in (`zh-Hans` offered as `zh`, `zh-TW` offered for `zh-Hant-TW`);
/// 3. for a bare language candidate (`zh`), any available tag of that
///    language, preferring the language's usual script.
pub fn find_available<'a, S: AsRef<str>>(candidate: &str, available: &'a [S]) -> Option<&'a str> {
    let avail = || available.iter().map(AsRef::as_ref);
    if let Some(a) = avail().find(|a| a.eq_ignore_ascii_case(candidate)) {
        return Some(a);
    }
    let cand = LanguageTag::parse(candidate).ok()?.maximised();
    let parsed: Vec<(&str, LanguageTag)> = avail().filter_map(|a| LanguageTag::parse(a).ok().map(|t| (a, t))).collect();
    if let Some((a, _)) = parsed.iter().find(|(_, t)| t.maximised() == cand) {
        return Some(a);
    }
    let bare = LanguageTag::parse(candidate).ok()?;
    if bare.script.is_some() || bare.region.is_some() || !bare.variants.is_empty() {
        return None;
    }
    let same_language = || parsed.iter().filter(|(_, t)| t.language == bare.language);
    same_language()
        .find(|(_, t)| t.script_or_likely() == cand.script_or_likely())
        .or_else(|| same_language().next())
        .map(|(a, _)| *a)
}

/// Picks the best available language for a list of requested tags (highest
/// priority first), falling back to `default` when nothing matches.
/// Returns the chosen available tag.
pub fn negotiate<'a>(requested: &[&str], available: &'a [String], default: &'a str) -> &'a str {
    if let Some((_, found)) = matching_request(requested, available) {
        return found;
    }
    available
        .iter()
        .find(|a| a.eq_ignore_ascii_case(default))
        .map(String::as_str)
        .unwrap_or(default)
}

/// The first requested tag whose lookup chain reaches an available tag,
/// with that tag: `(zh-HK, zh-Hant)`.
pub fn matching_request<'r, 'a>(requested: &[&'r str], available: &'a [String]) -> Option<(&'r str, &'a str)> {
    for req in requested {
        let Ok(tag) = LanguageTag::parse(req) else { continue };
        for candidate in tag.fallback_chain() {
            if let Some(found) = find_available(&candidate, available) {
                return Some((req, found));
            }
        }
    }
    None
}

/// The ordered list of tags to try for one piece of text: the visitor's
/// language's chain, then the scene default's chain, then English.
pub fn resolution_chain(language: &str, scene_default: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in [language, scene_default, "en"] {
        let chain = LanguageTag::parse(tag)
            .map(|t| t.fallback_chain())
            .unwrap_or_else(|_| vec![tag.to_string()]);
        for c in chain {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&c)) {
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn avail(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_and_canonicalises() {
        let t = LanguageTag::parse("ZH_hant_hk").unwrap();
        assert_eq!(t.to_string(), "zh-Hant-HK");
        assert_eq!(LanguageTag::parse("es-419").unwrap().region.as_deref(), Some("419"));
        assert_eq!(LanguageTag::parse("de-CH-1996").unwrap().variants, vec!["1996"]);
    }

    #[test]
    fn rejects_malformed_tags_with_reason() {
        for bad in ["", "e", "english", "en--US", "en-US!", "zh-Hant-HK-x"] {
            let e = LanguageTag::parse(bad).unwrap_err();
            assert!(!e.reason.is_empty(), "{bad}");
            assert!(e.to_string().contains("not a valid BCP 47"));
        }
    }

    #[test]
    fn chains_insert_likely_script() {
        let chain = |s: &str| LanguageTag::parse(s).unwrap().fallback_chain();
        assert_eq!(chain("zh-HK"), ["zh-HK", "zh-Hant-HK", "zh-Hant", "zh"]);
        assert_eq!(chain("zh-CN"), ["zh-CN", "zh-Hans-CN", "zh-Hans", "zh"]);
        assert_eq!(chain("pt-BR"), ["pt-BR", "pt"]);
        assert_eq!(chain("zh"), ["zh", "zh-Hans"]);
        assert_eq!(chain("sr-Latn"), ["sr-Latn", "sr"]);
        assert_eq!(chain("ar-EG"), ["ar-EG", "ar-Arab-EG", "ar-Arab", "ar"]);
    }

    #[test]
    fn negotiation_table() {
        let offered = avail(&["en", "zh-Hans", "zh-Hant", "fr", "es", "ja", "ar", "pt", "sr-Latn", "sr-Cyrl"]);
        let cases: &[(&[&str], &str)] = &[
            (&["zh-HK"], "zh-Hant"),
            (&["zh-TW"], "zh-Hant"),
            (&["zh-MO"], "zh-Hant"),
            (&["zh-CN"], "zh-Hans"),
            (&["zh-SG"], "zh-Hans"),
            (&["zh"], "zh-Hans"),
            (&["zh-Hans-CN"], "zh-Hans"),
            (&["zh-Hant"], "zh-Hant"),
            (&["pt-BR"], "pt"),
            (&["pt-PT"], "pt"),
            (&["fr-CA"], "fr"),
            (&["es-419"], "es"),
            (&["es-MX"], "es"),
            (&["ja-JP"], "ja"),
            (&["ar-SA"], "ar"),
            (&["ar-EG"], "ar"),
            (&["sr-Latn-RS"], "sr-Latn"),
            (&["sr-RS"], "sr-Cyrl"),
            (&["sr"], "sr-Cyrl"),
            (&["sr-ME"], "sr-Latn"),
            (&["EN-us"], "en"),
            (&["de", "fr"], "fr"),
            (&["ko", "ja"], "ja"),
            (&["xx-invalid-tag!", "es"], "es"),
            (&["de"], "en"),
            (&[], "en"),
            (&["en-GB", "zh-Hans"], "en"),
            (&["it", "pt-BR", "en"], "pt"),
            (&["zh-Hant-TW"], "zh-Hant"),
            (&["ja", "en"], "ja"),
        ];
        for (req, want) in cases {
            assert_eq!(negotiate(req, &offered, "en"), *want, "request {req:?}");
        }
    }

    #[test]
    fn traditional_request_prefers_traditional_then_any_chinese() {
        let offered = avail(&["en", "zh-Hans"]);
        assert_eq!(negotiate(&["zh-HK"], &offered, "en"), "zh-Hans");
        let offered = avail(&["en", "zh-Hans", "zh-Hant"]);
        assert_eq!(negotiate(&["zh-HK"], &offered, "en"), "zh-Hant");
        let offered = avail(&["en", "zh"]);
        assert_eq!(negotiate(&["zh-CN"], &offered, "en"), "zh");
    }

    #[test]
    fn region_offer_matches_script_request() {
        let offered = avail(&["en", "zh-TW", "zh-CN"]);
        assert_eq!(negotiate(&["zh-Hant-TW"], &offered, "en"), "zh-TW");
    }

    #[test]
    fn directions() {
        assert_eq!(direction_of("ar"), Direction::Rtl);
        assert_eq!(direction_of("fa-IR"), Direction::Rtl);
        assert_eq!(direction_of("he"), Direction::Rtl);
        assert_eq!(direction_of("zh-Hans"), Direction::Ltr);
        assert_eq!(direction_of("not a tag"), Direction::Ltr);
    }

    #[test]
    fn resolution_chain_ends_with_default_and_english() {
        assert_eq!(
            resolution_chain("zh-HK", "fr"),
            ["zh-HK", "zh-Hant-HK", "zh-Hant", "zh", "fr", "en"]
        );
    }
}
