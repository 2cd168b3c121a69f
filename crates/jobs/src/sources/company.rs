//! What the newer company boards share (issue #15): the company's own host for the boards on
//! a subdomain (Recruitee, Personio, Teamtailor, Workday), the check of a spec's company or
//! site name, and the detail request of the boards whose list has no posting text
//! (SmartRecruiters, Workday). Kept apart from `mod.rs` so that file stays readable.

use super::{smartrecruiters, workday, Board, SourceSpec};
use crate::posting::Posting;
use crate::Result;

/// The place of the company (Workday: `<tenant>.<wdN>`) in a base URL on its own subdomain:
/// `https://{account}.recruitee.com`. An override may carry it too.
pub const ACCOUNT: &str = "{account}";

/// Why `arg` is no company (or Workday site) name of `board`; `None` when it is one, or when
/// the board has no rule of its own (the generic name check applies).
pub(super) fn argument_problem(board: Board, arg: &str) -> Option<String> {
    match board {
        Board::Workday if workday::Site::parse(arg).is_none() => Some(format!(
            "source: '{arg}' is not a Workday site: write it as 'workday:<tenant>.<wdN>/<site>', as in \
             'workday:acme.wd3/External'"
        )),
        // A host label: no dots, no underscores.
        Board::Recruitee | Board::Personio | Board::Teamtailor
            if arg.is_empty() || !arg.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
        {
            Some(format!(
                "source: '{arg}' is not a valid {} company name (letters, digits and '-')",
                board.name()
            ))
        }
        _ => None,
    }
}

impl SourceSpec {
    /// The base URL with the spec's company in place of [`ACCOUNT`] (boards on the company's
    /// own subdomain), without a trailing slash.
    pub fn base_for(&self, base: &str) -> String {
        let base = base.trim_end_matches('/');
        if !base.contains(ACCOUNT) {
            return base.to_owned();
        }
        let arg = self.argument.as_deref().unwrap_or_default();
        let account = match self.board {
            Board::Workday => workday::Site::parse(arg).map(|s| s.host_label()).unwrap_or_default(),
            _ => arg.to_owned(),
        };
        base.replace(ACCOUNT, &account)
    }

    /// Boards whose list has no posting text (SmartRecruiters, Workday): each posting kept
    /// is read once more at this URL (under `base`, as the list) for its text.
    pub fn detail_url(&self, base: &str, posting: &Posting) -> Option<String> {
        let base = self.base_for(base);
        let arg = self.argument.as_deref().unwrap_or_default();
        match self.board {
            Board::SmartRecruiters => Some(smartrecruiters::detail_url(&base, arg, &posting.source_job_id)),
            Board::Workday => workday::Site::parse(arg)?.detail_url(&base, posting),
            _ => None,
        }
    }

    /// Adds a detail payload (see [`Self::detail_url`]) to its posting: text, links, dates.
    pub fn read_detail(&self, posting: &mut Posting, body: &str) -> Result<()> {
        let label = self.label();
        match self.board {
            Board::SmartRecruiters => smartrecruiters::read_detail(&label, posting, body)?,
            Board::Workday => workday::read_detail(&label, posting, body)?,
            _ => return Ok(()),
        }
        *posting = std::mem::take(posting).finish();
        Ok(())
    }
}
