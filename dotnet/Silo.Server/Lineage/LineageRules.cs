using Silo.Server.Storage;
using Silo.Server.Problems;

namespace Silo.Server.Lineage;

public static class LineageRules
{
    public const int MaxIdLength = 128;

    /// <summary>Adds the broken rules of a push's <c>base</c> (absent is fine: a first push has none).</summary>
    public static Validator CheckBase(this Validator v, VersionRef? pushedBase)
    {
        if (pushedBase is null) return v;
        v.Check(pushedBase.FileHash is not null && FileBlobStore.IsHash(pushedBase.FileHash),
            "base.file_hash", "base.file_hash must be the SHA-256 (64 hex digits) of the version the file was derived from.");
        v.Check(pushedBase.Kind is null || VersionKinds.All.Contains(pushedBase.Kind), "base.kind", "base.kind must be revision or checkpoint.");
        v.Check(pushedBase.Id is null || (pushedBase.Id.Length is > 0 and <= MaxIdLength && !pushedBase.Id.Any(char.IsControl)),
            "base.id", $"base.id must be 1 to {MaxIdLength} characters.");
        v.Check(pushedBase.Version is null or >= 1, "base.version", "base.version must be 1 or more.");
        return v;
    }
}
