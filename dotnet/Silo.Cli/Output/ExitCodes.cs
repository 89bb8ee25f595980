namespace Silo.Cli.Output;

/// <summary>
/// What the process exit code tells a script. Each failure kind has its own code, so a script can
/// tell "someone else has it" from "the server is down" without reading the message.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int NotLoggedIn = 3;
    public const int AuthRefused = 4;
    public const int NotFound = 5;
    public const int Locked = 6;
    public const int Validation = 7;
    public const int Unreachable = 8;
    public const int LocalFile = 9;
    public const int Integrity = 10;
    public const int SyncConflict = 11;
    public const int Cancelled = 130;

    /// <summary>The table printed after <c>silo --help</c> and kept in step with the README.</summary>
    public const string Epilog = """
        Exit codes:
          0  ok
          1  other failure (unexpected server answer)
          2  usage: unknown command, missing or bad argument
          3  not logged in, or the config file is unreadable
          4  the server refused the token or the role (401/403)
          5  no such item, revision or lock
          6  locked by someone else, or another conflict (409)
          7  the server refused a value (422)
          8  the server could not be reached or the connection broke
          9  local file problem (missing, unreadable, unwritable)
         10  integrity: a file did not hash to what the server announced
         11  sync conflict: a local file with changes was left alone
        130  cancelled (Ctrl+C)

        Environment: SILO_CONFIG (config file), SILO_WORKSPACE (workspace folder).
        """;
}
