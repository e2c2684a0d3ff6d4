"""netzwerker importers for mail (mbox, Maildir, .eml, IMAP): headers only, streaming."""
