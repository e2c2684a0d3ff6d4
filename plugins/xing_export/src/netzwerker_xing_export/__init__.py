"""netzwerker importers for XING data: the GDPR data archive and vCards."""
