namespace SiloMod.Core.Host;

/// <summary>Another user's live edit session, for presence dots and the Info dialog.</summary>
public sealed record PresenceEntry(string SessionId, string User, string PartNumber, string ContextLevel, string ObjectId, DateTimeOffset Since);
