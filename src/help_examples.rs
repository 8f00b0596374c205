//! The examples `--help` shows after each command's options, as a user types them.

pub(crate) const INIT: &str = "\
Examples:
  missive init rentree          write the sample campaign into ./rentree
  missive init --from circulaire.tar relais   unpack a bundle made by `missive bundle`
  cd rentree && missive check   then check it, preview it, send it";

pub(crate) const CHECK: &str = "\
Examples:
  missive check                                   the campaign of ./campaign.toml
  missive check -t message.md -r directeurs.csv   a template and a list, no campaign file
  missive check -c mailmerge_server.conf          a folder made for Python's mailmerge
  missive check --delimiter ';' --encoding windows-1252   a list Excel saved in France
  missive check --smtp smtp://127.0.0.1:25       the sending plan through a relay on this machine";

pub(crate) const PREVIEW: &str = "\
Examples:
  missive preview --open              write ./preview and open its gallery
  missive preview --out revue         the dry-run a reviewer reads, in ./revue
  missive preview --out revue --only 1500   the .eml of message 1500 of a big campaign";

pub(crate) const DRAFTS: &str = "\
Examples:
  missive drafts --imap imaps://imap.ac-lille.fr   each message in your Drafts folder, to send yourself
  missive drafts --reviewed revue --limit 5        the first five reviewed messages only";

pub(crate) const COLLECT: &str = "\
Examples:
  missive collect                                  read what came back since the last time
  missive collect --imap imaps://imap.ac-lille.fr  the mailbox given on the command line";

pub(crate) const SUPPRESSED: &str = "\
Examples:
  missive suppressed                                     the addresses left out, and why
  missive suppressed --remove m.durand@ac-lille.fr       that address works again: send to it
  missive suppressed -c rentree/campaign.toml            the list that campaign names";

pub(crate) const SEND: &str = "\
Examples:
  missive send --to moi@ac-lille.fr --limit 3   a test send of three messages, to yourself
  missive send --reviewed revue                 send what was previewed in ./revue, nothing else
  missive send --rate 30/min --window 18:00-07:30   politely, outside office hours
  missive send --yes --smtp 'smtp://smtp.ac-lille.fr:587?tls=required' --smtp-user jdupont
  missive send --retry-uncertain                 after a crash: resend what may not have left";

pub(crate) const STATUS: &str = "\
Examples:
  missive status                       what the journal beside campaign.toml knows
  missive status --journal run.sqlite  another journal";

pub(crate) const REPORT: &str = "\
Examples:
  missive report -o rapport.csv        one CSV line per recipient, for a spreadsheet
  missive report --format jsonl        one JSON object per line, for a script";

pub(crate) const BUNDLE: &str = "\
Examples:
  missive bundle -o rentree-numerique.tar   pack the campaign to send to the heads
  missive bundle -c rentree/campaign.toml   another folder's campaign, as <its id>.tar";

pub(crate) const COMPLETIONS: &str = "\
Examples:
  missive completions bash > ~/.local/share/bash-completion/completions/missive
  missive completions zsh > ~/.zfunc/_missive   with `fpath+=~/.zfunc` in ~/.zshrc
  missive completions fish > ~/.config/fish/completions/missive.fish";

pub(crate) const MAN: &str = "\
Examples:
  missive man | man -l -                 read the manual now
  missive man -o ~/.local/share/man/man1  install it for `man missive`";
