//! Where the fetcher may follow a redirect: never from https down to http, and never from a
//! public host to a local address (a board must not steer requests into the user's network).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::MAX_REDIRECTS;

/// The client's redirect policy: at most [`MAX_REDIRECTS`] hops, each one checked by
/// [`check_redirect`] against the URL first requested and the one redirecting.
pub(super) fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let previous = attempt.previous();
        if previous.len() > MAX_REDIRECTS {
            return attempt.error(format!("more than {MAX_REDIRECTS} redirects"));
        }
        let (Some(original), Some(from)) = (previous.first(), previous.last()) else {
            return attempt.follow();
        };
        match check_redirect(original, from, attempt.url()) {
            Ok(()) => attempt.follow(),
            Err(why) => attempt.error(why),
        }
    })
}

/// Whether a redirect from `from` to `to` may be followed, for a request that started at
/// `original`. Refused: leaving http(s); a downgrade from https to http; a hop to a loopback,
/// private, link-local or otherwise non-public address ([`is_local_host`]) unless the original
/// URL pointed at such an address itself (a local mirror, a test server). Only literal
/// addresses and `localhost` are recognised: a public name resolving to a private address is
/// not caught here.
pub fn check_redirect(original: &reqwest::Url, from: &reqwest::Url, to: &reqwest::Url) -> Result<(), String> {
    if !matches!(to.scheme(), "http" | "https") {
        return Err(format!("redirect from {from} to {to}: not an http(s) URL"));
    }
    if from.scheme() == "https" && to.scheme() == "http" {
        return Err(format!("redirect from {from} to {to}: https -> http downgrade"));
    }
    if is_local_host(to) && !is_local_host(original) {
        return Err(format!(
            "redirect from {from} to {to}: a public URL may not send us to a local or private address"
        ));
    }
    Ok(())
}

/// Whether `url` names this machine or a private network: `localhost` (and `*.localhost`),
/// IPv4 loopback, private, link-local (cloud metadata), shared (CGNAT), unspecified and
/// broadcast addresses; IPv6 loopback, unspecified, unique-local and link-local addresses,
/// and IPv4-mapped forms of the IPv4 ones.
pub fn is_local_host(url: &reqwest::Url) -> bool {
    // The URL parser has normalised the host already (`0x7f.1` -> `127.0.0.1`, lower case);
    // IPv6 hosts come in brackets.
    let Some(host) = url.host_str() else { return false };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<IpAddr>() {
        Ok(ip) => is_local_ip(ip),
        Err(_) => {
            let name = host.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
    }
}

fn is_local_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_local_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_local_v4(v4);
            }
            let first = v6.segments()[0];
            v6 == Ipv6Addr::LOCALHOST
                || v6 == Ipv6Addr::UNSPECIFIED
                || (first & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (first & 0xffc0) == 0xfe80 // link local fe80::/10
        }
    }
}

fn is_local_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || a == 0 // "this network" 0.0.0.0/8
        || (a == 100 && (64..128).contains(&b)) // shared address space 100.64.0.0/10
}
