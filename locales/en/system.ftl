# What the system says (a missing file, a refused connection). In English, the system's own
# words are shown and these keys are not used; they exist so both languages have every key.

system-not-found = not found
system-permission-denied = permission denied
system-already-exists = already exists
system-is-a-directory = is a folder
system-not-a-directory = is not a folder
system-connection-refused = connection refused
system-connection-reset = connection cut
system-timed-out = timed out
system-unexpected-eof = ended too early
system-storage-full = the disk is full
system-read-only = the disk is read-only
system-other = { $said }
