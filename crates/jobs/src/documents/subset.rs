//! A minimal TrueType subsetter for PDF embedding: glyph ids stay as they are (so the PDF can
//! address glyphs with an identity CID-to-GID map), but the outlines of every glyph the
//! document does not use are dropped, and so are the tables a PDF viewer never reads
//! (layout tables, glyph names). A 750 KB font becomes a few dozen KB.

use std::collections::BTreeSet;

/// Tables worth keeping in an embedded TrueType font (`glyf` and `loca` are rebuilt).
const KEEP: [&[u8; 4]; 10] =
    [b"cmap", b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"prep"];

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([*d.get(at)?, *d.get(at + 1)?, *d.get(at + 2)?, *d.get(at + 3)?]))
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The font with only the outlines of `glyphs` (plus .notdef and composite components).
/// `None` when the font is not a TrueType-outline font this function understands; callers
/// then embed the whole font.
pub(crate) fn subset(font: &[u8], glyphs: &BTreeSet<u16>) -> Option<Vec<u8>> {
    let num_tables = usize::from(u16_at(font, 4)?);
    let mut tables: Vec<([u8; 4], &[u8])> = Vec::with_capacity(num_tables);
    for i in 0..num_tables {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let offset = u32_at(font, rec + 8)? as usize;
        let length = u32_at(font, rec + 12)? as usize;
        tables.push((tag, font.get(offset..offset.checked_add(length)?)?));
    }
    let table = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, d)| *d);
    let head = table(b"head")?;
    let glyf = table(b"glyf")?;
    let loca = table(b"loca")?;
    let num_glyphs = usize::from(u16_at(table(b"maxp")?, 4)?);
    let long_loca = u16_at(head, 50)? == 1;
    let location = |gid: usize| -> Option<usize> {
        if long_loca {
            u32_at(loca, gid * 4).map(|v| v as usize)
        } else {
            u16_at(loca, gid * 2).map(|v| usize::from(v) * 2)
        }
    };
    let outline = |gid: usize| -> Option<&[u8]> {
        let (start, end) = (location(gid)?, location(gid + 1)?);
        glyf.get(start..end.max(start))
    };

    // The glyphs to keep: the requested ones, .notdef, and every composite's components.
    let mut keep: BTreeSet<u16> = glyphs.iter().copied().filter(|&g| usize::from(g) < num_glyphs).collect();
    keep.insert(0);
    let mut todo: Vec<u16> = keep.iter().copied().collect();
    while let Some(gid) = todo.pop() {
        let data = outline(usize::from(gid))?;
        if data.len() < 10 || (u16_at(data, 0)? as i16) >= 0 {
            continue;
        }
        let mut at = 10;
        loop {
            let flags = u16_at(data, at)?;
            let component = u16_at(data, at + 2)?;
            if usize::from(component) < num_glyphs && keep.insert(component) {
                todo.push(component);
            }
            at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
            at += if flags & 0x0008 != 0 {
                2
            } else if flags & 0x0040 != 0 {
                4
            } else if flags & 0x0080 != 0 {
                8
            } else {
                0
            };
            if flags & 0x0020 == 0 {
                break;
            }
        }
    }

    // New glyf + loca (long format).
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((num_glyphs + 1) * 4);
    for gid in 0..num_glyphs {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        if keep.contains(&(gid as u16)) {
            new_glyf.extend_from_slice(outline(gid)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]); // checkSumAdjustment, fixed below
    new_head.get_mut(50..52)?.copy_from_slice(&1u16.to_be_bytes());

    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for tag in KEEP {
        let data = match tag {
            b"glyf" => std::mem::take(&mut new_glyf),
            b"loca" => std::mem::take(&mut new_loca),
            b"head" => new_head.clone(),
            _ => match table(tag) {
                Some(d) => d.to_vec(),
                None => continue,
            },
        };
        out_tables.push((*tag, data));
    }
    // A version 3 `post` table: metrics only, no glyph names.
    if let Some(post) = table(b"post") {
        let mut p = post.get(..32)?.to_vec();
        p[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        out_tables.push((*b"post", p));
        out_tables.sort_by_key(|(t, _)| *t);
    }

    // Assemble: offset table, table records, table data (each 4-byte aligned).
    let n = out_tables.len() as u16;
    let entry_selector = 15 - n.leading_zeros() as u16;
    let search_range = (1u16 << entry_selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&search_range.to_be_bytes());
    out.extend_from_slice(&entry_selector.to_be_bytes());
    out.extend_from_slice(&(n * 16 - search_range).to_be_bytes());
    let mut offset = 12 + 16 * out_tables.len();
    let mut head_offset = 0;
    for (tag, data) in &out_tables {
        if tag == b"head" {
            head_offset = offset;
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &out_tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out.get_mut(head_offset + 8..head_offset + 12)?.copy_from_slice(&adjustment.to_be_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ttf_parser::{Face, GlyphId};

    #[test]
    fn keeps_the_used_outlines_and_drops_the_rest() {
        let font = dejavu::sans::regular();
        let face = Face::parse(font, 0).unwrap();
        let used: BTreeSet<u16> =
            "Müller ß".chars().filter_map(|c| face.glyph_index(c)).map(|g| g.0).collect();
        let small = subset(font, &used).expect("DejaVu Sans subsets");
        assert!(small.len() * 5 < font.len(), "{} of {} bytes", small.len(), font.len());

        let sub = Face::parse(&small, 0).expect("the subset is a valid font");
        assert_eq!(sub.number_of_glyphs(), face.number_of_glyphs(), "glyph ids are kept");
        for c in "Müller ß".chars().filter(|c| !c.is_whitespace()) {
            let gid = face.glyph_index(c).unwrap();
            assert!(sub.glyph_bounding_box(gid).is_some(), "{c:?} lost its outline");
            assert_eq!(sub.glyph_hor_advance(gid), face.glyph_hor_advance(gid));
        }
        // 'ü' is a composite (u + diaeresis) in DejaVu: its parts stay too. Unused glyphs are empty.
        let k = face.glyph_index('k').unwrap();
        assert!(face.glyph_bounding_box(k).is_some());
        assert!(sub.glyph_bounding_box(k).is_none(), "unused outline kept");
        assert!(
            sub.glyph_bounding_box(GlyphId(0)).is_some() || face.glyph_bounding_box(GlyphId(0)).is_none()
        );
    }

    #[test]
    fn gives_up_on_what_it_does_not_understand() {
        assert_eq!(subset(b"not a font", &BTreeSet::new()), None);
        assert_eq!(subset(&[], &BTreeSet::new()), None);
    }
}
