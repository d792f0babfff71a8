//! The viewer's own UI strings: the bundled Project Fluent catalogs
//! (`assets/i18n/<tag>.ftl`) and the checks a scene's `strings` overrides
//! must pass. Plain text here; the viewer builds Fluent bundles from it.

/// The bundled catalogs, English first (the last resort for every string).
pub const BUNDLED: &[(&str, &str)] = &[
    ("en", include_str!("../../../assets/i18n/en.ftl")),
    ("zh-Hans", include_str!("../../../assets/i18n/zh-Hans.ftl")),
    ("zh-Hant", include_str!("../../../assets/i18n/zh-Hant.ftl")),
    ("ja", include_str!("../../../assets/i18n/ja.ftl")),
    ("ko", include_str!("../../../assets/i18n/ko.ftl")),
    ("fr", include_str!("../../../assets/i18n/fr.ftl")),
    ("es", include_str!("../../../assets/i18n/es.ftl")),
    ("de", include_str!("../../../assets/i18n/de.ftl")),
    ("it", include_str!("../../../assets/i18n/it.ftl")),
    ("pt", include_str!("../../../assets/i18n/pt.ftl")),
    ("ru", include_str!("../../../assets/i18n/ru.ftl")),
    ("ar", include_str!("../../../assets/i18n/ar.ftl")),
    ("fa", include_str!("../../../assets/i18n/fa.ftl")),
    ("hi", include_str!("../../../assets/i18n/hi.ftl")),
    ("th", include_str!("../../../assets/i18n/th.ftl")),
];

/// The tags of the bundled catalogs.
pub fn bundled_tags() -> Vec<String> {
    BUNDLED.iter().map(|(t, _)| t.to_string()).collect()
}

/// The source of a bundled catalog.
pub fn source(tag: &str) -> Option<&'static str> {
    BUNDLED.iter().find(|(t, _)| *t == tag).map(|(_, s)| *s)
}

/// The message ids a catalog defines, in file order.
pub fn message_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| !l.starts_with([' ', '#', '\t', '-', '}', '*', '[']) && l.contains(" ="))
        .map(|l| l.split(" =").next().unwrap_or_default().trim().to_string())
        .collect()
}

/// The ids of every UI string a scene can override (English defines them all).
pub fn known_ids() -> Vec<String> {
    message_ids(BUNDLED[0].1)
}

/// Checks one override: `value` must be a Fluent pattern (text with
/// `{ $variable }` placeables and selectors). Returns the parser's complaint.
pub fn check_pattern(id: &str, value: &str) -> Result<(), String> {
    let resource = as_resource(id, value);
    match fluent_syntax::parser::parse(resource.as_str()) {
        Ok(_) => Ok(()),
        Err((_, errors)) => {
            let e = &errors[0];
            Err(format!(
                "not a valid Fluent pattern: {} (at character {})",
                e.kind,
                e.pos.start.saturating_sub(id.len() + 3)
            ))
        }
    }
}

/// A scene override as Fluent source: `id = value`, continuation lines indented.
pub fn as_resource(id: &str, value: &str) -> String {
    let mut out = format!("{id} =");
    for (i, line) in value.split('\n').enumerate() {
        if i == 0 {
            out.push(' ');
        } else {
            out.push_str("\n    ");
        }
        out.push_str(line);
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_defines_every_english_message_and_nothing_else() {
        let english = known_ids();
        assert!(english.len() > 15, "{english:?}");
        for (tag, src) in BUNDLED {
            let ids = message_ids(src);
            for id in &english {
                assert!(ids.contains(id), "{tag}.ftl lacks {id}");
            }
            for id in &ids {
                assert!(english.contains(id), "{tag}.ftl has {id}, which English does not");
            }
            assert!(fluent_syntax::parser::parse(*src).is_ok(), "{tag}.ftl does not parse");
        }
    }

    #[test]
    fn patterns_are_checked() {
        assert!(check_pattern("about", "À propos").is_ok());
        assert!(check_pattern("licence", "Lizenz: { $licence }").is_ok());
        assert!(check_pattern("hotspot-count", "{ $count ->\n  [one] one\n *[other] many\n}").is_ok());
        let e = check_pattern("licence", "Lizenz: { $licence").unwrap_err();
        assert!(e.starts_with("not a valid Fluent pattern"), "{e}");
    }
}
