//! IIIF Presentation 4 (3D) manifests, in and out.
//!
//! The IIIF 3D Technical Specification Group's manifests put glTF models,
//! cameras and lights in a `Scene` with painting annotations, and notes on
//! it with commenting annotations. [`import`] reads such a manifest into a
//! [`SceneManifest`] (models with their transforms, cameras as the first
//! view and named views, comments as hotspots, label, summary and rights
//! for About), and lists every part it cannot represent, with where it is
//! in the manifest, instead of leaving it out silently. [`export`] writes a
//! scene as such a manifest; importing that gives the scene back.
//!
//! Conventions, from the specification (IIIF/api, `source/presentation/4.0`)
//! and the group's viewers where it is silent: right-handed, +Y up, cameras
//! look along -Z; a body's `transform` list applies in order, then the
//! target's `PointSelector` moves the result; `RotateTransform` is x, then
//! y, then z, intrinsic (see `math.rs`); `fieldOfView` is vertical, degrees.

mod export;
mod import;
pub(crate) mod math;

pub use export::export;
pub use import::{Imported, import, import_value};

/// The `@context` of Presentation 4.
pub const CONTEXT: &str = "http://iiif.io/api/presentation/4/context.json";

/// Whether a JSON document is a IIIF Presentation 4 Manifest: its
/// `@context` is (or ends with) the Presentation 4 context, and its type is
/// `Manifest`.
pub fn is_manifest(value: &serde_json::Value) -> bool {
    let context = &value["@context"];
    let p4 = |v: &serde_json::Value| {
        v.as_str().is_some_and(|s| {
            s.trim_end_matches('/').starts_with("http://iiif.io/api/presentation/4") || s.starts_with("https://iiif.io/api/presentation/4")
        })
    };
    let context_ok = p4(context) || context.as_array().and_then(|a| a.last()).is_some_and(p4);
    context_ok && value["type"] == "Manifest"
}

/// Whether `text` looks like a IIIF Presentation 4 Manifest (parses it).
pub fn is_manifest_text(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| is_manifest(&v))
}

/// Something in a manifest the viewer does not represent (or represents
/// only approximately), and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsupported {
    /// JSON pointer into the IIIF manifest.
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at {}: {}", self.pointer, self.message)
    }
}

#[cfg(test)]
mod tests;
