//! What one read of a board saw, beyond the postings kept: the board's own id of every posting
//! it listed (before the local keyword filter and the limit), and whether that list is the
//! board's whole list. Only a complete list may close a job that is missing from it
//! (`store::lifecycle`): a board that searches by keyword, a read stopped by the page cap or
//! by the limit with pages left, or a failed read (no `Listing` at all) never can.

use crate::posting::Posting;
use crate::sources::Board;

/// The result of [`super::Fetcher::search_listing`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    /// The postings kept (keyword filter and limit applied), as `search` returns them.
    pub postings: Vec<Posting>,
    /// The board's id of every posting read, kept or not, in board order.
    pub board_ids: Vec<String>,
    /// True when the board lists everything ([`Board::lists_everything`]), its last page was
    /// read and the limit cut nothing: `board_ids` is then every posting open on the board.
    /// A read that reached the limit while the board listed more counts as cut (whether the
    /// rest matched the keywords or not): it never closes a job.
    pub complete: bool,
}

impl Listing {
    /// Records one page's postings; `last` when the page has no next one.
    pub(super) fn read_page(&mut self, postings: &[Posting], last: bool) {
        self.board_ids.extend(postings.iter().map(|p| p.source_job_id.clone()));
        self.complete = last;
    }

    /// The listing of `board` with the postings kept under `limit` (0: none).
    pub(super) fn finish(mut self, board: Board, postings: Vec<Posting>, limit: usize) -> Self {
        let cut = limit > 0 && postings.len() >= limit && self.board_ids.len() > postings.len();
        self.complete &= board.lists_everything() && !cut;
        self.postings = postings;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(id: &str) -> Posting {
        Posting { source_job_id: id.to_owned(), ..Posting::default() }
    }

    #[test]
    fn complete_only_for_whole_list_boards_read_to_their_last_page() {
        let mut l = Listing::default();
        l.read_page(&[posting("1"), posting("2")], false);
        l.read_page(&[posting("3")], true);
        let l = l.finish(Board::Greenhouse, vec![posting("1")], 0);
        assert!(l.complete);
        assert_eq!(l.board_ids, ["1", "2", "3"]);
        assert_eq!(l.postings.len(), 1);

        let mut cut = Listing::default();
        cut.read_page(&[posting("1")], false);
        assert!(!cut.finish(Board::Greenhouse, Vec::new(), 0).complete, "pages were left");

        let mut limited = Listing::default();
        limited.read_page(&[posting("1"), posting("2")], true);
        let kept = vec![posting("1")];
        assert!(!limited.clone().finish(Board::Greenhouse, kept.clone(), 1).complete, "the limit cut");
        assert!(limited.finish(Board::Greenhouse, kept, 5).complete, "under the limit");

        let mut search = Listing::default();
        search.read_page(&[posting("1")], true);
        assert!(!search.finish(Board::Bundesagentur, Vec::new(), 0).complete, "a keyword search");
    }
}
