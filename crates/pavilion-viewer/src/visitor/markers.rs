//! The marker buttons' view: a label per hotspot (its number in the
//! visitor's digits, its title with the language and direction it was
//! found in), and where each is on screen.

use bevy::prelude::*;
use serde::Serialize;

use crate::hotspots::{HiddenCategories, HotspotMarker, HotspotSystems, MarkerScreen};
use crate::language::{CurrentLanguage, format_number};
use crate::scene::ActiveScene;

pub fn plugin(app: &mut App) {
    app.init_resource::<MarkerLabels>()
        .init_resource::<MarkerPlaces>()
        // After the frame's changes (language, scene, projection).
        .add_systems(
            PostUpdate,
            (update_labels.run_if(resource_exists::<ActiveScene>), update_places)
                .chain()
                .after(HotspotSystems::Project),
        );
}

/// One marker button's words, in the visiting order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkerLabel {
    pub id: String,
    /// `rank + 1`: the marker's number.
    pub number: usize,
    /// The number as the visitor's language writes it (`٣` in Arabic).
    pub numeral: String,
    pub title: String,
    /// The language the title was found in, after fallback.
    pub lang: String,
    pub dir: &'static str,
    pub category: Option<String>,
}

/// The labels of every marker, in the visiting order (`order`, then file
/// order). Rebuilt only when the scene or the language changes.
#[derive(Resource, Debug, Clone, Default, PartialEq, Serialize)]
pub struct MarkerLabels(pub Vec<MarkerLabel>);

/// Where each marker of [`MarkerLabels`] is, as one flat array of
/// `[x, y, state]` per marker (viewport pixels, to a tenth): state
/// [`Place::HIDDEN`] (not placed, or its category hidden: no button),
/// [`Place::DIMMED`] (behind geometry or facing away: still a button),
/// [`Place::SHOWN`], or [`Place::AWAY`] (off screen: `x, y` is the point on
/// the view's edge towards it, where its button waits for keyboard focus).
/// One small array a frame, whatever the number of hotspots, and only when
/// something moved.
#[derive(Resource, Debug, Clone, Default, PartialEq, Serialize)]
pub struct MarkerPlaces(pub Vec<f32>);

/// The states in [`MarkerPlaces`].
pub struct Place;

impl Place {
    pub const HIDDEN: f32 = 0.0;
    pub const DIMMED: f32 = 1.0;
    pub const SHOWN: f32 = 2.0;
    pub const AWAY: f32 = 3.0;
}

impl MarkerPlaces {
    /// `(x, y, state)` of the `i`th marker.
    pub fn get(&self, i: usize) -> Option<(f32, f32, f32)> {
        let p = self.0.get(i * 3..i * 3 + 3)?;
        Some((p[0], p[1], p[2]))
    }
}

fn update_labels(
    scene: Res<ActiveScene>,
    language: Res<CurrentLanguage>,
    markers: Query<&HotspotMarker>,
    added: Query<(), Added<HotspotMarker>>,
    mut labels: ResMut<MarkerLabels>,
) {
    if !(scene.is_changed() || language.is_changed() || !added.is_empty()) {
        return;
    }
    let mut sorted: Vec<&HotspotMarker> = markers.iter().collect();
    sorted.sort_by_key(|m| m.rank);
    let next = sorted
        .into_iter()
        .map(|m| {
            let title = scene.manifest.hotspots.get(m.index).and_then(|h| language.pick(&h.title));
            MarkerLabel {
                id: m.id.clone(),
                number: m.rank + 1,
                numeral: format_number(&language.tag, m.rank + 1),
                title: title.as_ref().map(|t| t.text.to_string()).unwrap_or_default(),
                lang: title.as_ref().map_or_else(|| language.tag.clone(), |t| t.language.to_string()),
                dir: title.map_or(language.direction(), |t| t.direction).as_str(),
                category: m.category.clone(),
            }
        })
        .collect();
    labels.set_if_neq(MarkerLabels(next));
}

fn update_places(
    labels: Res<MarkerLabels>,
    markers: Query<(&HotspotMarker, &MarkerScreen)>,
    hidden: Res<HiddenCategories>,
    mut places: ResMut<MarkerPlaces>,
) {
    let mut next = vec![0.0; labels.0.len() * 3];
    for (m, s) in &markers {
        let Some(slot) = next.get_mut(m.rank * 3..m.rank * 3 + 3) else {
            continue;
        };
        let (pos, state) = if !m.placed || !hidden.shows(m.category.as_deref()) {
            (Vec2::ZERO, Place::HIDDEN)
        } else if !s.on_screen {
            (s.edge, Place::AWAY)
        } else if s.visible {
            (s.pos, Place::SHOWN)
        } else {
            (s.pos, Place::DIMMED)
        };
        let tenth = |v: f32| (v * 10.0).round() / 10.0;
        slot.copy_from_slice(&[tenth(pos.x), tenth(pos.y), state]);
    }
    places.set_if_neq(MarkerPlaces(next));
}
