//! The jobs list's page markers: where a row sits in the list's order (its sort key and
//! rowid), written into the markers the UI sends back for the next or previous page.

use crate::{Error, Result};

/// Where a row sits in the list's order: its sort key and rowid. Written into the page
/// markers as text (`n:<rowid>:<date>`, `s:<rowid>:<score>`, `u:<rowid>`).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cursor {
    /// Newest first: posted (else first seen), then rowid, both descending.
    Newest { key: String, rowid: i64 },
    /// Best match first, among matched jobs: score, then the match's rowid, descending.
    Scored { score: f64, rowid: i64 },
    /// Best match first, after every matched job: the unmatched ones, by rowid descending.
    Unmatched { rowid: i64 },
}

/// The parts of one order, walked one after the other.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Segment {
    Newest,
    Scored,
    Unmatched,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Dir {
    Forward,
    Backward,
}

impl Cursor {
    pub(super) fn encode(&self) -> String {
        match self {
            Self::Newest { key, rowid } => format!("n:{rowid}:{key}"),
            Self::Scored { score, rowid } => format!("s:{rowid}:{score}"),
            Self::Unmatched { rowid } => format!("u:{rowid}"),
        }
    }

    pub(super) fn decode(field: &str, text: &str) -> Result<Self> {
        let bad = || Error::invalid(format!("{field}: '{text}' is not a page marker of the jobs list"));
        let mut parts = text.trim().splitn(3, ':');
        let kind = parts.next().ok_or_else(bad)?;
        let rowid: i64 = parts.next().and_then(|r| r.parse().ok()).ok_or_else(bad)?;
        let rest = parts.next();
        match (kind, rest) {
            ("n", Some(key)) if !key.is_empty() => Ok(Self::Newest { key: key.to_owned(), rowid }),
            ("s", Some(score)) => {
                let score: f64 = score.parse().map_err(|_| bad())?;
                if score.is_finite() {
                    Ok(Self::Scored { score, rowid })
                } else {
                    Err(bad())
                }
            }
            ("u", None) => Ok(Self::Unmatched { rowid }),
            _ => Err(bad()),
        }
    }

    pub(super) fn segment(&self) -> Segment {
        match self {
            Self::Newest { .. } => Segment::Newest,
            Self::Scored { .. } => Segment::Scored,
            Self::Unmatched { .. } => Segment::Unmatched,
        }
    }
}
