//! Which URLs a link may point to: `https`, or `http` to this device only.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Checks that a URL is `https`, or `http` to this device only (a local test server).
/// Anything else would send the manifest request, and the passcode, in clear.
pub(crate) fn check_url(url: &str) -> Result<(), String> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces or control characters".into());
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err("must be an https URL".into());
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if authority.contains('@') {
        return Err("must not contain a user name or password".into());
    }
    let host = host_of(authority)?;
    if host.is_empty() {
        return Err("has no host".into());
    }
    let https = scheme.eq_ignore_ascii_case("https");
    let local_http = scheme.eq_ignore_ascii_case("http") && is_loopback(host);
    if https || local_http {
        Ok(())
    } else {
        Err("must use https (http only for this device: localhost, 127.0.0.1, [::1])".into())
    }
}

/// The host of a URL's authority (`host[:port]` or `[ipv6][:port]`), brackets removed.
fn host_of(authority: &str) -> Result<&str, String> {
    let (host, port) = match authority.strip_prefix('[') {
        Some(bracketed) => {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or_else(|| String::from("has an unclosed [ in its host"))?;
            match after {
                "" => (host, None),
                _ => match after.strip_prefix(':') {
                    Some(port) => (host, Some(port)),
                    None => return Err("has text after its [host]".into()),
                },
            }
        }
        None => match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    if let Some(port) = port
        && (port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err("has a port that is not a number".into());
    }
    Ok(host)
}

/// `localhost`, 127.0.0.0/8 or ::1 (RFC 6761 §6.3, RFC 1122 §3.2.1.3, RFC 4291 §2.5.3).
fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback())
        || host.parse::<Ipv6Addr>().is_ok_and(|a| a.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_is_allowed_only_to_this_device() {
        for ok in [
            "https://shl.example.org/m/abc",
            "HTTPS://shl.example.org:8443/m",
            "http://localhost:8080/m",
            "http://127.0.0.1/m",
            "http://127.8.9.10:1/m",
            "http://[::1]:9000/m",
        ] {
            assert_eq!(check_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "http://shl.example.org/m",
            "http://localhost.example.org/m",
            "http://128.0.0.1/m",
            "http://[::2]/m",
            "ftp://shl.example.org/m",
            "https:///m",
            "https://user:pw@shl.example.org/m",
            "http://evil.example@localhost/m",
            "https://shl.example.org:80a/m",
            "https://[::1/m",
            "shl.example.org/m",
            "https://shl.example.org/a b",
        ] {
            assert!(check_url(bad).is_err(), "{bad} was accepted");
        }
    }
}
