//! The little 3D arithmetic IIIF transforms need: 4×4 affine matrices
//! (row-major, column vectors), IIIF's Euler angles, quaternions.

pub type Mat = [[f64; 4]; 4];

pub const IDENTITY: Mat = [
    [1.0, 0.0, 0.0, 0.0],
    [0.0, 1.0, 0.0, 0.0],
    [0.0, 0.0, 1.0, 0.0],
    [0.0, 0.0, 0.0, 1.0],
];

pub fn mul(a: &Mat, b: &Mat) -> Mat {
    let mut out = [[0.0; 4]; 4];
    for (i, row) in out.iter_mut().enumerate() {
        for (j, cell) in row.iter_mut().enumerate() {
            *cell = (0..4).map(|k| a[i][k] * b[k][j]).sum();
        }
    }
    out
}

pub fn translation(t: [f64; 3]) -> Mat {
    let mut m = IDENTITY;
    for i in 0..3 {
        m[i][3] = t[i];
    }
    m
}

pub fn scale(s: [f64; 3]) -> Mat {
    let mut m = IDENTITY;
    for i in 0..3 {
        m[i][i] = s[i];
    }
    m
}

/// IIIF's `RotateTransform` (degrees): about x first, then y, then z, each
/// about the axes as they stand after the previous rotation (intrinsic
/// x-y-z, the matrix Rx·Ry·Rz; what the IIIF 3D group's viewers do; the
/// specification does not yet say intrinsic or extrinsic, IIIF/api#2285).
pub fn rotation_xyz(deg: [f64; 3]) -> Mat {
    let [x, y, z] = deg.map(f64::to_radians);
    let rx = [
        [1.0, 0.0, 0.0, 0.0],
        [0.0, x.cos(), -x.sin(), 0.0],
        [0.0, x.sin(), x.cos(), 0.0],
        [0.0, 0.0, 0.0, 1.0],
    ];
    let ry = [
        [y.cos(), 0.0, y.sin(), 0.0],
        [0.0, 1.0, 0.0, 0.0],
        [-y.sin(), 0.0, y.cos(), 0.0],
        [0.0, 0.0, 0.0, 1.0],
    ];
    let rz = [
        [z.cos(), -z.sin(), 0.0, 0.0],
        [z.sin(), z.cos(), 0.0, 0.0],
        [0.0, 0.0, 1.0, 0.0],
        [0.0, 0.0, 0.0, 1.0],
    ];
    mul(&mul(&rx, &ry), &rz)
}

/// The Euler angles (degrees) of a rotation matrix, for [`rotation_xyz`].
pub fn euler_xyz(m: &Mat) -> [f64; 3] {
    let y = m[0][2].clamp(-1.0, 1.0).asin();
    let (x, z) = if m[0][2].abs() < 0.999_999_9 {
        ((-m[1][2]).atan2(m[2][2]), (-m[0][1]).atan2(m[0][0]))
    } else {
        (m[2][1].atan2(m[1][1]), 0.0)
    };
    [x, y, z].map(|a| {
        let d = a.to_degrees();
        // Tidy: -0 and 1e-14 are 0.
        if d.abs() < 1e-9 { 0.0 } else { d }
    })
}

pub fn apply(m: &Mat, p: [f64; 3]) -> [f64; 3] {
    let mut out = [0.0; 3];
    for (i, o) in out.iter_mut().enumerate() {
        *o = m[i][0] * p[0] + m[i][1] * p[1] + m[i][2] * p[2] + m[i][3];
    }
    out
}

/// Applies only the linear part (a direction).
pub fn apply_dir(m: &Mat, d: [f64; 3]) -> [f64; 3] {
    let mut out = [0.0; 3];
    for (i, o) in out.iter_mut().enumerate() {
        *o = m[i][0] * d[0] + m[i][1] * d[1] + m[i][2] * d[2];
    }
    out
}

/// Translation, rotation (quaternion x, y, z, w) and scale with
/// `M = T · R · S`, and whether that is exact (no shear).
pub struct Trs {
    pub translation: [f64; 3],
    pub rotation: [f64; 4],
    pub scale: [f64; 3],
    pub exact: bool,
}

pub fn decompose(m: &Mat) -> Trs {
    let col = |j: usize| [m[0][j], m[1][j], m[2][j]];
    let len = |v: [f64; 3]| (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    let mut s = [len(col(0)), len(col(1)), len(col(2))];
    let mut r = [[0.0; 3]; 3];
    for j in 0..3 {
        let c = col(j);
        for i in 0..3 {
            r[i][j] = if s[j] > 0.0 { c[i] / s[j] } else { f64::from(i == j) };
        }
    }
    let det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
        + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
    if det < 0.0 {
        // A reflection: one negative scale, and a proper rotation.
        s[0] = -s[0];
        for row in &mut r {
            row[0] = -row[0];
        }
    }
    // Columns must be orthogonal for T·R·S to be exact.
    let dot = |a: usize, b: usize| (0..3).map(|i| r[i][a] * r[i][b]).sum::<f64>();
    let exact = dot(0, 1).abs() < 1e-6 && dot(0, 2).abs() < 1e-6 && dot(1, 2).abs() < 1e-6;
    Trs {
        translation: [m[0][3], m[1][3], m[2][3]],
        rotation: quaternion(&r),
        scale: s,
        exact,
    }
}

fn quaternion(r: &[[f64; 3]; 3]) -> [f64; 4] {
    let trace = r[0][0] + r[1][1] + r[2][2];
    let q = if trace > 0.0 {
        let s = (trace + 1.0).sqrt() * 2.0;
        [(r[2][1] - r[1][2]) / s, (r[0][2] - r[2][0]) / s, (r[1][0] - r[0][1]) / s, 0.25 * s]
    } else if r[0][0] > r[1][1] && r[0][0] > r[2][2] {
        let s = (1.0 + r[0][0] - r[1][1] - r[2][2]).sqrt() * 2.0;
        [0.25 * s, (r[0][1] + r[1][0]) / s, (r[0][2] + r[2][0]) / s, (r[2][1] - r[1][2]) / s]
    } else if r[1][1] > r[2][2] {
        let s = (1.0 + r[1][1] - r[0][0] - r[2][2]).sqrt() * 2.0;
        [(r[0][1] + r[1][0]) / s, 0.25 * s, (r[1][2] + r[2][1]) / s, (r[0][2] - r[2][0]) / s]
    } else {
        let s = (1.0 + r[2][2] - r[0][0] - r[1][1]).sqrt() * 2.0;
        [(r[0][2] + r[2][0]) / s, (r[1][2] + r[2][1]) / s, 0.25 * s, (r[1][0] - r[0][1]) / s]
    };
    let n = q.iter().map(|v| v * v).sum::<f64>().sqrt();
    q.map(|v| v / n)
}

/// The rotation matrix of a unit quaternion (x, y, z, w).
pub fn from_quaternion(q: [f64; 4]) -> Mat {
    let [x, y, z, w] = q;
    [
        [1.0 - 2.0 * (y * y + z * z), 2.0 * (x * y - z * w), 2.0 * (x * z + y * w), 0.0],
        [2.0 * (x * y + z * w), 1.0 - 2.0 * (x * x + z * z), 2.0 * (y * z - x * w), 0.0],
        [2.0 * (x * z - y * w), 2.0 * (y * z + x * w), 1.0 - 2.0 * (x * x + y * y), 0.0],
        [0.0, 0.0, 0.0, 1.0],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: [f64; 3], b: [f64; 3]) -> bool {
        (0..3).all(|i| (a[i] - b[i]).abs() < 1e-9)
    }

    #[test]
    fn rotations_follow_the_right_hand_and_the_iiif_example() {
        // The specification's example: (1, 1, 0) turned 90° about x is (1, 0, 1).
        assert!(close(apply(&rotation_xyz([90.0, 0.0, 0.0]), [1.0, 1.0, 0.0]), [1.0, 0.0, 1.0]));
        // A spotlight turned 90° about x points from -Y to -Z.
        assert!(close(
            apply_dir(&rotation_xyz([90.0, 0.0, 0.0]), [0.0, -1.0, 0.0]),
            [0.0, 0.0, -1.0]
        ));
        let angles = [30.0, -50.0, 120.0];
        assert!(close(euler_xyz(&rotation_xyz(angles)), angles));
    }

    #[test]
    fn decomposition_round_trips_and_sees_reflections_and_shear() {
        let m = mul(
            &mul(&translation([1.0, 2.0, 3.0]), &rotation_xyz([10.0, 20.0, 30.0])),
            &scale([2.0, 3.0, -4.0]),
        );
        let trs = decompose(&m);
        assert!(trs.exact);
        let back = mul(
            &mul(&translation(trs.translation), &from_quaternion(trs.rotation)),
            &scale(trs.scale),
        );
        for p in [[1.0, 0.0, 0.0], [0.3, -2.0, 5.0]] {
            assert!(close(apply(&m, p), apply(&back, p)));
        }
        assert!(trs.scale[0] < 0.0, "a reflection shows as one negative scale: {:?}", trs.scale);
        // Scaling after a rotation, unevenly: shear, which T·R·S cannot hold.
        let sheared = mul(&scale([1.0, 3.0, 1.0]), &rotation_xyz([0.0, 0.0, 45.0]));
        assert!(!decompose(&sheared).exact);
    }
}
