# `missive bundle` packs a campaign into one .tar to relay (no list, no login); `missive init
# --from BUNDLE` unpacks one. The terms: locales/glossary.md.

# One file of the bundle: its path inside it and its size ("2.5 MB")
bundle-file = { $name } ({ $size })
bundle-wrote = wrote { $out }: { $count ->
    [one] { $count } file
   *[other] { $count } files
}, no recipient list, no login; whoever receives it runs `missive init --from { $name } DIR`, then sets their own list and relay
bundle-unpacked-next = next: cd { $dir } && set `recipients` in campaign.toml to your list (or give `-r FILE`) and your relay in [smtp] (or `profile`), then missive check && missive preview
# The comment at the top of a bundle's campaign.toml, a line each
bundle-campaign-comment =
    Unpacked from a bundle made by `missive bundle`: no list, no login.
    Set `recipients` to your list (or give `-r FILE`), and your relay in [smtp] or `profile`.

## Why a campaign cannot be packed, or a bundle unpacked
bundle-io = { $path }: { $error }
bundle-outside = { $path }: the file is outside the campaign folder `{ $root }`, so a bundle cannot carry it; move it into the campaign folder
# $said: the TOML library's own words
bundle-campaign-file = { $path }: { $said }
bundle-refused = { $bundle }: `{ $entry }` { $reason ->
    [link] is a link or a device, not a file
    [outside] would be written outside the campaign folder
    [too-big] makes the bundle bigger than 256 MB
   *[no-campaign] is missing: this is not a missive bundle
}; nothing was written: ask for the bundle again, made by `missive bundle`
