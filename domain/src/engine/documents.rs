//! Uploaded documents are judged by their content, never by their name: the first bytes say what
//! a file is, and an image's header says its size in pixels.

use super::validation::Refusal;
use crate::text::OwnedText;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Jpeg,
    Png,
    Pdf,
}

impl FileType {
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Pdf => "application/pdf",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Jpeg => "JPG",
            Self::Png => "PNG",
            Self::Pdf => "PDF",
        }
    }

    /// Extensions for the file picker's `accept` attribute (a convenience: content decides).
    pub fn extensions(self) -> &'static str {
        match self {
            Self::Jpeg => ".jpg,.jpeg",
            Self::Png => ".png",
            Self::Pdf => ".pdf",
        }
    }
}

/// Whether `answer` names a stored document as the server writes it: a 22-character random id
/// and the file's cleaned name (`<document id>/<file name>`). A citizen never types one: anything
/// else posted for a document question is refused.
pub fn is_stored_answer(answer: &str) -> bool {
    answer.split_once('/').is_some_and(|(id, name)| {
        id.len() == 22
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && !name.is_empty()
            && !name.contains(['/', '\\'])
            && !name.chars().any(char::is_control)
    })
}

/// The file name of a document answer (`<document id>/<file name>`), as shown to the citizen.
pub fn shown_name(answer: &str) -> &str {
    answer.split_once('/').map_or(answer, |(_, name)| name)
}

/// What a file is, from its first bytes.
pub fn sniff(bytes: &[u8]) -> Option<FileType> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileType::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileType::Png)
    } else if bytes.starts_with(b"%PDF-") {
        Some(FileType::Pdf)
    } else {
        None
    }
}

/// Width and height of a PNG or JPEG image, from its header.
pub fn image_size(bytes: &[u8], file_type: FileType) -> Option<(u32, u32)> {
    match file_type {
        FileType::Png => {
            // The IHDR chunk comes first: width and height are its first eight bytes.
            (bytes.get(12..16)? == b"IHDR").then_some(())?;
            let number = |range: std::ops::Range<usize>| {
                Some(u32::from_be_bytes(bytes.get(range)?.try_into().ok()?))
            };
            Some((number(16..20)?, number(20..24)?))
        }
        FileType::Jpeg => jpeg_size(bytes),
        FileType::Pdf => None,
    }
}

/// Walks the JPEG segments to the start-of-frame, which holds the size.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut position = 2;
    while position + 9 < bytes.len() {
        if bytes[position] != 0xFF {
            return None;
        }
        let marker = bytes[position + 1];
        let length = usize::from(u16::from_be_bytes([
            bytes[position + 2],
            bytes[position + 3],
        ]));
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let height = u16::from_be_bytes([bytes[position + 5], bytes[position + 6]]);
            let width = u16::from_be_bytes([bytes[position + 7], bytes[position + 8]]);
            return Some((u32::from(width), u32::from(height)));
        }
        position += 2 + length;
    }
    None
}

/// The rules a document question states up front and enforces.
#[derive(Debug, Clone, Copy)]
pub struct DocumentRules {
    pub accept: &'static [FileType],
    pub max_bytes: usize,
    /// The smallest width and height in pixels, for photos.
    pub min_pixels: Option<(u32, u32)>,
}

impl DocumentRules {
    /// The rules in words, for the hint and for every refusal.
    pub fn describe(&self) -> OwnedText {
        let types: Vec<&str> = self.accept.iter().map(|t| t.label()).collect();
        let megabytes = self.max_bytes / (1024 * 1024);
        let (vi, en) = match self.min_pixels {
            Some((w, h)) => (
                format!(
                    "{}, tối đa {megabytes} MB, ít nhất {w} × {h} điểm ảnh",
                    types.join(" hoặc ")
                ),
                format!(
                    "{}, at most {megabytes} MB, at least {w} × {h} pixels",
                    types.join(" or ")
                ),
            ),
            None => (
                format!("{}, tối đa {megabytes} MB", types.join(" hoặc ")),
                format!("{}, at most {megabytes} MB", types.join(" or ")),
            ),
        };
        OwnedText::new(vi, en)
    }

    /// Checks a file's content against the rules; the refusal restates them.
    pub fn check(&self, bytes: &[u8]) -> Result<FileType, Refusal> {
        let rules = self.describe();
        let refuse = |vi: &str, en: &str| {
            Refusal::new(format!("{vi}: {}", rules.vi), format!("{en}: {}", rules.en))
        };
        if bytes.is_empty() {
            return Err(refuse("Hãy chọn tệp", "Choose a file"));
        }
        if bytes.len() > self.max_bytes {
            return Err(refuse("Tệp quá lớn", "The file is too large"));
        }
        let Some(file_type) = sniff(bytes).filter(|found| self.accept.contains(found)) else {
            return Err(refuse(
                "Loại tệp không được chấp nhận",
                "This kind of file is not accepted",
            ));
        };
        if let Some((min_width, min_height)) = self.min_pixels {
            match image_size(bytes, file_type) {
                Some((width, height)) if width >= min_width && height >= min_height => {}
                _ => {
                    return Err(refuse(
                        "Ảnh quá nhỏ hoặc không đọc được",
                        "The photo is too small or cannot be read",
                    ))
                }
            }
        }
        Ok(file_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    const PHOTO: DocumentRules = DocumentRules {
        accept: &[FileType::Jpeg, FileType::Png],
        max_bytes: 1024 * 1024,
        min_pixels: Some((400, 600)),
    };

    #[test]
    fn content_decides_and_refusals_state_the_rules() {
        assert_eq!(PHOTO.check(&png(600, 800)), Ok(FileType::Png));
        let small = PHOTO.check(&png(100, 100)).unwrap_err();
        assert!(
            small.en.contains("too small") && small.en.contains("400 × 600 pixels"),
            "{}",
            small.en
        );
        let text = PHOTO.check(b"this is not a photo").unwrap_err();
        assert!(
            text.vi.contains("Loại tệp") && text.vi.contains("JPG hoặc PNG"),
            "{}",
            text.vi
        );
        let pdf = PHOTO.check(b"%PDF-1.4 ...").unwrap_err();
        assert!(pdf.en.contains("not accepted"));
        let mut huge = png(600, 800);
        huge.resize(2 * 1024 * 1024, 0);
        assert!(PHOTO.check(&huge).unwrap_err().en.contains("at most 1 MB"));
    }

    #[test]
    fn reads_jpeg_sizes_from_the_frame_header() {
        // SOI, an APP0 segment of length 16, then SOF0 with height 600 and width 400.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        jpeg.extend([0; 14]);
        jpeg.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x02, 0x58, 0x01, 0x90, 0x03]);
        jpeg.extend([0; 12]);
        assert_eq!(sniff(&jpeg), Some(FileType::Jpeg));
        assert_eq!(image_size(&jpeg, FileType::Jpeg), Some((400, 600)));
    }
}
