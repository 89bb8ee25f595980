using Silo.Client.Sync;

namespace SiloMod.Core.Sync;

/// <summary>An item's local file as a sync found it before deciding.</summary>
/// <param name="Before">What it looked like: the download replaces it only if it still looks so.</param>
/// <param name="LocalHash">Its SHA-256; null when there is no file.</param>
public sealed record LocalCheck(LocalStamp Before, string? LocalHash, LocalCopyVerdict Verdict);
