//! The bridge to the page: commands from `window.pavilion` come in as JSON,
//! are read and checked by `pavilion_content::command`, and become events;
//! the viewer's state, the visitor views (markers, panel: see `visitor.rs`),
//! progress and errors go out to `web/pavilion.js`, which renders them as
//! HTML and turns them into the page's API and DOM events. Commands are
//! handled on every platform (so tests drive the viewer exactly as the page
//! does); only the outgoing calls need a browser.

use std::sync::Mutex;

use bevy::prelude::*;
use pavilion_content::command::{self, Command, Context, Decoded, Refusal};
use serde::Serialize;

use crate::events::{Announce, CloseHotspot, LoadScene, OpenHotspot, SetLanguage, StepHotspot, ViewerFailed, ViewerStatus};
use crate::fonts::TextReady;
use crate::hotspots::{HiddenCategories, OpenHotspotId, SetCategoryVisible};
use crate::language::{CurrentLanguage, UiStrings};
use crate::pacing::Pacing;
use crate::scene::ActiveScene;
use crate::tours::{GoToViewpoint, StartTour, TourControl, TourPlayer};

pub fn plugin(app: &mut App) {
    app.add_systems(PreUpdate, drain_commands);
    #[cfg(all(target_arch = "wasm32", feature = "render"))]
    browser::plugin(app);
}

/// The answer to a numbered call from the page (`seq`), once the command
/// was applied (`Ok`) or refused; the page settles the call's promise.
#[derive(Event, Debug, Clone, PartialEq)]
pub struct CommandReply {
    pub seq: u64,
    pub result: Result<(), Refusal>,
}

static QUEUE: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Queues a JSON command; it is handled at the start of the next frame.
pub fn push_command(json: &str) {
    QUEUE.lock().unwrap_or_else(|e| e.into_inner()).push(json.to_string());
}

fn drain_commands(
    scene: Option<Res<ActiveScene>>,
    language: Res<CurrentLanguage>,
    tour: Res<TourPlayer>,
    mut pacing: ResMut<Pacing>,
    mut commands: Commands,
) {
    let pending: Vec<String> = std::mem::take(&mut *QUEUE.lock().unwrap_or_else(|e| e.into_inner()));
    // What the page asked for shows in the next frames.
    if !pending.is_empty() {
        pacing.keep_drawing();
    }
    let cx = Context {
        scene: scene.as_deref().map(|s| &s.manifest),
        offered: &language.offered,
        touring: tour.tour.is_some(),
    };
    for json in pending {
        let Decoded { seq, command } = command::decode(&json);
        let result = match command {
            Ok(cmd) => command::check(&cmd, &cx).map(|()| apply(cmd, &mut commands)),
            // Without its scene the viewer would wait forever: say so instead.
            Err(e) if e.loads_scene => {
                commands.trigger(ViewerFailed {
                    code: "command-invalid".into(),
                    message: format!("The page asked the viewer to load a scene in a way it cannot read: {}", e.message),
                });
                continue;
            }
            Err(e) => Err(e.refusal()),
        };
        if let Err(r) = &result {
            warn!(
                "refused a command from the page ({}): {}",
                r.message,
                json.chars().take(200).collect::<String>()
            );
        }
        if let Some(seq) = seq {
            commands.trigger(CommandReply { seq, result });
        }
    }
}

/// Turns a checked command into the viewer's events.
pub fn apply(cmd: Command, commands: &mut Commands) {
    match cmd {
        Command::LoadScene {
            url,
            text,
            requested,
            link,
            author,
            reload,
            asset_origins,
        } => commands.trigger(LoadScene {
            url,
            text,
            requested,
            link,
            author,
            reload,
            asset_origins,
        }),
        Command::CaptureViewpoint => commands.trigger(crate::authoring::CaptureViewpoint),
        Command::OpenHotspot { id } => commands.trigger(OpenHotspot { id }),
        Command::CloseHotspot => commands.trigger(CloseHotspot),
        Command::StepHotspot { by } => commands.trigger(StepHotspot(by.signum())),
        Command::SetLanguage { tag } => commands.trigger(SetLanguage { tag }),
        Command::StartTour { id, step } => commands.trigger(StartTour {
            id,
            step: usize::try_from(step).unwrap_or(usize::MAX),
        }),
        Command::Tour { action } => commands.trigger(TourControl(action)),
        Command::GoToViewpoint { id } => commands.trigger(GoToViewpoint { id }),
        Command::SetCategoryVisible { id, visible } => commands.trigger(SetCategoryVisible { id, visible }),
        Command::SetReducedMotion { reduce } => commands.trigger(crate::events::SetReducedMotion(reduce)),
        Command::ResetView => commands.trigger(crate::events::ResetView),
        Command::SetCamera {
            position,
            target,
            fov,
            animate,
        } => commands.trigger(crate::events::SetCamera {
            view: pavilion_content::manifest::Viewpoint { position, target, fov },
            animate,
        }),
    }
}

/// `window.pavilion.state()` as the viewer sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateSnapshot {
    pub status: crate::events::Status,
    pub scene: Option<String>,
    /// The scene's title and description in the current language (the
    /// page labels the canvas with them).
    pub title: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub languages: Vec<String>,
    pub open_hotspot: Option<String>,
    pub error: Option<ViewerFailed>,
    /// The language whose text is on screen in its own font.
    pub text_ready: Option<String>,
    /// The page's own strings (error screen) in the viewer's language.
    pub page_strings: PageStrings,
    /// The tour being shown: id, step (0-based), steps, playing.
    pub tour: Option<TourPlayer>,
    /// Problems that do not stop the scene (validator warnings, anchors
    /// naming missing nodes).
    pub warnings: Vec<String>,
    pub hidden_categories: Vec<String>,
    /// Each model's id and world-space bounds, once the scene is framed.
    pub models: Vec<crate::loading::ModelPlaced>,
    /// How many of the scene's own lights are shown (0: the viewer's).
    pub lights: usize,
}

/// Strings `pavilion.js` shows outside the canvas.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PageStrings {
    /// The catalog language the strings are in.
    pub lang: String,
    pub error_title: String,
    /// With `{code}` where the error code goes.
    pub error_code: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
}

/// The page's strings are in the visitor's language even when the scene
/// does not offer it (an error screen has no scene text to match).
pub fn page_strings(ui: &UiStrings, scene: Option<&ActiveScene>, language: &CurrentLanguage) -> PageStrings {
    let mut requested: Vec<&str> = scene
        .map(|s| s.requested_languages.iter().map(String::as_str).collect())
        .unwrap_or_default();
    if !language.tag.is_empty() {
        requested.push(&language.tag);
    }
    let lang = ui.page_language(&requested);
    PageStrings {
        lang: lang.to_string(),
        error_title: ui.get(lang, "error-title", &[]),
        error_code: ui.get_with(lang, "error-code", &[("code", "{code}")]),
        dir: pavilion_content::lang::direction_of(lang).as_str(),
    }
}

pub fn snapshot(
    status: &ViewerStatus,
    scene: Option<&ActiveScene>,
    language: &CurrentLanguage,
    open: &OpenHotspotId,
    text_ready: &TextReady,
    ui: &UiStrings,
    tour: &TourPlayer,
    hidden: &HiddenCategories,
    warnings: &crate::scene::SceneWarnings,
    placed: &crate::loading::ModelsPlaced,
) -> StateSnapshot {
    StateSnapshot {
        models: placed.0.clone(),
        lights: scene.map_or(0, |s| s.manifest.lights.len()),
        warnings: warnings.0.clone(),
        tour: tour.tour.is_some().then(|| tour.clone()),
        hidden_categories: hidden.0.iter().cloned().collect(),
        text_ready: text_ready.0.clone(),
        page_strings: page_strings(ui, scene, language),
        status: status.status,
        scene: scene.map(|s| s.url.clone()),
        title: scene.and_then(|s| language.pick(&s.manifest.title)).map(|r| r.text.to_string()),
        description: scene
            .and_then(|s| language.pick(&s.manifest.description))
            .map(|r| r.text.to_string()),
        language: (!language.tag.is_empty()).then(|| language.tag.clone()),
        languages: language.offered.clone(),
        open_hotspot: open.0.clone(),
        error: status.error.clone(),
    }
}

/// `state().camera`: where the camera is, in the form of a scene
/// viewpoint (scene units, field of view in degrees), and whether it is
/// still on its way (a flight, a drag's damping): tests and page scripts
/// wait for `moving: false` instead of guessing how long a move takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CameraSnapshot {
    pub position: [f32; 3],
    pub target: [f32; 3],
    pub fov: f32,
    pub moving: bool,
}

pub fn camera_snapshot(cam: &crate::camera::OrbitCamera) -> CameraSnapshot {
    let o = &cam.current;
    CameraSnapshot {
        position: o.eye().to_array(),
        target: o.target.to_array(),
        fov: o.fov.to_degrees(),
        moving: !cam.at_rest(),
    }
}

/// What the page that starts a viewer asks of it, read once as it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// The authoring tools (`?author=1` on a page that allows them):
    /// `main.rs` adds egui only then.
    pub authoring: bool,
    /// The CSS selector of the canvas to draw in: a page may hold several
    /// viewers, each with its own canvas.
    pub canvas: String,
}

pub fn page_request() -> PageRequest {
    #[cfg(all(target_arch = "wasm32", feature = "render"))]
    return browser::page_request();
    #[cfg(not(all(target_arch = "wasm32", feature = "render")))]
    PageRequest {
        authoring: false,
        canvas: "#pavilion-canvas".into(),
    }
}

/// What `pavilion.author` reports: the pick, the captured viewpoint, the
/// hotspot JSON, the moved hotspots and the scene file with them.
pub fn author_snapshot(a: &crate::authoring::Authoring, scene: Option<&ActiveScene>) -> serde_json::Value {
    let snippet = scene.and_then(|s| a.snippet(&s.manifest.default_language, s.manifest.hotspots.len() + 1));
    let edited = (scene.is_some() && !a.moved.is_empty()).then(|| a.edited_scene());
    let (edited, scene_error) = match edited {
        Some(Ok(text)) => (Some(text), None),
        Some(Err(e)) => (None, Some(e)),
        None => (None, None),
    };
    let file = scene.map(|s| crate::authoring::scene_file_name(&s.url));
    serde_json::json!({
        "enabled": a.enabled,
        "pick": a.pick,
        "viewpoint": a.viewpoint_json(),
        "snippet": snippet,
        "moved": a.moved.keys().collect::<Vec<_>>(),
        "scene": edited,
        "sceneError": scene_error,
        "file": file,
    })
}

/// The moments the page hears about, as (event kind, detail).
pub fn announcement(a: &Announce) -> (&'static str, serde_json::Value) {
    match a {
        Announce::HotspotOpened { id } => ("hotspot-open", serde_json::json!({ "id": id })),
        Announce::HotspotClosed { id } => ("hotspot-close", serde_json::json!({ "id": id })),
        Announce::LanguageChanged { language } => ("language-change", serde_json::json!({ "language": language })),
        Announce::ReloadFailed { message } => ("reload-error", serde_json::json!({ "message": message })),
        Announce::TourStep { tour, step } => ("tour-step", serde_json::json!({ "tour": tour, "step": step })),
        Announce::TourEnded { tour } => ("tour-end", serde_json::json!({ "tour": tour })),
    }
}

#[cfg(all(target_arch = "wasm32", feature = "render"))]
mod browser {
    use std::cell::{Cell, RefCell};

    use wasm_bindgen::prelude::*;

    use super::*;
    use crate::events::InterfaceReady;
    use crate::fonts::SiteRoot;
    use crate::loading::LoadTracker;
    use crate::visitor::about::AboutView;
    use crate::visitor::markers::{MarkerLabels, MarkerPlaces};
    use crate::visitor::panel::PanelView;
    use crate::visitor::toolbar::ToolbarView;
    use crate::visitor::tour_bar::TourBarView;

    #[wasm_bindgen]
    extern "C" {
        /// The page's side of one viewer (`web/viewer.js`). A page may run
        /// several viewers, each its own instance of this module; each
        /// claims its host as it starts (the page starts them one by one).
        type Host;
        #[wasm_bindgen(js_namespace = __pavilionHost, js_name = claim)]
        fn claim_host() -> Host;
        #[wasm_bindgen(method)]
        fn event(this: &Host, kind: &str, json: &str);
        #[wasm_bindgen(method, getter)]
        fn authoring(this: &Host) -> bool;
        #[wasm_bindgen(method, getter)]
        fn canvas(this: &Host) -> String;
    }

    thread_local! {
        static HOST: Host = claim_host();
        /// Wakes the viewer's event loop: it sleeps while nothing moves
        /// (see `pacing.rs`), and a page command must not wait for input.
        static WAKE: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
        /// The viewer's next frame is already coming (the last frame asked
        /// for one, or a command woke the loop since), so a command need
        /// not wake it. Waking it anyway would hold the frame back: winit
        /// cancels a pending animation frame to request another, and one
        /// requested inside an animation frame callback runs a frame later,
        /// so a page sending a command from every animation frame of its
        /// own (`setCamera` driven by its `requestAnimationFrame` loop)
        /// pushed the viewer's frame back every time and nothing moved.
        static FRAME_COMING: Cell<bool> = const { Cell::new(false) };
    }

    pub fn page_request() -> PageRequest {
        HOST.with(|h| PageRequest {
            authoring: h.authoring(),
            canvas: h.canvas(),
        })
    }

    /// Called by the page for every command (`pavilion.*` calls, clicks on
    /// the HTML interface).
    #[wasm_bindgen]
    pub fn pavilion_command(json: &str) {
        push_command(json);
        if FRAME_COMING.replace(true) {
            return;
        }
        WAKE.with(|w| {
            if let Some(wake) = &*w.borrow() {
                wake();
            }
        });
    }

    fn keep_waker(proxy: Res<bevy::winit::EventLoopProxyWrapper>) {
        let proxy = (**proxy).clone();
        WAKE.with(|w| {
            *w.borrow_mut() = Some(Box::new(move || {
                // Fails only once the loop has ended: nothing left to wake.
                let _ = proxy.send_event(bevy::winit::WinitUserEvent::WakeUp);
            }))
        });
    }

    /// Whether this frame asked for another (see [`FRAME_COMING`]).
    fn note_next_frame(pacing: Res<Pacing>) {
        FRAME_COMING.set(pacing.drawing());
    }

    pub(super) fn send(kind: &str, value: &impl Serialize) {
        let json = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
        HOST.with(|h| h.event(kind, &json));
    }

    pub fn plugin(app: &mut App) {
        app.add_systems(Startup, keep_waker)
            .add_systems(Last, note_next_frame.after(crate::pacing::PacingDecision));
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            let message = format!("The viewer stopped because of an internal error: {info}");
            send("error", &serde_json::json!({ "code": "panic", "message": message }));
        }));
        let page = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        app.insert_resource(SiteRoot(page))
            // Not at SceneReady: the page's `ready` promises that a click
            // on a reported marker opens it, so it waits for the interface.
            .add_observer(|_: On<InterfaceReady>| send("ready", &serde_json::json!({})))
            .add_observer(|ev: On<ViewerFailed>| send("error", ev.event()))
            .add_observer(|ev: On<CommandReply>| {
                let r = ev.event();
                let detail = match &r.result {
                    Ok(()) => serde_json::json!({ "seq": r.seq, "ok": true }),
                    Err(e) => serde_json::json!({ "seq": r.seq, "ok": false, "code": e.code, "message": e.message }),
                };
                send("reply", &detail);
            })
            // What features ask of the page.
            .add_observer(|ev: On<crate::events::CopyText>| send("copy", &ev.event().0))
            .add_observer(|ev: On<crate::events::SaveFile>| {
                let f = ev.event();
                send("download", &serde_json::json!({ "name": f.name, "text": f.text }));
            })
            .add_observer(|ev: On<Announce>| {
                let (kind, detail) = announcement(ev.event());
                send(kind, &detail);
            })
            .add_systems(
                Last,
                (
                    publish_state,
                    publish_camera,
                    publish_markers,
                    publish_views,
                    publish_progress,
                    publish_author,
                ),
            );
    }

    fn publish_state(
        status: Res<ViewerStatus>,
        scene: Option<Res<ActiveScene>>,
        language: Res<CurrentLanguage>,
        open: Res<OpenHotspotId>,
        text_ready: Res<TextReady>,
        ui: Res<UiStrings>,
        tour: Res<TourPlayer>,
        hidden: Res<HiddenCategories>,
        warnings: Res<crate::scene::SceneWarnings>,
        placed: Res<crate::loading::ModelsPlaced>,
        mut last: Local<Option<StateSnapshot>>,
    ) {
        let mut tour = tour.clone();
        tour.elapsed = 0.0; // not published: it changes every frame
        let snap = snapshot(
            &status,
            scene.as_deref(),
            &language,
            &open,
            &text_ready,
            &ui,
            &tour,
            &hidden,
            &warnings,
            &placed,
        );
        if last.as_ref() != Some(&snap) {
            send("state", &snap);
            *last = Some(snap);
        }
    }

    fn publish_camera(cams: Query<&crate::camera::OrbitCamera>, mut last: Local<Option<CameraSnapshot>>) {
        let Some(snap) = cams.iter().next().map(camera_snapshot) else {
            return;
        };
        if last.as_ref() != Some(&snap) {
            send("camera", &snap);
            *last = Some(snap);
        }
    }

    /// The marker buttons: their words when the scene or language changes,
    /// their places (one flat array) when something moved.
    fn publish_markers(labels: Res<MarkerLabels>, places: Res<MarkerPlaces>) {
        if labels.is_changed() {
            send("markers", &*labels);
        }
        if places.is_changed() {
            send("marker-places", &*places);
        }
    }

    fn publish_author(a: Res<crate::authoring::Authoring>, scene: Option<Res<ActiveScene>>) {
        if a.is_changed() && a.enabled {
            send("author", &author_snapshot(&a, scene.as_deref()));
        }
    }

    /// The visitor's widgets, each when it changed: the open panel, the
    /// toolbar, the tour bar and About (`null`: not shown).
    fn publish_views(panel: Res<PanelView>, toolbar: Res<ToolbarView>, tour_bar: Res<TourBarView>, about: Res<AboutView>) {
        if panel.is_changed() {
            send("panel", &panel.0);
        }
        if toolbar.is_changed() {
            send("toolbar", &toolbar.0);
        }
        if tour_bar.is_changed() {
            send("tour-bar", &tour_bar.0);
        }
        if about.is_changed() {
            send("about", &about.0);
        }
    }

    fn publish_progress(tracker: Res<LoadTracker>, ui: Res<UiStrings>, language: Res<CurrentLanguage>, mut last: Local<(usize, usize)>) {
        let p = tracker.progress();
        if p != *last && p.1 > 0 {
            let lang = if language.tag.is_empty() { "en" } else { language.tag.as_str() };
            let text = format!("{} {}/{}", ui.get(lang, "loading-scene", &[]), p.0, p.1);
            send("progress", &serde_json::json!({ "loaded": p.0, "total": p.1, "text": text }));
            *last = p;
        }
    }
}
