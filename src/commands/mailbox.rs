//! The mailbox folder a command writes to, opened from the `[imap]` settings: the login
//! obtained as for the relay (`MISSIVE_IMAP_PASSWORD`, then the relay's password when the
//! login is the relay's, `password_command`, `token_command`, a prompt), the session opened
//! and the folder found, then each message appended through [`Folder`].

use std::time::SystemTime;

use chrono::{DateTime, FixedOffset, Utc};

use crate::commands::copies::{Folder, FolderError};
use crate::config::ImapSettings;
use crate::deliver::login::{self, LoginError, SecretSources};
pub(crate) use crate::mailbox::imap::FolderRole;
use crate::mailbox::imap::{
    self, ImapError, ImapTimeouts, ImapUrl, ImapUrlError, Mailbox, MessageFlag,
};
use crate::secret::{IMAP_PASSWORD_VARIABLE, PASSWORD_VARIABLE, Secret};
use crate::tls::CaFileError;

/// Why the mailbox could not be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum MailboxError {
    #[error("{}", t!("mailbox-url-origin", origin = origin.as_str(), error = source.to_string()))]
    Url {
        origin: String,
        source: ImapUrlError,
    },
    #[error("{}", t!("mailbox-login", error = .0.to_string()))]
    Login(#[from] LoginError),
    #[error(transparent)]
    CaFile(#[from] CaFileError),
    #[error(transparent)]
    Imap(#[from] ImapError),
    #[error("{}", t!("mailbox-no-user"))]
    NoUser,
    #[error("{}", t!("mailbox-runtime", reason = crate::i18n::system(.0)))]
    Runtime(std::io::Error),
    #[error("{}", t!("mailbox-stopped", folder = folder.as_str(), reason = reason.to_string(), left = *left))]
    Stopped {
        folder: String,
        reason: FolderError,
        left: usize,
    },
}

impl MailboxError {
    /// Whether running the same command again, as it is, may go on (a server down or busy,
    /// a connection lost), rather than a setting to fix first.
    pub(crate) fn is_resumable(&self) -> bool {
        match self {
            Self::Imap(error) => error.is_transient(),
            Self::Stopped { .. } | Self::Runtime(_) => true,
            Self::Url { .. } | Self::Login(_) | Self::CaFile(_) | Self::NoUser => false,
        }
    }
}

/// One folder of the mailbox, in a session of its own.
pub(crate) struct ImapFolder {
    runtime: tokio::runtime::Runtime,
    mailbox: Option<Mailbox>,
    folder: imap::Folder,
    flags: &'static [MessageFlag],
}

/// A logged-in session with the mailbox, and the runtime it runs on.
pub(crate) struct Session {
    pub runtime: tokio::runtime::Runtime,
    pub mailbox: Mailbox,
}

/// Logs in to the mailbox of `settings`. `relay_password`: the relay's password a page was
/// given, tried as `MISSIVE_SMTP_PASSWORD` is, when the mailbox has no login of its own.
pub(crate) fn open_session(
    settings: &ImapSettings,
    relay_password: Option<&Secret>,
) -> Result<Session, MailboxError> {
    let url = ImapUrl::parse(&settings.url).map_err(|source| MailboxError::Url {
        origin: settings.origin.clone(),
        source,
    })?;
    let user = settings.username.as_deref().or(url.username.as_deref());
    let variables: &[&'static str] = if settings.own_login {
        &[IMAP_PASSWORD_VARIABLE]
    } else {
        &[IMAP_PASSWORD_VARIABLE, PASSWORD_VARIABLE]
    };
    let login = login::obtain(&SecretSources {
        user,
        password_command: settings.password_command.as_deref(),
        token_command: settings.token_command.as_deref(),
        given: relay_password.filter(|_| !settings.own_login),
        host: &url.host,
        variables,
        section: "[imap]",
    })?
    .ok_or(MailboxError::NoUser)?;
    let roots = match settings.ca_file.as_deref() {
        Some(file) => crate::tls::read_ca_file(file)?,
        None => Vec::new(),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(MailboxError::Runtime)?;
    let mailbox = runtime.block_on(Mailbox::open(&url, &login, &roots, ImapTimeouts::default()))?;
    Ok(Session { runtime, mailbox })
}

/// Logs in to the mailbox of `settings` (see [`open_session`] for `relay_password`) and
/// finds its folder for `role` (Sent or Drafts).
pub(crate) fn open_folder(
    settings: &ImapSettings,
    role: FolderRole,
    relay_password: Option<&Secret>,
) -> Result<ImapFolder, MailboxError> {
    let Session {
        runtime,
        mut mailbox,
    } = open_session(settings, relay_password)?;
    let (configured, flags): (_, &'static [MessageFlag]) = match role {
        FolderRole::Sent => (settings.sent_folder.as_deref(), &[MessageFlag::Seen]),
        FolderRole::Drafts | FolderRole::Read => (
            settings.drafts_folder.as_deref(),
            &[MessageFlag::Seen, MessageFlag::Draft],
        ),
    };
    let folder = runtime.block_on(mailbox.find_folder(role, configured))?;
    Ok(ImapFolder {
        runtime,
        mailbox: Some(mailbox),
        folder,
        flags,
    })
}

impl ImapFolder {
    /// Logs out; a server that does not answer the goodbye changes nothing.
    pub(crate) fn close(mut self) {
        if let Some(mailbox) = self.mailbox.take() {
            let _ = self.runtime.block_on(mailbox.logout());
        }
    }
}

impl Folder for ImapFolder {
    fn name(&self) -> &str {
        self.folder.name()
    }

    fn contains(&mut self, message_id: &str) -> Result<bool, FolderError> {
        let folder = self.folder.clone();
        let runtime = &self.runtime;
        let mailbox = self.mailbox.as_mut().ok_or(FolderError::Lost)?;
        let found = runtime.block_on(mailbox.contains_message_id(&folder, message_id));
        found.map_err(|error| self.lost(error))
    }

    fn append(&mut self, bytes: &[u8], at: SystemTime) -> Result<Option<u32>, FolderError> {
        let folder = self.folder.clone();
        let flags = self.flags;
        let date: DateTime<FixedOffset> = DateTime::<Utc>::from(at).fixed_offset();
        let runtime = &self.runtime;
        let mailbox = self.mailbox.as_mut().ok_or(FolderError::Lost)?;
        let appended = runtime.block_on(mailbox.append(&folder, bytes, flags, Some(date)));
        appended.map_err(|error| self.lost(error))
    }
}

impl ImapFolder {
    /// A failed command: its words for a person; a session that timed out or broke is of
    /// no further use.
    fn lost(&mut self, error: ImapError) -> FolderError {
        if error.is_transient() {
            self.mailbox = None;
        }
        FolderError::Imap(std::sync::Arc::new(error))
    }
}
