//! What the page asks of the viewer: the commands `web/pavilion.js` sends
//! as JSON (from `window.pavilion`, `<pavilion-viewer>` and the iframe's
//! postMessage), decoded and checked against the scene before the viewer
//! applies them, and the shared link's parameters (`?hotspot=`, `?view=`,
//! `?camera=`, `?tour=`, `&step=`). Plain data, so the fuzzer and the unit
//! tests read commands exactly as the viewer does; the viewer turns a
//! checked command into its events (`web_bridge::apply`).

use serde::Deserialize;

use crate::lang;
use crate::manifest::{SceneManifest, Viewpoint};

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
        /// `hotspot`, `view`, `tour`, `step` (0-based) from the page's URL.
        #[serde(flatten)]
        link: DeepLink,
        #[serde(default)]
        author: bool,
        #[serde(default)]
        reload: bool,
        /// `data-asset-origins` of the page, when its owner set it.
        #[serde(default)]
        asset_origins: Option<Vec<String>>,
    },
    CaptureViewpoint,
    OpenHotspot {
        id: String,
    },
    CloseHotspot,
    /// The next (`by` > 0) or previous hotspot in the visiting order, as the
    /// panel's Next and Previous buttons do.
    StepHotspot {
        by: i32,
    },
    SetLanguage {
        tag: String,
    },
    StartTour {
        id: String,
        /// 0-based; any whole number the page sends is read (and refused
        /// when the tour lacks it), whatever the size of `usize`.
        #[serde(default)]
        step: u64,
    },
    /// `{"type": "tour", "action": "pause"}`: play, pause, toggle, next, previous, end.
    Tour {
        action: TourAction,
    },
    GoToViewpoint {
        id: String,
    },
    SetCategoryVisible {
        id: String,
        visible: bool,
    },
    /// Back to the scene's first view (the toolbar's "Reset view", the Home key).
    ResetView,
    /// `pavilion.setCamera({position, target, fov}, {animate})`: the camera
    /// as `state().camera` gives it, in scene units and degrees.
    SetCamera {
        position: [f32; 3],
        target: [f32; 3],
        #[serde(default)]
        fov: Option<f32>,
        #[serde(default)]
        animate: bool,
    },
    /// `prefers-reduced-motion: reduce`, sent by the page at start and when
    /// the visitor changes it.
    SetReducedMotion {
        reduce: bool,
    },
}

/// The visitor's tour controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TourAction {
    Play,
    Pause,
    Toggle,
    Next,
    Previous,
    End,
}

/// Where a shared link asks the viewer to start: `?hotspot=`, `?view=`,
/// `?camera=`, `?tour=` with `&step=`. A tour wins over the others (its
/// steps say what to open and where to look); with a hotspot and a view, the
/// hotspot opens and the camera shows the view, as in a tour step; a camera
/// wins over a view and is taken at once, not flown to (the link restores
/// what its sender saw).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct DeepLink {
    /// A hotspot to open.
    pub hotspot: Option<String>,
    /// A named viewpoint to show.
    pub view: Option<String>,
    /// A tour to start, playing.
    pub tour: Option<String>,
    /// The tour's step to start at, as the link writes it: counted from 1
    /// as the tour bar shows it, checked against the tour by [`Self::step_index`].
    pub step: Option<String>,
    /// The camera, as the link writes it (`x,y,z,tx,ty,tz,fov`), read by
    /// [`Self::camera_view`].
    pub camera: Option<String>,
}

impl DeepLink {
    /// The same link without empty ids (`?view=` with nothing after it).
    pub fn cleaned(&self) -> Self {
        let keep = |id: &Option<String>| id.clone().filter(|s| !s.trim().is_empty());
        Self {
            hotspot: keep(&self.hotspot),
            view: keep(&self.view),
            tour: keep(&self.tour),
            step: self.step.clone(),
            camera: keep(&self.camera),
        }
    }

    /// The viewpoint `&camera=` gives: the eye's x,y,z, the target's x,y,z
    /// and optionally the vertical field of view in degrees, in scene units,
    /// comma-separated (what `pavilion.shareUrl()` writes). `None` without
    /// one; an error to report for anything else.
    pub fn camera_view(&self) -> Option<Result<Viewpoint, String>> {
        let text = self.camera.as_deref()?.trim();
        let problem = |why: &str| {
            Err(format!(
                "the link's &camera={} {why}; it takes the eye's x,y,z, the target's x,y,z and optionally the field of view in degrees",
                shortened(text)
            ))
        };
        let numbers: Result<Vec<f32>, _> = text.split(',').map(|n| n.trim().parse::<f32>()).collect();
        let Ok(numbers) = numbers else {
            return Some(problem("is not a list of numbers"));
        };
        if !(6..=7).contains(&numbers.len()) {
            return Some(problem(&format!("has {} numbers, not 6 or 7", numbers.len())));
        }
        let view = Viewpoint {
            position: [numbers[0], numbers[1], numbers[2]],
            target: [numbers[3], numbers[4], numbers[5]],
            fov: numbers.get(6).copied(),
        };
        Some(match view_problem(&view) {
            None => Ok(view),
            Some(ViewProblem::NotFinite) => problem("has a number too large for the viewer"),
            Some(ViewProblem::FieldOfView(_)) => problem("has a field of view outside 1..179 degrees"),
            Some(ViewProblem::EyeOnTarget) => problem("puts the eye on its target"),
        })
    }

    /// The 0-based step of a tour of `steps` steps the link asks for; the
    /// first step if it names none. A step the tour does not have
    /// (`&step=0`, `&step=5000000001`, `&step=two`) is an error to report.
    pub fn step_index(&self, steps: usize) -> Result<usize, String> {
        let Some(text) = self.step.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(0);
        };
        match text.parse::<u64>() {
            Ok(n) if n >= 1 && n <= steps as u64 => Ok(n as usize - 1),
            _ => Err(format!(
                "the link's &step={} is not a step of the tour (it has {steps}, counted from 1)",
                shortened(text)
            )),
        }
    }
}

/// The fields of view, in degrees, the viewer takes from a link or a call.
pub const FOV_DEGREES: std::ops::RangeInclusive<f32> = 1.0..=179.0;

/// Why the viewer cannot take a camera from a link or a call.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ViewProblem {
    NotFinite,
    FieldOfView(f32),
    EyeOnTarget,
}

/// The rules a link's `&camera=` and `setCamera` share, in the order their
/// messages report them.
fn view_problem(v: &Viewpoint) -> Option<ViewProblem> {
    if v.position.iter().chain(&v.target).chain(&v.fov).any(|n| !n.is_finite()) {
        Some(ViewProblem::NotFinite)
    } else if let Some(f) = v.fov.filter(|f| !FOV_DEGREES.contains(f)) {
        Some(ViewProblem::FieldOfView(f))
    } else if v.position == v.target {
        Some(ViewProblem::EyeOnTarget)
    } else {
        None
    }
}

/// Why the viewer did not do what the page asked: the page's promise for
/// the call rejects with it. Codes: see [`REFUSAL_CODES`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
}

/// Every code a [`Refusal`] can have (the page API's documented codes).
pub const REFUSAL_CODES: [&str; 10] = [
    "unknown-hotspot",
    "unknown-viewpoint",
    "unknown-category",
    "unknown-tour",
    "unknown-step",
    "unknown-language",
    "invalid-argument",
    "no-tour",
    "not-ready",
    "command-invalid",
];

fn refuse(code: &'static str, message: String) -> Result<(), Refusal> {
    Err(Refusal { code, message })
}

/// What the page sent, read: the call's number when it has one (the page
/// settles that call's promise with the reply), and the command or why it
/// could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub seq: Option<u64>,
    pub command: Result<Command, Unreadable>,
}

/// A command the viewer could not read.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// It asked to load a scene: without its scene the viewer would wait
    /// forever, so this is the viewer's error, not only the call's.
    pub loads_scene: bool,
    /// What was wrong (serde's words: the field and what it expected).
    pub message: String,
}

/// Reads one command the page sent.
pub fn decode(json: &str) -> Decoded {
    let value: serde_json::Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => {
            let message = format!("it is not JSON ({e})");
            let command = Err(Unreadable {
                loads_scene: false,
                message,
            });
            return Decoded { seq: None, command };
        }
    };
    let seq = value.get("seq").and_then(serde_json::Value::as_u64);
    let loads_scene = value.get("type").and_then(serde_json::Value::as_str) == Some("loadScene");
    let command = serde_json::from_value::<Command>(value).map_err(|e| Unreadable {
        loads_scene,
        // serde's words list what it expected, and quote what it got.
        message: cut(&e.to_string(), 5 * MAX_QUOTED),
    });
    Decoded { seq, command }
}

impl Unreadable {
    /// The refusal the call's promise rejects with.
    pub fn refusal(&self) -> Refusal {
        Refusal {
            code: "command-invalid",
            message: format!("the viewer cannot read this command: {}", self.message),
        }
    }
}

/// What the viewer knows to check a command against before applying it.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The scene on screen, once one is.
    pub scene: Option<&'a SceneManifest>,
    /// The scene's languages, default first.
    pub offered: &'a [String],
    /// Whether a tour is being shown.
    pub touring: bool,
}

/// Whether the viewer can do what `cmd` asks: ids the scene has, a language
/// it offers, a step its tour has. Checked before applying, so a call the
/// viewer cannot honour is refused with a reason instead of doing something
/// else (the default language for `setLanguage('jp')`, step 0 for a step
/// the tour lacks).
pub fn check(cmd: &Command, cx: &Context) -> Result<(), Refusal> {
    let Some(m) = cx.scene else {
        return match cmd {
            Command::LoadScene { .. } | Command::SetReducedMotion { .. } => Ok(()),
            _ => refuse("not-ready", "no scene is loaded yet".into()),
        };
    };
    match cmd {
        Command::OpenHotspot { id } if m.hotspot(id).is_none() => {
            refuse("unknown-hotspot", format!("the scene has no hotspot \"{}\"", shortened(id)))
        }
        Command::GoToViewpoint { id } if m.viewpoint(id).is_none() => {
            refuse("unknown-viewpoint", format!("the scene has no viewpoint \"{}\"", shortened(id)))
        }
        Command::SetCategoryVisible { id, .. } if m.category(id).is_none() => {
            refuse("unknown-category", format!("the scene has no category \"{}\"", shortened(id)))
        }
        Command::StartTour { id, step } => match m.tour(id) {
            None => refuse("unknown-tour", format!("the scene has no tour \"{}\"", shortened(id))),
            Some(t) if *step >= t.steps.len() as u64 => refuse(
                "unknown-step",
                format!(
                    "tour \"{}\" has {} steps (0 to {}); there is no step {step}",
                    shortened(id),
                    t.steps.len(),
                    t.steps.len().saturating_sub(1)
                ),
            ),
            Some(_) => Ok(()),
        },
        Command::SetLanguage { tag } => {
            if let Err(e) = lang::LanguageTag::parse(tag) {
                // The parser's words quote the tag (and the faulty part):
                // found by the fuzzer with a tag of a few hundred letters.
                return refuse("invalid-argument", cut(&e.to_string(), 2 * MAX_QUOTED));
            }
            match lang::matching_request(&[tag.as_str()], cx.offered) {
                Some(_) => Ok(()),
                None => refuse(
                    "unknown-language",
                    format!(
                        "the scene offers no language matching \"{}\" (it offers {})",
                        shortened(tag),
                        cx.offered.join(", ")
                    ),
                ),
            }
        }
        Command::Tour { .. } if !cx.touring => refuse("no-tour", "no tour is running".into()),
        Command::SetCamera { position, target, fov, .. } => {
            let view = Viewpoint {
                position: *position,
                target: *target,
                fov: *fov,
            };
            match view_problem(&view) {
                None => Ok(()),
                Some(ViewProblem::NotFinite) => refuse("invalid-argument", "setCamera: every number must be finite".into()),
                Some(ViewProblem::FieldOfView(f)) => refuse(
                    "invalid-argument",
                    format!("setCamera: a field of view of {f}° is outside 1°..179°"),
                ),
                Some(ViewProblem::EyeOnTarget) => refuse("invalid-argument", "setCamera: the position is the target".into()),
            }
        }
        _ => Ok(()),
    }
}

/// Longest piece of what the page sent that a message quotes: an id or a
/// link parameter of megabytes stays out of errors and the console.
pub const MAX_QUOTED: usize = 100;

/// `text`, cut to [`MAX_QUOTED`] characters with "…" when it is longer.
fn shortened(text: &str) -> String {
    cut(text, MAX_QUOTED)
}

fn cut(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_link_comes_with_the_scene() {
        let json = r#"{"type": "loadScene", "url": "u", "text": "t", "hotspot": null, "view": "bust", "tour": "highlights", "step": "3"}"#;
        let Ok(Command::LoadScene { link, .. }) = decode(json).command else {
            panic!("not a loadScene");
        };
        let want = DeepLink {
            view: Some("bust".into()),
            tour: Some("highlights".into()),
            step: Some("3".into()),
            ..DeepLink::default()
        };
        assert_eq!(link, want);
        let Ok(Command::LoadScene { link, .. }) = decode(r#"{"type": "loadScene", "url": "u", "text": "t"}"#).command else {
            panic!("not a loadScene");
        };
        assert_eq!(link, DeepLink::default());
    }

    #[test]
    fn what_cannot_be_read_says_why_and_whether_a_scene_was_waited_for() {
        let bad_scene = decode(r#"{"seq": 7, "type": "loadScene", "url": 5, "text": ""}"#);
        assert_eq!(bad_scene.seq, Some(7));
        let e = bad_scene.command.unwrap_err();
        assert!(e.loads_scene && e.message.contains("invalid type"), "{e:?}");
        let not_json = decode("{\"type\": ");
        assert_eq!(not_json.seq, None);
        let e = not_json.command.unwrap_err();
        assert!(!e.loads_scene && e.message.starts_with("it is not JSON"), "{e:?}");
        assert_eq!(e.refusal().code, "command-invalid");
        let unknown = decode(r#"{"type": "noSuchCommand"}"#).command.unwrap_err();
        assert!(unknown.message.contains("noSuchCommand"), "{unknown:?}");
    }

    #[test]
    fn a_huge_id_is_quoted_short() {
        let id = "x".repeat(1_000_000);
        let m = crate::validate::parse_scene(GALLERY, "scene.json").unwrap().manifest;
        let cx = Context {
            scene: Some(&m),
            offered: &m.languages,
            touring: false,
        };
        let r = check(&Command::OpenHotspot { id: id.clone() }, &cx).unwrap_err();
        assert_eq!(r.code, "unknown-hotspot");
        assert!(r.message.len() < 200, "{} bytes", r.message.len());
        let link = DeepLink {
            step: Some(id),
            ..DeepLink::default()
        };
        assert!(link.step_index(3).unwrap_err().len() < 200);
    }

    #[test]
    fn a_link_step_is_counted_from_one_and_range_checked() {
        let at = |s: &str| {
            DeepLink {
                step: Some(s.into()),
                ..DeepLink::default()
            }
            .step_index(3)
        };
        assert_eq!(at("1"), Ok(0));
        assert_eq!(at(" 3 "), Ok(2));
        assert_eq!(DeepLink::default().step_index(3), Ok(0));
        for bad in ["0", "4", "5000000001", "18446744073709551616", "-1", "two"] {
            assert!(at(bad).is_err(), "&step={bad}");
        }
    }

    #[test]
    fn checks_follow_the_scene() {
        let m = crate::validate::parse_scene(GALLERY, "scene.json").unwrap().manifest;
        let cx = Context {
            scene: Some(&m),
            offered: &m.languages,
            touring: false,
        };
        let code = |json: &str| check(&decode(json).command.unwrap(), &cx).err().map(|r| r.code);
        assert_eq!(code(r#"{"type": "openHotspot", "id": "venus-face"}"#), None);
        assert_eq!(
            code(r#"{"type": "startTour", "id": "highlights", "step": 4294967296}"#),
            Some("unknown-step")
        );
        assert_eq!(code(r#"{"type": "setLanguage", "tag": "jp"}"#), Some("unknown-language"));
        assert_eq!(code(r#"{"type": "setLanguage", "tag": "zh-HK"}"#), None);
        assert_eq!(code(r#"{"type": "tour", "action": "next"}"#), Some("no-tour"));
        assert_eq!(
            code(r#"{"type": "setCamera", "position": [0, 1, 2], "target": [0, 1, 2]}"#),
            Some("invalid-argument")
        );
        assert_eq!(
            code(r#"{"type": "setCamera", "position": [0, 1, 2], "target": [0, 0, 0], "fov": 180}"#),
            Some("invalid-argument")
        );
        let none = Context { scene: None, ..cx };
        let r = check(&Command::CloseHotspot, &none).unwrap_err();
        assert_eq!(r.code, "not-ready");
        assert!(REFUSAL_CODES.contains(&r.code));
    }

    const GALLERY: &str = include_str!("../../../assets/scenes/gallery/scene.json");
}
