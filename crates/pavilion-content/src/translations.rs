//! Which texts a scene has in which of its languages: the translation
//! report of `pavilion validate`.

use serde::Serialize;

use crate::locate::escape_token;
use crate::manifest::{LocalizedText, SceneManifest};

/// One localized field of a scene.
pub struct Field<'a> {
    /// JSON pointer to the field.
    pub pointer: String,
    pub text: &'a LocalizedText,
    /// Must have text in some language (a title, an alt text).
    pub required: bool,
}

/// Every localized field of a scene, with its JSON pointer, in document order.
pub fn localized_fields(m: &SceneManifest) -> Vec<Field<'_>> {
    let mut out = Vec::new();
    let mut add = |pointer: String, text, required| out.push(Field { pointer, text, required });
    add("/title".into(), &m.title, true);
    add("/description".into(), &m.description, false);
    for (i, c) in m.categories.iter().enumerate() {
        add(format!("/categories/{i}/title"), &c.title, true);
    }
    for (i, h) in m.hotspots.iter().enumerate() {
        let p = format!("/hotspots/{i}");
        add(format!("{p}/title"), &h.title, true);
        add(format!("{p}/body"), &h.body, false);
        add(format!("{p}/credit"), &h.credit, false);
        if let Some(image) = &h.image {
            add(format!("{p}/image/alt"), &image.alt, true);
            add(format!("{p}/image/caption"), &image.caption, false);
            add(format!("{p}/image/credit"), &image.credit, false);
        }
        if let Some(link) = &h.link {
            add(format!("{p}/link/label"), &link.label, false);
        }
    }
    for (i, v) in m.viewpoints.iter().enumerate() {
        add(format!("/viewpoints/{i}/title"), &v.title, true);
    }
    for (i, t) in m.tours.iter().enumerate() {
        add(format!("/tours/{i}/title"), &t.title, true);
        for (j, step) in t.steps.iter().enumerate() {
            add(format!("/tours/{i}/steps/{j}/caption"), &step.caption, false);
        }
    }
    out
}

/// One language's coverage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageCoverage {
    pub language: String,
    /// Fields that have text in some language (the ones a visitor can see).
    pub fields: usize,
    /// Pointers of those fields that lack this language (with the tag appended)
    /// and would fall back to another language.
    pub missing: Vec<String>,
}

/// For each language the scene offers, the fields that have text in some
/// language but not in this one.
pub fn report(m: &SceneManifest) -> Vec<LanguageCoverage> {
    let fields: Vec<Field<'_>> = localized_fields(m).into_iter().filter(|f| !f.text.is_empty()).collect();
    m.offered_languages()
        .into_iter()
        .map(|language| {
            let missing = fields
                .iter()
                .filter(|f| f.text.get_exact(&language).is_none_or(|s| s.trim().is_empty()))
                .map(|f| format!("{}/{}", f.pointer, escape_token(&language)))
                .collect();
            LanguageCoverage {
                language,
                fields: fields.len(),
                missing,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_missing_fields_per_language() {
        let m: SceneManifest = serde_json::from_str(
            r#"{"title": {"en": "T", "fr": "T"}, "defaultLanguage": "en", "languages": ["en", "fr", "ja"],
                "models": [{"id": "m", "src": "m.glb"}],
                "hotspots": [{"id": "a", "position": [0,0,0], "normal": [0,0,1],
                              "title": {"en": "A", "fr": "A", "ja": "A"}, "body": {"en": "B", "fr": ""}}]}"#,
        )
        .unwrap();
        let r = report(&m);
        assert_eq!(r.iter().map(|c| c.language.as_str()).collect::<Vec<_>>(), ["en", "fr", "ja"]);
        assert!(r.iter().all(|c| c.fields == 3));
        assert!(r[0].missing.is_empty());
        assert_eq!(r[1].missing, ["/hotspots/0/body/fr"]);
        assert_eq!(r[2].missing, ["/title/ja", "/hotspots/0/body/ja"]);
    }
}
