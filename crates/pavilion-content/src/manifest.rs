//! The scene manifest: plain data, read from `scene.json`.
//!
//! Field names are camelCase as in glTF and IIIF. Unknown fields are errors
//! (they are nearly always typos); new fields are added as optional ones so
//! that older files keep reading.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lang::{self, Direction};

/// The format identifier of this version of the manifest.
pub const FORMAT_V1: &str = "pavilion-scene/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SceneManifest {
    /// Editor hint (JSON Schema location); ignored by the viewer.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format version, `pavilion-scene/1`.
    #[serde(default = "default_format")]
    pub format: String,
    pub title: LocalizedText,
    #[serde(default, skip_serializing_if = "LocalizedText::is_empty")]
    pub description: LocalizedText,
    /// The language the scene is authored in; every text has it.
    pub default_language: String,
    /// The languages the scene offers to visitors (the default included).
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    /// Background colour, `#rrggbb`, where the environment gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
    /// The scene's own lights. When there are any, they replace the
    /// viewer's key light and ambient light (image light from the
    /// environment stays). A IIIF manifest's lights come here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lights: Vec<Light>,
    pub models: Vec<Model>,
    /// Groups visitors can show or hide hotspots by ("architecture", "people").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    #[serde(default)]
    pub hotspots: Vec<Hotspot>,
    /// The first view; without it the viewer frames the scene's bounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_view: Option<Viewpoint>,
    /// Named camera views visitors can jump to, and tours can use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub viewpoints: Vec<NamedViewpoint>,
    /// Guided tours: ordered steps through viewpoints and hotspots.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tours: Vec<Tour>,
    /// The scene's own versions of the viewer's UI strings, per language:
    /// `{"fr": {"about": "À propos de l’exposition"}}`. Values are Project
    /// Fluent patterns (`{ $count }` placeholders, plural selectors). They
    /// override the bundled catalog, or add a language it lacks.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
}

fn default_format() -> String {
    FORMAT_V1.to_string()
}

impl SceneManifest {
    /// The languages a visitor can choose: `languages`, or when that is empty,
    /// every tag used by the scene's title, with the default first.
    pub fn offered_languages(&self) -> Vec<String> {
        let extra: Vec<&String> = if self.languages.is_empty() {
            self.title.0.keys().collect()
        } else {
            self.languages.iter().collect()
        };
        let mut seen = std::collections::HashSet::with_capacity(extra.len() + 1);
        std::iter::once(&self.default_language)
            .chain(extra)
            .filter(|tag| seen.insert(tag.to_ascii_lowercase()))
            .cloned()
            .collect()
    }

    /// Every file the scene asks the viewer to load, with the JSON pointer
    /// of the field naming it: models, environment maps, pictures.
    pub fn asset_srcs(&self) -> Vec<(String, &str)> {
        let mut out: Vec<(String, &str)> = Vec::new();
        for (i, m) in self.models.iter().enumerate() {
            out.push((format!("/models/{i}/src"), &m.src));
        }
        if let Some(env) = &self.environment {
            out.push(("/environment/diffuse".into(), &env.diffuse));
            out.push(("/environment/specular".into(), &env.specular));
        }
        for (i, h) in self.hotspots.iter().enumerate() {
            if let Some(image) = &h.image {
                out.push((format!("/hotspots/{i}/image/src"), &image.src));
            }
        }
        out
    }

    pub fn hotspot(&self, id: &str) -> Option<&Hotspot> {
        self.hotspots.iter().find(|h| h.id == id)
    }

    pub fn viewpoint(&self, id: &str) -> Option<&NamedViewpoint> {
        self.viewpoints.iter().find(|v| v.id == id)
    }

    pub fn tour(&self, id: &str) -> Option<&Tour> {
        self.tours.iter().find(|t| t.id == id)
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// Indices into `hotspots` in the order visitors step through them and
    /// markers are numbered: by `order` (hotspots without one after those
    /// with), then by position in the file.
    pub fn hotspot_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.hotspots.len()).collect();
        order.sort_by_key(|&i| (self.hotspots[i].order.is_none(), self.hotspots[i].order, i));
        order
    }
}

/// Image-based lighting and background.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Environment {
    /// Diffuse (irradiance) cubemap, KTX2, relative to the manifest.
    pub diffuse: String,
    /// Specular (prefiltered radiance) cubemap with mip levels, KTX2.
    pub specular: String,
    /// Brightness in cd/m² (Bevy's `EnvironmentMapLight::intensity`).
    #[serde(default = "default_env_intensity")]
    pub intensity: f32,
    /// Background colour, sRGB hex `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
    /// Rotation of the environment about the vertical axis, degrees.
    #[serde(default)]
    pub rotation_degrees: f32,
    /// Colour of a floor disc under the models (`#rrggbb`); no floor if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<String>,
}

/// A light of the scene's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Light {
    #[serde(rename = "type")]
    pub kind: LightKind,
    /// sRGB `#rrggbb`; white if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Strength from 0 to 1, relative to the viewer's full strength for the
    /// kind (as IIIF's `"unit": "relative"`).
    #[serde(default = "full")]
    pub intensity: f32,
    /// Where a point or spot light is, in scene units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<[f32; 3]>,
    /// Which way a directional or spot light shines (need not be
    /// normalised); straight down if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<[f32; 3]>,
    /// A spot light's cone: from its axis to its edge, in degrees (0–90].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub angle: Option<f32>,
}

fn full() -> f32 {
    1.0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LightKind {
    /// Light from everywhere, evenly.
    Ambient,
    /// Parallel light, like the sun: only its direction matters.
    Directional,
    /// Light from a point, in every direction.
    Point,
    /// Light from a point, in a cone.
    Spot,
}

/// Parses `#rrggbb` (or `rrggbb`) into sRGB bytes.
pub fn parse_hex_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#').unwrap_or(s);
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

fn default_env_intensity() -> f32 {
    1000.0
}

/// One glTF model placed in the scene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Model {
    pub id: String,
    /// glTF or GLB file, relative to the manifest (or an absolute URL).
    pub src: String,
    #[serde(default = "zero3")]
    pub translation: [f32; 3],
    #[serde(default)]
    pub rotation: Rotation,
    #[serde(default)]
    pub scale: Scale,
    /// A box the model stands on, in scene units (the model is placed by
    /// `translation` as given; the plinth fills the space below its base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plinth: Option<Plinth>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<Credit>,
}

fn zero3() -> [f32; 3] {
    [0.0; 3]
}

/// A rotation, either a unit quaternion `[x, y, z, w]` (glTF order) or Euler
/// angles in degrees `[x, y, z]` applied in the order Y, X, Z (yaw, pitch, roll).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Rotation {
    Quaternion([f32; 4]),
    EulerDegrees([f32; 3]),
}

impl Default for Rotation {
    fn default() -> Self {
        Rotation::Quaternion([0.0, 0.0, 0.0, 1.0])
    }
}

/// A uniform scale factor or a per-axis one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Scale {
    Uniform(f32),
    PerAxis([f32; 3]),
}

impl Default for Scale {
    fn default() -> Self {
        Scale::Uniform(1.0)
    }
}

impl Scale {
    pub fn as_vec3(self) -> [f32; 3] {
        match self {
            Scale::Uniform(s) => [s; 3],
            Scale::PerAxis(v) => v,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Plinth {
    /// Centre of the plinth's top face, in scene units.
    pub top: [f32; 3],
    /// Width (x), height (y) and depth (z), in scene units.
    pub size: [f32; 3],
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// Who made a model and under which licence; shown in "About / credits".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Credit {
    /// The credit line exactly as the licence asks for it.
    pub line: String,
    /// SPDX-style licence id or name (`CC0-1.0`, `CC-BY-4.0`).
    pub license: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A camera pose.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Viewpoint {
    pub position: [f32; 3],
    pub target: [f32; 3],
    /// Vertical field of view in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fov: Option<f32>,
}

/// A point of interest pinned to the scene, either at an absolute
/// `position` or by an `anchor` to a named node of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Hotspot {
    /// Stable identifier, used in links (`?hotspot=`) and the JS API.
    pub id: String,
    /// Position in scene coordinates. Give this or `anchor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<[f32; 3]>,
    /// Outward surface normal at the position, in scene coordinates (need
    /// not be normalised). Without it the marker shows from every side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal: Option<[f32; 3]>,
    /// Pins the hotspot to a named glTF node: it follows the node when the
    /// model is moved, re-exported or animated. Give this or `position`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
    /// The id of one of the scene's `categories`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Where the hotspot comes when stepping through them and in marker
    /// numbers: lower first; hotspots without one follow, in file order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viewpoint: Option<Viewpoint>,
    pub title: LocalizedText,
    /// Rich text: paragraphs (blank line between), `*emphasis*`,
    /// `**strong**`, lists (`- item`, `1. item`) and links
    /// `[label](https://…)`; links only to http and https.
    #[serde(default, skip_serializing_if = "LocalizedText::is_empty")]
    pub body: LocalizedText,
    /// Credit for the information or image (e.g. "Photo: SMK").
    #[serde(default, skip_serializing_if = "LocalizedText::is_empty")]
    pub credit: LocalizedText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
}

/// A position in the local space of a named glTF node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Anchor {
    /// The `id` of one of the scene's models.
    pub model: String,
    /// The `name` of a node in that model's glTF file.
    pub node: String,
    /// Position in the node's local coordinates.
    pub position: [f32; 3],
    /// Outward normal in the node's local coordinates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal: Option<[f32; 3]>,
}

/// A picture shown in a hotspot's panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Image {
    /// PNG or JPEG, relative to the manifest (or an absolute URL).
    pub src: String,
    /// What the picture shows, for visitors who cannot see it; in every
    /// language the scene offers.
    pub alt: LocalizedText,
    #[serde(default, skip_serializing_if = "LocalizedText::is_empty")]
    pub caption: LocalizedText,
    #[serde(default, skip_serializing_if = "LocalizedText::is_empty")]
    pub credit: LocalizedText,
}

/// A group of hotspots visitors can show or hide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub title: LocalizedText,
}

/// A camera view with a name, for the views menu and tours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NamedViewpoint {
    pub id: String,
    pub title: LocalizedText,
    pub position: [f32; 3],
    pub target: [f32; 3],
    /// Vertical field of view in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fov: Option<f32>,
}

impl NamedViewpoint {
    pub fn view(&self) -> Viewpoint {
        Viewpoint {
            position: self.position,
            target: self.target,
            fov: self.fov,
        }
    }
}

/// A guided tour: steps the visitor plays, pauses and steps through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tour {
    pub id: String,
    pub title: LocalizedText,
    pub steps: Vec<TourStep>,
}

/// One stop of a tour: the camera goes to `viewpoint` (or the hotspot's
/// own viewpoint), the hotspot's panel opens, the caption shows, and after
/// `duration` seconds a playing tour moves on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TourStep {
    /// The `id` of one of the scene's `viewpoints`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viewpoint: Option<String>,
    /// The `id` of a hotspot to open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotspot: Option<String>,
    #[serde(default, skip_serializing_if = "LocalizedText::is_empty")]
    pub caption: LocalizedText,
    /// Seconds before a playing tour moves on (default 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f32>,
}

/// How long a tour step lasts when its `duration` is not given, in seconds.
pub const DEFAULT_STEP_SECONDS: f32 = 8.0;

impl TourStep {
    pub fn seconds(&self) -> f32 {
        self.duration.unwrap_or(DEFAULT_STEP_SECONDS)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Link {
    /// http or https URL.
    pub href: String,
    #[serde(default, skip_serializing_if = "LocalizedText::is_empty")]
    pub label: LocalizedText,
}

/// Text in several languages, keyed by BCP 47 tag.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct LocalizedText(pub BTreeMap<String, String>);

/// A piece of text as it will be shown, with the tag it was found under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<'a> {
    pub language: &'a str,
    pub text: &'a str,
    pub direction: Direction,
}

impl LocalizedText {
    pub fn is_empty(&self) -> bool {
        self.0.values().all(|v| v.trim().is_empty())
    }

    /// The text for `language`, following its fallback chain, then the
    /// scene's default, then English, then any non-empty text. Empty strings
    /// count as missing. `None` only when there is no text at all.
    pub fn resolve(&self, language: &str, scene_default: &str) -> Option<Resolved<'_>> {
        let keys: Vec<&str> = self
            .0
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, _)| k.as_str())
            .collect();
        let found = lang::resolution_chain(language, scene_default)
            .iter()
            .find_map(|candidate| lang::find_available(candidate, &keys).map(str::to_string))
            .or_else(|| keys.first().map(|k| k.to_string()))?;
        let (found, text) = self.0.get_key_value(&found)?;
        Some(Resolved {
            language: found,
            text: text.as_str(),
            direction: lang::direction_of(found),
        })
    }

    pub fn get_exact(&self, tag: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k.eq_ignore_ascii_case(tag) && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }
}

impl<const N: usize> From<[(&str, &str); N]> for LocalizedText {
    fn from(pairs: [(&str, &str); N]) -> Self {
        LocalizedText(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_along_the_chain() {
        let t = LocalizedText::from([
            ("en", "Head"),
            ("zh-Hant", "頭部"),
            ("zh-Hans", "头部"),
            ("ar", "الرأس"),
            ("fr", ""),
        ]);
        let r = t.resolve("zh-HK", "en").unwrap();
        assert_eq!((r.language, r.text), ("zh-Hant", "頭部"));
        let r = t.resolve("zh-CN", "en").unwrap();
        assert_eq!((r.language, r.text), ("zh-Hans", "头部"));
        let r = t.resolve("ar-EG", "en").unwrap();
        assert_eq!((r.language, r.direction), ("ar", Direction::Rtl));
        // Empty French text falls back to the scene default.
        let r = t.resolve("fr", "en").unwrap();
        assert_eq!((r.language, r.text), ("en", "Head"));
    }

    #[test]
    fn falls_back_to_default_then_english_then_anything() {
        let t = LocalizedText::from([("es", "Cabeza"), ("en", "Head")]);
        assert_eq!(t.resolve("ja", "es").unwrap().language, "es");
        assert_eq!(t.resolve("ja", "de").unwrap().language, "en");
        let t = LocalizedText::from([("ja", "頭")]);
        assert_eq!(t.resolve("fr", "de").unwrap().text, "頭");
        assert!(LocalizedText::default().resolve("en", "en").is_none());
    }

    #[test]
    fn offered_languages_put_default_first() {
        let m: SceneManifest =
            serde_json::from_str(r#"{"title":{"fr":"Salle","en":"Room"},"defaultLanguage":"fr","languages":["en","fr","ar"],"models":[]}"#)
                .unwrap();
        assert_eq!(m.offered_languages(), ["fr", "en", "ar"]);
        assert_eq!(m.format, FORMAT_V1);
    }

    #[test]
    fn rotation_accepts_quaternion_or_euler() {
        let q: Rotation = serde_json::from_str("[0,0,0,1]").unwrap();
        assert_eq!(q, Rotation::Quaternion([0.0, 0.0, 0.0, 1.0]));
        let e: Rotation = serde_json::from_str("[0,90,0]").unwrap();
        assert_eq!(e, Rotation::EulerDegrees([0.0, 90.0, 0.0]));
        let s: Scale = serde_json::from_str("0.001").unwrap();
        assert_eq!(s.as_vec3(), [0.001; 3]);
    }
}
