//! A recipient list given through the Recipients page ("choose or drop a list"): kept as a
//! new file of the campaign folder ([`upload`]), then named by campaign.toml's `recipients`,
//! the rest of the file kept as written (comments, order: `toml_edit`). The list's reading
//! settings there (`encoding`, `delimiter`, `sheet`) were for the list it replaces: they are
//! taken out, and the page says so and shows how the new list is read.

use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::App;
use super::campaign_page::campaign_file;
use super::recipients_page::show;
use super::upload::{self, Refused};

/// The kinds of list the recipients' stage reads.
const KINDS: [&str; 7] = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods"];

/// The settings of campaign.toml that describe how the previous list is read.
const READING: [&str; 3] = ["encoding", "delimiter", "sheet"];

/// `POST /recipients/list`: the list kept and named in campaign.toml, then the Recipients
/// page showing how it was read.
pub(super) async fn given(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    let (session, form) = match upload::posted_file(&app, &headers, body).await {
        Ok(posted) => posted,
        Err(refusal) => return refusal,
    };
    let csrf = session.csrf;
    let file = form.and_then(|form| {
        let file = form.file("list").ok_or(Refused::NoFile)?;
        if !upload::is_kind(&file.name, &KINDS) {
            return Err(Refused::Kind {
                name: file.name.clone(),
                kinds: KINDS.map(|kind| format!(".{kind}")).join(", "),
            });
        }
        Ok((file.name.clone(), file.bytes.clone()))
    });
    let (name, bytes) = match file {
        Ok(file) => file,
        Err(refused) => {
            return show(
                app,
                csrf,
                None,
                None,
                Some(refused.said()),
                refused.status(),
            )
            .await;
        }
    };
    let folder = app.folder.clone();
    let kept = tokio::task::spawn_blocking(move || keep(&folder, &name, &bytes)).await;
    match kept {
        Ok(Ok(said)) => show(app, csrf, None, Some(said), None, StatusCode::OK).await,
        Ok(Err(not_kept)) => {
            show(app, csrf, None, None, Some(not_kept), StatusCode::CONFLICT).await
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Keeps the list in `folder` and names it in campaign.toml: what was done, in words.
/// Blocking.
fn keep(folder: &Path, sent: &str, bytes: &[u8]) -> Result<String, String> {
    let path = upload::save_new(folder, sent, bytes).map_err(|refused| refused.said())?;
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut said = vec![t!("serve-list-kept", name = name.as_str())];
    if let Some(plain) = upload::plain_name(sent).filter(|plain| *plain != name) {
        said.push(t!("serve-list-renamed", sent = plain, name = name.as_str()));
    }
    match name_the_list(folder, &name) {
        Ok(removed) => {
            said.push(t!("serve-list-named", name = name.as_str()));
            if !removed.is_empty() {
                said.push(t!(
                    "serve-list-settings-removed",
                    settings = removed.join(", ")
                ));
            }
            Ok(said.join(" "))
        }
        Err(why) => {
            said.push(t!(
                "serve-list-not-named",
                why = why,
                line = format!(
                    "recipients = {}",
                    toml_edit::Value::from(name.as_str()).to_string().trim()
                )
            ));
            Err(said.join(" "))
        }
    }
}

/// Sets campaign.toml's `recipients` to `name` and takes out the previous list's reading
/// settings, the rest as written: the settings taken out (`encoding = "windows-1252"`).
fn name_the_list(folder: &Path, name: &str) -> Result<Vec<String>, String> {
    let path = campaign_file(folder);
    let system = |error: &std::io::Error| crate::i18n::system(error);
    let text = std::fs::read_to_string(&path).map_err(|error| system(&error))?;
    let mut document: toml_edit::DocumentMut = text
        .parse()
        .map_err(|error: toml_edit::TomlError| error.message().to_owned())?;
    let mut value = toml_edit::Value::from(name);
    if let Some(old) = document
        .get("recipients")
        .and_then(toml_edit::Item::as_value)
    {
        *value.decor_mut() = old.decor().clone();
    }
    document["recipients"] = toml_edit::Item::Value(value);
    let mut removed = Vec::new();
    for key in READING {
        if let Some(item) = document.remove(key) {
            let value = item.as_value().map(ToString::to_string).unwrap_or_default();
            removed.push(format!("{key} = {}", value.trim()));
        }
    }
    let beside = path.with_extension("missive-saving");
    let written = std::fs::write(&beside, document.to_string())
        .and_then(|()| std::fs::rename(&beside, &path));
    written.map_err(|error| {
        let _ = std::fs::remove_file(&beside);
        system(&error)
    })?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_named_and_the_rest_of_campaign_toml_kept() {
        let folder = tempfile::tempdir().expect("a folder");
        let before = "# La campagne\nid = \"x\"\n\n# La liste :\nrecipients = \"recipients/directeurs.csv\"  # Excel\nencoding = \"windows-1252\"\ntemplate = \"m.md\"\n\n[smtp]\n# le relais\nhost = \"smtp.ac.fr\"\n";
        std::fs::write(folder.path().join("campaign.toml"), before).expect("writes");
        let removed = name_the_list(folder.path(), "écoles \"2026\".xlsx").expect("named");
        assert_eq!(removed, ["encoding = \"windows-1252\""]);
        let after = std::fs::read_to_string(folder.path().join("campaign.toml")).expect("reads");
        assert_eq!(
            after,
            "# La campagne\nid = \"x\"\n\n# La liste :\nrecipients = 'écoles \"2026\".xlsx'  # Excel\ntemplate = \"m.md\"\n\n[smtp]\n# le relais\nhost = \"smtp.ac.fr\"\n"
        );
        let parsed: toml::Table = after.parse().expect("TOML");
        assert_eq!(parsed["recipients"].as_str(), Some("écoles \"2026\".xlsx"));
    }

    #[test]
    fn a_campaign_toml_that_is_not_toml_is_left_as_it_is() {
        let folder = tempfile::tempdir().expect("a folder");
        std::fs::write(folder.path().join("campaign.toml"), "id = [\n").expect("writes");
        assert!(name_the_list(folder.path(), "l.csv").is_err());
        let after = std::fs::read_to_string(folder.path().join("campaign.toml")).expect("reads");
        assert_eq!(after, "id = [\n");
    }
}
