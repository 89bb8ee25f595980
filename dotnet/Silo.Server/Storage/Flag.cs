namespace Silo.Server.Storage;

/// <summary>
/// Yes/no columns hold 0 or 1 (SQLite has no boolean type, and PostgreSQL will not put a boolean
/// into the BIGINT column that mirrors it), so a flag is passed as that number.
/// </summary>
public static class Flag
{
    public static long ToStored(bool value) => value ? 1 : 0;
}
