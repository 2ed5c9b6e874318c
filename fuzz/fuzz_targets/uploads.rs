//! Uploads: a file's type from its first bytes, an image's size from its header, and the rules
//! of a document question. The input is read as an uploaded file, and as the parts of a PNG or
//! JPEG header built here, whose size must read back exactly.

#![no_main]

use domain::definitions;
use domain::engine::documents::{image_size, shown_name, sniff, DocumentRules, FileType};
use domain::engine::Kind;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

const ALL_TYPES: [FileType; 3] = [FileType::Jpeg, FileType::Png, FileType::Pdf];

/// Rules beside those the services declare: tight limits, other type sets, no pixel rule.
const EXTRA_RULES: [DocumentRules; 4] = [
    DocumentRules {
        accept: &[FileType::Jpeg, FileType::Png],
        max_bytes: 64,
        min_pixels: Some((400, 600)),
    },
    DocumentRules {
        accept: &[FileType::Pdf],
        max_bytes: 1024 * 1024,
        min_pixels: None,
    },
    DocumentRules {
        accept: &ALL_TYPES,
        max_bytes: 1024 * 1024,
        min_pixels: None,
    },
    DocumentRules {
        accept: &[FileType::Png],
        max_bytes: 1024 * 1024,
        min_pixels: Some((1, 1)),
    },
];

fuzz_target!(|data: &[u8]| {
    uploaded(data);
    if let Ok(answer) = std::str::from_utf8(data) {
        document_answer(answer);
    }
    let _ = built_image(&mut Unstructured::new(data));
});

fn magic(file_type: FileType) -> &'static [u8] {
    match file_type {
        FileType::Jpeg => &[0xFF, 0xD8, 0xFF],
        FileType::Png => b"\x89PNG\r\n\x1a\n",
        FileType::Pdf => b"%PDF-",
    }
}

/// The document rules the services declare, and the extra ones.
fn all_rules() -> impl Iterator<Item = DocumentRules> {
    let declared = definitions::all()
        .iter()
        .flat_map(|definition| definition.steps)
        .flat_map(|step| step.questions)
        .filter_map(|question| match question.kind {
            Kind::Document(rules) => Some(rules),
            _ => None,
        });
    declared.chain(EXTRA_RULES)
}

fn uploaded(bytes: &[u8]) {
    let sniffed = sniff(bytes);
    // The type is the one whose magic bytes the file starts with; no file has two.
    let starts: Vec<FileType> = ALL_TYPES
        .into_iter()
        .filter(|t| bytes.starts_with(magic(*t)))
        .collect();
    assert!(starts.len() <= 1);
    assert_eq!(sniffed, starts.first().copied());
    for file_type in ALL_TYPES {
        // Any header, whatever its type, is read without a panic.
        let size = image_size(bytes, file_type);
        if file_type == FileType::Pdf {
            assert_eq!(size, None, "a PDF has no pixel size");
        }
        if let (FileType::Png, Some((width, height))) = (file_type, size) {
            assert_eq!(&bytes[12..16], b"IHDR");
            assert_eq!(width.to_be_bytes(), bytes[16..20]);
            assert_eq!(height.to_be_bytes(), bytes[20..24]);
        }
    }
    for rules in all_rules() {
        judged(&rules, bytes);
    }
}

/// An accepted file is non-empty, within the size limit, of an accepted type by its content,
/// and big enough; a refused one is told the rules; a file meeting every rule is accepted.
fn judged(rules: &DocumentRules, bytes: &[u8]) {
    let described = rules.describe();
    let meets_rules = !bytes.is_empty()
        && bytes.len() <= rules.max_bytes
        && sniff(bytes).is_some_and(|t| rules.accept.contains(&t))
        && rules.min_pixels.is_none_or(|(min_width, min_height)| {
            image_size(bytes, sniff(bytes).unwrap())
                .is_some_and(|(width, height)| width >= min_width && height >= min_height)
        });
    match rules.check(bytes) {
        Ok(file_type) => {
            assert!(meets_rules, "accepted against {described:?}");
            assert!(bytes.starts_with(magic(file_type)));
            assert!(rules.accept.contains(&file_type));
            if let Some((min_width, min_height)) = rules.min_pixels {
                let (width, height) = image_size(bytes, file_type).expect("a readable size");
                assert!(width >= min_width && height >= min_height);
            }
        }
        Err(refusal) => {
            assert!(!meets_rules, "refused though it meets {described:?}");
            assert!(refusal.vi.ends_with(&format!(": {}", described.vi)));
            assert!(refusal.en.ends_with(&format!(": {}", described.en)));
        }
    }
}

/// A document answer is `<document id>/<file name>`; the citizen is shown the name.
fn document_answer(answer: &str) {
    let shown = shown_name(answer);
    assert!(answer.ends_with(shown));
    if let Some((id, name)) = answer.split_once('/') {
        assert_eq!(shown, name);
        assert_eq!(shown_name(&format!("{id}/{shown}")), shown);
    } else {
        assert_eq!(shown, answer);
    }
}

/// PNG and JPEG headers built from the input report the size they were built with, and the
/// photo rules accept them exactly when that size is large enough.
fn built_image(u: &mut Unstructured) -> Result<()> {
    let width: u16 = u.arbitrary()?;
    let height: u16 = u.arbitrary()?;
    let image = if u.arbitrary()? {
        let mut png = magic(FileType::Png).to_vec();
        png.extend(13u32.to_be_bytes());
        png.extend(b"IHDR");
        png.extend(u32::from(width).to_be_bytes());
        png.extend(u32::from(height).to_be_bytes());
        png.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        png
    } else {
        let mut jpeg = vec![0xFF, 0xD8];
        // Segments before the frame header (APPn, comments, tables) are walked over by length.
        for _ in 0..u.int_in_range(0..=4)? {
            let marker = *u.choose(&[0xE0, 0xE1, 0xEE, 0xFE, 0xDB, 0xC4, 0xDD])?;
            let payload: Vec<u8> = (0..u.int_in_range(0..=40)?)
                .map(|_| u.arbitrary())
                .collect::<Result<_>>()?;
            jpeg.extend([0xFF, marker]);
            jpeg.extend((payload.len() as u16 + 2).to_be_bytes());
            jpeg.extend(payload);
        }
        // Baseline, extended, progressive or lossless frames all carry the size.
        let frame = *u.choose(&[0xC0, 0xC1, 0xC2, 0xC3, 0xC9, 0xCA])?;
        jpeg.extend([0xFF, frame, 0x00, 0x11, 0x08]);
        jpeg.extend(height.to_be_bytes());
        jpeg.extend(width.to_be_bytes());
        jpeg.extend([0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
        jpeg.extend([0xFF, 0xDA]);
        jpeg
    };
    let file_type = sniff(&image).expect("a built image has its magic bytes");
    assert_eq!(
        image_size(&image, file_type),
        Some((u32::from(width), u32::from(height))),
        "{file_type:?} {width}×{height}: {image:02X?}"
    );
    for rules in all_rules() {
        let big_enough = rules
            .min_pixels
            .is_none_or(|(w, h)| u32::from(width) >= w && u32::from(height) >= h);
        let accepted = image.len() <= rules.max_bytes && rules.accept.contains(&file_type);
        assert_eq!(rules.check(&image).is_ok(), accepted && big_enough);
    }
    Ok(())
}
