namespace SiloMod.Core.Sync;

/// <summary>What a file looked like when it was checked: a save changes its length or time.</summary>
public sealed record LocalStamp(bool Exists, long Length, DateTime LastWriteUtc)
{
    public static LocalStamp Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new LocalStamp(true, info.Length, info.LastWriteTimeUtc) : new LocalStamp(false, 0, default);
    }
}
