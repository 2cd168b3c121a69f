//! The job-hunt domain of JobHunter, free of the engine and of Tauri so it can be tested and
//! benchmarked on its own: the user's profile (JSON Resume + search preferences), the
//! normalized job posting, the job-board adapters that produce postings, and the text and
//! salary parsing they share. Operations in `jobhunter-ops` wrap this with the engine.

pub mod countries;
pub mod cv;
pub mod documents;
pub mod error;
pub mod fetch;
pub mod keywords;
pub mod matching;
pub mod posting;
pub mod process;
pub mod profile;
pub mod salary;
pub mod sources;
pub mod store;
pub mod text;

pub use error::{Error, Result};
