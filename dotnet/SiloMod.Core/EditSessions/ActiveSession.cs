namespace SiloMod.Core.EditSessions;

/// <summary>An edit session this workstation holds.</summary>
/// <param name="Level">The server's context level (<c>sketch</c>, <c>partdesign</c>, <c>assembly</c>).</param>
public sealed record ActiveSession(string PartNumber, string Level, string ObjectId, string SessionId, DateTimeOffset AcquiredAt)
{
    /// <summary>The spec's session key, <c>part_number:level:object_id</c>: one session per object and level.</summary>
    public string Key => SessionKey(PartNumber, Level, ObjectId);

    public static string SessionKey(string partNumber, string level, string objectId) => $"{partNumber}:{level}:{objectId}";
}
