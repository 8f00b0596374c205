//! `GET /preview/files/<path>`: the review folder's own files (its message pages, their
//! images, the attached files, the `.eml`), for the Preview page's frame and links. Only a
//! file inside the review folder is served: a path with `..`, an absolute path, a name
//! hidden in percent-encoding or a symbolic link leading out of the folder is refused.
//! Whatever is served runs no script and loads nothing remote: its own policy says so, and
//! sandboxes it even when opened on its own.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::{App, let_in};

/// Where the review folder's files are served from.
pub(super) const PREFIX: &str = "/preview/files/";

/// The policy of a served file: the review folder's own pages as the preview wrote them
/// (their images, their style sheet, the message's own frame), no script, nothing remote, no
/// form; framed by the app's pages only; sandboxed even when opened on its own.
const FILE_POLICY: &str = "default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
     frame-src 'self'; form-action 'none'; frame-ancestors 'self'; sandbox allow-same-origin";

/// Why a path is not served.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    /// The path leaves the review folder, or is not a plain relative path.
    Outside,
    /// No such file in the review folder.
    Missing,
}

/// The file of the review folder `root` that the address's path `raw` (percent-encoded, as
/// it came) names; refused unless it is a file inside `root`, links resolved.
pub(super) fn inside(root: &Path, raw: &str) -> Result<PathBuf, Refusal> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| Refusal::Outside)?;
    if decoded.is_empty() || decoded.contains(['\\', '\0', ':']) {
        return Err(Refusal::Outside);
    }
    let relative = Path::new(decoded.as_ref());
    let plain = relative
        .components()
        .all(|component| matches!(component, Component::Normal(_)));
    if !plain
        || decoded
            .split('/')
            .any(|part| part.is_empty() || part == ".")
    {
        return Err(Refusal::Outside);
    }
    let root = root.canonicalize().map_err(|_| Refusal::Missing)?;
    let found = root
        .join(relative)
        .canonicalize()
        .map_err(|_| Refusal::Missing)?;
    if !found.starts_with(&root) {
        return Err(Refusal::Outside);
    }
    if !found.is_file() {
        return Err(Refusal::Missing);
    }
    Ok(found)
}

/// `GET /preview/files/<path>`.
pub(super) async fn serve(State(app): State<Arc<App>>, headers: HeaderMap, uri: Uri) -> Response {
    if let Err(refused) = let_in(&app, &headers) {
        return refused;
    }
    let raw = uri
        .path()
        .strip_prefix(PREFIX)
        .unwrap_or_default()
        .to_owned();
    let root = super::preview_page::review_folder(&app.folder);
    let read = tokio::task::spawn_blocking(move || {
        let path = inside(&root, &raw)?;
        let bytes = std::fs::read(&path).map_err(|_| Refusal::Missing)?;
        Ok::<_, Refusal>((path, bytes))
    })
    .await;
    let (path, bytes) = match read {
        Ok(Ok(found)) => found,
        Ok(Err(Refusal::Outside)) => return StatusCode::FORBIDDEN.into_response(),
        Ok(Err(Refusal::Missing)) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let kind = match path.extension().and_then(|e| e.to_str()) {
        Some("eml") => "message/rfc822".to_owned(),
        _ => mime_guess::from_path(&path)
            .first_or_octet_stream()
            .essence_str()
            .to_owned(),
    };
    let kind = if kind.starts_with("text/") {
        format!("{kind}; charset=utf-8")
    } else {
        kind
    };
    let mut response = bytes.into_response();
    let all = response.headers_mut();
    if let Ok(kind) = HeaderValue::from_str(&kind) {
        all.insert(CONTENT_TYPE, kind);
    }
    all.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    all.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    all.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    all.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(FILE_POLICY),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("preview");
        std::fs::create_dir_all(root.join("messages")).expect("messages");
        std::fs::write(root.join("messages/00001.html"), "page").expect("a page");
        std::fs::write(dir.path().join("campaign.toml"), "secret").expect("outside");
        (dir, root)
    }

    #[test]
    fn a_file_of_the_folder_is_served() {
        let (_dir, root) = folder();
        let found = inside(&root, "messages/00001.html").expect("served");
        assert!(
            found.ends_with("messages/00001.html"),
            "{}",
            found.display()
        );
        assert_eq!(inside(&root, "messages/00002.html"), Err(Refusal::Missing));
        assert_eq!(inside(&root, "messages"), Err(Refusal::Missing));
    }

    #[test]
    fn a_path_leaving_the_folder_is_refused() {
        let (_dir, root) = folder();
        for raw in [
            "../campaign.toml",
            "messages/../../campaign.toml",
            "%2e%2e/campaign.toml",
            "%2E%2E%2Fcampaign.toml",
            "messages%2f..%2f..%2fcampaign.toml",
            "/etc/passwd",
            "%2fetc%2fpasswd",
            "..%5ccampaign.toml",
            "C:%5cWindows",
            "./messages/00001.html",
            "messages//00001.html",
            "%ff",
            "",
        ] {
            assert_eq!(inside(&root, raw), Err(Refusal::Outside), "{raw}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_leading_out_of_the_folder_is_refused() {
        let (dir, root) = folder();
        std::os::unix::fs::symlink(dir.path().join("campaign.toml"), root.join("out.txt"))
            .expect("a link");
        std::os::unix::fs::symlink(dir.path(), root.join("up")).expect("a link");
        assert_eq!(inside(&root, "out.txt"), Err(Refusal::Outside));
        assert_eq!(inside(&root, "up/campaign.toml"), Err(Refusal::Outside));
        std::os::unix::fs::symlink(root.join("messages/00001.html"), root.join("in.html"))
            .expect("a link");
        assert!(inside(&root, "in.html").is_ok());
    }
}
