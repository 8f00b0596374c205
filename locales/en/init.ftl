# `missive init` (the sample campaign) and `missive init --from-eml` (a received email
# relayed to a staff list): what they say, and the comments of the sample's campaign.toml.
# The terms: locales/glossary.md.

init-wrote = wrote { $path }
init-next = next: cd { $dir } && missive check && missive preview

## The comments of the sample's campaign.toml, block by block, in the file's order. Each
## line becomes a comment line ("# …"); keep them short, TOML is read in a terminal.
init-sample-1 = The sample campaign: the circular of the "rentrée numérique" of 26 April 2021.
init-sample-2 =
    The sample's addresses are in ac-lille.example, a domain reserved for examples (RFC 2606):
    a sample sent by mistake reaches nobody. Put your own list in its place.
init-sample-3 = The language of the messages, for screen readers and spelling checkers (`lang` of the HTML).
init-sample-4 =
    A circular sent by the inspection's service: `Auto-Submitted: auto-generated` (RFC 3834)
    keeps a thousand out-of-office replies away. Set it to false when you write to your own
    team from your own mailbox.
init-sample-5 = Your académie's relay: the sample names one that does not exist.
init-sample-6 = The password is never written here: set MISSIVE_SMTP_PASSWORD, use password_command, or type it when asked.

## `missive init --from-eml FILE DIR`
# $subject: the saved email's subject; $from: who sent it; $relayed: the new subject
init-eml-relaying = relaying `{ $subject }` as `{ $relayed }`
init-eml-relaying-from = relaying `{ $subject }` from { $from } as `{ $relayed }`
init-eml-relaying-unwrapped = relaying `{ $subject }` (the message attached to the saved one) as `{ $relayed }`
init-eml-relaying-from-unwrapped = relaying `{ $subject }` from { $from } (the message attached to the saved one) as `{ $relayed }`
init-eml-attached = attached to every message: { $files }
init-eml-inline = shown in the message: { $files }
init-eml-left-out = left out: { $part }
init-eml-next = next:
init-eml-step-1 = 1. in { $template }, put your name and address on the From: line and write your note under `Bonjour {"{{"} prenom {"}}"},`
init-eml-step-2 = 2. put your staff in { $list } (columns prenom;nom;email) and your login in { $campaign }
init-eml-step-3 = 3. cd { $dir } && missive check && missive preview
init-eml-step-4 = 4. missive send --to your.address@… --limit 1 (a test to yourself), then missive send
