//! Scene manifests: parse and validate the text the page fetched, keep the
//! active scene, and tell the other plugins a new scene is here.

use bevy::prelude::*;
use pavilion_content::manifest::{Model, Rotation};
use pavilion_content::{SceneManifest, parse_scene};

use crate::events::{Announce, DeepLink, LoadScene, ViewerFailed, ViewerStatus};

pub fn plugin(app: &mut App) {
    app.init_resource::<SceneWarnings>().add_observer(on_load_scene);
}

/// Problems with the scene that do not stop it from being shown: the
/// validator's warnings, and what the viewer finds once the models are in
/// (an anchor naming a node the model lacks). Logged, shown in the
/// authoring window, and in `pavilion.state().warnings`.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct SceneWarnings(pub Vec<String>);

/// The scene being shown.
#[derive(Resource, Debug, Clone)]
pub struct ActiveScene {
    /// Absolute URL of the manifest.
    pub url: String,
    pub manifest: SceneManifest,
    /// Languages the visitor asked for, most preferred first.
    pub requested_languages: Vec<String>,
    /// Where the visitor's link asks to start, followed once the scene is
    /// ready (by the tours plugin, which knows views, tours and hotspots).
    pub pending_link: DeepLink,
    /// Loaded by a live reload: the camera stays where it is.
    pub reload: bool,
}

impl ActiveScene {
    /// A path from the manifest, resolved against the manifest's URL.
    pub fn resolve(&self, path: &str) -> String {
        pavilion_content::url::join(&self.url, path)
    }

    /// The file to name in messages: the manifest's URL without query or fragment.
    pub fn file(&self) -> &str {
        file_label(&self.url)
    }
}

/// An absolute URL as the asset system's path (`https://host/a.glb` is the
/// file `host/a.glb` of the `https` source). Fallible where Bevy's own
/// conversion panics: a `#` the validator would refuse, arriving some other
/// way, must fail one asset with a message, not stop the viewer.
pub fn asset_path(url: &str) -> Result<bevy::asset::AssetPath<'static>, String> {
    match bevy::asset::AssetPath::try_parse(url) {
        Ok(path) if path.label().is_none() => Ok(path.into_owned()),
        Ok(_) => Err("a '#' in the path (write it as %23)".into()),
        Err(e) => Err(format!("the path cannot be read ({e})")),
    }
}

/// Everything spawned for the scene hangs below one of these, so a new
/// scene replaces the old one cleanly.
#[derive(Component, Debug, Default)]
pub struct SceneContent;

/// The entity a manifest model is placed on (by the `models` plugin); its
/// glTF scene is a child.
#[derive(Component, Debug, Clone)]
pub struct ModelRoot {
    pub id: String,
}

/// A plinth spawned from the manifest.
#[derive(Component, Debug)]
pub struct Plinth;

/// Where a manifest model goes: its translation, rotation and scale.
pub fn model_transform(model: &Model) -> Transform {
    let rotation = match model.rotation {
        Rotation::Quaternion([x, y, z, w]) => Quat::from_xyzw(x, y, z, w).normalize(),
        Rotation::EulerDegrees([x, y, z]) => Quat::from_euler(EulerRot::YXZ, y.to_radians(), x.to_radians(), z.to_radians()),
    };
    Transform {
        translation: Vec3::from(model.translation),
        rotation,
        scale: Vec3::from(model.scale.as_vec3()),
    }
}

/// Triggered once a manifest has parsed and [`ActiveScene`] is in place.
#[derive(Event, Debug, Clone, Copy)]
pub struct SceneParsed;

/// The file named in diagnostics: the manifest's URL without query or fragment.
pub fn file_label(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

fn on_load_scene(
    ev: On<LoadScene>,
    mut commands: Commands,
    old: Query<Entity, With<SceneContent>>,
    mut status: ResMut<ViewerStatus>,
    mut warnings: ResMut<SceneWarnings>,
) {
    let file = file_label(&ev.url);
    let parsed = parse_scene(&ev.text, file);
    if ev.reload
        && let Err(diagnostics) = &parsed
    {
        // An author's half-finished edit must not take the scene away.
        let message = diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
        warn!("live reload kept the previous scene:\n{message}");
        commands.trigger(Announce::ReloadFailed { message });
        return;
    }
    for e in &old {
        commands.entity(e).despawn();
    }
    *status = ViewerStatus::default();
    match parsed {
        Ok(parsed) => {
            if let Some(allowed) = &ev.asset_origins
                && let Err(message) = check_asset_origins(&parsed.manifest, &ev.url, allowed)
            {
                commands.trigger(ViewerFailed {
                    code: "asset-origin".into(),
                    message,
                });
                return;
            }
            for w in &parsed.warnings {
                warn!("{w}");
            }
            warnings.0 = parsed.warnings.iter().map(ToString::to_string).collect();
            commands.insert_resource(ActiveScene {
                url: ev.url.clone(),
                manifest: parsed.manifest,
                requested_languages: ev.requested.clone(),
                pending_link: ev.link.cleaned(),
                reload: ev.reload,
            });
            commands.trigger(SceneParsed);
        }
        Err(diagnostics) => {
            let code = if diagnostics.iter().any(|d| d.code == "json-syntax") {
                "scene-not-json"
            } else {
                "scene-invalid"
            };
            let mut message = format!(
                "The scene file has {} problem{}:",
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" }
            );
            for d in diagnostics.iter().take(8) {
                message.push_str(&format!("\n{d}"));
            }
            if diagnostics.len() > 8 {
                message.push_str(&format!("\n… and {} more", diagnostics.len() - 8));
            }
            commands.trigger(ViewerFailed {
                code: code.into(),
                message,
            });
        }
    }
}

/// Whether every file the scene names comes from a site the page's owner
/// allows (`'self'` is the scene's own site); the first that does not is
/// named with its field.
pub fn check_asset_origins(manifest: &SceneManifest, scene_url: &str, allowed: &[String]) -> Result<(), String> {
    use pavilion_content::url::{join, origin};
    let own = origin(scene_url);
    for (pointer, src) in manifest.asset_srcs() {
        let url = join(scene_url, src);
        let site = origin(&url);
        let ok = site.as_ref().is_some_and(|site| {
            allowed.iter().any(|a| {
                let is_self = a == "'self'" || a == "self";
                a == "*" || (is_self && Some(site) == own.as_ref()) || a.trim_end_matches('/') == site
            })
        });
        if !ok {
            return Err(format!(
                "{} at {pointer}: {url} is on {}, and this page loads a scene's files only from {} (data-asset-origins)",
                file_label(scene_url),
                site.as_deref().unwrap_or("no web site"),
                allowed.join(" ")
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{asset_path, check_asset_origins, file_label};

    #[test]
    fn a_page_can_narrow_where_a_scenes_files_come_from() {
        let m: pavilion_content::SceneManifest = serde_json::from_str(
            r#"{"title": {"en": "t"}, "defaultLanguage": "en", "models": [{"id": "a", "src": "a.glb"}, {"id": "b", "src": "https://cdn.example.org/b.glb"}]}"#,
        )
        .unwrap();
        let scene = "https://museum.example/scenes/s.json";
        let allow = |list: &[&str]| check_asset_origins(&m, scene, &list.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert!(allow(&["'self'", "https://cdn.example.org"]).is_ok());
        assert!(allow(&["*"]).is_ok());
        let err = allow(&["'self'"]).unwrap_err();
        assert!(
            err.starts_with(
                "https://museum.example/scenes/s.json at /models/1/src: https://cdn.example.org/b.glb is on https://cdn.example.org"
            ),
            "{err}"
        );
        assert!(allow(&["https://cdn.example.org"]).unwrap_err().contains("/models/0/src"));
    }

    #[test]
    fn file_label_keeps_the_url_for_context() {
        assert_eq!(file_label("http://h/a/scene.json?x"), "http://h/a/scene.json");
    }

    #[test]
    fn asset_paths_fail_instead_of_panicking() {
        assert!(asset_path("http://h/venus.glb").is_ok());
        for bad in ["http://h/venus.glb#", "http://h/a#b://c.glb", "http://h/v.glb#Scene0", "a#b://c"] {
            assert!(asset_path(bad).is_err(), "{bad}");
        }
    }
}
