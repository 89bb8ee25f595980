// The tests check Unix file modes of the config (the owner-only promise), which Windows does not have.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
