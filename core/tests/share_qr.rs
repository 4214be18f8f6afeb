//! QR images: the PNG and the SVG draw the same symbol, 8 pixels a module, with a quiet
//! zone of 4 light modules and the three finder patterns where a reader looks for them;
//! text too long for a QR code is a typed error. (`share_checkers.rs` reads the PNG back
//! with an independent decoder.)

use phr_core::share::{
    LinkKey, MODULE_PIXELS, QUIET_ZONE_MODULES, ShareError, ShlPayload, qr_png, qr_svg,
};
use std::io::Cursor;

const PX: usize = MODULE_PIXELS as usize;
const QZ: usize = QUIET_ZONE_MODULES as usize;

fn realistic_link() -> String {
    let mut payload = ShlPayload::new(
        "https://shl.example.org/m/I91rhba3VsuGXGchcnr6VHlQFKxfE28kuZ0ssbEuxno",
        LinkKey::generate(),
    );
    payload.flags.passcode = true;
    payload.exp = Some(1_767_225_600);
    payload.label = Some("Alex's allergies and medicines".into());
    payload
        .to_viewer_link("https://viewer.example/")
        .expect("link")
}

/// The PNG as a grid of modules (true = dark), checking that every module is a uniform
/// 8 x 8 square.
fn png_modules(png_bytes: &[u8]) -> Vec<Vec<bool>> {
    let mut decoder = png::Decoder::new(Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0u8; reader.output_buffer_size().expect("size")];
    let frame = reader.next_frame(&mut pixels).expect("a frame");
    assert_eq!(
        frame.color_type,
        png::ColorType::Grayscale,
        "greyscale after expansion"
    );
    let (width, height) = (frame.width as usize, frame.height as usize);
    assert_eq!(width, height, "square");
    assert_eq!(width % PX, 0, "whole modules");
    let side = width / PX;
    let pixel = |x: usize, y: usize| pixels[y * frame.line_size + x];
    (0..side)
        .map(|my| {
            (0..side)
                .map(|mx| {
                    let first = pixel(mx * PX, my * PX);
                    assert!(first == 0 || first == 255, "black or white");
                    for dy in 0..PX {
                        for dx in 0..PX {
                            assert_eq!(
                                pixel(mx * PX + dx, my * PX + dy),
                                first,
                                "module ({mx}, {my}) is not uniform"
                            );
                        }
                    }
                    first == 0
                })
                .collect()
        })
        .collect()
}

/// The SVG as a grid of modules, from its `width` and the rectangles of its path
/// (`M{left} {top}h{width}v{height}H{left}V{top}`).
fn svg_modules(svg: &str) -> Vec<Vec<bool>> {
    let attribute = |name: &str| -> usize {
        let start = svg.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
        svg[start..start + svg[start..].find('"').expect("quote")]
            .parse()
            .expect("number")
    };
    let width = attribute("width");
    assert_eq!(width, attribute("height"));
    let side = width / PX;
    let mut grid = vec![vec![false; side]; side];
    let path_start = svg.find(" d=\"").expect("path") + 4;
    let path = &svg[path_start..path_start + svg[path_start..].find('"').expect("end")];
    for rect in path.split('M').filter(|r| !r.is_empty()) {
        let numbers: Vec<usize> = rect
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().expect("number"))
            .collect();
        let [left, top, w, h, ..] = numbers[..] else {
            panic!("unexpected path segment {rect}");
        };
        assert!(left % PX == 0 && top % PX == 0 && w % PX == 0 && h % PX == 0);
        for row in grid.iter_mut().skip(top / PX).take(h / PX) {
            for cell in row.iter_mut().skip(left / PX).take(w / PX) {
                *cell = true;
            }
        }
    }
    grid
}

fn assert_quiet_zone_and_finders(grid: &[Vec<bool>]) {
    let side = grid.len();
    let symbol = side - 2 * QZ;
    assert_eq!(
        (symbol - 17) % 4,
        0,
        "a QR symbol is 17 + 4 * version modules"
    );
    for (y, row) in grid.iter().enumerate() {
        for (x, dark) in row.iter().enumerate() {
            let in_quiet_zone = x < QZ || y < QZ || x >= side - QZ || y >= side - QZ;
            assert!(
                !(in_quiet_zone && *dark),
                "dark module ({x}, {y}) in the quiet zone"
            );
        }
    }
    // Finder patterns (7 x 7: dark ring, light ring, dark 3 x 3) at three corners.
    for (ox, oy) in [(QZ, QZ), (side - QZ - 7, QZ), (QZ, side - QZ - 7)] {
        for dy in 0..7 {
            for dx in 0..7 {
                let ring = dx.min(dy).min(6 - dx).min(6 - dy);
                let expected = ring != 1;
                assert_eq!(
                    grid[oy + dy][ox + dx],
                    expected,
                    "finder at ({ox}, {oy}), offset ({dx}, {dy})"
                );
            }
        }
    }
}

#[test]
fn png_and_svg_draw_the_same_symbol_with_quiet_zone_and_finders() {
    let link = realistic_link();
    let png_grid = png_modules(&qr_png(&link).expect("png"));
    let svg_grid = svg_modules(&qr_svg(&link).expect("svg"));
    assert_quiet_zone_and_finders(&png_grid);
    assert_eq!(png_grid, svg_grid);
    // A link of this length needs a mid-sized symbol, well inside a phone camera's reach.
    let modules = png_grid.len() - 2 * QZ;
    assert!((41..=101).contains(&modules), "{modules} modules");
}

#[test]
fn png_is_a_small_one_bit_greyscale_image() {
    let png_bytes = qr_png(&realistic_link()).expect("png");
    assert_eq!(&png_bytes[..8], b"\x89PNG\r\n\x1a\n");
    let decoder = png::Decoder::new(Cursor::new(&png_bytes));
    let reader = decoder.read_info().expect("a PNG");
    let info = reader.info();
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    assert_eq!(info.bit_depth, png::BitDepth::One);
    assert!(png_bytes.len() < 16 * 1024, "{} bytes", png_bytes.len());
}

#[test]
fn a_different_text_draws_a_different_symbol() {
    let a = png_modules(&qr_png("shlink:/AAAA").expect("png"));
    let b = png_modules(&qr_png("shlink:/AAAB").expect("png"));
    assert_eq!(a.len(), b.len());
    assert_ne!(a, b);
}

#[test]
fn text_too_long_for_a_qr_code_is_a_typed_error() {
    // Version 40 at level M holds 2,331 bytes in byte mode (the capacity table of ISO/IEC 18004).
    qr_png(&"a".repeat(2331)).expect("the largest symbol");
    let text = "a".repeat(2332);
    for error in [
        qr_png(&text).expect_err("too long"),
        qr_svg(&text).expect_err("too long"),
    ] {
        assert!(
            matches!(error, ShareError::TooLongForQr { length: 2332, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("too long"), "{error}");
    }
}
