//! Applications: the `apply_job` operation and the applications tracker (stages with history).
//!
//! * Stages: `wishlist -> ready -> applied -> interview -> offer`, and `rejected` / `withdrawn`
//!   which close an application. Every change is an `application_events` row (from_stage,
//!   to_stage, at, note); an event whose from and to stage are equal is a note (a dry run, a
//!   failed send). The rules of [`check_move`]: any forward move (stages may be skipped); any
//!   open stage to `rejected` or `withdrawn`; one step back with a note; a closed application
//!   reopens only to the stage it was closed from, with a note.
//! * `apply_job {job_id, cv_id, dry_run?}`: with an approved CV (a `cv` document in PDF whose
//!   file exists), either emails the application (when the job has an apply email and an email
//!   channel of the notifications is configured: the CV attached, stage `applied`, channel
//!   `email`) or records the job's apply URL (stage `ready`, channel `url`: the user applies by
//!   hand). Guard rails: never twice to the same job (nor to the same company and title within
//!   [`SAME_EMPLOYER_DAYS`] days), a daily cap on applications, dry-run mode.
//!   Settings: [`DAILY_CAP`], [`DRY_RUN`], [`EMAIL_CHANNEL`].
//! * The outbox (`application_sends`, one row per job): an email is claimed (`sending`) in one
//!   `BEGIN IMMEDIATE` transaction with the never-twice and daily-cap checks, sent with the
//!   Message-ID stored in the row, then marked `sent`, `failed` (definitely not delivered; may
//!   be sent again) or `unknown` (maybe delivered: never retried automatically; resolved by
//!   hand with [`mark_send_sent`] or [`allow_send_again`]). See docs/applications.md.
//!
//! * After applying: the day applied, "I applied" by hand, and a follow-up reminder 7 days
//!   later by default (`followup`); free notes and contacts (`notes`); companies marked "don't
//!   apply again", which `apply_job` refuses naming the company (`blocklist`); the CSV export
//!   (`export`); what "Apply by email" would send, for its confirmation (`preview`).
//!
//! Where things are: the stages and [`check_move`] here, the tracker (list, add, move, the
//! event history) in `tracker`, the `apply_job` operation in `submission`, the outbox and the
//! guard rails in `outbox`, the phased SMTP send in `smtp`, the application email in `email`.

mod blocklist;
mod email;
mod employer;
mod export;
mod followup;
mod notes;
mod outbox;
mod preview;
mod smtp;
mod submission;
mod tracker;

use std::str::FromStr;

use jobhunter_engine::schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

pub use blocklist::{block_company, blocked, list_blocked, unblock_company, BlockedCompany};
pub use email::{attachment_name, build_email, subject, ApplicationEmail};
pub use export::{csv_field, csv_row, export_csv, CSV_COLUMNS};
pub use followup::{
    due_reminders, local_day, mark_applied, mark_reminded, parse_day, set_follow_up, AppliedVia, Reminder,
    FOLLOW_UP_DAYS,
};
pub use notes::{
    add_contact, add_note, delete_contact, delete_note, update_contact, update_note, ApplicationContact,
    ApplicationNote, ContactInput,
};
pub use outbox::{
    allow_send_again, get_send, list_sends, mark_send_sent, ApplicationSend, SendStatus, SAME_EMPLOYER_DAYS,
};
pub use preview::{email_preview, EmailPreview};
pub use submission::{applied_today, apply_job, ApplyInput, ApplyOutput};
pub use tracker::{add, for_job, get, list, move_to, ApplicationEvent, ApplicationView};

/// Setting: most applications moved to `applied` per UTC day, counting the emails under way or
/// of unknown outcome too (default [`DEFAULT_DAILY_CAP`]).
pub const DAILY_CAP: &str = "apply.daily_cap";
/// Setting: `true` makes every `apply_job` a dry run.
pub const DRY_RUN: &str = "apply.dry_run";
/// Setting: the name of the email channel (of the notifications) applications are sent
/// through; default: the first enabled email channel (oldest first).
pub const EMAIL_CHANNEL: &str = "apply.email_channel";
pub const DEFAULT_DAILY_CAP: u32 = 10;

/// Where an application is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Wishlist,
    Ready,
    Applied,
    Interview,
    Offer,
    Rejected,
    Withdrawn,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Wishlist,
        Stage::Ready,
        Stage::Applied,
        Stage::Interview,
        Stage::Offer,
        Stage::Rejected,
        Stage::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Wishlist => "wishlist",
            Self::Ready => "ready",
            Self::Applied => "applied",
            Self::Interview => "interview",
            Self::Offer => "offer",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// "wishlist, ready, applied, interview, offer, rejected, withdrawn"
    pub fn names() -> String {
        Self::ALL.map(Stage::as_str).join(", ")
    }

    /// Position on the pipeline; `None` for the closing stages.
    fn step(self) -> Option<usize> {
        match self {
            Self::Wishlist => Some(0),
            Self::Ready => Some(1),
            Self::Applied => Some(2),
            Self::Interview => Some(3),
            Self::Offer => Some(4),
            Self::Rejected | Self::Withdrawn => None,
        }
    }

    /// `rejected` or `withdrawn`.
    pub fn is_closed(self) -> bool {
        self.step().is_none()
    }

    /// `applied` or later on the pipeline (the application went out).
    pub fn is_sent(self) -> bool {
        self.step().is_some_and(|s| s >= 2)
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Stage {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s.trim())
            .ok_or_else(|| Error::invalid(format!("stage: unknown stage '{s}' ({})", Self::names())))
    }
}

/// Whether an application at `from` may move to `to`. `closed_from`: for a closed application,
/// the stage it was closed from. Errors name the field (`stage: cannot move from offer to
/// wishlist ...`, `note: ...`).
pub fn check_move(from: Stage, to: Stage, closed_from: Option<Stage>, note: Option<&str>) -> Result<()> {
    let has_note = note.is_some_and(|n| !n.trim().is_empty());
    if from == to {
        return Err(Error::invalid(format!("stage: the application is already at {to}")));
    }
    let needs_note = |why: &str| {
        if has_note {
            Ok(())
        } else {
            Err(Error::invalid(format!("note: {why} from {from} to {to} needs a note saying why")))
        }
    };
    match (from.step(), to.step()) {
        // Any open stage may close.
        (Some(_), None) => Ok(()),
        // Forward, skipping stages if need be (an interview invitation for a wishlist job).
        (Some(a), Some(b)) if b > a => Ok(()),
        // One step back, to correct a mistake or a cancelled interview.
        (Some(a), Some(b)) if b + 1 == a => needs_note("moving back"),
        (Some(_), Some(_)) => Err(Error::invalid(format!(
            "stage: cannot move from {from} to {to} (back moves go one step at a time, with a note)"
        ))),
        (None, Some(_)) if closed_from == Some(to) => needs_note("reopening"),
        (None, _) => Err(Error::invalid(format!(
            "stage: cannot move from {from} to {to} (a {from} application only reopens to the stage it was \
             closed from{}, with a note)",
            closed_from.map(|s| format!(", {s}")).unwrap_or_default()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions() {
        use Stage::*;
        assert!(check_move(Wishlist, Ready, None, None).is_ok());
        assert!(check_move(Ready, Interview, None, None).is_ok());
        assert!(check_move(Offer, Rejected, None, None).is_ok());
        assert!(check_move(Wishlist, Withdrawn, None, None).is_ok());
        assert_eq!(
            check_move(Interview, Applied, None, None).unwrap_err().to_string(),
            "note: moving back from interview to applied needs a note saying why"
        );
        assert!(check_move(Interview, Applied, None, Some("cancelled")).is_ok());
        assert!(check_move(Offer, Wishlist, None, Some("x"))
            .unwrap_err()
            .to_string()
            .starts_with("stage: cannot move from offer to wishlist"));
        assert!(check_move(Rejected, Withdrawn, Some(Applied), Some("x")).is_err());
        assert!(check_move(Rejected, Interview, Some(Applied), Some("x")).is_err());
        assert!(check_move(Rejected, Applied, Some(Applied), Some("they called back")).is_ok());
        assert!(check_move(Ready, Ready, None, None).is_err());
        assert_eq!(
            "hired".parse::<Stage>().unwrap_err().to_string(),
            "stage: unknown stage 'hired' (wishlist, ready, applied, interview, offer, rejected, withdrawn)"
        );
    }
}
