//! The built-in sources described in plain words, for people choosing where to search: what
//! each one covers, whether it needs a company (or a URL) after the colon, and which countries
//! it is about. Source specs alone (`greenhouse:acme`, `remoteok`) say none of this.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Board;

/// One built-in source, as shown to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SourceInfo {
    /// The spec's name (`greenhouse`, `remoteok`, ...); followed by `:<company>` or `:<url>`
    /// when [`SourceInfo::needs_company`] is true.
    pub spec: String,
    /// A human name ("Remote OK").
    pub name: String,
    /// One sentence on what the source covers.
    pub description: String,
    /// Whether the spec needs a company's board name or a page/feed URL after the colon.
    pub needs_company: bool,
    /// ISO 3166-1 alpha-2 codes of the countries its jobs are in; empty: worldwide or remote.
    pub countries: Vec<String>,
}

/// Every built-in source, one entry per [`Board`], in [`Board::ALL`]'s order.
pub fn catalogue() -> Vec<SourceInfo> {
    Board::ALL.into_iter().map(info).collect()
}

/// The catalogue entry of one board.
pub fn info(board: Board) -> SourceInfo {
    let (name, description, countries): (&str, &str, &[&str]) = match board {
        Board::Greenhouse => (
            "Greenhouse company boards",
            "The open jobs of a company that hires through Greenhouse: add it by pasting its \
             careers page in the setup's \"Where to search\".",
            &[],
        ),
        Board::Lever => (
            "Lever company boards",
            "The open jobs of a company that hires through Lever: add it by pasting its careers \
             page in the setup's \"Where to search\".",
            &[],
        ),
        Board::Ashby => (
            "Ashby company boards",
            "The open jobs of a company that hires through Ashby: add it by pasting its careers \
             page in the setup's \"Where to search\".",
            &[],
        ),
        Board::SmartRecruiters => (
            "SmartRecruiters company boards",
            "The open jobs of a company that hires through SmartRecruiters: add it by pasting its \
             careers page in the setup's \"Where to search\".",
            &[],
        ),
        Board::Recruitee => (
            "Recruitee careers sites",
            "The open jobs of a company whose careers site runs on Recruitee: add it by pasting \
             its careers page in the setup's \"Where to search\".",
            &[],
        ),
        Board::Personio => (
            "Personio job pages",
            "The open jobs of a company that hires through Personio, common in Germany and \
             Austria: add it by pasting its job page in the setup's \"Where to search\".",
            &[],
        ),
        Board::Workable => (
            "Workable company boards",
            "The open jobs of a company that hires through Workable: add it by pasting its \
             careers page in the setup's \"Where to search\".",
            &[],
        ),
        Board::Teamtailor => (
            "Teamtailor careers sites",
            "The open jobs of a company whose careers site runs on Teamtailor: add it by pasting \
             its careers page in the setup's \"Where to search\".",
            &[],
        ),
        Board::Workday => (
            "Workday career sites",
            "The jobs on a large company's Workday career site that match your search words: add \
             it by pasting the site's address in the setup's \"Where to search\".",
            &[],
        ),
        Board::Arbeitnow => (
            "Arbeitnow",
            "Jobs in Germany from the Arbeitnow job board, many of them in English or open to \
             remote work.",
            &["DE"],
        ),
        Board::Remotive => {
            ("Remotive", "Remote jobs open worldwide, mostly in tech, hand-picked by Remotive.", &[])
        }
        Board::RemoteOk => {
            ("Remote OK", "Remote jobs open worldwide, mostly in tech, listed on Remote OK.", &[])
        }
        Board::Bundesagentur => (
            "Bundesagentur für Arbeit (Jobbörse)",
            "Jobs all over Germany in every trade, from the job exchange of Germany's Federal \
             Employment Agency.",
            &["DE"],
        ),
        Board::JsonLd => (
            "Company careers page (schema.org job postings)",
            "The jobs on any careers page that lists them as schema.org job postings: add it by \
             pasting the page's address in the setup's \"Where to search\".",
            &[],
        ),
        Board::Feed => (
            "RSS / Atom job feed",
            "The jobs in an RSS or Atom feed that a company or a job board publishes: add it by \
             pasting the page that links it in the setup's \"Where to search\".",
            &[],
        ),
    };
    SourceInfo {
        spec: board.name().to_owned(),
        name: name.to_owned(),
        description: description.to_owned(),
        needs_company: board.takes_argument(),
        countries: countries.iter().map(|c| (*c).to_owned()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::SourceSpec;

    #[test]
    fn every_board_appears_exactly_once() {
        let all = catalogue();
        assert_eq!(all.len(), Board::ALL.len());
        for board in Board::ALL {
            let n = all.iter().filter(|s| s.spec == board.name()).count();
            assert_eq!(n, 1, "{}", board.name());
        }
    }

    #[test]
    fn entries_say_what_a_spec_needs() {
        for s in catalogue() {
            assert!(!s.name.is_empty() && s.description.ends_with('.'), "{s:?}");
            // A source that needs nothing parses on its own name; the others do not.
            assert_eq!(SourceSpec::parse(&s.spec).is_err(), s.needs_company, "{s:?}");
            assert!(s.countries.iter().all(|c| c.len() == 2 && c.chars().all(|c| c.is_ascii_uppercase())));
        }
        let needs: Vec<String> =
            catalogue().into_iter().filter(|s| s.needs_company).map(|s| s.spec).collect();
        assert_eq!(
            needs,
            [
                "greenhouse",
                "lever",
                "ashby",
                "smartrecruiters",
                "recruitee",
                "personio",
                "workable",
                "teamtailor",
                "workday",
                "jsonld",
                "feed"
            ]
        );
        assert_eq!(info(Board::Bundesagentur).countries, ["DE"]);
        assert_eq!(info(Board::Arbeitnow).countries, ["DE"]);
        assert!(info(Board::RemoteOk).countries.is_empty());
    }
}
