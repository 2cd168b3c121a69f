//! Opening links to job postings in the user's browser. Only http(s) URLs leave the app: a
//! posting's URL comes from a job board, so `file:`, `javascript:` or custom schemes are
//! refused rather than handed to the desktop's opener.

use crate::error::{CommandError, CommandResult};
use crate::ErrorCode;

/// `url` when it is an absolute http(s) URL with a host; the error names the field.
pub fn checked(url: &str) -> CommandResult<url::Url> {
    let parsed =
        url::Url::parse(url.trim()).map_err(|e| CommandError::invalid("url", format!("'{url}': {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(CommandError::invalid(
            "url",
            format!("only http(s) links are opened, not '{}'", parsed.scheme()),
        ));
    }
    Ok(parsed)
}

/// The platform's "open this URL" program.
fn opener_command(url: &str) -> std::process::Command {
    #[cfg(target_os = "macos")]
    let mut command = std::process::Command::new("open");
    #[cfg(target_os = "windows")]
    let mut command = {
        let mut c = std::process::Command::new("rundll32");
        c.arg("url.dll,FileProtocolHandler");
        c
    };
    #[cfg(not(any(target_os = "macos", target_os = "windows")))]
    let mut command = std::process::Command::new("xdg-open");
    command.arg(url).stdin(std::process::Stdio::null());
    command
}

/// Opens `url` in the user's browser; anything but an absolute http(s) URL is refused.
pub fn open(url: &str) -> CommandResult<()> {
    let url = checked(url)?;
    let mut child = opener_command(url.as_str())
        .spawn()
        .map_err(|e| CommandError::new(ErrorCode::Io, format!("could not start the browser: {e}")))?;
    // Reap the opener when it exits (it hands the URL over and ends), leaving no zombie.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    // The host only: a posting's query string may carry tokens.
    tracing::info!(host = url.host_str().unwrap_or_default(), "opened an external link");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_pass() {
        assert_eq!(checked("https://jobs.example.com/1").unwrap().as_str(), "https://jobs.example.com/1");
        assert!(checked(" http://127.0.0.1:8080/x ").is_ok());
        for bad in ["file:///etc/passwd", "javascript:alert(1)", "mailto:a@b.c", "ftp://x/y", "not a url", ""]
        {
            let e = checked(bad).unwrap_err();
            assert_eq!(e.code, "invalid_input", "{bad}");
            assert!(e.message.starts_with("url:"), "{bad}: {}", e.message);
        }
    }
}
