//! Job-board adapters. A source spec (`greenhouse:acme`, `remoteok`, `feed:<url>`) names an
//! adapter and its argument; the adapter knows the board's URL and turns its payload into
//! normalized [`Posting`]s. Parsing is pure (tested on fixtures); fetching lives in `fetch`.

mod greenhouse;
mod lever;
mod remoteok;

use crate::posting::Posting;
use crate::{Error, Result};

/// Which board a spec targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Board {
    Greenhouse,
    Lever,
    RemoteOk,
}

impl Board {
    pub const ALL: [Board; 3] = [Board::Greenhouse, Board::Lever, Board::RemoteOk];

    /// The name used in specs and in the `JOBHUNTER_<NAME>_URL` override.
    pub fn name(self) -> &'static str {
        match self {
            Board::Greenhouse => "greenhouse",
            Board::Lever => "lever",
            Board::RemoteOk => "remoteok",
        }
    }

    /// The public API's base URL (scheme + host), before overrides.
    pub fn default_base_url(self) -> &'static str {
        match self {
            Board::Greenhouse => "https://boards-api.greenhouse.io",
            Board::Lever => "https://api.lever.co",
            Board::RemoteOk => "https://remoteok.com",
        }
    }

    /// Whether the spec needs an argument after the colon (a board or site name).
    fn takes_argument(self) -> bool {
        matches!(self, Board::Greenhouse | Board::Lever)
    }

    /// The environment variable that overrides the base URL (mirrors, proxies, tests).
    pub fn env_var(self) -> String {
        format!("JOBHUNTER_{}_URL", self.name().to_ascii_uppercase())
    }
}

/// A parsed source spec.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceSpec {
    pub board: Board,
    pub argument: Option<String>,
}

impl SourceSpec {
    /// Parses `name` or `name:argument`; the error lists the known sources.
    pub fn parse(spec: &str) -> Result<Self> {
        let (name, argument) = match spec.split_once(':') {
            Some((n, a)) => (n.trim(), Some(a.trim().to_owned())),
            None => (spec.trim(), None),
        };
        let board =
            Board::ALL.into_iter().find(|b| b.name() == name.to_ascii_lowercase()).ok_or_else(|| {
                let known: Vec<_> = Board::ALL.iter().map(|b| b.name()).collect();
                Error::Invalid(format!("source: unknown source '{name}' (known: {})", known.join(", ")))
            })?;
        match (board.takes_argument(), &argument) {
            (true, None) => {
                Err(Error::Invalid(format!("source: '{name}' needs a board name, as in '{name}:acme'")))
            }
            (true, Some(a))
                if a.is_empty() || !a.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) =>
            {
                Err(Error::Invalid(format!("source: '{a}' is not a valid {name} board name")))
            }
            _ => Ok(Self { board, argument }),
        }
    }

    /// The spec as written back (`greenhouse:acme`).
    pub fn label(&self) -> String {
        match &self.argument {
            Some(a) => format!("{}:{a}", self.board.name()),
            None => self.board.name().to_owned(),
        }
    }

    /// The first page's URL under `base` (scheme + host, no trailing slash).
    pub fn url(&self, base: &str) -> String {
        let base = base.trim_end_matches('/');
        let arg = self.argument.as_deref().unwrap_or_default();
        match self.board {
            Board::Greenhouse => format!("{base}/v1/boards/{arg}/jobs?content=true"),
            Board::Lever => format!("{base}/v0/postings/{arg}?mode=json"),
            Board::RemoteOk => format!("{base}/api"),
        }
    }

    /// Turns one response body into postings (and the next page's URL, for paginated APIs).
    pub fn parse_page(&self, body: &str) -> Result<Page> {
        let label = self.label();
        let postings = match self.board {
            Board::Greenhouse => {
                greenhouse::parse(&label, self.argument.as_deref().unwrap_or_default(), body)?
            }
            Board::Lever => lever::parse(&label, self.argument.as_deref().unwrap_or_default(), body)?,
            Board::RemoteOk => remoteok::parse(&label, body)?,
        };
        Ok(Page { postings, next: None })
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub postings: Vec<Posting>,
    pub next: Option<String>,
}

/// Parses JSON for `source`, turning a shape mismatch into a `Malformed` error with its path.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(source: &str, body: &str) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_str(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        Error::malformed(source, format!("{path}: {}", e.into_inner()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_and_name_what_is_wrong() {
        let s = SourceSpec::parse("greenhouse:acme").unwrap();
        assert_eq!(s.url("http://127.0.0.1:9/"), "http://127.0.0.1:9/v1/boards/acme/jobs?content=true");
        assert_eq!(SourceSpec::parse("remoteok").unwrap().label(), "remoteok");
        assert!(SourceSpec::parse("monster")
            .unwrap_err()
            .to_string()
            .starts_with("source: unknown source 'monster'"));
        assert!(SourceSpec::parse("lever").unwrap_err().to_string().contains("needs a board name"));
        assert!(SourceSpec::parse("lever:a/b")
            .unwrap_err()
            .to_string()
            .contains("not a valid lever board name"));
    }
}
