# missive's words in English. The terms: locales/glossary.md. A key here is in fr/missive.ftl too.

## The confirmation before sending (send, drafts)
confirm-send = About to send { $plan }.
confirm-send-question = Send now?
confirm-drafts = About to put { $plan }.
confirm-drafts-question = Put them in Drafts now?
confirm-choices = [y/N]
