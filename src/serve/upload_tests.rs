use super::*;

#[test]
fn a_sent_name_is_reduced_to_a_plain_file_name() {
    for (sent, plain) in [
        ("liste.csv", Some("liste.csv")),
        ("../x", Some("x")),
        ("..\\x", Some("x")),
        ("/etc/x", Some("x")),
        ("C:\\x", Some("x")),
        ("C:x", Some("x")),
        ("%2e%2e%2fx", Some("x")),
        (
            "dossier/sous-dossier/liste écoles.xlsx",
            Some("liste écoles.xlsx"),
        ),
        (".bashrc", Some("bashrc")),
        ("liste.csv. ", Some("liste.csv")),
        ("a\nb\u{7}.csv", Some("ab.csv")),
        ("a:b.csv", Some("b.csv")),
        ("liste\u{202e}vsc.exe", Some("listevsc.exe")),
        ("ab:c.csv", Some("ab_c.csv")),
        ("%22a%22.csv", Some("_a_.csv")),
        ("", None),
        ("..", None),
        ("../", None),
        ("C:", None),
        ("NUL", None),
        ("con.csv", None),
    ] {
        assert_eq!(plain_name(sent).as_deref(), plain, "{sent:?}");
    }
    assert_eq!(
        plain_name(&"a".repeat(400)).map(|name| name.len()),
        Some(150)
    );
}

#[test]
fn a_file_is_made_new_in_the_folder_and_never_replaces_one() {
    let folder = tempfile::tempdir().expect("a folder");
    let first = save_new(folder.path(), "../liste.csv", b"one").expect("saved");
    assert_eq!(first, folder.path().join("liste.csv"));
    let second = save_new(folder.path(), "liste.csv", b"two").expect("saved");
    assert_eq!(second, folder.path().join("liste-2.csv"));
    assert_eq!(std::fs::read(&first).expect("reads"), b"one");
    assert_eq!(std::fs::read(&second).expect("reads"), b"two");
    assert_eq!(
        save_new(folder.path(), "../..", b"x"),
        Err(Refused::Name("../..".into()))
    );
}

#[cfg(unix)]
#[test]
fn a_link_of_the_same_name_is_not_followed() {
    let folder = tempfile::tempdir().expect("a folder");
    let outside = tempfile::tempdir().expect("a folder");
    let target = outside.path().join("secret.csv");
    std::os::unix::fs::symlink(&target, folder.path().join("liste.csv")).expect("links");
    let saved = save_new(folder.path(), "liste.csv", b"x").expect("saved");
    assert_eq!(saved, folder.path().join("liste-2.csv"));
    assert!(!target.exists());
}

fn body(boundary: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, content) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = match file {
            Some(file) => format!("form-data; name=\"{name}\"; filename=\"{file}\""),
            None => format!("form-data; name=\"{name}\""),
        };
        body.extend_from_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
        if file.is_some() {
            body.extend_from_slice(b"Content-Type: text/csv\r\n");
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

#[tokio::test]
async fn a_browser_s_form_is_read_with_its_fields_and_files() {
    let boundary = "----WebKitFormBoundaryx7";
    let content: &[u8] = b"nom;email\r\n--not-the-end\r\nA;a@b.fr\r\n";
    let sent = body(
        boundary,
        &[
            ("csrf", None, b"0123"),
            ("list", Some("C:\\Users\\ien\\a; b.csv"), content),
        ],
    );
    let form = parse(boundary, Body::from(sent.clone()))
        .await
        .expect("a form");
    assert_eq!(form.field("csrf"), Some("0123"));
    let file = form.file("list").expect("a file");
    assert_eq!(file.name, "C:\\Users\\ien\\a; b.csv");
    assert_eq!(plain_name(&file.name).as_deref(), Some("a; b.csv"));
    assert_eq!(file.bytes, content);
    assert!(form.file("other").is_none());
    // Cut short: not a form.
    let cut = parse(boundary, Body::from(sent[..sent.len() - 10].to_vec())).await;
    assert_eq!(cut.err(), Some(Refused::NotAForm));
    assert_eq!(
        boundary_of("multipart/form-data; boundary=\"abc\""),
        Some("abc".into())
    );
    assert_eq!(boundary_of("application/x-www-form-urlencoded"), None);
}

fn boundary_of(content_type: &str) -> Option<String> {
    boundary(content_type)
}

#[tokio::test]
async fn no_file_chosen_is_no_file() {
    let boundary = "b";
    let sent = body(boundary, &[("list", Some(""), b"")]);
    let form = parse(boundary, Body::from(sent)).await.expect("a form");
    assert!(form.file("list").is_none());
}

#[test]
fn the_kinds_are_told_by_the_name_s_end() {
    assert!(is_kind("Liste.XLSX", &["csv", "xlsx", "ods"]));
    assert!(!is_kind("liste.exe", &["csv", "xlsx", "ods"]));
    assert!(!is_kind("csv", &["csv"]));
}

#[tokio::test]
async fn a_file_past_the_limit_is_refused_whatever_the_length_said() {
    let boundary = "b";
    let big = vec![b'x'; LIMIT + 1];
    let sent = body(
        boundary,
        &[("csrf", None, b"0123"), ("list", Some("a.csv"), &big)],
    );
    let read = parse(boundary, Body::from(sent)).await;
    assert_eq!(read.err(), Some(Refused::TooBig));
}
