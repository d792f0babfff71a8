//! The bridge to the page: commands from `window.pavilion` come in as JSON
//! and become events; the viewer's state, markers, panel, progress and
//! errors go out to `web/pavilion.js`, which turns them into the page's API
//! and DOM events. Commands are parsed on every platform (so tests drive the
//! viewer exactly as the page does); only the outgoing calls need a browser.

use std::sync::Mutex;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use crate::events::{Announce, CloseHotspot, LoadScene, OpenHotspot, SetLanguage, ViewerFailed, ViewerStatus};
use crate::hotspots::{HotspotMarker, MarkerScreen, OpenHotspotId};
use crate::language::CurrentLanguage;
use crate::scene::ActiveScene;

pub fn plugin(app: &mut App) {
    app.add_systems(PreUpdate, drain_commands);
    #[cfg(target_arch = "wasm32")]
    browser::plugin(app);
}

/// A command from the page, as `pavilion.js` sends it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Command {
    #[serde(rename_all = "camelCase")]
    LoadScene {
        url: String,
        text: String,
        #[serde(default)]
        requested: Vec<String>,
        #[serde(default)]
        hotspot: Option<String>,
    },
    OpenHotspot {
        id: String,
    },
    CloseHotspot,
    SetLanguage {
        tag: String,
    },
}

static QUEUE: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Queues a JSON command; it is handled at the start of the next frame.
pub fn push_command(json: &str) {
    QUEUE.lock().unwrap_or_else(|e| e.into_inner()).push(json.to_string());
}

fn drain_commands(mut commands: Commands) {
    let pending: Vec<String> = std::mem::take(&mut *QUEUE.lock().unwrap_or_else(|e| e.into_inner()));
    for json in pending {
        match serde_json::from_str::<Command>(&json) {
            Ok(cmd) => apply(cmd, &mut commands),
            Err(e) => warn!("ignored a command from the page ({e}): {json}"),
        }
    }
}

pub fn apply(cmd: Command, commands: &mut Commands) {
    match cmd {
        Command::LoadScene {
            url,
            text,
            requested,
            hotspot,
        } => commands.trigger(LoadScene {
            url,
            text,
            requested,
            open_hotspot: hotspot,
        }),
        Command::OpenHotspot { id } => commands.trigger(OpenHotspot { id }),
        Command::CloseHotspot => commands.trigger(CloseHotspot),
        Command::SetLanguage { tag } => commands.trigger(SetLanguage { tag }),
    }
}

/// `window.pavilion.state()` as the viewer sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateSnapshot {
    pub status: crate::events::Status,
    pub scene: Option<String>,
    pub language: Option<String>,
    pub languages: Vec<String>,
    pub open_hotspot: Option<String>,
    pub error: Option<ViewerFailed>,
}

pub fn snapshot(status: &ViewerStatus, scene: Option<&ActiveScene>, language: &CurrentLanguage, open: &OpenHotspotId) -> StateSnapshot {
    StateSnapshot {
        status: status.status,
        scene: scene.map(|s| s.url.clone()),
        language: (!language.tag.is_empty()).then(|| language.tag.clone()),
        languages: language.offered.clone(),
        open_hotspot: open.0.clone(),
        error: status.error.clone(),
    }
}

/// One entry of `window.pavilion.hotspots()` (viewport coordinates; the
/// page adds the canvas offset).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkerSnapshot {
    pub id: String,
    pub title: String,
    pub x: f32,
    pub y: f32,
    pub visible: bool,
}

pub fn markers_snapshot(
    scene: &ActiveScene,
    language: &CurrentLanguage,
    markers: &Query<(&HotspotMarker, &MarkerScreen)>,
) -> Vec<MarkerSnapshot> {
    let mut out: Vec<(usize, MarkerSnapshot)> = markers
        .iter()
        .map(|(m, s)| {
            let title = scene
                .manifest
                .hotspots
                .get(m.index)
                .and_then(|h| language.pick(&h.title))
                .map(|r| r.text.to_string())
                .unwrap_or_default();
            (
                m.index,
                MarkerSnapshot {
                    id: m.id.clone(),
                    title,
                    x: s.pos.x,
                    y: s.pos.y,
                    visible: s.visible,
                },
            )
        })
        .collect();
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, m)| m).collect()
}

/// The moments the page hears about, as (event kind, detail).
pub fn announcement(a: &Announce) -> (&'static str, serde_json::Value) {
    match a {
        Announce::HotspotOpened { id } => ("hotspot-open", serde_json::json!({ "id": id })),
        Announce::HotspotClosed { id } => ("hotspot-close", serde_json::json!({ "id": id })),
        Announce::LanguageChanged { language } => ("language-change", serde_json::json!({ "language": language })),
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::prelude::*;

    use super::*;
    use crate::events::SceneReady;
    use crate::fonts::SiteRoot;
    use crate::hotspots::Panel;
    use crate::models::LoadTracker;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = __pavilionHost, js_name = event)]
        fn host_event(kind: &str, json: &str);
    }

    /// Called by `pavilion.js` for every `window.pavilion` command.
    #[wasm_bindgen]
    pub fn pavilion_command(json: &str) {
        push_command(json);
    }

    fn send(kind: &str, value: &impl Serialize) {
        host_event(kind, &serde_json::to_string(value).unwrap_or_else(|_| "null".into()));
    }

    pub fn plugin(app: &mut App) {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            let message = format!("The viewer stopped because of an internal error: {info}");
            send("error", &serde_json::json!({ "code": "panic", "message": message }));
        }));
        let page = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        app.insert_resource(SiteRoot(page))
            .add_observer(|_: On<SceneReady>| send("ready", &serde_json::json!({})))
            .add_observer(|ev: On<ViewerFailed>| send("error", ev.event()))
            .add_observer(|ev: On<Announce>| {
                let (kind, detail) = announcement(ev.event());
                send(kind, &detail);
            })
            .add_systems(Last, (publish_state, publish_markers, publish_panel, publish_progress));
    }

    fn publish_state(
        status: Res<ViewerStatus>,
        scene: Option<Res<ActiveScene>>,
        language: Res<CurrentLanguage>,
        open: Res<OpenHotspotId>,
        mut last: Local<Option<StateSnapshot>>,
    ) {
        let snap = snapshot(&status, scene.as_deref(), &language, &open);
        if last.as_ref() != Some(&snap) {
            send("state", &snap);
            *last = Some(snap);
        }
    }

    fn publish_markers(
        scene: Option<Res<ActiveScene>>,
        language: Res<CurrentLanguage>,
        markers: Query<(&HotspotMarker, &MarkerScreen)>,
        mut last: Local<Vec<MarkerSnapshot>>,
    ) {
        let Some(scene) = scene else { return };
        let snap = markers_snapshot(&scene, &language, &markers);
        if *last != snap {
            send("hotspots", &snap);
            *last = snap;
        }
    }

    fn publish_panel(panel: Res<Panel>) {
        if panel.is_changed() {
            send("panel", &panel.0);
        }
    }

    fn publish_progress(tracker: Res<LoadTracker>, mut last: Local<(usize, usize)>) {
        let p = tracker.progress();
        if p != *last && p.1 > 0 {
            let text = format!("Loading scene… {}/{}", p.0, p.1);
            send("progress", &serde_json::json!({ "loaded": p.0, "total": p.1, "text": text }));
            *last = p;
        }
    }
}
