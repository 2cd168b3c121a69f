//! External links: Tauri commands, each a call into [`jobhunter_api::external`].

use jobhunter_api::external::*;
use jobhunter_api::CommandResult;

/// Opens `url` in the default browser; only `http` and `https` URLs are accepted.
#[tauri::command]
#[specta::specta]
pub async fn open_external(url: String) -> CommandResult<()> {
    open(&url)
}
