//! `KHR_materials_pbrSpecularGlossiness` → metallic-roughness.
//!
//! The factors are converted the way the Khronos sample converters do it:
//! the metalness that explains the specular colour next to a 4 % dielectric
//! is solved for, and the base colour blends the diffuse colour (for the
//! dielectric part) with the specular colour (for the metallic part);
//! roughness is one minus glossiness. The diffuse texture becomes the base
//! colour texture. A specular-glossiness texture would need its pixels
//! rewritten; it is left out and said so in a note. The extension takes
//! precedence over a metallic-roughness block the exporter also wrote (as
//! its specification says): that block is a fallback, often empty (white).

use serde_json::{Value, json};

use crate::container::Work;

const NAME: &str = "KHR_materials_pbrSpecularGlossiness";
const DIELECTRIC: f64 = 0.04;

fn rgb(v: &Value, default: [f64; 4]) -> [f64; 4] {
    let mut out = default;
    for (i, x) in v.as_array().into_iter().flatten().take(4).enumerate() {
        out[i] = x.as_f64().unwrap_or(default[i]);
    }
    out
}

fn perceived(c: [f64; 4]) -> f64 {
    (0.299 * c[0] * c[0] + 0.587 * c[1] * c[1] + 0.114 * c[2] * c[2]).sqrt()
}

fn solve_metallic(diffuse: f64, specular: f64, one_minus_specular: f64) -> f64 {
    if specular < DIELECTRIC {
        return 0.0;
    }
    let a = DIELECTRIC;
    let b = diffuse * one_minus_specular / (1.0 - DIELECTRIC) + specular - 2.0 * DIELECTRIC;
    let c = DIELECTRIC - specular;
    let d = (b * b - 4.0 * a * c).max(0.0);
    ((-b + d.sqrt()) / (2.0 * a)).clamp(0.0, 1.0)
}

/// Base colour (RGBA), metallic and roughness for a specular-glossiness
/// material's factors.
pub(crate) fn convert(diffuse: [f64; 4], specular: [f64; 3], glossiness: f64) -> ([f64; 4], f64, f64) {
    let strength = specular.iter().copied().fold(0.0, f64::max);
    let one_minus = 1.0 - strength;
    let spec4 = [specular[0], specular[1], specular[2], 1.0];
    let metallic = solve_metallic(perceived(diffuse), perceived(spec4), one_minus);
    let eps = 1e-6;
    let mut base = [0.0; 4];
    for i in 0..3 {
        let from_diffuse = diffuse[i] * (one_minus / (1.0 - DIELECTRIC) / (1.0 - metallic).max(eps));
        let from_specular = (specular[i] - DIELECTRIC * (1.0 - metallic)) / metallic.max(eps);
        let t = metallic * metallic;
        base[i] = (from_diffuse + (from_specular - from_diffuse) * t).clamp(0.0, 1.0);
    }
    base[3] = diffuse[3];
    (base, metallic, (1.0 - glossiness).clamp(0.0, 1.0))
}

pub(crate) fn to_metallic_roughness(work: &mut Work) {
    let count = work.json["materials"].as_array().map_or(0, Vec::len);
    for m in 0..count {
        let Some(ext) = work.json["materials"][m]["extensions"].get(NAME).cloned() else {
            continue;
        };
        let pointer = format!("/materials/{m}/extensions/{NAME}");
        let material = &mut work.json["materials"][m];
        let diffuse = rgb(&ext["diffuseFactor"], [1.0; 4]);
        let s = rgb(&ext["specularFactor"], [1.0; 4]);
        let glossiness = ext["glossinessFactor"].as_f64().unwrap_or(1.0);
        let (base, metallic, roughness) = convert(diffuse, [s[0], s[1], s[2]], glossiness);
        let mut pbr = json!({ "baseColorFactor": base, "metallicFactor": metallic, "roughnessFactor": roughness });
        if let Some(t) = ext.get("diffuseTexture") {
            pbr["baseColorTexture"] = t.clone();
        }
        material["pbrMetallicRoughness"] = pbr;
        if let Some(exts) = material["extensions"].as_object_mut() {
            exts.remove(NAME);
            if exts.is_empty()
                && let Some(o) = material.as_object_mut()
            {
                o.remove("extensions");
            }
        }
        if ext.get("specularGlossinessTexture").is_some() {
            work.note(
                pointer,
                "the specular-glossiness texture is not converted: roughness and metalness come from the factors only",
            );
        }
    }
}
