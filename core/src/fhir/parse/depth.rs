//! How deeply the input nests, measured before parsing.
//!
//! serde_json stops at 128 levels, but each level of a typed resource costs stack, and a
//! phone's secondary threads have little of it (512 KiB on iOS). No real record comes
//! near: the deepest fixture (an IPS Bundle) nests 12 levels. So the input is scanned
//! once, byte by byte, and refused past [`MAX_DEPTH`](super::MAX_DEPTH) before any
//! parsing starts; a 10,000-deep array is refused in one linear pass.

/// Where the input first nests deeper than allowed: a byte offset.
pub(crate) fn too_deep_at(bytes: &[u8], limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, &byte) in bytes.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Some(offset);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The 1-based line and column of a byte offset, as serde_json counts them.
pub(crate) fn line_and_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - line_start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_inside_strings_do_not_count() {
        assert_eq!(too_deep_at(br#"{"a":"[[[[\"[[["}"#, 2), None);
        assert_eq!(too_deep_at(b"[[[", 2), Some(2));
        assert_eq!(too_deep_at(br#"{"a":[{"b":1}]}"#, 3), None);
    }

    #[test]
    fn positions_count_lines_from_one() {
        assert_eq!(line_and_column(b"{\n  [", 4), (2, 3));
        assert_eq!(line_and_column(b"[", 0), (1, 1));
    }
}
