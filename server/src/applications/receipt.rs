//! A one-page PDF to keep: the receipt of an application. Written by hand (the format is simple for
//! one page of text) with PDF's built-in Helvetica, which covers ASCII only, so Vietnamese text is
//! printed without diacritics.

use domain::search::strip_diacritics;

pub struct Receipt {
    pub title: String,
    pub lines: Vec<String>,
    /// A QR code to print under the text: its modules, row by row (`true` is dark).
    pub qr: Option<Vec<Vec<bool>>>,
}

impl Receipt {
    pub fn render(&self) -> Vec<u8> {
        let mut content = String::from("BT\n/F1 16 Tf\n50 790 Td\n");
        content.push_str(&format!("({}) Tj\n/F1 11 Tf\n", escape(&self.title)));
        for line in &self.lines {
            content.push_str(&format!("0 -22 Td\n({}) Tj\n", escape(line)));
        }
        content.push_str("ET\n");
        if let Some(modules) = &self.qr {
            content.push_str(&qr_drawing(modules));
        }
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
                .to_string(),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
            format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        ];
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (index, object) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", index + 1).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for offset in offsets {
            pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        pdf
    }
}

/// Filled squares for the dark modules, 4 points each, below the text.
fn qr_drawing(modules: &[Vec<bool>]) -> String {
    const SIZE: usize = 4;
    const LEFT: usize = 50;
    const TOP: usize = 520;
    let mut drawing = String::from("0 0 0 rg\n");
    for (row, line) in modules.iter().enumerate() {
        for (column, dark) in line.iter().enumerate() {
            if *dark {
                drawing.push_str(&format!(
                    "{} {} {SIZE} {SIZE} re f\n",
                    LEFT + column * SIZE,
                    TOP - row * SIZE
                ));
            }
        }
    }
    drawing
}

/// ASCII text for a PDF string literal: diacritics removed, anything else non-ASCII replaced,
/// and the delimiters escaped.
fn escape(text: &str) -> String {
    strip_diacritics(text)
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '?'
            }
        })
        .flat_map(|c| match c {
            '(' | ')' | '\\' => vec!['\\', c],
            other => vec![other],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_well_formed_single_page_pdf() {
        let pdf = Receipt {
            title: "Biên nhận (test)".into(),
            lines: vec!["Mã hồ sơ: HS1".into()],
            qr: Some(vec![vec![true, false], vec![false, true]]),
        }
        .render();
        let text = String::from_utf8(pdf.clone()).unwrap();
        assert!(text.starts_with("%PDF-1.4"));
        assert!(text.contains("(Bien nhan \\(test\\)) Tj"));
        assert!(text.contains("(Ma ho so: HS1) Tj"));
        assert_eq!(
            text.matches(" re f").count(),
            2,
            "one square per dark module"
        );
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(text[startxref..].starts_with("xref"));
    }
}
