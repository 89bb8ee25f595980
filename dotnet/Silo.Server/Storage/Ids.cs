namespace Silo.Server.Storage;

public static class Ids
{
    /// <summary>Version 7 ids sort by creation time, which keeps index inserts append-only.</summary>
    public static string New(TimeProvider time) => Guid.CreateVersion7(time.GetUtcNow()).ToString();
}
