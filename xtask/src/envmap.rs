//! `cargo xtask envmap`: turns an equirectangular HDR into the two cubemaps
//! Bevy's `EnvironmentMapLight` needs, filtered ahead of time because WebGL2
//! cannot run Bevy's compute-based filtering:
//! - diffuse: cosine-weighted average radiance (irradiance / π), from
//!   third-order spherical harmonics, 32×32 per face;
//! - specular: radiance prefiltered with the GGX distribution, one mip level
//!   per perceptual roughness step (level i ↔ roughness i/(levels-1)).
//!
//! Both are written as uncompressed KTX2 (R16G16B16A16_SFLOAT, 6 faces);
//! `dist` serves them brotli-compressed.

use std::f32::consts::PI;
use std::path::Path;

use anyhow::{Context, Result};
use half::f16;

type Vec3 = [f32; 3];

fn add(a: Vec3, b: Vec3) -> Vec3 {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}
fn scale(a: Vec3, s: f32) -> Vec3 {
    [a[0] * s, a[1] * s, a[2] * s]
}
fn dot(a: Vec3, b: Vec3) -> f32 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}
fn cross(a: Vec3, b: Vec3) -> Vec3 {
    [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}
fn normalize(a: Vec3) -> Vec3 {
    scale(a, 1.0 / dot(a, a).sqrt())
}

/// An equirectangular radiance map with a box-filtered pyramid, so that wide
/// lobes read pre-averaged texels instead of aliasing.
struct Equirect {
    levels: Vec<(usize, usize, Vec<Vec3>)>,
}

impl Equirect {
    fn load(path: &Path) -> Result<Self> {
        let img = image::open(path)
            .with_context(|| format!("reading {}", path.display()))?
            .into_rgb32f();
        let (w, h) = (img.width() as usize, img.height() as usize);
        let base: Vec<Vec3> = img.pixels().map(|p| [p[0], p[1], p[2]]).collect();
        let mut levels = vec![(w, h, base)];
        while levels.last().is_some_and(|(w, h, _)| *w > 8 && *h > 4) {
            let (w, h, px) = levels.last().unwrap();
            let (nw, nh) = (w / 2, h / 2);
            let mut out = vec![[0.0; 3]; nw * nh];
            for y in 0..nh {
                for x in 0..nw {
                    let mut s = [0.0; 3];
                    for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                        s = add(s, px[(2 * y + dy) * w + 2 * x + dx]);
                    }
                    out[y * nw + x] = scale(s, 0.25);
                }
            }
            levels.push((nw, nh, out));
        }
        Ok(Equirect { levels })
    }

    /// Radiance along direction `d` (unit), read from pyramid level `lod`.
    fn sample(&self, d: Vec3, lod: f32) -> Vec3 {
        let lod = lod.clamp(0.0, (self.levels.len() - 1) as f32);
        let l0 = lod.floor() as usize;
        let l1 = (l0 + 1).min(self.levels.len() - 1);
        let t = lod - l0 as f32;
        let a = self.sample_level(d, l0);
        if t == 0.0 || l0 == l1 {
            return a;
        }
        let b = self.sample_level(d, l1);
        add(scale(a, 1.0 - t), scale(b, t))
    }

    fn sample_level(&self, d: Vec3, level: usize) -> Vec3 {
        let (w, h, px) = &self.levels[level];
        let (w, h) = (*w, *h);
        // Longitude 0 looks down -Z (Bevy's forward); latitude +90° is +Y.
        let u = 0.5 + d[0].atan2(-d[2]) / (2.0 * PI);
        let v = 0.5 - d[1].clamp(-1.0, 1.0).asin() / PI;
        let fx = u * w as f32 - 0.5;
        let fy = (v * h as f32 - 0.5).clamp(0.0, (h - 1) as f32);
        let x0 = fx.floor();
        let y0 = fy.floor();
        let (tx, ty) = (fx - x0, fy - y0);
        let xi = |x: f32| (x as isize).rem_euclid(w as isize) as usize;
        let yi = |y: f32| (y as usize).min(h - 1);
        let p = |x: f32, y: f32| px[yi(y) * w + xi(x)];
        let top = add(scale(p(x0, y0), 1.0 - tx), scale(p(x0 + 1.0, y0), tx));
        let bottom = add(scale(p(x0, y0 + 1.0), 1.0 - tx), scale(p(x0 + 1.0, y0 + 1.0), tx));
        add(scale(top, 1.0 - ty), scale(bottom, ty))
    }

    /// Solid angle of one texel of level 0 at the equator.
    fn texel_solid_angle(&self) -> f32 {
        let (w, h, _) = &self.levels[0];
        (2.0 * PI / *w as f32) * (PI / *h as f32)
    }
}

/// Direction through texel centre (x, y) of cube face `face` (+X, -X, +Y, -Y, +Z, -Z).
fn cube_dir(face: usize, x: usize, y: usize, size: usize) -> Vec3 {
    let u = 2.0 * (x as f32 + 0.5) / size as f32 - 1.0;
    let v = 2.0 * (y as f32 + 0.5) / size as f32 - 1.0;
    normalize(match face {
        0 => [1.0, -v, -u],
        1 => [-1.0, -v, u],
        2 => [u, 1.0, v],
        3 => [u, -1.0, -v],
        4 => [u, -v, 1.0],
        _ => [-u, -v, -1.0],
    })
}

fn sh_basis(d: Vec3) -> [f32; 9] {
    let [x, y, z] = d;
    [
        0.282_095,
        0.488_603 * y,
        0.488_603 * z,
        0.488_603 * x,
        1.092_548 * x * y,
        1.092_548 * y * z,
        0.315_392 * (3.0 * z * z - 1.0),
        1.092_548 * x * z,
        0.546_274 * (x * x - y * y),
    ]
}

/// Cosine-weighted average radiance per cube texel, via SH9 (Ramamoorthi & Hanrahan).
fn diffuse_faces(env: &Equirect, size: usize) -> Vec<Vec<Vec3>> {
    let (w, h, px) = &env.levels[2.min(env.levels.len() - 1)];
    let mut coeffs = [[0.0f32; 3]; 9];
    let mut total_solid_angle = 0.0;
    for y in 0..*h {
        let theta = PI * (y as f32 + 0.5) / *h as f32;
        let d_omega = (2.0 * PI / *w as f32) * (PI / *h as f32) * theta.sin();
        total_solid_angle += d_omega * *w as f32;
        for x in 0..*w {
            let phi = 2.0 * PI * ((x as f32 + 0.5) / *w as f32 - 0.5);
            // Inverse of `sample_level`'s mapping.
            let d = [theta.sin() * phi.sin(), theta.cos(), -theta.sin() * phi.cos()];
            let basis = sh_basis(d);
            let l = px[y * w + x];
            for (c, b) in coeffs.iter_mut().zip(basis) {
                *c = add(*c, scale(l, b * d_omega));
            }
        }
    }
    // The discrete solid angles do not sum to exactly 4π on a coarse grid.
    let correction = 4.0 * PI / total_solid_angle;
    for c in coeffs.iter_mut() {
        *c = scale(*c, correction);
    }
    // Convolution with the clamped cosine lobe, then divide by π.
    let band = [
        PI,
        2.0 * PI / 3.0,
        2.0 * PI / 3.0,
        2.0 * PI / 3.0,
        PI / 4.0,
        PI / 4.0,
        PI / 4.0,
        PI / 4.0,
        PI / 4.0,
    ];
    (0..6)
        .map(|face| {
            let mut out = Vec::with_capacity(size * size);
            for y in 0..size {
                for x in 0..size {
                    let basis = sh_basis(cube_dir(face, x, y, size));
                    let mut e = [0.0; 3];
                    for i in 0..9 {
                        e = add(e, scale(coeffs[i], basis[i] * band[i] / PI));
                    }
                    out.push(e.map(|c| c.max(0.0)));
                }
            }
            out
        })
        .collect()
}

fn hammersley(i: u32, n: u32) -> (f32, f32) {
    (i as f32 / n as f32, i.reverse_bits() as f32 * 2.328_306_4e-10)
}

/// GGX-prefiltered radiance (split-sum, N = V = R) for one mip level.
fn specular_face(env: &Equirect, face: usize, size: usize, roughness: f32, samples: u32) -> Vec<Vec3> {
    let mut out = Vec::with_capacity(size * size);
    let alpha = (roughness * roughness).max(1e-4);
    for y in 0..size {
        for x in 0..size {
            let n = cube_dir(face, x, y, size);
            if roughness == 0.0 {
                out.push(env.sample(n, 0.0));
                continue;
            }
            let up = if n[1].abs() < 0.999 { [0.0, 1.0, 0.0] } else { [1.0, 0.0, 0.0] };
            let tx = normalize(cross(up, n));
            let ty = cross(n, tx);
            let mut sum = [0.0; 3];
            let mut weight = 0.0;
            for i in 0..samples {
                let (e1, e2) = hammersley(i, samples);
                let phi = 2.0 * PI * e1;
                let cos_t = ((1.0 - e2) / (1.0 + (alpha * alpha - 1.0) * e2)).sqrt();
                let sin_t = (1.0 - cos_t * cos_t).max(0.0).sqrt();
                let hv = add(add(scale(tx, sin_t * phi.cos()), scale(ty, sin_t * phi.sin())), scale(n, cos_t));
                let l = normalize(add(scale(hv, 2.0 * dot(n, hv)), scale(n, -1.0)));
                let n_dot_l = dot(n, l);
                if n_dot_l <= 0.0 {
                    continue;
                }
                // Filtered importance sampling: read the pyramid level whose
                // texel covers the sample's share of the lobe.
                let a2 = alpha * alpha;
                let d = a2 / (PI * ((cos_t * cos_t) * (a2 - 1.0) + 1.0).powi(2));
                let pdf = d / 4.0;
                let sample_omega = 1.0 / (samples as f32 * pdf + 1e-6);
                let lod = (0.5 * (sample_omega / env.texel_solid_angle()).log2() + 1.0).max(0.0);
                sum = add(sum, scale(env.sample(l, lod), n_dot_l));
                weight += n_dot_l;
            }
            out.push(scale(sum, 1.0 / weight.max(1e-6)));
        }
    }
    out
}

const VK_FORMAT_R16G16B16A16_SFLOAT: u32 = 97;

/// Writes a KTX2 cubemap: `levels[level][face]` texels, largest level first.
fn write_ktx2(path: &Path, base: usize, levels: &[Vec<Vec<Vec3>>]) -> Result<()> {
    let level_count = levels.len();
    let header_len = 80;
    let index_len = 24 * level_count;
    let dfd_offset = header_len + index_len;
    let dfd = data_format_descriptor();
    let mut data_start = dfd_offset + dfd.len();
    data_start = data_start.div_ceil(8) * 8;

    // Level data, stored smallest first as the spec recommends.
    let mut payload: Vec<u8> = Vec::new();
    let mut index = vec![(0u64, 0u64); level_count];
    for (level, faces) in levels.iter().enumerate().rev() {
        while !(data_start + payload.len()).is_multiple_of(8) {
            payload.push(0);
        }
        let offset = data_start + payload.len();
        for face in faces {
            for texel in face {
                for c in [texel[0], texel[1], texel[2], 1.0] {
                    payload.extend_from_slice(&f16::from_f32(c.min(65000.0)).to_le_bytes());
                }
            }
        }
        index[level] = (offset as u64, (data_start + payload.len() - offset) as u64);
    }

    let mut out = Vec::with_capacity(data_start + payload.len());
    out.extend_from_slice(&[0xAB, b'K', b'T', b'X', b' ', b'2', b'0', 0xBB, b'\r', b'\n', 0x1A, b'\n']);
    for v in [
        VK_FORMAT_R16G16B16A16_SFLOAT,
        2,
        base as u32,
        base as u32,
        0,
        0,
        6,
        level_count as u32,
        0,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for v in [dfd_offset as u32, dfd.len() as u32, 0, 0] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&0u64.to_le_bytes());
    out.extend_from_slice(&0u64.to_le_bytes());
    for (offset, len) in &index {
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
    }
    out.extend_from_slice(&dfd);
    out.resize(data_start, 0);
    out.extend_from_slice(&payload);
    std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn size_of_level(base: usize, level: usize) -> usize {
    (base >> level).max(1)
}

/// Khronos basic data format descriptor for linear RGBA 16-bit floats.
fn data_format_descriptor() -> Vec<u8> {
    let samples = 4u16;
    let block_size = 24 + 16 * samples;
    let mut d = Vec::new();
    d.extend_from_slice(&(4 + block_size as u32).to_le_bytes());
    d.extend_from_slice(&0u32.to_le_bytes()); // vendor 0, type 0 (basic)
    d.extend_from_slice(&2u16.to_le_bytes()); // version 1.3
    d.extend_from_slice(&block_size.to_le_bytes());
    d.extend_from_slice(&[1, 1, 1, 0]); // RGBSDA, BT.709, linear, straight alpha
    d.extend_from_slice(&[0, 0, 0, 0]); // 1×1×1×1 texel block
    d.extend_from_slice(&[8, 0, 0, 0, 0, 0, 0, 0]); // bytes per plane
    for (i, channel) in [0u8, 1, 2, 15].into_iter().enumerate() {
        d.extend_from_slice(&(i as u16 * 16).to_le_bytes());
        d.push(15); // bit length - 1
        d.push(channel | 0x80 | 0x40); // float, signed
        d.extend_from_slice(&[0, 0, 0, 0]);
        d.extend_from_slice(&0xBF80_0000u32.to_le_bytes()); // -1.0
        d.extend_from_slice(&0x3F80_0000u32.to_le_bytes()); // 1.0
    }
    d
}

pub fn run(hdr: &Path, out_dir: &Path, name: &str) -> Result<()> {
    let env = Equirect::load(hdr)?;
    std::fs::create_dir_all(out_dir)?;

    let diffuse_size = 32;
    let diffuse = diffuse_faces(&env, diffuse_size);
    let diffuse_path = out_dir.join(format!("{name}_diffuse.ktx2"));
    write_ktx2(&diffuse_path, diffuse_size, &[diffuse])?;

    let base: usize = 128;
    let level_count = base.ilog2() as usize + 1;
    let mut levels = Vec::new();
    for level in 0..level_count {
        let size = size_of_level(base, level);
        let roughness = level as f32 / (level_count - 1) as f32;
        let samples = if level == 0 { 1 } else { 96 + 32 * level as u32 };
        levels.push(
            (0..6)
                .map(|face| specular_face(&env, face, size, roughness, samples))
                .collect::<Vec<_>>(),
        );
    }
    let specular_path = out_dir.join(format!("{name}_specular.ktx2"));
    write_ktx2(&specular_path, base, &levels)?;
    for p in [&diffuse_path, &specular_path] {
        println!("wrote {} ({} bytes)", p.display(), std::fs::metadata(p)?.len());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cube_faces_point_along_their_axes() {
        let axes = [
            [1.0, 0.0, 0.0],
            [-1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.0, -1.0, 0.0],
            [0.0, 0.0, 1.0],
            [0.0, 0.0, -1.0],
        ];
        for (face, axis) in axes.iter().enumerate() {
            let d = cube_dir(face, 8, 8, 16);
            assert!(dot(d, *axis) > 0.99, "face {face}: {d:?}");
        }
    }

    #[test]
    fn constant_environment_stays_constant() {
        let env = Equirect {
            // Fine enough that the quadrature resolves the l = 2 harmonics.
            levels: vec![(64, 32, vec![[2.0, 1.0, 0.5]; 64 * 32]), (32, 16, vec![[2.0, 1.0, 0.5]; 32 * 16])],
        };
        let diffuse = diffuse_faces(&env, 4);
        for face in &diffuse {
            for t in face {
                assert!((t[0] - 2.0).abs() < 0.05 && (t[1] - 1.0).abs() < 0.03, "{t:?}");
            }
        }
        let spec = specular_face(&env, 4, 4, 0.5, 64);
        for t in spec {
            assert!((t[0] - 2.0).abs() < 1e-3, "{t:?}");
        }
    }
}
