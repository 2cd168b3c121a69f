//! A small typesetter for CVs and letters: a list of styled blocks becomes an A4 PDF with real
//! text (Type 0 fonts, Identity-H, a ToUnicode map so the text can be selected, searched and
//! extracted) set in DejaVu Sans, which is embedded (subset) in the file — the PDF does not
//! depend on the fonts of the machine that opens it. Lines wrap at word boundaries (long
//! words are split), and pages break where the text runs out of room; a heading is never left
//! alone at the bottom of a page.

use std::collections::{BTreeMap, BTreeSet};

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use ttf_parser::{Face, GlyphId};

/// A4 in PostScript points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 56.0;
const MARGIN_TOP: f32 = 56.0;
const MARGIN_BOTTOM: f32 = 56.0;
const BULLET_INDENT: f32 = 14.0;

/// How a block looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// The person's name at the top.
    Title,
    /// The line under the name (label).
    Subtitle,
    /// Contact details, dates, places: small and grey.
    Meta,
    /// A section heading ("Experience"), with a rule under it.
    Heading,
    /// A bold line inside a section (position and company).
    Subheading,
    Body,
    /// A body paragraph with a bullet.
    Bullet,
    /// Vertical space only.
    Gap,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub style: Style,
    pub text: String,
}

impl Block {
    pub fn new(style: Style, text: impl Into<String>) -> Self {
        Self { style, text: text.into() }
    }
}

struct StyleSpec {
    bold: bool,
    size: f32,
    grey: f32,
    space_before: f32,
}

fn spec(style: Style) -> StyleSpec {
    let s = |bold, size, grey, space_before| StyleSpec { bold, size, grey, space_before };
    match style {
        Style::Title => s(true, 22.0, 0.0, 0.0),
        Style::Subtitle => s(false, 12.5, 0.25, 2.0),
        Style::Meta => s(false, 9.0, 0.4, 1.0),
        Style::Heading => s(true, 13.0, 0.1, 14.0),
        Style::Subheading => s(true, 10.5, 0.0, 8.0),
        Style::Body => s(false, 10.0, 0.0, 3.0),
        Style::Bullet => s(false, 10.0, 0.0, 1.5),
        Style::Gap => s(false, 10.0, 0.0, 6.0),
    }
}

/// One embedded font and the glyphs the document uses from it.
struct Font {
    face: Face<'static>,
    data: &'static [u8],
    /// Glyph id -> the text it stands for (for the ToUnicode map).
    used: BTreeMap<u16, String>,
    resource: &'static [u8],
    postscript_name: &'static [u8],
}

impl Font {
    fn load(data: &'static [u8], resource: &'static [u8], postscript_name: &'static [u8]) -> Self {
        let face = Face::parse(data, 0).expect("the bundled DejaVu font parses");
        Self { face, data, used: BTreeMap::new(), resource, postscript_name }
    }

    fn units(&self) -> f32 {
        f32::from(self.face.units_per_em())
    }

    fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).or_else(|| self.face.glyph_index('?')).map_or(0, |g| g.0)
    }

    fn advance(&self, gid: u16) -> f32 {
        f32::from(self.face.glyph_hor_advance(GlyphId(gid)).unwrap_or(0)) / self.units() * 1000.0
    }

    /// Width of `text` at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(self.glyph(c))).sum::<f32>() * size / 1000.0
    }

    /// The Identity-H encoding of `text` (two bytes per glyph), recording the glyphs used.
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let gid = self.glyph(c);
            // A character the font lacks is drawn as '?' and extracted as '?'.
            let shown = if self.face.glyph_index(c).is_some() { c } else { '?' };
            self.used.entry(gid).or_insert_with(|| shown.to_string());
            out.extend_from_slice(&gid.to_be_bytes());
        }
        out
    }
}

/// One laid-out line of text.
struct Line {
    x: f32,
    y: f32,
    bold: bool,
    size: f32,
    grey: f32,
    text: String,
}

/// A horizontal rule under a heading.
struct Rule {
    y: f32,
}

#[derive(Default)]
struct Page {
    lines: Vec<Line>,
    rules: Vec<Rule>,
}

/// Splits `text` into lines no wider than `width` (words longer than a line are cut).
fn wrap(font: &Font, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if font.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: cut it if it is wider than a whole line.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if font.width(&piece, size) > width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// Lays out `blocks` on A4 pages and writes the PDF.
pub(crate) fn render(title: &str, author: &str, blocks: &[Block]) -> Vec<u8> {
    let mut regular = Font::load(dejavu::sans::regular(), b"F1", b"DejaVuSans");
    let mut bold = Font::load(dejavu::sans::bold(), b"F2", b"DejaVuSans-Bold");
    let text_width = PAGE_W - 2.0 * MARGIN_X;

    let mut pages: Vec<Page> = vec![Page::default()];
    let mut y = PAGE_H - MARGIN_TOP;
    for (i, block) in blocks.iter().enumerate() {
        let s = spec(block.style);
        let leading = s.size * 1.32;
        if block.style == Style::Gap {
            y -= s.space_before;
            continue;
        }
        let font = if s.bold { &bold } else { &regular };
        let indent = if block.style == Style::Bullet { BULLET_INDENT } else { 0.0 };
        let wrapped = wrap(font, &block.text, s.size, text_width - indent);
        if wrapped.is_empty() {
            continue;
        }
        // Room needed before starting this block on the current page: a heading or
        // subheading keeps the first line of what follows with it.
        // A run of headings stays with the first two lines of the text after it.
        let mut needed = s.space_before + leading;
        if matches!(block.style, Style::Heading | Style::Subheading) {
            for next in &blocks[i + 1..] {
                let n = spec(next.style);
                if matches!(next.style, Style::Heading | Style::Subheading) {
                    needed += n.space_before + n.size * 1.32;
                } else {
                    needed += n.space_before + n.size * 1.32 * 2.0;
                    break;
                }
            }
        }
        let at_top = pages.last().is_some_and(|p| p.lines.is_empty());
        if y - needed < MARGIN_BOTTOM && !at_top {
            pages.push(Page::default());
            y = PAGE_H - MARGIN_TOP;
        }
        if !pages.last().is_some_and(|p| p.lines.is_empty()) {
            y -= s.space_before;
        }
        for (n, text) in wrapped.into_iter().enumerate() {
            if y - leading < MARGIN_BOTTOM {
                pages.push(Page::default());
                y = PAGE_H - MARGIN_TOP;
            }
            y -= leading;
            let page = pages.last_mut().expect("there is always a page");
            if block.style == Style::Bullet && n == 0 {
                page.lines.push(Line {
                    x: MARGIN_X + 3.0,
                    y,
                    bold: false,
                    size: s.size,
                    grey: 0.3,
                    text: "•".into(),
                });
            }
            page.lines.push(Line { x: MARGIN_X + indent, y, bold: s.bold, size: s.size, grey: s.grey, text });
        }
        if block.style == Style::Heading {
            y -= 3.0;
            pages.last_mut().expect("there is always a page").rules.push(Rule { y });
        }
    }

    // Content streams (this also records the glyphs each font needs).
    let contents: Vec<Vec<u8>> = pages
        .iter()
        .map(|page| {
            let mut c = Content::new();
            for rule in &page.rules {
                c.set_stroke_rgb(0.6, 0.6, 0.6);
                c.set_line_width(0.6);
                c.move_to(MARGIN_X, rule.y);
                c.line_to(PAGE_W - MARGIN_X, rule.y);
                c.stroke();
            }
            c.begin_text();
            for line in &page.lines {
                let font = if line.bold { &mut bold } else { &mut regular };
                c.set_fill_rgb(line.grey, line.grey, line.grey);
                c.set_font(Name(font.resource), line.size);
                c.set_text_matrix([1.0, 0.0, 0.0, 1.0, line.x, line.y]);
                let encoded = font.encode(&line.text);
                c.show(Str(&encoded));
            }
            c.end_text();
            deflate(&c.finish())
        })
        .collect();

    let mut alloc = Ref::new(1);
    let mut next = || alloc.bump();
    let catalog_id = next();
    let tree_id = next();
    let info_id = next();
    let page_ids: Vec<Ref> = pages.iter().map(|_| next()).collect();
    let content_ids: Vec<Ref> = pages.iter().map(|_| next()).collect();
    let font_ids: Vec<[Ref; 5]> = (0..2).map(|_| [next(), next(), next(), next(), next()]).collect();

    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);
    pdf.catalog(catalog_id).pages(tree_id);
    pdf.pages(tree_id).kids(page_ids.iter().copied()).count(page_ids.len() as i32);
    pdf.document_info(info_id).title(TextStr(title)).author(TextStr(author)).producer(TextStr("JobHunter"));
    for (i, page_id) in page_ids.iter().enumerate() {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
        page.parent(tree_id);
        page.contents(content_ids[i]);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(regular.resource), font_ids[0][0]);
        fonts.pair(Name(bold.resource), font_ids[1][0]);
        fonts.finish();
        resources.finish();
        page.finish();
    }
    for (id, data) in content_ids.iter().zip(&contents) {
        pdf.stream(*id, data).filter(Filter::FlateDecode);
    }
    for (font, ids) in [&regular, &bold].into_iter().zip(&font_ids) {
        write_font(&mut pdf, font, *ids);
    }
    pdf.finish()
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// Writes the Type 0 font, its CID font, descriptor, ToUnicode map and the embedded
/// (subset) TrueType program.
fn write_font(pdf: &mut Pdf, font: &Font, [type0_id, cid_id, descriptor_id, cmap_id, file_id]: [Ref; 5]) {
    let glyphs: BTreeSet<u16> = font.used.keys().copied().collect();
    let program = super::subset::subset(font.data, &glyphs).unwrap_or_else(|| font.data.to_vec());
    // A subset font's name carries a six-letter tag derived from its glyphs.
    let tag: String = {
        let mut h: u32 = 2_166_136_261;
        for g in &glyphs {
            h = (h ^ u32::from(*g)).wrapping_mul(16_777_619);
        }
        (0..6).map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8)).collect()
    };
    let base_font = format!("{tag}+{}", String::from_utf8_lossy(font.postscript_name));
    let system_info = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };

    pdf.type0_font(type0_id)
        .base_font(Name(base_font.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(cmap_id);

    let mut cid = pdf.cid_font(cid_id);
    cid.subtype(CidFontType::Type2);
    cid.base_font(Name(base_font.as_bytes()));
    cid.system_info(system_info);
    cid.font_descriptor(descriptor_id);
    cid.default_width(0.0);
    cid.cid_to_gid_map_predefined(Name(b"Identity"));
    {
        let mut widths = cid.widths();
        for gid in &glyphs {
            widths.consecutive(*gid, [font.advance(*gid)]);
        }
    }
    cid.finish();

    let scale = |v: i16| f32::from(v) / font.units() * 1000.0;
    let bbox = font.face.global_bounding_box();
    let mut flags = FontFlags::NON_SYMBOLIC;
    if font.face.is_bold() {
        flags |= FontFlags::FORCE_BOLD;
    }
    pdf.font_descriptor(descriptor_id)
        .name(Name(base_font.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(scale(bbox.x_min), scale(bbox.y_min), scale(bbox.x_max), scale(bbox.y_max)))
        .italic_angle(0.0)
        .ascent(scale(font.face.ascender()))
        .descent(scale(font.face.descender()))
        .cap_height(scale(font.face.capital_height().unwrap_or(font.face.ascender())))
        .stem_v(if font.face.is_bold() { 140.0 } else { 80.0 })
        .font_file2(file_id);

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system_info);
    for (gid, text) in &font.used {
        cmap.pair_with_multiple(*gid, text.chars());
    }
    pdf.cmap(cmap_id, &cmap.finish()).system_info(system_info).name(Name(b"Custom"));

    let compressed = deflate(&program);
    pdf.stream(file_id, &compressed).filter(Filter::FlateDecode).pair(Name(b"Length1"), program.len() as i32);
}
