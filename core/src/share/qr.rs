//! QR codes of links, as PNG and SVG images.
//!
//! Error correction level M, as the SMART Health Cards and Links IG recommends (links
//! specification, "Sharing User transmits a SMART Health Link": "Create the QR with
//! Error Correction Level M"); a quiet zone of 4 modules, the minimum ISO/IEC 18004
//! sets for QR codes; 8 pixels a module, so that a phone camera reads a full-length link
//! from a screen at arm's length.

use super::ShareError;
use qrcode::render::svg;
use qrcode::{Color, EcLevel, QrCode};

/// Pixels per module (side of one QR square) in both images.
pub const MODULE_PIXELS: u32 = 8;
/// Light modules around the symbol on every side (the ISO/IEC 18004 minimum for QR).
pub const QUIET_ZONE_MODULES: u32 = 4;

/// A PNG image (1-bit greyscale) of `text` as a QR code.
pub fn qr_png(text: &str) -> Result<Vec<u8>, ShareError> {
    let code = encode(text)?;
    // A QR code is at most 177 modules wide (version 40), so these never overflow.
    let modules = code.width() as u32;
    let side_modules = modules + 2 * QUIET_ZONE_MODULES;
    let side_pixels = side_modules * MODULE_PIXELS;

    // With 8 pixels a module and 1 bit a pixel, one module is one byte of a row:
    // 0x00 dark, 0xff light. Each row of modules is repeated for its 8 pixel rows.
    let row_bytes = side_modules as usize;
    let mut pixels = Vec::with_capacity(row_bytes * side_pixels as usize);
    for y in 0..side_modules {
        let row: Vec<u8> = (0..side_modules)
            .map(|x| {
                if is_dark(&code, modules, x, y) {
                    0x00
                } else {
                    0xff
                }
            })
            .collect();
        for _ in 0..MODULE_PIXELS {
            pixels.extend_from_slice(&row);
        }
    }

    let mut png_bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut png_bytes, side_pixels, side_pixels);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    let mut writer = encoder
        .write_header()
        .map_err(|source| ShareError::QrImage { source })?;
    writer
        .write_image_data(&pixels)
        .map_err(|source| ShareError::QrImage { source })?;
    writer
        .finish()
        .map_err(|source| ShareError::QrImage { source })?;
    Ok(png_bytes)
}

/// An SVG image of `text` as a QR code, black on white, with the same geometry as
/// [`qr_png`] (8 units a module, 4 modules of quiet zone).
pub fn qr_svg(text: &str) -> Result<String, ShareError> {
    let code = encode(text)?;
    Ok(code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(MODULE_PIXELS, MODULE_PIXELS)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

fn encode(text: &str) -> Result<QrCode, ShareError> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|source| {
        ShareError::TooLongForQr {
            length: text.len(),
            source,
        }
    })
}

/// Whether the module at (`x`, `y`), counted from the image's corner (quiet zone
/// included), is dark.
fn is_dark(code: &QrCode, modules: u32, x: u32, y: u32) -> bool {
    let inside = QUIET_ZONE_MODULES..QUIET_ZONE_MODULES + modules;
    inside.contains(&x)
        && inside.contains(&y)
        && code[(
            (x - QUIET_ZONE_MODULES) as usize,
            (y - QUIET_ZONE_MODULES) as usize,
        )] == Color::Dark
}
