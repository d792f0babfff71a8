//! Headless Bevy app tests (no GPU, no window): the viewer's content plugins
//! driven through the same events the page and the UI send.

use bevy::prelude::*;
use pavilion_content::SceneManifest;
use pavilion_content::command::Command;
use pavilion_viewer::ContentPlugins;
use pavilion_viewer::events::{
    Announce, CloseHotspot, DeepLink, LoadScene, OpenHotspot, SceneReady, SetLanguage, Status, StepHotspot, ViewerStatus,
};
use pavilion_viewer::hotspots::{HotspotMarker, OpenHotspotId, Panel};
use pavilion_viewer::language::CurrentLanguage;
use pavilion_viewer::scene::ActiveScene;

const GALLERY: &str = include_str!("../../../assets/scenes/gallery/scene.json");
const URL: &str = "http://127.0.0.1:8080/assets/scenes/gallery/scene.json";

#[derive(Resource, Default)]
struct Heard(Vec<String>);

fn app() -> App {
    app_with(|_| {})
}

/// `app()` with more plugins, added before its first frame (their
/// `Startup` systems run).
fn app_with(more: impl FnOnce(&mut App)) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, ContentPlugins));
    more(&mut app);
    app.init_resource::<Heard>()
        .add_observer(|ev: On<Announce>, mut heard: ResMut<Heard>| {
            heard.0.push(format!("{:?}", ev.event()));
        });
    app.update();
    app
}

fn load(app: &mut App, text: &str, requested: &[&str], open: Option<&str>) {
    let link = DeepLink {
        hotspot: open.map(str::to_string),
        ..default()
    };
    load_link(app, text, requested, link);
}

/// Loads a scene as the page does for a shared link (`?tour=`, `?view=`, …).
fn load_link(app: &mut App, text: &str, requested: &[&str], link: DeepLink) {
    app.world_mut().trigger(LoadScene {
        url: URL.into(),
        text: text.into(),
        requested: requested.iter().map(|s| s.to_string()).collect(),
        link,
        author: false,
        reload: false,
        asset_origins: None,
    });
    app.update();
}

fn manifest() -> SceneManifest {
    serde_json::from_str(GALLERY).unwrap()
}

fn panel(app: &App) -> Option<pavilion_viewer::hotspots::PanelContent> {
    app.world().resource::<Panel>().0.clone()
}

fn trigger(app: &mut App, event: impl Event<Trigger<'static>: Default>) {
    app.world_mut().trigger(event);
    app.update();
}

#[test]
fn loading_a_manifest_spawns_its_hotspots() {
    let mut app = app();
    load(&mut app, GALLERY, &["en-GB"], None);
    let m = manifest();
    let world = app.world_mut();
    let mut ids: Vec<(usize, String)> = world
        .query::<&HotspotMarker>()
        .iter(world)
        .map(|h| (h.index, h.id.clone()))
        .collect();
    ids.sort();
    let want: Vec<(usize, String)> = m.hotspots.iter().enumerate().map(|(i, h)| (i, h.id.clone())).collect();
    assert_eq!(ids, want);
    assert!(ids.len() >= 5);
    assert_eq!(app.world().resource::<CurrentLanguage>().tag, "en");
    assert_eq!(app.world().resource::<ViewerStatus>().status, Status::Loading);
    assert!(app.world().get_resource::<ActiveScene>().is_some());
}

#[test]
fn reloading_replaces_the_hotspots() {
    let mut app = app();
    load(&mut app, GALLERY, &[], None);
    load(&mut app, GALLERY, &[], None);
    let world = app.world_mut();
    assert_eq!(world.query::<&HotspotMarker>().iter(world).count(), manifest().hotspots.len());
}

#[test]
fn opening_closing_and_stepping_through_hotspots() {
    let mut app = app();
    load(&mut app, GALLERY, &["en"], None);
    let m = manifest();
    let (first, second, last) = (&m.hotspots[0], &m.hotspots[1], m.hotspots.last().unwrap());
    assert_eq!(panel(&app), None);

    trigger(&mut app, OpenHotspot { id: second.id.clone() });
    let p = panel(&app).expect("panel open");
    assert_eq!(
        (p.id.as_str(), p.title.as_str(), p.language.as_str(), p.dir),
        (second.id.as_str(), second.title.0["en"].as_str(), "en", "ltr")
    );
    assert_eq!(p.body, second.body.0["en"]);
    assert_eq!((p.index, p.total), (1, m.hotspots.len()));

    trigger(&mut app, StepHotspot(-1));
    assert_eq!(panel(&app).unwrap().id, first.id);
    trigger(&mut app, StepHotspot(-1));
    assert_eq!(panel(&app).unwrap().id, last.id, "stepping back from the first wraps to the last");
    trigger(&mut app, StepHotspot(1));
    assert_eq!(panel(&app).unwrap().id, first.id);

    trigger(&mut app, CloseHotspot);
    assert_eq!(panel(&app), None);
    assert_eq!(app.world().resource::<OpenHotspotId>().0, None);

    let heard = &app.world().resource::<Heard>().0;
    let opened = heard.iter().filter(|h| h.starts_with("HotspotOpened")).count();
    let closed = heard.iter().filter(|h| h.starts_with("HotspotClosed")).count();
    assert_eq!((opened, closed), (4, 4), "{heard:?}");
}

#[test]
fn unknown_hotspot_ids_change_nothing() {
    let mut app = app();
    load(&mut app, GALLERY, &[], None);
    trigger(
        &mut app,
        OpenHotspot {
            id: "no-such-hotspot".into(),
        },
    );
    assert_eq!(panel(&app), None);
}

#[test]
fn switching_language_updates_the_open_panel() {
    let mut app = app();
    load(&mut app, GALLERY, &["fr-CA"], None);
    let m = manifest();
    let h = &m.hotspots[0];
    assert_eq!(app.world().resource::<CurrentLanguage>().tag, "fr");
    trigger(&mut app, OpenHotspot { id: h.id.clone() });
    assert_eq!(panel(&app).unwrap().title, h.title.0["fr"]);

    trigger(&mut app, SetLanguage { tag: "ja".into() });
    let p = panel(&app).unwrap();
    assert_eq!((p.language.as_str(), p.title.as_str()), ("ja", h.title.0["ja"].as_str()));

    trigger(&mut app, SetLanguage { tag: "ar".into() });
    let p = panel(&app).unwrap();
    assert_eq!((p.language.as_str(), p.dir), ("ar", "rtl"));

    trigger(&mut app, SetLanguage { tag: "zh-HK".into() });
    let p = panel(&app).unwrap();
    assert_eq!((p.language.as_str(), p.title.as_str()), ("zh-Hant", h.title.0["zh-Hant"].as_str()));
    assert_eq!(p.chain[..4], ["zh-HK", "zh-Hant-HK", "zh-Hant", "zh"]);

    trigger(&mut app, SetLanguage { tag: "fa-IR".into() });
    let p = panel(&app).unwrap();
    assert_eq!((p.language.as_str(), p.dir), ("fa", "rtl"));

    // A language the scene does not offer falls back to the default.
    trigger(&mut app, SetLanguage { tag: "nl".into() });
    assert_eq!(panel(&app).unwrap().language, m.default_language);
    let heard = &app.world().resource::<Heard>().0;
    assert!(
        heard.iter().any(|h| h.contains("LanguageChanged { language: \"ja\" }")),
        "{heard:?}"
    );
}

#[test]
fn the_requested_hotspot_opens_when_the_scene_is_ready() {
    let mut app = app();
    let id = manifest().hotspots[2].id.clone();
    load(&mut app, GALLERY, &[], Some(&id));
    assert_eq!(panel(&app), None, "not before the scene is ready");
    trigger(&mut app, SceneReady);
    assert_eq!(panel(&app).unwrap().id, id);
    assert_eq!(app.world().resource::<ViewerStatus>().status, Status::Ready);
}

#[test]
fn an_invalid_manifest_sets_an_error_with_its_position() {
    let mut app = app();
    let broken = GALLERY.replacen("\"defaultLanguage\"", "\"defaultLanguag\"", 1);
    load(&mut app, &broken, &[], None);
    let status = app.world().resource::<ViewerStatus>().clone();
    assert_eq!(status.status, Status::Error);
    let err = status.error.unwrap();
    assert_eq!(err.code, "scene-invalid");
    assert!(err.message.contains(&format!("{URL}:")), "{}", err.message);
    assert!(err.message.contains("unknown field `defaultLanguag`"), "{}", err.message);
}

#[test]
fn a_hotspot_in_an_unknown_language_is_an_error() {
    let mut app = app();
    let mut v: serde_json::Value = serde_json::from_str(GALLERY).unwrap();
    v["hotspots"][0]["title"]["nl"] = "Hoofd".into();
    load(&mut app, &serde_json::to_string_pretty(&v).unwrap(), &[], None);
    let err = app.world().resource::<ViewerStatus>().error.clone().unwrap();
    assert!(
        err.message.contains("unknown-language") && err.message.contains("/hotspots/0/title/nl"),
        "{}",
        err.message
    );
}

/// The page's command queue is one per process: tests that use it take turns.
static COMMAND_QUEUE: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn page_commands_drive_the_viewer() {
    let _turn = COMMAND_QUEUE.lock().unwrap_or_else(|e| e.into_inner());
    let mut app = app();
    app.add_plugins(pavilion_viewer::web_bridge::plugin);
    let load = serde_json::json!({"type": "loadScene", "url": URL, "text": GALLERY, "requested": ["es-MX"], "hotspot": null});
    pavilion_viewer::web_bridge::push_command(&load.to_string());
    app.update();
    app.update();
    assert_eq!(app.world().resource::<CurrentLanguage>().tag, "es");
    let id = manifest().hotspots[0].id.clone();
    pavilion_viewer::web_bridge::push_command(&serde_json::json!({"type": "openHotspot", "id": id}).to_string());
    pavilion_viewer::web_bridge::push_command(r#"{"type": "setLanguage", "tag": "ja"}"#);
    pavilion_viewer::web_bridge::push_command(r#"{"type": "noSuchCommand"}"#);
    app.update();
    app.update();
    let p = panel(&app).unwrap();
    assert_eq!((p.id.as_str(), p.language.as_str()), (id.as_str(), "ja"));
    pavilion_viewer::web_bridge::push_command(r#"{"type": "closeHotspot"}"#);
    app.update();
    app.update();
    assert_eq!(panel(&app), None);
}

/// Every numbered call from the page gets a reply: applied, or refused with
/// a code and a reason (never something else silently done instead).
#[test]
fn every_page_call_is_answered_and_what_cannot_be_done_is_refused() {
    use pavilion_viewer::web_bridge::CommandReply;
    let _turn = COMMAND_QUEUE.lock().unwrap_or_else(|e| e.into_inner());
    let mut app = app();
    app.add_plugins(pavilion_viewer::web_bridge::plugin);
    #[derive(Resource, Default)]
    struct Replies(Vec<CommandReply>);
    app.init_resource::<Replies>()
        .add_observer(|ev: On<CommandReply>, mut r: ResMut<Replies>| r.0.push(ev.event().clone()));
    let call = |app: &mut App, seq: u64, json: serde_json::Value| {
        let mut json = json;
        json["seq"] = seq.into();
        pavilion_viewer::web_bridge::push_command(&json.to_string());
        app.update();
        let replies = &app.world().resource::<Replies>().0;
        let reply = replies.iter().find(|r| r.seq == seq).cloned();
        reply.unwrap_or_else(|| panic!("no reply to call {seq}"))
    };
    let refused = |reply: CommandReply| reply.result.expect_err("refused").code;
    use serde_json::json;
    assert_eq!(
        refused(call(&mut app, 1, json!({"type": "openHotspot", "id": "venus-face"}))),
        "not-ready"
    );
    load(&mut app, GALLERY, &["en"], None);

    assert_eq!(call(&mut app, 2, json!({"type": "openHotspot", "id": "venus-face"})).result, Ok(()));
    assert_eq!(open_id(&app).as_deref(), Some("venus-face"));
    assert_eq!(
        refused(call(&mut app, 3, json!({"type": "openHotspot", "id": "nope"}))),
        "unknown-hotspot"
    );
    assert_eq!(open_id(&app).as_deref(), Some("venus-face"), "a refused call changes nothing");

    // `jp` is no language the scene offers (Japanese is `ja`): not the default instead.
    assert_eq!(
        refused(call(&mut app, 4, json!({"type": "setLanguage", "tag": "jp"}))),
        "unknown-language"
    );
    assert_eq!(
        refused(call(&mut app, 5, json!({"type": "setLanguage", "tag": "not a tag"}))),
        "invalid-argument"
    );
    assert_eq!(app.world().resource::<CurrentLanguage>().tag, "en");
    assert_eq!(call(&mut app, 6, json!({"type": "setLanguage", "tag": "fr-CA"})).result, Ok(()));
    app.update();
    assert_eq!(app.world().resource::<CurrentLanguage>().tag, "fr");

    // A visible flag that is not a boolean cannot be read.
    assert_eq!(
        refused(call(
            &mut app,
            7,
            json!({"type": "setCategoryVisible", "id": "sculpture", "visible": "false"})
        )),
        "command-invalid"
    );
    assert_eq!(
        refused(call(&mut app, 8, json!({"type": "goToViewpoint", "id": "ceiling"}))),
        "unknown-viewpoint"
    );
    assert_eq!(refused(call(&mut app, 9, json!({"type": "tour", "action": "next"}))), "no-tour");
    let steps = manifest().tour("highlights").unwrap().steps.len();
    let beyond = call(&mut app, 10, json!({"type": "startTour", "id": "highlights", "step": steps}));
    assert_eq!(refused(beyond.clone()), "unknown-step");
    assert!(beyond.result.unwrap_err().message.contains(&format!("has {steps} steps")));
    assert_eq!(
        refused(call(&mut app, 11, json!({"type": "startTour", "id": "grand", "step": 0}))),
        "unknown-tour"
    );
    assert_eq!(
        call(&mut app, 12, json!({"type": "startTour", "id": "highlights", "step": 1})).result,
        Ok(())
    );
    assert_eq!(call(&mut app, 13, json!({"type": "tour", "action": "pause"})).result, Ok(()));

    // setCamera takes the camera as state().camera gives it.
    let camera = |extra: serde_json::Value| {
        let mut c = json!({"type": "setCamera", "position": [1.0, 2.0, 3.0], "target": [0.0, 1.0, 0.0]});
        c.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        c
    };
    assert_eq!(call(&mut app, 14, camera(json!({"fov": 40, "animate": true}))).result, Ok(()));
    assert_eq!(call(&mut app, 15, camera(json!({}))).result, Ok(()));
    for (seq, bad, code) in [
        (16, json!({"fov": 0.2}), "invalid-argument"),
        (17, json!({"target": [1.0, 2.0, 3.0]}), "invalid-argument"),
        (18, json!({"position": [1e39, 0, 0]}), "invalid-argument"),
        (19, json!({"position": [1, 2]}), "command-invalid"),
        (20, json!({"fov": "wide"}), "command-invalid"),
    ] {
        let reply = call(&mut app, seq, camera(bad.clone()));
        assert_eq!(refused(reply), code, "{bad}");
    }
}

#[test]
fn a_scene_command_the_viewer_cannot_read_is_an_error_not_a_wait() {
    let _turn = COMMAND_QUEUE.lock().unwrap_or_else(|e| e.into_inner());
    let mut app = app();
    app.add_plugins(pavilion_viewer::web_bridge::plugin);
    pavilion_viewer::web_bridge::push_command(r#"{"type": "loadScene", "url": 5, "text": ""}"#);
    app.update();
    let status = app.world().resource::<ViewerStatus>();
    assert_eq!(status.status, Status::Error);
    let error = status.error.as_ref().unwrap();
    assert_eq!(error.code, "command-invalid");
    assert!(error.message.contains("invalid type"), "{}", error.message);
}

#[test]
fn a_scene_overrides_ui_strings_and_the_next_scene_does_not_inherit_them() {
    use pavilion_viewer::language::UiStrings;
    let mut app = app();
    let with_strings = GALLERY.replacen(
        "\"defaultLanguage\"",
        "\"strings\": {\"fr\": {\"about\": \"L’exposition\"}, \"en\": {\"about\": \"The exhibition\"}},\n  \"defaultLanguage\"",
        1,
    );
    load(&mut app, &with_strings, &["fr"], None);
    let ui = app.world().resource::<UiStrings>();
    assert_eq!(ui.get("fr", "about", &[]), "L’exposition");
    assert_eq!(ui.get("en", "about", &[]), "The exhibition");
    assert_eq!(ui.get("de", "about", &[]), "Info");
    load(&mut app, GALLERY, &["fr"], None);
    assert_eq!(app.world().resource::<UiStrings>().get("fr", "about", &[]), "À propos");
}

/// What the page sends when the scene file changed under `?author=1`.
fn live_reload(app: &mut App, text: &str) {
    app.world_mut().trigger(LoadScene {
        url: URL.into(),
        text: text.into(),
        requested: vec!["en".into()],
        link: DeepLink::default(),
        author: true,
        reload: true,
        asset_origins: None,
    });
    app.update();
}

#[test]
fn a_live_reload_with_errors_keeps_the_scene_and_says_why() {
    let mut app = app();
    load(&mut app, GALLERY, &["en"], None);
    let broken = GALLERY.replacen("\"id\": \"venus-arms\"", "\"id\": \"venus-face\"", 1);
    live_reload(&mut app, &broken);
    assert_ne!(app.world().resource::<ViewerStatus>().status, Status::Error);
    let world = app.world_mut();
    assert_eq!(world.query::<&HotspotMarker>().iter(world).count(), manifest().hotspots.len());
    let heard = &app.world().resource::<Heard>().0;
    assert!(
        heard.iter().any(|h| h.contains("ReloadFailed") && h.contains("duplicate-id")),
        "{heard:?}"
    );
    // A good edit replaces the scene.
    let edited = GALLERY.replacen("A calm, idealised face", "A calm face", 1);
    live_reload(&mut app, &edited);
    let scene = app.world().resource::<ActiveScene>();
    assert!(scene.reload);
    assert_eq!(scene.manifest.hotspots[0].title.0["en"], "A calm face");
}

/// Where the camera was sent (flown or cut), in order.
#[derive(Resource, Default)]
struct Flights(Vec<[f32; 3]>);

/// The camera settings taken at once (`SetCamera` without animation).
#[derive(Resource, Default)]
struct Cuts(Vec<pavilion_content::manifest::Viewpoint>);

/// An app that records where the camera is sent and steps time by a second per update.
fn tour_app() -> App {
    let mut app = app();
    app.init_resource::<Flights>()
        .init_resource::<Cuts>()
        .insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(std::time::Duration::from_secs(1)))
        .add_observer(|ev: On<pavilion_viewer::events::FlyTo>, mut f: ResMut<Flights>| f.0.push(ev.0.position))
        .add_observer(
            |ev: On<pavilion_viewer::events::SetCamera>, mut f: ResMut<Flights>, mut cuts: ResMut<Cuts>| {
                f.0.push(ev.view.position);
                if !ev.animate {
                    cuts.0.push(ev.view);
                }
            },
        );
    // Virtual time caps each step at a quarter second unless told otherwise.
    app.world_mut()
        .resource_mut::<Time<Virtual>>()
        .set_max_delta(std::time::Duration::from_secs(2));
    load(&mut app, GALLERY, &["en"], None);
    app
}

fn player(app: &App) -> pavilion_viewer::tours::TourPlayer {
    app.world().resource::<pavilion_viewer::tours::TourPlayer>().clone()
}

fn open_id(app: &App) -> Option<String> {
    app.world().resource::<OpenHotspotId>().0.clone()
}

fn last_flight(app: &App) -> [f32; 3] {
    *app.world().resource::<Flights>().0.last().expect("the camera was sent somewhere")
}

/// A tour app that loaded the gallery with `link` and followed it once the
/// scene was ready; `Flights` holds only where following it sent the camera.
fn followed(link: DeepLink) -> App {
    let mut app = tour_app();
    load_link(&mut app, GALLERY, &["en"], link);
    app.world_mut().resource_mut::<Flights>().0.clear();
    trigger(&mut app, SceneReady);
    app.update();
    app
}

#[test]
fn a_tour_plays_steps_through_and_ends() {
    use pavilion_content::command::TourAction;
    use pavilion_viewer::tours::{StartTour, TourControl};
    let mut app = tour_app();
    let m = manifest();
    let tour = m.tour("highlights").unwrap().clone();
    let view = |id: &str| m.viewpoint(id).unwrap().position;
    trigger(
        &mut app,
        StartTour {
            id: "highlights".into(),
            step: 0,
        },
    );
    app.update();
    let p = player(&app);
    assert_eq!(
        (p.tour.as_deref(), p.step, p.steps, p.playing),
        (Some("highlights"), 0, tour.steps.len(), true)
    );
    assert_eq!(open_id(&app), None, "the first step only moves the camera");
    assert_eq!(last_flight(&app), view("overview"));

    // Playing: after the first step's duration the second step opens its
    // hotspot. The clock starts with the frame that first shows the step,
    // not the (possibly stalled) frame before it: one second short, it stays.
    // (Two updates so far: the one that showed the step and one second more.)
    for _ in 2..tour.steps[0].seconds() as usize {
        app.update();
    }
    assert_eq!(player(&app).step, 0, "the step ended before its duration");
    app.update();
    assert_eq!(player(&app).step, 1);
    assert_eq!(open_id(&app).as_deref(), tour.steps[1].hotspot.as_deref());
    assert_eq!(last_flight(&app), m.hotspot("venus-face").unwrap().viewpoint.unwrap().position);

    // Paused, it stays; stepping still works both ways.
    trigger(&mut app, TourControl(TourAction::Pause));
    for _ in 0..20 {
        app.update();
    }
    assert_eq!((player(&app).step, player(&app).playing), (1, false));
    trigger(&mut app, TourControl(TourAction::Next));
    trigger(&mut app, TourControl(TourAction::Next));
    app.update();
    let p = player(&app);
    assert_eq!(p.step, 3);
    assert_eq!(open_id(&app).as_deref(), Some("bust-face"));
    // The step's own viewpoint wins over the hotspot's.
    assert_eq!(last_flight(&app), view("bust"));
    trigger(&mut app, TourControl(TourAction::Previous));
    assert_eq!((player(&app).step, open_id(&app).as_deref()), (2, Some("venus-arms")));

    // Played to the end, it stops on the last step; play again restarts it.
    trigger(&mut app, TourControl(TourAction::Next));
    trigger(&mut app, TourControl(TourAction::Play));
    for _ in 0..30 {
        app.update();
    }
    assert_eq!((player(&app).step, player(&app).playing), (3, false));
    trigger(&mut app, TourControl(TourAction::Toggle));
    assert_eq!((player(&app).step, player(&app).playing), (0, true));
    assert_eq!(open_id(&app), None);

    trigger(&mut app, TourControl(TourAction::End));
    assert_eq!(player(&app).tour, None);
    let heard = &app.world().resource::<Heard>().0;
    assert!(
        heard.iter().any(|h| h.contains("TourStep { tour: \"highlights\", step: 3 }")),
        "{heard:?}"
    );
    assert!(heard.last().unwrap().contains("TourEnded"), "{heard:?}");
}

#[test]
fn grabbing_the_camera_pauses_a_tour_but_a_press_on_the_interface_does_not() {
    use pavilion_viewer::events::InterfaceFocus;
    use pavilion_viewer::tours::StartTour;
    let mut app = tour_app();
    trigger(
        &mut app,
        StartTour {
            id: "highlights".into(),
            step: 0,
        },
    );
    let mut buttons = ButtonInput::<MouseButton>::default();
    buttons.press(MouseButton::Left);
    app.insert_resource(buttons);
    // The interface (the tour bar, say) has the pointer: the press is its.
    app.insert_resource(InterfaceFocus {
        pointer: true,
        keyboard: false,
    });
    app.update();
    assert!(player(&app).playing, "a press on the interface paused the tour");
    // The same press on the scene grabs the camera.
    app.insert_resource(InterfaceFocus::default());
    app.update();
    assert!(!player(&app).playing, "grabbing the camera did not pause the tour");
}

#[test]
fn a_shared_link_starts_its_tour_at_its_step_once_the_scene_is_ready() {
    let mut app = tour_app();
    let m = manifest();
    let link = DeepLink {
        tour: Some("highlights".into()),
        step: Some("3".into()),
        // The tour wins: its step says what to open and where to look.
        hotspot: Some("bust-face".into()),
        view: Some("overview".into()),
        camera: Some("9,9,9,0,0,0".into()),
    };
    load_link(&mut app, GALLERY, &["en"], link);
    assert_eq!(player(&app).tour, None, "not before the scene is ready");
    trigger(&mut app, SceneReady);
    app.update();
    let p = player(&app);
    assert_eq!((p.tour.as_deref(), p.step, p.playing), (Some("highlights"), 2, true));
    let step = &m.tour("highlights").unwrap().steps[2];
    assert_eq!(open_id(&app), step.hotspot);
    assert_eq!(last_flight(&app), m.hotspot("venus-arms").unwrap().viewpoint.unwrap().position);
}

#[test]
fn a_shared_link_with_a_step_the_tour_lacks_starts_it_at_the_first_and_says_so() {
    use pavilion_viewer::scene::SceneWarnings;
    // 5000000001 does not fit the 32-bit usize of wasm: it once made the
    // whole loadScene command fail to decode and the viewer wait forever.
    for (step, says) in [
        ("5000000001", "&step=5000000001"),
        ("0", "&step=0"),
        ("two", "&step=two"),
        ("-1", "&step=-1"),
    ] {
        let json = format!(r#"{{"type": "loadScene", "url": "{URL}", "text": "", "tour": "highlights", "step": "{step}"}}"#);
        let Command::LoadScene { link, .. } = serde_json::from_str::<Command>(&json).unwrap() else {
            panic!("not a loadScene");
        };
        let app = followed(link);
        let p = player(&app);
        assert_eq!((p.tour.as_deref(), p.step, p.playing), (Some("highlights"), 0, true), "{step}");
        let warnings = &app.world().resource::<SceneWarnings>().0;
        assert!(
            warnings.iter().any(|w| w.contains(says) && w.contains("starting at step 1")),
            "{step}: {warnings:?}"
        );
    }
}

#[test]
fn a_shared_link_opens_its_hotspot_seen_from_its_view() {
    let m = manifest();
    let link = DeepLink {
        hotspot: Some("venus-face".into()),
        view: Some("bust".into()),
        ..default()
    };
    let app = followed(link);
    assert_eq!(open_id(&app).as_deref(), Some("venus-face"));
    assert_eq!(player(&app).tour, None);
    // The view wins over the hotspot's own (flown to first).
    let flights = &app.world().resource::<Flights>().0;
    assert_eq!(
        flights.as_slice(),
        [
            m.hotspot("venus-face").unwrap().viewpoint.unwrap().position,
            m.viewpoint("bust").unwrap().position
        ]
    );
    let warnings = &app.world().resource::<pavilion_viewer::scene::SceneWarnings>().0;
    // (No models in this app: its anchored hotspots are reported unplaced.)
    assert!(!warnings.iter().any(|w| w.contains("link")), "{warnings:?}");
}

#[test]
fn a_shared_link_naming_what_the_scene_lacks_is_reported_and_the_rest_shown() {
    use pavilion_viewer::scene::SceneWarnings;
    let link = DeepLink {
        tour: Some("grand-tour".into()),
        hotspot: Some("venus-face".into()),
        view: Some("ceiling".into()),
        step: None,
        camera: Some("1,2,3,4,5".into()),
    };
    let app = followed(link);
    assert_eq!(player(&app).tour, None);
    assert_eq!(
        open_id(&app).as_deref(),
        Some("venus-face"),
        "the known part of the link is followed"
    );
    let warnings = &app.world().resource::<SceneWarnings>().0;
    // (No models in this app: its anchored hotspots are reported unplaced.)
    let about_the_link: Vec<&String> = warnings.iter().filter(|w| w.contains("link")).collect();
    assert_eq!(
        about_the_link,
        [
            &format!("{URL}: the link's ?tour=grand-tour names no tour of this scene"),
            &format!("{URL}: the link's ?view=ceiling names no viewpoint of this scene"),
            &format!(
                "{URL}: the link's &camera=1,2,3,4,5 has 5 numbers, not 6 or 7; it takes the eye's x,y,z, the target's x,y,z and optionally the field of view in degrees"
            ),
        ]
    );
}

#[test]
fn a_shared_link_restores_its_camera_at_once_over_its_view_and_hotspot() {
    let m = manifest();
    let link = DeepLink {
        hotspot: Some("venus-face".into()),
        view: Some("bust".into()),
        camera: Some(" 1.5,1.25,-2, 0,1.1,0.25 ,35".into()),
        ..default()
    };
    let app = followed(link);
    assert_eq!(open_id(&app).as_deref(), Some("venus-face"));
    // The hotspot's own flight first, then the link's camera, taken at once.
    let flights = &app.world().resource::<Flights>().0;
    assert_eq!(
        flights.as_slice(),
        [m.hotspot("venus-face").unwrap().viewpoint.unwrap().position, [1.5, 1.25, -2.0]]
    );
    let cuts = &app.world().resource::<Cuts>().0;
    assert_eq!(
        cuts.as_slice(),
        [pavilion_content::manifest::Viewpoint {
            position: [1.5, 1.25, -2.0],
            target: [0.0, 1.1, 0.25],
            fov: Some(35.0)
        }]
    );
}

#[test]
fn a_link_camera_that_is_not_a_camera_is_reported() {
    for (camera, why) in [
        ("1,2,3,x,5,6", "is not a list of numbers"),
        ("1,2,3,4,5,6,7,8", "has 8 numbers, not 6 or 7"),
        ("1,2,3,4,5,6,0.5", "has a field of view outside 1..179 degrees"),
        ("1,2,3,1,2,3", "puts the eye on its target"),
        ("1e39,2,3,4,5,6", "has a number too large for the viewer"),
    ] {
        let link = DeepLink {
            camera: Some(camera.into()),
            ..default()
        };
        let problem = link.camera_view().expect("a camera").expect_err(camera);
        assert!(problem.contains(why), "{camera}: {problem}");
    }
    assert_eq!(DeepLink::default().camera_view(), None);
}

#[test]
fn unknown_tours_and_viewpoints_change_nothing_and_named_views_fly() {
    use pavilion_viewer::tours::{GoToViewpoint, StartTour};
    let mut app = tour_app();
    trigger(
        &mut app,
        StartTour {
            id: "nowhere".into(),
            step: 0,
        },
    );
    trigger(&mut app, GoToViewpoint { id: "nowhere".into() });
    assert_eq!(player(&app).tour, None);
    assert!(app.world().resource::<Flights>().0.is_empty());
    trigger(&mut app, GoToViewpoint { id: "venus".into() });
    assert_eq!(last_flight(&app), manifest().viewpoint("venus").unwrap().position);
}

#[test]
fn hidden_categories_are_skipped_and_close_their_open_hotspot() {
    use pavilion_viewer::hotspots::SetCategoryVisible;
    let mut app = app();
    load(&mut app, GALLERY, &["en"], None);
    let m = manifest();
    assert_eq!(m.hotspot("venus-face").unwrap().category.as_deref(), Some("art"));
    trigger(&mut app, OpenHotspot { id: "venus-face".into() });
    trigger(
        &mut app,
        SetCategoryVisible {
            id: "art".into(),
            visible: false,
        },
    );
    assert_eq!(open_id(&app), None);
    let mut seen = Vec::new();
    for _ in 0..4 {
        trigger(&mut app, StepHotspot(1));
        seen.push(open_id(&app).unwrap());
    }
    // Only the hotspots outside "art", round and round.
    assert_eq!(seen, ["venus-arms", "bust-scan", "venus-arms", "bust-scan"]);
    trigger(
        &mut app,
        SetCategoryVisible {
            id: "art".into(),
            visible: true,
        },
    );
    trigger(&mut app, StepHotspot(-1));
    assert_eq!(open_id(&app).as_deref(), Some("bust-face"), "back from bust-scan, art is in again");
    let p = panel(&app).unwrap();
    assert_eq!(p.category.as_deref(), Some("Sculpture"));
}

#[test]
fn order_sets_marker_numbers_and_stepping() {
    let mut v: serde_json::Value = serde_json::from_str(GALLERY).unwrap();
    v["hotspots"][4]["order"] = 1.into(); // bust-scan first
    v["hotspots"][2]["order"] = 2.into(); // venus-drapery second
    let mut app = app();
    load(&mut app, &v.to_string(), &["en"], None);
    let world = app.world_mut();
    let mut ranks: Vec<(usize, String)> = world
        .query::<&HotspotMarker>()
        .iter(world)
        .map(|m| (m.rank, m.id.clone()))
        .collect();
    ranks.sort();
    let ids: Vec<&str> = ranks.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(ids, ["bust-scan", "venus-drapery", "venus-face", "venus-arms", "bust-face"]);
    trigger(&mut app, StepHotspot(1));
    assert_eq!(open_id(&app).as_deref(), Some("bust-scan"));
    assert_eq!(panel(&app).unwrap().index, 0);
    trigger(&mut app, StepHotspot(1));
    assert_eq!(open_id(&app).as_deref(), Some("venus-drapery"));
}

#[test]
fn anchored_hotspots_follow_their_node() {
    use pavilion_viewer::scene::{ModelRoot, model_transform};
    let mut app = app();
    app.add_plugins(bevy::transform::TransformPlugin);
    load(&mut app, GALLERY, &["en"], None);
    let m = manifest();
    let marker = |app: &mut App| {
        let world = app.world_mut();
        world
            .query::<&HotspotMarker>()
            .iter(world)
            .find(|h| h.id == "bust-face")
            .unwrap()
            .clone()
    };
    assert!(!marker(&mut app).placed, "not placed before its model is there");
    // The model as bevy_gltf spawns it: root, instance, scene root, node, mesh.
    let model = m.models.iter().find(|x| x.id == "bust").unwrap();
    let root = app
        .world_mut()
        .spawn((ModelRoot { id: "bust".into() }, model_transform(model)))
        .id();
    let scene = app
        .world_mut()
        .spawn((Name::new("Scene0"), Transform::default(), ChildOf(root)))
        .id();
    app.world_mut().spawn((
        Name::new("marble_bust_01"),
        Transform::from_xyz(0.0, 0.028335653, 0.0),
        ChildOf(scene),
    ));
    app.update();
    let placed = marker(&mut app);
    assert!(placed.placed);
    // Where the scene used to give it in scene coordinates, before it was anchored.
    let before = Vec3::new(0.7394, 1.4479, 0.1469);
    assert!(placed.position.distance(before) < 1e-3, "{:?}", placed.position);
    let normal = placed.normal.unwrap();
    assert!(normal.distance(Vec3::new(-0.267, 0.1482, 0.9522).normalize()) < 1e-3, "{normal:?}");
    // Moving the model carries the hotspot with it.
    app.world_mut().get_mut::<Transform>(root).unwrap().translation.x += 1.0;
    app.update();
    assert!(marker(&mut app).position.distance(before + Vec3::X) < 1e-3);
}

#[test]
fn an_anchor_naming_a_missing_node_is_reported_once_the_scene_is_ready() {
    use pavilion_viewer::scene::ModelRoot;
    use pavilion_viewer::scene::SceneWarnings;
    let mut app = app();
    app.add_plugins(bevy::transform::TransformPlugin);
    let text = GALLERY.replacen("\"node\": \"marble_bust_01\"", "\"node\": \"Head\"", 1);
    load(&mut app, &text, &["en"], None);
    assert!(app.world().resource::<SceneWarnings>().0.is_empty());
    let root = app.world_mut().spawn((ModelRoot { id: "bust".into() }, Transform::default())).id();
    app.world_mut()
        .spawn((Name::new("marble_bust_01"), Transform::default(), ChildOf(root)));
    app.update();
    trigger(&mut app, SceneReady);
    let warnings = &app.world().resource::<SceneWarnings>().0;
    assert_eq!(
        warnings,
        &[format!(
            "{URL}: hotspot \"bust-face\" is not shown: model \"bust\" has no node named \"Head\""
        )]
    );
}

// The visitor views the page renders as HTML (markers, panel).

use pavilion_viewer::hotspots::{MarkerScreen, edge_point};

#[test]
fn an_off_screen_marker_waits_on_the_edge_towards_it() {
    let view = Vec2::new(800.0, 600.0);
    // Left of the camera, in front and behind: the left edge, at mid height.
    assert_eq!(edge_point(Vec3::new(-5.0, 0.0, -1.0), view, 22.0), Vec2::new(22.0, 300.0));
    assert_eq!(edge_point(Vec3::new(-5.0, 0.0, 3.0), view, 22.0), Vec2::new(22.0, 300.0));
    // Above: the top edge (screen y grows downwards).
    assert_eq!(edge_point(Vec3::new(0.0, 4.0, -1.0), view, 22.0), Vec2::new(400.0, 22.0));
    // Down and right at 45°: the bottom edge first (the view is wider than tall).
    let p = edge_point(Vec3::new(1.0, -1.0, -1.0), view, 22.0);
    assert!((p.y - 578.0).abs() < 1e-3 && (p.x - 678.0).abs() < 1e-3, "{p}");
}
use pavilion_viewer::visitor::markers::{MarkerLabels, MarkerPlaces, Place};
use pavilion_viewer::visitor::panel::PanelView;

fn labels(app: &App) -> MarkerLabels {
    app.world().resource::<MarkerLabels>().clone()
}

#[test]
fn the_visitor_view_gives_each_text_its_language_and_direction() {
    let m = manifest();
    for (request, lang, dir, first_numeral) in [
        ("en", "en", "ltr", "1"),
        ("ar", "ar", "rtl", "١"),
        ("zh-Hans", "zh-Hans", "ltr", "1"),
    ] {
        let mut app = app();
        load(&mut app, GALLERY, &[request], Some("venus-face"));
        trigger(&mut app, SceneReady);
        let labels = labels(&app);
        assert_eq!(labels.0.len(), m.hotspots.len(), "{request}: a label per hotspot");
        for (i, label) in labels.0.iter().enumerate() {
            let h = m.hotspot(&label.id).unwrap();
            assert_eq!(label.number, i + 1);
            assert_eq!((label.lang.as_str(), label.dir), (lang, dir), "{request}: {}", label.id);
            assert_eq!(label.title, h.title.0[lang], "{request}: {}", label.id);
        }
        assert_eq!(labels.0[0].numeral, first_numeral);

        let view = app.world().resource::<PanelView>().0.clone().expect("the linked hotspot is open");
        let h = m.hotspot("venus-face").unwrap();
        assert_eq!((view.content.language.as_str(), view.content.dir), (lang, dir));
        assert_eq!(view.content.title, h.title.0[lang]);
        assert!(!view.content.blocks.is_empty(), "{request}: the body's blocks");
        let body: String = view.content.blocks.iter().map(|b| b.text()).collect();
        assert!(!body.is_empty());
        // The interface's words are in the interface language, not English.
        assert_eq!((view.words.lang.as_str(), view.words.dir), (lang, dir));
        if lang != "en" {
            assert_ne!(view.words.close, "Close", "{request}");
            assert_ne!(view.words.next, "Next", "{request}");
        }
        assert!(view.words.position.contains(first_numeral), "{request}: {:?}", view.words.position);
        assert_eq!(view.content.total, m.hotspots.len());
    }
}

#[test]
fn a_panel_view_follows_the_language_and_closes_with_its_hotspot() {
    let mut app = app();
    load(&mut app, GALLERY, &["en"], Some("venus-face"));
    trigger(&mut app, SceneReady);
    let close_en = app.world().resource::<PanelView>().0.as_ref().unwrap().words.close.clone();
    trigger(&mut app, SetLanguage { tag: "fr".into() });
    let view = app.world().resource::<PanelView>().0.clone().unwrap();
    assert_eq!(view.content.language, "fr");
    assert_ne!(view.words.close, close_en);
    trigger(&mut app, CloseHotspot);
    assert!(app.world().resource::<PanelView>().0.is_none());
}

#[test]
fn marker_places_say_where_each_marker_is_and_hide_what_cannot_be_seen() {
    let mut app = app();
    load(&mut app, GALLERY, &["en"], None);
    let ids: Vec<String> = labels(&app).0.iter().map(|l| l.id.clone()).collect();
    // No camera headlessly: put the markers where a projection would.
    let mut q = app.world_mut().query::<(&HotspotMarker, &mut MarkerScreen)>();
    for (marker, mut screen) in q.iter_mut(app.world_mut()) {
        *screen = MarkerScreen {
            pos: Vec2::new(100.0 + marker.rank as f32 * 10.04, 50.0),
            on_screen: marker.rank != 1,
            visible: marker.rank != 2,
            edge: Vec2::new(22.0, 300.0),
        };
    }
    app.update();
    let places = app.world().resource::<MarkerPlaces>().clone();
    assert_eq!(places.0.len(), ids.len() * 3);
    assert_eq!(places.get(0), Some((100.0, 50.0, Place::SHOWN)));
    assert_eq!(places.get(1), Some((22.0, 300.0, Place::AWAY)), "off screen: waits on the edge");
    assert_eq!(
        places.get(2),
        Some((120.1, 50.0, Place::DIMMED)),
        "behind something: dimmed, to a tenth of a pixel"
    );
    // Hiding a category hides its markers.
    let art = manifest().hotspot(&ids[0]).unwrap().category.clone().unwrap();
    trigger(&mut app, pavilion_viewer::hotspots::SetCategoryVisible { id: art, visible: false });
    app.update();
    assert_eq!(app.world().resource::<MarkerPlaces>().get(0).unwrap().2, Place::HIDDEN);
}

#[test]
fn the_panel_buttons_step_through_hotspots_by_command() {
    let _turn = COMMAND_QUEUE.lock().unwrap_or_else(|e| e.into_inner());
    let mut app = app();
    app.add_plugins(pavilion_viewer::web_bridge::plugin);
    load(&mut app, GALLERY, &["en"], Some("venus-face"));
    trigger(&mut app, SceneReady);
    let order: Vec<String> = labels(&app).0.iter().map(|l| l.id.clone()).collect();
    pavilion_viewer::web_bridge::push_command(r#"{"type":"stepHotspot","by":1}"#);
    app.update();
    app.update();
    assert_eq!(app.world().resource::<OpenHotspotId>().0.as_deref(), Some(order[1].as_str()));
    pavilion_viewer::web_bridge::push_command(r#"{"type":"stepHotspot","by":-1}"#);
    app.update();
    app.update();
    assert_eq!(app.world().resource::<OpenHotspotId>().0.as_deref(), Some(order[0].as_str()));
}

fn toolbar(app: &App) -> pavilion_viewer::visitor::toolbar::Toolbar {
    let view = app.world().resource::<pavilion_viewer::visitor::toolbar::ToolbarView>();
    view.0.clone().expect("a scene is shown, so is its toolbar")
}

#[test]
fn the_toolbar_view_names_everything_in_the_visitors_language() {
    let m = manifest();
    let mut english = None;
    for (request, dir) in [("en", "ltr"), ("ar", "rtl"), ("zh-Hans", "ltr")] {
        let mut app = app();
        load(&mut app, GALLERY, &[request], None);
        trigger(&mut app, SceneReady);
        let t = toolbar(&app);
        assert_eq!((t.lang.as_str(), t.dir), (request, dir));
        let title = t.title.as_ref().unwrap();
        assert_eq!(
            (title.text.as_str(), title.lang.as_str(), title.dir),
            (m.title.0[request].as_str(), request, dir)
        );
        // Each language is named in itself, marked with its own tag.
        assert_eq!(t.languages.len(), m.languages.len());
        let arabic = t.languages.iter().find(|l| l.id == "ar").unwrap();
        assert_eq!(
            (arabic.label.text.as_str(), arabic.label.lang.as_str(), arabic.label.dir),
            ("العربية", "ar", "rtl")
        );
        let views: Vec<&str> = t.views.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(views, m.viewpoints.iter().map(|v| v.id.as_str()).collect::<Vec<_>>());
        assert!(t.views.iter().all(|v| v.label.lang == request && v.checked.is_none()));
        assert_eq!(t.topics.len(), m.categories.len());
        assert!(t.topics.iter().all(|c| c.checked == Some(true)));
        assert_eq!(t.tours.len(), m.tours.len());
        match &english {
            None => english = Some(t.words.clone()),
            Some(en) => {
                // Every word of the bar is translated.
                let (a, b) = (serde_json::to_value(en).unwrap(), serde_json::to_value(&t.words).unwrap());
                for (key, value) in a.as_object().unwrap() {
                    assert_ne!(&b[key], value, "{request}: \"{key}\" is still English");
                }
            }
        }
    }
}

#[test]
fn a_hidden_topic_is_unchecked_in_the_toolbar() {
    use pavilion_viewer::hotspots::SetCategoryVisible;
    let mut app = app();
    load(&mut app, GALLERY, &["en"], None);
    trigger(&mut app, SceneReady);
    let id = manifest().categories[0].id.clone();
    trigger(
        &mut app,
        SetCategoryVisible {
            id: id.clone(),
            visible: false,
        },
    );
    let t = toolbar(&app);
    let topic = t.topics.iter().find(|c| c.id == id).unwrap();
    assert_eq!(topic.checked, Some(false));
    assert!(t.topics.iter().filter(|c| c.id != id).all(|c| c.checked == Some(true)));
}

#[test]
fn the_tour_bar_view_follows_the_tour_and_not_its_clock() {
    use pavilion_content::command::TourAction;
    use pavilion_viewer::tours::{StartTour, TourControl};
    use pavilion_viewer::visitor::tour_bar::TourBarView;
    let mut app = tour_app();
    let bar = |app: &App| app.world().resource::<TourBarView>().0.clone();
    assert_eq!(bar(&app), None, "no tour, no bar");
    trigger(&mut app, SetLanguage { tag: "ar".into() });
    trigger(
        &mut app,
        StartTour {
            id: "highlights".into(),
            step: 0,
        },
    );
    let m = manifest();
    let tour = m.tour("highlights").unwrap();
    let first = bar(&app).expect("the bar of the running tour");
    assert_eq!(
        (first.id.as_str(), first.step, first.steps, first.playing),
        ("highlights", 0, tour.steps.len(), true)
    );
    assert_eq!((first.lang.as_str(), first.dir), ("ar", "rtl"));
    assert!(first.position.contains('١'), "Arabic digits: {}", first.position);
    let caption = first.caption.as_ref().unwrap();
    assert_eq!(
        (caption.text.as_str(), caption.lang.as_str()),
        (tour.steps[0].caption.0["ar"].as_str(), "ar")
    );
    assert_eq!(first.seconds, tour.steps[0].seconds());
    // A second of the step passes: the view does not change (the page
    // animates the bar), so nothing goes to the page: not even the
    // elapsed time changed.
    app.update();
    assert_eq!(bar(&app), Some(first.clone()));
    trigger(&mut app, TourControl(TourAction::Pause));
    let paused = bar(&app).unwrap();
    assert!(!paused.playing);
    assert!(
        paused.elapsed > 0.0,
        "the paused bar starts from where the step was: {}",
        paused.elapsed
    );
    trigger(&mut app, TourControl(TourAction::Next));
    assert_eq!(bar(&app).unwrap().step, 1);
    trigger(&mut app, TourControl(TourAction::End));
    assert_eq!(bar(&app), None);
}

#[test]
fn the_about_view_gives_every_credit_with_its_licence() {
    use pavilion_viewer::visitor::about::AboutView;
    let m = manifest();
    let mut app = app();
    load(&mut app, GALLERY, &["fr"], None);
    trigger(&mut app, SceneReady);
    let about = app.world().resource::<AboutView>().0.clone().unwrap();
    let credited: Vec<_> = m.models.iter().filter_map(|model| model.credit.as_ref()).collect();
    assert!(!credited.is_empty());
    assert_eq!(about.credits.len(), credited.len());
    for (shown, credit) in about.credits.iter().zip(&credited) {
        assert_eq!(shown.line, credit.line);
        assert!(shown.licence.contains(&credit.license), "{}", shown.licence);
        assert_eq!(shown.url, credit.url);
    }
    assert_eq!((about.lang.as_str(), about.title.unwrap().lang.as_str()), ("fr", "fr"));
    assert_ne!(about.heading, "About this scene");
}

#[test]
fn the_interface_is_ready_two_passes_after_the_scene() {
    #[derive(Resource, Default)]
    struct Readies(u32);
    let mut app = app();
    app.init_resource::<Readies>()
        .add_observer(|_: On<pavilion_viewer::events::InterfaceReady>, mut r: ResMut<Readies>| r.0 += 1);
    load(&mut app, GALLERY, &["en"], None);
    app.update();
    assert_eq!(app.world().resource::<Readies>().0, 0, "not before the scene is ready");
    trigger(&mut app, SceneReady);
    app.update();
    app.update();
    assert_eq!(app.world().resource::<Readies>().0, 1, "once");
}

/// Whether the last frame asked for another (with a `RequestRedraw`).
#[derive(Resource, Default)]
struct AskedForFrame(bool);

/// Notes after each frame whether it asked for another.
fn watch_pacing(app: &mut App) {
    app.init_resource::<AskedForFrame>().add_systems(
        Last,
        (|mut asked: MessageReader<bevy::window::RequestRedraw>, mut seen: ResMut<AskedForFrame>| {
            seen.0 = asked.read().count() > 0;
        })
        .after(pavilion_viewer::pacing::PacingDecision),
    );
}

/// Whether the frame just run asked for another (and the pacing says so).
fn asked_for_a_frame(app: &App) -> bool {
    let drawing = app.world().resource::<pavilion_viewer::pacing::Pacing>().drawing();
    assert_eq!(drawing, app.world().resource::<AskedForFrame>().0);
    drawing
}

/// Runs frames until the viewer rests; how many it drew.
fn frames_until_rest(app: &mut App) -> u32 {
    for n in 1..=100 {
        app.update();
        if !asked_for_a_frame(app) {
            return n;
        }
    }
    panic!("the viewer never rested");
}

#[test]
fn the_viewer_draws_while_something_changes_and_rests_when_still() {
    use pavilion_content::command::TourAction;
    use pavilion_viewer::pacing::Pacing;
    use pavilion_viewer::tours::{StartTour, TourControl};
    let _turn = COMMAND_QUEUE.lock().unwrap_or_else(|e| e.into_inner());
    let mut app = app();
    app.add_plugins(pavilion_viewer::web_bridge::plugin);
    watch_pacing(&mut app);
    load(&mut app, GALLERY, &["en"], None);
    for _ in 0..20 {
        app.update();
        assert!(asked_for_a_frame(&app), "a loading scene keeps drawing");
    }
    trigger(&mut app, SceneReady);
    let drawn = frames_until_rest(&mut app);
    assert!(
        (Pacing::SETTLE_FRAMES..=Pacing::SETTLE_FRAMES + 2).contains(&drawn),
        "a ready scene settles in a few frames, not {drawn}"
    );
    for _ in 0..5 {
        app.update();
        assert!(!asked_for_a_frame(&app), "a still scene draws nothing more");
    }

    // A page command (here one that changes nothing on screen) is drawn.
    pavilion_viewer::web_bridge::push_command(r#"{"type": "setCategoryVisible", "id": "no-such-topic", "visible": true}"#);
    app.update();
    assert!(asked_for_a_frame(&app), "a page command is followed by frames");
    frames_until_rest(&mut app);
    // So is a visitor's action through the viewer's events.
    let id = manifest().hotspots[0].id.clone();
    trigger(&mut app, OpenHotspot { id });
    assert!(asked_for_a_frame(&app), "an opened hotspot is drawn");
    frames_until_rest(&mut app);

    // A playing tour draws every frame until paused.
    trigger(
        &mut app,
        StartTour {
            id: "highlights".into(),
            step: 0,
        },
    );
    for _ in 0..50 {
        app.update();
        assert!(asked_for_a_frame(&app), "a playing tour keeps drawing");
    }
    trigger(&mut app, TourControl(TourAction::Pause));
    frames_until_rest(&mut app);
}

#[test]
fn a_moving_camera_draws_until_it_rests() {
    let mut app = app_with(|app| {
        app.add_plugins((
            bevy::transform::TransformPlugin,
            bevy::input::InputPlugin,
            pavilion_viewer::camera::plugin,
        ))
        .insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(std::time::Duration::from_secs_f32(
            1.0 / 30.0,
        )));
        watch_pacing(app);
    });
    load(&mut app, GALLERY, &["en"], None);
    trigger(&mut app, SceneReady);
    frames_until_rest(&mut app);
    let named = manifest().viewpoints[1].clone();
    let view = pavilion_content::manifest::Viewpoint {
        position: named.position,
        target: named.target,
        fov: named.fov,
    };
    trigger(&mut app, pavilion_viewer::events::SetCamera { view, animate: true });
    let drawn = frames_until_rest(&mut app);
    assert!(drawn > 10, "a flight is drawn frame by frame, not cut: {drawn} frames");
    let world = app.world_mut();
    let cam = world.query::<&pavilion_viewer::camera::OrbitCamera>().single(world).unwrap();
    assert!(cam.at_rest());
    assert!(
        (cam.current.eye() - Vec3::from(view.position)).length() < 1e-3,
        "it rests where it was sent"
    );

    // After a long rest, the frames that resume count one short step each,
    // not the time the viewer slept: the flight starts at its start. In the
    // browser a frame's clock is the end of the previous frame's render, so
    // the pause shows in the second frame after it: both are short.
    let home = manifest().viewpoints[0].clone();
    let back = pavilion_content::manifest::Viewpoint {
        position: home.position,
        target: home.target,
        fov: home.fov,
    };
    let eye = |app: &mut App| {
        let world = app.world_mut();
        world
            .query::<&pavilion_viewer::camera::OrbitCamera>()
            .single(world)
            .unwrap()
            .current
            .eye()
    };
    let from = eye(&mut app);
    let flight = (Vec3::from(home.position) - from).length();
    let manual = |secs: f32| bevy::time::TimeUpdateStrategy::ManualDuration(std::time::Duration::from_secs_f32(secs));
    // The frame a command wakes: a frame's time by the clock.
    app.insert_resource(manual(1.0 / 30.0));
    trigger(&mut app, pavilion_viewer::events::SetCamera { view: back, animate: true });
    let first = (eye(&mut app) - from).length() / flight;
    // The next: the minute slept shows in its clock.
    app.insert_resource(manual(60.0));
    app.update();
    let second = (eye(&mut app) - from).length() / flight;
    // One 60 Hz step eases an eighth of the way; a quarter second (the
    // most a frame counts) would go seven eighths.
    assert!(
        first > 0.0 && first < 0.2,
        "the first frame after a rest covered {first:.2} of the flight"
    );
    assert!(second < 0.3, "the second frame after a rest covered {second:.2} of the flight");
}
