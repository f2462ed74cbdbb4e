//! The credential files built from a robot's token: `docker login` / `podman login` lines, a docker
//! `config.json` and a Kubernetes pull secret, with a base64 encoder of our own.

use crate::model::text::FoldCase;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_char(index: u32) -> char {
    B64.get(usize::try_from(index & 63).unwrap_or(0))
        .map_or('A', |b| char::from(*b))
}

/// Standard base64 with padding (RFC 4648), as docker and Kubernetes expect.
#[must_use]
pub fn base64(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(b64_char(n >> 18));
        out.push(b64_char(n >> 12));
        out.push(if chunk.len() > 1 {
            b64_char(n >> 6)
        } else {
            '='
        });
        out.push(if chunk.len() > 2 { b64_char(n) } else { '=' });
    }
    out
}

/// The registry host for `docker login`: `quay_url` without scheme and path, else the page's host.
#[must_use]
pub fn registry_host(quay_url: &str, page_host: &str) -> String {
    let url = quay_url.trim();
    if url.is_empty() {
        return page_host.to_owned();
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() {
        page_host.to_owned()
    } else {
        host.to_owned()
    }
}

/// What is shown instead of a token until it is revealed.
#[must_use]
pub fn mask(token: &str) -> String {
    "•".repeat(token.chars().count().clamp(8, 32))
}

/// `docker login -u='ns+short' -p='TOKEN' HOST` (`tool` = `docker` or `podman`).
#[must_use]
pub fn login_command(tool: &str, username: &str, token: &str, host: &str) -> String {
    format!("{tool} login -u='{username}' -p='{token}' {host}")
}

/// The shell variable the `--password-stdin` lines read the token from.
pub const TOKEN_VAR: &str = "QUAY_TOKEN";

/// `docker login` (or `podman`) reading the token from standard input: the token is pasted at
/// `read -rs`'s silent prompt, so it never lands in shell history or the process list, unlike
/// [`login_command`]'s `-p`. Used for robot tokens and app-specific tokens alike.
#[must_use]
pub fn login_stdin_command(tool: &str, username: &str, host: &str) -> String {
    format!(
        "read -rs {TOKEN_VAR}  # paste the token, then Enter\n\
         printf '%s' \"${TOKEN_VAR}\" | {tool} login -u='{username}' --password-stdin {host}"
    )
}

/// A docker `config.json` holding the robot's credentials for `host`.
#[must_use]
pub fn docker_config(username: &str, token: &str, host: &str) -> String {
    docker_config_with_auth(host, &base64(format!("{username}:{token}").as_bytes()))
}

/// A JSON string literal's content: `"` and `\\` escaped, control characters dropped.
fn json_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A docker `config.json` whose `auth` for `host` is `auth` (the base64 of `user:token`, or a mask).
/// Written by hand (two-space indentation, as docker writes it) to keep a pretty-printer out of
/// the console.
#[must_use]
pub fn docker_config_with_auth(host: &str, auth: &str) -> String {
    format!(
        "{{\n  \"auths\": {{\n    \"{}\": {{\n      \"auth\": \"{}\",\n      \"email\": \"\"\n    }}\n  }}\n}}",
        json_text(host),
        json_text(auth)
    )
}

/// A Kubernetes object name for the robot's pull secret: `buynlarge-builder-pull-secret`.
#[must_use]
pub fn secret_name(username: &str) -> String {
    let mut name: String = username
        .folded()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    name = name.trim_matches('-').to_owned();
    if name.is_empty() {
        name.push_str("robot");
    }
    name.truncate(240);
    format!("{name}-pull-secret")
}

/// A `kubernetes.io/dockerconfigjson` Secret with the robot's docker config.
#[must_use]
pub fn kube_secret(username: &str, token: &str, host: &str) -> String {
    let config = docker_config(username, token, host);
    kube_secret_with_data(username, &base64(config.as_bytes()))
}

/// The Secret with `data` as its `.dockerconfigjson` (the base64 of a docker config, or a mask).
#[must_use]
pub fn kube_secret_with_data(username: &str, data: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {}\ndata:\n  .dockerconfigjson: {data}\ntype: kubernetes.io/dockerconfigjson\n",
        secret_name(username)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64("ü+".as_bytes()), "w7wr");
    }

    #[test]
    fn hosts() {
        assert_eq!(registry_host("", "localhost:8080"), "localhost:8080");
        assert_eq!(
            registry_host("https://quay.example.com", "x"),
            "quay.example.com"
        );
        assert_eq!(
            registry_host("http://10.0.0.1:8080/quay/", "x"),
            "10.0.0.1:8080"
        );
    }

    #[test]
    fn credential_files() {
        let cfg = docker_config("org+bot", "TOK", "quay.io");
        let parsed: serde_json::Value = serde_json::from_str(&cfg).unwrap_or_default();
        assert_eq!(parsed["auths"]["quay.io"]["auth"], base64(b"org+bot:TOK"));
        assert_eq!(parsed["auths"]["quay.io"]["email"], "");
        let yaml = kube_secret("org+bot", "TOK", "quay.io");
        assert!(yaml.contains("name: org-bot-pull-secret\n"));
        assert!(yaml.contains("type: kubernetes.io/dockerconfigjson"));
        assert!(yaml.contains(&format!(".dockerconfigjson: {}", base64(cfg.as_bytes()))));
        let odd = docker_config_with_auth("h\"o\\st\n", "a");
        let parsed: serde_json::Value = serde_json::from_str(&odd).unwrap_or_default();
        assert_eq!(parsed["auths"]["h\"o\\st"]["auth"], "a");
        assert_eq!(
            login_command("podman", "org+bot", "TOK", "quay.io"),
            "podman login -u='org+bot' -p='TOK' quay.io"
        );
        let stdin = login_stdin_command("docker", "org+bot", "quay.io");
        assert_eq!(
            stdin,
            "read -rs QUAY_TOKEN  # paste the token, then Enter\n\
             printf '%s' \"$QUAY_TOKEN\" | docker login -u='org+bot' --password-stdin quay.io"
        );
    }
}
