# What missive says of the suppression list: the addresses every campaign leaves out because
# they bounced for good (`missive suppressed`, `missive collect`). The terms: locales/glossary.md.

# $day: the day it bounced, or nothing; $details: suppression-details, or nothing
suppression-why = it bounced for good{ $day }{ $details }
suppression-why-day = {" "}on { $day }
suppression-why-details = {" "}({ $details })
suppression-why-campaign = campaign `{ $campaign }`
# $said: the receiving server's status and words, as it wrote them
suppression-why-said = { $said }
# $doing: one of suppression-doing-*
suppression-io = { $path }: cannot { $doing } the suppression list: { $reason }
suppression-doing-read = read
suppression-doing-write = write
suppression-doing-lock = lock
suppression-doing-create-folder = create the folder of
suppression-line = { $path }:{ $line }: { $problem }; correct or delete that line of the suppression list (`missive suppressed` lists it)
suppression-empty-address = the address is empty
suppression-not-an-address = `{ $address }` is not an email address
suppression-unreadable = { $reason }
suppression-not-listed = `{ $address }` is not on the suppression list `{ $path }` ({ $count ->
    [one] { $count } address
   *[other] { $count } addresses
} there, listed by `missive suppressed`): nothing to take off; check the spelling
suppression-no-address-column = { $path }: the suppression list has no `address` column; its first line must name the columns: { $columns }

## `missive suppressed`
suppression-removed = `{ $address }` taken off the suppression list `{ $path }`: campaigns send to it again
suppression-list-empty = the suppression list `{ $path }` is empty: no address bounced for good yet (`missive collect` adds those that do)
suppression-list-heading = `{ $count }` { $count ->
    [one] address
   *[other] addresses
} on the suppression list `{ $path }`, left out of every campaign:
suppression-list-entry = {"  "}{ $address }: { $why }
suppression-list-next = next: `missive suppressed --remove ADDRESS` takes an address off when it works again
