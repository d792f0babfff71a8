//! Pavilion's content model: scene manifests, localized text, language
//! negotiation, validation and the commands the page sends the viewer. Plain data and functions with no engine types,
//! shared by the viewer and the command-line tools.

pub mod catalog;
pub mod command;
pub mod edit;
pub mod fuzz;
pub mod iiif;
pub mod lang;
pub mod locate;
pub mod manifest;
pub mod richtext;
pub mod schema;
pub mod translations;
pub mod url;
pub mod validate;

pub use lang::{Direction, LanguageTag, negotiate};
pub use manifest::{Hotspot, LocalizedText, SceneManifest};
pub use validate::{Diagnostic, Severity, parse_scene};
